package story_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	moderncsqlite "modernc.org/sqlite"

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

// BenchmarkMerge merges synthetic events into stories the way restory
// does: the reports come in a stream, a share of the actor pairs at a time
// (restory's store hands them over pair by pair), and the Merger keeps its
// compact form of each until the share is merged; the stories are handed
// on as they are built (restory writes them in batches), not held. The
// reports are made untimed, in chunks of 10,000. Memory is the peak heap
// in use from the first report to the last story, input included;
// MB-input-heap is the largest share's input, every report of it added.
func BenchmarkMerge(b *testing.B) {
	n := benchEvents(b, 20_000)
	const chunk, parts = 10_000, 8
	var peak, input uint64
	var wall, cpu time.Duration
	stories := 0
	for i := 0; i < b.N; i++ {
		runtime.GC()
		stop := peakHeap()
		stories = 0
		m := story.NewMerger(story.Options{})
		buf := make([]story.Report, 0, chunk)
		add := func() {
			t0, c0 := time.Now(), cpuTime()
			for k := range buf {
				m.Add(&buf[k])
			}
			wall, cpu = wall+time.Since(t0), cpu+cpuTime()-c0
			clear(buf)
			buf = buf[:0]
		}
		for part := 0; part < parts; part++ {
			story.SyntheticPart(rand.New(rand.NewPCG(1, 2)), n, part, parts, func(rep *story.Report) {
				if buf = append(buf, *rep); len(buf) == chunk {
					add()
				}
			})
			add()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			input = max(input, ms.HeapInuse)
			t0, c0 := time.Now(), cpuTime()
			if err := m.Flush(func(*record.Story) error { stories++; return nil }); err != nil {
				b.Fatal(err)
			}
			wall, cpu = wall+time.Since(t0), cpu+cpuTime()-c0
		}
		peak = max(peak, stop())
	}
	// On a shared machine the wall clock counts other people's work too;
	// the process's CPU time is what merging cost.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/merge")
	b.ReportMetric(float64(input)/(1<<20), "MB-input-heap")
	b.ReportMetric(float64(n)*float64(b.N)/wall.Seconds(), "events/s")
	b.ReportMetric(wall.Seconds()/float64(b.N), "s/merge")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(stories), "stories")
}

// BenchmarkMergeReportSlice merges synthetic events held in memory as
// []story.Report (Merge's own input, about 880 bytes a report) and keeps
// the stories, as the benchmark before the Merger did.
func BenchmarkMergeReportSlice(b *testing.B) {
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
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/merge")
	b.ReportMetric(float64(before.HeapInuse)/(1<<20), "MB-input-heap")
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
	var dsn string
	switch kind {
	case "sqlite":
		path := os.Getenv("SITREP_BENCH_DB")
		if path == "" {
			path = filepath.Join(b.TempDir(), "bench.db")
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && n >= 1_000_000 {
			// A store this big is built here: give each connection a 1 GiB
			// page cache instead of the store's 32 MiB, or the random
			// inserts into its keys go to the file system page by page.
			// (Queries are measured by a later run, with the store's own.)
			moderncsqlite.RegisterConnectionHook(func(c moderncsqlite.ExecQuerierContext, _ string) error {
				_, err := c.ExecContext(context.Background(), "PRAGMA cache_size = -1048576", nil)
				return err
			})
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		st, closeFn, dsn = s, func() { s.Close() }, path
	default:
		dsn = pgtest.DSN(b)
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
	bulk := openBulk(b, kind, dsn)
	defer bulk.close()
	bulk.dropIndexes(b)
	buildBenchStore(b, st, bulk, n)
	bulk.restoreIndexes(b)
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
func buildBenchStore(b *testing.B, st story.Store, bulk *bulkLoad, n int) {
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
		t0 := time.Now()
		bulk.putEvents(b, st, events)
		t1 := time.Now()
		// One transaction per chunk's stories: SaveStories writes them
		// with multi-row inserts (SQLite) or COPY (PostgreSQL).
		stories := story.Merge(reports, story.Options{})
		t2 := time.Now()
		if err := st.SaveStories(ctx, stories, nil); err != nil {
			b.Fatal(err)
		}
		b.Logf("%d of %d events stored (events %s, merge %s, %d stories %s)", done+len(events), n,
			t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), len(stories), time.Since(t2).Round(time.Millisecond))
	}
	// The marker records the size the store was built for.
	marker := record.Story{ID: "bench-size", Date: "1900-01-01", Root: "01", CAMEO: "010", Text: strconv.Itoa(n),
		Source: &record.Actor{Code: "XXX", Country: "XXX"}, Target: &record.Actor{Code: "XXX", Country: "XXX"}, Status: record.StatusSingle}
	if err := st.SaveStories(ctx, []record.Story{marker}, nil); err != nil {
		b.Fatal(err)
	}
}

// bulkTables are the tables building a benchmark store fills.
var bulkTables = []string{"events", "stories", "story_articles", "story_events", "story_tone", "story_tone_period"}

// bulkLoad fills a fresh benchmark store fast: the secondary indexes of
// the tables it fills are dropped first and built again once everything
// is in (one sort per index instead of millions of random inserts into
// it), and PostgreSQL takes its events by COPY. Stories still go through
// SaveStories, as merging writes them. story_events_story stays: saving
// stories looks replaced stories' events up by it.
type bulkLoad struct {
	kind    string
	db      *sql.DB   // SQLite
	pg      *pgx.Conn // PostgreSQL
	indexes []string  // the CREATE INDEX statements to run again
}

// openBulk opens a second connection to the store: target is the SQLite
// file or the PostgreSQL DSN.
func openBulk(b *testing.B, kind, target string) *bulkLoad {
	ctx := context.Background()
	l := &bulkLoad{kind: kind}
	var err error
	if kind == "sqlite" {
		l.db, err = sql.Open("sqlite", "file:"+target+"?_pragma=busy_timeout(10000)")
	} else {
		l.pg, err = pgx.Connect(ctx, target)
	}
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func (l *bulkLoad) close() {
	if l.db != nil {
		l.db.Close()
	}
	if l.pg != nil {
		l.pg.Close(context.Background())
	}
}

func (l *bulkLoad) exec(b *testing.B, q string) {
	ctx := context.Background()
	var err error
	if l.db != nil {
		_, err = l.db.ExecContext(ctx, q)
	} else {
		_, err = l.pg.Exec(ctx, q)
	}
	if err != nil {
		b.Fatalf("%s: %v", q, err)
	}
}

func (l *bulkLoad) dropIndexes(b *testing.B) {
	ctx := context.Background()
	var names []string
	if l.db != nil {
		rows, err := l.db.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
			AND name <> 'story_events_story' AND tbl_name IN ('`+strings.Join(bulkTables, "', '")+`') ORDER BY name`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				b.Fatal(err)
			}
			names, l.indexes = append(names, name), append(l.indexes, def)
		}
		rows.Close()
	} else {
		rows, err := l.pg.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
			AND indexdef NOT LIKE 'CREATE UNIQUE%' AND indexname <> 'story_events_story' AND tablename = ANY($1) ORDER BY indexname`, bulkTables)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				b.Fatal(err)
			}
			names, l.indexes = append(names, name), append(l.indexes, def)
		}
		rows.Close()
	}
	for _, name := range names {
		l.exec(b, "DROP INDEX "+name)
	}
}

func (l *bulkLoad) restoreIndexes(b *testing.B) {
	t0 := time.Now()
	if l.db != nil {
		l.exec(b, "PRAGMA cache_size = -1000000")
		l.exec(b, "PRAGMA threads = 2")
	} else {
		l.exec(b, "SET maintenance_work_mem = '1GB'")
	}
	for _, def := range l.indexes {
		l.exec(b, def)
	}
	if l.pg != nil {
		// What autovacuum would do in a while: statistics for the planner,
		// and the visibility map that lets index-only scans skip the heap.
		l.exec(b, "VACUUM (ANALYZE) "+strings.Join(bulkTables, ", "))
	}
	b.Logf("%d indexes built in %s", len(l.indexes), time.Since(t0).Round(time.Second))
}

// putEvents stores events: PutEvents on SQLite (multi-row inserts), COPY
// on PostgreSQL.
func (l *bulkLoad) putEvents(b *testing.B, st story.Store, events []record.Event) {
	ctx := context.Background()
	if l.pg == nil {
		for lo := 0; lo < len(events); lo += 50_000 {
			if _, err := st.PutEvents(ctx, events[lo:min(lo+50_000, len(events))]); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	cols := strings.Split(store.EventInsertColumns, ", ")
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(events) {
			return nil, nil
		}
		i++
		return store.EventArgs(&events[i-1]), nil
	})
	if _, err := l.pg.CopyFrom(ctx, pgx.Identifier{"events"}, cols, src); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkQueries times dyad timeline pages and dyad tone series over a
// store of SITREP_BENCH_EVENTS events, on SQLite and PostgreSQL, and
// reports the median and the 99th percentile of b.N runs (-benchtime 50x
// for a fair p99).
func BenchmarkQueries(b *testing.B) {
	n := benchEvents(b, 20_000)
	counted := []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st, closeFn := benchStore(b, kind, n)
			defer closeFn()
			ctx := context.Background()
			timeline := func(f store.StoryFilter) func() (int, error) {
				return func() (int, error) {
					s, _, err := st.Stories(ctx, f)
					return len(s), err
				}
			}
			tone := func(f store.StoryFilter) func() (int, error) {
				return func() (int, error) {
					c, err := st.ToneCells(ctx, f)
					return len(c), err
				}
			}
			usaRUS := store.StoryFilter{Source: "USA", Target: "RUS", Both: true}
			with := func(f store.StoryFilter, edit func(*store.StoryFilter)) store.StoryFilter {
				edit(&f)
				return f
			}
			queries := []struct {
				name string
				run  func() (int, error)
			}{
				{"timeline-dyad", timeline(store.StoryFilter{Source: "USA", Target: "RUS", Limit: 100})},
				{"timeline-dyad-both-2023", timeline(with(usaRUS, func(f *store.StoryFilter) { f.From, f.To, f.Limit = "2023-01-01", "2023-12-31", 100 }))},
				{"timeline-actor-newest", timeline(store.StoryFilter{Actor: "RUS", Desc: true, Limit: 100})},
				// What sitrep tone asks: both directions, every status but
				// negated, one query.
				{"tone-dyad-both-all-years-by-day", tone(with(usaRUS, func(f *store.StoryFilter) { f.Statuses = counted }))},
				{"tone-dyad-both-all-years-by-week", tone(with(usaRUS, func(f *store.StoryFilter) { f.Statuses, f.Period = counted, "week" }))},
				{"tone-dyad-both-all-years-by-month", tone(with(usaRUS, func(f *store.StoryFilter) { f.Statuses, f.Period = counted, "month" }))},
				{"tone-dyad-both-2023-mid-week-by-week", tone(with(usaRUS, func(f *store.StoryFilter) {
					f.Statuses, f.Period, f.From, f.To = counted, "week", "2023-01-04", "2023-12-20"
				}))},
				{"tone-dyad-both-all-years-all-statuses", tone(usaRUS)},
				{"tone-actor-2022-by-day", tone(store.StoryFilter{Actor: "USA", From: "2022-01-01", To: "2022-12-31"})},
				{"tone-actor-2022-by-week", tone(store.StoryFilter{Actor: "USA", From: "2022-01-01", To: "2022-12-31", Period: "week"})},
			}
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					rows := 0
					times := make([]time.Duration, 0, b.N)
					cpu0 := cpuTime()
					for i := 0; i < b.N; i++ {
						t0 := time.Now()
						k, err := q.run()
						if err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(t0))
						rows = k
					}
					// This process's CPU time a query: all of SQLite's work
					// (it runs in-process), the client's part of PostgreSQL's.
					// The machine is shared, so the wall clock also counts
					// waiting for a core.
					cpu := cpuTime() - cpu0
					slices.Sort(times)
					ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
					b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
					b.ReportMetric(ms(times[len(times)/2]), "ms-median")
					b.ReportMetric(ms(times[(len(times)*99+99)/100-1]), "ms-p99")
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/query")
					b.ReportMetric(float64(rows), "rows")
					b.ReportMetric(float64(n), "events")
				})
			}
		})
	}
}
