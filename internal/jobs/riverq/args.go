package riverq

import (
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job kinds, as they appear in river_job.kind, and the queue they run on.
const (
	QueueName = "sitrep"
	KindFeed  = "sitrep_feed"
	KindPage  = "sitrep_page"
	KindSweep = "sitrep_sweep"
)

// maxAttempts bounds River's own retries of a job whose store work
// failed (River waits attempt⁴ seconds between them: about five hours in
// all). A job that gives up is discarded, and the next sweep queues the
// feed or page again while it is still due.
const maxAttempts = 10

// whileQueued makes a job unique by its arguments among the jobs waiting
// or running, but not the finished ones: a feed gets a new job once its
// last one is done, never two at once.
func whileQueued() river.UniqueOpts {
	return river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		},
	}
}

// feedArgs names the feed to poll.
type feedArgs struct {
	FeedID int64 `json:"feed_id"`
}

func (feedArgs) Kind() string { return KindFeed }

func (feedArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: maxAttempts, Priority: 2, UniqueOpts: whileQueued()}
}

// pageArgs names the page to fetch by its canonical URL; the rows waiting
// for it (one a feed) are read when the job runs, so the job always works
// on the queue as it stands.
type pageArgs struct {
	URL string `json:"url"`
}

func (pageArgs) Kind() string { return KindPage }

func (pageArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: maxAttempts, Priority: 2, UniqueOpts: whileQueued()}
}

// sweepArgs is the leader's periodic look for due feeds and pages. One
// sweep at a time, ahead of the feeds and pages (priority 1 before 2) so
// a backlog of pages does not hold up the feeds falling due; a failed
// sweep is not retried, the next comes soon.
type sweepArgs struct{}

func (sweepArgs) Kind() string { return KindSweep }

func (sweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 1, Priority: 1, UniqueOpts: river.UniqueOpts{
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled},
	}}
}
