// Package storetest is the one test suite every Store implementation must
// pass; store/sqlite and store/postgres run it against real databases.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Factory returns a fresh, empty store for one test; the test closes it.
type Factory func(t *testing.T) store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"DedupeByHash", testDedupeByHash},
		{"DedupeByCanonicalURL", testDedupeByURL},
		{"RecordsRoundTrip", testRecords},
		{"FailedWriteLeavesNothing", testAtomic},
		{"ReplaceRecords", testReplace},
		{"BatchIsolatesFailures", testBatch},
		{"ImportedEvents", testPutEvents},
		{"EachArticle", testEachArticle},
		{"ListFilters", testList},
		{"Search", testSearch},
		{"ConcurrentDuplicates", testConcurrent},
		{"EventFilters", testEventFilters},
		{"NotFound", testNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

// NewArticle builds a test article with its hash set.
func NewArticle(title, date, source, text string) *article.Article {
	a := &article.Article{Title: title, Date: date, Source: source, Text: text,
		IngestedAt: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)}
	a.Hash = article.ContentHash(text)
	return a
}

func mustPut(t *testing.T, s store.Store, a *article.Article, r *record.Records) string {
	t.Helper()
	id, stored, err := s.PutArticle(context.Background(), a, r)
	if err != nil {
		t.Fatalf("PutArticle(%q): %v", a.Title, err)
	}
	if !stored {
		t.Fatalf("PutArticle(%q): not stored, duplicate of %s", a.Title, id)
	}
	return id
}

func testRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	pub := time.Date(2025, 8, 15, 18, 30, 0, 0, time.UTC)
	a := NewArticle("Putin and Trump meet in Anchorage", "2025-08-15", "Northern Wire",
		"Vladimir Putin met Donald Trump in Anchorage on Friday.\n\nThe talks lasted three hours.")
	a.Byline, a.URL, a.Lang, a.ExtID, a.Origin = "A. Writer", "https://example.org/a", "en", "nw-1", "examples/a.txt"
	a.Published = &pub
	a.Meta = map[string]any{"category": "politics", "rank": float64(3)}
	id := mustPut(t, s, a, nil)
	if id != a.ID || id == "" {
		t.Fatalf("id = %q, article carries %q", id, a.ID)
	}
	got, err := s.GetArticle(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != a.Title || got.Text != a.Text || got.Date != a.Date || got.Source != a.Source ||
		got.Byline != a.Byline || got.URL != a.URL || got.Lang != a.Lang || got.ExtID != a.ExtID ||
		got.Hash != a.Hash || got.Origin != a.Origin {
		t.Errorf("round trip changed the article:\n got %+v\nwant %+v", got, a)
	}
	if got.Published == nil || !got.Published.Equal(pub) {
		t.Errorf("published = %v, want %v", got.Published, pub)
	}
	if got.Meta["category"] != "politics" || got.Meta["rank"] != float64(3) {
		t.Errorf("meta = %v", got.Meta)
	}
	if !got.IngestedAt.Equal(a.IngestedAt) {
		t.Errorf("ingested_at = %v, want %v", got.IngestedAt, a.IngestedAt)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 1 {
		t.Errorf("CountArticles = %d, %v; want 1", n, err)
	}
}

func testDedupeByHash(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewArticle("One", "2025-02-12", "Wire", "Trump and Putin spoke by phone on Wednesday.")
	id := mustPut(t, s, a, nil)
	// Same text, re-wrapped and under another headline: the same article.
	b := NewArticle("Another headline", "2025-02-12", "Other", "Trump and Putin   spoke by phone\non Wednesday.")
	id2, stored, err := s.PutArticle(ctx, b, &record.Records{Events: []record.Event{testEvent()}})
	if err != nil {
		t.Fatal(err)
	}
	if stored || id2 != id {
		t.Fatalf("duplicate stored=%v id=%s, want not stored and id %s", stored, id2, id)
	}
	if n, _ := s.CountArticles(ctx); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
	recs, err := s.Records(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs.Events) != 0 {
		t.Errorf("the duplicate's records were stored: %d events", len(recs.Events))
	}
}

func testDedupeByURL(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewArticle("Draft", "2025-11-20", "Wire", "A 28-point plan was drafted.")
	a.CanonicalURL = "https://example.org/plan"
	id := mustPut(t, s, a, nil)
	b := NewArticle("Draft (updated)", "2025-11-20", "Wire", "A 28-point plan was drafted, officials said.")
	b.CanonicalURL = "https://example.org/plan"
	id2, stored, err := s.PutArticle(ctx, b, nil)
	if err != nil || stored || id2 != id {
		t.Fatalf("same canonical URL: id=%s stored=%v err=%v; want id %s, not stored", id2, stored, err, id)
	}
}

func testEvent() record.Event {
	return record.Event{Sentence: 0, Text: "Putin met Trump in Anchorage.", Date: "2025-08-15", DatePrecision: "day",
		Source: &record.Actor{Code: "RUSGOV", Country: "RUS", Name: "Vladimir Putin", Text: "Putin"},
		Target: &record.Actor{Code: "USAGOV", Country: "USA", Name: "Donald Trump", Text: "Trump"},
		CAMEO:  "042", Root: "04", Quad: 1, Goldstein: 1.9, PLOVER: "CONSULT", Verb: "met",
		Location: &record.Location{Name: "Anchorage", Country: "USA"},
		Rule:     &record.Rule{Pattern: "* MET +", Dict: "dict/verbs/04.txt:1"}}
}

func testRecords(t *testing.T, s store.Store) {
	ctx := context.Background()
	ev := testEvent()
	hedged := testEvent()
	hedged.Sentence, hedged.Hedged, hedged.Negated = 1, true, true
	hedged.AttributedTo = &record.Actor{Code: "USAMED", Country: "USA", Text: "Bob Woodward"}
	hedged.Location = nil
	recs := &record.Records{
		Events: []record.Event{ev, hedged},
		Claims: []record.Claim{
			{Sentence: 1, Speaker: &record.Actor{Code: "USAMED", Country: "USA", Name: "Bob Woodward"}, Kind: "reported", Verb: "claimed",
				Text: "Trump and Putin spoke seven times", Stance: "assert", Hedged: true, Date: "2024-10"},
			{Sentence: 2, Speaker: &record.Actor{Code: "RUSGOV", Country: "RUS", Text: "the Kremlin"}, Kind: "quote", Verb: "called",
				Text: "pure fiction", Stance: "deny", Date: "2024-10-08"},
		},
		Deadlines: []record.Deadline{{Sentence: 3, Due: "2026-02-05", Precision: "day", Kind: "expiry", What: "New START treaty expires",
			Actors: []record.Actor{{Code: "USA", Country: "USA"}, {Code: "RUS", Country: "RUS"}}}},
		Facts: []record.Fact{{Sentence: 4, Kind: "market_move", Subject: "Moscow Exchange", Value: 6, Unit: "%", Direction: "up", Date: "2025-02-12", Precision: "day"}},
	}
	recs.Claims[1].Denies = "#0" // the Kremlin denies the book's claim
	a := NewArticle("Records", "2025-08-15", "Wire", "Five sentences of text.")
	id := mustPut(t, s, a, recs)
	got, err := s.Records(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 2 || len(got.Claims) != 2 || len(got.Deadlines) != 1 || len(got.Facts) != 1 {
		t.Fatalf("records: %d events, %d claims, %d deadlines, %d facts; want 2,2,1,1", len(got.Events), len(got.Claims), len(got.Deadlines), len(got.Facts))
	}
	e := got.Events[0]
	if e.ArticleID != id || e.ID == "" || e.CAMEO != "042" || e.Root != "04" || e.Quad != 1 || e.Goldstein != 1.9 || e.PLOVER != "CONSULT" ||
		e.Source == nil || e.Source.Name != "Vladimir Putin" || e.Target == nil || e.Target.Code != "USAGOV" ||
		e.Location == nil || e.Location.Name != "Anchorage" || e.Rule == nil || e.Rule.Pattern != "* MET +" || e.AttributedTo != nil {
		t.Errorf("event round trip: %+v", e)
	}
	h := got.Events[1]
	if !h.Hedged || !h.Negated || h.Conditional || h.Location != nil || h.AttributedTo == nil || h.AttributedTo.Text != "Bob Woodward" {
		t.Errorf("flags round trip: %+v", h)
	}
	if got.Claims[1].Denies != got.Claims[0].ID || got.Claims[0].ID == "" {
		t.Errorf("denial link: %q denies %q, want %q", got.Claims[1].ID, got.Claims[1].Denies, got.Claims[0].ID)
	}
	for _, q := range []struct {
		name string
		f    store.RecordFilter
		n    int
	}{{"deny by RUS", store.RecordFilter{Country: "RUS", Kind: "deny"}, 1}, {"from 2024-10-08", store.RecordFilter{From: "2024-10-08"}, 1}, {"all", store.RecordFilter{}, 2}} {
		cs, err := s.Claims(ctx, q.f)
		if err != nil || len(cs) != q.n {
			t.Errorf("Claims %s: %d, %v; want %d", q.name, len(cs), err, q.n)
		}
	}
	if ds, err := s.Deadlines(ctx, store.RecordFilter{Country: "RUS", From: "2026-01-01"}); err != nil || len(ds) != 1 {
		t.Errorf("Deadlines involving RUS from 2026: %d, %v", len(ds), err)
	}
	if ds, _ := s.Deadlines(ctx, store.RecordFilter{Country: "CHN"}); len(ds) != 0 {
		t.Errorf("Deadlines involving CHN: %d, want 0", len(ds))
	}
	if fs, err := s.Facts(ctx, store.RecordFilter{Kind: "market_move"}); err != nil || len(fs) != 1 {
		t.Errorf("Facts market_move: %d, %v", len(fs), err)
	}
	c := got.Claims[0]
	if c.Speaker == nil || c.Speaker.Name != "Bob Woodward" || c.Kind != "reported" || !c.Hedged || c.Date != "2024-10" || c.Stance != "assert" {
		t.Errorf("claim round trip: %+v", c)
	}
	d := got.Deadlines[0]
	if d.Due != "2026-02-05" || d.Kind != "expiry" || d.Status != "open" || len(d.Actors) != 2 || d.Actors[1].Code != "RUS" {
		t.Errorf("deadline round trip: %+v", d)
	}
	f := got.Facts[0]
	if f.Value != 6 || f.Unit != "%" || f.Direction != "up" || f.Subject != "Moscow Exchange" {
		t.Errorf("fact round trip: %+v", f)
	}
}

func testAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	// Two events with one id violate the primary key: the write must fail
	// and leave neither the article nor any record behind.
	e1, e2 := testEvent(), testEvent()
	e1.ID, e2.ID = "dup-id", "dup-id"
	a := NewArticle("Half", "2025-08-15", "Wire", "This article must not be half-written.")
	if _, _, err := s.PutArticle(ctx, a, &record.Records{Events: []record.Event{e1, e2}}); err == nil {
		t.Fatal("PutArticle with conflicting record ids succeeded")
	}
	if n, _ := s.CountArticles(ctx); n != 0 {
		t.Errorf("failed write left %d articles", n)
	}
	evs, err := s.Events(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Errorf("failed write left %d events", len(evs))
	}
	// The same article goes in cleanly afterwards.
	mustPut(t, s, NewArticle("Half", "2025-08-15", "Wire", "This article must not be half-written."), nil)
}

func testReplace(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := NewArticle("Replace", "2025-08-15", "Wire", "Putin met Trump.")
	id := mustPut(t, s, a, &record.Records{Events: []record.Event{testEvent(), testEvent()}})
	e := testEvent()
	e.CAMEO, e.Root = "043", "04"
	if err := s.ReplaceRecords(ctx, id, &record.Records{Events: []record.Event{e}}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Records(ctx, id)
	if len(got.Events) != 1 || got.Events[0].CAMEO != "043" {
		t.Errorf("after replace: %+v", got.Events)
	}
	if err := s.ReplaceRecords(ctx, "no-such-article", &record.Records{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("replace on missing article: %v, want ErrNotFound", err)
	}
}

func testList(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i, d := range []string{"2025-01-20", "2025-08-15", "2025-02-12", "2025-11-20"} {
		src := "Wire"
		if i%2 == 1 {
			src = "Courier"
		}
		mustPut(t, s, NewArticle(fmt.Sprintf("A%d", i), d, src, fmt.Sprintf("Text number %d.", i)), nil)
	}
	all, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, a := range all {
		dates = append(dates, a.Date)
	}
	if got := strings.Join(dates, " "); got != "2025-11-20 2025-08-15 2025-02-12 2025-01-20" {
		t.Errorf("order = %s, want newest first", got)
	}
	since, _ := time.Parse("2006-01-02", "2025-02-12")
	got, _ := s.ListArticles(ctx, store.ArticleFilter{Since: since, Source: "Wire"})
	if len(got) != 1 || got[0].Date != "2025-02-12" {
		t.Errorf("since+source = %v", got)
	}
	got, _ = s.ListArticles(ctx, store.ArticleFilter{Limit: 1, Offset: 1})
	if len(got) != 1 || got[0].Date != "2025-08-15" {
		t.Errorf("limit/offset = %v", got)
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s, NewArticle("Treaty deadline nears", "2026-01-30", "Wire", "The New START treaty expires on February 5, 2026, and the U.S. has not replied."), nil)
	mustPut(t, s, NewArticle("Markets rally after call", "2025-02-13", "Wire", "The Moscow Exchange index rose 6% after the phone call between the presidents."), nil)
	mustPut(t, s, NewArticle("Summit in Alaska", "2025-08-15", "Courier", "The presidents met in Anchorage. No treaty was signed at the summit."), nil)
	cases := []struct {
		q     string
		first string
		n     int
	}{
		{"treaty", "Treaty deadline nears", 2},      // title weighs more
		{`"New START"`, "Treaty deadline nears", 1}, // phrase
		{"treaty -alaska -anchorage", "Treaty deadline nears", 1},
		{"index OR summit", "", 2},
		{"U.S.", "Treaty deadline nears", 1},     // punctuation is not syntax
		{"expiring", "Treaty deadline nears", 1}, // stemming
		{`NEAR( zebra* "`, "", 0},                // operators are just words
	}
	for _, c := range cases {
		hits, err := s.Search(ctx, store.SearchQuery{Text: c.q})
		if err != nil {
			t.Errorf("search %q: %v", c.q, err)
			continue
		}
		if len(hits) != c.n {
			t.Errorf("search %q: %d hits, want %d", c.q, len(hits), c.n)
			continue
		}
		if c.first != "" && hits[0].Article.Title != c.first {
			t.Errorf("search %q: first %q, want %q", c.q, hits[0].Article.Title, c.first)
		}
		for _, h := range hits {
			if h.Snippet == "" || h.Score <= 0 && s.Kind() == "postgres" {
				t.Errorf("search %q: hit %q has snippet %q score %v", c.q, h.Article.Title, h.Snippet, h.Score)
			}
		}
	}
	hits, _ := s.Search(ctx, store.SearchQuery{Text: "treaty"})
	if len(hits) > 0 && !strings.Contains(hits[0].Snippet, "[") {
		t.Errorf("snippet does not mark the match: %q", hits[0].Snippet)
	}
	if _, err := s.Search(ctx, store.SearchQuery{Text: "-treaty"}); !errors.Is(err, store.ErrEmptyQuery) {
		t.Errorf("only-negative query: %v, want ErrEmptyQuery", err)
	}
}

func testConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, ids := 0, map[string]bool{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				a := NewArticle(fmt.Sprintf("copy %d", i), "2025-01-01", "Wire", fmt.Sprintf("Shared text %d.", j))
				id, ok, err := s.PutArticle(ctx, a, &record.Records{Events: []record.Event{testEvent()}})
				if err != nil {
					t.Errorf("concurrent put: %v", err)
					return
				}
				mu.Lock()
				if ok {
					stored++
				}
				ids[id] = true
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if stored != 10 || len(ids) != 10 {
		t.Errorf("8 writers × 10 texts: stored %d, distinct ids %d; want 10 and 10", stored, len(ids))
	}
	evs, _ := s.Events(ctx, store.EventFilter{})
	if len(evs) != 10 {
		t.Errorf("events = %d, want 10 (one per stored article)", len(evs))
	}
}

func testEventFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	mk := func(src, tgt, root, date string) record.Event {
		e := testEvent()
		e.Source = &record.Actor{Code: src, Country: src}
		e.Target = &record.Actor{Code: tgt, Country: tgt}
		e.Root, e.CAMEO, e.Date = root, root+"0", date
		return e
	}
	mustPut(t, s, NewArticle("E", "2025-03-01", "Wire", "events"), &record.Records{Events: []record.Event{
		mk("USA", "RUS", "04", "2025-02-12"), mk("RUS", "USA", "04", "2025-02-12"),
		mk("USA", "RUS", "19", "2025-03-01"), mk("UKR", "RUS", "19", "2025-03-01")}})
	got, err := s.Events(ctx, store.EventFilter{SourceCountry: "USA", TargetCountry: "RUS"})
	if err != nil || len(got) != 2 {
		t.Fatalf("dyad USA→RUS: %d events, %v; want 2", len(got), err)
	}
	got, _ = s.Events(ctx, store.EventFilter{Root: "19", From: "2025-03-01", To: "2025-03-01"})
	if len(got) != 2 {
		t.Errorf("root 19 on 2025-03-01: %d, want 2", len(got))
	}
	got, _ = s.Events(ctx, store.EventFilter{TargetCountry: "RUS", To: "2025-02-28"})
	if len(got) != 1 {
		t.Errorf("→RUS up to Feb: %d, want 1", len(got))
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.GetArticle(context.Background(), "0000000000000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetArticle(missing) = %v, want ErrNotFound", err)
	}
}

func testBatch(t *testing.T, s store.Store) {
	ctx := context.Background()
	e1, e2 := testEvent(), testEvent()
	e1.ID, e2.ID = "same", "same"
	batch := []store.Put{
		{Article: NewArticle("good 1", "2025-01-01", "Wire", "First good text.")},
		{Article: NewArticle("bad", "2025-01-01", "Wire", "Bad records."), Records: &record.Records{Events: []record.Event{e1, e2}}},
		{Article: NewArticle("good 2", "2025-01-02", "Wire", "Second good text."), Records: &record.Records{Events: []record.Event{testEvent()}}},
		{Article: NewArticle("copy of good 1", "2025-01-01", "Other", "First  good\ntext.")},
	}
	res, err := s.PutArticles(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Stored || res[1].Err == nil || res[1].Stored || !res[2].Stored || res[3].Stored || res[3].ID != res[0].ID || res[3].Err != nil {
		t.Fatalf("batch results: %+v", res)
	}
	if n, _ := s.CountArticles(ctx); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
	evs, _ := s.Events(ctx, store.EventFilter{})
	if len(evs) != 1 || evs[0].ArticleID != res[2].ID {
		t.Errorf("events = %+v, want the one of good 2", evs)
	}
}

func testPutEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	var evs []record.Event
	for i := 0; i < 3; i++ {
		e := testEvent()
		e.ID, e.ExtID, e.SourceURL = fmt.Sprintf("gdelt-%d", 100+i), fmt.Sprint(100+i), "https://example.org/x"
		e.Date = fmt.Sprintf("2019-10-2%d", i)
		e.Extra = map[string]string{"Actor1Name": "RUSSIA", "AvgTone": "-1.25"}
		evs = append(evs, e)
	}
	n, err := s.PutEvents(ctx, evs)
	if err != nil || n != 3 {
		t.Fatalf("PutEvents: %d, %v", n, err)
	}
	n, err = s.PutEvents(ctx, evs[1:])
	if err != nil || n != 0 {
		t.Errorf("PutEvents again: %d new, %v; want 0", n, err)
	}
	var got []record.Event
	err = s.EachEvent(ctx, store.EventFilter{From: "2019-10-21"}, func(e *record.Event) error {
		got = append(got, *e)
		return nil
	})
	if err != nil || len(got) != 2 || got[0].ID != "gdelt-101" || got[0].ArticleID != "" || got[0].Extra["AvgTone"] != "-1.25" || got[0].ExtID != "101" {
		t.Errorf("EachEvent: %+v %v", got, err)
	}
	stop := errors.New("stop")
	calls := 0
	if err := s.EachEvent(ctx, store.EventFilter{}, func(*record.Event) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("EachEvent stop: %v after %d calls", err, calls)
	}
}

func testEachArticle(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := 0; i < 1203; i++ {
		if _, _, err := s.PutArticle(ctx, NewArticle(fmt.Sprint("t", i), fmt.Sprintf("2025-%02d-01", 1+i%12), "Wire", fmt.Sprint("text ", i)), nil); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	err := s.EachArticle(ctx, store.ArticleFilter{}, func(a *article.Article) error {
		if seen[a.ID] {
			t.Fatalf("article %s twice", a.ID)
		}
		seen[a.ID] = true
		// Writing while walking must work (recode does it).
		return s.ReplaceRecords(ctx, a.ID, &record.Records{})
	})
	if err != nil || len(seen) != 1203 {
		t.Errorf("EachArticle: %d articles, %v", len(seen), err)
	}
	n := 0
	s.EachArticle(ctx, store.ArticleFilter{Since: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}, func(*article.Article) error { n++; return nil })
	if n != 100 {
		t.Errorf("EachArticle since December: %d, want 100", n)
	}
}
