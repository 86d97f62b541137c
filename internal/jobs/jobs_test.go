package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/jobs"
	"github.com/sitrep/sitrep/internal/jobs/jobstest"
	"github.com/sitrep/sitrep/internal/jobs/riverq"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func addFeeds(t *testing.T, st store.Store, site *jobstest.Site) {
	t.Helper()
	fs := st.(store.FeedStore)
	for _, u := range site.Feeds {
		if _, _, err := fs.AddFeed(context.Background(), store.Feed{URL: u, Interval: 15 * time.Minute}); err != nil {
			t.Fatal(err)
		}
	}
}

func newPoller(t *testing.T, st store.Store, workers int) *source.Poller {
	t.Helper()
	f := source.NewFetcher(source.FetchOptions{AllowPrivate: true, PerHost: 4, Workers: workers, Timeout: 30 * time.Second})
	t.Cleanup(f.Close)
	p, err := source.NewPoller(st, source.PollOptions{Fetcher: f, Workers: workers,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// On SQLite the dispatcher is the in-process one: one Once fetches every
// feed and page, a second finds nothing due.
func TestInProcessOnSQLite(t *testing.T) {
	site := jobstest.NewSite(t, 4, 8, 0)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	addFeeds(t, st, site)
	ctx := context.Background()
	d, err := jobs.New(ctx, st, newPoller(t, st, 4), jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Shared() {
		t.Error("a SQLite store's dispatcher says it is shared")
	}
	sum, err := d.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Feeds != len(site.Feeds) || sum.FeedErrors != 0 || sum.Pages != site.Pages || sum.Stored != len(site.Items) {
		t.Errorf("once: %+v; want %d feeds, %d pages, %d stored", sum, len(site.Feeds), site.Pages, len(site.Items))
	}
	site.Check(t, st)
	again, err := d.Once(ctx)
	if err != nil || again.Feeds != 0 || again.Pages != 0 {
		t.Errorf("second once: %+v %v; nothing should be due", again, err)
	}
	for path, n := range site.Hits() {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
}

// The in-process Run stops when its context ends, finishing what it had
// started; nothing it did is lost or done twice by the next run.
func TestInProcessRunStops(t *testing.T) {
	site := jobstest.NewSite(t, 6, 6, 10*time.Millisecond)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	addFeeds(t, st, site)
	d, err := jobs.New(context.Background(), st, newPoller(t, st, 2), jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- d.Run(ctx) }()
	for site.Requests() < 3 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop")
	}
	if _, err := d.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	site.Check(t, st)
}

// openPG opens n stores on one fresh schema, as n processes would.
func openPG(t *testing.T, n int) []*postgres.Store {
	dsn := pgtest.Schema(t)
	var out []*postgres.Store
	for i := 0; i < n; i++ {
		st, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out = append(out, st)
	}
	return out
}

// On PostgreSQL two dispatchers (as two processes would) share River's
// queue: each feed and page is fetched once between them, every item is
// stored once, and both return when nothing due is left.
func TestSharedQueueOnPostgres(t *testing.T) {
	sts := openPG(t, 2)
	site := jobstest.NewSite(t, 8, 8, 5*time.Millisecond)
	addFeeds(t, sts[0], site)
	ctx := context.Background()
	var ds []jobs.Dispatcher
	for i, st := range sts {
		d, err := jobs.New(ctx, st, newPoller(t, st, 3), jobs.Options{Workers: 3, ID: "test-" + string(rune('a'+i))})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if !d.Shared() {
			t.Fatal("a PostgreSQL store's dispatcher is not shared")
		}
		ds = append(ds, d)
	}
	sums := make([]source.PollSummary, len(ds))
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if sums[i], err = d.Once(ctx); err != nil {
				t.Errorf("dispatcher %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	var total source.PollSummary
	for i, s := range sums {
		t.Logf("dispatcher %d: %+v", i, s)
		total.Feeds += s.Feeds
		total.Pages += s.Pages
		total.Stored += s.Stored
		total.FeedErrors += s.FeedErrors
	}
	// A page linked from two feeds may be met by two jobs, the second
	// only recording where it was seen (the page is fetched once: below).
	if total.Feeds != len(site.Feeds) || total.Pages < site.Pages || total.Stored != len(site.Items) || total.FeedErrors != 0 {
		t.Errorf("together: %+v; want %d feeds, %d pages or more, %d stored", total, len(site.Feeds), site.Pages, len(site.Items))
	}
	site.Check(t, sts[1])
	for path, n := range site.Hits() {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	// River's schema is in place: migrating again applies nothing.
	if v, err := riverq.Migrate(ctx, sts[0].Pool(), nil); err != nil || len(v) != 0 {
		t.Errorf("second migration: applied %v, %v", v, err)
	}
}

// Run on PostgreSQL finds the work through the leader's sweep, and stops
// when its context ends.
func TestSharedQueueRun(t *testing.T) {
	sts := openPG(t, 1)
	site := jobstest.NewSite(t, 3, 4, 0)
	addFeeds(t, sts[0], site)
	var logs strings.Builder
	var mu sync.Mutex
	p := newPoller(t, sts[0], 2)
	q, err := riverq.New(context.Background(), sts[0], p, riverq.Options{Workers: 2, Sweep: 200 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- q.Run(ctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := sts[0].CountArticles(ctx); n == len(site.Items) {
			if busy, _ := q.Busy(ctx); busy == 0 {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-ran; err != nil {
		t.Fatalf("run: %v", err)
	}
	site.Check(t, sts[0])
	if s := q.Summary(); s.Feeds != len(site.Feeds) || s.Pages < site.Pages || s.Stored != len(site.Items) {
		t.Errorf("summary %+v", s)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "job queue: working") || !strings.Contains(logs.String(), "stored=") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
