package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/jobs"
	"github.com/sitrep/sitrep/internal/jobs/jobstest"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

// BenchmarkPollPostgres polls SITREP_BENCH_FEEDS locally served feeds
// (default 20) of 20 items each end to end into a fresh PostgreSQL
// schema, every extractor run on every article: through River's shared
// queue with one dispatcher and with two (as two processes would, here
// in one), and in-process (--in-process) for comparison. The items are
// real articles from the news corpora; about half come with a summary
// only, so their pages are fetched as jobs of their own.
func BenchmarkPollPostgres(b *testing.B) {
	feeds := 20
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_FEEDS")); err == nil && v > 0 {
		feeds = v
	}
	const perFeed = 20
	site := jobstest.NewsSite(b, feeds, perFeed, 0)
	c, err := coder.New(coder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ex := extract.New(c).Records
	for _, mode := range []struct {
		name        string
		inProcess   bool
		dispatchers int
	}{{"river", false, 1}, {"river-x2", false, 2}, {"in-process", true, 1}} {
		b.Run(mode.name, func(b *testing.B) {
			var elapsed time.Duration
			items := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dsn := pgtest.Schema(b)
				var ds []jobs.Dispatcher
				for k := 0; k < mode.dispatchers; k++ {
					st, err := postgres.Open(context.Background(), dsn)
					if err != nil {
						b.Fatal(err)
					}
					defer st.Close()
					if k == 0 {
						for _, u := range site.Feeds {
							if _, _, err := st.AddFeed(context.Background(), store.Feed{URL: u, Interval: time.Hour}); err != nil {
								b.Fatal(err)
							}
						}
					}
					f := source.NewFetcher(source.FetchOptions{AllowPrivate: true, PerHost: 32, Workers: 32, Timeout: time.Minute})
					defer f.Close()
					p, err := source.NewPoller(st, source.PollOptions{Fetcher: f, Workers: 32 / mode.dispatchers, Extract: ex,
						Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
					if err != nil {
						b.Fatal(err)
					}
					d, err := jobs.New(context.Background(), st, p, jobs.Options{Workers: 32 / mode.dispatchers, InProcess: mode.inProcess})
					if err != nil {
						b.Fatal(err)
					}
					defer d.Close()
					ds = append(ds, d)
				}
				b.StartTimer()
				start := time.Now()
				sums := make([]source.PollSummary, len(ds))
				var wg sync.WaitGroup
				for k, d := range ds {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var err error
						if sums[k], err = d.Once(context.Background()); err != nil {
							b.Error(err)
						}
					}()
				}
				wg.Wait()
				elapsed += time.Since(start)
				stored, fetched := 0, 0
				for _, s := range sums {
					stored += s.Stored
					fetched += s.Feeds
				}
				if stored != len(site.Items) || fetched != feeds {
					b.Errorf("%d feeds polled, %d items stored; want %d, %d (%+v)", fetched, stored, feeds, len(site.Items), sums)
				}
				items += stored
			}
			b.ReportMetric(float64(items)/elapsed.Seconds(), "items/s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/poll")
		})
	}
}
