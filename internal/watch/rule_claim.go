package watch

import (
	"context"
	"fmt"
	"slices"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// claimRule holds for each claim fitting it dated within its window (7
// days unless it says): a denial, by given speakers, about a pair (the
// speaker and the actors its words name cover both sides), with a phrase.
type claimRule struct{ base }

func (r *claimRule) Causes(ctx context.Context, in *Inputs, prev map[string]store.Alert, fresh bool) ([]Cause, error) {
	within := r.within(DefaultEventWindow)
	today := in.nowDay()
	var cands []record.Claim
	var err error
	if fresh {
		cands, err = in.RecentClaims(ctx, today.Add(-within))
	} else {
		cands, err = in.NewClaims(ctx)
	}
	if err != nil {
		return nil, err
	}
	var out []Cause
	seen := map[string]bool{}
	for i := range cands {
		c := &cands[i]
		id := "claim:" + c.ID
		seen[id] = true
		ok, until := inWindow(c.Date, today, within)
		if !ok || !r.fits(in, c) {
			continue
		}
		cause := Cause{ID: id, Until: until,
			Title:   claimTitle(c),
			Summary: fmt.Sprintf("%s, %s (%s): %s", c.Date, speakerName(c.Speaker), c.Stance, oneLine(c.Text, 300)),
			Detail:  map[string]any{"claim": c.ID, "stance": c.Stance, "speaker": country(c.Speaker), "date": c.Date, "denies": c.Denies}}
		l, err := in.ArticleLink(ctx, c.ArticleID)
		if err != nil {
			return nil, err
		}
		cause.Links = []store.AlertLink{l}
		out = append(out, cause)
	}
	if !fresh {
		for id, a := range prev {
			if !seen[id] {
				if c, ok := carry(a, in.Now); ok {
					out = append(out, c)
				}
			}
		}
	}
	return out, nil
}

func (r *claimRule) fits(in *Inputs, c *record.Claim) bool {
	s := r.spec
	if s.Denial && c.Stance != "deny" {
		return false
	}
	if len(s.Speakers) > 0 && !actorIsAny(c.Speaker, s.Speakers) {
		return false
	}
	if s.About != "" && !containsPhrase(c.Text, s.About) {
		return false
	}
	if !s.Pair.IsZero() {
		d, _, _ := dateRange(c.Date)
		if d.IsZero() {
			d = in.Now
		}
		var named []string
		if in.mat != nil {
			named = mentions(in.mat(), c.Text, d)
		}
		covers := func(code string) bool {
			return actorIs(c.Speaker, code) || slices.Contains(named, code)
		}
		if !covers(s.Pair.A) || !covers(s.Pair.B) {
			return false
		}
	}
	return true
}

func speakerName(a *record.Actor) string {
	if a == nil {
		return "an unnamed speaker"
	}
	if a.Name != "" {
		return a.Name
	}
	if a.Text != "" {
		return a.Text
	}
	return side(a)
}

func claimTitle(c *record.Claim) string {
	verb := "says"
	switch c.Stance {
	case "deny":
		verb = "denies"
	case "confirm":
		verb = "confirms"
	case "retract":
		verb = "retracts"
	}
	return speakerName(c.Speaker) + " " + verb + ": " + oneLine(c.Text, 100)
}
