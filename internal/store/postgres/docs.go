package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO docs (name, created_at) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET stance_state = '', stance_seq = 0 RETURNING id`, v.Doc, added.UTC()).Scan(&id)
	if err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM doc_stances WHERE doc_id = $1`, id); err != nil {
		return false, fmt.Errorf("document %s: drop stances: %w", v.Doc, err)
	}
	tag, err := tx.Exec(ctx, `DELETE FROM doc_versions WHERE doc_id = $1 AND label = $2`, id, v.Label)
	if err != nil {
		return false, fmt.Errorf("document %s: version %s: %w", v.Doc, v.Label, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO doc_versions (doc_id, label, date, source, format, title, text, parsed, hash, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`, id, v.Label, v.Date, v.Source, v.Format, v.Title, v.Text, string(v.Parsed), v.Hash, added.UTC()); err != nil {
		return false, fmt.Errorf("document %s: version %s: %w", v.Doc, v.Label, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("document %s: %w", v.Doc, err)
	}
	return tag.RowsAffected() > 0, nil
}

// GetDoc returns a document with its versions.
func (s *Store) GetDoc(ctx context.Context, name string) (*store.Doc, error) {
	d := &store.Doc{Name: name}
	var id int64
	var aliases string
	err := s.pool.QueryRow(ctx, `SELECT id, aliases::text, created_at FROM docs WHERE name = $1`, name).Scan(&id, &aliases, &d.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", name, err)
	}
	if err := json.Unmarshal([]byte(aliases), &d.Aliases); err != nil {
		return nil, fmt.Errorf("document %s: aliases: %w", name, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT label, date, source, format, title, text, parsed::text, hash, added_at
		FROM doc_versions WHERE doc_id = $1 ORDER BY date = '', date, id`, id)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		v := store.DocVersion{Doc: name}
		var parsed string
		if err := rows.Scan(&v.Label, &v.Date, &v.Source, &v.Format, &v.Title, &v.Text, &parsed, &v.Hash, &v.AddedAt); err != nil {
			return nil, fmt.Errorf("document %s: %w", name, err)
		}
		v.Parsed = []byte(parsed)
		d.Versions = append(d.Versions, v)
	}
	return d, rows.Err()
}

// ListDocs describes every document.
func (s *Store) ListDocs(ctx context.Context) ([]store.DocInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT d.name, d.aliases::text, d.created_at,
			(SELECT COUNT(*) FROM doc_stances st WHERE st.doc_id = d.id),
			COALESCE((SELECT json_agg(label ORDER BY date = '', date, id) FROM doc_versions v WHERE v.doc_id = d.id), '[]')::text,
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
		var aliases, labels string
		var n int64
		if err := rows.Scan(&di.Name, &aliases, &di.Created, &n, &labels, &di.First, &di.Last); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		di.Stances = int(n)
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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `UPDATE docs SET aliases = $1::jsonb, stance_state = '', stance_seq = 0 WHERE name = $2 RETURNING id`, string(b), name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM doc_stances WHERE doc_id = $1`, id); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return tx.Commit(ctx)
}

// DeleteDoc removes a document, its versions and stances.
func (s *Store) DeleteDoc(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM docs WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	return nil
}

// DeleteDocVersion removes one version and the document's stances.
func (s *Store) DeleteDocVersion(ctx context.Context, name, label string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `DELETE FROM doc_versions WHERE label = $1 AND doc_id = (SELECT id FROM docs WHERE name = $2)`, label, name)
	if err != nil {
		return fmt.Errorf("document %s: version %s: %w", name, label, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("document %s: version %s: %w", name, label, store.ErrNotFound)
	}
	if _, err := tx.Exec(ctx, `UPDATE docs SET stance_state = '', stance_seq = 0 WHERE name = $1`, name); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM doc_stances WHERE doc_id = (SELECT id FROM docs WHERE name = $1)`, name); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return tx.Commit(ctx)
}

// mentionBatch is how many articles are read before their records.
const mentionBatch = 512

// EachDocMention streams the articles after afterSeq that match a phrase.
func (s *Store) EachDocMention(ctx context.Context, phrases []string, afterSeq int64, fn func(*store.DocMention) error) error {
	var tsq []string
	args := []any{afterSeq, mentionBatch}
	for _, p := range phrases {
		if ws := store.PhraseWords(p); len(ws) > 0 {
			args = append(args, strings.Join(ws, " "))
			tsq = append(tsq, fmt.Sprintf("phraseto_tsquery('english', $%d)", len(args)))
		}
	}
	if len(tsq) == 0 {
		return nil
	}
	// Nothing stored since: skip the full-text query (the usual case
	// when the matrix is asked for again).
	var newer bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE seq > $1)`, afterSeq).Scan(&newer); err != nil {
		return fmt.Errorf("documents: find mentions: %w", err)
	}
	if !newer {
		return nil
	}
	q := `SELECT a.seq, a.id, a.date, a.title, a.text FROM articles a
		WHERE a.seq > $1 AND a.tsv @@ (` + strings.Join(tsq, " || ") + `) ORDER BY a.seq LIMIT $2`
	for {
		args[0] = afterSeq
		rows, err := s.pool.Query(ctx, q, args...)
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
	ids := make([]string, len(batch))
	for i, m := range batch {
		byID[m.ArticleID] = m
		ids[i] = m.ArticleID
	}
	claims, err := queryAll(ctx, s.pool, `SELECT `+dialect.ClaimSelect()+` FROM claims WHERE article_id = ANY($1) ORDER BY article_id, sentence, id`, store.ScanClaim, ids)
	if err != nil {
		return fmt.Errorf("documents: claims of mentions: %w", err)
	}
	for _, c := range claims {
		m := byID[c.ArticleID]
		m.Claims = append(m.Claims, c)
	}
	events, err := queryAll(ctx, s.pool, `SELECT `+dialect.EventSelect()+` FROM events WHERE article_id = ANY($1) ORDER BY article_id, sentence, id`, store.ScanEvent, ids)
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

var stanceColumns = []string{"actor", "actor_code", "actor_name", "point", "point_id", "version", "topic", "position", "date",
	"article_id", "sentence", "evidence", "via", "record_id", "cue", "match"}

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
	err := s.pool.QueryRow(ctx, `SELECT id, stance_state, stance_seq FROM docs WHERE name = $1`, name).Scan(&id, &scan.State, &scan.Seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, scan, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return nil, scan, fmt.Errorf("document %s: %w", name, err)
	}
	out, err := queryAll(ctx, s.pool, `SELECT `+strings.Join(stanceColumns, ", ")+` FROM doc_stances WHERE doc_id = $1 ORDER BY id`, scanStance, id)
	if err != nil {
		return nil, scan, fmt.Errorf("document %s: stances: %w", name, err)
	}
	return out, scan, nil
}

// DocStanceScan returns how far stance derivation has got.
func (s *Store) DocStanceScan(ctx context.Context, name string) (store.StanceScan, error) {
	var scan store.StanceScan
	err := s.pool.QueryRow(ctx, `SELECT stance_state, stance_seq FROM docs WHERE name = $1`, name).Scan(&scan.State, &scan.Seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return scan, fmt.Errorf("document %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return scan, fmt.Errorf("document %s: %w", name, err)
	}
	return scan, nil
}

// DocStanceGroups sums up the stances per party, point and position.
func (s *Store) DocStanceGroups(ctx context.Context, name, asOf, actor string) ([]store.StanceGroup, error) {
	q := `SELECT actor, point, position, COUNT(*), MAX(date || ' ' || (1000000000000000 + id)::text) FROM doc_stances
		WHERE doc_id = (SELECT id FROM docs WHERE name = $1)`
	args := []any{name}
	if asOf != "" {
		args = append(args, asOf)
		q += fmt.Sprintf(` AND date <= $%d`, len(args))
	}
	if actor != "" {
		args = append(args, actor)
		q += fmt.Sprintf(` AND actor = $%d`, len(args))
	}
	q += ` GROUP BY actor, point, position ORDER BY actor, point, position`
	return queryAll(ctx, s.pool, q, scanGroup, args...)
}

func scanGroup(sc store.Scanner) (store.StanceGroup, error) {
	var g store.StanceGroup
	var last string
	var n int64
	if err := sc.Scan(&g.Actor, &g.Point, &g.Position, &n, &last); err != nil {
		return g, err
	}
	g.Count = int(n)
	var err error
	g.LastDate, g.LastID, err = store.ParseGroupLast(last)
	return g, err
}

// DocStancesByID returns stances by storage id.
func (s *Store) DocStancesByID(ctx context.Context, name string, ids []int64) (map[int64]store.DocStance, error) {
	out := make(map[int64]store.DocStance, len(ids))
	rows, err := s.pool.Query(ctx, `SELECT id, `+strings.Join(stanceColumns, ", ")+` FROM doc_stances
		WHERE doc_id = (SELECT id FROM docs WHERE name = $1) AND id = ANY($2)`, name, ids)
	if err != nil {
		return nil, fmt.Errorf("document %s: stances: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st store.DocStance
		if err := rows.Scan(&id, &st.Actor, &st.ActorCode, &st.ActorName, &st.Point, &st.PointID, &st.Version, &st.Topic, &st.Position, &st.Date,
			&st.ArticleID, &st.Sentence, &st.Evidence, &st.Via, &st.RecordID, &st.Cue, &st.Match); err != nil {
			return nil, fmt.Errorf("document %s: stances: %w", name, err)
		}
		out[id] = st
	}
	return out, rows.Err()
}

// SaveDocStances records one derivation step; the stances go in with COPY.
func (s *Store) SaveDocStances(ctx context.Context, name string, expect, next store.StanceScan, reset bool, add []store.DocStance) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `UPDATE docs SET stance_state = $1, stance_seq = $2
		WHERE name = $3 AND stance_state = $4 AND stance_seq = $5 RETURNING id`, next.State, next.Seq, name, expect.State, expect.Seq).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		var n int
		if e := tx.QueryRow(ctx, `SELECT COUNT(*) FROM docs WHERE name = $1`, name).Scan(&n); e == nil && n == 0 {
			return fmt.Errorf("document %s: %w", name, store.ErrNotFound)
		}
		return fmt.Errorf("document %s: %w", name, store.ErrStaleScan)
	}
	if err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	if reset {
		if _, err := tx.Exec(ctx, `DELETE FROM doc_stances WHERE doc_id = $1`, id); err != nil {
			return fmt.Errorf("document %s: drop stances: %w", name, err)
		}
	}
	if len(add) > 0 {
		rows := make([][]any, len(add))
		for i, st := range add {
			rows[i] = []any{id, st.Actor, st.ActorCode, st.ActorName, st.Point, st.PointID, st.Version, st.Topic, st.Position, st.Date,
				st.ArticleID, st.Sentence, st.Evidence, st.Via, st.RecordID, st.Cue, st.Match}
		}
		cols := append([]string{"doc_id"}, stanceColumns...)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"doc_stances"}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("document %s: store stances: %w", name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("document %s: %w", name, err)
	}
	return nil
}
