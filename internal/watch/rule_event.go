package watch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// eventRule holds for each story matching its pattern, dated within its
// window (7 days unless it says).
type eventRule struct{ base }

func (r *eventRule) Causes(ctx context.Context, in *Inputs, prev map[string]store.Alert, fresh bool) ([]Cause, error) {
	within := r.within(DefaultEventWindow)
	today := in.nowDay()
	var idx *storyIndex
	var err error
	if fresh {
		idx, err = in.recentIndex(ctx, today.Add(-within))
	} else {
		idx, err = in.changedIndex(ctx)
	}
	if err != nil {
		return nil, err
	}
	var out []Cause
	for _, i := range idx.candidates(r.spec.Story) {
		s := &idx.all[i]
		if !r.spec.Story.Matches(s) {
			continue
		}
		ok, until := inWindow(s.Date, today, within)
		if !ok {
			continue
		}
		c, err := storyCause(ctx, in, s, until)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if !fresh {
		for id, a := range prev {
			if !idx.ids[id] {
				if c, ok := carry(a, in.Now); ok {
					out = append(out, c)
				}
			}
		}
	}
	return out, nil
}

// storyCause describes a story as an alert's cause.
func storyCause(ctx context.Context, in *Inputs, s *record.Story, until time.Time) (Cause, error) {
	links, err := in.StoryLinks(ctx, s.ID)
	if err != nil {
		return Cause{}, err
	}
	return Cause{
		ID:    "story:" + s.ID,
		Title: storyTitle(s),
		Summary: fmt.Sprintf("%s: %s (%s; %d independent source%s, %d report%s; Goldstein %+.1f)",
			s.Date, oneLine(s.Text, 240), s.Status, s.Sources, plural(s.Sources), s.Reports, plural(s.Reports), s.Goldstein),
		Links: links,
		Until: until,
		Detail: map[string]any{"story": s.ID, "date": s.Date, "cameo": s.CAMEO, "status": s.Status,
			"sources": s.Sources, "goldstein": s.Goldstein, "source": country(s.Source), "target": country(s.Target)},
	}, nil
}

// storyTitle is a story in a few words: who, what, whom.
func storyTitle(s *record.Story) string {
	label := strings.TrimSuffix(s.Label, ", not specified below")
	if label == "" {
		label = "CAMEO " + s.CAMEO
	}
	return strings.TrimSpace(side(s.Source) + " " + strings.ToLower(label) + " " + side(s.Target))
}

func side(a *record.Actor) string {
	if a == nil {
		return "?"
	}
	if a.Name != "" {
		return a.Name
	}
	if a.Country != "" {
		return a.Country
	}
	return a.Code
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// oneLine folds s onto one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
