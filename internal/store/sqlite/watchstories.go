package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.ChangedStoryLister = (*Store)(nil)

// EachStoryChangedSince streams the stories changed after since. Ordered
// by updated_at, the query walks the stories_updated index from since on;
// ordered by date (Stories), SQLite would walk every story by date and
// test each one's change time.
func (s *Store) EachStoryChangedSince(ctx context.Context, since time.Time, fn func(*record.Story) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+dialect.StorySelect()+` FROM stories WHERE updated_at > ? ORDER BY updated_at, id`, tsArg(since))
	if err != nil {
		return fmt.Errorf("stories changed since %s: %w", since.Format(time.RFC3339), err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := store.ScanStory(rows)
		if err != nil {
			return err
		}
		if err := fn(&st); err != nil {
			return err
		}
	}
	return rows.Err()
}
