package watch

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Inputs is what one evaluation reads from the store, fetched once and
// shared by every rule: the stories changed since the last evaluation,
// the stories and claims of a window, the deadlines of the span the rules
// look at, tone cells per dyad, price series, and the articles links
// point at.
type Inputs struct {
	Now  time.Time
	Prev store.WatchCursor // where the last evaluation left off

	st  store.Store
	ss  store.StoryStore // nil when the store keeps no stories
	ms  store.MarketStore
	ws  store.WatchStore
	mat func() *actor.Matcher

	// needs, set before the rules run: the widest spans any rule asks for.
	dueAhead, passedBehind time.Duration

	changed      []record.Story
	changedIDs   map[string]bool
	changedDyads map[[2]string]bool
	changedDone  bool
	recent       map[string][]record.Story
	changedIdx   *storyIndex
	recentIdx    map[string]*storyIndex
	deadlines    []record.Deadline
	deadlineDone bool
	newClaims    []record.Claim
	claimsDone   bool
	recentClaims map[string][]record.Claim
	tone         map[string][]store.ToneCell
	series       map[string]*store.PriceSeries
	articles     map[string]store.AlertLink
	storyLinks   map[string][]store.AlertLink
}

// storySlack re-reads stories changed this long before the last mark, so
// a story written by a transaction that committed late is not missed
// (reading one twice is harmless).
var storySlack = 5 * time.Second

// claimOverlap re-reads the claims of this many articles before the last
// mark, for the same reason on PostgreSQL, where concurrent writers may
// commit article numbers out of order.
const claimOverlap = 200

// nowDay is the evaluation's calendar day at midnight UTC.
func (in *Inputs) nowDay() time.Time { return dayOf(in.Now) }

func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// prevDay is the last evaluation's day, or zero.
func (in *Inputs) prevDay() time.Time {
	if in.Prev.EvaluatedAt.IsZero() {
		return time.Time{}
	}
	return dayOf(in.Prev.EvaluatedAt)
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// dateRange is the first and last day an ISO date cut to its precision
// covers ("2025" is the whole year); ok is false for anything else.
func dateRange(s string) (from, to time.Time, ok bool) {
	switch len(s) {
	case 10:
		d, err := time.Parse(time.DateOnly, s)
		return d, d, err == nil
	case 7:
		d, err := time.Parse("2006-01", s)
		return d, d.AddDate(0, 1, -1), err == nil
	case 4:
		d, err := time.Parse("2006", s)
		return d, d.AddDate(1, 0, -1), err == nil
	}
	return time.Time{}, time.Time{}, false
}

// eachStory pages through the stories matching f.
func (in *Inputs) eachStory(ctx context.Context, f store.StoryFilter, fn func(*record.Story)) error {
	if in.ss == nil {
		return nil
	}
	f.Limit = 1000
	for {
		page, next, err := in.ss.Stories(ctx, f)
		if err != nil {
			return err
		}
		for i := range page {
			fn(&page[i])
		}
		if next == "" {
			return nil
		}
		f.Cursor = next
	}
}

// ChangedStories returns the stories changed since the last evaluation
// and those whose date the passing of time brought up to now.
func (in *Inputs) ChangedStories(ctx context.Context) ([]record.Story, error) {
	if in.changedDone {
		return in.changed, nil
	}
	in.changedDone = true
	in.changedIDs = map[string]bool{}
	in.changedDyads = map[[2]string]bool{}
	add := func(s *record.Story) {
		if !in.changedIDs[s.ID] {
			in.changedIDs[s.ID] = true
			in.changed = append(in.changed, *s)
			in.changedDyads[[2]string{country(s.Source), country(s.Target)}] = true
		}
	}
	if !in.Prev.StoryMark.IsZero() {
		since := in.Prev.StoryMark.Add(-storySlack)
		var changed []record.Story
		keep := func(s *record.Story) { changed = append(changed, *s) }
		var err error
		if cl, ok := in.st.(store.ChangedStoryLister); ok && in.ss != nil {
			// Through the index on change time: a store's stories listed
			// by date would be read whole to find the few that changed.
			err = cl.EachStoryChangedSince(ctx, since, func(s *record.Story) error { keep(s); return nil })
		} else {
			err = in.eachStory(ctx, store.StoryFilter{ChangedSince: since}, keep)
		}
		if err != nil {
			return nil, fmt.Errorf("stories changed since %s: %w", in.Prev.StoryMark.Format(time.RFC3339), err)
		}
		sort.Slice(changed, func(i, j int) bool {
			if changed[i].Date != changed[j].Date {
				return changed[i].Date < changed[j].Date
			}
			return changed[i].ID < changed[j].ID
		})
		for i := range changed {
			add(&changed[i])
		}
	}
	if pd := in.prevDay(); !pd.IsZero() && pd.Before(in.nowDay()) {
		// Dates after the last evaluation's day, to today, month and year
		// precision included (they sort before the days they hold).
		from := iso(pd.AddDate(0, 0, 1))
		if err := in.eachStory(ctx, store.StoryFilter{From: from[:7], To: iso(in.nowDay())}, func(s *record.Story) {
			if _, to, ok := dateRange(s.Date); ok && to.After(pd) {
				add(s)
			}
		}); err != nil {
			return nil, fmt.Errorf("stories dated since %s: %w", iso(pd), err)
		}
	}
	return in.changed, nil
}

// changedIndex indexes ChangedStories.
func (in *Inputs) changedIndex(ctx context.Context) (*storyIndex, error) {
	if in.changedIdx == nil {
		ss, err := in.ChangedStories(ctx)
		if err != nil {
			return nil, err
		}
		in.changedIdx = newStoryIndex(ss)
	}
	return in.changedIdx, nil
}

// recentIndex indexes RecentStories.
func (in *Inputs) recentIndex(ctx context.Context, from time.Time) (*storyIndex, error) {
	key := iso(from)[:7]
	if x, ok := in.recentIdx[key]; ok {
		return x, nil
	}
	ss, err := in.RecentStories(ctx, from)
	if err != nil {
		return nil, err
	}
	if in.recentIdx == nil {
		in.recentIdx = map[string]*storyIndex{}
	}
	x := newStoryIndex(ss)
	in.recentIdx[key] = x
	return x, nil
}

// DyadChanged reports whether a changed story runs between a and b, in
// either direction.
func (in *Inputs) DyadChanged(ctx context.Context, a, b string) (bool, error) {
	if _, err := in.ChangedStories(ctx); err != nil {
		return false, err
	}
	return in.changedDyads[[2]string{a, b}] || in.changedDyads[[2]string{b, a}], nil
}

func country(a *record.Actor) string {
	if a == nil {
		return ""
	}
	return a.Country
}

// RecentStories returns the stories dated from the month holding from up
// to now, whatever their change time (what a rule new to the store must
// look at).
func (in *Inputs) RecentStories(ctx context.Context, from time.Time) ([]record.Story, error) {
	key := iso(from)[:7]
	if s, ok := in.recent[key]; ok {
		return s, nil
	}
	var out []record.Story
	if err := in.eachStory(ctx, store.StoryFilter{From: key, To: iso(in.nowDay())}, func(s *record.Story) { out = append(out, *s) }); err != nil {
		return nil, fmt.Errorf("stories since %s: %w", key, err)
	}
	if in.recent == nil {
		in.recent = map[string][]record.Story{}
	}
	in.recent[key] = out
	return out, nil
}

// bigLimit is the page size for record lists that must be complete.
const bigLimit = 1 << 30

// Deadlines returns the deadlines due in the span the deadline rules look
// at: from the widest "passed within" behind to the widest "due within"
// ahead, a month more each way for month-precision dates.
func (in *Inputs) Deadlines(ctx context.Context) ([]record.Deadline, error) {
	if in.deadlineDone {
		return in.deadlines, nil
	}
	from := in.nowDay().Add(-in.passedBehind).AddDate(0, -1, 0)
	to := in.nowDay().Add(in.dueAhead)
	ds, err := in.st.Deadlines(ctx, store.RecordFilter{From: iso(from)[:7], To: iso(to), Limit: bigLimit})
	if err != nil {
		return nil, fmt.Errorf("deadlines from %s to %s: %w", iso(from), iso(to), err)
	}
	in.deadlines, in.deadlineDone = ds, true
	return ds, nil
}

// NewClaims returns the claims of the articles stored since the last
// evaluation, and those dated after its day up to now.
func (in *Inputs) NewClaims(ctx context.Context) ([]record.Claim, error) {
	if in.claimsDone {
		return in.newClaims, nil
	}
	in.claimsDone = true
	seen := map[string]bool{}
	add := func(cs []record.Claim) {
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				in.newClaims = append(in.newClaims, c)
			}
		}
	}
	seq := max(0, in.Prev.ArticleSeq-claimOverlap)
	for {
		cs, last, err := in.ws.ClaimsAfter(ctx, seq, 10000)
		if err != nil {
			return nil, err
		}
		add(cs)
		if last == seq || len(cs) == 0 {
			break
		}
		seq = last
	}
	if pd := in.prevDay(); !pd.IsZero() && pd.Before(in.nowDay()) {
		cs, err := in.st.Claims(ctx, store.RecordFilter{From: iso(pd.AddDate(0, 0, 1))[:7], To: iso(in.nowDay()), Limit: bigLimit})
		if err != nil {
			return nil, fmt.Errorf("claims dated since %s: %w", iso(pd), err)
		}
		var dated []record.Claim
		for _, c := range cs {
			if _, to, ok := dateRange(c.Date); ok && to.After(pd) {
				dated = append(dated, c)
			}
		}
		add(dated)
	}
	return in.newClaims, nil
}

// RecentClaims returns the claims dated from the month holding from.
func (in *Inputs) RecentClaims(ctx context.Context, from time.Time) ([]record.Claim, error) {
	key := iso(from)[:7]
	if c, ok := in.recentClaims[key]; ok {
		return c, nil
	}
	cs, err := in.st.Claims(ctx, store.RecordFilter{From: key, To: iso(in.nowDay()), Limit: bigLimit})
	if err != nil {
		return nil, fmt.Errorf("claims since %s: %w", key, err)
	}
	if in.recentClaims == nil {
		in.recentClaims = map[string][]record.Claim{}
	}
	in.recentClaims[key] = cs
	return cs, nil
}

// ToneCells returns the tone cells between a and b, both ways, from the
// day from to now.
func (in *Inputs) ToneCells(ctx context.Context, a, b string, from time.Time) ([]store.ToneCell, error) {
	if in.ss == nil {
		return nil, nil
	}
	key := a + "|" + b + "|" + iso(from)
	if c, ok := in.tone[key]; ok {
		return c, nil
	}
	cells, err := in.ss.ToneCells(ctx, store.StoryFilter{Source: a, Target: b, Both: true, From: iso(from), To: iso(in.nowDay())})
	if err != nil {
		return nil, fmt.Errorf("tone %s-%s: %w", a, b, err)
	}
	if in.tone == nil {
		in.tone = map[string][]store.ToneCell{}
	}
	in.tone[key] = cells
	return cells, nil
}

// ErrNoMarkets is returned for a market rule on a store without series.
var ErrNoMarkets = errors.New("this store keeps no price series")

// Series returns a stored price series.
func (in *Inputs) Series(ctx context.Context, name string) (*store.PriceSeries, error) {
	if s, ok := in.series[name]; ok {
		return s, nil
	}
	if in.ms == nil {
		return nil, ErrNoMarkets
	}
	ps, err := in.ms.GetSeries(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("series %s: %w (import it with sitrep market import)", name, err)
	}
	if in.series == nil {
		in.series = map[string]*store.PriceSeries{}
	}
	in.series[name] = &ps
	return &ps, nil
}

// ArticleLink is the link to one stored article.
func (in *Inputs) ArticleLink(ctx context.Context, id string) (store.AlertLink, error) {
	if l, ok := in.articles[id]; ok {
		return l, nil
	}
	a, err := in.st.GetArticle(ctx, id)
	if err != nil {
		return store.AlertLink{}, fmt.Errorf("article %s: %w", id, err)
	}
	l := store.AlertLink{ArticleID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Date: a.Date}
	if in.articles == nil {
		in.articles = map[string]store.AlertLink{}
	}
	in.articles[id] = l
	return l, nil
}

// maxStoryLinks bounds the links an alert carries for one story.
const maxStoryLinks = 8

// StoryLinks are the links to the articles behind a story, one per
// independent source first.
func (in *Inputs) StoryLinks(ctx context.Context, id string) ([]store.AlertLink, error) {
	if l, ok := in.storyLinks[id]; ok {
		return l, nil
	}
	if in.ss == nil {
		return nil, nil
	}
	s, err := in.ss.GetStory(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	var out []store.AlertLink
	groups := map[int]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, a := range s.Articles {
			if len(out) >= maxStoryLinks || (pass == 0) == groups[a.Group] {
				continue
			}
			if pass == 0 {
				groups[a.Group] = true
			} else if containsLink(out, a.ID) {
				continue
			}
			out = append(out, store.AlertLink{ArticleID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Date: a.Date})
		}
	}
	if in.storyLinks == nil {
		in.storyLinks = map[string][]store.AlertLink{}
	}
	in.storyLinks[id] = out
	return out, nil
}

func containsLink(ls []store.AlertLink, id string) bool {
	for _, l := range ls {
		if l.ArticleID == id {
			return true
		}
	}
	return false
}
