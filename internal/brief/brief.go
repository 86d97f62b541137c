// Package brief writes the situation report: what happened in a period
// (the top stories, by independent sources and intensity), who said what
// (key claims and denials), the deadlines ahead, the tone between the
// pairs that matter (with a chart), how markets reacted to the main
// stories (CAR and significance, when price series are stored), and what
// to watch (the firing and pending alerts). Build gathers it from a store;
// HTML writes one self-contained page (inline CSS and SVG, no outside
// asset, every outside text escaped) and Markdown a document the common
// viewers render. Every link leads to a stored article: its own URL, or
// its entry in the report's list of sources.
package brief

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Options say which brief to build. Zero values take the defaults noted.
type Options struct {
	Now    time.Time     // the end of the period (required)
	Since  time.Duration // the period's length: 7 days
	Actors []string      // countries the brief is about; empty: all
	Top    int           // stories, claims and deadlines per section: 10
	Ahead  time.Duration // how far ahead deadlines are listed: 90 days
	Title  string        // default "Situation report"
}

// Link is one stored article a brief cites.
type Link struct {
	ArticleID string
	Title     string
	Source    string
	URL       string // empty when the article has none
	Date      string
}

// Anchor is the id of the article's entry in the list of sources.
func (l Link) Anchor() string { return "article-" + l.ArticleID }

// Href is where the link points: the article's URL, or its entry.
func (l Link) Href() string {
	if l.URL != "" {
		return l.URL
	}
	return "#" + l.Anchor()
}

// StoryItem is one story of the period.
type StoryItem struct {
	Story record.Story
	Links []Link
}

// ClaimItem is one claim, with the claim it denies when linked.
type ClaimItem struct {
	Claim  record.Claim
	Link   Link
	Denied *record.Claim // the claim this one denies, when known
}

// DeadlineItem is one deadline ahead.
type DeadlineItem struct {
	Deadline record.Deadline
	DaysLeft int
	Link     Link
}

// Brief is a situation report, ready to render.
type Brief struct {
	Title       string
	From, To    string // the period, ISO days
	Now         time.Time
	Actors      []string
	Stories     []StoryItem
	Claims      []ClaimItem
	Deadlines   []DeadlineItem
	Tone        []ToneItem
	Markets     []MarketItem
	MarketsNote string // why there are no market reactions, when there are none
	Alerts      []store.Alert
	Sources     []Link // every article cited, in order of first citation
	Notes       []string
	cited       map[string]bool
}

// Build gathers the brief from the store.
func Build(ctx context.Context, st store.Store, opt Options) (*Brief, error) {
	if opt.Now.IsZero() {
		return nil, fmt.Errorf("brief: no time given")
	}
	if opt.Since <= 0 {
		opt.Since = 7 * 24 * time.Hour
	}
	if opt.Top <= 0 {
		opt.Top = 10
	}
	if opt.Ahead <= 0 {
		opt.Ahead = 90 * 24 * time.Hour
	}
	if opt.Title == "" {
		opt.Title = "Situation report"
	}
	to := opt.Now.UTC()
	from := to.Add(-opt.Since)
	b := &Brief{Title: opt.Title, From: iso(from), To: iso(to), Now: opt.Now, Actors: opt.Actors, cited: map[string]bool{}}
	steps := []func(context.Context, store.Store, Options) error{b.stories, b.claims, b.deadlines, b.tone, b.markets, b.alerts}
	for _, step := range steps {
		if err := step(ctx, st, opt); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func iso(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// cite records an article the brief links to and returns its link.
func (b *Brief) cite(l Link) Link {
	if !b.cited[l.ArticleID] {
		b.cited[l.ArticleID] = true
		b.Sources = append(b.Sources, l)
	}
	return l
}

// article returns the link to a stored article.
func (b *Brief) article(ctx context.Context, st store.Store, id string) (Link, error) {
	a, err := st.GetArticle(ctx, id)
	if err != nil {
		return Link{}, fmt.Errorf("brief: article %s: %w", id, err)
	}
	return b.cite(Link{ArticleID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Date: a.Date}), nil
}

// about reports whether an actor belongs to the brief's countries.
func about(a *record.Actor, actors []string) bool {
	if len(actors) == 0 {
		return true
	}
	return a != nil && (slices.Contains(actors, a.Country) || (a.IGO != "" && slices.Contains(actors, a.IGO)))
}

func (b *Brief) stories(ctx context.Context, st store.Store, opt Options) error {
	ss, ok := st.(store.StoryStore)
	if !ok {
		b.Notes = append(b.Notes, "This store keeps no stories.")
		return nil
	}
	var all []record.Story
	f := store.StoryFilter{From: b.From[:7], To: b.To, Limit: 1000}
	for {
		page, next, err := ss.Stories(ctx, f)
		if err != nil {
			return fmt.Errorf("brief: stories: %w", err)
		}
		for _, s := range page {
			if s.Date < b.From && len(s.Date) == 10 {
				continue
			}
			if s.Status == record.StatusNegated {
				continue
			}
			if len(opt.Actors) > 0 && !about(s.Source, opt.Actors) && !about(s.Target, opt.Actors) {
				continue
			}
			all = append(all, s)
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	sort.SliceStable(all, func(i, j int) bool {
		x, y := all[i], all[j]
		if x.Sources != y.Sources {
			return x.Sources > y.Sources
		}
		if ax, ay := abs(x.Goldstein), abs(y.Goldstein); ax != ay {
			return ax > ay
		}
		if x.Reports != y.Reports {
			return x.Reports > y.Reports
		}
		return x.Date > y.Date
	})
	for _, s := range all[:min(opt.Top, len(all))] {
		full, err := ss.GetStory(ctx, s.ID)
		if err != nil {
			return fmt.Errorf("brief: story %s: %w", s.ID, err)
		}
		full.Label = strings.TrimSuffix(full.Label, ", not specified below")
		item := StoryItem{Story: *full}
		groups := map[int]bool{}
		for _, a := range full.Articles {
			if a.ID == "" || groups[a.Group] || len(item.Links) >= 4 {
				continue
			}
			groups[a.Group] = true
			l, err := b.article(ctx, st, a.ID)
			if err != nil {
				return err
			}
			item.Links = append(item.Links, l)
		}
		b.Stories = append(b.Stories, item)
	}
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (b *Brief) claims(ctx context.Context, st store.Store, opt Options) error {
	cs, err := st.Claims(ctx, store.RecordFilter{From: b.From, To: b.To, Limit: 100000})
	if err != nil {
		return fmt.Errorf("brief: claims: %w", err)
	}
	byID := map[string]*record.Claim{}
	for i := range cs {
		byID[cs[i].ID] = &cs[i]
	}
	var keep []record.Claim
	for _, c := range cs {
		if about(c.Speaker, opt.Actors) && c.Speaker != nil && c.Speaker.Country != "" {
			keep = append(keep, c)
		}
	}
	rank := func(c record.Claim) int {
		switch {
		case c.Stance == "deny" && c.Denies != "":
			return 0
		case c.Stance == "deny":
			return 1
		case c.Stance == "retract" || c.Stance == "confirm":
			return 2
		case c.Kind == "quote":
			return 3
		}
		return 4
	}
	sort.SliceStable(keep, func(i, j int) bool {
		if ri, rj := rank(keep[i]), rank(keep[j]); ri != rj {
			return ri < rj
		}
		return keep[i].Date > keep[j].Date
	})
	for _, c := range keep[:min(opt.Top, len(keep))] {
		l, err := b.article(ctx, st, c.ArticleID)
		if err != nil {
			return err
		}
		item := ClaimItem{Claim: c, Link: l}
		if c.Denies != "" {
			item.Denied = byID[c.Denies]
		}
		b.Claims = append(b.Claims, item)
	}
	return nil
}

func (b *Brief) deadlines(ctx context.Context, st store.Store, opt Options) error {
	today, _ := time.Parse(time.DateOnly, b.To)
	ds, err := st.Deadlines(ctx, store.RecordFilter{From: b.To[:7], To: iso(today.Add(opt.Ahead)), Limit: 100000})
	if err != nil {
		return fmt.Errorf("brief: deadlines: %w", err)
	}
	seen := map[string]bool{}
	for _, d := range ds {
		end, ok := lastDay(d.Due)
		if !ok || end.Before(today) || (d.Status != "" && d.Status != "open") {
			continue
		}
		if len(opt.Actors) > 0 && !slices.ContainsFunc(d.Actors, func(a record.Actor) bool { return about(&a, opt.Actors) }) {
			continue
		}
		key := d.Due + "|" + strings.ToLower(d.What)
		if seen[key] {
			continue // the same deadline reported by several articles
		}
		seen[key] = true
		l, err := b.article(ctx, st, d.ArticleID)
		if err != nil {
			return err
		}
		b.Deadlines = append(b.Deadlines, DeadlineItem{Deadline: d, DaysLeft: int(end.Sub(today).Hours() / 24), Link: l})
		if len(b.Deadlines) == opt.Top {
			break
		}
	}
	return nil
}

// lastDay is the last day an ISO date cut to its precision covers.
func lastDay(s string) (time.Time, bool) {
	switch len(s) {
	case 10:
		d, err := time.Parse(time.DateOnly, s)
		return d, err == nil
	case 7:
		d, err := time.Parse("2006-01", s)
		return d.AddDate(0, 1, -1), err == nil
	case 4:
		d, err := time.Parse("2006", s)
		return d.AddDate(1, 0, -1), err == nil
	}
	return time.Time{}, false
}

func (b *Brief) alerts(ctx context.Context, st store.Store, _ Options) error {
	ws, ok := st.(store.WatchStore)
	if !ok {
		return nil
	}
	as, err := ws.Alerts(ctx, store.AlertFilter{States: []string{store.AlertFiring, store.AlertPending}, Limit: 50})
	if err != nil {
		return fmt.Errorf("brief: alerts: %w", err)
	}
	sort.SliceStable(as, func(i, j int) bool { return as[i].State == store.AlertFiring && as[j].State != store.AlertFiring })
	for i := range as {
		// Only links to articles still stored.
		var keep []store.AlertLink
		for _, l := range as[i].Links {
			if a, err := st.GetArticle(ctx, l.ArticleID); err == nil {
				b.cite(Link{ArticleID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Date: a.Date})
				l.URL = a.URL
				keep = append(keep, l)
			}
		}
		as[i].Links = keep
	}
	b.Alerts = as
	return nil
}
