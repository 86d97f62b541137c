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
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/link"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/story"
	"github.com/sitrep/sitrep/internal/tone"
)

// The load benchmark: a fixed-rate load generator on loopback against the
// story timeline of a pair (GET /api/v1/timeline for a dyad from a date,
// one page of 50 stories) over a store of SITREP_BENCH_EVENTS synthetic
// events (default 20,000; 10,000,000 for the reported figure) and the
// stories merged from them, while a poller ingests articles from local
// feeds and their events are merged into stories as serve does.
// SITREP_BENCH_RATE (default 200) requests a second for
// SITREP_BENCH_SECONDS (default 2). SITREP_BENCH_DB keeps the generated
// store in that file for later runs (it is built once for its size).

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchMarker is the story that records the size a bench store was built
// for (dated 1900, so no timeline of the benchmark reaches it).
const benchMarker = "bench-size"

// benchStore opens (building when needed) a store of n synthetic events,
// imported as GDELT rows are (their URL standing for the report), and the
// stories merged from them: 60 countries in Zipf-distributed dyads (the
// United States and Russia the commonest), five years, every code of the
// codebook, one to a dozen reports a happening.
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
	if m, err := st.GetStory(ctx, benchMarker); err == nil {
		if m.Text != strconv.Itoa(n) {
			b.Fatalf("%s was built for %s events, not %d: remove it or change SITREP_BENCH_EVENTS", path, m.Text, n)
		}
		b.Logf("using the store already in %s", path)
		return st
	}
	if some, _, err := st.Stories(ctx, store.StoryFilter{Limit: 1}); err != nil || len(some) > 0 {
		b.Fatalf("%s holds stories but no size marker (a build cut short?): remove it (%v)", path, err)
	}
	began := time.Now()
	const chunk = 500_000
	r := rand.New(rand.NewPCG(5, 6))
	events, stories := 0, 0
	for done := 0; done < n; done += chunk {
		reports := story.Synthetic(r, min(chunk, n-done))
		evs := make([]record.Event, len(reports))
		for i := range reports {
			e := *reports[i].Event
			e.ID = fmt.Sprintf("b%09d-%s", done+i, e.ID)
			e.ArticleID = ""
			e.SourceURL = "https://outlet" + reports[i].Article.Outlet[len("Outlet "):] + ".example.org/" + reports[i].Article.ID
			evs[i] = e
			reports[i].Event = &evs[i]
			reports[i].Article = story.ImportedArticle(&evs[i])
		}
		for lo := 0; lo < len(evs); lo += 50_000 {
			if _, err := st.PutEvents(ctx, evs[lo:min(lo+50_000, len(evs))]); err != nil {
				b.Fatal(err)
			}
		}
		merged := story.Merge(reports, story.Options{})
		for lo := 0; lo < len(merged); lo += 20_000 {
			if err := st.SaveStories(ctx, merged[lo:min(lo+20_000, len(merged))], nil); err != nil {
				b.Fatal(err)
			}
		}
		events, stories = events+len(evs), stories+len(merged)
		b.Logf("%d events, %d stories stored (%s)", events, stories, time.Since(began).Round(time.Second))
	}
	marker := record.Story{ID: benchMarker, Date: "1900-01-01", Root: "01", CAMEO: "010", Text: strconv.Itoa(n),
		Source: &record.Actor{Code: "XXX", Country: "XXX"}, Target: &record.Actor{Code: "XXX", Country: "XXX"}, Status: record.StatusSingle}
	if err := st.SaveStories(ctx, []record.Story{marker}, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("built a store of %d events and %d stories in %s", n, stories, time.Since(began).Round(time.Second))
	return st
}

// loadParties are who meets whom in the load's feed items, so that the
// new articles tell many happenings (a pair on a day), as news does,
// instead of one story that every article joins.
var loadParties = [][2]string{
	{"Russian", "American"}, {"Chinese", "Japanese"}, {"French", "German"}, {"Indian", "Pakistani"},
	{"Turkish", "Greek"}, {"Iranian", "Saudi"}, {"Israeli", "Egyptian"}, {"British", "Irish"},
	{"Brazilian", "Argentine"}, {"Ukrainian", "Polish"}, {"Kenyan", "Ethiopian"}, {"Korean", "Vietnamese"},
}

// loadItem is the n-th feed item of the load: its title, its summary, its
// page's text and its publication time.
func loadItem(n int64) (title, summary, page string, published time.Time) {
	p := loadParties[n%int64(len(loadParties))]
	published = time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, int(n/int64(len(loadParties))%365))
	title = fmt.Sprintf("%s and %s envoys meet, report %d", p[0], p[1], n)
	summary = fmt.Sprintf("%s and %s envoys met in Geneva on Monday to discuss a ceasefire, officials said in report %d. The talks will resume on Friday.", p[0], p[1], n)
	page = fmt.Sprintf(`<p>%s and %s envoys met in Geneva on Monday to discuss a ceasefire, officials said in report %d.</p>
<p>The %s government denied that sanctions were discussed. The talks will resume on Friday, and the deadline for a reply is 15 March.</p>`, p[0], p[1], n, p[0])
	return title, summary, page, published
}

// feedServer serves RSS feeds whose items are new on every request, so a
// poller keeps storing articles.
func feedServer(b *testing.B) *httptest.Server {
	// Numbered from the clock, so a store kept between runs (SITREP_BENCH_DB)
	// gets new texts, not duplicates of the last run's.
	var seq atomic.Int64
	seq.Store(time.Now().UnixMilli() * 1000)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/a/") {
			// the page of a summary-only item
			n, _ := strconv.ParseInt(r.URL.Path[3:], 10, 64)
			title, _, page, _ := loadItem(n)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>%[1]s</title></head><body><article><h1>%[1]s</h1>
%[2]s</article></body></html>`, title, page)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>load</title><link>http://example.org/</link><description>d</description>`)
		for i := 0; i < 20; i++ {
			n := seq.Add(1)
			title, summary, _, published := loadItem(n)
			fmt.Fprintf(w, `<item><title>%s</title><link>http://%s/a/%d</link><pubDate>%s</pubDate>
<description>%s</description></item>`, title, r.Host, n, published.Format(time.RFC1123Z), summary)
		}
		io.WriteString(w, `</channel></rss>`)
	}))
}

// ingestWhile polls fresh local feeds until ctx ends, counting what it
// stored, and follows the new articles up as serve does: their denials
// and deadlines linked, their events merged into stories, at most once
// every SITREP_BENCH_MERGE_SECONDS (default 60, serve's interval) and
// once at the end.
func ingestWhile(ctx context.Context, b *testing.B, st store.Store, feeds *httptest.Server, stored *atomic.Int64) <-chan struct{} {
	var mu sync.Mutex
	var pending []string
	fetcher := source.NewFetcher(source.FetchOptions{AllowPrivate: true, Timeout: 10 * time.Second})
	p, err := source.NewPoller(st, source.PollOptions{Fetcher: fetcher, Extract: testExtractor(b), Workers: 2,
		OnFeed: func(r source.FeedResult) {
			stored.Add(int64(r.Stored))
			mu.Lock()
			pending = append(pending, r.StoredIDs...)
			mu.Unlock()
		},
		OnPage: func(r source.PageResult) {
			if r.Stored {
				stored.Add(1)
				mu.Lock()
				pending = append(pending, r.ID)
				mu.Unlock()
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	ss, err := story.StoreOf(st)
	if err != nil {
		b.Fatal(err)
	}
	every := time.Duration(envInt("SITREP_BENCH_MERGE_SECONDS", 60)) * time.Second
	merge := func() {
		mu.Lock()
		ids := pending
		pending = nil
		mu.Unlock()
		if len(ids) == 0 {
			return
		}
		wctx := context.WithoutCancel(ctx)
		t0 := time.Now()
		if _, err := link.Articles(wctx, st, ids); err != nil {
			b.Error(err)
		}
		t1 := time.Now()
		if _, err := story.Update(wctx, ss, story.Changes{Articles: ids}, story.Options{}); err != nil {
			b.Error(err)
		}
		if testing.Verbose() {
			b.Logf("%d new articles followed up: links %s, stories %s", len(ids), t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
		}
	}
	fs := st.(store.FeedStore)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer fetcher.Close()
		last := time.Now()
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
			if time.Since(last) >= every {
				merge()
				last = time.Now()
			}
		}
		merge()
	}()
	return done
}

// loadResult is what one run of the load generator saw.
type loadResult struct {
	cpu          time.Duration // the process's CPU time during the run
	sent, errors int
	firstErr     string // what the first failed request got
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
			why := ""
			if err != nil {
				why = err.Error()
			} else {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !ok {
					why = fmt.Sprintf("%d %.200s", resp.StatusCode, body)
				}
			}
			lat := time.Since(due) // from when it was due: waiting counts
			mu.Lock()
			res.sent++
			if !ok {
				res.errors++
				if res.firstErr == "" {
					res.firstErr = why
				}
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

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timelinePath is one timeline request of the load: the United States'
// stories towards Russia from a random day of the synthetic five years.
func timelinePath(rng *rand.Rand) string {
	from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(5*365-30)).Format(time.DateOnly)
	return "/api/v1/timeline?source=USA&target=RUS&limit=50&from=" + from
}

// BenchmarkTimelineHandler is one timeline request served in process, no
// network: the handler's own cost (query, rows, JSON), for profiles
// (-cpuprofile, -memprofile). "refs" is the server as it runs: the page's
// references from the index, then only the stories its cache of encoded
// stories lacks ("warm": the cache kept between requests; "cold": emptied
// before each, so every story is read and encoded); "query" reads every
// story of the page in one query, as a store without references is asked.
func BenchmarkTimelineHandler(b *testing.B) {
	st := benchStore(b, envInt("SITREP_BENCH_EVENTS", 20_000))
	for _, mode := range []string{"refs-warm", "refs-cold", "query-warm", "query-cold"} {
		b.Run(mode, func(b *testing.B) {
			s, err := New(Options{Store: st, OpenRead: true, Rate: -1})
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasPrefix(mode, "query") {
				s.refs = nil
			}
			h := s.Handler()
			rng := rand.New(rand.NewPCG(3, 4))
			bytes := 0
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if strings.HasSuffix(mode, "-cold") {
					s.enc = newStoryCache(storyCacheSize)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", timelinePath(rng), nil))
				if rec.Code != 200 {
					b.Fatalf("%d: %s", rec.Code, rec.Body)
				}
				bytes += rec.Body.Len()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu_ms/request")
			b.ReportMetric(float64(bytes)/float64(b.N), "bytes/response")
		})
	}
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
	// The time each request spent in the handler, beside the latency the
	// client saw: the difference is waiting (for a core, in queues).
	var inMu sync.Mutex
	var inHandler []time.Duration
	h := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		h.ServeHTTP(w, r)
		d := time.Since(t0)
		inMu.Lock()
		inHandler = append(inHandler, d)
		inMu.Unlock()
	}))
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
		inMu.Lock()
		inHandler = inHandler[:0]
		inMu.Unlock()
		cpu0 := cpuTime()
		last = runLoad(client, rate, time.Duration(secs)*time.Second, func(int) string {
			return srv.URL + timelinePath(rng)
		})
		last.cpu = cpuTime() - cpu0
		stop()
		<-done
	}
	b.StopTimer()
	// The process's CPU per request: server, load generator and (while
	// ingesting) the poller together; on a shared machine the latencies
	// follow what the other work leaves, this does not.
	b.ReportMetric(float64(last.cpu.Microseconds())/1000/float64(max(last.sent, 1)), "cpu_ms/request")
	b.ReportMetric(float64(last.quantile(0.5).Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(last.quantile(0.99).Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(last.quantile(1).Microseconds())/1000, "max_ms")
	inMu.Lock()
	slices.Sort(inHandler)
	if len(inHandler) > 0 {
		b.ReportMetric(float64(inHandler[min(len(inHandler)-1, len(inHandler)*99/100)].Microseconds())/1000, "handler_p99_ms")
	}
	inMu.Unlock()
	b.ReportMetric(float64(last.errors), "errors")
	b.ReportMetric(float64(last.sent)/last.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(stored.Load()), "articles_ingested")
	b.ReportMetric(float64(n), "events")
	if last.errors > 0 {
		b.Errorf("%d of %d requests failed; the first: %s", last.errors, last.sent, last.firstErr)
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

// BenchmarkDashboardBig is the dashboard's first load over the load
// benchmark's store of SITREP_BENCH_EVENTS synthetic events (default
// 20,000), the busiest pairs watched, the clock at the end of its five
// years: a new server each time, so nothing is cached.
func BenchmarkDashboardBig(b *testing.B) {
	st := benchStore(b, envInt("SITREP_BENCH_EVENTS", 20_000))
	end := time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC)
	pairs := []tone.Dyad{{Source: "USA", Target: "RUS"}, {Source: "RUS", Target: "USA"}, {Source: "USA", Target: "CHN"}}
	weight, page := 0, 0
	var wall, cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := New(Options{Store: st, OpenRead: true, Rate: -1, Now: func() time.Time { return end }, Pairs: pairs})
		if err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		t0, cpu0 := time.Now(), cpuTime()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		wall, cpu = wall+time.Since(t0), cpu+cpuTime()-cpu0
		if rec.Code != 200 {
			b.Fatalf("dashboard: %d", rec.Code)
		}
		page = rec.Body.Len()
		if i == 0 {
			for _, asset := range []string{"/static/style.css", "/static/app.js"} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", asset, nil))
				weight += rec.Body.Len()
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(wall.Microseconds())/1000/float64(b.N), "server_ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu_ms")
	b.ReportMetric(float64(page+weight), "page_bytes")
}

// BenchmarkStoryListEncode writes one timeline page of 50 stories as the
// stories list does (pre-encoded stories, "cached") and by encoding the
// records whole ("encode"), the cost the cache saves on every request.
func BenchmarkStoryListEncode(b *testing.B) {
	st := benchStore(b, envInt("SITREP_BENCH_EVENTS", 20_000))
	s, err := New(Options{Store: st, OpenRead: true, Rate: -1})
	if err != nil {
		b.Fatal(err)
	}
	items, next, err := st.(store.StoryStore).Stories(context.Background(), store.StoryFilter{Source: "USA", Target: "RUS", Limit: 50})
	if err != nil || len(items) != 50 {
		b.Fatalf("%d stories: %v", len(items), err)
	}
	req := httptest.NewRequest("GET", "/api/v1/timeline", nil)
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.writeStories(httptest.NewRecorder(), req, items, next)
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			writeJSON(httptest.NewRecorder(), 200, newList(items, next))
		}
	})
}
