package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// RunStories runs the StoryStore suite; the factory's stores must
// implement store.StoryStore and store.StoryLinks.
func RunStories(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store, store.StoryStore)
	}{
		{"RoundTrip", testStoryRoundTrip},
		{"ReplaceAndRemove", testStoryReplace},
		{"Filters", testStoryFilters},
		{"Pagination", testStoryPages},
		{"ToneCells", testToneCells},
		{"ToneFollowsChanges", testToneFollows},
		{"RefusedBatchLeavesOld", testStoryRefused},
		{"Clear", testStoryClear},
		{"NotFound", testStoryNotFound},
		{"Denials", testDenials},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			ss, ok := s.(store.StoryStore)
			if !ok {
				t.Fatalf("%T does not implement store.StoryStore", s)
			}
			if _, ok := s.(store.StoryLinks); !ok {
				t.Fatalf("%T does not implement store.StoryLinks", s)
			}
			tc.fn(t, s, ss)
		})
	}
}

var storyTime = time.Date(2025, 8, 16, 7, 45, 0, 0, time.UTC)

// NewStory builds a test story between two countries; its id and event
// ids derive from id, and its Goldstein value from the root.
func NewStory(id, date, src, tgt, cameo, status string) record.Story {
	root := cameo[:2]
	quad := map[string]int{"01": 1, "02": 1, "03": 1, "04": 1, "05": 2, "06": 2, "07": 2, "08": 2,
		"09": 3, "10": 3, "11": 3, "12": 3, "13": 3, "14": 3, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4}[root]
	g := map[int]float64{1: 1.9, 2: 7.4, 3: -2.2, 4: -9.5}[quad]
	return record.Story{
		ID: id, Date: date, DatePrecision: precisionOf(date),
		Source: &record.Actor{Code: src + "GOV", Country: src, Name: src + " government"},
		Target: &record.Actor{Code: tgt, Country: tgt},
		CAMEO:  cameo, Root: root, Quad: quad, Goldstein: g, PLOVER: "CONSULT", Label: "label of " + cameo,
		Text:     fmt.Sprintf("%s and %s did %s on %s.", src, tgt, cameo, date),
		Location: &record.Location{Name: "Anchorage", Country: "USA"},
		Status:   status, Sources: 2, Reports: 3, Outlets: []string{"Northern Wire", "Daily Ledger"},
		FirstSeen: storyTime,
		Articles: []record.StoryArticle{
			{ID: id + "-a1", Title: "First report", Source: "Northern Wire", URL: "https://example.org/" + id, Date: date, Sentence: 0, Text: "First.", Group: 1},
			{ID: id + "-a2", Title: "Second report", Source: "Daily Ledger", Date: date, Sentence: 2, Text: "Second.", Group: 2},
		},
		EventIDs: []string{id + "-e1", id + "-e2", id + "-e3"},
	}
}

func precisionOf(date string) string {
	switch len(date) {
	case 4:
		return "year"
	case 7:
		return "month"
	}
	return "day"
}

func saveStories(t *testing.T, ss store.StoryStore, up []record.Story, remove ...string) {
	t.Helper()
	if err := ss.SaveStories(context.Background(), up, remove); err != nil {
		t.Fatalf("SaveStories(%d, remove %v): %v", len(up), remove, err)
	}
}

// allStories pages through f with a small page size and returns the ids.
func allStories(t *testing.T, ss store.StoryStore, f store.StoryFilter) []string {
	t.Helper()
	var ids []string
	for page := 0; ; page++ {
		got, next, err := ss.Stories(context.Background(), f)
		if err != nil {
			t.Fatalf("Stories(%+v): %v", f, err)
		}
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if next == "" {
			return ids
		}
		if page > 10000 {
			t.Fatal("pagination does not end")
		}
		f.Cursor = next
	}
}

func testStoryRoundTrip(t *testing.T, s store.Store, ss store.StoryStore) {
	ctx := context.Background()
	in := NewStory("s-anchorage", "2025-08-15", "USA", "RUS", "042", record.StatusCorroborated)
	before := time.Now().Add(-time.Second)
	saveStories(t, ss, []record.Story{in})
	got, err := ss.GetStory(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UpdatedAt.Before(before) || got.UpdatedAt.After(time.Now().Add(time.Second)) {
		t.Errorf("updated_at = %v, want about now", got.UpdatedAt)
	}
	if got.UpdatedAt.Location() != time.UTC || got.FirstSeen.Location() != time.UTC {
		t.Errorf("times come back outside UTC: %v, %v", got.FirstSeen, got.UpdatedAt)
	}
	want := in
	want.UpdatedAt = got.UpdatedAt
	if a, b := mustJSON(t, got), mustJSON(t, &want); a != b {
		t.Errorf("round trip changed the story:\n got %s\nwant %s", a, b)
	}
	list, next, err := ss.Stories(ctx, store.StoryFilter{})
	if err != nil || next != "" || len(list) != 1 {
		t.Fatalf("Stories = %d stories, next %q, %v; want 1", len(list), next, err)
	}
	// Lists leave out the reports and event ids, and nothing else.
	want.Articles, want.EventIDs = nil, nil
	if a, b := mustJSON(t, &list[0]), mustJSON(t, &want); a != b {
		t.Errorf("listed story differs:\n got %s\nwant %s", a, b)
	}
	links := s.(store.StoryLinks)
	m, err := links.StoriesOfEvents(ctx, []string{"s-anchorage-e2", "s-anchorage-e3", "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || m["s-anchorage-e2"] != in.ID || m["s-anchorage-e3"] != in.ID {
		t.Errorf("StoriesOfEvents = %v", m)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func testStoryReplace(t *testing.T, s store.Store, ss store.StoryStore) {
	ctx := context.Background()
	a := NewStory("s-a", "2025-02-12", "USA", "RUS", "041", record.StatusSingle)
	b := NewStory("s-b", "2025-02-13", "RUS", "UKR", "190", record.StatusCorroborated)
	saveStories(t, ss, []record.Story{a, b})
	first, _ := ss.GetStory(ctx, "s-a")
	// s-a grows: it takes one of s-b's events and a new report; s-b goes.
	a2 := a
	a2.Status, a2.Reports = record.StatusCorroborated, 4
	a2.EventIDs = append(append([]string{}, a.EventIDs...), "s-b-e1")
	a2.Articles = append(append([]record.StoryArticle{}, a.Articles...), record.StoryArticle{ID: "x", Title: "Third", Source: "Gazette", Date: "2025-02-13", Group: 3})
	time.Sleep(10 * time.Millisecond)
	saveStories(t, ss, []record.Story{a2}, "s-b")
	got, err := ss.GetStory(ctx, "s-a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != record.StatusCorroborated || got.Reports != 4 || len(got.Articles) != 3 || len(got.EventIDs) != 4 {
		t.Errorf("replaced story = %s", mustJSON(t, got))
	}
	if !got.UpdatedAt.After(first.UpdatedAt) {
		t.Errorf("updated_at %v did not move past %v", got.UpdatedAt, first.UpdatedAt)
	}
	if _, err := ss.GetStory(ctx, "s-b"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed story: %v, want ErrNotFound", err)
	}
	m, err := s.(store.StoryLinks).StoriesOfEvents(ctx, []string{"s-b-e1", "s-b-e2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m["s-b-e1"] != "s-a" {
		t.Errorf("after the move StoriesOfEvents = %v, want only s-b-e1 → s-a", m)
	}
	// Removing what is not there is not an error.
	saveStories(t, ss, nil, "never-stored")
}

func testStoryFilters(t *testing.T, _ store.Store, ss store.StoryStore) {
	ctx := context.Background()
	stories := []record.Story{
		NewStory("f1", "2025-02-12", "USA", "RUS", "041", record.StatusCorroborated),
		NewStory("f2", "2025-02-13", "RUS", "USA", "042", record.StatusSingle),
		NewStory("f3", "2025-03", "RUS", "UKR", "190", record.StatusDisputed),
		NewStory("f4", "2025-03-05", "UKR", "RUS", "112", record.StatusNegated),
		NewStory("f5", "2025-08-15", "USA", "RUS", "036", record.StatusHedged),
		NewStory("f6", "2025", "USA", "UKR", "061", record.StatusSingle),
		NewStory("f7", "2025-08-15", "RUS", "RUS", "051", record.StatusSingle),
	}
	saveStories(t, ss, stories)
	time.Sleep(20 * time.Millisecond)
	mark := time.Now()
	time.Sleep(20 * time.Millisecond)
	changed := NewStory("f8", "2025-09-01", "USA", "RUS", "043", record.StatusSingle)
	saveStories(t, ss, []record.Story{changed})
	cases := []struct {
		f    store.StoryFilter
		want string
	}{
		{store.StoryFilter{}, "f6 f1 f2 f3 f4 f5 f7 f8"},
		{store.StoryFilter{Desc: true}, "f8 f7 f5 f4 f3 f2 f1 f6"},
		{store.StoryFilter{Actor: "USA"}, "f6 f1 f2 f5 f8"},
		{store.StoryFilter{Actor: "RUS"}, "f1 f2 f3 f4 f5 f7 f8"},
		{store.StoryFilter{Source: "USA", Target: "RUS"}, "f1 f5 f8"},
		{store.StoryFilter{Source: "USA", Target: "RUS", Both: true}, "f1 f2 f5 f8"},
		{store.StoryFilter{Source: "RUS", Target: "RUS", Both: true}, "f7"},
		{store.StoryFilter{Source: "UKR"}, "f4"},
		{store.StoryFilter{Target: "UKR"}, "f6 f3"},
		{store.StoryFilter{Target: "UKR", Both: true}, "f6 f3 f4"},
		{store.StoryFilter{Actor: "UKR", Source: "RUS"}, "f3"},
		{store.StoryFilter{From: "2025-02-13", To: "2025-08-15"}, "f2 f3 f4 f5 f7"},
		{store.StoryFilter{From: "2025-03", To: "2025-03"}, "f3 f4"},
		{store.StoryFilter{To: "2025-02-12"}, "f6 f1"},
		{store.StoryFilter{Root: "04"}, "f1 f2 f8"},
		{store.StoryFilter{Quad: 4}, "f3"},
		{store.StoryFilter{Quad: 3, Actor: "UKR"}, "f4"},
		{store.StoryFilter{Status: record.StatusSingle}, "f6 f2 f7 f8"},
		{store.StoryFilter{ChangedSince: mark}, "f8"},
		{store.StoryFilter{Actor: "FRA"}, ""},
	}
	for _, c := range cases {
		got := strings.Join(allStories(t, ss, c.f), " ")
		if got != c.want {
			t.Errorf("Stories(%+v) = %q, want %q", c.f, got, c.want)
		}
		// Asked one story a page, the same stories come, in the same order.
		c.f.Limit = 1
		if paged := strings.Join(allStories(t, ss, c.f), " "); paged != c.want {
			t.Errorf("Stories(%+v) one a page = %q, want %q", c.f, paged, c.want)
		}
	}
	if _, _, err := ss.Stories(ctx, store.StoryFilter{Cursor: "not a cursor!"}); err == nil {
		t.Error("a malformed cursor was accepted")
	}
}

func testStoryPages(t *testing.T, _ store.Store, ss store.StoryStore) {
	// Many stories on few dates, ids not in date order, so the cursor must
	// break ties by id.
	var stories []record.Story
	for i := 0; i < 230; i++ {
		date := fmt.Sprintf("2025-05-%02d", 1+(i*7)%5)
		src, tgt := "USA", "RUS"
		if i%3 == 0 {
			src, tgt = tgt, src
		}
		stories = append(stories, NewStory(fmt.Sprintf("p%03d", (i*37)%230), date, src, tgt, "040", record.StatusSingle))
	}
	saveStories(t, ss, stories)
	want := make([]string, len(stories))
	sort.Slice(stories, func(i, j int) bool {
		if stories[i].Date != stories[j].Date {
			return stories[i].Date < stories[j].Date
		}
		return stories[i].ID < stories[j].ID
	})
	for i, s := range stories {
		want[i] = s.ID
	}
	for _, f := range []store.StoryFilter{{Limit: 7}, {Limit: 7, Source: "USA", Target: "RUS", Both: true}, {Limit: 50, Actor: "RUS"}} {
		got := allStories(t, ss, f)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("paging %+v: got %d stories %v…, want %d %v…", f, len(got), head(got), len(want), head(want))
		}
		f.Desc = true
		got = allStories(t, ss, f)
		for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
			got[i], got[j] = got[j], got[i]
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("paging %+v newest first: got %v…", f, head(got))
		}
	}
	// A page's cursor stays valid when stories land before it: the next
	// page goes on after the last story shown, skipping and repeating none.
	ctx := context.Background()
	page, next, err := ss.Stories(ctx, store.StoryFilter{Limit: 100})
	if err != nil || next == "" {
		t.Fatalf("first page: %d, %q, %v", len(page), next, err)
	}
	saveStories(t, ss, []record.Story{NewStory("p000a", "2025-05-01", "USA", "RUS", "040", record.StatusSingle)})
	rest := allStories(t, ss, store.StoryFilter{Limit: 100, Cursor: next})
	if len(page)+len(rest) != len(want) || rest[0] != want[100] {
		t.Errorf("after an insert before the cursor: %d + %d stories, next starts at %s, want %s", len(page), len(rest), rest[0], want[100])
	}
}

func head(ids []string) []string { return ids[:min(5, len(ids))] }

// toneOf computes tone cells from a list of stories, as ToneCells must.
func toneOf(stories []record.Story) []store.ToneCell {
	type key struct {
		day, src, tgt string
		quad          int
	}
	sums := map[key]*store.ToneCell{}
	tenths := map[key]int64{}
	for _, s := range stories {
		k := key{store.StoryDay(s.Date), s.Source.Country, s.Target.Country, s.Quad}
		c := sums[k]
		if c == nil {
			c = &store.ToneCell{Date: k.day, Source: k.src, Target: k.tgt, Quad: k.quad}
			sums[k] = c
		}
		c.Count++
		tenths[k] += store.GoldsteinTenths(s.Goldstein)
	}
	var out []store.ToneCell
	for k, c := range sums {
		c.GoldsteinSum = float64(tenths[k]) / 10
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Quad < b.Quad
	})
	return out
}

func sameCells(t *testing.T, what string, got, want []store.ToneCell) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if a, b := mustJSON(t, got), mustJSON(t, want); a != b {
		t.Errorf("%s:\n got %s\nwant %s", what, a, b)
	}
}

func toneStories() []record.Story {
	var out []record.Story
	codes := []string{"040", "042", "057", "061", "112", "130", "173", "190", "195"}
	statuses := []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged}
	pairs := [][2]string{{"USA", "RUS"}, {"RUS", "USA"}, {"RUS", "UKR"}, {"UKR", "RUS"}, {"USA", "UKR"}}
	for i := 0; i < 120; i++ {
		date := fmt.Sprintf("2025-%02d-%02d", 1+i%3, 1+(i*5)%9)
		if i%17 == 0 {
			date = date[:7]
		}
		p := pairs[i%len(pairs)]
		st := NewStory(fmt.Sprintf("t%03d", i), date, p[0], p[1], codes[(i*7)%len(codes)], statuses[i%len(statuses)])
		st.Goldstein += float64(i%4) / 10
		out = append(out, st)
	}
	return out
}

func filterStories(stories []record.Story, keep func(*record.Story) bool) []record.Story {
	var out []record.Story
	for i := range stories {
		if keep(&stories[i]) {
			out = append(out, stories[i])
		}
	}
	return out
}

func testToneCells(t *testing.T, _ store.Store, ss store.StoryStore) {
	ctx := context.Background()
	stories := toneStories()
	saveStories(t, ss, stories)
	cases := []struct {
		f    store.StoryFilter
		keep func(*record.Story) bool
	}{
		{store.StoryFilter{}, func(*record.Story) bool { return true }},
		{store.StoryFilter{Source: "USA", Target: "RUS"}, func(s *record.Story) bool { return s.Source.Country == "USA" && s.Target.Country == "RUS" }},
		{store.StoryFilter{Source: "USA", Target: "RUS", Both: true}, func(s *record.Story) bool {
			return s.Source.Country+s.Target.Country == "USARUS" || s.Source.Country+s.Target.Country == "RUSUSA"
		}},
		{store.StoryFilter{Actor: "UKR"}, func(s *record.Story) bool { return s.Source.Country == "UKR" || s.Target.Country == "UKR" }},
		{store.StoryFilter{Actor: "RUS", From: "2025-02-03", To: "2025-03"}, func(s *record.Story) bool {
			d := store.StoryDay(s.Date)
			return (s.Source.Country == "RUS" || s.Target.Country == "RUS") && d >= "2025-02-03" && d <= "2025-03-31"
		}},
		{store.StoryFilter{Root: "19", Status: record.StatusDisputed}, func(s *record.Story) bool { return s.Root == "19" && s.Status == record.StatusDisputed }},
		{store.StoryFilter{Quad: 1, Target: "RUS"}, func(s *record.Story) bool { return s.Quad == 1 && s.Target.Country == "RUS" }},
		// A range that starts on a Wednesday and ends on a Tuesday, mid-month.
		{store.StoryFilter{Source: "USA", Target: "RUS", Both: true, From: "2025-01-08", To: "2025-03-04"}, func(s *record.Story) bool {
			d := store.StoryDay(s.Date)
			return (s.Source.Country+s.Target.Country == "USARUS" || s.Source.Country+s.Target.Country == "RUSUSA") && d >= "2025-01-08" && d <= "2025-03-04"
		}},
		{store.StoryFilter{Source: "RUS", Both: true, From: "2025-02", Statuses: []string{record.StatusCorroborated, record.StatusHedged}}, func(s *record.Story) bool {
			return (s.Source.Country == "RUS" || s.Target.Country == "RUS") && store.StoryDay(s.Date) >= "2025-02-01" &&
				(s.Status == record.StatusCorroborated || s.Status == record.StatusHedged)
		}},
		{store.StoryFilter{To: "2025-02-13", Status: record.StatusSingle, Statuses: []string{record.StatusSingle, record.StatusDisputed}}, func(s *record.Story) bool {
			return store.StoryDay(s.Date) <= "2025-02-13" && s.Status == record.StatusSingle
		}},
	}
	for _, c := range cases {
		want := toneOf(filterStories(stories, c.keep))
		// By week and by month the store may answer from coarser sums:
		// binned by the period, the cells must be what the day cells give,
		// and none may count a day outside the range.
		for _, p := range []string{"week", "month"} {
			f := c.f
			f.Period = p
			got, err := ss.ToneCells(ctx, f)
			if err != nil {
				t.Fatalf("ToneCells(%+v): %v", f, err)
			}
			sameCells(t, fmt.Sprintf("ToneCells(%+v) binned", f), binCells(t, got, p), binCells(t, want, p))
			coarse := 0
			for _, cell := range got {
				if (f.From != "" && cell.Date < store.StoryDay(f.From)) || (f.To != "" && cell.Date > lastISODay(t, f.To)) {
					t.Errorf("ToneCells(%+v): cell of %s is outside the range", f, cell.Date)
				}
				if cell.Date == periodStart(t, cell.Date, p) {
					coarse++
				}
			}
			// Tone by root is kept per day only; the rest comes by period.
			if f.From == "" && f.To == "" && f.Root == "" && coarse != len(got) {
				t.Errorf("ToneCells(%+v): %d of %d cells on a period's first day, want all", f, coarse, len(got))
			}
		}
		if _, err := ss.ToneCells(ctx, store.StoryFilter{Period: "fortnight"}); err == nil || !strings.Contains(err.Error(), "fortnight") {
			t.Errorf("ToneCells(period fortnight) = %v, want an error naming it", err)
		}

		got, err := ss.ToneCells(ctx, c.f)
		if err != nil {
			t.Fatalf("ToneCells(%+v): %v", c.f, err)
		}
		sameCells(t, fmt.Sprintf("ToneCells(%+v)", c.f), got, want)
		// Asked through ChangedSince, the cells are summed from the
		// stories themselves: the two paths must agree.
		c.f.ChangedSince = time.Now().Add(-time.Hour)
		got, err = ss.ToneCells(ctx, c.f)
		if err != nil {
			t.Fatalf("ToneCells(%+v): %v", c.f, err)
		}
		sameCells(t, fmt.Sprintf("ToneCells(%+v) from the stories", c.f), got, want)
	}
}

func testToneFollows(t *testing.T, _ store.Store, ss store.StoryStore) {
	ctx := context.Background()
	stories := toneStories()
	saveStories(t, ss, stories)
	// Restate a third of the stories (new dates, codes, statuses and
	// directions), remove a fifth, and add some: the cells must equal the
	// ones computed from what is now stored.
	byID := map[string]record.Story{}
	for _, s := range stories {
		byID[s.ID] = s
	}
	var up []record.Story
	var remove []string
	for i, s := range stories {
		switch {
		case i%3 == 0:
			s2 := NewStory(s.ID, "2025-04-0"+fmt.Sprint(1+i%7), s.Target.Country, s.Source.Country, "173", record.StatusCorroborated)
			up = append(up, s2)
			byID[s.ID] = s2
		case i%5 == 1:
			remove = append(remove, s.ID)
			delete(byID, s.ID)
		}
	}
	for i := 0; i < 10; i++ {
		s := NewStory(fmt.Sprintf("n%02d", i), "2025-01-01", "USA", "RUS", "042", record.StatusSingle)
		up = append(up, s)
		byID[s.ID] = s
	}
	saveStories(t, ss, up, remove...)
	var now []record.Story
	for _, s := range byID {
		now = append(now, s)
	}
	got, err := ss.ToneCells(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sameCells(t, "tone after changes", got, toneOf(now))
	for _, p := range []string{"week", "month"} {
		got, err := ss.ToneCells(ctx, store.StoryFilter{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		sameCells(t, "tone by "+p+" after changes", binCells(t, got, p), binCells(t, toneOf(now), p))
	}
	// Removing everything leaves no cells behind.
	var all []string
	for id := range byID {
		all = append(all, id)
	}
	saveStories(t, ss, nil, all...)
	for _, p := range []string{"", "week", "month"} {
		if got, err := ss.ToneCells(ctx, store.StoryFilter{Period: p}); err != nil || len(got) != 0 {
			t.Errorf("after removing every story: %d cells by %q, %v", len(got), p, err)
		}
	}
}

// periodStart is the first day of the ISO week or month holding an ISO
// day, or the day itself.
func periodStart(t *testing.T, day, period string) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatalf("cell date %q: %v", day, err)
	}
	switch period {
	case "week":
		d = d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case "month":
		d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d.Format(time.DateOnly)
}

// lastISODay is the last day an ISO date of any precision covers.
func lastISODay(t *testing.T, to string) string {
	t.Helper()
	for _, c := range []struct {
		layout string
		y, m   int
	}{{time.DateOnly, 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		if d, err := time.Parse(c.layout, to); err == nil {
			if c.layout != time.DateOnly {
				d = d.AddDate(c.y, c.m, -1)
			}
			return d.Format(time.DateOnly)
		}
	}
	t.Fatalf("date %q", to)
	return ""
}

// binCells sums cells into the periods holding their dates, in the
// store's order.
func binCells(t *testing.T, cells []store.ToneCell, period string) []store.ToneCell {
	t.Helper()
	type key struct {
		day, src, tgt string
		quad          int
	}
	sums := map[key]store.ToneCell{}
	tenths := map[key]int64{}
	for _, c := range cells {
		k := key{periodStart(t, c.Date, period), c.Source, c.Target, c.Quad}
		acc := sums[k]
		acc.Date, acc.Source, acc.Target, acc.Quad = k.day, k.src, k.tgt, k.quad
		acc.Count += c.Count
		tenths[k] += int64(math.Round(c.GoldsteinSum * 10))
		sums[k] = acc
	}
	out := make([]store.ToneCell, 0, len(sums))
	for k, c := range sums {
		c.GoldsteinSum = float64(tenths[k]) / 10
		out = append(out, c)
	}
	store.SortToneCells(out)
	return out
}

func testStoryRefused(t *testing.T, _ store.Store, ss store.StoryStore) {
	ctx := context.Background()
	good := NewStory("r1", "2025-02-12", "USA", "RUS", "041", record.StatusSingle)
	saveStories(t, ss, []record.Story{good})
	bad := []record.Story{
		NewStory("r2", "2025-02-12", "USA", "RUS", "041", record.StatusSingle),
		NewStory("", "2025-02-12", "USA", "RUS", "041", record.StatusSingle),
	}
	if err := ss.SaveStories(ctx, bad, []string{"r1"}); err == nil {
		t.Fatal("a story without an id was accepted")
	}
	twice := []record.Story{NewStory("r3", "2025-02-12", "USA", "RUS", "041", record.StatusSingle), NewStory("r4", "2025-02-12", "USA", "RUS", "041", record.StatusSingle)}
	twice[1].EventIDs = twice[0].EventIDs
	if err := ss.SaveStories(ctx, twice, nil); err == nil || !strings.Contains(err.Error(), "r3-e1") {
		t.Fatalf("one event in two stories: err = %v, want it named", err)
	}
	undated := NewStory("r5", "2025-02-12", "USA", "RUS", "041", record.StatusSingle)
	undated.Date = "last spring"
	if err := ss.SaveStories(ctx, []record.Story{undated}, []string{"r1"}); err == nil || !strings.Contains(err.Error(), "r5") || !strings.Contains(err.Error(), "last spring") {
		t.Fatalf("a story dated %q: err = %v, want it refused, naming the story and the date", undated.Date, err)
	}
	ids := allStories(t, ss, store.StoryFilter{})
	if strings.Join(ids, " ") != "r1" {
		t.Errorf("after refused batches the store holds %v, want r1 alone", ids)
	}
	if cells, _ := ss.ToneCells(ctx, store.StoryFilter{}); len(cells) != 1 || cells[0].Count != 1 {
		t.Errorf("tone after refused batches = %+v", cells)
	}
}

func testStoryClear(t *testing.T, s store.Store, ss store.StoryStore) {
	ctx := context.Background()
	saveStories(t, ss, toneStories())
	if err := ss.ClearStories(ctx); err != nil {
		t.Fatal(err)
	}
	if ids := allStories(t, ss, store.StoryFilter{}); len(ids) != 0 {
		t.Errorf("after clear: %d stories", len(ids))
	}
	if cells, err := ss.ToneCells(ctx, store.StoryFilter{}); err != nil || len(cells) != 0 {
		t.Errorf("after clear: %d cells, %v", len(cells), err)
	}
	if m, err := s.(store.StoryLinks).StoriesOfEvents(ctx, []string{"t001-e1"}); err != nil || len(m) != 0 {
		t.Errorf("after clear StoriesOfEvents = %v, %v", m, err)
	}
	// The same ids can be stored again.
	saveStories(t, ss, toneStories()[:3])
}

func testStoryNotFound(t *testing.T, _ store.Store, ss store.StoryStore) {
	_, err := ss.GetStory(context.Background(), "no-such-story")
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "no-such-story") {
		t.Errorf("GetStory(unknown) = %v, want ErrNotFound naming the id", err)
	}
}

func testDenials(t *testing.T, s store.Store, _ store.StoryStore) {
	ctx := context.Background()
	speaker := &record.Actor{Code: "RUSGOV", Country: "RUS"}
	a := NewArticle("Report", "2025-03-01", "Wire", "Officials said Russian jets struck the depot.")
	aid := mustPut(t, s, a, &record.Records{Claims: []record.Claim{
		{Sentence: 0, Speaker: &record.Actor{Code: "UKRGOV", Country: "UKR"}, Kind: "reported", Text: "Russian jets struck the depot.", Stance: "assert", Date: "2025-03-01"},
	}})
	claimed := aid + "-c0"
	b := NewArticle("Denial", "2025-03-02", "Other Wire", "Moscow denied that its jets struck the depot.")
	bid := mustPut(t, s, b, &record.Records{Claims: []record.Claim{
		{Sentence: 0, Speaker: speaker, Kind: "reported", Text: "Its jets did not strike the depot.", Stance: "deny", Date: "2025-03-02"},
		{Sentence: 0, Speaker: speaker, Kind: "reported", Text: "Unrelated.", Stance: "assert", Date: "2025-03-02"},
	}})
	c := mustPut(t, s, NewArticle("Quiet", "2025-03-02", "Wire", "Nothing was denied here."), &record.Records{Claims: []record.Claim{
		{Sentence: 0, Speaker: speaker, Kind: "reported", Text: "Nothing.", Stance: "assert", Date: "2025-03-02"},
	}})
	links := s.(store.StoryLinks)
	// Before the link only the denial itself marks its sentence.
	got, err := links.DisputedSentences(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint([]store.ArticleSentence{{ArticleID: bid, Sentence: 0}}) {
		t.Errorf("before linking DisputedSentences = %v", got)
	}
	if err := s.LinkClaim(ctx, bid+"-c0", claimed); err != nil {
		t.Fatal(err)
	}
	want := []store.ArticleSentence{{ArticleID: aid, Sentence: 0}, {ArticleID: bid, Sentence: 0}}
	sort.Slice(want, func(i, j int) bool { return want[i].ArticleID < want[j].ArticleID })
	if got, err = links.DisputedSentences(ctx, nil); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("DisputedSentences(all) = %v, %v; want %v", got, err, want)
	}
	if got, err = links.DisputedSentences(ctx, []string{aid, c}); err != nil || len(got) != 1 || got[0].ArticleID != aid {
		t.Errorf("DisputedSentences(%s, %s) = %v, %v; want the denied claim's sentence", aid, c, got, err)
	}
	if got, err = links.DisputedSentences(ctx, []string{}); err != nil || len(got) != 0 {
		t.Errorf("DisputedSentences(none) = %v, %v", got, err)
	}
	denied, err := links.DeniedArticles(ctx, []string{bid, c})
	if err != nil || strings.Join(denied, " ") != aid {
		t.Errorf("DeniedArticles = %v, %v; want [%s]", denied, err, aid)
	}
	// Stories are found by the articles of their reports.
	ss := s.(store.StoryStore)
	st := NewStory("d1", "2025-03-01", "RUS", "UKR", "195", record.StatusDisputed)
	st.Articles[0].ID = aid
	saveStories(t, ss, []record.Story{st, NewStory("d2", "2025-03-01", "RUS", "UKR", "195", record.StatusSingle)})
	if ids, err := links.StoriesOfArticles(ctx, []string{aid, "none"}); err != nil || strings.Join(ids, " ") != "d1" {
		t.Errorf("StoriesOfArticles = %v, %v; want [d1]", ids, err)
	}
}
