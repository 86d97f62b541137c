package store

import (
	"context"
	"time"

	"github.com/sitrep/sitrep/internal/article"
)

// FeedStore keeps the subscribed feeds, where each one's polling stands,
// the pages waiting to be fetched, and which feeds and URLs every article
// was seen at. Both stores implement it beside Store; callers reach it
// with a type assertion (st.(store.FeedStore)).
type FeedStore interface {
	// AddFeed subscribes to f.URL. When the URL is already subscribed it
	// returns the stored feed and added=false, changing nothing.
	AddFeed(ctx context.Context, f Feed) (stored Feed, added bool, err error)
	// Feed returns one feed with its article count, or ErrNotFound.
	Feed(ctx context.Context, id int64) (Feed, error)
	// FeedByURL returns the feed subscribed at exactly url, or ErrNotFound.
	FeedByURL(ctx context.Context, url string) (Feed, error)
	// Feeds lists every feed by id, with article counts.
	Feeds(ctx context.Context) ([]Feed, error)
	// RemoveFeed unsubscribes; its waiting pages go, the articles stay and
	// keep the feed's URL among their sources. ErrNotFound when absent.
	RemoveFeed(ctx context.Context, id int64) error
	// DueFeeds returns up to limit feeds whose next fetch is at or before
	// now, the most overdue first.
	DueFeeds(ctx context.Context, now time.Time, limit int) ([]Feed, error)
	// NextDue returns the earliest next fetch of any feed or waiting page;
	// ok is false when there is nothing to do.
	NextDue(ctx context.Context) (at time.Time, ok bool, err error)
	// SaveFeedPoll records the outcome of one poll of a feed in one
	// transaction: f's state columns (title, etag, last_modified,
	// last_fetch, next_fetch, last_error, error_count), where its items'
	// articles were seen, and its pages to fetch (a page already queued for
	// the feed is left as it is). ErrNotFound when the feed was removed
	// meanwhile (then nothing is written).
	SaveFeedPoll(ctx context.Context, f Feed, srcs []ArticleSource, pages []PendingPage) error
	// AddArticleSources records where articles were seen; a source already
	// recorded is skipped.
	AddArticleSources(ctx context.Context, srcs []ArticleSource) error
	// ArticleSources lists where one article was seen, oldest first.
	ArticleSources(ctx context.Context, articleID string) ([]ArticleSource, error)
	// KnownURLs returns, for those of the canonical URLs given that lead
	// to a stored article (as its canonical URL or as a recorded source),
	// the article's id.
	KnownURLs(ctx context.Context, urls []string) (map[string]string, error)
	// PendingPages returns up to limit queued pages due at or before now,
	// oldest first.
	PendingPages(ctx context.Context, now time.Time, limit int) ([]PendingPage, error)
	// FinishPages records where the pages' articles were seen and takes
	// the pages off the queue, in one transaction.
	FinishPages(ctx context.Context, srcs []ArticleSource, done []PageRef) error
	// RetryPage records a failed page fetch: attempts go up by one and the
	// page waits until next.
	RetryPage(ctx context.Context, url string, feedID int64, next time.Time, reason string) error
}

// Feed is one subscription and where its polling stands.
type Feed struct {
	ID           int64
	URL          string
	Title        string
	Interval     time.Duration // how often to poll when all is well
	ETag         string        // validators from the last full response,
	LastModified string        // sent back for a conditional GET
	LastFetch    *time.Time    // nil before the first attempt
	NextFetch    time.Time
	LastError    string // "" after a success
	ErrorCount   int    // failures in a row; the backoff grows with it
	Created      time.Time
	Articles     int // articles seen in this feed (read-only)
}

// ArticleSource says that an article was seen at a URL, through a feed
// (FeedURL, and FeedID while the feed is subscribed) or fetched directly
// (FeedURL "").
type ArticleSource struct {
	ArticleID string
	URL       string // canonical URL the article was reached at; "" when the item had none
	FeedURL   string
	FeedID    int64 // 0 when none
	SeenAt    time.Time
}

// PageRef names one queued page: a page linked from two feeds is queued
// once for each.
type PageRef struct {
	URL    string
	FeedID int64
}

// PendingPage is a feed item whose page is still to be fetched: the item
// waits here, as a draft article, so that a crash or a failed fetch loses
// nothing.
type PendingPage struct {
	URL       string // canonical URL of the page (the key, with FeedID)
	Link      string // the link as the feed gave it
	FeedID    int64
	FeedURL   string // read-only: the feed's URL
	Draft     article.Article
	Attempts  int
	NextTry   time.Time
	LastError string
	Added     time.Time
}
