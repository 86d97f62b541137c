package main_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// newsSite serves feeds of real news (Reuters-21578): items of 120 words
// or more carry their text, shorter ones only a summary and a link to
// their page. Every response is a little slow, so a poll takes long
// enough to be killed in the middle of it.
type newsSite struct {
	srv      *httptest.Server
	feeds    map[string][]byte
	pages    map[string][]byte
	items    []string // every item's link
	requests atomic.Int64
}

func newNewsSite(t *testing.T, nFeeds, perFeed int, delay time.Duration) *newsSite {
	t.Helper()
	f, err := os.Open(shared.Path(t, "corpora/news/reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	type doc struct{ Title, Date, Text string }
	var docs []doc
	seen := map[string]bool{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(docs) < nFeeds*perFeed {
		var d doc
		if json.Unmarshal(sc.Bytes(), &d) == nil && d.Title != "" && len(strings.Fields(d.Text)) >= 30 && !seen[article.ContentHash(d.Text)] {
			seen[article.ContentHash(d.Text)] = true
			docs = append(docs, d)
		}
	}
	s := &newsSite{feeds: map[string][]byte{}, pages: map[string][]byte{}}
	var mu sync.Mutex
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		time.Sleep(delay)
		mu.Lock()
		body, isFeed := s.feeds[r.URL.Path]
		page, isPage := s.pages[r.URL.Path]
		mu.Unlock()
		switch {
		case isFeed:
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(body)
		case isPage:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	for fi := 0; fi < nFeeds; fi++ {
		var b bytes.Buffer
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire %d</title>`, fi)
		for j := 0; j < perFeed; j++ {
			d := docs[fi*perFeed+j]
			path := fmt.Sprintf("/news/%d/%d.html", fi, j)
			link := s.srv.URL + path
			s.items = append(s.items, link)
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>Mon, 2 Mar 1987 10:%02d:00 GMT</pubDate>",
				html.EscapeString(d.Title), link, link, j)
			if len(strings.Fields(d.Text)) >= 120 {
				fmt.Fprintf(&b, "<description>%s</description><content:encoded>%s</content:encoded>",
					html.EscapeString(firstWordsOf(d.Text, 20)), html.EscapeString("<p>"+strings.ReplaceAll(d.Text, "\n\n", "</p><p>")+"</p>"))
			} else {
				fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(firstWordsOf(d.Text, 12)))
				s.pages[path] = []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><title>%s</title></head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1><p>%s</p></article></body></html>`,
					html.EscapeString(d.Title), html.EscapeString(d.Title), strings.ReplaceAll(html.EscapeString(d.Text), "\n\n", "</p><p>")))
			}
			b.WriteString("</item>")
		}
		b.WriteString("</channel></rss>")
		s.feeds[fmt.Sprintf("/feed/%d.xml", fi)] = b.Bytes()
	}
	return s
}

func firstWordsOf(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ") + "…"
}

// TestPollKillSafety runs the real binary against a real SQLite file and
// kills it with SIGKILL at several points of a poll (while feeds are being
// fetched, while items are being stored, while pages are being fetched),
// then lets a last run finish: every item is stored exactly once.
func TestPollKillSafety(t *testing.T) {
	const nFeeds, perFeed = 12, 20
	site := newNewsSite(t, nFeeds, perFeed, 8*time.Millisecond)
	db := filepath.Join(t.TempDir(), "s.db")
	env := []string{"SITREP_DB=" + db, "SITREP_ALLOW_PRIVATE=1"}
	for fi := 0; fi < nFeeds; fi++ {
		if r := sitrep(t, env, "", "feeds", "add", fmt.Sprintf("%s/feed/%d.xml", site.srv.URL, fi)); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	pages := len(site.pages)
	t.Logf("%d feeds, %d items, %d of them with a page to fetch", nFeeds, len(site.items), pages)

	// Kill points, in requests served since the run started: mid feeds,
	// around the end of the feeds, among the pages, near the end.
	for i, after := range []int64{4, nFeeds + 1, nFeeds + int64(pages)/3, nFeeds + int64(pages)*3/4, 2} {
		start := site.requests.Load()
		cmd := exec.Command(bin, "poll", "--once", "--per-host", "4", "--workers", "4")
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	wait:
		for site.requests.Load()-start < after {
			select {
			case err := <-exited:
				t.Logf("run %d finished before its kill point: %v %s", i, err, stderr.String())
				break wait
			case <-ctx.Done():
				t.Fatalf("run %d: no progress", i)
			case <-time.After(time.Millisecond):
			}
		}
		cancel()
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		t.Logf("run %d killed after %d requests", i, site.requests.Load()-start)
	}
	r := sitrep(t, env, "", "poll", "--once", "--json")
	if r.code != 0 {
		t.Fatalf("final poll: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	t.Logf("final run: %s", r.stdout)

	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	n, _ := st.CountArticles(ctx)
	if n != len(site.items) {
		t.Errorf("%d articles stored for %d items", n, len(site.items))
	}
	var canon []string
	for _, u := range site.items {
		canon = append(canon, article.CanonicalURL(u))
	}
	known, err := st.KnownURLs(ctx, canon)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, u := range canon {
		id := known[u]
		if id == "" {
			t.Errorf("item %s lost", u)
			continue
		}
		if other, dup := ids[id]; dup {
			t.Errorf("items %s and %s stored as one article", other, u)
		}
		ids[id] = u
		srcs, _ := st.ArticleSources(ctx, id)
		if len(srcs) != 1 {
			t.Errorf("article %s (%s) has %d sources: %+v", id, u, len(srcs), srcs)
		}
	}
	if left, _ := st.PendingPages(ctx, time.Now().Add(time.Hour), 1000); len(left) != 0 {
		t.Errorf("%d pages still queued", len(left))
	}
	feeds, _ := st.Feeds(ctx)
	for _, f := range feeds {
		if f.LastFetch == nil || f.LastError != "" || f.Articles != perFeed {
			t.Errorf("feed %s: last fetch %v, error %q, %d articles", f.URL, f.LastFetch, f.LastError, f.Articles)
		}
	}
	// A last poll once the feeds are due again changes nothing.
	r = sitrep(t, env, "", "poll", "--once", "--json")
	if !strings.Contains(r.stdout, `"feeds":0`) {
		t.Errorf("nothing should be due: %s", r.stdout)
	}
}

// TestPollStopsOnSignal starts the poller without --once and interrupts
// it: it finishes what it was doing and exits 0.
func TestPollStopsOnSignal(t *testing.T) {
	site := newNewsSite(t, 3, 5, 5*time.Millisecond)
	db := filepath.Join(t.TempDir(), "s.db")
	env := []string{"SITREP_DB=" + db}
	for fi := 0; fi < 3; fi++ {
		sitrep(t, env, "", "feeds", "add", fmt.Sprintf("%s/feed/%d.xml", site.srv.URL, fi))
	}
	cmd := exec.Command(bin, "poll", "--allow-private")
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for site.requests.Load() < int64(3+len(site.pages)) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if err != nil {
		t.Fatalf("poll after SIGINT: %v\n%s", err, stderr.String())
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.CountArticles(context.Background()); n != 15 {
		t.Errorf("%d articles after the poller stopped, want 15\n%s", n, stderr.String())
	}
}
