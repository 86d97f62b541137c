package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

type studyFlags struct {
	series     []string
	marketName string
	events     []string
	eventsFrom string
	model      string
	estimation string
	window     string
	cars       []string
	afterClose bool
	returns    string
	convention string
	confidence float64
	tests      []string
	bySeries   bool
	asJSON     bool
	asCSV      bool
	chart      string
}

func (a *app) studyCmd() *cobra.Command {
	var f studyFlags
	cmd := &cobra.Command{
		Use:   "study --series NAME[,NAME…] (--event DATE … | --events-from QUERY) [flags]",
		Short: "Measure how stored price series reacted to events (an event study)",
		Long: `An event study: how did stored price series (see 'sitrep market') react to
events? Each event date is studied on each --series. Returns are log returns
unless --returns simple. Days are trading sessions: with --market, the
market's sessions are every series' calendar; without, each series is its
own. An event maps to its day 0, the last session on or before its date;
--after-close moves every event to the first session after its date (news
that broke after the close). Windows count sessions from day 0.

Models (--model; default market with --market, else mean):
  mean       normal return = the mean return over the estimation window
  market     normal return = α + β × market return, OLS over the estimation window
  marketadj  normal return = the market return
  raw        no model: the abnormal return is the return itself

Printed: each event with its day 0, fit and CAR per window (skipped events
with the reason, gaps and overlapping events); then per event group the AAR
of each day and the CAAR of each --car window with every test: t-test,
Brown–Warner 1980 and 1985, Patell, BMP, Kolari–Pynnönen BMP, Lamb (single
days), sign, generalised sign, Corrado–Zivney sign, Corrado rank, modified
rank, GRANK-T and Wilcoxon, each with its statistic, two-sided p-value and
stars (*** 1%, ** 5%, * 10%). --convention picks the variant of the
formulas: textbook (the default, as the papers), estudy2 (R estudy2 0.10)
or eventstudytools (EventStudyTools / Stata eventstudy2).

--events-from QUERY takes the dates of stored events instead of --event:
space-separated key=value terms, all of which must hold:
  dyad=USA:RUS     source country USA, target country RUS
  actor=RUS        RUS on either side (repeat for both: actor=USA actor=RUS);
                   a country code, or an actor code prefix such as RUSGOV
  source=USA, target=RUS   one side only
  root=04          CAMEO root code (04 = consult)
  code=042         CAMEO code, or its prefix
  from=2025-01-01, to=2025-12-31   event dates, inclusive (2025 or 2025-02 work)
Negated and conditional events are left out, and so are events dated less
precisely than to the day. Each distinct date is one event per series.`,
		Example: `  sitrep study --series IMOEX --event 2025-02-12 --model mean --window -1:+1 --car 0:+1
  sitrep study --series IMOEX,USDRUB --events-from "dyad=USA:RUS root=04 from=2025-01-01 to=2025-12-31" --model mean --by-series
  sitrep study --series AMZN,NFLX --market GSPC --event 2020-03-16 --estimation -240:-1 --window 0:+4 --convention estudy2 --csv`,
		Args: exactArgs(0, "flags only (see --help)"),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runStudy(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.series, "series", nil, "the stored series to study, comma-separated or repeated (required)")
	fl.StringVar(&f.marketName, "market", "", "a stored market index: its sessions are the trading calendar, and the market models need it")
	fl.StringSliceVar(&f.events, "event", nil, "an event date, YYYY-MM-DD (repeat for several)")
	fl.StringVar(&f.eventsFrom, "events-from", "", `take event dates from stored events matching QUERY, e.g. "dyad=USA:RUS root=04 from=2025-01-01"`)
	fl.StringVar(&f.model, "model", "", "normal-return model: mean, market, marketadj or raw (default market with --market, else mean)")
	fl.StringVar(&f.estimation, "estimation", "-120:-6", "estimation window in trading days relative to day 0, or none (marketadj and raw only)")
	fl.StringVar(&f.window, "window", "-1:+1", "event window in trading days relative to day 0")
	fl.StringSliceVar(&f.cars, "car", nil, "a window for CAR and CAAR, inside the event window (repeat for several; default the event window)")
	fl.BoolVar(&f.afterClose, "after-close", false, "the events came after the market closed: day 0 is the first session after the event date")
	fl.StringVar(&f.returns, "returns", "log", "log (ln P_t/P_t−1, additive over days) or simple (P_t/P_t−1 − 1)")
	fl.StringVar(&f.convention, "convention", "textbook", "formula variants: textbook, estudy2 or eventstudytools")
	fl.Float64Var(&f.confidence, "confidence", 0.95, "confidence level of the CAAR band")
	fl.StringSliceVar(&f.tests, "tests", nil, "only these tests, e.g. t,patell,bmp,grank-t (default all)")
	fl.BoolVar(&f.bySeries, "by-series", false, "aggregate each series' events apart (default: all events together)")
	fl.BoolVar(&f.asJSON, "json", false, "print the full result as one JSON object")
	fl.BoolVar(&f.asCSV, "csv", false, "print CSV: one row per event × CAR window (table=car), then one per day or window × test (table=day, table=window)")
	fl.StringVar(&f.chart, "chart", "", "draw the CAAR path with its band to FILE.svg or FILE.png (one file per group, the group's name added, when there are several)")
	return cmd
}

// studySpec checks the flags and turns them into a spec.
func (f *studyFlags) studySpec() (market.Spec, error) {
	spec := market.Spec{AfterClose: f.afterClose, Confidence: f.confidence}
	switch m := market.Model(strings.ToLower(f.model)); m {
	case "", market.MeanAdjusted, market.RawReturns:
		spec.Model = m
	case market.MarketModel, market.MarketAdjusted:
		if f.marketName == "" {
			return spec, usagef("--model %s needs --market NAME, the index the series are measured against", m)
		}
		spec.Model = m
	default:
		return spec, usagef("--model %q: want mean, market, marketadj or raw", f.model)
	}
	switch r := market.ReturnKind(strings.ToLower(f.returns)); r {
	case market.LogReturns, market.SimpleReturns:
		spec.Returns = r
	default:
		return spec, usagef("--returns %q: want log or simple", f.returns)
	}
	switch c := market.Convention(strings.ToLower(f.convention)); c {
	case market.Textbook, market.Estudy2, market.EventStudyTools:
		spec.Convention = c
	default:
		return spec, usagef("--convention %q: want textbook, estudy2 or eventstudytools", f.convention)
	}
	var err error
	if spec.Window, err = market.ParseWindow(f.window); err != nil {
		return spec, usagef("--window: %v", err)
	}
	if e := strings.ToLower(strings.TrimSpace(f.estimation)); e != "none" && e != "" {
		if spec.Estimation, err = market.ParseWindow(e); err != nil {
			return spec, usagef("--estimation: %v", err)
		}
	}
	for _, c := range f.cars {
		w, err := market.ParseWindow(c)
		if err != nil {
			return spec, usagef("--car: %v", err)
		}
		spec.CARWindows = append(spec.CARWindows, w)
	}
	for _, t := range f.tests {
		name := market.TestName(strings.ToLower(strings.TrimSpace(t)))
		if !slices.Contains(market.AllTests, name) {
			var all []string
			for _, n := range market.AllTests {
				all = append(all, string(n))
			}
			return spec, usagef("--tests: unknown test %q (known: %s)", t, strings.Join(all, ", "))
		}
		spec.Tests = append(spec.Tests, name)
	}
	if f.confidence <= 0 || f.confidence >= 1 {
		return spec, usagef("--confidence %v: want a level between 0 and 1, such as 0.95", f.confidence)
	}
	return spec, nil
}

// eventDate is one date to study and, when it came from --events-from,
// how many stored events fall on it, the first few ids and the first event
// (a GDELT import can put thousands on one day; they are not all kept).
type eventDate struct {
	date  time.Time
	count int
	ids   []string
	first record.Event
}

// keptIDs is how many stored event ids a date carries into the result.
const keptIDs = 5

func (a *app) runStudy(cmd *cobra.Command, f *studyFlags) error {
	var names []string
	for _, s := range f.series {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return usagef("study needs --series NAME (see 'sitrep market list')")
	}
	if (len(f.events) == 0) == (f.eventsFrom == "") {
		return usagef("study needs either --event DATE or --events-from QUERY (one of the two)")
	}
	if f.asJSON && f.asCSV {
		return usagef("--json and --csv: choose one")
	}
	chartFormat := ""
	if f.chart != "" {
		chartFormat = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.chart)), ".")
		if chartFormat != "svg" && chartFormat != "png" {
			return usagef("--chart %s: the file must end in .svg or .png", f.chart)
		}
	}
	spec, err := f.studySpec()
	if err != nil {
		return err
	}
	var dates []eventDate
	var query eventQuery
	if f.eventsFrom != "" {
		if query, err = parseEventQuery(f.eventsFrom); err != nil {
			return err
		}
	}
	for _, e := range f.events {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(e))
		if err != nil {
			return usagef("--event %q: want a date as YYYY-MM-DD", e)
		}
		if !slices.ContainsFunc(dates, func(x eventDate) bool { return x.date.Equal(d) }) {
			dates = append(dates, eventDate{date: d})
		}
	}

	st, ms, err := a.marketStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	var left leftOut
	if f.eventsFrom != "" {
		if dates, left, err = query.dates(ctx, st); err != nil {
			return err
		}
		if len(dates) == 0 {
			return fmt.Errorf("no stored event matches %q%s", f.eventsFrom, left.String())
		}
	}
	slices.SortFunc(dates, func(x, y eventDate) int { return x.date.Compare(y.date) })

	var in market.Input
	for _, n := range names {
		s, err := loadSeries(ctx, ms, n)
		if err != nil {
			return err
		}
		in.Securities = append(in.Securities, s)
	}
	if f.marketName != "" {
		m, err := loadSeries(ctx, ms, f.marketName)
		if err != nil {
			return err
		}
		in.Market = &m
	}
	var events []market.Event
	for _, d := range dates {
		id := isoDay(d.date)
		if d.count > 0 {
			id = strings.Join(d.ids, ",")
			if more := d.count - len(d.ids); more > 0 {
				id += fmt.Sprintf(" and %d more", more)
			}
		}
		for _, n := range names {
			g := ""
			if f.bySeries {
				g = n
			}
			events = append(events, market.Event{ID: id, Series: n, Date: d.date, Group: g})
		}
	}
	res, err := market.Study(spec, in, events)
	if err != nil {
		return err
	}

	out := cmd.OutOrStdout()
	switch {
	case f.asJSON:
		err = writeJSON(out, res)
	case f.asCSV:
		err = writeStudyCSV(out, res)
	default:
		sc := studyContext{names: names, market: f.marketName, dates: dates, query: f.eventsFrom, left: left}
		err = printStudy(out, res, sc)
	}
	if err != nil {
		return err
	}
	if f.chart != "" {
		paths, err := writeCharts(res, f.chart, chartFormat)
		if err != nil {
			return err
		}
		if !f.asJSON && !f.asCSV && len(paths) > 0 {
			fmt.Fprintf(out, "\nChart of the CAAR path written to %s\n", strings.Join(paths, ", "))
		}
	}
	return nil
}

// loadSeries reads a stored series as the study takes it.
func loadSeries(ctx context.Context, ms store.MarketStore, name string) (market.Series, error) {
	ps, err := ms.GetSeries(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return market.Series{}, fmt.Errorf("no price series named %s ('sitrep market list' shows what is stored, 'sitrep market import' adds one)", name)
	}
	if err != nil {
		return market.Series{}, err
	}
	s := market.Series{Name: name, Prices: make([]market.Price, len(ps.Prices))}
	for i, p := range ps.Prices {
		s.Prices[i] = market.Price{Date: p.Date, Close: p.Close}
	}
	return s, nil
}

// ---- --events-from ---------------------------------------------------------

// eventQuery is a parsed --events-from query: what the store can filter,
// and what is checked on each event it returns.
type eventQuery struct {
	filter store.EventFilter
	actors []string // each must be the source or the target
	code   string   // CAMEO code prefix
}

// leftOut counts matching stored events that give no date to study.
type leftOut struct{ negated, imprecise int }

func (l leftOut) String() string {
	var parts []string
	if l.negated > 0 {
		parts = append(parts, fmt.Sprintf("%d negated or conditional", l.negated))
	}
	if l.imprecise > 0 {
		parts = append(parts, fmt.Sprintf("%d dated less precisely than to the day", l.imprecise))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (left out: " + strings.Join(parts, ", ") + ")"
}

func parseEventQuery(q string) (eventQuery, error) {
	var eq eventQuery
	bad := func(format string, args ...any) (eventQuery, error) {
		return eq, usagef("--events-from: "+format, args...)
	}
	country := func(v string) (string, bool) {
		v = strings.ToUpper(v)
		return v, v != "" && !strings.ContainsAny(v, " :,")
	}
	for _, term := range strings.Fields(q) {
		k, v, ok := strings.Cut(term, "=")
		if !ok || v == "" {
			return bad("%q is not key=value (keys: dyad, actor, source, target, root, code, from, to)", term)
		}
		switch strings.ToLower(k) {
		case "dyad":
			s, t, ok := strings.Cut(v, ":")
			src, ok1 := country(s)
			tgt, ok2 := country(t)
			if !ok || !ok1 || !ok2 {
				return bad("dyad=%s: want SOURCE:TARGET, such as dyad=USA:RUS", v)
			}
			eq.filter.SourceCountry, eq.filter.TargetCountry = src, tgt
		case "source", "target":
			c, ok := country(v)
			if !ok {
				return bad("%s=%s: want a country code such as RUS", k, v)
			}
			if strings.EqualFold(k, "source") {
				eq.filter.SourceCountry = c
			} else {
				eq.filter.TargetCountry = c
			}
		case "actor":
			c, ok := country(v)
			if !ok {
				return bad("actor=%s: want a country or actor code such as RUS", v)
			}
			eq.actors = append(eq.actors, c)
		case "root":
			if len(v) != 2 || !allDigits(v) {
				return bad("root=%s: want a two-digit CAMEO root such as 04", v)
			}
			eq.filter.Root = v
		case "code":
			if len(v) < 2 || len(v) > 4 || !allDigits(v) {
				return bad("code=%s: want a CAMEO code such as 042", v)
			}
			eq.code = v
		case "from", "to":
			d, ok := queryDate(v, strings.EqualFold(k, "to"))
			if !ok {
				return bad("%s=%s: want a date as YYYY-MM-DD, YYYY-MM or YYYY", k, v)
			}
			if strings.EqualFold(k, "from") {
				eq.filter.From = d
			} else {
				eq.filter.To = d
			}
		default:
			return bad("unknown key %q (keys: dyad, actor, source, target, root, code, from, to)", k)
		}
	}
	if eq.code != "" {
		if eq.filter.Root != "" && eq.filter.Root != eq.code[:2] {
			return bad("code=%s is not under root=%s", eq.code, eq.filter.Root)
		}
		eq.filter.Root = eq.code[:2]
	}
	if eq.filter == (store.EventFilter{}) && len(eq.actors) == 0 && eq.code == "" {
		return bad("the query %q selects nothing; say which events, e.g. dyad=USA:RUS root=04 from=2025-01-01", q)
	}
	return eq, nil
}

// queryDate checks a full or partial ISO date and, for the end of a range,
// extends a partial one to the end of its year or month (as text, which is
// how event dates compare).
func queryDate(v string, end bool) (string, bool) {
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if _, err := time.Parse(layout, v); err == nil {
			if end && len(v) == 4 {
				v += "-12-31"
			} else if end && len(v) == 7 {
				v += "-31"
			}
			return v, true
		}
	}
	return "", false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// matches checks what the store's filter cannot.
func (eq eventQuery) matches(e *record.Event) bool {
	for _, a := range eq.actors {
		if !actorIs(e.Source, a) && !actorIs(e.Target, a) {
			return false
		}
	}
	return strings.HasPrefix(e.CAMEO, eq.code)
}

func actorIs(ac *record.Actor, code string) bool {
	return ac != nil && (ac.Country == code || (ac.Code != "" && strings.HasPrefix(ac.Code, code)))
}

// dates walks the matching stored events and returns their distinct days.
func (eq eventQuery) dates(ctx context.Context, st store.Store) ([]eventDate, leftOut, error) {
	var left leftOut
	byDay := map[string]*eventDate{}
	var order []string
	err := st.EachEvent(ctx, eq.filter, func(e *record.Event) error {
		if !eq.matches(e) {
			return nil
		}
		if e.Negated || e.Conditional {
			left.negated++
			return nil
		}
		d, err := time.Parse(time.DateOnly, e.Date)
		if err != nil || (e.DatePrecision != "" && e.DatePrecision != "day") {
			left.imprecise++
			return nil
		}
		key := isoDay(d)
		ed := byDay[key]
		if ed == nil {
			ed = &eventDate{date: d, first: *e}
			ed.first.Extra = nil
			byDay[key] = ed
			order = append(order, key)
		}
		ed.count++
		if len(ed.ids) < keptIDs {
			ed.ids = append(ed.ids, e.ID)
		}
		return nil
	})
	if err != nil {
		return nil, left, fmt.Errorf("stored events: %w", err)
	}
	out := make([]eventDate, len(order))
	for i, k := range order {
		out[i] = *byDay[k]
	}
	return out, left, nil
}

// ---- readable output ---------------------------------------------------------

type studyContext struct {
	names  []string
	market string
	dates  []eventDate
	query  string
	left   leftOut
}

var modelWords = map[market.Model]string{
	market.MeanAdjusted:   "mean-adjusted (normal return = mean return over the estimation window)",
	market.MarketModel:    "market model (normal return = α + β × market return, OLS over the estimation window)",
	market.MarketAdjusted: "market-adjusted (normal return = the market return)",
	market.RawReturns:     "raw returns (no model: abnormal return = return)",
}

var conventionWords = map[market.Convention]string{
	market.Textbook:        "textbook (the default: formulas as the papers give them)",
	market.Estudy2:         "estudy2 (as R estudy2 0.10 computes them)",
	market.EventStudyTools: "eventstudytools (as EventStudyTools / Stata eventstudy2 compute them)",
}

var testLabels = map[market.TestName]string{
	market.TestT: "t-test", market.TestBW1980: "BW 1980", market.TestBW1985: "BW 1985", market.TestPatell: "Patell",
	market.TestBMP: "BMP", market.TestKPBMP: "KP-BMP", market.TestLamb: "Lamb", market.TestSign: "sign",
	market.TestGSign: "gen. sign", market.TestCSign: "Corrado sign", market.TestRank: "rank", market.TestMRank: "mod. rank",
	market.TestGRankT: "GRANK-T", market.TestWilcoxon: "Wilcoxon W+",
}

func printStudy(w io.Writer, res *market.Result, sc studyContext) error {
	spec := res.Spec
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	against := "each series on its own trading calendar (no market index)"
	if sc.market != "" {
		against = "against market " + sc.market + " (its sessions are the trading calendar)"
	}
	p("Event study of %s, %s\n", strings.Join(sc.names, ", "), against)
	p("Model:      %s\n", modelWords[spec.Model])
	retWords := "log returns, ln(P_t / P_t−1)"
	if spec.Returns == market.SimpleReturns {
		retWords = "simple returns, P_t / P_t−1 − 1"
	}
	p("Returns:    %s; returns below are in %%\n", retWords)
	p("Convention: %s\n", conventionWords[spec.Convention])
	var cars []string
	for _, c := range spec.CARWindows {
		cars = append(cars, c.String())
	}
	est := "none"
	if !spec.Estimation.IsZero() {
		est = spec.Estimation.String()
	}
	p("Windows:    estimation %s, event %s, CAR %s (trading days from day 0)\n", est, spec.Window, strings.Join(cars, ", "))
	if spec.AfterClose {
		p("Day 0:      the first session after each event date (--after-close)\n")
	} else {
		p("Day 0:      the last session on or before each event date\n")
	}
	used := 0
	for _, e := range res.Events {
		if e.Skipped == "" {
			used++
		}
	}
	p("Events:     %s × %s = %s; %d used, %d skipped\n",
		plural(len(sc.dates), "date"), plural(len(sc.names), "series"), plural(len(res.Events), "event"), used, len(res.Events)-used)
	for _, n := range res.Notes {
		p("Note:       %s\n", n)
	}
	if sc.query != "" {
		n := 0
		for _, d := range sc.dates {
			n += d.count
		}
		p("\nEvent dates from %d stored events matching %q%s:\n", n, sc.query, sc.left.String())
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, d := range sc.dates {
			e := d.first
			fmt.Fprintf(tw, "  %s\t%d event(s)\t%s→%s %s\t%s\n", isoDay(d.date), d.count,
				actorCode(e.Source), actorCode(e.Target), e.CAMEO, clip(e.Text, 70))
		}
		tw.Flush()
	}

	// Events.
	p("\nEvents\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := "  #\tSERIES\tEVENT\tDAY 0\tESTIMATION\tM\tALPHA\tBETA\tSIGMA\t"
	for _, c := range spec.CARWindows {
		header += "CAR " + c.String() + "\t"
	}
	fmt.Fprintln(tw, strings.TrimSuffix(header, "\t"))
	var notes, skipped []string
	for i, e := range res.Events {
		if e.Skipped != "" {
			skipped = append(skipped, fmt.Sprintf("  #%d %s %s: %s", i+1, e.Event.Series, isoDay(e.Event.Date), e.Skipped))
			continue
		}
		estSpan, alpha, beta, sigma := "-", "-", "-", "-"
		if e.Fit.N > 0 {
			estSpan = isoDay(e.Fit.From) + "…" + isoDay(e.Fit.To)
			sigma = pct(e.Fit.Sigma, 3)
			if spec.Model != market.RawReturns {
				alpha = signedPct(e.Fit.Alpha, 4)
			}
		}
		if spec.Model == market.MarketModel || spec.Model == market.MarketAdjusted {
			beta = strconv.FormatFloat(e.Fit.Beta, 'f', 3, 64)
		}
		row := fmt.Sprintf("  %d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t", i+1, e.Event.Series, isoDay(e.Event.Date), isoDay(e.Day0),
			estSpan, e.Fit.N, alpha, beta, sigma)
		for _, c := range e.CARs {
			row += value(c, signedPct(c.Value, 3)) + "\t"
		}
		fmt.Fprintln(tw, strings.TrimSuffix(row, "\t"))
		for _, g := range e.Gaps {
			notes = append(notes, fmt.Sprintf("  #%d %s: no session for %d days, %s to %s, inside its windows (that return spans the gap)",
				i+1, e.Event.Series, g.Days, isoDay(g.From), isoDay(g.To)))
		}
		if e.Overlaps > 0 {
			var with []string
			for _, o := range e.OverlapsWith {
				with = append(with, fmt.Sprintf("#%d", o+1))
			}
			more := ""
			if e.Overlaps > len(with) {
				more = ", …"
			}
			notes = append(notes, fmt.Sprintf("  #%d %s: overlaps %d other event(s) of the series (%s%s): their event windows fall in its estimation or event window",
				i+1, e.Event.Series, e.Overlaps, strings.Join(with, ", "), more))
		}
		if len(e.Missing) > 0 {
			var days []string
			for _, d := range e.Missing {
				days = append(days, fmt.Sprintf("%+d", d))
			}
			notes = append(notes, fmt.Sprintf("  #%d %s: no return on event day(s) %s", i+1, e.Event.Series, strings.Join(days, ", ")))
		}
		if e.EstimationMissing > 0 {
			notes = append(notes, fmt.Sprintf("  #%d %s: %d estimation session(s) without a return", i+1, e.Event.Series, e.EstimationMissing))
		}
	}
	tw.Flush()
	if len(notes) > 0 {
		p("Gaps, overlaps and missing returns:\n%s\n", strings.Join(notes, "\n"))
	}
	if len(skipped) > 0 {
		p("Skipped:\n%s\n", strings.Join(skipped, "\n"))
	}

	for _, g := range res.Groups {
		printGroup(w, spec, g)
	}
	return nil
}

// plural counts things in words: 1 date, 2 dates, 3 series.
func plural(n int, thing string) string {
	if n != 1 && !strings.HasSuffix(thing, "s") {
		thing += "s"
	}
	return strconv.Itoa(n) + " " + thing
}

func actorCode(a *record.Actor) string {
	switch {
	case a == nil:
		return "?"
	case a.Code != "":
		return a.Code
	case a.Country != "":
		return a.Country
	}
	return "?"
}

func printGroup(w io.Writer, spec market.Spec, g market.GroupResult) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	title := "All events"
	if g.Group != "" {
		title = "Group " + g.Group
	}
	p("\n== %s: %d event(s) used\n", title, g.Events)
	if g.Events == 0 {
		p("no event of this group could be studied (see Skipped)\n")
		return
	}
	p("\nAAR by day, and the CAAR path from day %+d with its %g%% band\n", spec.Window.From, 100*spec.Confidence)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DAY\tDATE\tN\tAAR\tCAAR\tBAND\t")
	for i, d := range g.Days {
		date := "-"
		if !d.Date.IsZero() {
			date = isoDay(d.Date)
		}
		caar, band := "-", "-"
		if i < len(g.Path) && g.Path[i].N > 0 {
			pt := g.Path[i]
			caar = signedPct(pt.CAAR, 3)
			if pt.Unavailable == "" {
				band = signedPct(pt.Lower, 3) + " … " + signedPct(pt.Upper, 3)
			}
		}
		aar := "-"
		if d.N > 0 {
			aar = signedPct(d.Mean, 3)
		}
		fmt.Fprintf(tw, "%+d\t%s\t%d\t%s\t%s\t%s\t\n", d.Window.From, date, d.N, aar, caar, band)
	}
	tw.Flush()
	if len(g.Path) > 0 && g.Path[len(g.Path)-1].Unavailable != "" {
		p("(no band: %s)\n", g.Path[len(g.Path)-1].Unavailable)
	}

	p("\nTests of the AAR by day: statistic and stars (two-sided: *** 1%%, ** 5%%, * 10%%), p-value below\n")
	var head strings.Builder
	for _, d := range g.Days {
		fmt.Fprintf(&head, "%10s   ", fmt.Sprintf("%+d", d.Window.From))
	}
	p("  %-13s%s\n", "", strings.TrimRight(head.String(), " "))
	why := map[market.TestName][]string{}
	for _, name := range spec.Tests {
		var stat, pv strings.Builder
		hasP := false
		for _, d := range g.Days {
			tr, ok := d.Test(name)
			if !ok || tr.Unavailable != "" {
				fmt.Fprintf(&stat, "%10s   ", "-")
				fmt.Fprintf(&pv, "%13s", "")
				if ok && !slices.Contains(why[name], tr.Unavailable) {
					why[name] = append(why[name], tr.Unavailable)
				}
				continue
			}
			fmt.Fprintf(&stat, "%10s%-3s", fmtStat(tr.Stat), stars(tr.P))
			fmt.Fprintf(&pv, "%10s   ", fmtP(tr.P))
			hasP = true
		}
		p("  %-13s%s\n", testLabels[name], strings.TrimRight(stat.String(), " "))
		if hasP {
			p("  %-13s%s\n", "  p", strings.TrimRight(pv.String(), " "))
		}
	}
	for _, name := range spec.Tests {
		if r := why[name]; len(r) > 0 {
			p("  - %s: %s\n", testLabels[name], strings.Join(r, "; "))
		}
	}

	for _, s := range g.Windows {
		p("\nCAAR %s: ", s.Window)
		if s.N == 0 {
			p("- (no event has a return on every day of the window)\n")
			continue
		}
		p("%s over %d event(s)\n", signedPct(s.Mean, 3), s.N)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  TEST\tSTATISTIC\tP-VALUE\t\tLAW")
		for _, tr := range s.Tests {
			if tr.Unavailable != "" {
				fmt.Fprintf(tw, "  %s\t-\t-\t\t%s\n", testLabels[tr.Name], tr.Unavailable)
				continue
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", testLabels[tr.Name], fmtStat(tr.Stat), fmtP(tr.P), stars(tr.P), law(tr, s.N))
		}
		tw.Flush()
	}
	p("\nAcross events:\n")
	p("  mean correlation of the estimation ARs (ρ̄)   %s\n", value(g.RhoBar, fmtStat(g.RhoBar.Value)))
	p("  Kolari–Pynnönen factor                       %s\n", value(g.KP, fmtStat(g.KP.Value)))
	p("  share of positive estimation ARs (p̂)         %s\n", value(g.PHat, fmtStat(g.PHat.Value)))
}

func law(tr market.TestResult, n int) string {
	switch {
	case tr.DF > 0 && tr.DF == math.Trunc(tr.DF):
		return "t(" + strconv.FormatFloat(tr.DF, 'f', 0, 64) + ")"
	case tr.DF > 0:
		return "t(" + strconv.FormatFloat(tr.DF, 'f', 2, 64) + ")"
	case tr.Name == market.TestWilcoxon && n <= 50:
		return "exact"
	}
	return "normal"
}

func stars(p float64) string {
	switch {
	case p < 0.01:
		return "***"
	case p < 0.05:
		return "**"
	case p < 0.10:
		return "*"
	}
	return ""
}

// value prints s, or "-" with the reason for an unavailable figure.
func value(v market.Value, s string) string {
	if v.Unavailable != "" {
		return "- (" + v.Unavailable + ")"
	}
	return s
}

func fmtStat(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func fmtP(p float64) string {
	if p < 0.0001 {
		return strconv.FormatFloat(p, 'e', 1, 64)
	}
	return strconv.FormatFloat(p, 'f', 4, 64)
}

func pct(x float64, prec int) string { return strconv.FormatFloat(100*x, 'f', prec, 64) + "%" }

func signedPct(x float64, prec int) string {
	s := pct(x, prec)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// ---- CSV ---------------------------------------------------------------------

var studyCSVHeader = []string{"table", "group", "series", "event", "day0", "window", "date", "n", "estimate",
	"test", "stat", "p", "df", "fit_n", "alpha", "beta", "sigma", "unavailable"}

func writeStudyCSV(w io.Writer, res *market.Result) error {
	cw := csv.NewWriter(w)
	cw.Write(studyCSVHeader)
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, e := range res.Events {
		for k, win := range res.Spec.CARWindows {
			row := []string{"car", e.Event.Group, e.Event.Series, isoDay(e.Event.Date), "", win.String(), "", "", "",
				"", "", "", "", "", "", "", "", ""}
			if e.Skipped != "" {
				row[17] = e.Skipped
			} else {
				row[4] = isoDay(e.Day0)
				c := e.CARs[k]
				if c.Unavailable != "" {
					row[17] = c.Unavailable
				} else {
					row[8] = num(c.Value)
				}
				row[13], row[14], row[15], row[16] = strconv.Itoa(e.Fit.N), num(e.Fit.Alpha), num(e.Fit.Beta), num(e.Fit.Sigma)
			}
			cw.Write(row)
		}
	}
	for _, g := range res.Groups {
		for _, part := range []struct {
			table string
			stats []market.Stat
		}{{"day", g.Days}, {"window", g.Windows}} {
			for _, s := range part.stats {
				win := s.Window.String()
				if part.table == "day" {
					win = fmt.Sprintf("%+d", s.Window.From)
				}
				date := ""
				if !s.Date.IsZero() {
					date = isoDay(s.Date)
				}
				mean := ""
				if s.N > 0 {
					mean = num(s.Mean)
				}
				for _, tr := range s.Tests {
					row := []string{part.table, g.Group, "", "", "", win, date, strconv.Itoa(s.N), mean, string(tr.Name),
						"", "", "", "", "", "", "", tr.Unavailable}
					if tr.Unavailable == "" {
						row[10], row[11] = num(tr.Stat), num(tr.P)
						if tr.DF > 0 {
							row[12] = num(tr.DF)
						}
					}
					cw.Write(row)
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ---- chart -------------------------------------------------------------------

// writeCharts draws each group's CAAR path; with several groups each file
// takes the group's name before the extension.
func writeCharts(res *market.Result, path, format string) ([]string, error) {
	var paths []string
	for _, g := range res.Groups {
		if g.Events == 0 {
			continue
		}
		p := path
		if len(res.Groups) > 1 {
			ext := filepath.Ext(path)
			p = strings.TrimSuffix(path, ext) + "-" + fileSafe(g.Group) + ext
		}
		f, err := os.Create(p)
		if err != nil {
			return paths, err
		}
		err = market.CARChart(g, f, format)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return paths, fmt.Errorf("%s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r == ' ' || r < 32 {
			return '_'
		}
		return r
	}, s)
}
