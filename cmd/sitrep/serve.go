package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/jobs"
	"github.com/sitrep/sitrep/internal/link"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
	"github.com/sitrep/sitrep/internal/tone"
	"github.com/sitrep/sitrep/internal/watch"
	"github.com/sitrep/sitrep/internal/web"
)

func init() { register((*app).serveCmd) }

type serveFlags struct {
	addr       string
	noPoll     bool
	noWatch    bool
	watchEvery time.Duration
	publicRead bool
	pairs      []string
	rate       float64
	burst      int
	grace      time.Duration
	verbose    bool
	ff         fetchFlags
	qf         queueFlags
}

func (a *app) serveCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--no-poll] [--no-watch]",
		Short: "Serve the web UI and the JSON API, poll the feeds and evaluate the watch rules, in one process",
		Long: `Serve the web UI (dashboard, timelines, stories, articles, deadlines, tone,
event studies, documents, alerts, the brief, search, feeds) and the JSON API
under /api/v1/ (described at /api/v1/openapi.json), with Prometheus metrics at
/metrics and the alert notices as an Atom feed at /alerts.atom, while polling
the feeds as sitrep poll does (unless --no-poll; new articles' events are
merged into stories at most once a minute) and evaluating the watch rules every
--watch-every, delivering their webhooks (unless --no-watch).

Reading is open when the server listens on loopback (the default); writing
(adding or removing feeds, posting articles) always needs a token from
'sitrep token create'. Listening on any other address needs a token to exist
and then asks for one to read as well, unless --public-read.

SIGTERM or Ctrl-C stops taking requests, lets those under way, the poll jobs
under way and the watch evaluation under way finish (up to --grace), then
exits; nothing is lost. A second signal exits at once.`,
		Example: `  sitrep serve
  sitrep serve --addr 0.0.0.0:8080 --pair USA:RUS --pair RUS:UKR
  curl -s 'http://127.0.0.1:8080/api/v1/timeline?source=USA&target=RUS&both=true&limit=5'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	fl.BoolVar(&f.noPoll, "no-poll", false, "do not poll the feeds (serve only)")
	fl.BoolVar(&f.noWatch, "no-watch", false, "do not evaluate the watch rules in this process")
	fl.DurationVar(&f.watchEvery, "watch-every", time.Minute, "time between evaluations of the watch rules")
	fl.BoolVar(&f.publicRead, "public-read", false, "on a non-loopback address, let anyone read without a token")
	fl.StringArrayVar(&f.pairs, "pair", nil, "a pair SOURCE:TARGET whose tone the dashboard draws, e.g. USA:RUS (repeatable)")
	fl.Float64Var(&f.rate, "rate", 50, "requests a second each client may make (token bucket; negative: no limit)")
	fl.IntVar(&f.burst, "burst", 0, "requests a client may make at once (default twice --rate)")
	fl.DurationVar(&f.grace, "grace", 30*time.Second, "on shutdown, how long requests and jobs under way may take to finish")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log every request")
	f.ff.add(cmd)
	f.qf.add(cmd)
	return cmd
}

// isLoopback reports whether addr's host is a loopback address or name.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, usagef("--addr %q: want HOST:PORT, such as 127.0.0.1:8080", addr)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

func parsePairs(pairs []string) ([]tone.Dyad, error) {
	var out []tone.Dyad
	for _, p := range pairs {
		s, t, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(p)), ":")
		if !ok || s == "" || t == "" {
			return nil, usagef("--pair %q: want SOURCE:TARGET, such as USA:RUS", p)
		}
		out = append(out, tone.Dyad{Source: s, Target: t})
	}
	return out, nil
}

func (a *app) serve(cmd *cobra.Command, f *serveFlags) error {
	loopback, err := isLoopback(f.addr)
	if err != nil {
		return err
	}
	pairs, err := parsePairs(f.pairs)
	if err != nil {
		return err
	}
	if err := f.qf.check(); err != nil {
		return err
	}
	if f.watchEvery <= 0 {
		return usagef("--watch-every must be positive")
	}
	level := slog.LevelInfo
	if f.verbose {
		level = slog.LevelDebug
	}
	stderr := cmd.ErrOrStderr()
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	st, err := a.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	if !loopback {
		if err := requireToken(ctx, st, f.addr); err != nil {
			return err
		}
	}
	metrics := web.NewMetrics(prometheus.NewRegistry())
	ex, err := f.ff.extractor()
	if err != nil {
		return err
	}
	ex = metrics.Extractor(ex)
	_, watchable := st.(store.WatchStore)
	srv, err := web.New(web.Options{Store: st, Log: logger, Metrics: metrics, OpenRead: loopback || f.publicRead,
		Rate: f.rate, Burst: f.burst, Pairs: pairs, Extract: ex, Watching: !f.noWatch && watchable,
		AfterStore: func(ctx context.Context, ids []string) error { return linkAndMerge(ctx, st, ids) }})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}

	// Requests, jobs and evaluations run on a context that the signal does
	// not end, so what is under way finishes; the signal only stops new
	// work.
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("serve %s: %w", f.addr, err)
		}
	}()
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var follow *storyFollower
	if !f.noPoll {
		// New articles' events join stories as the poll goes (at most once
		// a minute) and when it ends, as with sitrep poll.
		follow = followStories(workCtx, st, time.Minute, stderr)
		d, release, err := a.servePoller(cmd, st, f, ex, metrics, follow, logger)
		if err != nil {
			hs.Close()
			follow.Close(ctx)
			return err
		}
		defer release()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Run(workCtx); err != nil {
				errs <- fmt.Errorf("poll: %w", err)
			}
		}()
	}
	if !f.noWatch && watchable {
		e, dl, err := serveWatch(st, logger)
		if err != nil {
			hs.Close()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.Run(workCtx, f.watchEvery, func() time.Time { return time.Now().UTC() }, dl); err != nil {
				errs <- fmt.Errorf("watch: %w", err)
			}
		}()
	}
	fmt.Fprintf(stderr, "sitrep: serving http://%s/ (API at /api/v1/, metrics at /metrics, alerts at /alerts.atom)\n", ln.Addr())

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
	}
	// A second signal exits at once, as with sitrep poll.
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		fmt.Fprintln(os.Stderr, "sitrep: serve: interrupted twice, exiting without finishing")
		os.Exit(130)
	}()
	logger.Info("shutting down: finishing requests, jobs and the evaluation under way", "grace", f.grace)
	stopWork()
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.grace)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		hs.Close()
		runErr = errors.Join(runErr, fmt.Errorf("requests still under way after %s were cut off: %w", f.grace, err))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutCtx.Done():
		runErr = errors.Join(runErr, fmt.Errorf("poll jobs still under way after %s; they are stored safely when run again", f.grace))
	}
	if follow != nil {
		if _, err := follow.Close(shutCtx); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	// errs is never closed: a job still under way after the grace may yet
	// send to it.
	for {
		select {
		case err := <-errs:
			runErr = errors.Join(runErr, err)
			continue
		default:
		}
		break
	}
	logger.Info("stopped")
	return runErr
}

// requireToken refuses to serve beyond loopback from a store without a
// token.
func requireToken(ctx context.Context, st store.Store, addr string) error {
	ts, ok := st.(store.TokenStore)
	if !ok {
		return fmt.Errorf("refusing to listen on %s: the %s store keeps no tokens, so nothing could protect it; listen on 127.0.0.1", addr, st.Kind())
	}
	toks, err := ts.Tokens(ctx)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return fmt.Errorf("refusing to listen on %s, beyond loopback, with no token configured: create one first with 'sitrep token create --name NAME' (writing, and reading unless --public-read, will need it), or listen on 127.0.0.1", addr)
	}
	return nil
}

// servePoller builds the poller as sitrep poll does and hands it to the
// same dispatcher (River's shared queue on PostgreSQL, this process
// alone on SQLite or with --in-process), counting what it stores in the
// metrics and telling follow when articles were stored.
func (a *app) servePoller(cmd *cobra.Command, st store.Store, f *serveFlags, ex source.Extractor, m *web.Metrics,
	follow *storyFollower, logger *slog.Logger) (jobs.Dispatcher, func(), error) {
	fetcher, err := a.fetcher(cmd, &f.ff)
	if err != nil {
		return nil, nil, err
	}
	p, err := source.NewPoller(st, source.PollOptions{
		Fetcher: fetcher, Extract: ex, Workers: f.ff.workers, Log: logger,
		OnFeed: func(r source.FeedResult) {
			m.ArticlesIngested.Add(float64(r.Stored))
			if r.Stored > 0 {
				follow.Stored(r.StoredIDs...)
			}
			if r.Err != nil {
				m.PollErrors.Inc()
				logger.Warn("feed poll failed", "feed", r.Feed.ID, "url", r.Feed.URL, "err", r.Err)
			}
		},
		OnPage: func(r source.PageResult) {
			if r.Stored {
				m.ArticlesIngested.Inc()
				follow.Stored(r.ID)
			}
		},
	})
	var d jobs.Dispatcher
	if err == nil {
		d, err = f.qf.dispatcher(cmd.Context(), st, p, f.ff.workers, logger)
	}
	if err != nil {
		fetcher.Close()
		return nil, nil, err
	}
	return d, func() { d.Close(); fetcher.Close() }, nil
}

// serveWatch builds the watch evaluator and the webhook deliverer that
// serve runs every --watch-every; notices are logged.
func serveWatch(st store.Store, logger *slog.Logger) (*watch.Evaluator, *watch.Deliverer, error) {
	e, err := watch.NewEvaluator(watch.Options{Store: st, Logger: logger, Notify: func(_ context.Context, ns []store.Notice) {
		for _, n := range ns {
			logger.Info("alert "+n.Status, "rule", n.Rule, "alert", n.Title)
		}
	}})
	if err != nil {
		return nil, nil, err
	}
	d, err := watch.NewDeliverer(watch.DeliverOptions{Store: st, Logger: logger, Guard: source.GuardDial,
		UserAgent: "sitrep/" + version + " (+https://github.com/sitrep/sitrep)"})
	if err != nil {
		return nil, nil, err
	}
	return e, d, nil
}

// linkAndMerge follows articles posted to the API: their denials and
// deadline outcomes link to earlier records and their events merge into
// stories (the running evaluator sees them at its next round).
func linkAndMerge(ctx context.Context, st store.Store, ids []string) error {
	if _, err := link.Articles(ctx, st, ids); err != nil {
		return fmt.Errorf("link new articles: %w", err)
	}
	_, err := mergeStories(ctx, st, story.Changes{Articles: ids})
	return err
}
