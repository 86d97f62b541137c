package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/source"
)

// fetchFlags are the network and extraction options shared by poll and
// fetch.
type fetchFlags struct {
	allowPrivate bool
	timeout      time.Duration
	perHost      int
	workers      int
	noExtract    bool
	dicts        []string
}

func (ff *fetchFlags) add(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&ff.allowPrivate, "allow-private", false, "allow fetching from loopback, private and link-local addresses (env SITREP_ALLOW_PRIVATE=1)")
	cmd.Flags().DurationVar(&ff.timeout, "timeout", 60*time.Second, "give up on one request after this long, body included")
	cmd.Flags().IntVar(&ff.perHost, "per-host", 2, "requests at once to one host")
	cmd.Flags().IntVar(&ff.workers, "workers", 16, "requests at once in all")
	cmd.Flags().BoolVar(&ff.noExtract, "no-extract", false, "store the articles only; extract later with sitrep recode")
	cmd.Flags().StringArrayVar(&ff.dicts, "dict", nil, "extra dictionary file or folder for the coder; repeatable")
}

// extractor builds what runs on every new article, as ingest does.
func (ff *fetchFlags) extractor() (source.Extractor, error) {
	if ff.noExtract {
		return nil, nil
	}
	c, err := buildCoder(ff.dicts)
	if err != nil {
		return nil, err
	}
	return extract.New(c).Records, nil
}

// fetcher builds the HTTP client from the flags and the configuration
// (allow_private in the config file or SITREP_ALLOW_PRIVATE).
func (a *app) fetcher(cmd *cobra.Command, ff *fetchFlags) (*source.Fetcher, error) {
	if ff.perHost < 1 || ff.workers < 1 {
		return nil, usagef("--per-host and --workers must be at least 1")
	}
	if ff.timeout <= 0 {
		return nil, usagef("--timeout must be positive")
	}
	c, err := a.config(cmd)
	if err != nil {
		return nil, err
	}
	allow := ff.allowPrivate
	if !cmd.Flags().Changed("allow-private") {
		if v := c.Values["allow_private"]; v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, usagef("allow_private / SITREP_ALLOW_PRIVATE %q: want 1 or 0, true or false", v)
			}
			allow = b
		}
	}
	return source.NewFetcher(source.FetchOptions{
		UserAgent:    "sitrep/" + version + " (+https://github.com/sitrep/sitrep)",
		AllowPrivate: allow,
		Timeout:      ff.timeout,
		PerHost:      ff.perHost,
		Workers:      ff.workers,
	}), nil
}

func (a *app) pollCmd() *cobra.Command {
	var once, asJSON, quiet bool
	var ff fetchFlags
	var qf queueFlags
	cmd := &cobra.Command{
		Use:   "poll [--once]",
		Short: "Fetch the feeds that are due, then the pages of summary-only items, and store the articles",
		Long: `Fetch every feed that is due, store its items, then fetch the linked pages of
items that came with a summary only and store their article text, with what
the extractors find in it (events, claims, deadlines, facts). Without
--once, keep polling until interrupted (Ctrl-C or SIGTERM); work under way is
finished before exiting, and a second interrupt exits at once.

Each feed is fetched no more often than its interval (and its Cache-Control
max-age), with a conditional request; a feed that fails waits longer after
each failure in a row (and at least its Retry-After), up to a day. Nothing is
fetched from a loopback, private or link-local address unless --allow-private
is given. An interrupted poll, even killed outright, loses nothing and stores
nothing twice when run again.

On PostgreSQL the work runs as jobs in a queue kept in the database (River),
shared by every sitrep poll (or serve) pointed at it, on one machine or
many: each feed is polled by one process at a time, each page fetched and
extracted once, and the job of a process that dies is given to another after
--rescue-after. With --once, the process queues what is due and works with the
others until nothing due is left.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := qf.check(); err != nil {
				return err
			}
			fetcher, err := a.fetcher(cmd, &ff)
			if err != nil {
				return err
			}
			defer fetcher.Close()
			ex, err := ff.extractor()
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			if !once {
				// The first signal stops new work; a second one exits now.
				go func() {
					<-ctx.Done()
					sig := make(chan os.Signal, 1)
					signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
					<-sig
					fmt.Fprintln(os.Stderr, "sitrep: poll: interrupted twice, exiting without finishing")
					os.Exit(130)
				}()
			}
			stderr := cmd.ErrOrStderr()
			logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			if !once && !quiet {
				logger = slog.New(slog.NewTextHandler(stderr, nil))
			}
			failures := 0
			// New articles' events join stories as the poll goes (at most
			// once a minute) and when it ends.
			follow := followStories(ctx, st, time.Minute, stderr)
			defer follow.Close(ctx)
			p, err := source.NewPoller(st, source.PollOptions{
				Fetcher: fetcher,
				Extract: ex,
				Workers: ff.workers,
				Log:     logger,
				OnFeed: func(r source.FeedResult) {
					if r.Stored > 0 {
						follow.Stored(r.StoredIDs...)
					}
					if r.Err != nil {
						failures++
						fmt.Fprintf(stderr, "sitrep: poll: feed %d %s: %v (next try in %s)\n", r.Feed.ID, r.Feed.URL, r.Err,
							shortDuration(time.Until(r.Feed.NextFetch).Round(time.Minute)))
					} else if r.Repaired != "" && !quiet {
						fmt.Fprintf(stderr, "sitrep: poll: feed %d %s: %s\n", r.Feed.ID, r.Feed.URL, r.Repaired)
					}
				},
				OnPage: func(r source.PageResult) {
					if r.Stored {
						follow.Stored(r.ID)
					}
					if r.Err != nil && !quiet {
						what := "kept the feed's summary"
						if r.Retry {
							what = "will try again"
						}
						fmt.Fprintf(stderr, "sitrep: poll: page %s: %v (%s)\n", r.URL, r.Err, what)
					}
				},
			})
			if err != nil {
				return err
			}
			d, err := qf.dispatcher(ctx, st, p, ff.workers, logger)
			if err != nil {
				return err
			}
			defer d.Close()
			if !once {
				return d.Run(ctx)
			}
			sum, err := d.Once(ctx)
			out := cmd.OutOrStdout()
			if asJSON {
				writeJSON(out, sum)
			} else {
				fmt.Fprintf(out, "feeds %d (not modified %d, failed %d), items %d (already stored %d, pages queued %d, failed %d), pages %d (summary kept %d, retry later %d); stored %d new articles, %d duplicates\n",
					sum.Feeds, sum.NotModified, sum.FeedErrors, sum.Items, sum.Known, sum.Queued, sum.Failed,
					sum.Pages, sum.PageFallbacks, sum.PageErrors, sum.Stored, sum.Duplicates)
			}
			if err != nil {
				return err
			}
			if ctx.Err() != nil {
				return fmt.Errorf("poll interrupted; work under way was finished: %w", ctx.Err())
			}
			if failures > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "poll what is due once, then exit")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --once, print the summary as a JSON object")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "report only feed failures")
	ff.add(cmd)
	qf.add(cmd)
	return cmd
}
