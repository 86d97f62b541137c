package postgres

import (
	"context"
	"fmt"
	"time"
)

// UnqueuedWork returns, for a job queue's sweep, the feeds due at due and
// the URLs of the pages due at due — or not yet tried and queued by fresh —
// that have no job waiting or running in River's job table (river_job, in
// this schema): feed jobs of kind feedKind name their feed as
// {"feed_id": …}, page jobs of kind pageKind their page as {"url": …}.
// Each list holds at most limit entries, the most overdue first. A sweep
// that keeps running passes now for both times; one run that should
// finish passes its start as due, so that pages put off after a failure
// wait for a later run, and now as fresh, so that pages its own feed jobs
// queued are done.
func (s *Store) UnqueuedWork(ctx context.Context, due, fresh time.Time, feedKind, pageKind string, limit int) (feeds []int64, pages []string, err error) {
	const active = `state IN ('available', 'pending', 'running', 'retryable', 'scheduled')`
	rows, err := s.pool.Query(ctx, `WITH queued AS (
			SELECT (args->>'feed_id')::bigint AS id FROM river_job WHERE kind = $2 AND `+active+`)
		SELECT f.id FROM feeds f WHERE f.next_fetch <= $1 AND NOT EXISTS (SELECT 1 FROM queued q WHERE q.id = f.id)
		ORDER BY f.next_fetch, f.id LIMIT $3`, due.UTC(), feedKind, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("unqueued feeds: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		feeds = append(feeds, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("unqueued feeds: %w", err)
	}
	rows, err = s.pool.Query(ctx, `WITH queued AS (
			SELECT args->>'url' AS url FROM river_job WHERE kind = $2 AND `+active+`)
		SELECT p.url FROM page_queue p WHERE (p.next_try <= $1 OR (p.attempts = 0 AND p.next_try <= $4))
			AND NOT EXISTS (SELECT 1 FROM queued q WHERE q.url = p.url)
		GROUP BY p.url ORDER BY min(p.next_try), p.url LIMIT $3`, due.UTC(), pageKind, limit, fresh.UTC())
	if err != nil {
		return nil, nil, fmt.Errorf("unqueued pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, nil, err
		}
		pages = append(pages, u)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("unqueued pages: %w", err)
	}
	return feeds, pages, nil
}
