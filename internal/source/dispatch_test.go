package source

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/store"
)

// The job bodies that a shared queue runs: a feed job polls its feed
// once however often it is queued, a page job fetches its page once for
// every feed that links it, and neither does anything for work that is no
// longer there or not yet due.
func TestFeedAndPageJobs(t *testing.T) {
	ctx := context.Background()
	st := openTestStore(t)
	s := newSite(t)
	clk := &clock{t: time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)}
	pages := scrapinghubPages(t, 2)
	for _, p := range pages {
		s.put(p.URL, "text/html; charset=utf-8", p.HTML, nil)
	}
	var items []rssItem
	for i, p := range pages {
		items = append(items, rssItem{Title: "Story " + string(rune('A'+i)), Link: p.URL, GUID: p.URL, Description: firstWords(p.Text, 20)})
	}
	s.put("https://feeds.test/a.xml", "application/rss+xml", rssFeed("A", items), nil)
	s.put("https://feeds.test/b.xml", "application/rss+xml", rssFeed("B", items[:1]), nil)
	a := addFeed(t, st, "https://feeds.test/a.xml", clk.Now())
	b := addFeed(t, st, "https://feeds.test/b.xml", clk.Now())
	var onFeed, onPage int
	p, err := NewPoller(st, PollOptions{Fetcher: s.fetcher(FetchOptions{}), Now: clk.Now,
		OnFeed: func(FeedResult) { onFeed++ }, OnPage: func(PageResult) { onPage++ }})
	if err != nil {
		t.Fatal(err)
	}

	fj, err := p.RunFeedJob(ctx, a.ID)
	if err != nil || !fj.Ran || fj.Result.Queued != 2 || len(fj.Pages) != 2 {
		t.Fatalf("feed job: %+v %v", fj, err)
	}
	// Queued again after it ran: the feed is not due, nothing is fetched.
	again, err := p.RunFeedJob(ctx, a.ID)
	if err != nil || again.Ran || s.hits("https://feeds.test/a.xml") != 1 {
		t.Errorf("second feed job: %+v %v, %d fetches", again, err, s.hits("https://feeds.test/a.xml"))
	}
	if fj, err := p.RunFeedJob(ctx, 999); err != nil || fj.Ran {
		t.Errorf("job of a removed feed: %+v %v", fj, err)
	}
	if fj, err := p.RunFeedJob(ctx, b.ID); err != nil || !fj.Ran || len(fj.Pages) != 1 {
		t.Fatalf("feed job b: %+v %v", fj, err)
	}

	// Page 0 is queued for both feeds: one job fetches it once for both.
	rows := queuedRows(t, st, clk.Now(), pages[0].URL)
	if len(rows) != 2 {
		t.Fatalf("page 0: %d rows queued, want 2", len(rows))
	}
	res, ran, err := p.RunPageJob(ctx, rows)
	if err != nil || !ran || !res.Stored || res.Feeds != 2 || s.hits(pages[0].URL) != 1 {
		t.Errorf("page job: %+v ran %v %v, %d fetches", res, ran, err, s.hits(pages[0].URL))
	}
	// Rows not yet due are left alone.
	rows = queuedRows(t, st, clk.Now(), pages[1].URL)
	if len(rows) != 1 {
		t.Fatalf("page 1: %d rows queued, want 1", len(rows))
	}
	if _, ran, err := p.RunPageJob(ctx, []store.PendingPage{withNextTry(rows[0], clk.Now().Add(time.Minute))}); err != nil || ran {
		t.Errorf("page job before its time: ran %v %v", ran, err)
	}
	if _, ran, err := p.RunPageJob(ctx, rows); err != nil || !ran {
		t.Errorf("page 1: ran %v %v", ran, err)
	}
	// Run again with the rows as they were (a job whose process died
	// after storing): the page is known, only its sources are recorded.
	res, ran, err = p.RunPageJob(ctx, rows)
	if err != nil || !ran || res.Stored || !res.Duplicate || s.hits(pages[1].URL) != 1 {
		t.Errorf("page job again: %+v ran %v %v, %d fetches", res, ran, err, s.hits(pages[1].URL))
	}
	if n, _ := st.CountArticles(ctx); n != 2 {
		t.Errorf("%d articles, want 2", n)
	}
	if left, _ := st.PendingPages(ctx, clk.Now().Add(time.Hour), 10); len(left) != 0 {
		t.Errorf("%d pages still queued", len(left))
	}
	if onFeed != 2 || onPage != 3 {
		t.Errorf("reported %d feeds and %d pages, want 2 and 3", onFeed, onPage)
	}
}

func queuedRows(t *testing.T, fs store.FeedStore, now time.Time, url string) []store.PendingPage {
	t.Helper()
	all, err := fs.PendingPages(context.Background(), now.Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.PendingPage
	for _, r := range all {
		if r.URL == article.CanonicalURL(url) {
			out = append(out, r)
		}
	}
	return out
}

func withNextTry(r store.PendingPage, at time.Time) store.PendingPage {
	r.NextTry = at
	return r
}
