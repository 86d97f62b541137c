// Package riverq runs the poller's jobs — feed fetches, page fetches and
// the extraction of their articles — through River, a job queue kept in
// the PostgreSQL database itself, so that every sitrep process pointed at
// that database shares the work: a feed is polled by one process at a
// time, a page is fetched and extracted once, and the job of a process
// that dies is taken up by another once River's rescuer sees it stuck.
//
// The store stays the record of what is due (feeds.next_fetch, the page
// queue); River's jobs only say who works on it now. The leader (River
// elects one among the processes) sweeps the store every few seconds and
// queues a job for every due feed and page that has none, so nothing due
// is ever left without a job, whatever happened to the process that
// should have queued it.
package riverq

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store/postgres"
)

// Defaults for Options.
const (
	DefaultSweep       = 5 * time.Second
	DefaultJobTimeout  = 5 * time.Minute
	DefaultRescueAfter = 15 * time.Minute
	// sweepLimit bounds the feeds and the pages one sweep queues; the
	// rest wait for the next sweep.
	sweepLimit = 10_000
	// insertChunk is how many jobs go to River in one insert.
	insertChunk = 1000
)

// Options configure a Queue.
type Options struct {
	Workers int // jobs this process runs at once; 0 = 16
	// Sweep is how often the leader looks for due feeds and pages.
	Sweep time.Duration
	// JobTimeout cancels a job running longer (its fetch has its own,
	// shorter timeouts); it is at most RescueAfter.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River takes
	// its process for dead and lets another one run it. River's rescuer
	// looks every 30 s, so a lost job is taken up between RescueAfter and
	// RescueAfter+30 s after it started.
	RescueAfter time.Duration
	// ID names this process among the workers (river_job.attempted_by,
	// river_leader); "" = sitrep-HOST-PID-TIME.
	ID  string
	Log *slog.Logger
	Now func() time.Time
}

// Queue runs the poller's jobs through River on one PostgreSQL store.
type Queue struct {
	st   *postgres.Store
	p    *source.Poller
	pool *pgxpool.Pool // River's own connections, apart from the store's
	opt  Options

	mu  sync.Mutex
	sum source.PollSummary // what this process's jobs did
}

// New installs River's schema when it is missing and readies a queue for
// p's jobs on st.
func New(ctx context.Context, st *postgres.Store, p *source.Poller, opt Options) (*Queue, error) {
	if opt.Workers <= 0 {
		opt.Workers = 16
	}
	if opt.Sweep <= 0 {
		opt.Sweep = DefaultSweep
	}
	if opt.JobTimeout <= 0 {
		opt.JobTimeout = DefaultJobTimeout
	}
	if opt.RescueAfter <= 0 {
		opt.RescueAfter = DefaultRescueAfter
	}
	opt.JobTimeout = min(opt.JobTimeout, opt.RescueAfter)
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.ID == "" {
		host, _ := os.Hostname()
		opt.ID = fmt.Sprintf("sitrep-%s-%d-%s", host, os.Getpid(), time.Now().UTC().Format("20060102T150405.000"))
		if len(opt.ID) > 100 {
			opt.ID = opt.ID[len(opt.ID)-100:]
		}
	}
	cfg := st.Pool().Config()
	// The listener holds one connection; the producer, completer, elector
	// and maintenance services share the rest.
	cfg.MaxConns, cfg.MinConns = 8, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	if _, err := Migrate(ctx, pool, quiet(opt.Log)); err != nil {
		pool.Close()
		return nil, err
	}
	return &Queue{st: st, p: p, pool: pool, opt: opt}, nil
}

// Close releases River's connections.
func (q *Queue) Close() error {
	q.pool.Close()
	return nil
}

// ID is this process's name among the workers.
func (q *Queue) ID() string { return q.opt.ID }

// client builds a River client that works the sitrep queue; periodic adds
// the leader's sweep.
func (q *Queue) client(periodic bool) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &feedWorker{q: q})
	river.AddWorker(workers, &pageWorker{q: q})
	river.AddWorker(workers, &sweepWorker{q: q})
	cfg := &river.Config{
		ID:                          q.opt.ID,
		Logger:                      quiet(q.opt.Log),
		Queues:                      map[string]river.QueueConfig{QueueName: {MaxWorkers: q.opt.Workers}},
		Workers:                     workers,
		JobTimeout:                  q.opt.JobTimeout,
		RescueStuckJobsAfter:        q.opt.RescueAfter,
		CompletedJobRetentionPeriod: time.Hour,
		MaxAttempts:                 maxAttempts,
	}
	if periodic {
		cfg.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(q.opt.Sweep),
			func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindSweep, RunOnStart: true})}
	}
	c, err := river.NewClient(riverpgxv5.New(q.pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return c, nil
}

// Run works jobs until ctx ends, then stops taking new ones and waits for
// those under way. While this process leads, it also sweeps the store for
// due work every Sweep. Every minute it logs what its jobs did.
func (q *Queue) Run(ctx context.Context) error {
	c, err := q.client(true)
	if err != nil {
		return err
	}
	// River stops softly when told to, not when ctx ends: jobs under way
	// finish with a context of their own.
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("job queue: start: %w", err)
	}
	q.opt.Log.Info("job queue: working", "id", q.opt.ID, "workers", q.opt.Workers)
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	var last source.PollSummary
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
		}
		sum := q.Summary()
		if d := diff(sum, last); d.Feeds+d.Pages > 0 {
			q.opt.Log.Info("poll", "feeds", d.Feeds, "not_modified", d.NotModified, "feed_errors", d.FeedErrors,
				"stored", d.Stored, "pages", d.Pages)
		}
		last = sum
	}
	if err := c.Stop(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("job queue: stop: %w", err)
	}
	return nil
}

// Once queues a job for every feed and page due now and works jobs, with
// whatever other processes work the same queue, until none is left that
// is due: then it returns what this process's jobs did. A job that River
// will retry later (its store work failed) is left to the processes that
// keep running. When ctx ends it stops taking jobs and waits for those
// under way.
func (q *Queue) Once(ctx context.Context) (source.PollSummary, error) {
	c, err := q.client(false)
	if err != nil {
		return source.PollSummary{}, err
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return source.PollSummary{}, fmt.Errorf("job queue: start: %w", err)
	}
	now := q.opt.Now()
	werr := q.drain(ctx, c, now)
	if err := c.Stop(context.WithoutCancel(ctx)); err != nil && werr == nil {
		werr = fmt.Errorf("job queue: stop: %w", err)
	}
	return q.Summary(), werr
}

// drain sweeps for work due at start, and for the pages queued since, and
// waits until a sweep queues nothing and no job is waiting or running.
// (A page job that reads its page's rows just before another feed's job
// adds one leaves that row without a job: the sweep finds it.)
func (q *Queue) drain(ctx context.Context, c *river.Client[pgx.Tx], start time.Time) error {
	wait := 20 * time.Millisecond
	failures := 0
	for {
		queued, err := q.sweep(ctx, c, start, q.opt.Now())
		if err != nil {
			// The jobs under way go on; the sweep is tried again, a few
			// times, before the run gives up.
			if failures++; failures == 5 {
				return err
			}
			q.opt.Log.Warn("sweep", "err", err)
			queued = 1
		} else {
			failures = 0
		}
		busy, err := q.Busy(ctx)
		if err != nil {
			return err
		}
		if queued == 0 && busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 500*time.Millisecond)
	}
}

// Busy counts the feed and page jobs waiting or running, in every
// process, and those River will retry within a minute.
func (q *Queue) Busy(ctx context.Context) (int, error) {
	var n int
	err := q.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = ANY($1) AND
		(state IN ('available', 'running', 'pending') OR (state IN ('retryable', 'scheduled') AND scheduled_at < now() + interval '1 minute'))`,
		[]string{KindFeed, KindPage}).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("job queue: busy jobs: %w", err)
	}
	return n, nil
}

// Summary is what this process's jobs have done so far.
func (q *Queue) Summary() source.PollSummary {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.sum
}

func (q *Queue) count(fn func(*source.PollSummary)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	fn(&q.sum)
}

// sweep queues a job for every feed and every page due at due (or, for a
// page not yet tried, at fresh) that has none, and returns how many it
// queued.
func (q *Queue) sweep(ctx context.Context, c *river.Client[pgx.Tx], due, fresh time.Time) (int, error) {
	feeds, pages, err := q.st.UnqueuedWork(ctx, due, fresh, KindFeed, KindPage, sweepLimit)
	if err != nil {
		return 0, fmt.Errorf("sweep: %w", err)
	}
	params := make([]river.InsertManyParams, 0, len(feeds)+len(pages))
	for _, id := range feeds {
		params = append(params, river.InsertManyParams{Args: feedArgs{FeedID: id}})
	}
	for _, u := range pages {
		params = append(params, river.InsertManyParams{Args: pageArgs{URL: u}})
	}
	return insert(ctx, c, params)
}

// insert queues jobs, skipping those already queued, and returns how many
// are new. Jobs go in sorted (feeds by id, then pages by URL), so that two
// processes queueing some of the same jobs at once take their locks in
// one order; a deadlock or serialization failure anyway is retried.
func insert(ctx context.Context, c *river.Client[pgx.Tx], params []river.InsertManyParams) (int, error) {
	slices.SortFunc(params, func(a, b river.InsertManyParams) int {
		fa, aFeed := a.Args.(feedArgs)
		fb, bFeed := b.Args.(feedArgs)
		switch {
		case aFeed && bFeed:
			return cmp.Compare(fa.FeedID, fb.FeedID)
		case aFeed != bFeed:
			if aFeed {
				return -1
			}
			return 1
		}
		pa, _ := a.Args.(pageArgs)
		pb, _ := b.Args.(pageArgs)
		return strings.Compare(pa.URL, pb.URL)
	})
	n := 0
	for len(params) > 0 {
		chunk := params[:min(len(params), insertChunk)]
		var res []*rivertype.JobInsertResult
		var err error
		for try := 0; ; try++ {
			res, err = c.InsertMany(ctx, chunk)
			if err == nil || try == 4 || !retryable(err) {
				break
			}
			time.Sleep(time.Duration(10<<try) * time.Millisecond)
		}
		if err != nil {
			return n, fmt.Errorf("queue %d jobs: %w", len(chunk), err)
		}
		params = params[len(chunk):]
		for _, r := range res {
			if !r.UniqueSkippedAsDuplicate {
				n++
			}
		}
	}
	return n, nil
}

// retryable reports a deadlock or serialization failure: the statement
// may succeed when run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

func diff(a, b source.PollSummary) source.PollSummary {
	return source.PollSummary{Feeds: a.Feeds - b.Feeds, NotModified: a.NotModified - b.NotModified,
		FeedErrors: a.FeedErrors - b.FeedErrors, Stored: a.Stored - b.Stored, Pages: a.Pages - b.Pages}
}

// quiet passes River's own warnings and errors on, not its chatter.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(minLevel{l.Handler(), slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.min}
}
func (h minLevel) WithGroup(n string) slog.Handler { return minLevel{h.Handler.WithGroup(n), h.min} }
