package store

import (
	"context"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// ChangedStoryLister is implemented by stores that find the stories changed
// since an instant through the index on their change time, whatever the
// store's size (watch evaluates after every batch of articles). It is
// optional: callers find it by type assertion and fall back to Stories
// with StoryFilter.ChangedSince.
type ChangedStoryLister interface {
	// EachStoryChangedSince calls fn with every story created or changed
	// after since, in change order; Articles and EventIDs are left empty,
	// as in Stories.
	EachStoryChangedSince(ctx context.Context, since time.Time, fn func(*record.Story) error) error
}
