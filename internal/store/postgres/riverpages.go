package postgres

import (
	"context"

	"github.com/sitrep/sitrep/internal/store"
)

// QueuedPages returns every queued row of one page (one for each feed
// whose item links it), due or not, oldest first: what a page job that
// names the page by its URL works on.
func (s *Store) QueuedPages(ctx context.Context, url string) ([]store.PendingPage, error) {
	return queryAll(ctx, s.pool, `SELECT q.url, q.link, q.feed_id, f.url, q.draft, q.attempts, q.next_try, q.last_error, q.added_at
		FROM page_queue q JOIN feeds f ON f.id = q.feed_id
		WHERE q.url = $1 ORDER BY q.added_at, q.feed_id`, scanPage, url)
}
