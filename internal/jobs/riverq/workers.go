package riverq

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

// feedWorker polls one feed, then queues a page job for each page the
// poll queued. Those jobs go in after the poll's transaction: a process
// dying between the two leaves the pages in the store's queue, where the
// next sweep finds them, so nothing is lost; and a page job is unique
// while queued, so nothing is fetched twice.
type feedWorker struct {
	river.WorkerDefaults[feedArgs]
	q *Queue
}

func (w *feedWorker) Timeout(*river.Job[feedArgs]) time.Duration { return w.q.opt.JobTimeout }

func (w *feedWorker) Work(ctx context.Context, job *river.Job[feedArgs]) error {
	fj, err := w.q.p.RunFeedJob(ctx, job.Args.FeedID)
	if err != nil {
		return err // River tries again later; the feed stays due meanwhile
	}
	if !fj.Ran {
		return nil
	}
	w.q.count(func(s *source.PollSummary) { s.AddFeed(fj.Result) })
	if len(fj.Pages) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, 0, len(fj.Pages))
	for _, u := range fj.Pages {
		params = append(params, river.InsertManyParams{Args: pageArgs{URL: u}})
	}
	if _, err := insert(ctx, river.ClientFromContext[pgx.Tx](ctx), params); err != nil {
		// Not a reason to poll the feed again: the sweep queues them.
		w.q.opt.Log.Warn("queue pages", "feed", fj.Result.Feed.URL, "pages", len(params), "err", err)
	}
	return nil
}

// pageWorker fetches one page for every feed whose item links it. Rows
// that other feeds' jobs add while it works would find their page job
// still running and so queue none: it looks again when it is done, and
// records where the page was seen for them too (without fetching it
// again), a few rounds at most; the sweep catches any later one.
type pageWorker struct {
	river.WorkerDefaults[pageArgs]
	q *Queue
}

func (w *pageWorker) Timeout(*river.Job[pageArgs]) time.Duration { return w.q.opt.JobTimeout }

func (w *pageWorker) Work(ctx context.Context, job *river.Job[pageArgs]) error {
	handled := map[int64]bool{}
	for round := 0; round < 3; round++ {
		all, err := w.q.st.QueuedPages(ctx, job.Args.URL)
		if err != nil {
			return err
		}
		var rows []store.PendingPage
		for _, r := range all {
			if !handled[r.FeedID] {
				handled[r.FeedID] = true
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			return nil
		}
		res, ran, err := w.q.p.RunPageJob(ctx, rows)
		if err != nil {
			return err
		}
		if !ran {
			return nil
		}
		if round == 0 {
			w.q.count(func(s *source.PollSummary) { s.AddPage(res) })
		}
	}
	return nil
}

// sweepWorker queues jobs for the feeds and pages due now.
type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	q *Queue
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	now := w.q.opt.Now()
	n, err := w.q.sweep(ctx, river.ClientFromContext[pgx.Tx](ctx), now, now)
	if err != nil {
		return err
	}
	if n > 0 {
		w.q.opt.Log.Debug("sweep", "queued", n)
	}
	return nil
}
