package tone

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/store"
)

// Cells asks a store for the cells a series by period needs, in one
// query: the stories of the given statuses (every status when none is
// given) matching f, with the period as the store's hint, so that a series
// by week or month is summed from the store's weekly or monthly cells
// rather than from every day's. Build over the cells gives the same series
// as over the day cells of the same stories.
func Cells(ctx context.Context, ss store.StoryStore, f store.StoryFilter, by Period, statuses ...string) ([]store.ToneCell, error) {
	switch by {
	case Day, Week, Month:
	default:
		return nil, fmt.Errorf("period %q: want day, week or month", by)
	}
	f.Period = string(by)
	f.Statuses = statuses
	cells, err := ss.ToneCells(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("tone cells by %s: %w", by, err)
	}
	return cells, nil
}
