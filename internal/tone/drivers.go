package tone

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// pageSize is how many stories Explain asks the store for at a time.
const pageSize = 500

// Explain fills each shift's Drivers with up to n stories of its period
// and direction, fetched from the store: those that moved the period most
// towards its change (TopDrivers). With statuses, only stories of those
// statuses count, as in the cells the series was built from. A story
// counts in the period holding its day as the tone cells place it (a
// story dated only to a month, on the month's first day).
func Explain(ctx context.Context, ss store.StoryStore, shifts []Shift, n int, statuses ...string) error {
	for i := range shifts {
		sh := &shifts[i]
		f := store.StoryFilter{Source: sh.Source, Target: sh.Target, From: listFrom(sh.Start), To: sh.End, Limit: pageSize}
		var all []record.Story
		for {
			page, next, err := ss.Stories(ctx, f)
			if err != nil {
				return fmt.Errorf("stories of %s %s: %w", sh.Dyad, sh.Period, err)
			}
			for _, st := range page {
				if day := store.StoryDay(st.Date); day < sh.Start || day > sh.End {
					continue
				}
				if len(statuses) > 0 && !slices.Contains(statuses, st.Status) {
					continue
				}
				all = append(all, st)
			}
			// Keep memory bounded on a busy period: only the best n matter.
			if len(all) > 4*pageSize {
				all = TopDrivers(all, sh.Change, n)
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
		sh.Drivers = TopDrivers(all, sh.Change, n)
	}
	return nil
}

// listFrom is the lower date bound that lists a period's stories: dates
// compare as text, so a period opening a month must also take the stories
// dated to that month only ("2025-03" sorts before "2025-03-01"), and one
// opening a year those dated to the year.
func listFrom(start string) string {
	switch {
	case strings.HasSuffix(start, "-01-01"):
		return start[:4]
	case strings.HasSuffix(start, "-01"):
		return start[:7]
	}
	return start
}

// TopDrivers returns the n stories that pull hardest in the direction of
// change: for "down" the most hostile (lowest Goldstein) first, for "up"
// the most cooperative first. Ties go to the story with more independent
// sources, then the earlier date, then the smaller id, so the choice is
// the same on every run. Against the window's baseline, the first stories
// of a fall are those below it even when every story of the period was
// cooperative, so none is left out for its sign.
func TopDrivers(stories []record.Story, change string, n int) []record.Story {
	sign := 1.0
	if change == "down" {
		sign = -1
	}
	out := slices.Clone(stories)
	slices.SortFunc(out, func(a, b record.Story) int {
		if c := cmp.Compare(sign*b.Goldstein, sign*a.Goldstein); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Sources, a.Sources); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(out) > n {
		out = out[:n:n]
	}
	return out
}
