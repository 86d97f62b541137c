package web

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/tone"
)

// The load benchmark: a fixed-rate load generator on loopback against the
// timeline of a pair (GET /api/v1/events for a dyad from a date, one page)
// over a store of SITREP_BENCH_EVENTS imported events (default 20,000;
// 10,000,000 for the reported figure), while a poller ingests articles
// from local feeds. SITREP_BENCH_RATE (default 200) requests a second for
// SITREP_BENCH_SECONDS (default 2). SITREP_BENCH_DB keeps the generated
// store in that file for later runs.

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

var benchCountries = []string{"USA", "RUS", "UKR", "CHN", "DEU", "FRA", "GBR", "IRN", "ISR", "TUR", "POL", "JPN", "IND", "PAK",
	"SYR", "IRQ", "SAU", "EGY", "BRA", "CAN", "KOR", "PRK", "BLR", "KAZ", "GEO", "ARM", "AZE", "ITA", "ESP", "NATO"}

// benchStore opens (building when needed) a store of n imported events
// spread over ten years and 30 actors, a tenth of them USA→RUS.
func benchStore(b *testing.B, n int) store.Store {
	path := os.Getenv("SITREP_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var have int
	st.EachEvent(ctx, store.EventFilter{Limit: 1}, func(*record.Event) error { have = 1; return nil })
	if have == 1 && os.Getenv("SITREP_BENCH_DB") != "" {
		b.Logf("using the events already in %s", path)
		return st
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	const chunk = 50_000
	began := time.Now()
	for done := 0; done < n; done += chunk {
		evs := make([]record.Event, min(chunk, n-done))
		for i := range evs {
			src, tgt := benchCountries[rng.IntN(len(benchCountries))], benchCountries[rng.IntN(len(benchCountries))]
			if rng.IntN(10) == 0 {
				src, tgt = "USA", "RUS"
			}
			root := 1 + rng.IntN(20)
			code := fmt.Sprintf("%02d%d", root, rng.IntN(4))
			evs[i] = record.Event{ID: fmt.Sprintf("b%09d", done+i), Date: start.AddDate(0, 0, rng.IntN(3650)).Format(time.DateOnly), DatePrecision: "day",
				Text:   fmt.Sprintf("Synthetic report %d of %s and %s.", done+i, src, tgt),
				Source: &record.Actor{Code: src, Country: src}, Target: &record.Actor{Code: tgt, Country: tgt},
				CAMEO: code, Root: code[:2], Quad: 1 + rng.IntN(4), Goldstein: float64(rng.IntN(200)-100) / 10, ExtID: strconv.Itoa(done + i)}
		}
		if _, err := st.PutEvents(ctx, evs); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d events in %s", n, time.Since(began).Round(time.Second))
	return st
}

// feedServer serves RSS feeds whose items are new on every request, so a
// poller keeps storing articles.
func feedServer(b *testing.B) *httptest.Server {
	var seq atomic.Int64
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/a/") {
			// the page of a summary-only item
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>Envoys meet %[1]s</title></head><body><article><h1>Envoys meet %[1]s</h1>
<p>Russian and American envoys met in Geneva on Monday to discuss a ceasefire, officials said in report %[1]s.</p>
<p>The Kremlin denied that sanctions were discussed. The talks will resume on Friday, and the deadline for a reply is 15 March.</p></article></body></html>`, r.URL.Path[3:])
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>load</title><link>http://example.org/</link><description>d</description>`)
		for i := 0; i < 20; i++ {
			n := seq.Add(1)
			fmt.Fprintf(w, `<item><title>Envoys meet, report %d</title><link>http://%s/a/%d</link><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<description>Russian and American envoys met in Geneva on Monday to discuss a ceasefire, officials said in report %d. The talks will resume on Friday.</description></item>`, n, r.Host, n, n)
		}
		io.WriteString(w, `</channel></rss>`)
	}))
}

// ingestWhile polls fresh local feeds until ctx ends and counts what it
// stored.
func ingestWhile(ctx context.Context, b *testing.B, st store.Store, feeds *httptest.Server, stored *atomic.Int64) <-chan struct{} {
	fetcher := source.NewFetcher(source.FetchOptions{AllowPrivate: true, Timeout: 10 * time.Second})
	p, err := source.NewPoller(st, source.PollOptions{Fetcher: fetcher, Extract: testExtractor(b), Workers: 2,
		OnFeed: func(r source.FeedResult) { stored.Add(int64(r.Stored)) },
		OnPage: func(r source.PageResult) {
			if r.Stored {
				stored.Add(1)
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	fs := st.(store.FeedStore)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer fetcher.Close()
		for n := 0; ctx.Err() == nil; n++ {
			now := time.Now()
			if _, _, err := fs.AddFeed(context.WithoutCancel(ctx), store.Feed{URL: fmt.Sprintf("%s/feed/%d", feeds.URL, n), Interval: time.Hour, NextFetch: now, Created: now}); err != nil {
				b.Error(err)
				return
			}
			if _, err := p.PollOnce(ctx); err != nil && ctx.Err() == nil {
				b.Error(err)
				return
			}
		}
	}()
	return done
}

// loadResult is what one run of the load generator saw.
type loadResult struct {
	sent, errors int
	latencies    []time.Duration
	elapsed      time.Duration
}

func (r loadResult) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, int(q*float64(len(r.latencies))))]
}

// runLoad sends rate requests a second for d, each on schedule whether or
// not the ones before have been answered (an open loop, so a slow server
// cannot slow the load down and hide its latency).
func runLoad(client *http.Client, rate int, d time.Duration, next func(i int) string) loadResult {
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	start := time.Now()
	for i := 0; i < total; i++ {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			resp, err := client.Get(u)
			ok := err == nil && resp.StatusCode == http.StatusOK
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			lat := time.Since(due) // from when it was due: waiting counts
			mu.Lock()
			res.sent++
			if !ok {
				res.errors++
			}
			res.latencies = append(res.latencies, lat)
			mu.Unlock()
		}(next(i))
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

func BenchmarkTimelineLoad(b *testing.B) {
	n := envInt("SITREP_BENCH_EVENTS", 20_000)
	rate := envInt("SITREP_BENCH_RATE", 200)
	secs := envInt("SITREP_BENCH_SECONDS", 2)
	st := benchStore(b, n)
	s, err := New(Options{Store: st, OpenRead: true, Rate: -1})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	feeds := feedServer(b)
	defer feeds.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}
	rng := rand.New(rand.NewPCG(3, 4))
	var last loadResult
	var stored atomic.Int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx, stop := context.WithCancel(context.Background())
		var done <-chan struct{}
		if os.Getenv("SITREP_BENCH_INGEST") != "0" {
			done = ingestWhile(ctx, b, st, feeds, &stored)
			time.Sleep(200 * time.Millisecond) // the poller under way first
		} else {
			closed := make(chan struct{})
			close(closed)
			done = closed
		}
		last = runLoad(client, rate, time.Duration(secs)*time.Second, func(int) string {
			from := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3600)).Format(time.DateOnly)
			return srv.URL + "/api/v1/events?source=USA&target=RUS&limit=50&from=" + from
		})
		stop()
		<-done
	}
	b.StopTimer()
	b.ReportMetric(float64(last.quantile(0.5).Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(last.quantile(0.99).Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(last.quantile(1).Microseconds())/1000, "max_ms")
	b.ReportMetric(float64(last.errors), "errors")
	b.ReportMetric(float64(last.sent)/last.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(stored.Load()), "articles_ingested")
	b.ReportMetric(float64(n), "events")
	if last.errors > 0 {
		b.Errorf("%d of %d requests failed", last.errors, last.sent)
	}
}

// BenchmarkDashboard measures the dashboard's first load on the server
// (ns/op) and the page's weight with its CSS and script (bytes).
func BenchmarkDashboard(b *testing.B) {
	f := newFixture(b, openSQLite(b))
	s, err := New(Options{Store: f.st, OpenRead: true, Rate: -1, Now: func() time.Time { return fixedNow },
		Pairs: []tone.Dyad{{Source: "USA", Target: "USR"}, {Source: "USR", Target: "USA"}, {Source: "USR", Target: "IRN"}}})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	weight := 0
	for _, asset := range []string{"/static/style.css", "/static/app.js"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", asset, nil))
		weight += rec.Body.Len()
	}
	var page int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 200 {
			b.Fatalf("dashboard: %d", rec.Code)
		}
		page = rec.Body.Len()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "server_ms")
	b.ReportMetric(float64(page+weight), "page_bytes")
}
