package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"strings"
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
// stores each item once and loses none (see PollFeed).
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
	Items       int // items in the document
	Stored      int // new articles
	Duplicates  int // items whose text or URL was already stored under another item
	Known       int // items already stored from an earlier poll or another feed
	Queued      int // items waiting for their page
	Failed      int // items that could not be kept
	Repaired    string
	Err         error // the poll failed; the feed backs off
}

// PageResult is what became of one queued page.
type PageResult struct {
	URL       string
	Feeds     int  // feeds that linked it
	Stored    bool // a new article
	Duplicate bool // already stored
	Fallback  bool // kept with the feed's own text after the page could not be used
	Retry     bool // failed for now; tried again later
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
	Queued        int `json:"pages_queued"`
	Pages         int `json:"pages"`
	PageFallbacks int `json:"page_fallbacks"`
	PageErrors    int `json:"page_errors"`
}

// PollOnce polls every feed that is due, then fetches every queued page
// that is due. When ctx ends no new job starts; jobs under way finish
// (each is bounded by the fetcher's timeouts), so stopping never leaves
// work half done. The error is for the store failing, not for feeds.
func (p *Poller) PollOnce(ctx context.Context) (PollSummary, error) {
	var sum PollSummary
	var mu sync.Mutex
	work := context.WithoutCancel(ctx)

	due, err := p.fs.DueFeeds(ctx, p.opt.Now(), 1<<30)
	if err != nil {
		return sum, fmt.Errorf("due feeds: %w", err)
	}
	p.each(ctx, len(due), func(i int) {
		r := p.PollFeed(work, due[i])
		mu.Lock()
		sum.Feeds++
		sum.Items += r.Items
		sum.Stored += r.Stored
		sum.Duplicates += r.Duplicates
		sum.Known += r.Known
		sum.Queued += r.Queued
		if r.NotModified {
			sum.NotModified++
		}
		if r.Err != nil {
			sum.FeedErrors++
		}
		mu.Unlock()
		p.report(func() {
			if p.opt.OnFeed != nil {
				p.opt.OnFeed(r)
			}
		})
	})

	// Pages: a batch at a time, each page once per run even when a failure
	// leaves it due.
	seen := map[string]bool{}
	const batch = 256
	for ctx.Err() == nil {
		pending, err := p.fs.PendingPages(ctx, p.opt.Now(), batch+len(seen))
		if err != nil {
			return sum, fmt.Errorf("pending pages: %w", err)
		}
		byURL := map[string][]store.PendingPage{}
		var order []string
		for _, pg := range pending {
			if seen[pg.URL] {
				continue
			}
			if byURL[pg.URL] == nil {
				order = append(order, pg.URL)
			}
			byURL[pg.URL] = append(byURL[pg.URL], pg)
		}
		if len(order) == 0 {
			break
		}
		for _, u := range order {
			seen[u] = true
		}
		p.each(ctx, len(order), func(i int) {
			r := p.FetchPage(work, byURL[order[i]])
			mu.Lock()
			sum.Pages++
			switch {
			case r.Retry:
				sum.PageErrors++
			case r.Fallback:
				sum.PageFallbacks++
			}
			if r.Stored {
				sum.Stored++
			} else if r.Duplicate && r.Err == nil {
				sum.Duplicates++
			}
			mu.Unlock()
			p.report(func() {
				if p.opt.OnPage != nil {
					p.opt.OnPage(r)
				}
			})
		})
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

// PollFeed fetches one feed, stores its complete items, queues the pages
// of the others and records the outcome. The order makes it safe to cut
// short anywhere: items are stored (and their sources recorded) before
// the feed's new validators and next fetch time are saved together with
// the queued pages, so an interrupted poll is simply repeated — the store
// skips what it already holds, and nothing is marked seen before it is
// kept.
func (p *Poller) PollFeed(ctx context.Context, f store.Feed) FeedResult {
	now := p.opt.Now()
	res := FeedResult{}
	resp, err := p.opt.Fetcher.Fetch(ctx, Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedAccept})
	var pages []store.PendingPage
	var pf *ParsedFeed
	if err == nil && resp.NotModified {
		res.NotModified = true
	} else if err == nil {
		pf, err = ParseFeed(resp.Body, resp.Charset, resp.URL)
		if err == nil {
			res.Repaired = pf.Repaired
			pages, err = p.keepItems(ctx, f, pf, now, &res)
		}
	}

	f.LastFetch = &now
	if err != nil {
		f.ErrorCount++
		f.LastError = err.Error()
		var he *HTTPError
		var retry time.Duration
		if errors.As(err, &he) {
			retry = he.RetryAfter
		}
		f.NextFetch = now.Add(Backoff(f.Interval, f.ErrorCount, retry))
	} else {
		f.ErrorCount, f.LastError = 0, ""
		if !resp.NotModified {
			f.ETag, f.LastModified = resp.ETag, resp.LastModified
		}
		if f.Title == "" && pf != nil {
			f.Title = oneLine(pf.Title)
		}
		f.NextFetch = now.Add(max(interval(f.Interval), min(resp.MaxAge, MaxWait)))
	}
	res.Err = err
	if serr := p.fs.SaveFeedPoll(ctx, f, pages); serr != nil {
		res.Err = errors.Join(err, fmt.Errorf("save poll: %w", serr))
	} else {
		res.Queued = len(pages)
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

// keepItems stores the feed's complete items and records where every
// item was seen; it returns the summary-only items as pages to fetch.
func (p *Poller) keepItems(ctx context.Context, f store.Feed, pf *ParsedFeed, now time.Time, res *FeedResult) ([]store.PendingPage, error) {
	res.Items = len(pf.Items)
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
			res.Failed++
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
		return nil, err
	}
	var srcs []store.ArticleSource
	var puts []store.Put
	var putKeys []string
	var pages []store.PendingPage
	queued := map[string]bool{}
	for _, d := range drafts {
		switch {
		case d.key != "" && known[d.key] != "":
			srcs = append(srcs, store.ArticleSource{ArticleID: known[d.key], URL: d.key, FeedURL: f.URL, FeedID: f.ID, SeenAt: now})
			res.Known++
		case !d.full && d.key != "":
			if !queued[d.key] {
				queued[d.key] = true
				pages = append(pages, store.PendingPage{URL: d.key, Link: d.a.URL, Draft: *d.a, NextTry: now, Added: now})
			}
		case d.a.Text == "" && d.a.Title == "":
			res.Failed++
		default:
			recs, err := p.extract(d.a)
			if err != nil {
				res.Failed++
				p.opt.Log.Warn("extract", "feed", f.URL, "item", d.a.URL, "err", err)
				continue
			}
			puts = append(puts, store.Put{Article: d.a, Records: recs})
			putKeys = append(putKeys, d.key)
		}
	}
	if len(puts) > 0 {
		results, err := p.st.PutArticles(ctx, puts)
		if err != nil {
			return nil, fmt.Errorf("store items: %w", err)
		}
		for i, r := range results {
			switch {
			case r.Err != nil:
				res.Failed++
				p.opt.Log.Warn("store item", "feed", f.URL, "item", puts[i].Article.URL, "err", r.Err)
				continue
			case r.Stored:
				res.Stored++
			default:
				res.Duplicates++
			}
			srcs = append(srcs, store.ArticleSource{ArticleID: r.ID, URL: putKeys[i], FeedURL: f.URL, FeedID: f.ID, SeenAt: now})
		}
	}
	if err := p.fs.AddArticleSources(ctx, srcs); err != nil {
		return nil, fmt.Errorf("record sources: %w", err)
	}
	return pages, nil
}

func (p *Poller) extract(a *article.Article) (*record.Records, error) {
	if p.opt.Extract == nil {
		return nil, nil
	}
	return extractSafely(p.opt.Extract, a)
}

// FetchPage fetches the page that one or more feeds' items link to (rows
// share one URL), stores the article and takes the rows off the queue.
// A page that fails for now is tried again later with a growing wait; one
// that cannot be used (not HTML, no article text, gone, refused), or fails
// PageAttempts times, is kept with the feed's own text.
func (p *Poller) FetchPage(ctx context.Context, rows []store.PendingPage) PageResult {
	now := p.opt.Now()
	first := rows[0]
	res := PageResult{URL: first.URL, Feeds: len(rows)}
	finish := func(id string, urls ...string) PageResult {
		var srcs []store.ArticleSource
		for _, r := range rows {
			for _, u := range urls {
				srcs = append(srcs, store.ArticleSource{ArticleID: id, URL: u, FeedURL: r.FeedURL, FeedID: r.FeedID, SeenAt: now})
			}
		}
		if err := p.fs.AddArticleSources(ctx, srcs); err != nil {
			res.Err, res.Stored = fmt.Errorf("record sources: %w", err), false
			return res
		}
		for _, r := range rows {
			if err := p.fs.FinishPage(ctx, r.URL, r.FeedID); err != nil {
				res.Err = fmt.Errorf("finish page: %w", err)
			}
		}
		return res
	}

	// Stored already (by another feed, or before a crash): record sources.
	known, err := p.fs.KnownURLs(ctx, []string{first.URL})
	if err != nil {
		res.Err = err
		return res
	}
	if id := known[first.URL]; id != "" {
		res.Duplicate = true
		return finish(id, first.URL)
	}

	var a *article.Article
	draft := mergeDrafts(rows)
	resp, err := p.opt.Fetcher.Fetch(ctx, Request{URL: first.Link, Accept: pageAccept, Reject: rejectNonHTML})
	if err == nil {
		a, err = pageArticle(draft, resp)
	}
	if err != nil {
		res.Err = err
		if temporary(err) && first.Attempts+1 < PageAttempts {
			res.Retry = true
			var retry time.Duration
			var he *HTTPError
			if errors.As(err, &he) {
				retry = he.RetryAfter
			}
			next := now.Add(Backoff(time.Minute, first.Attempts+1, retry))
			for _, r := range rows {
				if rerr := p.fs.RetryPage(ctx, r.URL, r.FeedID, next, err.Error()); rerr != nil {
					res.Err = errors.Join(err, rerr)
				}
			}
			return res
		}
		a, res.Fallback = &draft, true
		if a.Meta == nil {
			a.Meta = map[string]any{}
		}
		a.Meta["page_error"] = err.Error()
	}
	recs, xerr := p.extract(a)
	if xerr != nil {
		p.opt.Log.Warn("extract", "page", first.URL, "err", xerr)
	}
	results, perr := p.st.PutArticles(ctx, []store.Put{{Article: a, Records: recs}})
	if perr == nil {
		perr = results[0].Err
	}
	if perr != nil {
		res.Err = fmt.Errorf("store page: %w", perr)
		return res
	}
	res.Stored, res.Duplicate = results[0].Stored, !results[0].Stored
	urls := []string{first.URL}
	if a.CanonicalURL != "" && a.CanonicalURL != first.URL {
		urls = append(urls, a.CanonicalURL)
	}
	return finish(results[0].ID, urls...)
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
