package watch_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	moderncsqlite "modernc.org/sqlite"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/watch"
)

var benchCountries = []string{"USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "SYR", "IND", "PAK", "JPN", "KOR", "PRK", "BLR", "POL", "SAU", "EGY"}

func benchActor(r *rand.Rand) *record.Actor {
	c := benchCountries[r.IntN(len(benchCountries))]
	return &record.Actor{Code: c, Country: c}
}

// sqliteBenchStore returns a SQLite store of n imported events merged two
// to a story over two years from 2023-09-01, priced series, and 1,000 rules
// of every kind (fillBenchStore). With SITREP_BENCH_DB set (a file), the
// store is built there once, indexes dropped while it fills, and each run
// works on a copy of it.
func sqliteBenchStore(b *testing.B, n int) store.Store {
	path := os.Getenv("SITREP_BENCH_DB")
	if path == "" {
		st := openDB(b, filepath.Join(b.TempDir(), "bench.db"))
		fillBenchStore(b, st, nil, n)
		return st
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t0 := time.Now()
		// Random inserts into the keys of a big store go to the file
		// system page by page through the store's 32 MiB cache: give the
		// building connections 1 GiB.
		moderncsqlite.RegisterConnectionHook(func(c moderncsqlite.ExecQuerierContext, _ string) error {
			_, err := c.ExecContext(context.Background(), "PRAGMA cache_size = -1048576", nil)
			return err
		})
		st := openDB(b, path+".part")
		bulk, err := sql.Open("sqlite", "file:"+path+".part?_pragma=busy_timeout(10000)")
		if err != nil {
			b.Fatal(err)
		}
		fillBenchStore(b, st, sqliteIndexes(b, bulk), n)
		bulk.Close()
		st.Close()
		if err := os.Rename(path+".part", path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built a store of %d events in %s", n, time.Since(t0).Round(time.Second))
	}
	st := openDB(b, path)
	marker, err := st.(store.StoryStore).GetStory(context.Background(), "bench-size")
	st.Close()
	if err != nil || marker.Text != strconv.Itoa(n) {
		b.Fatalf("%s was not built for %d events (remove it or change SITREP_BENCH_EVENTS)", path, n)
	}
	work := filepath.Join(b.TempDir(), "bench.db")
	if err := copyFile(path, work); err != nil {
		b.Fatal(err)
	}
	return openDB(b, work)
}

// pgBenchStore is sqliteBenchStore on PostgreSQL: with SITREP_BENCH_PG_DB
// set (a database name on the SITREP_TEST_PG server) the store is built
// in that database once, and each run works on a copy of it (CREATE
// DATABASE … TEMPLATE), dropped at the end.
func pgBenchStore(b *testing.B, n int) store.Store {
	ctx := context.Background()
	dsn := pgtest.DSN(b)
	name := os.Getenv("SITREP_BENCH_PG_DB")
	if name == "" {
		st := openPG(b, pgtest.Schema(b))
		fillBenchStore(b, st, nil, n)
		return st
	}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close(ctx)
	exec := func(q string) {
		if _, err := admin.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		b.Fatal(err)
	}
	if !exists {
		t0 := time.Now()
		part := pgx.Identifier{name + "_part"}.Sanitize()
		exec("DROP DATABASE IF EXISTS " + part)
		exec("CREATE DATABASE " + part)
		st := openPG(b, withDatabase(b, dsn, name+"_part"))
		conn, err := pgx.Connect(ctx, withDatabase(b, dsn, name+"_part"))
		if err != nil {
			b.Fatal(err)
		}
		fillBenchStore(b, st, pgIndexes(b, conn), n)
		conn.Close(ctx)
		st.Close()
		exec("ALTER DATABASE " + part + " RENAME TO " + pgx.Identifier{name}.Sanitize())
		b.Logf("built a store of %d events in %s", n, time.Since(t0).Round(time.Second))
	}
	st := openPG(b, withDatabase(b, dsn, name))
	marker, err := st.(store.StoryStore).GetStory(ctx, "bench-size")
	st.Close()
	if err != nil || marker.Text != strconv.Itoa(n) {
		b.Fatalf("database %s was not built for %d events (drop it or change SITREP_BENCH_EVENTS)", name, n)
	}
	run := pgx.Identifier{name + "_run"}.Sanitize()
	exec("DROP DATABASE IF EXISTS " + run)
	exec("CREATE DATABASE " + run + " TEMPLATE " + pgx.Identifier{name}.Sanitize())
	b.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), dsn); err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+run)
			c.Close(context.Background())
		}
	})
	return openPG(b, withDatabase(b, dsn, name+"_run"))
}

func openPG(b *testing.B, dsn string) store.Store {
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// withDatabase points a URL DSN at another database.
func withDatabase(b *testing.B, dsn, db string) string {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		b.Fatalf("SITREP_BENCH_PG_DB needs SITREP_TEST_PG as a postgres:// URL, not %q", dsn)
	}
	u.Path = "/" + db
	return u.String()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// benchTables are the tables filling the benchmark store writes many rows
// to; bulk drops their secondary indexes meanwhile (but story_events_story,
// which saving stories reads) and builds them again at the end.
var benchTables = []string{"events", "stories", "story_articles", "story_events", "story_tone", "story_tone_period"}

// benchIndexes drops the secondary indexes of benchTables while a big
// store fills, and builds them again after.
type benchIndexes struct{ drop, restore func() }

// sqliteIndexes drops and restores through a second connection to the file.
func sqliteIndexes(b *testing.B, db *sql.DB) *benchIndexes {
	ctx := context.Background()
	var indexes []string
	exec := func(q string) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	return &benchIndexes{
		drop: func() {
			rows, err := db.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
				AND name <> 'story_events_story' AND tbl_name IN ('`+strings.Join(benchTables, "', '")+`') ORDER BY name`)
			if err != nil {
				b.Fatal(err)
			}
			var names []string
			for rows.Next() {
				var name, def string
				if err := rows.Scan(&name, &def); err != nil {
					b.Fatal(err)
				}
				names, indexes = append(names, name), append(indexes, def)
			}
			rows.Close()
			for _, name := range names {
				exec("DROP INDEX " + name)
			}
		},
		restore: func() {
			for _, q := range append([]string{"PRAGMA cache_size = -1000000", "PRAGMA threads = 2"}, indexes...) {
				exec(q)
			}
		},
	}
}

// pgIndexes drops and restores through a second connection, and gathers
// the planner's statistics at the end, as autovacuum would in a while.
func pgIndexes(b *testing.B, conn *pgx.Conn) *benchIndexes {
	ctx := context.Background()
	var indexes []string
	exec := func(q string) {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	return &benchIndexes{
		drop: func() {
			rows, err := conn.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
				AND indexdef NOT LIKE 'CREATE UNIQUE%' AND indexname <> 'story_events_story' AND tablename = ANY($1) ORDER BY indexname`, benchTables)
			if err != nil {
				b.Fatal(err)
			}
			var names []string
			for rows.Next() {
				var name, def string
				if err := rows.Scan(&name, &def); err != nil {
					b.Fatal(err)
				}
				names, indexes = append(names, name), append(indexes, def)
			}
			rows.Close()
			for _, name := range names {
				exec("DROP INDEX " + name)
			}
		},
		restore: func() {
			for _, q := range append([]string{"SET maintenance_work_mem = '512MB'"}, indexes...) {
				exec(q)
			}
			exec("VACUUM (ANALYZE) " + strings.Join(benchTables, ", "))
		},
	}
}

func fillBenchStore(b *testing.B, st store.Store, ix *benchIndexes, n int) {
	ctx := context.Background()
	if ix != nil {
		ix.drop()
	}
	r := rand.New(rand.NewPCG(1, 2))
	start := at("2023-09-01T00:00:00Z")
	roots := []string{"01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14", "17", "18", "19"}
	statuses := []string{record.StatusCorroborated, record.StatusSingle, record.StatusSingle, record.StatusDisputed}
	chunk := 20000 // even: the stories, and so the data, do not depend on it
	if n > 200_000 {
		chunk = 100_000
	}
	for lo := 0; lo < n; lo += chunk {
		var evs []record.Event
		var stories []record.Story
		for i := lo; i < min(n, lo+chunk); i += 2 {
			src, tgt := benchActor(r), benchActor(r)
			root := roots[r.IntN(len(roots))]
			date := start.AddDate(0, 0, r.IntN(730)).Format(time.DateOnly)
			g := math.Round((r.Float64()*20-10)*10) / 10
			r.IntN(4) // a quad class once drawn here; the root's own now (PostgreSQL's tone cells are keyed without it)
			quad := cameo.QuadOfRoot(root)
			var ids []string
			for k := 0; k < 2 && i+k < n; k++ {
				id := "e" + strconv.Itoa(i+k)
				ids = append(ids, id)
				evs = append(evs, record.Event{ID: id, Date: date, DatePrecision: "day", Source: src, Target: tgt, CAMEO: root + "0", Root: root, Quad: quad, Goldstein: g, Text: "synthetic"})
			}
			stories = append(stories, record.Story{ID: "s" + strconv.Itoa(i), Date: date, DatePrecision: "day", Source: src, Target: tgt, CAMEO: root + "0", Root: root,
				Quad: quad, Goldstein: g, Text: "synthetic story", Status: statuses[r.IntN(len(statuses))], Sources: 1 + r.IntN(3), Reports: len(ids), EventIDs: ids})
		}
		if _, err := st.PutEvents(ctx, evs); err != nil {
			b.Fatal(err)
		}
		if err := st.(store.StoryStore).SaveStories(ctx, stories, nil); err != nil {
			b.Fatal(err)
		}
		if n >= 200_000 {
			b.Logf("%d of %d events stored", min(n, lo+chunk), n)
		}
	}
	if ix != nil {
		t0 := time.Now()
		ix.restore()
		b.Logf("indexes built in %s", time.Since(t0).Round(time.Second))
	}
	ms := st.(store.MarketStore)
	for k := 0; k < 5; k++ {
		ps := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "S" + strconv.Itoa(k)}}
		level := 100.0
		for d := start; d.Before(start.AddDate(2, 1, 0)); d = d.AddDate(0, 0, 1) {
			level *= math.Exp(r.NormFloat64() * 0.01)
			ps.Prices = append(ps.Prices, store.DailyPrice{Date: d, Close: level})
		}
		if err := ms.PutSeries(ctx, ps); err != nil {
			b.Fatal(err)
		}
	}
	ws := st.(store.WatchStore)
	pick := func() string { return benchCountries[r.IntN(len(benchCountries))] }
	for i := 0; i < 1000; i++ {
		var text string
		switch {
		case i < 500:
			text = fmt.Sprintf("event dyad %s-%s root %s", pick(), pick(), roots[r.IntN(len(roots))])
			if i%3 == 0 {
				text += " status corroborated"
			}
		case i < 650:
			text = fmt.Sprintf("deadline due within %dd involving %s", 7+r.IntN(60), pick())
		case i < 700:
			text = fmt.Sprintf("deadline passed involving %s status missed,unknown", pick())
		case i < 850:
			text = fmt.Sprintf("claim denial by %s", pick())
		case i < 950:
			text = fmt.Sprintf("tone %s-%s by week beyond 2sd", pick(), pick())
		default:
			text = fmt.Sprintf("market S%d beyond 2sd within 3d of event actor %s quad 4", r.IntN(5), pick())
		}
		spec, err := watch.ParseRule(text)
		if err != nil {
			b.Fatalf("%q: %v", text, err)
		}
		if err := ws.PutWatchRule(ctx, store.WatchRule{Name: fmt.Sprintf("r%04d", i), Text: spec.String()}); err != nil {
			b.Fatal(err)
		}
	}
	// The marker records the size the store was built for.
	marker := record.Story{ID: "bench-size", Date: "1900-01-01", DatePrecision: "day", Root: "01", CAMEO: "010", Text: strconv.Itoa(n),
		Source: &record.Actor{Code: "XXX", Country: "XXX"}, Target: &record.Actor{Code: "XXX", Country: "XXX"}, Status: record.StatusSingle}
	if err := st.(store.StoryStore).SaveStories(ctx, []record.Story{marker}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEvaluateBatch measures one evaluation of 1,000 rules after a
// batch of 20 new articles (with their events, stories, claims and
// deadlines) lands in a store of SITREP_BENCH_EVENTS events (default
// 20,000; the target is 1,000,000 under 1 s a batch), on SQLite and on
// PostgreSQL (SITREP_TEST_PG; skipped without it).
func BenchmarkEvaluateBatch(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchEvaluateBatch(b, sqliteBenchStore) })
	b.Run("postgres", func(b *testing.B) { benchEvaluateBatch(b, pgBenchStore) })
}

func benchEvaluateBatch(b *testing.B, open func(*testing.B, int) store.Store) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	st := open(b, n)
	defer st.Close()
	now := at("2025-09-01T00:00:00Z") // two years after the stored stories begin
	e := evaluator(b, st)
	t0 := time.Now()
	if _, err := e.EvaluateOnce(ctx, now); err != nil { // every rule new: whole windows
		b.Fatal(err)
	}
	first := time.Since(t0)
	r := rand.New(rand.NewPCG(3, 4))
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		now = now.Add(10 * time.Minute)
		var stories []record.Story
		for k := 0; k < 20; k++ {
			src, tgt := benchActor(r), benchActor(r)
			day := now.Format(time.DateOnly)
			text := fmt.Sprintf("Batch %d article %d: %s officials denied the report. The deadline is in ten days.", i, k, src.Country)
			id := putArticle(b, st, fmt.Sprintf("batch %d/%d", i, k), day, "Bench", "", text, &record.Records{
				Claims:    []record.Claim{{Sentence: 0, Speaker: src, Kind: "reported", Text: text, Stance: "deny", Date: day}},
				Deadlines: []record.Deadline{{Sentence: 1, Due: now.AddDate(0, 0, 10).Format(time.DateOnly), Precision: "day", Kind: "deadline", What: "talks", Actors: []record.Actor{*src, *tgt}}},
			})
			stories = append(stories, record.Story{ID: fmt.Sprintf("b%d-%d", i, k), Date: day, DatePrecision: "day", Source: src, Target: tgt, CAMEO: "040", Root: "04", Quad: 1,
				Goldstein: 1, Text: text, Status: record.StatusCorroborated, Sources: 2, Reports: 1,
				Articles: []record.StoryArticle{{ID: id, Title: "batch", Source: "Bench", Date: day, Group: 1}}})
		}
		if err := st.(store.StoryStore).SaveStories(ctx, stories, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		var res *watch.Result
		var err error
		// Labelled, so a -cpuprofile shows the batches apart from building
		// the store and the first evaluation (-tagfocus phase=batch).
		pprof.Do(ctx, pprof.Labels("phase", "batch"), func(ctx context.Context) { res, err = e.EvaluateOnce(ctx, now) })
		cpu += cpuTime() - c0
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors[0])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/batch")
	b.ReportMetric(float64(first.Milliseconds()), "first-eval-ms")
	// The machine is shared: the process's CPU time is what a batch cost.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/batch")
	b.ReportMetric(float64(n), "events")
	b.ReportMetric(1000, "rules")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
