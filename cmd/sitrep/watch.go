package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

func init() { register((*app).watchCmd, (*app).alertsCmd) }

func (a *app) watchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Rules that alert when deadlines near, events happen, tone shifts, claims are denied or markets move",
		Long: `Rules over what sitrep stores, evaluated as news arrives (after every ingest,
poll or fetch, by 'watch run', and by 'serve'); each alert fires once per
distinct cause, says why, and is resolved when the cause lapses.

A rule is one line:
  deadline due within 14d involving RUS,USA        a deadline coming due
  deadline passed involving RUS status missed      one that passed (met, missed, unknown)
  event dyad USA-RUS root 04 status corroborated   stories: actor, source, target, dyad,
  event actor RUS quad 4 goldstein <= -5 within 3d    cameo, root, quad, goldstein, status,
  event keyword "peace plan" sources >= 2             keyword, sources; within (7d)
  tone USA-RUS by week beyond 2sd down             a dyad's tone leaves its trailing window
  claim denial by RUS                              a denial by an actor
  claim about USA-UKR                              a claim about a pair
  market BRENT beyond 2sd within 3d of event actor RUS root 16
                                                   an abnormal return after a matching story
Any rule takes "for 1h": the alert waits that long (pending) before firing.

Alerts go to the terminal ('watch run'), to an Atom feed ('sitrep alerts
--atom', /alerts.atom under 'serve') and to webhooks ('watch sink add').`,
	}
	cmd.AddCommand(a.watchAddCmd(), a.watchListCmd(), a.watchRemoveCmd(), a.watchTestCmd(), a.watchLoadCmd(), a.watchRunCmd(), a.watchSinkCmd())
	return cmd
}

// watchStore opens the store with its watch state.
func (a *app) watchStore(cmd *cobra.Command) (store.Store, store.WatchStore, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, nil, err
	}
	ws, ok := st.(store.WatchStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("the %s store keeps no watch rules", st.Kind())
	}
	return st, ws, nil
}

// withEvaluator opens the store, builds the evaluator and runs fn on the
// rule named name; a rule that is not stored is reported as such.
func (a *app) withEvaluator(cmd *cobra.Command, name string, fn func(*watch.Evaluator) error) error {
	st, _, err := a.watchStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := watch.NewEvaluator(watch.Options{Store: st})
	if err != nil {
		return err
	}
	err = fn(e)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no rule named %s (see 'sitrep watch list')", name)
	}
	return err
}

// parseNow reads --now: a date (midnight UTC) or an RFC 3339 time; empty
// is the wall clock.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--now %q: want a date (2025-08-16) or a time (2025-08-16T09:00:00Z)", s)
}

func (a *app) watchAddCmd() *cobra.Command {
	var rule string
	var hold time.Duration
	cmd := &cobra.Command{
		Use:     "add NAME --rule 'RULE' [--for 1h]",
		Short:   "Add a rule (or replace the one of that name)",
		Example: `  sitrep watch add new-start --rule 'deadline due within 30d involving USA,RUS'`,
		Args:    exactArgs(1, "the rule's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := watch.CheckName(name); err != nil {
				return usagef("%v", err)
			}
			if rule == "" {
				return usagef("watch add needs --rule 'RULE' (see 'sitrep watch --help')")
			}
			spec, err := watch.ParseRule(rule)
			if err != nil {
				return usagef("--rule %q: %v", rule, err)
			}
			if cmd.Flags().Changed("for") {
				if hold < 0 {
					return usagef("--for must not be negative")
				}
				spec.For = hold
			}
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ws.PutWatchRule(cmd.Context(), store.WatchRule{Name: name, Text: spec.String(), For: spec.For}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rule %s: %s\n", name, spec)
			return nil
		},
	}
	cmd.Flags().StringVar(&rule, "rule", "", "the rule, in the rule language (see 'sitrep watch --help')")
	cmd.Flags().DurationVar(&hold, "for", 0, "hold a new alert pending this long before it fires (e.g. 1h)")
	return cmd
}

func (a *app) watchListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the rules with their firing and pending alerts",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			rules, err := ws.WatchRules(ctx)
			if err != nil {
				return err
			}
			active, err := ws.Alerts(ctx, store.AlertFilter{States: []string{store.AlertFiring, store.AlertPending}, Limit: 1 << 30})
			if err != nil {
				return err
			}
			count := map[string][2]int{}
			for _, al := range active {
				c := count[al.Rule]
				if al.State == store.AlertFiring {
					c[0]++
				} else {
					c[1]++
				}
				count[al.Rule] = c
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, r := range rules {
					c := count[r.Name]
					if err := writeJSON(out, map[string]any{"name": r.Name, "rule": r.Text, "for": watch.FormatDuration(r.For),
						"created_at": r.CreatedAt, "evaluated_at": nullTime(r.EvaluatedAt), "firing": c[0], "pending": c[1]}); err != nil {
						return err
					}
				}
				return nil
			}
			if len(rules) == 0 {
				fmt.Fprintln(out, "No rules. Add one with: sitrep watch add NAME --rule 'deadline due within 14d involving RUS'")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tFIRING\tPENDING\tRULE")
			for _, r := range rules {
				c := count[r.Name]
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", r.Name, c[0], c[1], r.Text)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per rule")
	return cmd
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func (a *app) watchRemoveCmd() *cobra.Command {
	var nowFlag string
	cmd := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a rule; its firing alerts are resolved (and the resolution sent)",
		Args:  exactArgs(1, "the rule's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			var ns []store.Notice
			err = a.withEvaluator(cmd, args[0], func(e *watch.Evaluator) (err error) {
				ns, err = e.Remove(cmd.Context(), args[0], now)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed rule %s; %d firing alert(s) resolved\n", args[0], len(ns))
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "the time the resolutions carry (default now)")
	return cmd
}

func (a *app) watchTestCmd() *cobra.Command {
	var nowFlag string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "test NAME [--now DATE]",
		Short: "Evaluate one rule now (or at --now) and show what would fire; nothing is stored or sent",
		Args:  exactArgs(1, "the rule's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			var res *watch.Result
			err = a.withEvaluator(cmd, args[0], func(e *watch.Evaluator) (err error) {
				res, err = e.Test(cmd.Context(), args[0], now)
				return err
			})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, res)
			}
			fmt.Fprintf(out, "rule %s at %s: %d alert(s) would be active, %d notice(s) would be sent\n", args[0], now.Format(time.RFC3339), len(res.Active), len(res.Notices))
			for _, n := range res.Notices {
				watch.FormatNotice(out, n)
			}
			for _, al := range res.Active {
				if al.State == store.AlertPending {
					fmt.Fprintf(out, "PENDING  [%s] %s (since %s)\n", al.Rule, al.Title, al.ActiveAt.Format(time.RFC3339))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "evaluate at this date or time instead of now (2025-08-16 or 2025-08-16T09:00:00Z)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func (a *app) watchLoadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load FILE.yaml",
		Short: "Add the rules (and webhook sinks) of a YAML file, replacing those of the same names",
		Long: `Reads a YAML file of rules and sinks:

  rules:
    - name: new-start
      rule: deadline due within 30d involving USA,RUS
      for: 1h
    - name: consultations
      kind: event
      dyad: USA-RUS
      root: "04"
      status: corroborated
  sinks:
    - name: ops
      webhook: https://hooks.example.org/sitrep
      secret: ${SITREP_HOOK_SECRET}

A rule is one line of the rule language (rule:) or its clauses as keys.
${VAR} in a sink is read from the environment. Nothing is stored unless
the whole file is valid.`,
		Args: exactArgs(1, "the FILE to load"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := watch.LoadPath(args[0], os.Getenv)
			if err != nil {
				return err
			}
			for _, k := range f.Sinks {
				if err := checkSinkURL(k.URL); err != nil {
					return fmt.Errorf("%s:%d: sink %s: %w", args[0], k.Line, k.Name, err)
				}
			}
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			for _, r := range f.Rules {
				if err := ws.PutWatchRule(ctx, store.WatchRule{Name: r.Name, Text: r.Spec.String(), For: r.Spec.For}); err != nil {
					return err
				}
			}
			for _, k := range f.Sinks {
				if err := ws.PutWatchSink(ctx, store.WatchSink{Name: k.Name, Kind: "webhook", URL: k.URL, Secret: k.Secret, AllowPrivate: k.AllowPrivate}); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "loaded %d rule(s) and %d sink(s) from %s\n", len(f.Rules), len(f.Sinks), args[0])
			return nil
		},
	}
	return cmd
}

func (a *app) watchRunCmd() *cobra.Command {
	var once, asJSON bool
	var nowFlag string
	var interval, deliverWait time.Duration
	cmd := &cobra.Command{
		Use:   "run [--once] [--now DATE]",
		Short: "Evaluate the rules and deliver the alerts (once, or every --interval until interrupted)",
		Long: `Evaluates every rule, prints each alert that fires or resolves, and delivers
them to the webhook sinks (retrying with backoff; what is not delivered stays
in the outbox for the next run). --now evaluates at another time (with
--once), for replaying stored news.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if nowFlag != "" && !once {
				return usagef("--now needs --once (a running watch evaluates at the time it runs)")
			}
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			st, _, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			out := cmd.OutOrStdout()
			logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
			notify := func(_ context.Context, ns []store.Notice) {
				for _, n := range ns {
					if asJSON {
						writeJSON(out, watch.PayloadOf(n))
					} else {
						watch.FormatNotice(out, n)
					}
				}
			}
			e, err := watch.NewEvaluator(watch.Options{Store: st, Logger: logger, Notify: notify})
			if err != nil {
				return err
			}
			d, err := watch.NewDeliverer(watch.DeliverOptions{Store: st, Logger: logger, Guard: source.GuardDial,
				Backoff: watch.Backoff{Base: 2 * time.Second}, UserAgent: "sitrep/" + version + " (+https://github.com/sitrep/sitrep)"})
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if !once {
				return e.Run(ctx, interval, nil, d)
			}
			res, err := e.EvaluateOnce(ctx, now)
			if err != nil {
				return err
			}
			stats, err := d.DeliverFor(ctx, deliverWait)
			if err != nil {
				return err
			}
			ws := st.(store.WatchStore)
			left, _ := ws.PendingDeliveries(ctx)
			if !asJSON {
				fmt.Fprintf(out, "%d rule(s) evaluated at %s in %s: %d notice(s); %d alert(s) firing, %d pending; webhooks: %d delivered, %d left to retry, %d given up\n",
					res.Rules, now.Format(time.RFC3339), res.Elapsed.Round(time.Millisecond), len(res.Notices), res.Firing(), len(res.Active)-res.Firing(),
					stats.Delivered, left, stats.GaveUp)
			}
			for _, re := range res.Errors {
				fmt.Fprintf(cmd.ErrOrStderr(), "sitrep: watch: %v\n", re)
			}
			if len(res.Errors) > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "evaluate once, deliver, and exit")
	cmd.Flags().StringVar(&nowFlag, "now", "", "with --once: evaluate at this date or time")
	cmd.Flags().DurationVar(&interval, "interval", time.Minute, "time between evaluations")
	cmd.Flags().DurationVar(&deliverWait, "deliver-wait", 30*time.Second, "with --once: how long to keep retrying failed webhook deliveries")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each notice as its webhook JSON payload")
	return cmd
}

// checkSinkURL refuses what is not an absolute http(s) URL.
func checkSinkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

func (a *app) watchSinkCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "sink", Short: "Webhooks the alerts are POSTed to"}
	var secret string
	var allowPrivate bool
	add := &cobra.Command{
		Use:   "add NAME URL [--secret S] [--allow-private]",
		Short: "Add a webhook: each alert is POSTed as JSON, signed with HMAC-SHA256 under the secret",
		Long: `Each notice (an alert firing or resolving) is POSTed to URL as JSON with the
headers Idempotency-Key (the same on every retry), X-Sitrep-Event (firing or
resolved) and, with --secret, X-Sitrep-Signature: t=UNIX,v1=HEX where HEX is
HMAC-SHA256(secret, "UNIX." + body). A delivery is retried with exponential
backoff until the receiver answers 2xx (a 4xx other than 408 and 429 is not
retried). Loopback, private and link-local addresses are refused unless
--allow-private.`,
		Args: exactArgs(2, "NAME and URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := watch.CheckName(args[0]); err != nil {
				return usagef("%v", err)
			}
			if err := checkSinkURL(args[1]); err != nil {
				return usagef("%v", err)
			}
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ws.PutWatchSink(cmd.Context(), store.WatchSink{Name: args[0], Kind: "webhook", URL: args[1], Secret: secret, AllowPrivate: allowPrivate}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "sink %s: %s\n", args[0], args[1])
			return nil
		},
	}
	add.Flags().StringVar(&secret, "secret", "", "the HMAC-SHA256 signing secret (the receiver checks X-Sitrep-Signature with it)")
	add.Flags().BoolVar(&allowPrivate, "allow-private", false, "allow a loopback, private or link-local address")
	list := &cobra.Command{
		Use:  "list",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			sinks, err := ws.WatchSinks(cmd.Context())
			if err != nil {
				return err
			}
			pending, _ := ws.PendingDeliveries(cmd.Context())
			printSinks(cmd.OutOrStdout(), sinks, pending)
			return nil
		},
	}
	remove := &cobra.Command{
		Use:  "remove NAME",
		Args: exactArgs(1, "the sink's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ws.DeleteWatchSink(cmd.Context(), args[0]); errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no sink named %s", args[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed sink %s\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

func printSinks(w io.Writer, sinks []store.WatchSink, pending int) {
	if len(sinks) == 0 {
		fmt.Fprintln(w, "No sinks. Add one with: sitrep watch sink add NAME URL --secret S")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tURL\tSIGNED\tPRIVATE")
	for _, k := range sinks {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%v\n", k.Name, k.URL, k.Secret != "", k.AllowPrivate)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d notice(s) waiting for delivery\n", pending)
}

// watchAfterStore evaluates the rules after new articles were stored, at
// the wall-clock time, and prints what fired or resolved on stderr. A
// failure is reported and does not undo the ingest.
func watchAfterStore(ctx context.Context, st store.Store) {
	errw := os.Stderr
	ws, ok := st.(store.WatchStore)
	if !ok {
		return
	}
	rules, err := ws.WatchRules(ctx)
	if err != nil || len(rules) == 0 {
		return
	}
	e, err := watch.NewEvaluator(watch.Options{Store: st, Notify: func(_ context.Context, ns []store.Notice) {
		for _, n := range ns {
			var b strings.Builder
			watch.FormatNotice(&b, n)
			fmt.Fprint(errw, b.String())
		}
	}})
	if err == nil {
		_, err = e.EvaluateOnce(ctx, time.Now().UTC())
	}
	if err != nil {
		fmt.Fprintf(errw, "sitrep: watch: %v\n", err)
	}
}
