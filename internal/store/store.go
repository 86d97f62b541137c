// Package store defines the one Store interface that every stage reads and
// writes through, and the migrations both implementations (store/sqlite,
// store/postgres) run in their own dialects.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
)

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// Store keeps articles and the records extracted from them.
type Store interface {
	// PutArticle stores an article with its records in one transaction.
	// An article whose canonical URL or content hash is already stored is
	// not stored again: PutArticle then returns stored=false and the id of
	// the article already there.
	PutArticle(ctx context.Context, a *article.Article, recs *record.Records) (id string, stored bool, err error)
	// PutArticles stores many articles in one transaction, each inside its
	// own savepoint: an article that fails is rolled back alone and its
	// error returned in its result, the others commit together. A crash
	// leaves every article of the batch either wholly in or wholly out.
	// The error is for the batch as a whole (the commit failed).
	PutArticles(ctx context.Context, batch []Put) ([]PutResult, error)
	// GetArticle returns one article, or ErrNotFound.
	GetArticle(ctx context.Context, id string) (*article.Article, error)
	// ListArticles returns articles newest first (by date, then by ingest).
	ListArticles(ctx context.Context, f ArticleFilter) ([]article.Article, error)
	// EachArticle streams every article matching f (Limit and Offset
	// ignored) in storage order; fn returning an error stops the walk.
	EachArticle(ctx context.Context, f ArticleFilter, fn func(*article.Article) error) error
	// CountArticles returns how many articles are stored.
	CountArticles(ctx context.Context) (int, error)
	// Search runs a full-text query over titles and texts, best first.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	// Records returns what was extracted from one article.
	Records(ctx context.Context, articleID string) (*record.Records, error)
	// ReplaceRecords swaps an article's extracted records for new ones in
	// one transaction (used when re-extracting after a dictionary change).
	ReplaceRecords(ctx context.Context, articleID string, recs *record.Records) error
	// Events lists stored events matching a filter, by date.
	Events(ctx context.Context, f EventFilter) ([]record.Event, error)
	// EachEvent streams the events matching a filter, by date, without
	// holding them all in memory; fn returning an error stops the walk.
	EachEvent(ctx context.Context, f EventFilter, fn func(*record.Event) error) error
	// PutEvents stores events that come without an article (imported
	// event data such as GDELT exports) in one transaction; an event whose
	// id is already stored is skipped. It returns how many were new.
	PutEvents(ctx context.Context, events []record.Event) (stored int, err error)
	// Claims, Deadlines and Facts list stored records across articles.
	Claims(ctx context.Context, f RecordFilter) ([]record.Claim, error)
	Deadlines(ctx context.Context, f RecordFilter) ([]record.Deadline, error)
	Facts(ctx context.Context, f RecordFilter) ([]record.Fact, error)
	// LinkClaim sets which stored claim a claim denies; SetDeadlineStatus
	// records what later reports said of a deadline. Both are what linking
	// across articles writes; ErrNotFound for an unknown id.
	LinkClaim(ctx context.Context, claimID, deniesID string) error
	SetDeadlineStatus(ctx context.Context, deadlineID, status string) error
	// Kind names the implementation ("sqlite" or "postgres").
	Kind() string
	Close() error
}

// Put is one article and its records for PutArticles.
type Put struct {
	Article *article.Article
	Records *record.Records
}

// PutResult is what became of one Put.
type PutResult struct {
	ID     string // the article's id, or the id of the article it duplicates
	Stored bool
	Err    error
}

// ArticleFilter narrows ListArticles. Zero values mean no constraint.
type ArticleFilter struct {
	Since  time.Time // articles dated on or after
	Until  time.Time // and before
	Source string    // outlet name, exact
	Limit  int       // 0 means 100
	Offset int
}

// EventFilter narrows Events. Countries are ISO alpha-3 or CAMEO region
// codes; Root is a two-digit CAMEO root.
type EventFilter struct {
	ArticleID     string
	SourceCountry string
	TargetCountry string
	Root          string
	From, To      string // ISO dates, inclusive
	Limit         int
}

// RecordFilter narrows Claims, Deadlines and Facts. Country matches the
// speaker's country (claims) or any actor's (deadlines, by their JSON);
// From and To bound the record's date (claims, facts) or due date
// (deadlines), inclusive; Kind is a claim stance, a deadline kind or a fact
// kind. Results come by date (soonest due first for deadlines).
type RecordFilter struct {
	Country  string
	From, To string
	Kind     string
	Limit    int // 0 means 200
}

// SearchQuery is a full-text query. Text follows web-search syntax: words
// are ANDed, "quoted phrases" match as phrases, OR between terms, and a
// leading - excludes a term.
type SearchQuery struct {
	Text  string
	Limit int // 0 means 20
}

// SearchHit is one search result.
type SearchHit struct {
	Article article.Article `json:"article"`
	Score   float64         `json:"score"`   // higher is better
	Snippet string          `json:"snippet"` // matched words wrapped in [ ]
}

// Limit returns n, or def when n is not positive.
func Limit(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
