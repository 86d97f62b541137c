package store

import (
	"context"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// StoryStore keeps the stories merged from events (internal/story writes
// them) and answers the queries timelines, tone, watch, brief and the web
// UI are built on. Both stores implement it beside Store; callers reach it
// with a type assertion (st.(store.StoryStore)).
type StoryStore interface {
	// Stories lists the stories matching f in date order (oldest first;
	// f.Desc for newest first), at most f.Limit of them, and the cursor of
	// the page after (empty at the end).
	Stories(ctx context.Context, f StoryFilter) (stories []record.Story, next string, err error)
	// GetStory returns one story with its articles and event ids, or an
	// error wrapping ErrNotFound.
	GetStory(ctx context.Context, id string) (*record.Story, error)
	// ToneCells returns, for every day with stories matching f (Cursor,
	// Limit and Desc ignored), per direction and quad class, the story
	// count and Goldstein sum — the pre-aggregated ground tone series are
	// built on. Cells come by date, then source, target and quad. A story
	// dated only to a month or year counts on that period's first day.
	//
	// With f.Period "week" or "month" the cells may be coarser: a cell
	// then sums a whole ISO week (Monday to Sunday) or month and is dated
	// on its first day. A period that f.From or f.To cut short still comes
	// day by day, so no cell ever counts a day outside the range, and
	// binning the cells by the period gives what binning day cells would.
	ToneCells(ctx context.Context, f StoryFilter) ([]ToneCell, error)
	// SaveStories writes stories whole (with their Articles and EventIDs;
	// a story already stored under the same id is replaced, its UpdatedAt
	// set to now) and deletes the stories named in remove, in one
	// transaction, keeping the tone aggregates in step.
	SaveStories(ctx context.Context, upsert []record.Story, remove []string) error
	// ClearStories deletes every story (sitrep restory starts from here).
	ClearStories(ctx context.Context) error
}

// StoryRefLister answers a timeline in two steps, for callers that keep
// stories they have seen (the web server's encoded stories): the page's
// ids and versions from the index alone, then only the stories the
// caller does not hold. Both stores implement it beside StoryStore.
type StoryRefLister interface {
	// StoryRefs lists what Stories(f) would, as references: the same
	// stories in the same order, and the same cursor.
	StoryRefs(ctx context.Context, f StoryFilter) (refs []StoryRef, next string, err error)
	// StoriesByID returns the stored stories among ids (without their
	// articles and events, as Stories gives them), in no set order;
	// ids no story has are left out.
	StoriesByID(ctx context.Context, ids []string) ([]record.Story, error)
}

// StoryRef names one stored story and its version: saving a story sets a
// new UpdatedAt, so (ID, UpdatedAt) names its content.
type StoryRef struct {
	ID        string
	Date      string
	UpdatedAt time.Time
}

// StoryFilter narrows Stories and ToneCells. Countries are ISO alpha-3 or
// CAMEO region codes; zero values mean no constraint.
type StoryFilter struct {
	Actor  string // either side's country
	Source string // the source side's country (a directional dyad with Target)
	Target string
	Both   bool   // a dyad matches in either direction
	From   string // ISO date, inclusive
	To     string
	Root   string // two-digit CAMEO root
	Quad   int    // 1–4
	Status string
	// Statuses keeps the stories of any of these statuses (with Status,
	// both must hold): tone counts every status but one in one query.
	Statuses []string
	// Period is a hint for ToneCells: "week" or "month" lets it answer
	// from its weekly or monthly sums (see ToneCells); "" or "day" gives
	// day cells. Stories ignores it.
	Period string
	// ChangedSince keeps stories created or changed after that instant
	// (what a watch evaluator has not seen yet).
	ChangedSince time.Time
	Desc         bool
	Cursor       string
	Limit        int // 0 means 100
}

// ToneCell is one day's stories for one direction and quad class.
type ToneCell struct {
	Date         string  `json:"date"` // ISO day
	Source       string  `json:"source"`
	Target       string  `json:"target"`
	Quad         int     `json:"quad"`
	Count        int     `json:"count"`
	GoldsteinSum float64 `json:"goldstein_sum"`
}

// StoryLinks is what merging reads beside StoryStore, to find the stories
// new or changed reports touch and the reports a claim disputes. Both
// stores implement it.
type StoryLinks interface {
	// StoriesOfEvents maps each of the given event ids that a stored
	// story holds to that story's id.
	StoriesOfEvents(ctx context.Context, eventIDs []string) (map[string]string, error)
	// StoriesOfArticles returns the ids of the stored stories that hold a
	// report from any of the given articles, sorted.
	StoriesOfArticles(ctx context.Context, articleIDs []string) ([]string, error)
	// DisputedSentences returns the sentences of the given articles (all
	// articles when nil) that carry a denial, or a claim that a stored
	// claim denies: the reports there are disputed.
	DisputedSentences(ctx context.Context, articleIDs []string) ([]ArticleSentence, error)
	// DeniedArticles returns the ids of the articles whose claims the
	// claims of the given articles deny, sorted.
	DeniedArticles(ctx context.Context, articleIDs []string) ([]string, error)
	// StoryEvents returns the stored events a stored story holds, by id
	// (events deleted since the story was saved are left out).
	StoryEvents(ctx context.Context, storyID string) ([]record.Event, error)
	// UnstoriedEvents streams the stored events no story holds.
	UnstoriedEvents(ctx context.Context, fn func(*record.Event) error) error
}

// ArticleSentence names one sentence of one article.
type ArticleSentence struct {
	ArticleID string
	Sentence  int
}
