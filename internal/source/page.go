package source

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// pageJob is one page URL with every queue row (one a feed) that links it,
// carried from fetching to storing.
type pageJob struct {
	rows    []store.PendingPage
	knownID string // already stored: only sources to record
	a       *article.Article
	recs    *record.Records
	res     PageResult
}

// FetchPage fetches one page that one or more feeds' items link to (the
// rows share one URL), stores its article and takes the rows off the
// queue: the page-fetch job.
func (p *Poller) FetchPage(ctx context.Context, rows []store.PendingPage) PageResult {
	res := PageResult{URL: rows[0].URL, Feeds: len(rows)}
	if err := p.fetchPages(ctx, ctx, rows, func(r PageResult) { res = r }); err != nil {
		res.Err = err
	}
	return res
}

// fetchPages handles queued rows a page at a time on the worker pool
// (fetch, extract) while one writer stores the results in small batches:
// the articles together, then their sources and the rows' removal from the
// queue in one transaction; done gets each page's result, from that one
// goroutine. stop ends the fetching early; work bounds the jobs under way.
// A page fetched but not yet written when the process dies stays queued
// and is done again.
func (p *Poller) fetchPages(stop, work context.Context, rows []store.PendingPage, done func(PageResult)) error {
	var jobs []*pageJob
	byURL := map[string]*pageJob{}
	var urls []string
	for _, r := range rows {
		if j := byURL[r.URL]; j != nil {
			j.rows = append(j.rows, r)
			continue
		}
		j := &pageJob{rows: []store.PendingPage{r}}
		byURL[r.URL] = j
		jobs = append(jobs, j)
		urls = append(urls, r.URL)
	}
	// Stored already (by another feed, or just before a crash): only the
	// sources are left to record.
	known, err := p.fs.KnownURLs(work, urls)
	if err != nil {
		return err
	}
	var werr error
	out, written := batchWriter(p.opt.Workers, pageBatch, func(batch []*pageJob) {
		r, err := p.writePages(work, batch)
		for _, res := range r {
			done(res)
		}
		if err != nil && werr == nil {
			werr = err
		}
	})
	var todo []*pageJob
	for _, j := range jobs {
		if id := known[j.rows[0].URL]; id != "" {
			j.knownID = id
			j.res = PageResult{URL: j.rows[0].URL, Feeds: len(j.rows), Duplicate: true}
			out <- j
		} else {
			todo = append(todo, j)
		}
	}
	p.each(stop, len(todo), func(i int) {
		p.preparePage(work, todo[i])
		out <- todo[i]
	})
	close(out)
	<-written
	return werr
}

// Page results are written pageBatch at a time, or after flushEvery
// when they come slowly.
const pageBatch = 64

// preparePage fetches a page and builds its article, or decides to retry
// later, or falls back on the feed's own text.
func (p *Poller) preparePage(ctx context.Context, j *pageJob) {
	first := j.rows[0]
	j.res = PageResult{URL: first.URL, Feeds: len(j.rows)}
	draft := mergeDrafts(j.rows)
	resp, err := p.opt.Fetcher.Fetch(ctx, Request{URL: first.Link, Accept: pageAccept, Reject: rejectNonHTML})
	if err == nil {
		j.a, err = pageArticle(draft, resp)
	}
	if err != nil {
		j.res.Err = err
		if temporary(err) && first.Attempts+1 < PageAttempts {
			j.res.Retry = true
			return
		}
		// It will not get better: keep the item with the feed's text.
		d := draft
		d.Meta = maps.Clone(d.Meta)
		if d.Meta == nil {
			d.Meta = map[string]any{}
		}
		d.Meta["page_error"] = err.Error()
		j.a, j.res.Fallback = &d, true
	}
	recs, xerr := p.extract(j.a)
	if xerr != nil {
		p.opt.Log.Warn("extract", "page", first.URL, "err", xerr) // kept without records
		recs = nil
	}
	j.recs = recs
}

// writePages stores what preparePage made of a batch of pages.
func (p *Poller) writePages(ctx context.Context, jobs []*pageJob) ([]PageResult, error) {
	now := p.opt.Now()
	var puts []store.Put
	var putJobs []*pageJob
	for _, j := range jobs {
		if j.res.Retry {
			first := j.rows[0]
			var retry time.Duration
			var he *HTTPError
			if errors.As(j.res.Err, &he) {
				retry = he.RetryAfter
			}
			next := now.Add(Backoff(time.Minute, first.Attempts+1, retry))
			for _, r := range j.rows {
				if err := p.fs.RetryPage(ctx, r.URL, r.FeedID, next, j.res.Err.Error()); err != nil {
					return nil, fmt.Errorf("page %s: %w", r.URL, err)
				}
			}
			continue
		}
		if j.knownID == "" && j.a != nil {
			puts = append(puts, store.Put{Article: j.a, Records: j.recs})
			putJobs = append(putJobs, j)
		}
	}
	if len(puts) > 0 {
		results, err := p.st.PutArticles(ctx, puts)
		if err != nil {
			return nil, fmt.Errorf("store %d pages: %w", len(puts), err)
		}
		for i, r := range results {
			j := putJobs[i]
			if r.Err != nil {
				j.res.Err = fmt.Errorf("store page: %w", r.Err)
				p.opt.Log.Warn("store page", "page", j.rows[0].URL, "err", r.Err)
				continue
			}
			j.knownID, j.res.Stored, j.res.Duplicate = r.ID, r.Stored, !r.Stored
			if r.Stored {
				j.res.ID = r.ID
			}
		}
	}
	var srcs []store.ArticleSource
	var done []store.PageRef
	results := make([]PageResult, 0, len(jobs))
	for _, j := range jobs {
		results = append(results, j.res)
		if j.knownID == "" {
			continue // retried later, or failed to store: stays queued
		}
		urls := []string{j.rows[0].URL}
		if j.a != nil && j.a.CanonicalURL != "" && j.a.CanonicalURL != urls[0] {
			urls = append(urls, j.a.CanonicalURL) // where a redirect led
		}
		for _, r := range j.rows {
			for _, u := range urls {
				srcs = append(srcs, store.ArticleSource{ArticleID: j.knownID, URL: u, FeedURL: r.FeedURL, FeedID: r.FeedID, SeenAt: now})
			}
			done = append(done, store.PageRef{URL: r.URL, FeedID: r.FeedID})
		}
	}
	if len(done) > 0 {
		if err := p.fs.FinishPages(ctx, srcs, done); err != nil {
			return results, fmt.Errorf("finish %d pages: %w", len(done), err)
		}
	}
	return results, nil
}

// mergeDrafts takes the first feed's item for a page linked from several
// feeds, with the earliest date any of the feeds gives.
func mergeDrafts(rows []store.PendingPage) article.Article {
	d := rows[0].Draft
	for _, r := range rows[1:] {
		o := r.Draft
		if o.Published == nil || o.Meta["date_from"] != "feed" {
			continue
		}
		if d.Meta["date_from"] != "feed" || d.Published == nil || o.Published.Before(*d.Published) {
			d.Meta = maps.Clone(d.Meta)
			if d.Meta == nil {
				d.Meta = map[string]any{}
			}
			setPublished(&d, *o.Published, "feed")
		}
	}
	return d
}

// rejectNonHTML refuses, before the body is read, content that cannot be
// an article page.
func rejectNonHTML(ct string) error {
	switch {
	case strings.HasPrefix(ct, "image/"), strings.HasPrefix(ct, "audio/"), strings.HasPrefix(ct, "video/"),
		strings.HasPrefix(ct, "font/"), ct == "application/pdf", ct == "application/zip", ct == "application/gzip":
		return fmt.Errorf("%w: the content type is %s", article.ErrNotHTML, ct)
	}
	return nil
}

// temporary reports whether a fetch may succeed if tried later.
func temporary(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Temporary()
	}
	if errors.Is(err, ErrPrivateAddress) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrRedirectLoop) ||
		errors.Is(err, ErrTooManyRedirects) || errors.Is(err, article.ErrNotHTML) || errors.Is(err, article.ErrNoArticle) ||
		errors.Is(err, article.ErrEmptyInput) || errors.Is(err, article.ErrTooLarge) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var de *net.DNSError
	return errors.As(err, &de) && (de.IsTemporary || de.IsTimeout)
}
