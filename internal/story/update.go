package story

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Store is what merging reads and writes: both stores implement it.
type Store interface {
	store.Store
	store.StoryStore
	store.StoryLinks
}

// StoreOf returns st as a story Store, or an error naming its kind.
func StoreOf(st store.Store) (Store, error) {
	s, ok := st.(Store)
	if !ok {
		return nil, fmt.Errorf("the %s store keeps no stories", st.Kind())
	}
	return s, nil
}

// Changes says what changed in the store since stories were last merged.
type Changes struct {
	// Articles were stored or re-extracted: their events join stories,
	// their old stories are rebuilt, and stories their denials dispute
	// are looked at again.
	Articles []string
	// Unstoried: merge every stored event that no story holds yet (after
	// an import of events without articles).
	Unstoried bool
}

// Summary counts what an update or rebuild did.
type Summary struct {
	Events  int `json:"events"`  // events merged (read)
	Stories int `json:"stories"` // stories written: new, or changed
	Removed int `json:"removed"` // stories that merged into others or lost their events
}

// Add sums two summaries.
func (s Summary) Add(o Summary) Summary {
	return Summary{s.Events + o.Events, s.Stories + o.Stories, s.Removed + o.Removed}
}

// RebuildAbove is how many events an incremental update takes on before
// a rebuild of everything is the cheaper way to the same stories (a caller
// that knows it stored more can go to Rebuild directly).
const RebuildAbove = 200_000

// Update merges what changed into the stored stories. It gives the same
// stories as Rebuild would: each story the changes touch is recomputed from
// every stored report that could join it.
func Update(ctx context.Context, st Store, ch Changes, opt Options) (Summary, error) {
	u := &updater{st: st, opt: opt, arts: map[string]*Article{}, disputed: map[string]map[int]bool{}, oldStories: map[string]bool{}}
	var seeds []record.Event
	for _, id := range ch.Articles {
		evs, err := st.Events(ctx, store.EventFilter{ArticleID: id, Limit: -1})
		if err != nil {
			return Summary{}, fmt.Errorf("stories: events of article %s: %w", id, err)
		}
		seeds = append(seeds, evs...)
	}
	if ch.Unstoried {
		err := st.UnstoriedEvents(ctx, func(e *record.Event) error {
			seeds = append(seeds, *e)
			if len(seeds) > RebuildAbove {
				return errTooMany
			}
			return nil
		})
		if errors.Is(err, errTooMany) {
			return Rebuild(ctx, st, opt)
		}
		if err != nil {
			return Summary{}, fmt.Errorf("stories: %w", err)
		}
	}
	if len(ch.Articles) > 0 {
		denied, err := st.DeniedArticles(ctx, ch.Articles)
		if err != nil {
			return Summary{}, fmt.Errorf("stories: %w", err)
		}
		old, err := st.StoriesOfArticles(ctx, append(append([]string{}, ch.Articles...), denied...))
		if err != nil {
			return Summary{}, fmt.Errorf("stories: %w", err)
		}
		for _, id := range old {
			u.oldStories[id] = true
			evs, err := st.StoryEvents(ctx, id)
			if err != nil {
				return Summary{}, fmt.Errorf("stories: %w", err)
			}
			seeds = append(seeds, evs...)
		}
	}
	if len(seeds) > RebuildAbove {
		return Rebuild(ctx, st, opt)
	}
	return u.run(ctx, seeds)
}

var errTooMany = errors.New("too many events for an incremental update")

type updater struct {
	st       Store
	opt      Options
	arts     map[string]*Article     // by article id, loaded once
	disputed map[string]map[int]bool // article → disputed sentences
	// oldStories are stored stories the update has met; whatever of them
	// the new stories do not replace is removed.
	oldStories map[string]bool
	done       map[string]bool // events already placed in a new story
}

func (u *updater) run(ctx context.Context, seeds []record.Event) (Summary, error) {
	u.done = map[string]bool{}
	// Seeds by actor pair; pairs in order, so the work is the same every run.
	byPair := map[string][]record.Event{}
	for i := range seeds {
		p, _ := pairKey(&seeds[i])
		byPair[p] = append(byPair[p], seeds[i])
	}
	pairs := make([]string, 0, len(byPair))
	for p := range byPair {
		pairs = append(pairs, p)
	}
	sort.Strings(pairs)
	var sum Summary
	var fresh []record.Story
	for _, p := range pairs {
		stories, n, err := u.pair(ctx, p, byPair[p])
		if err != nil {
			return sum, err
		}
		sum.Events += n
		fresh = append(fresh, stories...)
	}
	return u.save(ctx, fresh, sum)
}

// pair recomputes the stories of one actor pair that the seed events
// belong to, reading every stored report that could join them.
func (u *updater) pair(ctx context.Context, pair string, seeds []record.Event) ([]record.Story, int, error) {
	want := map[string]bool{} // events whose stories must be recomputed
	w := window{coarse: map[string]bool{}, lo: 1 << 30, hi: -1 << 30}
	for i := range seeds {
		if u.done[seeds[i].ID] {
			continue
		}
		want[seeds[i].ID] = true
		w.add(&seeds[i])
	}
	if len(want) == 0 {
		return nil, 0, nil
	}
	for {
		events, err := u.load(ctx, pair, w)
		if err != nil {
			return nil, 0, err
		}
		reports, err := u.reports(ctx, events)
		if err != nil {
			return nil, 0, err
		}
		m := NewMerger(u.opt)
		m.Grow(len(reports))
		for i := range reports {
			m.add(&reports[i])
		}
		items := m.items
		var hit [][]int32
		grown := false
		for _, g := range m.groups() {
			touched := false
			for _, k := range g {
				if want[items[k].id] {
					touched = true
					break
				}
			}
			if !touched {
				continue
			}
			hit = append(hit, g)
			for _, k := range g {
				it := &items[k]
				want[it.id] = true
				// A story reaching the window's edge may go on beyond it.
				if d := int(it.day); d >= 0 && (d <= w.lo || d >= w.hi) {
					if w.widen(d) {
						grown = true
					}
				}
				if it.day < 0 && !w.coarse[it.date] {
					w.coarse[it.date] = true
					grown = true
				}
			}
		}
		// Stored stories holding any of these events are rebuilt whole:
		// their other events are wanted too.
		var ids []string
		for id := range want {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		owners, err := u.st.StoriesOfEvents(ctx, ids)
		if err != nil {
			return nil, 0, fmt.Errorf("stories: %w", err)
		}
		for _, sid := range sortedValues(owners) {
			if u.oldStories[sid] {
				continue
			}
			u.oldStories[sid] = true
			evs, err := u.st.StoryEvents(ctx, sid)
			if err != nil {
				return nil, 0, fmt.Errorf("stories: %w", err)
			}
			for i := range evs {
				if p, _ := pairKey(&evs[i]); p != pair {
					continue // moved to another pair; that pair's update places it
				}
				if !want[evs[i].ID] {
					want[evs[i].ID] = true
					w.add(&evs[i])
					grown = true
				}
			}
		}
		if grown {
			continue
		}
		book := u.opt.book()
		out := make([]record.Story, 0, len(hit))
		n := 0
		for _, g := range hit {
			members := make([]*item, len(g))
			for j, k := range g {
				members[j] = &items[k]
				u.done[items[k].id] = true
			}
			n += len(g)
			out = append(out, build(members, book))
		}
		return out, n, nil
	}
}

// window is the span of dates an update reads for one pair: days lo..hi
// (as days since 1970) and some coarse dates (months, years) exactly.
type window struct {
	lo, hi int
	coarse map[string]bool
}

func (w *window) add(e *record.Event) {
	d := dayOf(e)
	if d < 0 {
		w.coarse[e.Date] = true
		return
	}
	w.widen(int(d))
}

// widen makes the window reach a day beyond d on both sides; it reports
// whether it grew.
func (w *window) widen(d int) bool {
	grown := false
	if d-1 < w.lo {
		w.lo, grown = d-1, true
	}
	if d+1 > w.hi {
		w.hi, grown = d+1, true
	}
	return grown
}

func dayString(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// load reads the stored events of a pair in the window, both directions.
func (u *updater) load(ctx context.Context, pair string, w window) ([]record.Event, error) {
	a, b, _ := cutPair(pair)
	var ranges [][2]string
	if w.hi >= w.lo {
		ranges = append(ranges, [2]string{dayString(w.lo), dayString(w.hi)})
	}
	for _, d := range sortedKeys(w.coarse) {
		ranges = append(ranges, [2]string{d, d})
	}
	seen := map[string]bool{}
	var out []record.Event
	for _, r := range ranges {
		for _, f := range pairFilters(a, b) {
			f.From, f.To, f.Limit = r[0], r[1], -1
			evs, err := u.st.Events(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("stories: events %s–%s: %w", r[0], r[1], err)
			}
			for i := range evs {
				if p, _ := pairKey(&evs[i]); seen[evs[i].ID] || p != pair {
					continue
				}
				// A coarse date inside the day range is read whole only
				// when asked for; a part of it would split its story.
				if len(evs[i].Date) < 10 && !w.coarse[evs[i].Date] {
					continue
				}
				seen[evs[i].ID] = true
				out = append(out, evs[i])
			}
		}
	}
	return out, nil
}

func cutPair(p string) (string, string, bool) {
	for i := 0; i < len(p); i++ {
		if p[i] == 0 {
			return p[:i], p[i+1:], true
		}
	}
	return p, "", false
}

// pairFilters are the event queries that find a pair's events: by both
// countries in each direction where the sides are countries; a side known
// only by its code is matched after reading.
func pairFilters(a, b string) []store.EventFilter {
	country := func(s string) string {
		if len(s) == 3 {
			return s
		}
		return ""
	}
	ca, cb := country(a), country(b)
	fs := []store.EventFilter{{SourceCountry: ca, TargetCountry: cb}}
	if ca != cb {
		fs = append(fs, store.EventFilter{SourceCountry: cb, TargetCountry: ca})
	}
	return fs
}

// reports gives events their articles and disputed flags.
func (u *updater) reports(ctx context.Context, events []record.Event) ([]Report, error) {
	var need []string
	for i := range events {
		if id := events[i].ArticleID; id != "" {
			if _, ok := u.arts[id]; !ok {
				u.arts[id] = nil
				need = append(need, id)
			}
		}
	}
	sort.Strings(need)
	for _, id := range need {
		a, err := u.st.GetArticle(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			u.arts[id] = &Article{ID: id}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		u.arts[id] = ArticleOf(a)
	}
	if len(need) > 0 {
		ds, err := u.st.DisputedSentences(ctx, need)
		if err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		for _, d := range ds {
			if u.disputed[d.ArticleID] == nil {
				u.disputed[d.ArticleID] = map[int]bool{}
			}
			u.disputed[d.ArticleID][d.Sentence] = true
		}
	}
	out := make([]Report, len(events))
	for i := range events {
		e := &events[i]
		out[i] = Report{Event: e}
		if e.ArticleID == "" {
			out[i].Article = ImportedArticle(e)
			continue
		}
		out[i].Article = u.arts[e.ArticleID]
		out[i].Disputed = u.disputed[e.ArticleID][e.Sentence]
	}
	return out, nil
}

// ArticleOf describes a stored article for merging.
func ArticleOf(a *article.Article) *Article {
	seen := a.IngestedAt
	if a.Published != nil {
		seen = *a.Published
	}
	url := a.URL
	if url == "" {
		url = a.CanonicalURL
	}
	return &Article{ID: a.ID, Title: a.Title, Outlet: a.Source, URL: url, Date: a.Date, Seen: seen.UTC(), Sig: Sign(a.Text)}
}

// save writes the stories that are new or changed and removes the old
// stories nothing replaced.
func (u *updater) save(ctx context.Context, fresh []record.Story, sum Summary) (Summary, error) {
	keep := map[string]bool{}
	var upsert []record.Story
	for i := range fresh {
		s := &fresh[i]
		keep[s.ID] = true
		if u.oldStories[s.ID] {
			old, err := u.st.GetStory(ctx, s.ID)
			if err == nil && Same(old, s) {
				continue
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return sum, fmt.Errorf("stories: %w", err)
			}
		}
		upsert = append(upsert, *s)
	}
	var remove []string
	for _, id := range sortedKeys(u.oldStories) {
		if !keep[id] {
			remove = append(remove, id)
		}
	}
	if len(upsert)+len(remove) == 0 {
		return sum, nil
	}
	if err := u.st.SaveStories(ctx, upsert, remove); err != nil {
		return sum, fmt.Errorf("stories: %w", err)
	}
	sum.Stories, sum.Removed = len(upsert), len(remove)
	return sum, nil
}

// Same reports whether two stories say the same, when each was written
// does not count.
func Same(a, b *record.Story) bool {
	x, y := *a, *b
	x.UpdatedAt, y.UpdatedAt = time.Time{}, time.Time{}
	x.FirstSeen, y.FirstSeen = x.FirstSeen.UTC(), y.FirstSeen.UTC()
	if len(x.Outlets) == 0 {
		x.Outlets = nil
	}
	if len(y.Outlets) == 0 {
		y.Outlets = nil
	}
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return string(bx) == string(by)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedValues(m map[string]string) []string {
	set := map[string]bool{}
	for _, v := range m {
		set[v] = true
	}
	return sortedKeys(set)
}
