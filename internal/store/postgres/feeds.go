package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.FeedStore = (*Store)(nil)

const feedColumns = `f.id, f.url, f.title, f.interval_s, f.etag, f.last_modified, f.last_fetch, f.next_fetch,
	f.last_error, f.error_count, f.created_at,
	(SELECT COUNT(DISTINCT s.article_id) FROM article_sources s WHERE s.feed_id = f.id)`

func scanFeed(sc store.Scanner) (store.Feed, error) {
	var f store.Feed
	var interval int64
	var last *time.Time
	err := sc.Scan(&f.ID, &f.URL, &f.Title, &interval, &f.ETag, &f.LastModified, &last, &f.NextFetch,
		&f.LastError, &f.ErrorCount, &f.Created, &f.Articles)
	if err != nil {
		return f, err
	}
	f.Interval = time.Duration(interval) * time.Second
	if last != nil {
		t := last.UTC()
		f.LastFetch = &t
	}
	f.NextFetch, f.Created = f.NextFetch.UTC(), f.Created.UTC()
	return f, nil
}

// AddFeed subscribes to f.URL unless it is subscribed already.
func (s *Store) AddFeed(ctx context.Context, f store.Feed) (store.Feed, bool, error) {
	if f.Created.IsZero() {
		f.Created = time.Now()
	}
	if f.NextFetch.IsZero() {
		f.NextFetch = f.Created
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO feeds (url, title, interval_s, next_fetch, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (url) DO NOTHING`,
		f.URL, f.Title, int64(f.Interval/time.Second), f.NextFetch.UTC(), f.Created.UTC())
	if err != nil {
		return store.Feed{}, false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	got, err := s.FeedByURL(ctx, f.URL)
	return got, tag.RowsAffected() > 0, err
}

// Feed returns one feed by id.
func (s *Store) Feed(ctx context.Context, id int64) (store.Feed, error) {
	f, err := scanFeed(s.pool.QueryRow(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
	}
	return f, err
}

// FeedByURL returns the feed subscribed at url.
func (s *Store) FeedByURL(ctx context.Context, url string) (store.Feed, error) {
	f, err := scanFeed(s.pool.QueryRow(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.url = $1`, url))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("feed %s: %w", url, store.ErrNotFound)
	}
	return f, err
}

// Feeds lists every feed by id.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	return queryAll(ctx, s.pool, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.id`, scanFeed)
}

// RemoveFeed unsubscribes from one feed.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM feeds WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove feed %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// DueFeeds returns the feeds due at now, most overdue first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]store.Feed, error) {
	return queryAll(ctx, s.pool, `SELECT `+feedColumns+` FROM feeds f WHERE f.next_fetch <= $1 ORDER BY f.next_fetch, f.id LIMIT $2`,
		scanFeed, now.UTC(), store.Limit(limit, 100))
}

// NextDue returns the earliest time any feed or queued page is due.
func (s *Store) NextDue(ctx context.Context) (time.Time, bool, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT LEAST((SELECT MIN(next_fetch) FROM feeds), (SELECT MIN(next_try) FROM page_queue))`).Scan(&at)
	if err != nil || at == nil {
		return time.Time{}, false, err
	}
	return at.UTC(), true, nil
}

// SaveFeedPoll records a poll's outcome, its items' sources and its
// queued pages together.
func (s *Store) SaveFeedPoll(ctx context.Context, f store.Feed, srcs []store.ArticleSource, pages []store.PendingPage) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var last *time.Time
	if f.LastFetch != nil {
		t := f.LastFetch.UTC()
		last = &t
	}
	tag, err := tx.Exec(ctx, `UPDATE feeds SET title = $1, etag = $2, last_modified = $3, last_fetch = $4,
		next_fetch = $5, last_error = $6, error_count = $7 WHERE id = $8`,
		f.Title, f.ETag, f.LastModified, last, f.NextFetch.UTC(), f.LastError, f.ErrorCount, f.ID)
	if err != nil {
		return fmt.Errorf("feed %s: save poll: %w", f.URL, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("feed %d: %w", f.ID, store.ErrNotFound)
	}
	b := &pgx.Batch{}
	queueSources(b, srcs)
	if len(pages) > 0 {
		for _, p := range pages {
			draft, err := json.Marshal(&p.Draft)
			if err != nil {
				return fmt.Errorf("page %s: %w", p.URL, err)
			}
			added := p.Added
			if added.IsZero() {
				added = p.NextTry
			}
			b.Queue(`INSERT INTO page_queue (url, feed_id, link, draft, next_try, added_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (url, feed_id) DO NOTHING`,
				p.URL, f.ID, p.Link, string(draft), p.NextTry.UTC(), added.UTC())
		}
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("feed %s: sources and pages: %w", f.URL, err)
		}
	}
	return tx.Commit(ctx)
}

// AddArticleSources records where articles were seen.
func (s *Store) AddArticleSources(ctx context.Context, srcs []store.ArticleSource) error {
	if len(srcs) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	queueSources(b, srcs)
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("article sources: %w", err)
	}
	return tx.Commit(ctx)
}

func queueSources(b *pgx.Batch, srcs []store.ArticleSource) {
	for _, src := range srcs {
		b.Queue(`INSERT INTO article_sources (article_id, url, feed_url, feed_id, seen_at)
			VALUES ($1, $2, $3, (SELECT id FROM feeds WHERE id = $4), $5) ON CONFLICT DO NOTHING`,
			src.ArticleID, src.URL, src.FeedURL, src.FeedID, src.SeenAt.UTC())
	}
}

// ArticleSources lists where one article was seen.
func (s *Store) ArticleSources(ctx context.Context, articleID string) ([]store.ArticleSource, error) {
	return queryAll(ctx, s.pool, `SELECT article_id, url, feed_url, COALESCE(feed_id, 0), seen_at FROM article_sources
		WHERE article_id = $1 ORDER BY seen_at, feed_url, url`, func(sc store.Scanner) (store.ArticleSource, error) {
		var src store.ArticleSource
		err := sc.Scan(&src.ArticleID, &src.URL, &src.FeedURL, &src.FeedID, &src.SeenAt)
		src.SeenAt = src.SeenAt.UTC()
		return src, err
	}, articleID)
}

// KnownURLs maps those of urls that lead to a stored article to its id.
func (s *Store) KnownURLs(ctx context.Context, urls []string) (map[string]string, error) {
	known := map[string]string{}
	if len(urls) == 0 {
		return known, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT url, article_id FROM article_sources WHERE url <> '' AND url = ANY($1)
		UNION ALL SELECT canonical_url, id FROM articles WHERE canonical_url = ANY($1)`, urls)
	if err != nil {
		return nil, fmt.Errorf("known URLs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u, id string
		if err := rows.Scan(&u, &id); err != nil {
			return nil, err
		}
		known[u] = id
	}
	return known, rows.Err()
}

// PendingPages returns queued pages due at now, oldest first.
func (s *Store) PendingPages(ctx context.Context, now time.Time, limit int) ([]store.PendingPage, error) {
	return queryAll(ctx, s.pool, `SELECT q.url, q.link, q.feed_id, f.url, q.draft, q.attempts, q.next_try, q.last_error, q.added_at
		FROM page_queue q JOIN feeds f ON f.id = q.feed_id
		WHERE q.next_try <= $1 ORDER BY q.next_try, q.added_at, q.url LIMIT $2`, scanPage, now.UTC(), store.Limit(limit, 100))
}

func scanPage(sc store.Scanner) (store.PendingPage, error) {
	var p store.PendingPage
	var draft string
	if err := sc.Scan(&p.URL, &p.Link, &p.FeedID, &p.FeedURL, &draft, &p.Attempts, &p.NextTry, &p.LastError, &p.Added); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(draft), &p.Draft); err != nil {
		return p, fmt.Errorf("queued page %s: draft: %w", p.URL, err)
	}
	p.NextTry, p.Added = p.NextTry.UTC(), p.Added.UTC()
	return p, nil
}

// FinishPages records the pages' sources and takes them off the queue.
func (s *Store) FinishPages(ctx context.Context, srcs []store.ArticleSource, done []store.PageRef) error {
	b := &pgx.Batch{}
	queueSources(b, srcs)
	for _, d := range done {
		b.Queue(`DELETE FROM page_queue WHERE url = $1 AND feed_id = $2`, d.URL, d.FeedID)
	}
	if b.Len() == 0 {
		return nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("finish pages: %w", err)
	}
	return tx.Commit(ctx)
}

// RetryPage records a failed fetch of a queued page.
func (s *Store) RetryPage(ctx context.Context, url string, feedID int64, next time.Time, reason string) error {
	_, err := s.pool.Exec(ctx, `UPDATE page_queue SET attempts = attempts + 1, next_try = $1, last_error = $2
		WHERE url = $3 AND feed_id = $4`, next.UTC(), reason, url, feedID)
	return err
}
