package market

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// walkSeries is a deterministic wiggly price series on weekdays from start.
func walkSeries(name string, start string, n int, seed float64) Series {
	s := Series{Name: name}
	d := date(start)
	level := 100.0
	for i := 0; len(s.Prices) < n; i++ {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			level *= math.Exp(0.01 * math.Sin(seed*float64(i)+seed*seed))
			s.Prices = append(s.Prices, Price{Date: d, Close: level})
		}
		d = d.AddDate(0, 0, 1)
	}
	return s
}

func mustMarshal(t *testing.T, res *Result) {
	t.Helper()
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("result does not marshal (a NaN or infinity?): %v", err)
	}
}

var basicSpec = Spec{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}}

func TestStudyBadInput(t *testing.T) {
	good := walkSeries("GOOD", "2024-01-01", 200, 1.3)
	mkt := walkSeries("MKT", "2024-01-01", 200, 0.7)
	constant := Series{Name: "FLAT"}
	for _, p := range good.Prices {
		constant.Prices = append(constant.Prices, Price{Date: p.Date, Close: 50})
	}
	withNaN := walkSeries("NANS", "2024-01-01", 50, 1.1)
	withNaN.Prices[20].Close = math.NaN()
	negative := walkSeries("NEG", "2024-01-01", 50, 1.1)
	negative.Prices[30].Close = -1
	ev := func(series, d string) []Event { return []Event{{Series: series, Date: date(d)}} }

	cases := []struct {
		name    string
		spec    Spec
		in      Input
		events  []Event
		err     error
		mention []string // words the message must contain
	}{
		{"empty series", basicSpec, Input{Securities: []Series{{Name: "EMPTY"}}}, ev("EMPTY", "2024-03-01"), ErrEmpty, []string{"EMPTY"}},
		{"one price", basicSpec, Input{Securities: []Series{{Name: "ONE", Prices: good.Prices[:1]}}}, ev("ONE", "2024-03-01"), ErrTooShort, []string{"ONE", "2024-01-01"}},
		{"NaN price", basicSpec, Input{Securities: []Series{withNaN}}, ev("NANS", "2024-03-01"), ErrNotFinite, []string{"NANS", fmtDate(withNaN.Prices[20].Date)}},
		{"negative price", basicSpec, Input{Securities: []Series{negative}}, ev("NEG", "2024-03-01"), ErrNonPositive, []string{"NEG", fmtDate(negative.Prices[30].Date)}},
		{"constant prices", basicSpec, Input{Securities: []Series{constant}}, ev("FLAT", "2024-06-03"), ErrNoEvents, []string{"FLAT", "zero variance", "2024-06-03"}},
		{"constant market", Spec{Estimation: Window{-30, -3}, Window: Window{-1, 1}}, Input{Securities: []Series{good}, Market: &constant}, ev("GOOD", "2024-06-03"), ErrNoEvents, []string{"market return is constant", "GOOD"}},
		{"event before the data", basicSpec, Input{Securities: []Series{good}}, ev("GOOD", "2023-12-01"), ErrNoEvents, []string{"GOOD", "2023-12-01", "before"}},
		{"event after the data", basicSpec, Input{Securities: []Series{good}}, ev("GOOD", "2030-01-01"), ErrNoEvents, []string{"GOOD", "2030-01-01", "after"}},
		{"too little history", basicSpec, Input{Securities: []Series{good}}, ev("GOOD", "2024-01-10"), ErrNoEvents, []string{"GOOD", "estimation window", "sessions before"}},
		{"window past the end", basicSpec, Input{Securities: []Series{good}}, ev("GOOD", fmtDate(good.Prices[199].Date)), ErrNoEvents, []string{"GOOD", "runs past"}},
		{"unknown series", basicSpec, Input{Securities: []Series{good}}, ev("NOPE", "2024-06-03"), ErrNoEvents, []string{"NOPE"}},
		{"no events", basicSpec, Input{Securities: []Series{good}}, nil, ErrNoEvents, nil},
		{"overlapping windows", Spec{Model: MeanAdjusted, Estimation: Window{-30, 0}, Window: Window{-1, 1}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"-30:+0", "overlaps", "-1:+1"}},
		{"estimation after event", Spec{Model: MeanAdjusted, Estimation: Window{5, 30}, Window: Window{-1, 1}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"after"}},
		{"market model without market", Spec{Model: MarketModel, Estimation: Window{-30, -3}, Window: Window{-1, 1}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"market"}},
		{"mean model without estimation", Spec{Model: MeanAdjusted, Window: Window{-1, 1}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"estimation"}},
		{"CAR window outside", Spec{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}, CARWindows: []Window{{0, 2}}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"0:+2"}},
		{"bad confidence", Spec{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}, Confidence: 1.5}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"confidence"}},
		{"unknown test", Spec{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}, Tests: []TestName{"magic"}}, Input{Securities: []Series{good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"magic"}},
		{"duplicate names", basicSpec, Input{Securities: []Series{good, good}}, ev("GOOD", "2024-06-03"), ErrSpec, []string{"GOOD"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Study(c.spec, c.in, c.events)
			if !errors.Is(err, c.err) {
				t.Fatalf("got %v (result %v), want %v", err, res != nil, c.err)
			}
			for _, m := range c.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%q does not mention %q", err, m)
				}
			}
		})
	}
	_ = mkt
}

// One bad event among good ones is skipped with its reason; the rest is
// studied and nothing in the result is NaN.
func TestStudySkipsBadEventsAndReports(t *testing.T) {
	a := walkSeries("A", "2024-01-01", 300, 1.3)
	b := walkSeries("B", "2024-01-01", 300, 0.4)
	// B misses a price inside the windows of its event: two returns go.
	missing := b.Prices[150].Date
	b.Prices = append(b.Prices[:150:150], b.Prices[151:]...)
	mkt := walkSeries("MKT", "2024-01-01", 300, 0.9)
	events := []Event{
		{ID: "a1", Series: "A", Date: a.Prices[150].Date},
		{ID: "a2", Series: "A", Date: a.Prices[160].Date}, // within a1's estimation? no: after; a1 within a2's estimation window
		{ID: "b1", Series: "B", Date: missing},
		{ID: "bad", Series: "A", Date: date("2019-01-01")},
	}
	spec := Spec{Model: MarketModel, Estimation: Window{-60, -6}, Window: Window{-2, 2}, KeepAR: true}
	res, err := Study(spec, Input{Securities: []Series{a, b}, Market: &mkt}, events)
	if err != nil {
		t.Fatal(err)
	}
	mustMarshal(t, res)
	byID := map[string]EventResult{}
	for _, e := range res.Events {
		byID[e.Event.ID] = e
	}
	if s := byID["bad"].Skipped; !strings.Contains(s, "before") || !strings.Contains(s, "2019-01-01") {
		t.Errorf("bad event: skipped %q", s)
	}
	if e := byID["a2"]; e.Overlaps != 1 || len(e.OverlapsWith) != 1 || e.OverlapsWith[0] != 0 {
		t.Errorf("a2 overlaps %d %v, want a1", e.Overlaps, e.OverlapsWith)
	}
	if e := byID["a1"]; e.Overlaps != 0 {
		t.Errorf("a1 overlaps %d, want 0 (a2's window is after a1's)", e.Overlaps)
	}
	// B has no price on the event day itself, so the event maps to the
	// session before, and the returns into and out of the missing day
	// are missing.
	e := byID["b1"]
	if e.Skipped != "" {
		t.Fatalf("b1 skipped: %s", e.Skipped)
	}
	if !reflect.DeepEqual(e.Missing, []int{0, 1}) {
		t.Errorf("b1 missing days %v, want [0 1]", e.Missing)
	}
	if e.CARs[0].Unavailable == "" {
		t.Errorf("b1 CAR over -2:+2 should be unavailable, got %v", e.CARs[0])
	}
	g := res.Groups[0]
	if g.Events != 3 || g.Days[2].N != 2 || g.Days[0].N != 3 {
		t.Errorf("group: %d events, N on day 0 %d (want 2), on day -2 %d (want 3)", g.Events, g.Days[2].N, g.Days[0].N)
	}
	if g.Days[0].Date != (time.Time{}) {
		t.Errorf("events on different dates should leave Days[].Date zero")
	}
}

// Every statistic is either a finite number or unavailable with a reason,
// even for one event, ties and zero spreads.
func TestStudyNeverNaN(t *testing.T) {
	a := walkSeries("A", "2024-01-01", 200, 1.3)
	for _, spec := range []Spec{
		{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}},
		{Model: RawReturns, Window: Window{0, 2}},
		{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}, Convention: Estudy2},
		{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{-1, 1}, Convention: EventStudyTools},
	} {
		res, err := Study(spec, Input{Securities: []Series{a}}, []Event{{Series: "A", Date: date("2024-06-03")}})
		if err != nil {
			t.Fatal(err)
		}
		mustMarshal(t, res)
		for _, d := range append(res.Groups[0].Days, res.Groups[0].Windows...) {
			for _, tr := range d.Tests {
				if !finite(tr.Stat) || !finite(tr.P) || (tr.Unavailable != "" && (tr.Stat != 0 || tr.P != 0)) {
					t.Errorf("%s %s: %+v", d.Window, tr.Name, tr)
				}
			}
			if tr, _ := d.Test(TestT); tr.Unavailable == "" {
				t.Errorf("a t-test on one event should be unavailable")
			}
		}
		if p := res.Groups[0].Path[0]; p.Unavailable == "" {
			t.Errorf("a band from one event should be unavailable")
		}
	}
}

func TestEventCalendarMapping(t *testing.T) {
	// Sessions Mon 2024-06-03 … Fri 2024-06-07, Mon 2024-06-10 …
	a := walkSeries("A", "2024-01-01", 200, 1.3)
	spec := Spec{Model: RawReturns, Window: Window{0, 0}}
	cases := []struct {
		d          string
		afterClose bool
		want       string
	}{
		{"2024-06-05", false, "2024-06-05"}, // a session: itself
		{"2024-06-08", false, "2024-06-07"}, // Saturday: the Friday before
		{"2024-06-09", false, "2024-06-07"},
		{"2024-06-05", true, "2024-06-06"}, // after the close: the next session
		{"2024-06-08", true, "2024-06-10"}, // weekend news after close: Monday
	}
	for _, c := range cases {
		res, err := Study(spec, Input{Securities: []Series{a}}, []Event{{Series: "A", Date: date(c.d), AfterClose: c.afterClose}})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmtDate(res.Events[0].Day0); got != c.want {
			t.Errorf("%s (after close %v) maps to %s, want %s", c.d, c.afterClose, got, c.want)
		}
	}
	// Spec.AfterClose does the same for every event.
	spec.AfterClose = true
	res, _ := Study(spec, Input{Securities: []Series{a}}, []Event{{Series: "A", Date: date("2024-06-05")}})
	if got := fmtDate(res.Events[0].Day0); got != "2024-06-06" {
		t.Errorf("Spec.AfterClose: %s", got)
	}
}

// The story the issue opens with: the day after the 12 February 2025
// Trump–Putin call, IMOEX closed up 6%; and the 2022 trading halt shows up
// as a gap.
func TestIMOEXEvents(t *testing.T) {
	f, err := os.Open(shared.Path(t, "markets/IMOEX_moex_iss_raw.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imoex, err := ParseSeries(f, "IMOEX", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Model: MeanAdjusted, Estimation: Window{-120, -6}, Window: Window{-1, 5}, CARWindows: []Window{{0, 1}}, KeepAR: true}
	res, err := Study(spec, Input{Securities: []Series{imoex}}, []Event{
		{ID: "call", Series: "IMOEX", Date: date("2025-02-12")},
		{ID: "invasion", Series: "IMOEX", Date: date("2022-02-24")},
	})
	if err != nil {
		t.Fatal(err)
	}
	mustMarshal(t, res)
	call := res.Events[0]
	if ar := call.AR[2].Value; math.Abs(ar-0.0582) > 0.003 { // day +1: log return 5.82% less the mean
		t.Errorf("IMOEX abnormal return on 2025-02-13 = %.4f, want about 0.058", ar)
	}
	inv := res.Events[1]
	if len(inv.Gaps) != 1 || fmtDate(inv.Gaps[0].From) != "2022-02-25" || fmtDate(inv.Gaps[0].To) != "2022-03-24" || inv.Gaps[0].Days != 27 {
		t.Errorf("invasion gaps %+v, want the halt 2022-02-25 → 2022-03-24 (27 days)", inv.Gaps)
	}
	var buf bytes.Buffer
	if err := CARChart(res.Groups[0], &buf, "svg"); err != nil {
		t.Fatal(err)
	}
}

func TestCARChart(t *testing.T) {
	a := walkSeries("A", "2024-01-01", 300, 1.3)
	b := walkSeries("B", "2024-01-01", 300, 0.4)
	var events []Event
	for _, d := range []int{100, 140, 180, 220} {
		events = append(events, Event{Series: "A", Date: a.Prices[d].Date}, Event{Series: "B", Date: b.Prices[d].Date})
	}
	res, err := Study(Spec{Model: MeanAdjusted, Estimation: Window{-40, -6}, Window: Window{-3, 3}}, Input{Securities: []Series{a, b}}, events)
	if err != nil {
		t.Fatal(err)
	}
	for format, magic := range map[string]string{"svg": "<svg", "png": "\x89PNG"} {
		var buf bytes.Buffer
		if err := CARChart(res.Groups[0], &buf, format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes()[:min(200, buf.Len())], []byte(magic)) {
			t.Errorf("%s output does not start like one", format)
		}
	}
	if err := CARChart(res.Groups[0], &bytes.Buffer{}, "gif"); err == nil {
		t.Error("gif accepted")
	}
}

// The figures do not depend on how many CPUs share the work.
func TestStudyDeterministic(t *testing.T) {
	in, events := syntheticStudy(3, 800, 1500)
	spec := benchSpec
	spec.Convention = Textbook
	prev := runtime.GOMAXPROCS(1)
	one, err := Study(spec, in, events)
	runtime.GOMAXPROCS(max(4, prev))
	many, err2 := Study(spec, in, events)
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if !reflect.DeepEqual(one.Groups, many.Groups) {
		t.Error("results differ between 1 and 4 CPUs")
	}
	mustMarshal(t, one)
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]Window{"-120:-6": {-120, -6}, "-1:+1": {-1, 1}, " 0 : 1 ": {0, 1}, "3": {3, 3}} {
		if got, err := ParseWindow(in); err != nil || got != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "a:b", "2:1", "1:2:3"} {
		if _, err := ParseWindow(in); err == nil {
			t.Errorf("ParseWindow(%q) accepted", in)
		}
	}
	// Names a CLI passes straight through resolve.
	for _, c := range []Convention{"", Textbook, Estudy2, EventStudyTools} {
		s, err := Spec{Model: MeanAdjusted, Estimation: Window{-30, -3}, Window: Window{0, 0}, Convention: c}.resolved(false)
		if err != nil || s.Convention == "" {
			t.Errorf("convention %q: %v", c, err)
		}
	}
}

// The Walsh-average order statistic found by bisection equals the one
// found by listing them all.
func TestWalshKth(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 20, 61} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Sin(float64(i*i+3)) * float64(i%5+1)
		}
		xs[n/2] = xs[0] // a tie
		slices.Sort(xs)
		var all []float64
		for i := range xs {
			for j := i; j < n; j++ {
				all = append(all, (xs[i]+xs[j])/2)
			}
		}
		slices.Sort(all)
		for _, k := range []int{1, len(all) / 3, len(all)} {
			if k < 1 {
				continue
			}
			if got := walshKth(xs, k); got != all[k-1] {
				t.Errorf("n=%d k=%d: %v, want %v", n, k, got, all[k-1])
			}
		}
	}
}

func TestMedianSelection(t *testing.T) {
	for n := 1; n < 60; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64((i * 37) % 11) // many ties
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		want := sorted[n/2]
		if n%2 == 0 {
			want = (sorted[n/2-1] + sorted[n/2]) / 2
		}
		if got := median(xs); got != want {
			t.Errorf("n=%d: median %v, want %v", n, got, want)
		}
	}
}
