package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.WatchStore = (*Store)(nil)

// watchTS stores the zero time as NULL.
func watchTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
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

func nullString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// PutWatchRule inserts or replaces a rule.
func (s *Store) PutWatchRule(ctx context.Context, r store.WatchRule) error {
	now := time.Now().UTC()
	_, err := s.pool.Exec(ctx, `INSERT INTO watch_rules (name, text, hold_ns, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (name) DO UPDATE SET
			evaluated_at = CASE WHEN watch_rules.text = excluded.text THEN watch_rules.evaluated_at ELSE NULL END,
			text = excluded.text, hold_ns = excluded.hold_ns, updated_at = excluded.updated_at`,
		r.Name, r.Text, int64(r.For), now)
	if err != nil {
		return fmt.Errorf("watch rule %s: %w", r.Name, err)
	}
	return nil
}

const ruleCols = `name, text, hold_ns, created_at, updated_at, evaluated_at`

func scanRule(sc store.Scanner) (store.WatchRule, error) {
	var r store.WatchRule
	var hold int64
	var evaluated *time.Time
	if err := sc.Scan(&r.Name, &r.Text, &hold, &r.CreatedAt, &r.UpdatedAt, &evaluated); err != nil {
		return r, err
	}
	r.For, r.EvaluatedAt = time.Duration(hold), fromNull(evaluated)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// WatchRules lists the rules by name.
func (s *Store) WatchRules(ctx context.Context) ([]store.WatchRule, error) {
	out, err := queryAll(ctx, s.pool, `SELECT `+ruleCols+` FROM watch_rules ORDER BY name`, scanRule)
	if err != nil {
		return nil, fmt.Errorf("watch rules: %w", err)
	}
	return out, nil
}

// GetWatchRule returns one rule.
func (s *Store) GetWatchRule(ctx context.Context, name string) (store.WatchRule, error) {
	r, err := scanRule(s.pool.QueryRow(ctx, `SELECT `+ruleCols+` FROM watch_rules WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
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
	_, err := s.pool.Exec(ctx, `INSERT INTO watch_sinks (name, kind, url, secret, allow_private, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
			secret = excluded.secret, allow_private = excluded.allow_private`,
		k.Name, k.Kind, k.URL, k.Secret, k.AllowPrivate, created.UTC())
	if err != nil {
		return fmt.Errorf("watch sink %s: %w", k.Name, err)
	}
	return nil
}

// WatchSinks lists the sinks by name.
func (s *Store) WatchSinks(ctx context.Context) ([]store.WatchSink, error) {
	out, err := queryAll(ctx, s.pool, `SELECT name, kind, url, secret, allow_private, created_at FROM watch_sinks ORDER BY name`,
		func(sc store.Scanner) (store.WatchSink, error) {
			var k store.WatchSink
			err := sc.Scan(&k.Name, &k.Kind, &k.URL, &k.Secret, &k.AllowPrivate, &k.CreatedAt)
			k.CreatedAt = k.CreatedAt.UTC()
			return k, err
		})
	if err != nil {
		return nil, fmt.Errorf("watch sinks: %w", err)
	}
	return out, nil
}

// DeleteWatchSink removes a sink and its outbox.
func (s *Store) DeleteWatchSink(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM watch_sinks WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("watch sink %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("watch sink %s: %w", name, store.ErrNotFound)
	}
	return nil
}

// WatchCursor returns the evaluator's cursor.
func (s *Store) WatchCursor(ctx context.Context) (store.WatchCursor, error) {
	var c store.WatchCursor
	var ev, sm *time.Time
	if err := s.pool.QueryRow(ctx, `SELECT seq, evaluated_at, story_mark, article_seq FROM watch_state WHERE id = 1`).
		Scan(&c.Seq, &ev, &sm, &c.ArticleSeq); err != nil {
		return c, fmt.Errorf("watch cursor: %w", err)
	}
	c.EvaluatedAt, c.StoryMark = fromNull(ev), fromNull(sm)
	return c, nil
}

const alertCols = `fingerprint, rule, cause, state, episode, active_at, fired_at, resolved_at, last_eval, until_at, title, summary, links, detail`

func scanAlert(sc store.Scanner) (store.Alert, error) {
	var a store.Alert
	var fired, resolved, until *time.Time
	var links, detail *string
	if err := sc.Scan(&a.Fingerprint, &a.Rule, &a.Cause, &a.State, &a.Episode, &a.ActiveAt, &fired, &resolved, &a.LastEval, &until,
		&a.Title, &a.Summary, &links, &detail); err != nil {
		return a, err
	}
	a.ActiveAt, a.LastEval = a.ActiveAt.UTC(), a.LastEval.UTC()
	a.FiredAt, a.ResolvedAt, a.Until = fromNull(fired), fromNull(resolved), fromNull(until)
	if err := store.DecodeWatchJSON(nullString(links), nullString(detail), &a.Links, &a.Detail); err != nil {
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
		args = append(args, f.Rule)
		conds = append(conds, fmt.Sprintf("rule = $%d", len(args)))
	}
	if len(f.States) > 0 {
		args = append(args, f.States)
		conds = append(conds, fmt.Sprintf("state = ANY($%d)", len(args)))
	}
	if k := f.After; k != nil {
		args = append(args, k.ActiveAt, k.Fingerprint)
		conds = append(conds, fmt.Sprintf("(active_at < $%d OR (active_at = $%d AND fingerprint > $%d))", len(args)-1, len(args)-1, len(args)))
	}
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, store.Limit(f.Limit, 1000))
	q += fmt.Sprintf(" ORDER BY active_at DESC, fingerprint LIMIT $%d", len(args))
	out, err := queryAll(ctx, s.pool, q, scanAlert, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// CommitWatch writes one evaluation's outcome in one transaction.
func (s *Store) CommitWatch(ctx context.Context, c store.WatchCommit) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("watch commit: %w", err)
	}
	defer tx.Rollback(ctx)
	cur := c.Cursor
	tag, err := tx.Exec(ctx, `UPDATE watch_state SET seq = seq + 1, evaluated_at = $1, story_mark = $2, article_seq = $3
		WHERE id = 1 AND seq = $4`, watchTS(cur.EvaluatedAt), watchTS(cur.StoryMark), cur.ArticleSeq, c.Seq)
	if err != nil {
		return fmt.Errorf("watch commit: cursor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrWatchConflict
	}
	if len(c.Remove) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM watch_alerts WHERE rule = ANY($1)`, c.Remove); err != nil {
			return fmt.Errorf("watch commit: remove rules: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM watch_rules WHERE name = ANY($1)`, c.Remove); err != nil {
			return fmt.Errorf("watch commit: remove rules: %w", err)
		}
	}
	if len(c.Drop) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM watch_alerts WHERE fingerprint = ANY($1)`, c.Drop); err != nil {
			return fmt.Errorf("watch commit: drop alerts: %w", err)
		}
	}
	b := &pgx.Batch{}
	for _, a := range c.Alerts {
		links, err := linksArg(a.Links)
		if err != nil {
			return fmt.Errorf("watch commit: alert %s: %w", a.Fingerprint, err)
		}
		b.Queue(`INSERT INTO watch_alerts (`+alertCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, cause = excluded.cause, state = excluded.state,
				episode = CASE WHEN watch_alerts.state = 'resolved' AND excluded.state <> 'resolved' THEN watch_alerts.episode + 1 ELSE watch_alerts.episode END,
				active_at = excluded.active_at, fired_at = excluded.fired_at,
				resolved_at = excluded.resolved_at, last_eval = excluded.last_eval, until_at = excluded.until_at,
				title = excluded.title, summary = excluded.summary, links = excluded.links, detail = excluded.detail`,
			a.Fingerprint, a.Rule, a.Cause, a.State, a.Episode, a.ActiveAt.UTC(), watchTS(a.FiredAt), watchTS(a.ResolvedAt),
			a.LastEval.UTC(), watchTS(a.Until), a.Title, a.Summary, links, detailArg(a.Detail))
	}
	now := time.Now().UTC()
	for _, n := range c.Notices {
		links, err := linksArg(n.Links)
		if err != nil {
			return fmt.Errorf("watch commit: notice %s: %w", n.Key, err)
		}
		// One statement: the notice, and its outbox rows only when the
		// notice is new (a key sent before is skipped).
		b.Queue(`WITH n AS (
				INSERT INTO watch_notices (key, fingerprint, rule, cause, status, at, title, summary, links, detail, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key) DO NOTHING RETURNING id)
			INSERT INTO watch_outbox (sink, notice_id, next_at)
			SELECT k.name, n.id, 'epoch'::timestamptz FROM n CROSS JOIN watch_sinks k`,
			n.Key, n.Fingerprint, n.Rule, n.Cause, n.Status, n.At.UTC(), n.Title, n.Summary, links, detailArg(n.Detail), now)
	}
	if len(c.Evaluated) > 0 {
		b.Queue(`UPDATE watch_rules SET evaluated_at = $1 WHERE name = ANY($2)`, cur.EvaluatedAt.UTC(), c.Evaluated)
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("watch commit: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("watch commit: %w", err)
	}
	return nil
}

const noticeCols = `id, key, fingerprint, rule, cause, status, at, title, summary, links, detail, created_at`

func scanNotice(sc store.Scanner, n *store.Notice) error {
	var links, detail *string
	if err := sc.Scan(&n.ID, &n.Key, &n.Fingerprint, &n.Rule, &n.Cause, &n.Status, &n.At, &n.Title, &n.Summary, &links, &detail, &n.CreatedAt); err != nil {
		return err
	}
	n.At, n.CreatedAt = n.At.UTC(), n.CreatedAt.UTC()
	if err := store.DecodeWatchJSON(nullString(links), nullString(detail), &n.Links, &n.Detail); err != nil {
		return fmt.Errorf("notice %s: %w", n.Key, err)
	}
	return nil
}

// Notices lists notices newest first.
func (s *Store) Notices(ctx context.Context, f store.NoticeFilter) ([]store.Notice, error) {
	q := `SELECT ` + noticeCols + ` FROM watch_notices`
	var args []any
	if f.Rule != "" {
		q += ` WHERE rule = $1`
		args = append(args, f.Rule)
	}
	args = append(args, store.Limit(f.Limit, 100))
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	out, err := queryAll(ctx, s.pool, q, func(sc store.Scanner) (store.Notice, error) {
		var n store.Notice
		err := scanNotice(sc, &n)
		return n, err
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	return out, nil
}

// DueDeliveries returns the outbox rows due at now.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	rows, err := s.pool.Query(ctx, `SELECT o.id, o.attempts, o.next_at,
			k.name, k.kind, k.url, k.secret, k.allow_private, k.created_at,
			n.id, n.key, n.fingerprint, n.rule, n.cause, n.status, n.at, n.title, n.summary, n.links, n.detail, n.created_at
		FROM watch_outbox o JOIN watch_sinks k ON k.name = o.sink JOIN watch_notices n ON n.id = o.notice_id
		WHERE o.delivered_at IS NULL AND NOT o.dead AND o.next_at <= $1
		ORDER BY o.next_at, o.id LIMIT $2`, now.UTC(), store.Limit(limit, 100))
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var links, detail *string
		n, k := &d.Notice, &d.Sink
		if err := rows.Scan(&d.ID, &d.Attempts, &d.NextAt, &k.Name, &k.Kind, &k.URL, &k.Secret, &k.AllowPrivate, &k.CreatedAt,
			&n.ID, &n.Key, &n.Fingerprint, &n.Rule, &n.Cause, &n.Status, &n.At, &n.Title, &n.Summary, &links, &detail, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("due deliveries: %w", err)
		}
		d.NextAt, k.CreatedAt, n.At, n.CreatedAt = d.NextAt.UTC(), k.CreatedAt.UTC(), n.At.UTC(), n.CreatedAt.UTC()
		if err := store.DecodeWatchJSON(nullString(links), nullString(detail), &n.Links, &n.Detail); err != nil {
			return nil, fmt.Errorf("due deliveries: notice %s: %w", n.Key, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FinishDelivery records one attempt's outcome.
func (s *Store) FinishDelivery(ctx context.Context, r store.DeliveryResult) error {
	tag, err := s.pool.Exec(ctx, `UPDATE watch_outbox SET attempts = $1, next_at = $2, delivered_at = $3, dead = $4, last_error = $5
		WHERE id = $6`, r.Attempts, r.NextAt.UTC(), watchTS(r.Delivered), r.Dead, r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("delivery %d: %w", r.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delivery %d: %w", r.ID, store.ErrNotFound)
	}
	return nil
}

// PendingDeliveries counts undelivered outbox rows still being tried.
func (s *Store) PendingDeliveries(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM watch_outbox WHERE delivered_at IS NULL AND NOT dead`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pending deliveries: %w", err)
	}
	return n, nil
}

// ClaimsAfter returns the claims of articles stored after article seq.
func (s *Store) ClaimsAfter(ctx context.Context, seq int64, limit int) ([]record.Claim, int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+dialect.ClaimSelect()+`, aseq FROM (
			SELECT c.*, a.seq AS aseq FROM articles a JOIN claims c ON c.article_id = a.id
			WHERE a.seq > $1 ORDER BY a.seq, c.id LIMIT $2) x ORDER BY aseq, id`, seq, store.Limit(limit, 10000))
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
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("last article: %w", err)
	}
	return n, nil
}
