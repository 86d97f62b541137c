package jobstest

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Check verifies that the store holds the site's items exactly once each:
// one article per distinct item, reached from every feed that carries it
// (and from no other), every feed polled without error, no page left
// waiting.
func (s *Site) Check(t testing.TB, st store.Store) {
	t.Helper()
	ctx := context.Background()
	fs, ok := st.(store.FeedStore)
	if !ok {
		t.Fatalf("the %s store keeps no feeds", st.Kind())
	}
	n, err := st.CountArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(s.Items) {
		t.Errorf("%d articles stored for %d distinct items", n, len(s.Items))
	}
	urls := make([]string, 0, len(s.Items))
	for u := range s.Items {
		urls = append(urls, u)
	}
	known, err := fs.KnownURLs(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for u, feeds := range s.Items {
		id := known[u]
		if id == "" {
			t.Errorf("item %s lost", u)
			continue
		}
		if other, dup := byID[id]; dup {
			t.Errorf("items %s and %s stored as one article %s", other, u, id)
		}
		byID[id] = u
		srcs, err := fs.ArticleSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		from := map[string]bool{}
		for _, src := range srcs {
			from[src.FeedURL] = true
		}
		if len(from) != len(feeds) {
			t.Errorf("item %s: seen in %d feeds, carried by %d: %+v", u, len(from), len(feeds), srcs)
		}
		for _, fi := range feeds {
			if !from[s.Feeds[fi]] {
				t.Errorf("item %s: no source for feed %s", u, s.Feeds[fi])
			}
		}
	}
	left, err := fs.PendingPages(ctx, time.Now().Add(365*24*time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range left {
		t.Errorf("page %s still queued (%d attempts, %s)", p.URL, p.Attempts, p.LastError)
	}
	feeds, err := fs.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != len(s.Feeds) {
		t.Errorf("%d feeds in the store, want %d", len(feeds), len(s.Feeds))
	}
	perFeed := map[int]int{}
	for _, fis := range s.Items {
		for _, fi := range fis {
			perFeed[fi]++
		}
	}
	index := map[string]int{}
	for i, u := range s.Feeds {
		index[u] = i
	}
	for _, f := range feeds {
		if f.LastFetch == nil || f.LastError != "" || f.ErrorCount != 0 || f.Articles != perFeed[index[f.URL]] {
			t.Errorf("feed %s: last fetch %v, error %q (%d), %d articles, want %d", f.URL, f.LastFetch, f.LastError, f.ErrorCount,
				f.Articles, perFeed[index[f.URL]])
		}
	}
}
