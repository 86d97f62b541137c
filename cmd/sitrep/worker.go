package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/jobs"
	"github.com/sitrep/sitrep/internal/jobs/riverq"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

// queueFlags say how a poller shares the work with other processes on
// PostgreSQL (River's job queue). poll takes them; serve runs with the
// defaults (jobs.New with jobs.Options{}), which add(serveCmd) would expose.
type queueFlags struct {
	inProcess   bool
	sweep       time.Duration
	jobTimeout  time.Duration
	rescueAfter time.Duration
}

func (qf *queueFlags) add(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&qf.inProcess, "in-process", false, "on PostgreSQL, poll alone in this process instead of sharing the job queue with other sitrep processes")
	cmd.Flags().DurationVar(&qf.sweep, "sweep", riverq.DefaultSweep, "on PostgreSQL, how often the leading process looks for due feeds and pages")
	cmd.Flags().DurationVar(&qf.jobTimeout, "job-timeout", riverq.DefaultJobTimeout, "on PostgreSQL, cancel a feed or page job running longer (at most --rescue-after)")
	cmd.Flags().DurationVar(&qf.rescueAfter, "rescue-after", riverq.DefaultRescueAfter, "on PostgreSQL, give a job that has run this long (its process died) to another process")
}

// check refuses durations that make no sense.
func (qf *queueFlags) check() error {
	if qf.sweep <= 0 || qf.jobTimeout <= 0 || qf.rescueAfter <= 0 {
		return usagef("--sweep, --job-timeout and --rescue-after must be positive")
	}
	return nil
}

// dispatcher chooses how p's jobs run on st: River's queue shared with
// every sitrep process on the same PostgreSQL database, or this process
// alone (SQLite, or --in-process).
func (qf *queueFlags) dispatcher(ctx context.Context, st store.Store, p *source.Poller, workers int, log *slog.Logger) (jobs.Dispatcher, error) {
	return jobs.New(ctx, st, p, jobs.Options{Workers: workers, InProcess: qf.inProcess, Sweep: qf.sweep,
		JobTimeout: qf.jobTimeout, RescueAfter: qf.rescueAfter, Log: log})
}
