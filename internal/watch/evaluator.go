package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/store"
)

// Options configure an Evaluator. Store is required and must implement
// store.WatchStore; stories, tone and market rules also need it to
// implement store.StoryStore and store.MarketStore.
type Options struct {
	Store  store.Store
	Logger *slog.Logger // nil: discard
	// Clock is the wall clock, used only to mark which story changes an
	// evaluation has seen; evaluation time is always a parameter.
	Clock func() time.Time
	// Notify is called after each committed evaluation with the notices
	// it sent (the terminal or log sink).
	Notify func(ctx context.Context, notices []store.Notice)
	// Matcher finds the actors a claim's words name (for "claim about
	// A-B"); nil loads the default dictionaries the first time one is
	// needed.
	Matcher func() *actor.Matcher
}

// Evaluator runs the stored rules and keeps the alert state.
type Evaluator struct {
	opt    Options
	ws     store.WatchStore
	ss     store.StoryStore
	ms     store.MarketStore
	mu     sync.Mutex
	parsed map[string]Rule // by name and text
}

// NewEvaluator checks the options.
func NewEvaluator(opt Options) (*Evaluator, error) {
	if opt.Store == nil {
		return nil, errors.New("watch: no store")
	}
	ws, ok := opt.Store.(store.WatchStore)
	if !ok {
		return nil, fmt.Errorf("watch: the %s store keeps no watch state", opt.Store.Kind())
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Matcher == nil {
		opt.Matcher = sync.OnceValue(actor.DefaultMatcher)
	}
	e := &Evaluator{opt: opt, ws: ws, parsed: map[string]Rule{}}
	e.ss, _ = opt.Store.(store.StoryStore)
	e.ms, _ = opt.Store.(store.MarketStore)
	return e, nil
}

// RuleError is a rule that could not be evaluated; its alerts are left
// as they were.
type RuleError struct {
	Rule string
	Err  error
}

func (e RuleError) Error() string { return "rule " + e.Rule + ": " + e.Err.Error() }

// Result is what one evaluation did.
type Result struct {
	Now     time.Time         `json:"now"`
	Rules   int               `json:"rules"`
	Notices []store.Notice    `json:"notices"` // sent by this evaluation
	Active  []store.Alert     `json:"active"`  // pending and firing after it
	Errors  []RuleError       `json:"-"`
	Elapsed time.Duration     `json:"-"`
	Cursor  store.WatchCursor `json:"-"`
}

// Firing counts the firing alerts among Active.
func (r *Result) Firing() int {
	n := 0
	for _, a := range r.Active {
		if a.State == store.AlertFiring {
			n++
		}
	}
	return n
}

// rule returns the parsed rule for a stored one, cached by its text.
func (e *Evaluator) rule(wr store.WatchRule) (Rule, error) {
	key := wr.Name + "\x00" + wr.Text + "\x00" + wr.For.String()
	e.mu.Lock()
	defer e.mu.Unlock()
	if r, ok := e.parsed[key]; ok {
		return r, nil
	}
	spec, err := ParseRule(wr.Text)
	if err != nil {
		return nil, err
	}
	if wr.For > 0 {
		spec.For = wr.For
	}
	r, err := NewRule(wr.Name, spec)
	if err != nil {
		return nil, err
	}
	e.parsed[key] = r
	return r, nil
}

// maxConflicts is how often an evaluation starts over when another one
// committed first.
const maxConflicts = 3

// EvaluateOnce evaluates every stored rule at now and commits the outcome.
func (e *Evaluator) EvaluateOnce(ctx context.Context, now time.Time) (*Result, error) {
	for attempt := 0; ; attempt++ {
		res, commit, err := e.evaluate(ctx, now, "")
		if err != nil {
			return nil, err
		}
		err = e.ws.CommitWatch(ctx, commit)
		if errors.Is(err, store.ErrWatchConflict) && attempt < maxConflicts {
			e.opt.Logger.Info("watch: another evaluation committed first; evaluating again")
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, re := range res.Errors {
			e.opt.Logger.Warn("watch: rule failed", "rule", re.Rule, "err", re.Err)
		}
		if e.opt.Notify != nil && len(res.Notices) > 0 {
			e.opt.Notify(ctx, res.Notices)
		}
		e.opt.Logger.Debug("watch: evaluated", "now", now, "rules", res.Rules, "notices", len(res.Notices), "elapsed", res.Elapsed)
		return res, nil
	}
}

// Test evaluates one rule at now as if it were new, against the stored
// alert state, and commits nothing: what would fire, resolve or stay.
func (e *Evaluator) Test(ctx context.Context, name string, now time.Time) (*Result, error) {
	if _, err := e.ws.GetWatchRule(ctx, name); err != nil {
		return nil, err
	}
	res, _, err := e.evaluate(ctx, now, name)
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return res, res.Errors[0]
	}
	return res, nil
}

// Remove deletes a rule; its firing alerts resolve, with their notices.
func (e *Evaluator) Remove(ctx context.Context, name string, now time.Time) ([]store.Notice, error) {
	if _, err := e.ws.GetWatchRule(ctx, name); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		cur, err := e.ws.WatchCursor(ctx)
		if err != nil {
			return nil, err
		}
		active, err := e.ws.Alerts(ctx, store.AlertFilter{Rule: name, States: []string{store.AlertPending, store.AlertFiring}, Limit: 1 << 30})
		if err != nil {
			return nil, err
		}
		prev := map[string]store.Alert{}
		for _, a := range active {
			prev[a.Cause] = a
		}
		ch := step(name, 0, prev, nil, now)
		c := store.WatchCommit{Seq: cur.Seq, Cursor: cur, Notices: ch.notices, Remove: []string{name}}
		err = e.ws.CommitWatch(ctx, c)
		if errors.Is(err, store.ErrWatchConflict) && attempt < maxConflicts {
			continue
		}
		if err != nil {
			return nil, err
		}
		if e.opt.Notify != nil && len(ch.notices) > 0 {
			e.opt.Notify(ctx, ch.notices)
		}
		return ch.notices, nil
	}
}

// evaluate runs the rules (only the one named, as if new, when only is
// set) and returns the outcome and the commit that records it.
func (e *Evaluator) evaluate(ctx context.Context, now time.Time, only string) (*Result, store.WatchCommit, error) {
	start := e.opt.Clock()
	cur, err := e.ws.WatchCursor(ctx)
	if err != nil {
		return nil, store.WatchCommit{}, err
	}
	stored, err := e.ws.WatchRules(ctx)
	if err != nil {
		return nil, store.WatchCommit{}, err
	}
	active, err := e.ws.Alerts(ctx, store.AlertFilter{States: []string{store.AlertPending, store.AlertFiring}, Limit: 1 << 30})
	if err != nil {
		return nil, store.WatchCommit{}, err
	}
	byRule := map[string]map[string]store.Alert{}
	for _, a := range active {
		if byRule[a.Rule] == nil {
			byRule[a.Rule] = map[string]store.Alert{}
		}
		byRule[a.Rule][a.Cause] = a
	}
	seq, err := e.ws.ArticleSeq(ctx)
	if err != nil {
		return nil, store.WatchCommit{}, err
	}
	in := &Inputs{Now: now, Prev: cur, st: e.opt.Store, ss: e.ss, ms: e.ms, ws: e.ws, mat: e.opt.Matcher}
	type todo struct {
		rule  Rule
		fresh bool
	}
	var rules []todo
	res := &Result{Now: now, Cursor: cur}
	for _, wr := range stored {
		if only != "" && wr.Name != only {
			continue
		}
		r, err := e.rule(wr)
		if err != nil {
			res.Errors = append(res.Errors, RuleError{wr.Name, err})
			continue
		}
		fresh := only != "" || wr.EvaluatedAt.IsZero() || cur.EvaluatedAt.IsZero()
		rules = append(rules, todo{r, fresh})
		s := r.Spec()
		if s.Kind == KindDeadline {
			if s.Passed {
				in.passedBehind = max(in.passedBehind, s.Within, DefaultPassedWindow)
			} else {
				in.dueAhead = max(in.dueAhead, s.Within)
			}
		}
	}
	commit := store.WatchCommit{Seq: cur.Seq, Cursor: store.WatchCursor{EvaluatedAt: now, StoryMark: start, ArticleSeq: seq}}
	for _, t := range rules {
		name := t.rule.Name()
		prev := byRule[name]
		causes, err := t.rule.Causes(ctx, in, prev, t.fresh)
		if err != nil {
			if ctx.Err() != nil {
				return nil, commit, ctx.Err()
			}
			res.Errors = append(res.Errors, RuleError{name, err})
			for _, a := range prev {
				res.Active = append(res.Active, a)
			}
			continue
		}
		ch := step(name, t.rule.Spec().For, prev, causes, now)
		commit.Alerts = append(commit.Alerts, ch.upsert...)
		commit.Drop = append(commit.Drop, ch.drop...)
		commit.Notices = append(commit.Notices, ch.notices...)
		res.Active = append(res.Active, ch.active...)
		if t.fresh {
			commit.Evaluated = append(commit.Evaluated, name)
		}
		res.Rules++
	}
	if only == "" {
		// Alerts of rules no longer stored (removed by another process
		// mid-way) stay as the removal left them.
		for name, prev := range byRule {
			if !hasRule(stored, name) {
				for _, a := range prev {
					res.Active = append(res.Active, a)
				}
			}
		}
	}
	sort.Slice(res.Active, func(i, j int) bool {
		a, b := res.Active[i], res.Active[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Cause < b.Cause
	})
	res.Notices = commit.Notices
	res.Elapsed = e.opt.Clock().Sub(start)
	return res, commit, nil
}

func hasRule(rs []store.WatchRule, name string) bool {
	for _, r := range rs {
		if r.Name == name {
			return true
		}
	}
	return false
}

// Run evaluates every interval at the time now() gives, delivering
// through d after each evaluation (d may be nil), until ctx ends. A failed
// evaluation is logged and tried again at the next tick.
func (e *Evaluator) Run(ctx context.Context, interval time.Duration, now func() time.Time, d *Deliverer) error {
	if interval <= 0 {
		interval = time.Minute
	}
	if now == nil {
		now = e.opt.Clock
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := e.EvaluateOnce(ctx, now()); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			e.opt.Logger.Error("watch: evaluation failed", "err", err)
		}
		if d != nil {
			if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
				e.opt.Logger.Error("watch: delivery failed", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
