package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.WatchStore = (*Store)(nil)

// watchTS stores the zero time as NULL.
func watchTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

func scanNullTS(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	return parseTS(s.String)
}

func linksArg(ls []store.AlertLink) (string, error) {
	if ls == nil {
		ls = []store.AlertLink{}
	}
	b, err := json.Marshal(ls)
	return string(b), err
}

func detailArg(d json.RawMessage) any {
	if len(d) == 0 {
		return nil
	}
	return string(d)
}

// PutWatchRule inserts or replaces a rule.
func (s *Store) PutWatchRule(ctx context.Context, r store.WatchRule) error {
	now := ts(time.Now())
	_, err := s.w.ExecContext(ctx, `INSERT INTO watch_rules (name, text, hold_ns, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET
			evaluated_at = CASE WHEN watch_rules.text = excluded.text THEN watch_rules.evaluated_at ELSE NULL END,
			text = excluded.text, hold_ns = excluded.hold_ns, updated_at = excluded.updated_at`,
		r.Name, r.Text, int64(r.For), now, now)
	if err != nil {
		return fmt.Errorf("watch rule %s: %w", r.Name, err)
	}
	return nil
}

const ruleCols = `name, text, hold_ns, created_at, updated_at, evaluated_at`

func scanRule(sc store.Scanner) (store.WatchRule, error) {
	var r store.WatchRule
	var hold int64
	var created, updated string
	var evaluated sql.NullString
	if err := sc.Scan(&r.Name, &r.Text, &hold, &created, &updated, &evaluated); err != nil {
		return r, err
	}
	r.For = time.Duration(hold)
	r.CreatedAt, r.UpdatedAt, r.EvaluatedAt = parseTS(created), parseTS(updated), scanNullTS(evaluated)
	return r, nil
}

// WatchRules lists the rules by name.
func (s *Store) WatchRules(ctx context.Context) ([]store.WatchRule, error) {
	out, err := queryAll(ctx, s.r, `SELECT `+ruleCols+` FROM watch_rules ORDER BY name`, scanRule)
	if err != nil {
		return nil, fmt.Errorf("watch rules: %w", err)
	}
	return out, nil
}

// GetWatchRule returns one rule.
func (s *Store) GetWatchRule(ctx context.Context, name string) (store.WatchRule, error) {
	r, err := scanRule(s.r.QueryRowContext(ctx, `SELECT `+ruleCols+` FROM watch_rules WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("watch rule %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("watch rule %s: %w", name, err)
	}
	return r, nil
}

// PutWatchSink inserts or replaces a sink.
func (s *Store) PutWatchSink(ctx context.Context, k store.WatchSink) error {
	created := k.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO watch_sinks (name, kind, url, secret, allow_private, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
			secret = excluded.secret, allow_private = excluded.allow_private`,
		k.Name, k.Kind, k.URL, k.Secret, k.AllowPrivate, ts(created))
	if err != nil {
		return fmt.Errorf("watch sink %s: %w", k.Name, err)
	}
	return nil
}

const sinkCols = `name, kind, url, secret, allow_private, created_at`

func scanSink(sc store.Scanner, extra ...any) (store.WatchSink, error) {
	var k store.WatchSink
	var created string
	if err := sc.Scan(append([]any{&k.Name, &k.Kind, &k.URL, &k.Secret, &k.AllowPrivate, &created}, extra...)...); err != nil {
		return k, err
	}
	k.CreatedAt = parseTS(created)
	return k, nil
}

// WatchSinks lists the sinks by name.
func (s *Store) WatchSinks(ctx context.Context) ([]store.WatchSink, error) {
	out, err := queryAll(ctx, s.r, `SELECT `+sinkCols+` FROM watch_sinks ORDER BY name`,
		func(sc store.Scanner) (store.WatchSink, error) { return scanSink(sc) })
	if err != nil {
		return nil, fmt.Errorf("watch sinks: %w", err)
	}
	return out, nil
}

// DeleteWatchSink removes a sink and its outbox.
func (s *Store) DeleteWatchSink(ctx context.Context, name string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM watch_sinks WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("watch sink %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("watch sink %s: %w", name, store.ErrNotFound)
	}
	return nil
}

// WatchCursor returns the evaluator's cursor.
func (s *Store) WatchCursor(ctx context.Context) (store.WatchCursor, error) {
	var c store.WatchCursor
	var ev, sm sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT seq, evaluated_at, story_mark, article_seq FROM watch_state WHERE id = 1`).
		Scan(&c.Seq, &ev, &sm, &c.ArticleSeq)
	if err != nil {
		return c, fmt.Errorf("watch cursor: %w", err)
	}
	c.EvaluatedAt, c.StoryMark = scanNullTS(ev), scanNullTS(sm)
	return c, nil
}

const alertCols = `fingerprint, rule, cause, state, episode, active_at, fired_at, resolved_at, last_eval, until_at, title, summary, links, detail`

func scanAlert(sc store.Scanner) (store.Alert, error) {
	var a store.Alert
	var active, last string
	var fired, resolved, until, links, detail sql.NullString
	if err := sc.Scan(&a.Fingerprint, &a.Rule, &a.Cause, &a.State, &a.Episode, &active, &fired, &resolved, &last, &until,
		&a.Title, &a.Summary, &links, &detail); err != nil {
		return a, err
	}
	a.ActiveAt, a.LastEval = parseTS(active), parseTS(last)
	a.FiredAt, a.ResolvedAt, a.Until = scanNullTS(fired), scanNullTS(resolved), scanNullTS(until)
	if err := store.DecodeWatchJSON(links.String, detail.String, &a.Links, &a.Detail); err != nil {
		return a, fmt.Errorf("alert %s: %w", a.Fingerprint, err)
	}
	return a, nil
}

// Alerts lists alerts matching f, most recently active first.
func (s *Store) Alerts(ctx context.Context, f store.AlertFilter) ([]store.Alert, error) {
	q := `SELECT ` + alertCols + ` FROM watch_alerts`
	var conds []string
	var args []any
	if f.Rule != "" {
		conds = append(conds, "rule = ?")
		args = append(args, f.Rule)
	}
	if len(f.States) > 0 {
		conds = append(conds, "state IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.States)), ",")+")")
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	if k := f.After; k != nil {
		conds = append(conds, "(active_at < ? OR (active_at = ? AND fingerprint > ?))")
		args = append(args, ts(k.ActiveAt), ts(k.ActiveAt), k.Fingerprint)
	}
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY active_at DESC, fingerprint LIMIT ?"
	args = append(args, store.Limit(f.Limit, 1000))
	out, err := queryAll(ctx, s.r, q, scanAlert, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// CommitWatch writes one evaluation's outcome in one transaction.
func (s *Store) CommitWatch(ctx context.Context, c store.WatchCommit) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("watch commit: %w", err)
	}
	defer tx.Rollback()
	cur := c.Cursor
	res, err := tx.ExecContext(ctx, `UPDATE watch_state SET seq = seq + 1, evaluated_at = ?, story_mark = ?, article_seq = ?
		WHERE id = 1 AND seq = ?`, watchTS(cur.EvaluatedAt), watchTS(cur.StoryMark), cur.ArticleSeq, c.Seq)
	if err != nil {
		return fmt.Errorf("watch commit: cursor: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrWatchConflict
	}
	for _, name := range c.Remove {
		if _, err := tx.ExecContext(ctx, `DELETE FROM watch_alerts WHERE rule = ?`, name); err != nil {
			return fmt.Errorf("watch commit: remove rule %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM watch_rules WHERE name = ?`, name); err != nil {
			return fmt.Errorf("watch commit: remove rule %s: %w", name, err)
		}
	}
	for _, fp := range c.Drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM watch_alerts WHERE fingerprint = ?`, fp); err != nil {
			return fmt.Errorf("watch commit: drop alert %s: %w", fp, err)
		}
	}
	if len(c.Alerts) > 0 {
		up, err := tx.PrepareContext(ctx, `INSERT INTO watch_alerts (`+alertCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, cause = excluded.cause, state = excluded.state,
				episode = CASE WHEN watch_alerts.state = 'resolved' AND excluded.state <> 'resolved' THEN watch_alerts.episode + 1 ELSE watch_alerts.episode END,
				active_at = excluded.active_at, fired_at = excluded.fired_at,
				resolved_at = excluded.resolved_at, last_eval = excluded.last_eval, until_at = excluded.until_at,
				title = excluded.title, summary = excluded.summary, links = excluded.links, detail = excluded.detail`)
		if err != nil {
			return fmt.Errorf("watch commit: %w", err)
		}
		defer up.Close()
		for _, a := range c.Alerts {
			links, err := linksArg(a.Links)
			if err != nil {
				return fmt.Errorf("watch commit: alert %s: %w", a.Fingerprint, err)
			}
			if _, err := up.ExecContext(ctx, a.Fingerprint, a.Rule, a.Cause, a.State, a.Episode, ts(a.ActiveAt),
				watchTS(a.FiredAt), watchTS(a.ResolvedAt), ts(a.LastEval), watchTS(a.Until), a.Title, a.Summary, links, detailArg(a.Detail)); err != nil {
				return fmt.Errorf("watch commit: alert %s: %w", a.Fingerprint, err)
			}
		}
	}
	if len(c.Notices) > 0 {
		now := ts(time.Now())
		for _, n := range c.Notices {
			links, err := linksArg(n.Links)
			if err != nil {
				return fmt.Errorf("watch commit: notice %s: %w", n.Key, err)
			}
			var id int64
			err = tx.QueryRowContext(ctx, `INSERT INTO watch_notices (key, fingerprint, rule, cause, status, at, title, summary, links, detail, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
				n.Key, n.Fingerprint, n.Rule, n.Cause, n.Status, ts(n.At), n.Title, n.Summary, links, detailArg(n.Detail), now).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue // sent before: the outbox already has it
			}
			if err != nil {
				return fmt.Errorf("watch commit: notice %s: %w", n.Key, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO watch_outbox (sink, notice_id, next_at)
				SELECT name, ?, ? FROM watch_sinks`, id, ts(time.Unix(0, 0))); err != nil {
				return fmt.Errorf("watch commit: outbox for %s: %w", n.Key, err)
			}
		}
	}
	if len(c.Evaluated) > 0 {
		ev, err := tx.PrepareContext(ctx, `UPDATE watch_rules SET evaluated_at = ? WHERE name = ?`)
		if err != nil {
			return fmt.Errorf("watch commit: %w", err)
		}
		defer ev.Close()
		for _, name := range c.Evaluated {
			if _, err := ev.ExecContext(ctx, ts(cur.EvaluatedAt), name); err != nil {
				return fmt.Errorf("watch commit: rule %s: %w", name, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("watch commit: %w", err)
	}
	return nil
}

const noticeCols = `id, key, fingerprint, rule, cause, status, at, title, summary, links, detail, created_at`

func scanNotice(sc store.Scanner, extra ...any) (store.Notice, error) {
	var n store.Notice
	var at, created string
	var links, detail sql.NullString
	if err := sc.Scan(append([]any{&n.ID, &n.Key, &n.Fingerprint, &n.Rule, &n.Cause, &n.Status, &at, &n.Title, &n.Summary, &links, &detail, &created}, extra...)...); err != nil {
		return n, err
	}
	n.At, n.CreatedAt = parseTS(at), parseTS(created)
	if err := store.DecodeWatchJSON(links.String, detail.String, &n.Links, &n.Detail); err != nil {
		return n, fmt.Errorf("notice %s: %w", n.Key, err)
	}
	return n, nil
}

// Notices lists notices newest first.
func (s *Store) Notices(ctx context.Context, f store.NoticeFilter) ([]store.Notice, error) {
	q := `SELECT ` + noticeCols + ` FROM watch_notices`
	var args []any
	if f.Rule != "" {
		q += ` WHERE rule = ?`
		args = append(args, f.Rule)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, store.Limit(f.Limit, 100))
	out, err := queryAll(ctx, s.r, q, func(sc store.Scanner) (store.Notice, error) { return scanNotice(sc) }, args...)
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	return out, nil
}

// DueDeliveries returns the outbox rows due at now.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT o.id, o.attempts, o.next_at,
			k.name, k.kind, k.url, k.secret, k.allow_private, k.created_at,
			n.id, n.key, n.fingerprint, n.rule, n.cause, n.status, n.at, n.title, n.summary, n.links, n.detail, n.created_at
		FROM watch_outbox o JOIN watch_sinks k ON k.name = o.sink JOIN watch_notices n ON n.id = o.notice_id
		WHERE o.delivered_at IS NULL AND o.dead = 0 AND o.next_at <= ?
		ORDER BY o.next_at, o.id LIMIT ?`, ts(now), store.Limit(limit, 100))
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var next string
		var created string
		var links, detail sql.NullString
		var at, ncreated string
		n := &d.Notice
		k := &d.Sink
		if err := rows.Scan(&d.ID, &d.Attempts, &next, &k.Name, &k.Kind, &k.URL, &k.Secret, &k.AllowPrivate, &created,
			&n.ID, &n.Key, &n.Fingerprint, &n.Rule, &n.Cause, &n.Status, &at, &n.Title, &n.Summary, &links, &detail, &ncreated); err != nil {
			return nil, fmt.Errorf("due deliveries: %w", err)
		}
		d.NextAt, k.CreatedAt, n.At, n.CreatedAt = parseTS(next), parseTS(created), parseTS(at), parseTS(ncreated)
		if err := store.DecodeWatchJSON(links.String, detail.String, &n.Links, &n.Detail); err != nil {
			return nil, fmt.Errorf("due deliveries: notice %s: %w", n.Key, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FinishDelivery records one attempt's outcome.
func (s *Store) FinishDelivery(ctx context.Context, r store.DeliveryResult) error {
	res, err := s.w.ExecContext(ctx, `UPDATE watch_outbox SET attempts = ?, next_at = ?, delivered_at = ?, dead = ?, last_error = ?
		WHERE id = ?`, r.Attempts, ts(r.NextAt), watchTS(r.Delivered), r.Dead, r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("delivery %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delivery %d: %w", r.ID, store.ErrNotFound)
	}
	return nil
}

// PendingDeliveries counts undelivered outbox rows still being tried.
func (s *Store) PendingDeliveries(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM watch_outbox WHERE delivered_at IS NULL AND dead = 0`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pending deliveries: %w", err)
	}
	return n, nil
}

// ClaimsAfter returns the claims of articles stored after article seq.
func (s *Store) ClaimsAfter(ctx context.Context, seq int64, limit int) ([]record.Claim, int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+dialect.ClaimSelect()+`, aseq FROM (
			SELECT c.*, a.seq AS aseq FROM articles a JOIN claims c ON c.article_id = a.id
			WHERE a.seq > ? ORDER BY a.seq, c.id LIMIT ?)`, seq, store.Limit(limit, 10000))
	if err != nil {
		return nil, seq, fmt.Errorf("claims after article %d: %w", seq, err)
	}
	defer rows.Close()
	var out []record.Claim
	last := seq
	for rows.Next() {
		var aseq int64
		c, err := store.ScanClaimWith(rows, &aseq)
		if err != nil {
			return nil, seq, fmt.Errorf("claims after article %d: %w", seq, err)
		}
		last = max(last, aseq)
		out = append(out, c)
	}
	return out, last, rows.Err()
}

// ArticleSeq returns the number of the last article stored.
func (s *Store) ArticleSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("last article: %w", err)
	}
	return n, nil
}
