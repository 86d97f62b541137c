package watch

import (
	"context"
	"fmt"
	"slices"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// deadlineRule holds for each open deadline coming due within its span
// ("due"), or for each deadline that passed within its span with one of
// its statuses ("passed"; a passed deadline still open is unknown).
type deadlineRule struct{ base }

func (r *deadlineRule) Causes(ctx context.Context, in *Inputs, _ map[string]store.Alert, _ bool) ([]Cause, error) {
	ds, err := in.Deadlines(ctx)
	if err != nil {
		return nil, err
	}
	s := r.spec
	today := in.nowDay()
	var out []Cause
	for i := range ds {
		d := &ds[i]
		from, to, ok := dateRange(d.Due)
		if !ok || !r.fits(d) {
			continue
		}
		status := d.Status
		if status == "" {
			status = "open"
		}
		var c Cause
		if s.Passed {
			within := r.within(DefaultPassedWindow)
			if !to.Before(today) || today.After(to.Add(within)) {
				continue
			}
			if len(s.Statuses) > 0 && !slices.Contains(s.Statuses, status) && !(status == "open" && slices.Contains(s.Statuses, "unknown")) {
				continue
			}
			shown := status
			if shown == "open" {
				shown = "unknown"
			}
			ago := daysBetween(to, today)
			c = Cause{Title: fmt.Sprintf("Passed %s: %s (%s)", d.Due, oneLine(d.What, 120), shown),
				Summary: fmt.Sprintf("%s %s passed %d day%s ago (due %s); status %s. %s", d.Kind, quoteWhat(d.What), ago, plural(ago), d.Due, shown, oneLine(d.Text, 240)),
				Until:   to.Add(within).AddDate(0, 0, 1),
				Detail:  map[string]any{"deadline": d.ID, "due": d.Due, "kind": d.Kind, "status": shown, "days_ago": ago}}
		} else {
			if status != "open" || to.Before(today) || from.After(today.Add(s.Within)) {
				continue
			}
			left := max(0, daysBetween(today, to))
			when := fmt.Sprintf("in %d day%s", left, plural(left))
			if left == 0 {
				when = "today"
			}
			c = Cause{Title: fmt.Sprintf("Due %s (%s): %s", d.Due, when, oneLine(d.What, 120)),
				Summary: fmt.Sprintf("%s %s falls due %s (%s), involving %s. %s", d.Kind, quoteWhat(d.What), when, d.Due, actorNames(d.Actors), oneLine(d.Text, 240)),
				Until:   to.AddDate(0, 0, 1),
				Detail:  map[string]any{"deadline": d.ID, "due": d.Due, "kind": d.Kind, "days_left": left}}
		}
		c.ID = "deadline:" + d.ID
		if d.ArticleID != "" {
			l, err := in.ArticleLink(ctx, d.ArticleID)
			if err != nil {
				return nil, err
			}
			c.Links = []store.AlertLink{l}
		}
		out = append(out, c)
	}
	return out, nil
}

// fits checks everything but the dates and status.
func (r *deadlineRule) fits(d *record.Deadline) bool {
	s := r.spec
	if len(s.DeadlineKinds) > 0 && !slices.Contains(s.DeadlineKinds, d.Kind) {
		return false
	}
	if len(s.Involving) > 0 && !slices.ContainsFunc(d.Actors, func(a record.Actor) bool { return actorIsAny(&a, s.Involving) }) {
		return false
	}
	if s.About != "" && !containsPhrase(d.What+" \n "+d.Text, s.About) {
		return false
	}
	return true
}

func quoteWhat(s string) string { return "“" + oneLine(s, 120) + "”" }

func actorNames(as []record.Actor) string {
	if len(as) == 0 {
		return "no named actor"
	}
	var out []string
	for i := range as {
		if n := side(&as[i]); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return joinAnd(out)
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	s := ""
	for i, x := range xs[:len(xs)-1] {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s + " and " + xs[len(xs)-1]
}
