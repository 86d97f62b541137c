package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Polling limits.
const (
	DefaultInterval = 15 * time.Minute
	MinInterval     = time.Minute
	// MaxWait bounds any wait the poller chooses or a server asks for
	// (backoff, Retry-After, Cache-Control), so no feed falls silent for
	// longer than a day.
	MaxWait = 24 * time.Hour
	// PageAttempts is how often a page is tried before the item is kept
	// with the feed's own text.
	PageAttempts = 5
)

const (
	feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// PollOptions configure a Poller.
type PollOptions struct {
	Fetcher *Fetcher  // required
	Extract Extractor // nil stores articles without records
	Now     func() time.Time
	Log     *slog.Logger
	Workers int // feeds and pages handled at once; 0 = 16
	// OnFeed and OnPage report each finished job, from several goroutines
	// (never at once).
	OnFeed func(FeedResult)
	OnPage func(PageResult)
}

// Poller fetches the feeds that are due, stores their items, and fetches
// the pages of items that came with a summary only. Every step is safe to
// repeat: a poll cut short anywhere (kill -9 included) and run again
// stores each item once and loses none.
type Poller struct {
	st  store.Store
	fs  store.FeedStore
	opt PollOptions
	mu  sync.Mutex // serialises OnFeed/OnPage
}

// NewPoller builds a poller over a store that keeps feeds.
func NewPoller(st store.Store, opt PollOptions) (*Poller, error) {
	fs, ok := st.(store.FeedStore)
	if !ok {
		return nil, fmt.Errorf("the %s store does not keep feeds", st.Kind())
	}
	if opt.Fetcher == nil {
		return nil, errors.New("poller: no fetcher")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Workers <= 0 {
		opt.Workers = 16
	}
	return &Poller{st: st, fs: fs, opt: opt}, nil
}

// FeedResult is what one poll of one feed did.
type FeedResult struct {
	Feed        store.Feed // its state after the poll
	NotModified bool
	Items       int      // items in the document
	Stored      int      // new articles
	StoredIDs   []string // their ids, for what follows storing (links, stories)
	Duplicates  int      // items whose text or URL was already stored under another item
	Known       int      // items already stored from an earlier poll or another feed
	Queued      int      // items waiting for their page
	Failed      int      // items that could not be kept
	Repaired    string
	Err         error // the poll failed; the feed backs off

	saveErr error    // the outcome could not be recorded: the feed stays due
	pages   []string // URLs of the pages queued, for a job queue to wake
}

// PageResult is what became of one queued page.
type PageResult struct {
	URL       string
	Feeds     int    // feeds that linked it
	Stored    bool   // a new article
	ID        string // the new article's id when Stored
	Duplicate bool   // already stored
	Fallback  bool   // kept with the feed's own text after the page could not be used
	Retry     bool   // failed for now; tried again later
	Err       error
}

// PollSummary counts a poll run.
type PollSummary struct {
	Feeds         int `json:"feeds"`
	NotModified   int `json:"not_modified"`
	FeedErrors    int `json:"feed_errors"`
	Items         int `json:"items"`
	Stored        int `json:"stored"`
	Duplicates    int `json:"duplicates"`
	Known         int `json:"known"`
	Failed        int `json:"failed"` // items that could not be kept (logged)
	Queued        int `json:"pages_queued"`
	Pages         int `json:"pages"`
	PageFallbacks int `json:"page_fallbacks"`
	PageErrors    int `json:"page_errors"`
}

// AddFeed counts one feed's poll.
func (s *PollSummary) AddFeed(r FeedResult) {
	s.Feeds++
	s.Items += r.Items
	s.Stored += r.Stored
	s.Duplicates += r.Duplicates
	s.Known += r.Known
	s.Failed += r.Failed
	s.Queued += r.Queued
	if r.NotModified {
		s.NotModified++
	}
	if r.Err != nil {
		s.FeedErrors++
	}
}

// AddPage counts one page fetch.
func (s *PollSummary) AddPage(r PageResult) {
	s.Pages++
	switch {
	case r.Retry:
		s.PageErrors++
	case r.Fallback:
		s.PageFallbacks++
	}
	switch {
	case r.Stored:
		s.Stored++
	case r.Duplicate && r.Err == nil:
		s.Duplicates++
	case r.Err != nil && !r.Retry:
		s.Failed++
	}
}

// PollOnce polls every feed that is due, then fetches every queued page
// that is due. When ctx ends no new job starts; jobs under way finish
// (each is bounded by the fetcher's timeouts), so stopping never leaves
// work half done. The error is for the store failing, not for feeds.
func (p *Poller) PollOnce(ctx context.Context) (PollSummary, error) {
	var sum PollSummary
	work := context.WithoutCancel(ctx)

	due, err := p.fs.DueFeeds(ctx, p.opt.Now(), 1<<30)
	if err != nil {
		return sum, fmt.Errorf("due feeds: %w", err)
	}
	err = p.pollFeeds(ctx, work, due, func(r FeedResult) {
		sum.AddFeed(r)
		if p.opt.OnFeed != nil {
			p.report(func() { p.opt.OnFeed(r) })
		}
	})
	if err != nil {
		return sum, err
	}

	// Pages: a batch at a time, each page once per run even when a failure
	// leaves it due.
	seen := map[store.PageRef]bool{}
	const batch = 256
	for ctx.Err() == nil {
		pending, err := p.fs.PendingPages(ctx, p.opt.Now(), batch+len(seen))
		if err != nil {
			return sum, fmt.Errorf("pending pages: %w", err)
		}
		var fresh []store.PendingPage
		for _, pg := range pending {
			if ref := (store.PageRef{URL: pg.URL, FeedID: pg.FeedID}); !seen[ref] {
				seen[ref] = true
				fresh = append(fresh, pg)
			}
		}
		if len(fresh) == 0 {
			break
		}
		err = p.fetchPages(ctx, work, fresh, func(r PageResult) {
			sum.AddPage(r)
			if p.opt.OnPage != nil {
				p.report(func() { p.opt.OnPage(r) })
			}
		})
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// Run polls until ctx ends, sleeping until the next feed or page is due
// (at most a minute, so feeds added meanwhile are noticed). Jobs under way
// when ctx ends are finished first.
func (p *Poller) Run(ctx context.Context) error {
	for {
		sum, err := p.PollOnce(ctx)
		if err != nil && ctx.Err() == nil {
			p.opt.Log.Error("poll", "err", err)
		} else if sum.Feeds+sum.Pages > 0 {
			p.opt.Log.Info("poll", "feeds", sum.Feeds, "not_modified", sum.NotModified, "feed_errors", sum.FeedErrors,
				"stored", sum.Stored, "pages", sum.Pages)
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := time.Minute
		if next, ok, err := p.fs.NextDue(ctx); err == nil && ok {
			wait = min(max(next.Sub(p.opt.Now()), time.Second), time.Minute)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// each runs fn(0..n-1) on the worker pool, starting nothing once ctx ends
// and waiting for what has started.
func (p *Poller) each(ctx context.Context, n int, fn func(i int)) {
	sem := make(chan struct{}, p.opt.Workers)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}

func (p *Poller) report(fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fn()
}

// feedJob carries one feed's poll from fetching to storing.
type feedJob struct {
	f       store.Feed
	now     time.Time
	resp    *Response
	pf      *ParsedFeed
	err     error
	res     FeedResult
	srcs    []store.ArticleSource // items already stored
	pages   []store.PendingPage
	puts    []store.Put
	putKeys []string
}

// PollFeed fetches one feed, stores its complete items, queues the pages
// of the others and records the outcome: the feed-fetch job.
func (p *Poller) PollFeed(ctx context.Context, f store.Feed) FeedResult {
	res := FeedResult{Feed: f}
	if err := p.pollFeeds(ctx, ctx, []store.Feed{f}, func(r FeedResult) { res = r }); err != nil {
		res.Err = err
	}
	return res
}

// pollFeeds fetches and parses feeds on the worker pool while one writer
// stores them in small batches, calling done with each feed's result from
// that one goroutine. The order makes a poll safe to cut short anywhere:
// the items' articles are stored first; then, one transaction a feed, its
// new validators and next fetch time, where each item was seen, and its
// queued pages. An interrupted poll is simply repeated — the store skips
// what it already holds, and nothing is marked seen before it is kept.
func (p *Poller) pollFeeds(stop, work context.Context, feeds []store.Feed, done func(FeedResult)) error {
	var werr error
	out, written := batchWriter(p.opt.Workers, feedBatch, func(jobs []*feedJob) {
		for _, r := range p.writeFeeds(work, jobs) {
			done(r)
		}
	})
	p.each(stop, len(feeds), func(i int) { out <- p.prepareFeed(work, feeds[i]) })
	close(out)
	<-written
	return werr
}

// Feed results are written feedBatch feeds at a time, or after
// flushEvery when they come slowly.
const (
	feedBatch  = 16
	flushEvery = 250 * time.Millisecond
)

// batchWriter starts a goroutine that calls write with what is sent on
// the returned channel, n at a time or whatever has waited flushEvery;
// written closes when the channel is closed and all is written.
func batchWriter[T any](buffer, n int, write func([]T)) (chan<- T, <-chan struct{}) {
	in := make(chan T, buffer)
	written := make(chan struct{})
	go func() {
		defer close(written)
		var buf []T
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		flush := func() {
			timer.Stop()
			if len(buf) > 0 {
				write(buf)
				buf = nil
			}
		}
		for {
			select {
			case v, ok := <-in:
				if !ok {
					flush()
					return
				}
				if len(buf) == 0 {
					timer.Reset(flushEvery)
				}
				buf = append(buf, v)
				if len(buf) >= n {
					flush()
				}
			case <-timer.C:
				flush()
			}
		}
	}()
	return in, written
}

// prepareFeed fetches and parses one feed and sorts its items: already
// stored (a source to record), complete (an article to store), or a
// summary (a page to fetch).
func (p *Poller) prepareFeed(ctx context.Context, f store.Feed) *feedJob {
	j := &feedJob{f: f, now: p.opt.Now()}
	j.resp, j.err = p.opt.Fetcher.Fetch(ctx, Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedAccept})
	if j.err != nil {
		return j
	}
	if j.resp.NotModified {
		j.res.NotModified = true
		return j
	}
	if j.pf, j.err = ParseFeed(j.resp.Body, j.resp.Charset, j.resp.URL); j.err != nil {
		return j
	}
	j.resp.Body = nil
	j.res.Repaired = j.pf.Repaired
	j.err = p.sortItems(ctx, j)
	return j
}

// sortItems turns the feed's items into articles and decides each one's
// fate.
func (p *Poller) sortItems(ctx context.Context, j *feedJob) error {
	f, pf, now := j.f, j.pf, j.now
	j.res.Items = len(pf.Items)
	// A link shared by several items (some feeds point every item at the
	// home page) says nothing about which item is which: such items are
	// told apart by their text and their page is not fetched.
	links := map[string]int{}
	for _, it := range pf.Items {
		if c := article.CanonicalURL(it.Link); c != "" {
			links[c]++
		}
	}
	type draft struct {
		a    *article.Article
		key  string
		full bool
	}
	drafts := make([]draft, 0, len(pf.Items))
	var keys []string
	for _, it := range pf.Items {
		a, full := itemArticle(f, pf, it, now)
		if a.Text == "" && a.Title == "" && a.CanonicalURL == "" {
			j.res.Failed++
			continue
		}
		key := a.CanonicalURL
		if links[key] > 1 {
			key, a.CanonicalURL = "", ""
		}
		if key != "" {
			keys = append(keys, key)
		}
		drafts = append(drafts, draft{a, key, full})
	}
	known, err := p.fs.KnownURLs(ctx, keys)
	if err != nil {
		return err
	}
	queued := map[string]bool{}
	for _, d := range drafts {
		switch {
		case d.key != "" && known[d.key] != "":
			j.srcs = append(j.srcs, store.ArticleSource{ArticleID: known[d.key], URL: d.key, FeedURL: f.URL, FeedID: f.ID, SeenAt: now})
			j.res.Known++
		case !d.full && d.key != "":
			if !queued[d.key] {
				queued[d.key] = true
				j.pages = append(j.pages, store.PendingPage{URL: d.key, Link: d.a.URL, Draft: *d.a, NextTry: now, Added: now})
			}
		case d.a.Text == "" && d.a.Title == "":
			j.res.Failed++
		default:
			// An extractor failing on one text must not lose the item:
			// it is kept without records (sitrep recode can try again).
			recs, err := p.extract(d.a)
			if err != nil {
				p.opt.Log.Warn("extract", "feed", f.URL, "item", d.a.URL, "err", err)
				recs = nil
			}
			j.puts = append(j.puts, store.Put{Article: d.a, Records: recs})
			j.putKeys = append(j.putKeys, d.key)
		}
	}
	return nil
}

// writeFeeds stores the complete items of a batch of feeds in one
// transaction, then each feed's outcome in its own.
func (p *Poller) writeFeeds(ctx context.Context, jobs []*feedJob) []FeedResult {
	var puts []store.Put
	for _, j := range jobs {
		if j.err == nil {
			puts = append(puts, j.puts...)
		}
	}
	if len(puts) > 0 {
		results, err := p.st.PutArticles(ctx, puts)
		k := 0
		for _, j := range jobs {
			if j.err != nil {
				continue
			}
			if err != nil {
				j.err = fmt.Errorf("store items: %w", err)
				continue
			}
			f, now := j.f, j.now
			for i, r := range results[k : k+len(j.puts)] {
				switch {
				case r.Err != nil:
					j.res.Failed++
					p.opt.Log.Warn("store item", "feed", f.URL, "item", j.puts[i].Article.URL, "err", r.Err)
					continue
				case r.Stored:
					j.res.Stored++
					j.res.StoredIDs = append(j.res.StoredIDs, r.ID)
				default:
					j.res.Duplicates++
				}
				j.srcs = append(j.srcs, store.ArticleSource{ArticleID: r.ID, URL: j.putKeys[i], FeedURL: f.URL, FeedID: f.ID, SeenAt: now})
			}
			k += len(j.puts)
		}
	}
	out := make([]FeedResult, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, p.saveFeed(ctx, j))
	}
	return out
}

// saveFeed schedules the feed's next fetch from the outcome and saves it
// with the items' sources and pages.
func (p *Poller) saveFeed(ctx context.Context, j *feedJob) FeedResult {
	f, now, res := j.f, j.now, j.res
	f.LastFetch = &now
	var srcs []store.ArticleSource
	var pages []store.PendingPage
	if j.err != nil {
		f.ErrorCount++
		f.LastError = j.err.Error()
		var he *HTTPError
		var retry time.Duration
		if errors.As(j.err, &he) {
			retry = he.RetryAfter
		}
		f.NextFetch = now.Add(Backoff(f.Interval, f.ErrorCount, retry))
	} else {
		srcs, pages = j.srcs, j.pages
		f.ErrorCount, f.LastError = 0, ""
		if !j.resp.NotModified {
			f.ETag, f.LastModified = j.resp.ETag, j.resp.LastModified
		}
		if f.Title == "" && j.pf != nil {
			f.Title = oneLine(j.pf.Title)
		}
		f.NextFetch = now.Add(max(interval(f.Interval), min(j.resp.MaxAge, MaxWait)))
	}
	res.Err = j.err
	if err := p.fs.SaveFeedPoll(ctx, f, srcs, pages); err != nil {
		res.saveErr = fmt.Errorf("save poll: %w", err)
		res.Err = errors.Join(j.err, res.saveErr)
	} else {
		res.Queued = len(pages)
		for _, pg := range pages {
			res.pages = append(res.pages, pg.URL)
		}
	}
	res.Feed = f
	return res
}

func interval(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultInterval
	}
	return max(d, MinInterval)
}

// Backoff is how long a feed waits after its errors-th failure in a row:
// its interval, doubled for each further failure, at most MaxWait; never
// less than the server's Retry-After (itself capped at MaxWait).
func Backoff(iv time.Duration, errors int, retryAfter time.Duration) time.Duration {
	d := interval(iv)
	for i := 1; i < errors && d < MaxWait; i++ {
		d *= 2
	}
	d = min(d, MaxWait)
	return max(d, min(retryAfter, MaxWait))
}

func (p *Poller) extract(a *article.Article) (*record.Records, error) {
	if p.opt.Extract == nil {
		return nil, nil
	}
	return extractSafely(p.opt.Extract, a)
}
