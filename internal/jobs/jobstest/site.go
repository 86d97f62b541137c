// Package jobstest serves news feeds for tests of the job queue: real
// articles (Reuters-21578) as items with their whole text, and real news
// pages (the Mozilla Readability and Scrapinghub extraction corpora) behind
// items that carry only a summary, so that polling them runs every kind of
// job. Each feed also carries an item of the feed before it (a page, then
// a whole text, in turn), so the same article reaches the store from two
// feeds at once. NewsSite makes big sites from the news corpora alone.
package jobstest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/shared"
)

// Site is a local news site with its feeds and pages.
type Site struct {
	URL   string
	Feeds []string // feed URLs
	// Items maps each distinct item's link to the feeds (indexes into
	// Feeds) that carry it.
	Items map[string][]int
	Pages int // items served as a summary plus a page

	srv      *httptest.Server
	delay    time.Duration
	mu       sync.Mutex
	docs     map[string]doc
	hits     map[string]int
	requests int
	stall    chan struct{} // while non-nil, responses wait for it to close
}

type doc struct {
	contentType string
	body        []byte
}

// NewSite serves nFeeds feeds of perFeed items of their own (plus the
// shared one), each response after delay. Every other item is a summary
// whose page, a real news page, must be fetched.
func NewSite(t testing.TB, nFeeds, perFeed int, delay time.Duration) *Site {
	t.Helper()
	n := nFeeds * perFeed
	texts := reuters(t, (n+1)/2)
	pages := newsPages(t, n/2)
	entries := make([]entry, n)
	for i := range entries {
		if i%2 == 0 {
			entries[i] = entry{title: texts[i/2].title, text: texts[i/2].text}
		} else {
			entries[i] = entry{title: pages[i/2].title, page: pages[i/2].html}
		}
	}
	return newSite(t, nFeeds, perFeed, delay, entries)
}

// NewsSite is NewSite for big runs: the items are real articles from the
// news corpora (Reuters-21578, then the BBC, reported.ly and AG News
// sets); those long enough to be a whole article come with their text,
// the others with a summary and a plain news page that holds their text.
func NewsSite(t testing.TB, nFeeds, perFeed int, delay time.Duration) *Site {
	t.Helper()
	texts := newsTexts(t, nFeeds*perFeed)
	entries := make([]entry, len(texts))
	for i, d := range texts {
		entries[i] = entry{title: d.title, text: d.text}
		if len(strings.Fields(d.text)) < 120 {
			entries[i].page = textPage(d)
		}
	}
	return newSite(t, nFeeds, perFeed, delay, entries)
}

// entry is one item: its whole text, or a page to fetch.
type entry struct {
	title, text string
	page        []byte
}

func newSite(t testing.TB, nFeeds, perFeed int, delay time.Duration, entries []entry) *Site {
	s := &Site{Items: map[string][]int{}, delay: delay, docs: map[string]doc{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL
	type item struct{ xml, link string }
	var prevShared item
	for fi := 0; fi < nFeeds; fi++ {
		var items []item
		for j := 0; j < perFeed; j++ {
			n := fi*perFeed + j
			e := entries[n]
			link := fmt.Sprintf("%s/news/%d/%d.html", s.URL, fi, j)
			date := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute).Format(time.RFC1123Z)
			var b strings.Builder
			if e.page == nil {
				fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description><content:encoded>%s</content:encoded></item>\n",
					html.EscapeString(e.title), link, link, date, html.EscapeString(firstWords(e.text, 25)),
					html.EscapeString("<p>"+strings.ReplaceAll(html.EscapeString(e.text), "\n\n", "</p><p>")+"</p>"))
			} else {
				summary := e.title
				if e.text != "" {
					summary = firstWords(e.text, 12)
				}
				fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
					html.EscapeString(e.title), link, link, date, html.EscapeString(summary))
				s.docs[strings.TrimPrefix(link, s.URL)] = doc{"text/html; charset=utf-8", e.page}
				s.Pages++
			}
			items = append(items, item{b.String(), link})
			s.Items[article.CanonicalURL(link)] = append(s.Items[article.CanonicalURL(link)], fi)
		}
		if fi > 0 {
			items = append(items, prevShared)
			k := article.CanonicalURL(prevShared.link)
			s.Items[k] = append(s.Items[k], fi)
		}
		prevShared = items[(fi+1)%len(items)] // a page to fetch, then a whole text, in turn (NewSite)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire %d</title><link>%s</link>
`, fi, s.URL)
		for _, it := range items {
			b.WriteString(it.xml)
		}
		b.WriteString("</channel></rss>\n")
		path := fmt.Sprintf("/feed/%d.xml", fi)
		s.docs[path] = doc{"application/rss+xml; charset=utf-8", []byte(b.String())}
		s.Feeds = append(s.Feeds, s.URL+path)
	}
	return s
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.hits[r.URL.Path]++
	d, ok := s.docs[r.URL.Path]
	stall := s.stall
	s.mu.Unlock()
	time.Sleep(s.delay)
	if stall != nil {
		<-stall
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", d.contentType)
	w.Write(d.body)
}

// Requests counts the requests served so far.
func (s *Site) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Hits returns how often each path was requested.
func (s *Site) Hits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// Stall holds every response from now on until release is called, so
// that each worker has a job under way.
func (s *Site) Stall() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.stall = ch
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.stall == ch {
			s.stall = nil
			close(ch)
		}
	}
}

type text struct{ title, text string }

// reuters reads n distinct Reuters-21578 articles long enough to count as
// a whole article in a feed.
func reuters(t testing.TB, n int) []text {
	f, err := os.Open(shared.Path(t, "corpora/news/reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []text
	seen := map[string]bool{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		var d struct{ Title, Text string }
		if json.Unmarshal(sc.Bytes(), &d) != nil || d.Title == "" || len(strings.Fields(d.Text)) < 150 {
			continue
		}
		if h := article.ContentHash(d.Text); !seen[h] {
			seen[h] = true
			out = append(out, text{d.Title, d.Text})
		}
	}
	if len(out) < n {
		t.Fatalf("only %d long Reuters articles, want %d", len(out), n)
	}
	return out
}

type page struct {
	title string
	html  []byte
}

// newsPages reads n real news pages: the Mozilla Readability test pages,
// then the Scrapinghub article-extraction benchmark.
func newsPages(t testing.TB, n int) []page {
	var out []page
	dir := shared.Path(t, "corpora/html/mozilla-readability")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	for _, e := range ents {
		if len(out) == n {
			return out
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue
		}
		out = append(out, page{"Page " + e.Name(), b})
	}
	dir = shared.Path(t, "corpora/html/scrapinghub-aeb")
	f, err := os.Open(filepath.Join(dir, "pairs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		var p struct{ ID, HTML string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		b, err := gunzip(filepath.Join(dir, p.HTML))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page{"Page " + p.ID[:12], b})
	}
	if len(out) < n {
		t.Fatalf("only %d news pages in the corpora, want %d", len(out), n)
	}
	return out
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ") + "…"
}
