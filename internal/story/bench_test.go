package story_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/story"
)

// benchEvents is SITREP_BENCH_EVENTS, or def: CI runs benchmarks once on
// two cores, so the default stays small; the figures in the README come
// from SITREP_BENCH_EVENTS=1000000 (merge) and 10000000 (queries).
func benchEvents(b *testing.B, def int) int {
	if v := os.Getenv("SITREP_BENCH_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("SITREP_BENCH_EVENTS=%q: want a positive number", v)
		}
		return n
	}
	return def
}

// peakHeap samples the heap in use until stop is called and returns the
// highest value seen, in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		sample()
		return peak.Load()
	}
}

// BenchmarkMerge merges synthetic events into stories (the pure merge,
// as restory runs it). Memory is the peak heap in use during the merge,
// the input included.
func BenchmarkMerge(b *testing.B) {
	n := benchEvents(b, 20_000)
	reports := story.Synthetic(rand.New(rand.NewPCG(1, 2)), n)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	b.ResetTimer()
	var stories []record.Story
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := peakHeap()
		stories = story.Merge(reports, story.Options{})
		peak = max(peak, stop())
	}
	b.StopTimer()
	// On a shared machine the wall clock counts other people's work too;
	// the process's CPU time is what merging cost.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/merge")
	b.ReportMetric(float64(before.HeapInuse)/(1<<20), "MB-input-heap")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/merge")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(len(stories)), "stories")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchStore is a store holding n synthetic events (imported, like GDELT
// rows) and the stories merged from them. SITREP_BENCH_DB (a SQLite file)
// and SITREP_BENCH_PG_SCHEMA (a schema name) keep a big store between
// runs: it is built once and reused while it holds n events.
func benchStore(b *testing.B, kind string, n int) (story.Store, func()) {
	b.Helper()
	ctx := context.Background()
	var st story.Store
	var closeFn func()
	switch kind {
	case "sqlite":
		path := os.Getenv("SITREP_BENCH_DB")
		if path == "" {
			path = filepath.Join(b.TempDir(), "bench.db")
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		st, closeFn = s, func() { s.Close() }
	default:
		dsn := pgtest.DSN(b)
		schema := os.Getenv("SITREP_BENCH_PG_SCHEMA")
		if schema == "" {
			dsn = pgtest.Schema(b)
		} else {
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
				b.Fatal(err)
			}
			conn.Close(ctx)
			dsn = pgtest.WithSearchPath(dsn, schema)
		}
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		st, closeFn = s, func() { s.Close() }
	}
	have := countEvents(b, st)
	if have == n {
		return st, closeFn
	}
	if have != 0 {
		b.Fatalf("the benchmark store holds %d events, not %d: remove it or change SITREP_BENCH_EVENTS", have, n)
	}
	start := time.Now()
	buildBenchStore(b, st, n)
	b.Logf("built a %s store of %d events in %s", kind, n, time.Since(start).Round(time.Second))
	return st, closeFn
}

// countEvents returns how many events the store was built with (its
// marker story says), 0 for an empty store, -1 for one left half built.
func countEvents(b *testing.B, st story.Store) int {
	ctx := context.Background()
	if marker, err := st.GetStory(ctx, "bench-size"); err == nil {
		n, _ := strconv.Atoi(marker.Text)
		return n
	}
	some, _, err := st.Stories(ctx, store.StoryFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(some) > 0 {
		return -1
	}
	return 0
}

// buildBenchStore stores n synthetic events without articles (their URL
// standing for the report) and the stories merged from them, a slice of
// days at a time to bound memory.
func buildBenchStore(b *testing.B, st story.Store, n int) {
	ctx := context.Background()
	const chunk = 500_000
	r := rand.New(rand.NewPCG(5, 6))
	for done := 0; done < n; done += chunk {
		reports := story.Synthetic(r, min(chunk, n-done))
		events := make([]record.Event, len(reports))
		for i := range reports {
			e := *reports[i].Event
			e.ID = fmt.Sprintf("b%09d-%s", done+i, e.ID)
			e.ArticleID = ""
			e.SourceURL = "https://" + reports[i].Article.Outlet[len("Outlet "):] + ".example.org/" + reports[i].Article.ID
			events[i] = e
			reports[i].Event = &events[i]
			reports[i].Article = story.ImportedArticle(&events[i])
		}
		for lo := 0; lo < len(events); lo += 50_000 {
			if _, err := st.PutEvents(ctx, events[lo:min(lo+50_000, len(events))]); err != nil {
				b.Fatal(err)
			}
		}
		stories := story.Merge(reports, story.Options{})
		for lo := 0; lo < len(stories); lo += 20_000 {
			if err := st.SaveStories(ctx, stories[lo:min(lo+20_000, len(stories))], nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The marker records the size the store was built for.
	marker := record.Story{ID: "bench-size", Date: "1900-01-01", Root: "01", CAMEO: "010", Text: strconv.Itoa(n),
		Source: &record.Actor{Code: "XXX", Country: "XXX"}, Target: &record.Actor{Code: "XXX", Country: "XXX"}, Status: record.StatusSingle}
	if err := st.SaveStories(ctx, []record.Story{marker}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkQueries times a dyad timeline page and a dyad tone series over
// a store of SITREP_BENCH_EVENTS events, on SQLite and PostgreSQL.
func BenchmarkQueries(b *testing.B) {
	n := benchEvents(b, 20_000)
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st, closeFn := benchStore(b, kind, n)
			defer closeFn()
			ctx := context.Background()
			queries := []struct {
				name string
				run  func() (int, error)
			}{
				{"timeline-dyad", func() (int, error) {
					s, _, err := st.Stories(ctx, store.StoryFilter{Source: "USA", Target: "RUS", Limit: 100})
					return len(s), err
				}},
				{"timeline-dyad-both-2023", func() (int, error) {
					s, _, err := st.Stories(ctx, store.StoryFilter{Source: "USA", Target: "RUS", Both: true, From: "2023-01-01", To: "2023-12-31", Limit: 100})
					return len(s), err
				}},
				{"timeline-actor-newest", func() (int, error) {
					s, _, err := st.Stories(ctx, store.StoryFilter{Actor: "RUS", Desc: true, Limit: 100})
					return len(s), err
				}},
				{"tone-dyad-both-all-years", func() (int, error) {
					c, err := st.ToneCells(ctx, store.StoryFilter{Source: "USA", Target: "RUS", Both: true})
					return len(c), err
				}},
				{"tone-actor-2022", func() (int, error) {
					c, err := st.ToneCells(ctx, store.StoryFilter{Actor: "USA", From: "2022-01-01", To: "2022-12-31"})
					return len(c), err
				}},
			}
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					rows := 0
					for i := 0; i < b.N; i++ {
						k, err := q.run()
						if err != nil {
							b.Fatal(err)
						}
						rows = k
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
					b.ReportMetric(float64(rows), "rows")
					b.ReportMetric(float64(n), "events")
				})
			}
		})
	}
}
