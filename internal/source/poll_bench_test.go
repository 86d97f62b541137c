package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/shared"
)

type newsDoc struct {
	Title, Date, Text string
}

// newsDocs reads n distinct articles of at least 25 words from the shared
// news corpora: Reuters-21578 first, then the BBC, reported.ly and AG News
// sets.
func newsDocs(b testing.TB, n int) []newsDoc {
	var out []newsDoc
	seen := map[string]bool{}
	for _, name := range []string{"reuters21578.jsonl.gz", "bbc_news_2004_2005.jsonl", "reportedly_2015-09.jsonl", "ag_news_test.jsonl"} {
		f, err := os.Open(shared.Path(b, "corpora/news/"+name))
		if err != nil {
			b.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(name, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				b.Fatal(err)
			}
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() && len(out) < n {
			var d newsDoc
			if json.Unmarshal(sc.Bytes(), &d) != nil || d.Title == "" || len(strings.Fields(d.Text)) < 25 {
				continue
			}
			if h := article.ContentHash(d.Text); seen[h] {
				continue
			} else {
				seen[h] = true
			}
			out = append(out, d)
		}
		f.Close()
	}
	if len(out) < n {
		b.Fatalf("only %d distinct articles in the news corpora, want %d", len(out), n)
	}
	return out
}

// BenchmarkPoll1000Feeds polls 1,000 locally served feeds of 20 items
// each (RSS 2.0, Atom and JSON Feed in turn) end to end into a fresh
// SQLite store, every extractor run on every article. The items are 20,000 distinct real articles (Reuters-21578,
// then the BBC, reported.ly and AG News sets): those long enough to be the
// whole article (MinFullTextWords) come with their text in the feed, the
// others (about 55%) with a summary, so their pages are fetched and their
// article text extracted. Target: under 60 s and 300 MB on the project's
// 2-core machine. MB-heap-peak is the Go heap in use during the poll
// (sampled); MB-peak-RSS is the whole test process, which also holds the
// test server and its 31,000 documents.
func BenchmarkPoll1000Feeds(b *testing.B) {
	const feeds, perFeed = 1000, 20
	docs := newsDocs(b, feeds*perFeed)
	s := newSite(b)
	pages := 0
	var urls []string
	for fi := 0; fi < feeds; fi++ {
		var items []rssItem
		for j := 0; j < perFeed; j++ {
			d := docs[fi*perFeed+j]
			t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(fi*perFeed+j) * time.Minute)
			if len(d.Date) >= 10 {
				if dt, err := time.Parse("2006-01-02", d.Date[:10]); err == nil {
					t = dt.Add(time.Duration(j) * time.Hour)
				}
			}
			link := fmt.Sprintf("https://outlet%d.test/%s/story-%d.html", fi%50, t.Format("2006/01/02"), fi*perFeed+j)
			it := rssItem{Title: d.Title, Link: link, GUID: link, Published: &t}
			if len(strings.Fields(d.Text)) >= MinFullTextWords {
				it.Content = "<p>" + strings.ReplaceAll(html.EscapeString(d.Text), "\n\n", "</p><p>") + "</p>"
				it.Description = firstWords(d.Text, 30)
			} else {
				it.Description = firstWords(d.Text, 12) + "…"
				s.put(link, "text/html; charset=utf-8", articlePage(d, link, t), nil)
				pages++
			}
			items = append(items, it)
		}
		u := fmt.Sprintf("https://feeds%d.test/feed/%d", fi%50, fi)
		switch fi % 3 {
		case 0:
			s.put(u, "application/rss+xml", rssFeed("Outlet "+strconv.Itoa(fi), items), nil)
		case 1:
			s.put(u, "application/atom+xml", atomFeedFull("Outlet "+strconv.Itoa(fi), items), nil)
		default:
			s.put(u, "application/feed+json", jsonFeed("Outlet "+strconv.Itoa(fi), items), nil)
		}
		urls = append(urls, u)
	}
	docs = nil
	c, err := coder.New(coder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ex := extract.New(c).Records
	runtime.GC()

	var elapsed time.Duration
	var items int
	var heapPeak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openTestStore(b)
		now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
		for _, u := range urls {
			addFeed(b, st, u, now)
		}
		var logs bytes.Buffer
		p, err := NewPoller(st, PollOptions{Fetcher: s.fetcher(FetchOptions{PerHost: 4, Workers: 32}), Workers: 32, Extract: ex,
			Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			b.Fatal(err)
		}
		stopSampling := sampleHeap(&heapPeak)
		b.StartTimer()
		start := time.Now()
		sum, err := p.PollOnce(context.Background())
		elapsed += time.Since(start)
		stopSampling()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Feeds != feeds || sum.FeedErrors != 0 || sum.Stored != feeds*perFeed || sum.Pages != pages || sum.PageFallbacks != 0 {
			b.Errorf("poll: %+v\n%s", sum, clipped(logs.String()))
		}
		items += sum.Stored
	}
	b.ReportMetric(float64(items)/elapsed.Seconds(), "items/s")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/poll")
	b.ReportMetric(float64(heapPeak)/(1<<20), "MB-heap-peak")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "MB-peak-RSS")
	}
}

// sampleHeap records the largest heap in use (HeapInuse) until stopped.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// articlePage is a plain news page for one article, dated in its
// meta tags as real pages are.
func articlePage(d newsDoc, link string, t time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<link rel="canonical" href="%s"><meta property="article:published_time" content="%s">
</head><body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<main><article><h1>%s</h1><p class="byline">By Reuters staff</p>`, html.EscapeString(d.Title), link, t.Format(time.RFC3339), html.EscapeString(d.Title))
	for _, para := range strings.Split(d.Text, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(para))
	}
	b.WriteString(`</article></main><aside><h2>Most read</h2><ul><li><a href="/a">Markets wrap</a></li><li><a href="/b">Oil prices</a></li></ul></aside><footer>© Outlet</footer></body></html>`)
	return []byte(b.String())
}

// atomFeedFull is atomFeed with full content where the item has it.
func atomFeedFull(title string, items []rssItem) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><id>urn:x:%s</id><updated>2026-01-10T08:00:00Z</updated>
`, xmlEscape(title), xmlEscape(title))
	for _, it := range items {
		fmt.Fprintf(&b, `<entry><title>%s</title><link rel="alternate" href="%s"/><id>%s</id><published>%s</published><summary>%s</summary>`,
			xmlEscape(it.Title), xmlEscape(it.Link), xmlEscape(it.GUID), it.Published.Format(time.RFC3339), xmlEscape(it.Description))
		if it.Content != "" {
			fmt.Fprintf(&b, `<content type="html">%s</content>`, xmlEscape(it.Content))
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

// peakRSS reads the process's peak resident set (Linux), in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
