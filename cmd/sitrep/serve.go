package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/jobs"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
	"github.com/sitrep/sitrep/internal/web"
)

func init() { register((*app).serveCmd) }

type serveFlags struct {
	addr       string
	noPoll     bool
	publicRead bool
	pairs      []string
	rate       float64
	burst      int
	grace      time.Duration
	verbose    bool
	ff         fetchFlags
}

func (a *app) serveCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--no-poll]",
		Short: "Serve the web UI and the JSON API, and poll the feeds, in one process",
		Long: `Serve the web UI (dashboard, timelines, stories, articles, deadlines, tone,
event studies, search, feeds) and the JSON API under /api/v1/ (described at
/api/v1/openapi.json), with Prometheus metrics at /metrics, while polling the
feeds as sitrep poll does (unless --no-poll).

Reading is open when the server listens on loopback (the default); writing
(adding or removing feeds, posting articles) always needs a token from
'sitrep token create'. Listening on any other address needs a token to exist
and then asks for one to read as well, unless --public-read.

SIGTERM or Ctrl-C stops taking requests, lets those under way and the poll
jobs under way finish (up to --grace), then exits; nothing is lost.`,
		Example: `  sitrep serve
  sitrep serve --addr 0.0.0.0:8080 --pair USA:RUS --pair RUS:UKR
  curl -s 'http://127.0.0.1:8080/api/v1/stories?actor=RUS&limit=5'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	fl.BoolVar(&f.noPoll, "no-poll", false, "do not poll the feeds (serve only)")
	fl.BoolVar(&f.publicRead, "public-read", false, "on a non-loopback address, let anyone read without a token")
	fl.StringArrayVar(&f.pairs, "pair", nil, "a pair SOURCE:TARGET whose tone the dashboard draws, e.g. USA:RUS (repeatable)")
	fl.Float64Var(&f.rate, "rate", 50, "requests a second each client may make (token bucket; negative: no limit)")
	fl.IntVar(&f.burst, "burst", 0, "requests a client may make at once (default twice --rate)")
	fl.DurationVar(&f.grace, "grace", 30*time.Second, "on shutdown, how long requests and jobs under way may take to finish")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log every request")
	f.ff.add(cmd)
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
	level := slog.LevelInfo
	if f.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
	st, err := a.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	if !loopback {
		ts, ok := st.(store.TokenStore)
		if !ok {
			return fmt.Errorf("refusing to listen on %s: the %s store keeps no tokens, so nothing could protect it; listen on 127.0.0.1", f.addr, st.Kind())
		}
		toks, err := ts.Tokens(ctx)
		if err != nil {
			return err
		}
		if len(toks) == 0 {
			return fmt.Errorf("refusing to listen on %s, beyond loopback, with no token configured: create one first with 'sitrep token create --name NAME' (writing, and reading unless --public-read, will need it), or listen on 127.0.0.1", f.addr)
		}
	}
	metrics := web.NewMetrics(prometheus.NewRegistry())
	ex, err := f.ff.extractor()
	if err != nil {
		return err
	}
	ex = metrics.Extractor(ex)
	srv, err := web.New(web.Options{Store: st, Log: logger, Metrics: metrics, OpenRead: loopback || f.publicRead,
		Rate: f.rate, Burst: f.burst, Pairs: pairs, Extract: ex})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}

	// Requests and jobs run on a context that the signal does not end, so
	// what is under way finishes; the signal only stops new work.
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("serve %s: %w", f.addr, err)
		}
	}()
	pollCtx, stopPoll := context.WithCancel(context.WithoutCancel(ctx))
	defer stopPoll()
	if !f.noPoll {
		d, fetcher, err := a.dispatcher(cmd, st, f, ex, metrics, logger)
		if err != nil {
			hs.Close()
			return err
		}
		defer fetcher.Close()
		defer d.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Run(pollCtx); err != nil {
				errs <- fmt.Errorf("poll: %w", err)
			}
		}()
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "sitrep: serving http://%s/ (API at /api/v1/, metrics at /metrics)\n", ln.Addr())

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
	}
	logger.Info("shutting down: finishing requests and jobs under way", "grace", f.grace)
	stopPoll()
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
	close(errs)
	for err := range errs {
		runErr = errors.Join(runErr, err)
	}
	logger.Info("stopped")
	return runErr
}

// dispatcher builds the poller and the job runner that drives it.
func (a *app) dispatcher(cmd *cobra.Command, st store.Store, f *serveFlags, ex source.Extractor, m *web.Metrics, logger *slog.Logger) (jobs.Dispatcher, *source.Fetcher, error) {
	fetcher, err := a.fetcher(cmd, &f.ff)
	if err != nil {
		return nil, nil, err
	}
	p, err := source.NewPoller(st, source.PollOptions{
		Fetcher: fetcher, Extract: ex, Workers: f.ff.workers, Log: logger,
		OnFeed: func(r source.FeedResult) {
			m.ArticlesIngested.Add(float64(r.Stored))
			if r.Err != nil {
				m.PollErrors.Inc()
				logger.Warn("feed poll failed", "feed", r.Feed.ID, "url", r.Feed.URL, "err", r.Err)
			}
		},
		OnPage: func(r source.PageResult) {
			if r.Stored {
				m.ArticlesIngested.Inc()
			}
		},
	})
	if err == nil {
		var d jobs.Dispatcher
		if d, err = jobs.New(cmd.Context(), st, p, jobs.Options{Workers: f.ff.workers, Log: logger}); err == nil {
			return d, fetcher, nil
		}
	}
	fetcher.Close()
	return nil, nil, err
}
