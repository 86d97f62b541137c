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
	// built on. Cells come by date, then source, target and quad.
	ToneCells(ctx context.Context, f StoryFilter) ([]ToneCell, error)
	// SaveStories writes stories whole (with their Articles and EventIDs;
	// a story already stored under the same id is replaced, its UpdatedAt
	// set to now) and deletes the stories named in remove, in one
	// transaction, keeping the tone aggregates in step.
	SaveStories(ctx context.Context, upsert []record.Story, remove []string) error
	// ClearStories deletes every story (sitrep restory starts from here).
	ClearStories(ctx context.Context) error
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
