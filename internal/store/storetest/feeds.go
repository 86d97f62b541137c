package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/store"
)

// RunFeeds runs the FeedStore suite; the factory's stores must implement
// store.FeedStore.
func RunFeeds(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store, store.FeedStore)
	}{
		{"AddListRemove", testFeedAdd},
		{"DueAndSavePoll", testFeedDue},
		{"PageQueue", testPageQueue},
		{"ArticleSources", testArticleSources},
		{"DuplicateKeepsEverySource", testDuplicateSources},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			fs, ok := s.(store.FeedStore)
			if !ok {
				t.Fatalf("%T does not implement store.FeedStore", s)
			}
			tc.fn(t, s, fs)
		})
	}
}

var t0 = time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)

func mustAddFeed(t *testing.T, fs store.FeedStore, url string) store.Feed {
	t.Helper()
	f, added, err := fs.AddFeed(context.Background(), store.Feed{URL: url, Interval: 15 * time.Minute, Created: t0})
	if err != nil || !added {
		t.Fatalf("AddFeed(%s) = %v, %v", url, added, err)
	}
	return f
}

func testFeedAdd(t *testing.T, _ store.Store, fs store.FeedStore) {
	ctx := context.Background()
	a, added, err := fs.AddFeed(ctx, store.Feed{URL: "https://example.org/rss", Title: "Example", Interval: 30 * time.Minute, Created: t0})
	if err != nil || !added {
		t.Fatalf("AddFeed: added=%v err=%v", added, err)
	}
	if a.ID == 0 || a.Title != "Example" || a.Interval != 30*time.Minute || !a.NextFetch.Equal(t0) || !a.Created.Equal(t0) || a.LastFetch != nil {
		t.Errorf("new feed = %+v", a)
	}
	again, added, err := fs.AddFeed(ctx, store.Feed{URL: "https://example.org/rss", Title: "Other", Interval: time.Hour})
	if err != nil || added || again.ID != a.ID || again.Title != "Example" {
		t.Errorf("adding the same URL again: %+v added=%v err=%v; want the first feed unchanged", again, added, err)
	}
	b := mustAddFeed(t, fs, "https://example.net/atom")
	all, err := fs.Feeds(ctx)
	if err != nil || len(all) != 2 || all[0].ID != a.ID || all[1].ID != b.ID {
		t.Fatalf("Feeds = %+v, %v", all, err)
	}
	if got, err := fs.FeedByURL(ctx, b.URL); err != nil || got.ID != b.ID {
		t.Errorf("FeedByURL = %+v, %v", got, err)
	}
	if err := fs.RemoveFeed(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Feed(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Feed after remove: %v, want ErrNotFound", err)
	}
	if err := fs.RemoveFeed(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveFeed twice: %v, want ErrNotFound", err)
	}
	if _, err := fs.FeedByURL(ctx, "https://nowhere.example/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FeedByURL(unknown): %v, want ErrNotFound", err)
	}
}

func testFeedDue(t *testing.T, _ store.Store, fs store.FeedStore) {
	ctx := context.Background()
	a := mustAddFeed(t, fs, "https://a.example/feed")
	b := mustAddFeed(t, fs, "https://b.example/feed")
	if at, ok, err := fs.NextDue(ctx); err != nil || !ok || !at.Equal(t0) {
		t.Errorf("NextDue = %v %v %v, want %v", at, ok, err, t0)
	}
	// b fails and backs off; a succeeds and is due again in 15 minutes.
	fetched := t0.Add(time.Minute)
	a.Title, a.ETag, a.LastModified, a.LastFetch, a.NextFetch = "Feed A", `"v1"`, "Sat, 10 Jan 2026 11:00:00 GMT", &fetched, fetched.Add(15*time.Minute)
	if err := fs.SaveFeedPoll(ctx, a, nil, nil); err != nil {
		t.Fatal(err)
	}
	b.LastFetch, b.NextFetch, b.LastError, b.ErrorCount = &fetched, fetched.Add(2*time.Hour), "HTTP 503 Service Unavailable", 3
	if err := fs.SaveFeedPoll(ctx, b, nil, nil); err != nil {
		t.Fatal(err)
	}
	due, err := fs.DueFeeds(ctx, fetched.Add(20*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != a.ID {
		t.Fatalf("DueFeeds = %+v, %v; want feed A only", due, err)
	}
	got := due[0]
	if got.Title != "Feed A" || got.ETag != `"v1"` || got.LastModified != "Sat, 10 Jan 2026 11:00:00 GMT" ||
		got.LastFetch == nil || !got.LastFetch.Equal(fetched) || got.ErrorCount != 0 || got.LastError != "" {
		t.Errorf("saved state of A = %+v", got)
	}
	gb, err := fs.Feed(ctx, b.ID)
	if err != nil || gb.ErrorCount != 3 || gb.LastError != "HTTP 503 Service Unavailable" || !gb.NextFetch.Equal(fetched.Add(2*time.Hour)) {
		t.Errorf("saved state of B = %+v, %v", gb, err)
	}
	if due, _ := fs.DueFeeds(ctx, fetched, 10); len(due) != 0 {
		t.Errorf("nothing is due right after the poll, got %d feeds", len(due))
	}
	if at, _, _ := fs.NextDue(ctx); !at.Equal(fetched.Add(15 * time.Minute)) {
		t.Errorf("NextDue = %v, want %v", at, fetched.Add(15*time.Minute))
	}
	if err := fs.RemoveFeed(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := fs.SaveFeedPoll(ctx, b, nil, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveFeedPoll of a removed feed: %v, want ErrNotFound", err)
	}
}

func draft(title, url string) article.Article {
	pub := time.Date(2025, 8, 15, 9, 0, 0, 0, time.UTC)
	a := article.Article{Title: title, URL: url, CanonicalURL: url, Text: "Summary of " + title + ".",
		Published: &pub, Date: "2025-08-15", Meta: map[string]any{"guid": "g-" + title}}
	a.Hash = article.ContentHash(a.Text)
	return a
}

func testPageQueue(t *testing.T, _ store.Store, fs store.FeedStore) {
	ctx := context.Background()
	f := mustAddFeed(t, fs, "https://a.example/feed")
	g := mustAddFeed(t, fs, "https://b.example/feed")
	pages := []store.PendingPage{
		{URL: "https://a.example/1", Link: "http://www.a.example/1?utm_source=rss", Draft: draft("One", "https://a.example/1"), NextTry: t0},
		{URL: "https://a.example/2", Link: "https://a.example/2", Draft: draft("Two", "https://a.example/2"), NextTry: t0.Add(time.Second)},
	}
	f.NextFetch = t0.Add(time.Hour)
	if err := fs.SaveFeedPoll(ctx, f, nil, pages); err != nil {
		t.Fatal(err)
	}
	// Queuing again (a poll repeated after a crash) changes nothing; the
	// same page from another feed is queued for that feed too.
	if err := fs.SaveFeedPoll(ctx, f, nil, pages); err != nil {
		t.Fatal(err)
	}
	g.NextFetch = t0.Add(time.Hour)
	if err := fs.SaveFeedPoll(ctx, g, nil, pages[:1]); err != nil {
		t.Fatal(err)
	}
	got, err := fs.PendingPages(ctx, t0.Add(time.Minute), 10)
	if err != nil || len(got) != 3 {
		t.Fatalf("PendingPages = %d, %v; want 3", len(got), err)
	}
	p := got[0]
	if p.URL != "https://a.example/1" || p.Link != pages[0].Link || p.Attempts != 0 || !p.NextTry.Equal(t0) {
		t.Errorf("first page = %+v", p)
	}
	if p.FeedURL != f.URL && p.FeedURL != g.URL {
		t.Errorf("page feed URL = %q", p.FeedURL)
	}
	d := p.Draft
	if d.Title != "One" || d.Text != "Summary of One." || d.Published == nil || !d.Published.Equal(*pages[0].Draft.Published) ||
		d.Meta["guid"] != "g-One" || d.Hash != pages[0].Draft.Hash {
		t.Errorf("draft round trip: %+v", d)
	}
	if early, _ := fs.PendingPages(ctx, t0.Add(-time.Second), 10); len(early) != 0 {
		t.Errorf("pages before they are due: %d", len(early))
	}
	if err := fs.RetryPage(ctx, "https://a.example/2", f.ID, t0.Add(time.Hour), "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	if err := fs.FinishPages(ctx, nil, []store.PageRef{{URL: "https://a.example/1", FeedID: f.ID}}); err != nil {
		t.Fatal(err)
	}
	got, _ = fs.PendingPages(ctx, t0.Add(time.Minute), 10)
	if len(got) != 1 || got[0].FeedID != g.ID {
		t.Fatalf("after finish and retry: %+v", got)
	}
	got, _ = fs.PendingPages(ctx, t0.Add(2*time.Hour), 10)
	if len(got) != 2 {
		t.Fatalf("after the retry time: %d pages, want 2", len(got))
	}
	for _, p := range got {
		if p.URL == "https://a.example/2" && (p.Attempts != 1 || p.LastError != "HTTP 500") {
			t.Errorf("retried page = %+v", p)
		}
	}
	if at, ok, _ := fs.NextDue(ctx); !ok || !at.Equal(t0) {
		t.Errorf("NextDue with a page due at %v: %v", t0, at)
	}
	// Removing a feed drops its queued pages.
	if err := fs.RemoveFeed(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = fs.PendingPages(ctx, t0.Add(2*time.Hour), 10)
	if len(got) != 1 || got[0].FeedID != g.ID {
		t.Errorf("after removing the feed: %+v", got)
	}
}

func testArticleSources(t *testing.T, s store.Store, fs store.FeedStore) {
	ctx := context.Background()
	f := mustAddFeed(t, fs, "https://a.example/feed")
	g := mustAddFeed(t, fs, "https://b.example/feed")
	a := NewArticle("Summit", "2025-08-15", "Wire", "Putin and Trump met in Anchorage.")
	a.CanonicalURL = "https://a.example/summit"
	id := mustPut(t, s, a, nil)
	srcs := []store.ArticleSource{
		{ArticleID: id, URL: "https://a.example/summit", FeedURL: f.URL, FeedID: f.ID, SeenAt: t0},
		{ArticleID: id, URL: "https://b.example/summit-copy", FeedURL: g.URL, FeedID: g.ID, SeenAt: t0.Add(time.Minute)},
		{ArticleID: id, URL: "https://a.example/summit", FeedURL: "", SeenAt: t0.Add(2 * time.Minute)},
	}
	if err := fs.AddArticleSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	if err := fs.AddArticleSources(ctx, srcs[:2]); err != nil { // again: skipped
		t.Fatal(err)
	}
	got, err := fs.ArticleSources(ctx, id)
	if err != nil || len(got) != 3 {
		t.Fatalf("ArticleSources = %+v, %v; want 3", got, err)
	}
	if got[0].FeedID != f.ID || got[1].URL != "https://b.example/summit-copy" || got[2].FeedURL != "" || !got[1].SeenAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("sources = %+v", got)
	}
	known, err := fs.KnownURLs(ctx, []string{"https://a.example/summit", "https://b.example/summit-copy", "https://c.example/new"})
	if err != nil || len(known) != 2 || known["https://b.example/summit-copy"] != id || known["https://a.example/summit"] != id {
		t.Errorf("KnownURLs = %v, %v", known, err)
	}
	// An article's own canonical URL counts even without a source row.
	b := NewArticle("Other", "2025-08-16", "Wire", "Another text.")
	b.CanonicalURL = "https://c.example/other"
	bid := mustPut(t, s, b, nil)
	if known, _ := fs.KnownURLs(ctx, []string{"https://c.example/other"}); known["https://c.example/other"] != bid {
		t.Errorf("KnownURLs by canonical URL = %v", known)
	}
	if ff, _ := fs.Feed(ctx, f.ID); ff.Articles != 1 {
		t.Errorf("feed A article count = %d, want 1", ff.Articles)
	}
	// Unsubscribing keeps the record of where the article was seen.
	if err := fs.RemoveFeed(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = fs.ArticleSources(ctx, id)
	if len(got) != 3 || got[1].FeedID != 0 || got[1].FeedURL != g.URL {
		t.Errorf("after removing feed B: %+v", got)
	}
	// A source for a feed id that no longer exists is kept without the id.
	if err := fs.AddArticleSources(ctx, []store.ArticleSource{{ArticleID: id, URL: "https://d.example/x", FeedURL: g.URL, FeedID: g.ID, SeenAt: t0}}); err != nil {
		t.Errorf("source naming a removed feed: %v", err)
	}
	// A poll's sources go in with its state; a page's with its removal
	// from the queue.
	f.NextFetch = t0.Add(time.Hour)
	page := store.PendingPage{URL: "https://a.example/page", Link: "https://a.example/page", Draft: draft("P", "https://a.example/page"), NextTry: t0}
	if err := fs.SaveFeedPoll(ctx, f, []store.ArticleSource{{ArticleID: bid, URL: "https://c.example/other", FeedURL: f.URL, FeedID: f.ID, SeenAt: t0}},
		[]store.PendingPage{page}); err != nil {
		t.Fatal(err)
	}
	if got, _ := fs.ArticleSources(ctx, bid); len(got) != 1 || got[0].FeedID != f.ID {
		t.Errorf("sources saved with the poll: %+v", got)
	}
	if err := fs.FinishPages(ctx, []store.ArticleSource{{ArticleID: bid, URL: page.URL, FeedURL: f.URL, FeedID: f.ID, SeenAt: t0}},
		[]store.PageRef{{URL: page.URL, FeedID: f.ID}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := fs.ArticleSources(ctx, bid); len(got) != 2 {
		t.Errorf("sources saved with the finished page: %+v", got)
	}
	if left, _ := fs.PendingPages(ctx, t0.Add(time.Hour), 10); len(left) != 0 {
		t.Errorf("finished page still queued: %+v", left)
	}
	many := make([]string, 1000)
	for i := range many {
		many[i] = "https://bulk.example/" + string(rune('a'+i%26)) + time.Duration(i).String()
	}
	many[999] = "https://a.example/summit"
	if known, err := fs.KnownURLs(ctx, many); err != nil || len(known) != 1 {
		t.Errorf("KnownURLs over 1000 URLs = %v, %v", known, err)
	}
}

func testDuplicateSources(t *testing.T, s store.Store, fs store.FeedStore) {
	ctx := context.Background()
	f := mustAddFeed(t, fs, "https://a.example/feed")
	g := mustAddFeed(t, fs, "https://b.example/feed")
	a := NewArticle("Sanctions", "2025-10-22", "A", "The US sanctioned Rosneft and Lukoil.")
	a.CanonicalURL = "https://a.example/sanctions"
	b := NewArticle("Sanctions (copy)", "2025-10-22", "B", "The US sanctioned Rosneft and Lukoil.")
	b.CanonicalURL = "https://b.example/copy"
	res, err := s.PutArticles(ctx, []store.Put{{Article: a}, {Article: b}})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Stored || res[1].Stored || res[1].ID != res[0].ID {
		t.Fatalf("PutArticles = %+v; want the copy as a duplicate of the first", res)
	}
	err = fs.AddArticleSources(ctx, []store.ArticleSource{
		{ArticleID: res[0].ID, URL: a.CanonicalURL, FeedURL: f.URL, FeedID: f.ID, SeenAt: t0},
		{ArticleID: res[1].ID, URL: b.CanonicalURL, FeedURL: g.URL, FeedID: g.ID, SeenAt: t0},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fs.ArticleSources(ctx, res[0].ID)
	if len(got) != 2 {
		t.Errorf("the stored article keeps %d sources, want both feeds: %+v", len(got), got)
	}
	feeds, _ := fs.Feeds(ctx)
	for _, ff := range feeds {
		if ff.Articles != 1 {
			t.Errorf("feed %s counts %d articles, want 1", ff.URL, ff.Articles)
		}
	}
}
