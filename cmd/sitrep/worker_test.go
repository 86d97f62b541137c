package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/jobs/jobstest"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

// syncBuffer collects a child's stderr while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type worker struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan struct{} // closed when the process has exited, with err set
	err    error
}

func startWorker(t *testing.T, env []string, args ...string) *worker {
	t.Helper()
	w := &worker{cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	w.cmd.Env = append(os.Environ(), env...)
	w.cmd.Stderr = w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.err = w.cmd.Wait(); close(w.exited) }()
	t.Cleanup(func() {
		w.cmd.Process.Kill()
		<-w.exited
	})
	return w
}

// queueJob is a row of River's job table, as the test reads it.
type queueJob struct {
	id          int64
	kind, args  string
	state       string
	attemptedBy []string
}

func runningJobsOf(t *testing.T, db *pgx.Conn, pid int) []queueJob {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT id, kind, args::text, state::text, attempted_by FROM river_job
		WHERE state = 'running' AND attempted_by[array_upper(attempted_by, 1)] LIKE $1`, "%-"+strconv.Itoa(pid)+"-%")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (queueJob, error) {
		var j queueJob
		err := r.Scan(&j.id, &j.kind, &j.args, &j.state, &j.attemptedBy)
		return j, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// TestPollWorkersShareQueue runs three `sitrep poll` workers on one
// PostgreSQL database, kills one with SIGKILL while it has jobs under
// way, and checks what the other two made of it: the killed worker's
// jobs were taken up by them once River's rescuer saw them stuck; every
// item is stored exactly once, reached from each feed that carries it;
// every feed's poll is recorded; no feed or page was fetched twice except
// those the killed worker was fetching.
func TestPollWorkersShareQueue(t *testing.T) {
	dsn := pgtest.Schema(t)
	site := jobstest.NewSite(t, 12, 12, 15*time.Millisecond)
	env := []string{"SITREP_DSN=" + dsn, "SITREP_ALLOW_PRIVATE=1"}
	var opml bytes.Buffer
	var list []source.OPMLFeed
	for i, u := range site.Feeds {
		list = append(list, source.OPMLFeed{URL: u, Title: fmt.Sprintf("Wire %d", i)})
	}
	if err := source.WriteOPML(&opml, "wires", list, time.Now()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "feeds.opml")
	os.WriteFile(file, opml.Bytes(), 0o644)
	if r := sitrep(t, env, "", "feeds", "import", file); r.code != 0 {
		t.Fatalf("feeds import: %d %s", r.code, r.stderr)
	}
	t.Logf("%d feeds, %d distinct items, %d pages", len(site.Feeds), len(site.Items), site.Pages)

	ctx := context.Background()
	db, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)

	args := []string{"poll", "--workers", "3", "--per-host", "3", "--sweep", "500ms", "--rescue-after", "10s"}
	workers := []*worker{startWorker(t, env, args...), startWorker(t, env, args...), startWorker(t, env, args...)}
	victim := workers[0]

	// Once the work is under way, hold every response so that each worker
	// has jobs running, and kill the first worker then.
	deadline := time.Now().Add(60 * time.Second)
	for site.Requests() < len(site.Feeds)/2 {
		if time.Now().After(deadline) {
			t.Fatalf("no progress: %d requests\n%s", site.Requests(), victim.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	release := site.Stall()
	var held []queueJob
	for len(held) == 0 {
		if time.Now().After(deadline) {
			release()
			t.Fatalf("the first worker never had a job running\n%s", victim.stderr.String())
		}
		held = runningJobsOf(t, db, victim.cmd.Process.Pid)
		time.Sleep(5 * time.Millisecond)
	}
	victim.cmd.Process.Signal(syscall.SIGKILL)
	<-victim.exited
	// A statement the worker sent just before it died (a job's completion)
	// is still carried out by the server: let those settle, then see
	// which of its jobs it left running. Its other jobs' responses are
	// held, so they cannot have finished.
	time.Sleep(time.Second)
	stuck := runningJobsOf(t, db, victim.cmd.Process.Pid)
	release()
	if len(stuck) == 0 {
		t.Fatalf("the killed worker left no job running (it had %+v)", held)
	}
	t.Logf("killed worker %d after %d requests with %d jobs under way: %+v", victim.cmd.Process.Pid, site.Requests(), len(stuck), stuck)

	// The two others finish everything, the killed worker's jobs included.
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline = time.Now().Add(150 * time.Second)
	for {
		var busy, queued int
		db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind IN ('sitrep_feed', 'sitrep_page') AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&busy)
		db.QueryRow(ctx, `SELECT count(*) FROM page_queue`).Scan(&queued)
		n, _ := st.CountArticles(ctx)
		if busy == 0 && queued == 0 && n >= len(site.Items) {
			break
		}
		if time.Now().After(deadline) {
			var left []string
			rows, _ := db.Query(ctx, `SELECT concat_ws(' ', id, kind, args::text, state, attempt, errors::text) FROM river_job WHERE state <> 'completed'`)
			for rows.Next() {
				var l string
				rows.Scan(&l)
				left = append(left, l)
			}
			rows.Close()
			t.Fatalf("not done: %d jobs waiting or running, %d pages queued, %d of %d articles\n%s\n%s\n%s", busy, queued, n, len(site.Items),
				strings.Join(left, "\n"), workers[1].stderr.String(), workers[2].stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, w := range workers[1:] {
		w.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-w.exited:
			if w.err != nil {
				t.Errorf("worker %d after SIGTERM: %v\n%s", w.cmd.Process.Pid, w.err, w.stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Errorf("worker %d did not stop on SIGTERM", w.cmd.Process.Pid)
		}
	}

	// Each job the killed worker held was run again by another worker.
	again := map[string]bool{} // paths its jobs were fetching
	feeds, err := st.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range stuck {
		var state string
		var by []string
		if err := db.QueryRow(ctx, `SELECT state::text, attempted_by FROM river_job WHERE id = $1`, j.id).Scan(&state, &by); err != nil {
			t.Fatal(err)
		}
		if j.kind == "sitrep_sweep" {
			// A sweep is periodic and holds no work of its own: the rescuer
			// may discard it, and the next sweep queues what it would have.
			if state != "completed" && state != "discarded" {
				t.Errorf("sweep job %d of the killed worker: %s", j.id, state)
			}
			continue
		}
		if state != "completed" || len(by) < 2 || by[len(by)-1] == j.attemptedBy[len(j.attemptedBy)-1] {
			t.Errorf("job %d (%s %s) of the killed worker: %s, attempted by %v", j.id, j.kind, j.args, state, by)
		}
		var a struct {
			FeedID int64  `json:"feed_id"`
			URL    string `json:"url"`
		}
		json.Unmarshal([]byte(j.args), &a)
		for _, f := range feeds {
			if f.ID == a.FeedID {
				a.URL = f.URL
			}
		}
		if u, err := url.Parse(a.URL); err == nil {
			again[u.Path] = true
		}
	}
	for path, n := range site.Hits() {
		if n > 1 && !(n == 2 && again[path]) {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	site.Check(t, st)
	var events int
	db.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&events)
	if events == 0 {
		t.Error("no events extracted")
	}

	// Nothing is left due: a last poll has nothing to do.
	r := sitrep(t, env, "", "poll", "--once", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"feeds":0`) || !strings.Contains(r.stdout, `"pages":0`) {
		t.Errorf("last poll: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestPollOnceOnPostgres polls once on PostgreSQL, through the job queue,
// with two processes at once: between them every feed and page is
// fetched once and every item stored once.
func TestPollOnceOnPostgres(t *testing.T) {
	dsn := pgtest.Schema(t)
	site := jobstest.NewSite(t, 6, 6, 5*time.Millisecond)
	env := []string{"SITREP_DSN=" + dsn}
	for _, u := range site.Feeds {
		if r := sitrep(t, env, "", "feeds", "add", u); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	type out struct {
		r   result
		sum source.PollSummary
	}
	outs := make([]out, 2)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i].r = sitrep(t, env, "", "poll", "--once", "--json", "--allow-private")
			json.Unmarshal([]byte(outs[i].r.stdout), &outs[i].sum)
		}()
	}
	wg.Wait()
	var feeds, pages, stored int
	for i, o := range outs {
		if o.r.code != 0 {
			t.Fatalf("poll %d: exit %d %s %s", i, o.r.code, o.r.stdout, o.r.stderr)
		}
		t.Logf("poll %d: %s", i, strings.TrimSpace(o.r.stdout))
		feeds += o.sum.Feeds
		pages += o.sum.Pages
		stored += o.sum.Stored
	}
	// A page linked from two feeds may be met by two jobs, the second
	// only recording where it was seen (the page is fetched once: below).
	if feeds != len(site.Feeds) || pages < site.Pages || stored != len(site.Items) {
		t.Errorf("together: %d feeds, %d pages, %d stored; want %d, %d or more, %d", feeds, pages, stored, len(site.Feeds), site.Pages, len(site.Items))
	}
	for path, n := range site.Hits() {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site.Check(t, st)
	// --in-process works alone, as on SQLite: nothing is due.
	r := sitrep(t, env, "", "poll", "--once", "--json", "--in-process")
	if r.code != 0 || !strings.Contains(r.stdout, `"feeds":0`) {
		t.Errorf("poll --in-process: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := sitrep(t, env, "", "poll", "--once", "--rescue-after", "0s"); r.code != 2 {
		t.Errorf("--rescue-after 0s: exit %d %s", r.code, r.stderr)
	}
}
