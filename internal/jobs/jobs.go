// Package jobs runs the poller's work — fetching the feeds that are due,
// the pages of their summary-only items, and extracting the articles — and
// chooses how: on SQLite, in this process (the poller's own worker pool,
// writing in batches to the one writer SQLite allows); on PostgreSQL, as
// jobs in River's queue in that database (package riverq), shared with
// every other sitrep process pointed at it. Both run the same job bodies
// (source.Poller); sitrep poll and sitrep serve drive either through
// Dispatcher.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/sitrep/sitrep/internal/jobs/riverq"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
)

// Dispatcher runs the poller's jobs.
type Dispatcher interface {
	// Once does the work due now and returns when it is done, with what
	// this process did. When ctx ends, no new job starts and those under
	// way finish.
	Once(ctx context.Context) (source.PollSummary, error)
	// Run keeps doing the work that falls due until ctx ends, then
	// finishes the jobs under way and returns.
	Run(ctx context.Context) error
	// Shared reports whether other processes share the work (River).
	Shared() bool
	Close() error
}

// Options configure New.
type Options struct {
	Workers int // jobs at once in this process; 0 = 16
	// InProcess keeps the work in this process even on PostgreSQL, as on
	// SQLite: faster for one machine alone, but two such processes would
	// fetch the same feeds.
	InProcess bool
	// For the shared queue (see riverq.Options); zero means the default.
	Sweep       time.Duration
	JobTimeout  time.Duration
	RescueAfter time.Duration
	ID          string
	Log         *slog.Logger
	Now         func() time.Time
}

// New returns the dispatcher for st: River's shared queue on PostgreSQL
// (installing its tables when they are missing), the in-process one
// otherwise.
func New(ctx context.Context, st store.Store, p *source.Poller, opt Options) (Dispatcher, error) {
	if pg, ok := st.(*postgres.Store); ok && !opt.InProcess {
		q, err := riverq.New(ctx, pg, p, riverq.Options{Workers: opt.Workers, Sweep: opt.Sweep, JobTimeout: opt.JobTimeout,
			RescueAfter: opt.RescueAfter, ID: opt.ID, Log: opt.Log, Now: opt.Now})
		if err != nil {
			return nil, err
		}
		return shared{q}, nil
	}
	return InProcess{Poller: p}, nil
}

// InProcess runs the jobs on the poller's own worker pool: the feeds due,
// then the pages due, their results written in batches.
type InProcess struct {
	Poller *source.Poller
}

// Once polls what is due once.
func (d InProcess) Once(ctx context.Context) (source.PollSummary, error) {
	return d.Poller.PollOnce(ctx)
}

// Run polls until ctx ends.
func (d InProcess) Run(ctx context.Context) error { return d.Poller.Run(ctx) }

// Shared is false: no other process takes part.
func (InProcess) Shared() bool { return false }

// Close has nothing to release.
func (InProcess) Close() error { return nil }

type shared struct{ *riverq.Queue }

func (shared) Shared() bool { return true }
