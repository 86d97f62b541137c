package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.DocStore = (*Store)(nil)

// PutDocVersion stores a version, creating its document on first use.
func (s *Store) PutDocVersion(ctx context.Context, v store.DocVersion) (bool, error) {
	if err := store.CheckDocVersion(v); err != nil {
		return false, err
	}
	added := v.AddedAt
	if added.IsZero() {
		added = time.Now()
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO docs (name, created_at) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET stance_state = '', stance_seq = 0 RETURNING id`, v.Doc, ts(added)).Scan(&id)
	if err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM doc_stances WHERE doc_id = ?`, id); err != nil {
		return false, fmt.Errorf("document %s: drop stances: %w", v.Doc, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM doc_versions WHERE doc_id = ? AND label = ?`, id, v.Label)
	if err != nil {
		return false, fmt.Errorf("document %s: version %s: %w", v.Doc, v.Label, err)
	}
	replaced, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `INSERT INTO doc_versions (doc_id, label, date, source, format, title, text, parsed, hash, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, v.Label, v.Date, v.Source, v.Format, v.Title, v.Text, string(v.Parsed), v.Hash, ts(added)); err != nil {
		return false, fmt.Errorf("document %s: version %s: %w", v.Doc, v.Label, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	return replaced > 0, nil
}

// GetDoc returns a document with its versions.
func (s *Store) GetDoc(ctx context.Context, name string) (*store.Doc, error) {
	d := &store.Doc{Name: name}
	var id int64
	var aliases, created string
	err := s.r.QueryRowContext(ctx, `SELECT id, aliases, created_at FROM docs WHERE name = ?`, name).Scan(&id, &aliases, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", name, err)
	}
	d.Created = parseTS(created)
	if err := json.Unmarshal([]byte(aliases), &d.Aliases); err != nil {
		return nil, fmt.Errorf("document %s: aliases: %w", name, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT label, date, source, format, title, text, parsed, hash, added_at
		FROM doc_versions WHERE doc_id = ? ORDER BY date = '', date, id`, id)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		v := store.DocVersion{Doc: name}
		var parsed, added string
		if err := rows.Scan(&v.Label, &v.Date, &v.Source, &v.Format, &v.Title, &v.Text, &parsed, &v.Hash, &added); err != nil {
			return nil, fmt.Errorf("document %s: %w", name, err)
		}
		v.Parsed, v.AddedAt = []byte(parsed), parseTS(added)
		d.Versions = append(d.Versions, v)
	}
	return d, rows.Err()
}

// ListDocs describes every document.
func (s *Store) ListDocs(ctx context.Context) ([]store.DocInfo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT d.name, d.aliases, d.created_at,
			(SELECT COUNT(*) FROM doc_stances st WHERE st.doc_id = d.id),
			COALESCE((SELECT json_group_array(label) FROM (SELECT label FROM doc_versions v WHERE v.doc_id = d.id ORDER BY date = '', date, id)), '[]'),
			COALESCE((SELECT MIN(date) FROM doc_versions v WHERE v.doc_id = d.id AND date <> ''), ''),
			COALESCE((SELECT MAX(date) FROM doc_versions v WHERE v.doc_id = d.id AND date <> ''), '')
		FROM docs d ORDER BY d.name`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []store.DocInfo
	for rows.Next() {
		var di store.DocInfo
		var aliases, labels, created string
		if err := rows.Scan(&di.Name, &aliases, &created, &di.Stances, &labels, &di.First, &di.Last); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		di.Created = parseTS(created)
		if err := json.Unmarshal([]byte(aliases), &di.Aliases); err != nil {
			return nil, fmt.Errorf("document %s: aliases: %w", di.Name, err)
		}
		if err := json.Unmarshal([]byte(labels), &di.Versions); err != nil {
			return nil, fmt.Errorf("document %s: versions: %w", di.Name, err)
		}
		out = append(out, di)
	}
	return out, rows.Err()
}

// SetDocAliases replaces a document's aliases and drops its stances.
func (s *Store) SetDocAliases(ctx context.Context, name string, aliases []string) error {
	if aliases == nil {
		aliases = []string{}
	}
	b, _ := json.Marshal(aliases)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE docs SET aliases = ?, stance_state = '', stance_seq = 0 WHERE name = ? RETURNING id`, string(b), name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM doc_stances WHERE doc_id = ?`, id); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return tx.Commit()
}

// DeleteDoc removes a document, its versions and stances.
func (s *Store) DeleteDoc(ctx context.Context, name string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM docs WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	return nil
}

// DeleteDocVersion removes one version and the document's stances.
func (s *Store) DeleteDocVersion(ctx context.Context, name, label string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM doc_versions WHERE label = ? AND doc_id = (SELECT id FROM docs WHERE name = ?)`, label, name)
	if err != nil {
		return fmt.Errorf("document %s: version %s: %w", name, label, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("document %s: version %s: %w", name, label, store.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE docs SET stance_state = '', stance_seq = 0 WHERE name = ?`, name); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM doc_stances WHERE doc_id = (SELECT id FROM docs WHERE name = ?)`, name); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return tx.Commit()
}

// ftsPhrases is an FTS5 query matching any of the phrases.
func ftsPhrases(phrases []string) string {
	var parts []string
	for _, p := range phrases {
		if ws := store.PhraseWords(p); len(ws) > 0 {
			parts = append(parts, `"`+strings.Join(ws, " ")+`"`)
		}
	}
	return strings.Join(parts, " OR ")
}

// mentionBatch is how many articles are read before their records.
const mentionBatch = 512

// EachDocMention streams the articles after afterSeq that match a phrase.
func (s *Store) EachDocMention(ctx context.Context, phrases []string, afterSeq int64, fn func(*store.DocMention) error) error {
	q := ftsPhrases(phrases)
	if q == "" {
		return nil
	}
	// Nothing stored since: skip the full-text query (the usual case
	// when the matrix is asked for again).
	var newer bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE seq > ?)`, afterSeq).Scan(&newer); err != nil {
		return fmt.Errorf("documents: find mentions: %w", err)
	}
	if !newer {
		return nil
	}
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT a.seq, a.id, a.date, a.title, a.text
			FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?) f
			JOIN articles a ON a.seq = f.rowid ORDER BY a.seq`, q, afterSeq, mentionBatch)
		if err != nil {
			return fmt.Errorf("documents: find mentions: %w", err)
		}
		var batch []*store.DocMention
		for rows.Next() {
			m := &store.DocMention{}
			if err := rows.Scan(&m.Seq, &m.ArticleID, &m.Date, &m.Title, &m.Text); err != nil {
				rows.Close()
				return fmt.Errorf("documents: find mentions: %w", err)
			}
			batch = append(batch, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("documents: find mentions: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.mentionRecords(ctx, batch); err != nil {
			return err
		}
		for _, m := range batch {
			if err := fn(m); err != nil {
				return err
			}
		}
		afterSeq = batch[len(batch)-1].Seq
		if len(batch) < mentionBatch {
			return nil
		}
	}
}

// mentionRecords fills in the claims and events of a batch of articles.
func (s *Store) mentionRecords(ctx context.Context, batch []*store.DocMention) error {
	byID := make(map[string]*store.DocMention, len(batch))
	args := make([]any, len(batch))
	for i, m := range batch {
		byID[m.ArticleID] = m
		args[i] = m.ArticleID
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(batch)), ",")
	claims, err := queryAll(ctx, s.r, `SELECT `+dialect.ClaimSelect()+` FROM claims WHERE article_id IN (`+in+`) ORDER BY article_id, sentence, id`, store.ScanClaim, args...)
	if err != nil {
		return fmt.Errorf("documents: claims of mentions: %w", err)
	}
	for _, c := range claims {
		m := byID[c.ArticleID]
		m.Claims = append(m.Claims, c)
	}
	events, err := queryAll(ctx, s.r, `SELECT `+dialect.EventSelect()+` FROM events WHERE article_id IN (`+in+`) ORDER BY article_id, sentence, id`, store.ScanEvent, args...)
	if err != nil {
		return fmt.Errorf("documents: events of mentions: %w", err)
	}
	for _, e := range events {
		if m := byID[e.ArticleID]; m != nil {
			m.Events = append(m.Events, e)
		}
	}
	return nil
}

const stanceColumns = `actor, actor_code, actor_name, point, point_id, version, topic, position, date, article_id, sentence, evidence, via, record_id, cue, match`

func stanceArgs(st store.DocStance) []any {
	return []any{st.Actor, st.ActorCode, st.ActorName, st.Point, st.PointID, st.Version, st.Topic, st.Position, st.Date,
		st.ArticleID, st.Sentence, st.Evidence, st.Via, st.RecordID, st.Cue, st.Match}
}

func scanStance(sc store.Scanner) (store.DocStance, error) {
	var st store.DocStance
	err := sc.Scan(&st.Actor, &st.ActorCode, &st.ActorName, &st.Point, &st.PointID, &st.Version, &st.Topic, &st.Position, &st.Date,
		&st.ArticleID, &st.Sentence, &st.Evidence, &st.Via, &st.RecordID, &st.Cue, &st.Match)
	return st, err
}

// DocStances returns a document's stances in storage order.
func (s *Store) DocStances(ctx context.Context, name string) ([]store.DocStance, store.StanceScan, error) {
	var id int64
	var scan store.StanceScan
	err := s.r.QueryRowContext(ctx, `SELECT id, stance_state, stance_seq FROM docs WHERE name = ?`, name).Scan(&id, &scan.State, &scan.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scan, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return nil, scan, fmt.Errorf("document %s: %w", name, err)
	}
	out, err := queryAll(ctx, s.r, `SELECT `+stanceColumns+` FROM doc_stances WHERE doc_id = ? ORDER BY id`, scanStance, id)
	if err != nil {
		return nil, scan, fmt.Errorf("document %s: stances: %w", name, err)
	}
	return out, scan, nil
}

// DocStanceScan returns how far stance derivation has got.
func (s *Store) DocStanceScan(ctx context.Context, name string) (store.StanceScan, error) {
	var scan store.StanceScan
	err := s.r.QueryRowContext(ctx, `SELECT stance_state, stance_seq FROM docs WHERE name = ?`, name).Scan(&scan.State, &scan.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return scan, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return scan, fmt.Errorf("document %s: %w", name, err)
	}
	return scan, nil
}

// DocStanceGroups sums up the stances per party, point and position.
func (s *Store) DocStanceGroups(ctx context.Context, name, asOf, actor string) ([]store.StanceGroup, error) {
	q := `SELECT actor, point, position, COUNT(*), MAX(date || ' ' || (1000000000000000 + id)) FROM doc_stances
		WHERE doc_id = (SELECT id FROM docs WHERE name = ?)`
	args := []any{name}
	if asOf != "" {
		q += ` AND date <= ?`
		args = append(args, asOf)
	}
	if actor != "" {
		q += ` AND actor = ?`
		args = append(args, actor)
	}
	q += ` GROUP BY actor, point, position ORDER BY actor, point, position`
	return queryAll(ctx, s.r, q, scanGroup, args...)
}

func scanGroup(sc store.Scanner) (store.StanceGroup, error) {
	var g store.StanceGroup
	var last string
	if err := sc.Scan(&g.Actor, &g.Point, &g.Position, &g.Count, &last); err != nil {
		return g, err
	}
	var err error
	g.LastDate, g.LastID, err = store.ParseGroupLast(last)
	return g, err
}

// DocStancesByID returns stances by storage id.
func (s *Store) DocStancesByID(ctx context.Context, name string, ids []int64) (map[int64]store.DocStance, error) {
	out := make(map[int64]store.DocStance, len(ids))
	for lo := 0; lo < len(ids); lo += 500 {
		chunk := ids[lo:min(lo+500, len(ids))]
		args := []any{name}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT id, `+stanceColumns+` FROM doc_stances
			WHERE doc_id = (SELECT id FROM docs WHERE name = ?) AND id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("document %s: stances: %w", name, err)
		}
		for rows.Next() {
			var id int64
			var st store.DocStance
			if err := rows.Scan(&id, &st.Actor, &st.ActorCode, &st.ActorName, &st.Point, &st.PointID, &st.Version, &st.Topic, &st.Position, &st.Date,
				&st.ArticleID, &st.Sentence, &st.Evidence, &st.Via, &st.RecordID, &st.Cue, &st.Match); err != nil {
				rows.Close()
				return nil, fmt.Errorf("document %s: stances: %w", name, err)
			}
			out[id] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("document %s: stances: %w", name, err)
		}
	}
	return out, nil
}

// SaveDocStances records one derivation step.
func (s *Store) SaveDocStances(ctx context.Context, name string, expect, next store.StanceScan, reset bool, add []store.DocStance) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE docs SET stance_state = ?, stance_seq = ?
		WHERE name = ? AND stance_state = ? AND stance_seq = ? RETURNING id`, next.State, next.Seq, name, expect.State, expect.Seq).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if e := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM docs WHERE name = ?`, name).Scan(&n); e == nil && n == 0 {
			return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
		}
		return fmt.Errorf("document %s: %w", name, store.ErrStaleScan)
	}
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if reset {
		if _, err := tx.ExecContext(ctx, `DELETE FROM doc_stances WHERE doc_id = ?`, id); err != nil {
			return fmt.Errorf("document %s: drop stances: %w", name, err)
		}
	}
	if len(add) > 0 {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO doc_stances (doc_id, `+stanceColumns+`) VALUES (?, `+dialect.Params(2, 16)+`)`)
		if err != nil {
			return fmt.Errorf("document %s: %w", name, err)
		}
		defer stmt.Close()
		for _, st := range add {
			if _, err := stmt.ExecContext(ctx, append([]any{id}, stanceArgs(st)...)...); err != nil {
				return fmt.Errorf("document %s: stance of %s in article %s: %w", name, st.Actor, st.ArticleID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return nil
}
