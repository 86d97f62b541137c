package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openTestStore(t testing.TB) *sqlite.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func addFeed(t testing.TB, fs store.FeedStore, url string, now time.Time) store.Feed {
	f, _, err := fs.AddFeed(context.Background(), store.Feed{URL: url, Interval: 15 * time.Minute, Created: now})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

// feedStore is a store that keeps feeds: both of sitrep's.
type feedStore interface {
	store.Store
	store.FeedStore
}

func TestPollFeedsAndPagesSQLite(t *testing.T) { testPollFeedsAndPages(t, openTestStore(t)) }
func TestPollFeedsAndPagesPostgres(t *testing.T) {
	s, err := postgres.Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	testPollFeedsAndPages(t, s)
}

func testPollFeedsAndPages(t *testing.T, st feedStore) {
	ctx := context.Background()
	s := newSite(t)
	clk := &clock{t: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)}
	pages := scrapinghubPages(t, 11)
	for _, p := range pages[:8] {
		s.put(p.URL, "text/html; charset=utf-8", p.HTML, nil)
	}
	day := func(d int) *time.Time { t := time.Date(2025, 11, d, 9, 30, 0, 0, time.UTC); return &t }

	// Wire (RSS): summaries of pages 0-5, half of them dated.
	var wire []rssItem
	for i, p := range pages[:6] {
		it := rssItem{Title: "Wire story " + string(rune('A'+i)), Link: p.URL, GUID: "wire-" + string(rune('a'+i)),
			Description: "<p>" + firstWords(p.Text, 25) + "…</p>"}
		if i%2 == 0 {
			it.Published = day(i + 1)
		}
		wire = append(wire, it)
	}
	s.put("https://feeds.test/wire.xml", "application/rss+xml", rssFeed("The Wire", wire), nil)
	// Digest (Atom, served as text/html): pages 2-7, linked over http with
	// tracking parameters, so only the canonical URL says they are the same.
	var digest []rssItem
	for i, p := range pages[2:8] {
		link := strings.Replace(p.URL, "https://", "http://", 1)
		if strings.Contains(link, "?") {
			link += "&utm_source=digest"
		} else {
			link += "?utm_source=digest"
		}
		digest = append(digest, rssItem{Title: "Digest " + string(rune('a'+i)), Link: link, GUID: "urn:digest:" + string(rune('a'+i)),
			Description: firstWords(p.Text, 20), Published: day(20 + i)})
	}
	s.put("https://feeds.test/digest.atom", "text/html", atomFeed("Digest", digest), nil)
	// Full text (JSON Feed): three items with their whole text; the third
	// republishes the first under a new URL.
	var full []rssItem
	for i, p := range pages[8:11] {
		full = append(full, rssItem{Title: "Full " + string(rune('a'+i)), Link: "https://wire.test/story/" + string(rune('1'+i)),
			GUID: "full-" + string(rune('a'+i)), Content: strings.Repeat(p.Text+"\n\n", 1+120/max(1, len(strings.Fields(p.Text)))), Published: day(5)})
	}
	full = append(full, rssItem{Title: "Full a, again", Link: "https://mirror.test/copy/1", GUID: "full-copy", Content: full[0].Content, Published: day(6)})
	s.put("https://feeds.test/full.json", "application/json", jsonFeed("Full Text", full), nil)
	// Failures: a 500, a 429 with Retry-After, and an HTML page.
	s.put("https://feeds.test/cached.xml", "application/rss+xml", rssFeed("Cached", nil), map[string]string{"Cache-Control": "max-age=7200"})

	feeds := map[string]store.Feed{}
	for _, u := range []string{"https://feeds.test/wire.xml", "https://feeds.test/digest.atom", "https://feeds.test/full.json",
		"https://feeds.test/corpus/rss-parser/guardian.rss", "https://feeds.test/corpus/node-feedparser/notafeed.html",
		"https://feeds.test/missing.xml", "https://feeds.test/cached.xml"} {
		feeds[u] = addFeed(t, st, u, clk.Now())
	}
	// The results name every article they stored, so what follows storing
	// (links, stories) needs no scan of the store.
	reported := map[string]int{}
	p, err := NewPoller(st, PollOptions{Fetcher: s.fetcher(FetchOptions{Timeout: 5 * time.Second}), Now: clk.Now, Workers: 4,
		OnFeed: func(r FeedResult) {
			if len(r.StoredIDs) != r.Stored {
				t.Errorf("feed %s: %d stored, ids %v", r.Feed.URL, r.Stored, r.StoredIDs)
			}
			for _, id := range r.StoredIDs {
				reported[id]++
			}
		},
		OnPage: func(r PageResult) {
			if r.Stored != (r.ID != "") {
				t.Errorf("page %s: stored %v, id %q", r.URL, r.Stored, r.ID)
			}
			if r.Stored {
				reported[r.ID]++
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first poll: %+v", sum)
	if sum.Feeds != 7 || sum.FeedErrors != 2 {
		t.Errorf("feeds %d, errors %d; want 7 and 2", sum.Feeds, sum.FeedErrors)
	}

	// Every page was fetched once, whatever the number of feeds linking it.
	for _, pg := range pages[:8] {
		if n := s.hits(pg.URL); n != 1 {
			t.Errorf("%s fetched %d times", pg.URL, n)
		}
	}
	// Each page is one article, with its text from the page and a source
	// for every feed that linked it.
	for i, pg := range pages[:8] {
		known, _ := st.KnownURLs(ctx, []string{article.CanonicalURL(pg.URL)})
		id := known[article.CanonicalURL(pg.URL)]
		if id == "" {
			t.Errorf("page %d %s not stored", i, pg.URL)
			continue
		}
		a, _ := st.GetArticle(ctx, id)
		if a.Meta["text_from"] != "page" || len(strings.Fields(a.Text)) < len(strings.Fields(pg.Text))/2 {
			t.Errorf("page %d: text from %v, %d words (expected about %d)", i, a.Meta["text_from"], len(strings.Fields(a.Text)), len(strings.Fields(pg.Text)))
		}
		srcs, _ := st.ArticleSources(ctx, id)
		feedsSeen := map[string]bool{}
		for _, src := range srcs {
			feedsSeen[src.FeedURL] = true
		}
		want := 1
		if i >= 2 && i <= 5 {
			want = 2
		}
		if len(feedsSeen) != want {
			t.Errorf("page %d seen in %d feeds (%+v), want %d", i, len(feedsSeen), srcs, want)
		}
		// The date: the earliest a feed gives, else the page's own, else
		// its URL's.
		var wantDay *time.Time
		if i < 6 && i%2 == 0 {
			wantDay = day(i + 1)
		} else if i >= 2 {
			wantDay = day(20 + i - 2)
		}
		switch {
		case wantDay != nil:
			if a.Meta["date_from"] != "feed" || a.Date != wantDay.Format("2006-01-02") {
				t.Errorf("page %d: date %s from %v, want the feed's %s", i, a.Date, a.Meta["date_from"], wantDay.Format("2006-01-02"))
			}
		default:
			t.Logf("page %d: no feed date; date %q from %v", i, a.Date, a.Meta["date_from"])
			if a.Date == "" || a.Meta["date_from"] == "feed" {
				t.Errorf("page %d: date %q from %v, want the page's", i, a.Date, a.Meta["date_from"])
			}
		}
	}
	// The republished full text is one article reached at two URLs.
	known, _ := st.KnownURLs(ctx, []string{"https://wire.test/story/1", "https://mirror.test/copy/1", "https://wire.test/story/2"})
	if known["https://wire.test/story/1"] == "" || known["https://wire.test/story/1"] != known["https://mirror.test/copy/1"] {
		t.Errorf("republished text: %v", known)
	}
	a, _ := st.GetArticle(ctx, known["https://wire.test/story/2"])
	if a == nil || a.Meta["text_from"] != "feed" || a.Source != "Full Text" {
		t.Errorf("full-text item: %+v", a)
	}
	// The Guardian's real feed: its pages are not on this server (404), so
	// every item is kept with the feed's text.
	raw, _ := os.ReadFile(filepath.Join(s.feedDir, "rss-parser/guardian.rss"))
	guardian, _ := ParseFeed(raw, "", "")
	g, _ := st.Feed(ctx, feeds["https://feeds.test/corpus/rss-parser/guardian.rss"].ID)
	if g.Articles != len(guardian.Items) || g.LastError != "" || g.Title == "" {
		t.Errorf("guardian feed: %d articles for %d items, error %q, title %q", g.Articles, len(guardian.Items), g.LastError, g.Title)
	}

	// Failures are recorded on the feed, with a readable reason.
	now := clk.Now()
	for u, want := range map[string]string{"https://feeds.test/corpus/node-feedparser/notafeed.html": "not a feed: the document is an HTML page",
		"https://feeds.test/missing.xml": "HTTP 404 Not Found"} {
		f, _ := st.Feed(ctx, feeds[u].ID)
		if f.ErrorCount != 1 || !strings.HasPrefix(f.LastError, want) || !f.NextFetch.Equal(now.Add(15*time.Minute)) {
			t.Errorf("%s: %d errors, %q, next %v", u, f.ErrorCount, f.LastError, f.NextFetch)
		}
	}
	if f, _ := st.Feed(ctx, feeds["https://feeds.test/cached.xml"].ID); !f.NextFetch.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("Cache-Control max-age=7200: next fetch %v, want %v", f.NextFetch, now.Add(2*time.Hour))
	}
	count, _ := st.CountArticles(ctx)
	if len(reported) != count {
		t.Errorf("results named %d stored articles, the store holds %d", len(reported), count)
	}
	for id, n := range reported {
		if a, err := st.GetArticle(ctx, id); err != nil || a == nil || n != 1 {
			t.Errorf("reported id %s (%d times): %v", id, n, err)
		}
	}

	// Sixteen minutes on, the feeds are due again: conditional requests get
	// 304s and nothing is stored or fetched twice.
	clk.Add(16 * time.Minute)
	sum2, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum2.NotModified != 4 || sum2.Stored != 0 || sum2.Pages != 0 {
		t.Errorf("second poll: %+v; want 4 not modified, nothing stored", sum2)
	}
	// A new item in the wire: only it is fetched.
	wire = append(wire, rssItem{Title: "Wire story new", Link: pages[6].URL, GUID: "wire-new", Description: "Short.", Published: day(28)})
	s.put("https://feeds.test/wire.xml", "application/rss+xml", rssFeed("The Wire", wire), nil)
	clk.Add(16 * time.Minute)
	sum3, _ := p.PollOnce(ctx)
	if sum3.Known != 6+1 || sum3.Stored != 0 || s.hits(pages[6].URL) != 1 {
		t.Errorf("third poll: %+v; page 6 fetched %d times", sum3, s.hits(pages[6].URL))
	}
	if n, _ := st.CountArticles(ctx); n != count {
		t.Errorf("articles %d after re-polls, %d before", n, count)
	}
}

func TestPollBackoffAndRetryAfter(t *testing.T) {
	ctx := context.Background()
	srv := hostile(t)
	st := openTestStore(t)
	clk := &clock{t: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)}
	f500 := addFeed(t, st, srv.URL+"/status/500", clk.Now())
	f429 := addFeed(t, st, srv.URL+"/status/429?retry=3600", clk.Now())
	p, _ := NewPoller(st, PollOptions{Fetcher: NewFetcher(FetchOptions{AllowPrivate: true}), Now: clk.Now})
	for round, want := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour} {
		now := clk.Now()
		if _, err := p.PollOnce(ctx); err != nil {
			t.Fatal(err)
		}
		f, _ := st.Feed(ctx, f500.ID)
		if f.ErrorCount != round+1 || !f.NextFetch.Equal(now.Add(want)) || f.LastError != "HTTP 500 Internal Server Error" {
			t.Errorf("round %d: 500 feed: %d errors, next in %s (want %s), %q", round, f.ErrorCount, f.NextFetch.Sub(now), want, f.LastError)
		}
		g, _ := st.Feed(ctx, f429.ID)
		if wantG := max(want, time.Hour); g.ErrorCount != round+1 || !g.NextFetch.Equal(now.Add(wantG)) {
			t.Errorf("round %d: 429 feed: next in %s, want %s", round, g.NextFetch.Sub(now), wantG)
		}
		clk.Add(3 * time.Hour)
	}
}

// TestPollStopsCleanly cancels a poll while feeds are in flight: what had
// started finishes and is saved, nothing new starts.
func TestPollStopsCleanly(t *testing.T) {
	s := newSite(t)
	st := openTestStore(t)
	clk := &clock{t: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)}
	for i := 0; i < 6; i++ {
		u := "https://feeds.test/slow/" + string(rune('a'+i)) + ".xml"
		s.put(u, "application/rss+xml", rssFeed("Slow", []rssItem{{Title: "Item " + u, Link: "https://x.test/" + string(rune('a'+i)),
			Content: strings.Repeat("word"+string(rune('a'+i))+" ", 200), Published: &clk.t}}), nil)
		addFeed(t, st, u, clk.Now())
	}
	// The first request stops the poll; the requests under way by then
	// are answered a little later.
	ctx, cancel := context.WithCancel(context.Background())
	s.onServe = func(string, string) { cancel(); time.Sleep(50 * time.Millisecond) }
	p, _ := NewPoller(st, PollOptions{Fetcher: s.fetcher(FetchOptions{}), Now: clk.Now, Workers: 2})
	sum, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Feeds < 1 || sum.Feeds > 3 || sum.Stored != sum.Feeds {
		t.Errorf("after cancel: %+v; want the 1-3 feeds under way finished and stored", sum)
	}
	due, _ := st.DueFeeds(context.Background(), clk.Now(), 100)
	if len(due) != 6-sum.Feeds {
		t.Errorf("%d feeds still due, want %d", len(due), 6-sum.Feeds)
	}
}
