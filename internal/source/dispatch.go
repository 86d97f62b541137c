package source

import (
	"context"
	"errors"
	"fmt"

	"github.com/sitrep/sitrep/internal/store"
)

// The job bodies below are what a job queue shared by several processes
// runs: one feed, or one page, at a time, named by what the queue keeps
// (a feed id, a page's rows). They run the same steps as PollOnce —
// fetch, extract, then the store's transactions — and, like it, are safe
// to repeat: a job run twice, or cut short and run again by another
// process, stores each item once. Their error is for the store failing
// (the job should be tried again); what went wrong with a feed or a page
// is recorded on it and reported in the result.

// FeedJob is what one feed job did.
type FeedJob struct {
	Result FeedResult
	// Ran is false when there was nothing to do: the feed was removed, or
	// it is no longer due because another job polled it meanwhile.
	Ran bool
	// Pages are the canonical URLs of the pages this poll queued, each
	// to be fetched by a page job.
	Pages []string
}

// RunFeedJob polls feed id if it is still due, and reports the result to
// OnFeed. It reloads the feed first, so a job queued twice, or run after
// another process polled the feed, fetches nothing.
func (p *Poller) RunFeedJob(ctx context.Context, id int64) (FeedJob, error) {
	f, err := p.fs.Feed(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return FeedJob{}, nil
	}
	if err != nil {
		return FeedJob{}, fmt.Errorf("feed %d: %w", id, err)
	}
	if f.NextFetch.After(p.opt.Now()) {
		return FeedJob{Result: FeedResult{Feed: f}}, nil
	}
	var res FeedResult
	if err := p.pollFeeds(ctx, ctx, []store.Feed{f}, func(r FeedResult) { res = r }); err != nil {
		return FeedJob{}, err
	}
	if errors.Is(res.saveErr, store.ErrNotFound) {
		return FeedJob{}, nil // removed while it was being fetched
	}
	if res.saveErr != nil {
		return FeedJob{}, fmt.Errorf("feed %d %s: %w", f.ID, f.URL, res.saveErr)
	}
	if p.opt.OnFeed != nil {
		p.report(func() { p.opt.OnFeed(res) })
	}
	return FeedJob{Result: res, Ran: true, Pages: res.pages}, nil
}

// RunPageJob fetches one page for the queued rows that link it (one a
// feed; all with the same URL), stores its article with what the
// extractors find, takes the rows off the queue, and reports the result
// to OnPage. Rows not yet due are left for later; ran is false when none
// is due. A page stored meanwhile (by another feed's item, or by this
// job before its process died) is not fetched or extracted again: only
// where it was seen is recorded.
func (p *Poller) RunPageJob(ctx context.Context, rows []store.PendingPage) (res PageResult, ran bool, err error) {
	now := p.opt.Now()
	due := rows[:0:0]
	for _, r := range rows {
		if !r.NextTry.After(now) {
			due = append(due, r)
		}
	}
	if len(due) == 0 {
		return PageResult{}, false, nil
	}
	for _, r := range due[1:] {
		if r.URL != due[0].URL {
			return PageResult{}, false, fmt.Errorf("page job: rows of %s and %s", due[0].URL, r.URL)
		}
	}
	if err := p.fetchPages(ctx, ctx, due, func(r PageResult) { res = r }); err != nil {
		return res, false, err
	}
	if p.opt.OnPage != nil {
		p.report(func() { p.opt.OnPage(res) })
	}
	return res, true, nil
}
