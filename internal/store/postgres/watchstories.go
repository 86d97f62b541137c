package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.ChangedStoryLister = (*Store)(nil)

// EachStoryChangedSince streams the stories changed after since, through
// the stories_updated index.
func (s *Store) EachStoryChangedSince(ctx context.Context, since time.Time, fn func(*record.Story) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+dialect.StorySelect()+` FROM stories WHERE updated_at > $1 ORDER BY updated_at, id COLLATE "C"`, timeArg(since))
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
