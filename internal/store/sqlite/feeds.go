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

var _ store.FeedStore = (*Store)(nil)

// tsLayout is fixed-width so that stored times sort as text.
const tsLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

func nullTS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

const feedColumns = `f.id, f.url, f.title, f.interval_s, f.etag, f.last_modified, f.last_fetch, f.next_fetch,
	f.last_error, f.error_count, f.created_at,
	(SELECT COUNT(DISTINCT s.article_id) FROM article_sources s WHERE s.feed_id = f.id)`

func scanFeed(sc store.Scanner) (store.Feed, error) {
	var f store.Feed
	var interval int64
	var last sql.NullString
	var next, created string
	err := sc.Scan(&f.ID, &f.URL, &f.Title, &interval, &f.ETag, &f.LastModified, &last, &next,
		&f.LastError, &f.ErrorCount, &created, &f.Articles)
	if err != nil {
		return f, err
	}
	f.Interval = time.Duration(interval) * time.Second
	if last.Valid {
		t := parseTS(last.String)
		f.LastFetch = &t
	}
	f.NextFetch, f.Created = parseTS(next), parseTS(created)
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
	res, err := s.w.ExecContext(ctx, `INSERT INTO feeds (url, title, interval_s, next_fetch, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
		f.URL, f.Title, int64(f.Interval/time.Second), ts(f.NextFetch), ts(f.Created))
	if err != nil {
		return store.Feed{}, false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	n, _ := res.RowsAffected()
	got, err := s.FeedByURL(ctx, f.URL)
	return got, n > 0, err
}

// Feed returns one feed by id.
func (s *Store) Feed(ctx context.Context, id int64) (store.Feed, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
	}
	return f, err
}

// FeedByURL returns the feed subscribed at url.
func (s *Store) FeedByURL(ctx context.Context, url string) (store.Feed, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.url = ?`, url))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feed %s: %w", url, store.ErrNotFound)
	}
	return f, err
}

// Feeds lists every feed by id.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	return queryAll(ctx, s.r, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.id`, scanFeed)
}

// RemoveFeed unsubscribes from one feed.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove feed %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// DueFeeds returns the feeds due at now, most overdue first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]store.Feed, error) {
	return queryAll(ctx, s.r, `SELECT `+feedColumns+` FROM feeds f WHERE f.next_fetch <= ? ORDER BY f.next_fetch, f.id LIMIT ?`,
		scanFeed, ts(now), store.Limit(limit, 100))
}

// NextDue returns the earliest time any feed or queued page is due.
func (s *Store) NextDue(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT MIN(t) FROM (
		SELECT MIN(next_fetch) AS t FROM feeds UNION ALL SELECT MIN(next_try) FROM page_queue)`).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, false, err
	}
	return parseTS(at.String), true, nil
}

// SaveFeedPoll records a poll's outcome, its items' sources and its
// queued pages together.
func (s *Store) SaveFeedPoll(ctx context.Context, f store.Feed, srcs []store.ArticleSource, pages []store.PendingPage) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_fetch = ?,
		next_fetch = ?, last_error = ?, error_count = ? WHERE id = ?`,
		f.Title, f.ETag, f.LastModified, nullTS(f.LastFetch), ts(f.NextFetch), f.LastError, f.ErrorCount, f.ID)
	if err != nil {
		return fmt.Errorf("feed %s: save poll: %w", f.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %d: %w", f.ID, store.ErrNotFound)
	}
	if err := insertSources(ctx, tx, srcs); err != nil {
		return err
	}
	if len(pages) > 0 {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO page_queue (url, feed_id, link, draft, next_try, added_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url, feed_id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range pages {
			draft, err := json.Marshal(&p.Draft)
			if err != nil {
				return fmt.Errorf("page %s: %w", p.URL, err)
			}
			added := p.Added
			if added.IsZero() {
				added = p.NextTry
			}
			if _, err := stmt.ExecContext(ctx, p.URL, f.ID, p.Link, string(draft), ts(p.NextTry), ts(added)); err != nil {
				return fmt.Errorf("queue page %s: %w", p.URL, err)
			}
		}
	}
	return tx.Commit()
}

// AddArticleSources records where articles were seen.
func (s *Store) AddArticleSources(ctx context.Context, srcs []store.ArticleSource) error {
	if len(srcs) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertSources(ctx, tx, srcs); err != nil {
		return err
	}
	return tx.Commit()
}

func insertSources(ctx context.Context, tx *sql.Tx, srcs []store.ArticleSource) error {
	if len(srcs) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO article_sources (article_id, url, feed_url, feed_id, seen_at)
		VALUES (?, ?, ?, (SELECT id FROM feeds WHERE id = ?), ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, src := range srcs {
		if _, err := stmt.ExecContext(ctx, src.ArticleID, src.URL, src.FeedURL, src.FeedID, ts(src.SeenAt)); err != nil {
			return fmt.Errorf("article %s: source %s: %w", src.ArticleID, src.URL, err)
		}
	}
	return nil
}

// ArticleSources lists where one article was seen.
func (s *Store) ArticleSources(ctx context.Context, articleID string) ([]store.ArticleSource, error) {
	return queryAll(ctx, s.r, `SELECT article_id, url, feed_url, COALESCE(feed_id, 0), seen_at FROM article_sources
		WHERE article_id = ? ORDER BY seen_at, feed_url, url`, func(sc store.Scanner) (store.ArticleSource, error) {
		var src store.ArticleSource
		var seen string
		err := sc.Scan(&src.ArticleID, &src.URL, &src.FeedURL, &src.FeedID, &seen)
		src.SeenAt = parseTS(seen)
		return src, err
	}, articleID)
}

// KnownURLs maps those of urls that lead to a stored article to its id.
func (s *Store) KnownURLs(ctx context.Context, urls []string) (map[string]string, error) {
	known := map[string]string{}
	const chunk = 400 // well under SQLite's bound-parameter limit
	for len(urls) > 0 {
		part := urls[:min(chunk, len(urls))]
		urls = urls[len(part):]
		args := make([]any, 0, 2*len(part))
		for _, u := range part {
			args = append(args, u)
		}
		args = append(args, args...)
		in := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		rows, err := s.r.QueryContext(ctx, `SELECT url, article_id FROM article_sources WHERE url <> '' AND url IN (`+in+`)
			UNION ALL SELECT canonical_url, id FROM articles WHERE canonical_url IN (`+in+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("known URLs: %w", err)
		}
		for rows.Next() {
			var u, id string
			if err := rows.Scan(&u, &id); err != nil {
				rows.Close()
				return nil, err
			}
			known[u] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return known, nil
}

// PendingPages returns queued pages due at now, oldest first.
func (s *Store) PendingPages(ctx context.Context, now time.Time, limit int) ([]store.PendingPage, error) {
	return queryAll(ctx, s.r, `SELECT q.url, q.link, q.feed_id, f.url, q.draft, q.attempts, q.next_try, q.last_error, q.added_at
		FROM page_queue q JOIN feeds f ON f.id = q.feed_id
		WHERE q.next_try <= ? ORDER BY q.next_try, q.added_at, q.url LIMIT ?`, scanPage, ts(now), store.Limit(limit, 100))
}

func scanPage(sc store.Scanner) (store.PendingPage, error) {
	var p store.PendingPage
	var draft, next, added string
	if err := sc.Scan(&p.URL, &p.Link, &p.FeedID, &p.FeedURL, &draft, &p.Attempts, &next, &p.LastError, &added); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(draft), &p.Draft); err != nil {
		return p, fmt.Errorf("queued page %s: draft: %w", p.URL, err)
	}
	p.NextTry, p.Added = parseTS(next), parseTS(added)
	return p, nil
}

// FinishPages records the pages' sources and takes them off the queue.
func (s *Store) FinishPages(ctx context.Context, srcs []store.ArticleSource, done []store.PageRef) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertSources(ctx, tx, srcs); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `DELETE FROM page_queue WHERE url = ? AND feed_id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, d := range done {
		if _, err := stmt.ExecContext(ctx, d.URL, d.FeedID); err != nil {
			return fmt.Errorf("finish page %s: %w", d.URL, err)
		}
	}
	return tx.Commit()
}

// RetryPage records a failed fetch of a queued page.
func (s *Store) RetryPage(ctx context.Context, url string, feedID int64, next time.Time, reason string) error {
	_, err := s.w.ExecContext(ctx, `UPDATE page_queue SET attempts = attempts + 1, next_try = ?, last_error = ?
		WHERE url = ? AND feed_id = ?`, ts(next), reason, url, feedID)
	return err
}
