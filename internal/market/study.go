package market

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ErrNoEvents is wrapped when a study has no event it can use.
var ErrNoEvents = errors.New("no usable events")

// Study runs an event study on prices: returns are computed per
// spec.Returns on the trading calendar (the market's sessions when a
// market is given), each event is mapped to its session, the model is fitted
// over the estimation window and the abnormal returns are aggregated and
// tested per event group.
//
// An event that cannot be studied (unknown series, outside the data, too
// few estimation returns, zero variance) is kept in Result.Events with a
// Skipped reason; the study fails only when the spec or a series is
// invalid, or when no event at all can be used.
func Study(spec Spec, in Input, events []Event) (*Result, error) {
	spec, err := spec.resolved(in.Market != nil)
	if err != nil {
		return nil, err
	}
	tracks, notes, err := tracksFromPrices(spec, in)
	if err != nil {
		return nil, err
	}
	return run(spec, tracks, notes, events)
}

// StudyReturns is Study for returns computed elsewhere; spec.Returns is
// not used.
func StudyReturns(spec Spec, in ReturnsInput, events []Event) (*Result, error) {
	spec, err := spec.resolved(in.Market != nil)
	if err != nil {
		return nil, err
	}
	tracks, notes, err := tracksFromReturns(spec, in)
	if err != nil {
		return nil, err
	}
	return run(spec, tracks, notes, events)
}

// layout is the shape every event shares, in days relative to day 0.
type layout struct {
	base   int // first relative day any computation touches
	span   int // days from base to the end of the event window
	hasEst bool
	est    Window
	win    Window
	wins   []Window // each day of the event window, then the CAR windows
	nDays  int
	full   []bool // per span day: in the estimation or the event window
}

func newLayout(s Spec) *layout {
	l := &layout{est: s.Estimation, win: s.Window, hasEst: !s.Estimation.IsZero(), nDays: s.Window.Len()}
	l.base = s.Window.From
	if l.hasEst {
		l.base = s.Estimation.From
	}
	l.span = s.Window.To - l.base + 1
	for d := s.Window.From; d <= s.Window.To; d++ {
		l.wins = append(l.wins, Window{d, d})
	}
	l.wins = append(l.wins, s.CARWindows...)
	l.full = make([]bool, l.span)
	for j := range l.full {
		tau := l.base + j
		l.full[j] = (l.hasEst && tau >= l.est.From && tau <= l.est.To) || (tau >= l.win.From && tau <= l.win.To)
	}
	return l
}

// inFull says whether relative day τ is in the estimation or event window.
func (l *layout) inFull(tau int) bool { return l.full[tau-l.base] }

type placed struct {
	ev int
	t  *track
	i0 int
}

func run(spec Spec, tracks map[string]*track, notes []string, events []Event) (*Result, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("%w: the study has no events", ErrNoEvents)
	}
	L := newLayout(spec)
	res := &Result{Spec: spec, Events: make([]EventResult, len(events)), Notes: notes}
	carBacking := make([]Value, len(events)*len(spec.CARWindows))

	// Place each event on its calendar, and group them.
	groupIndex := map[string]int{}
	var groups [][]placed
	for i, e := range events {
		er := &res.Events[i]
		er.Event = e
		er.Event.Date = Day(e.Date)
		g, ok := groupIndex[e.Group]
		if !ok {
			g = len(groups)
			groupIndex[e.Group] = g
			groups = append(groups, nil)
			res.Groups = append(res.Groups, GroupResult{Group: e.Group})
		}
		t := tracks[e.Series]
		if t == nil {
			er.Skipped = fmt.Sprintf("series %q is not in the study (event %s)", e.Series, fmtDate(er.Event.Date))
			continue
		}
		i0, why := t.locate(e.Date, spec.AfterClose || e.AfterClose)
		if why == "" {
			why = checkSpan(t, i0, L)
		}
		if why != "" {
			er.Skipped = why
			continue
		}
		er.Day0 = t.dates[i0]
		er.CARs = carBacking[i*len(spec.CARWindows) : (i+1)*len(spec.CARWindows) : (i+1)*len(spec.CARWindows)]
		groups[g] = append(groups[g], placed{ev: i, t: t, i0: i0})
	}
	for g, members := range groups {
		order := bySession(members)
		markOverlaps(res, members, order, L)
		gr := newGroupRun(spec, L, res, members, order)
		gr.run()
		gr.finish(&res.Groups[g])
	}
	used := 0
	var why []string
	for _, er := range res.Events {
		if er.Skipped == "" {
			used++
		} else if len(why) < 3 {
			why = append(why, er.Skipped)
		}
	}
	if used == 0 {
		more := ""
		if n := len(events) - len(why); n > 0 {
			more = fmt.Sprintf(" (and %d more)", n)
		}
		return nil, fmt.Errorf("%w: %s%s", ErrNoEvents, strings.Join(why, "; "), more)
	}
	return res, nil
}

// checkSpan says why the windows around session i0 do not fit the data.
func checkSpan(t *track, i0 int, L *layout) string {
	day := func() string { return fmtDate(t.dates[i0]) }
	if i0+L.base < 0 {
		what := "event window " + L.win.String()
		if L.hasEst {
			what = "estimation window " + L.est.String()
		}
		return fmt.Sprintf("%s of event day %s needs %d sessions before it, but series %s has %d",
			what, day(), -L.base, t.name, i0)
	}
	if i0+L.win.To > t.last {
		return fmt.Sprintf("event window %s of event day %s runs past the last return of series %s (%s)",
			L.win, day(), t.name, fmtDate(t.dates[t.last]))
	}
	if i0 < t.first {
		return fmt.Sprintf("event day %s is before the first return of series %s (%s)", day(), t.name, fmtDate(t.dates[t.first]))
	}
	return ""
}

// bySession orders members by series, then session, then input order.
func bySession(members []placed) []int32 {
	order := make([]int32, len(members))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := members[a], members[b]
		if x.t != y.t {
			return strings.Compare(x.t.name, y.t.name)
		}
		if x.i0 != y.i0 {
			return x.i0 - y.i0
		}
		return int(a - b)
	})
	return order
}

// markOverlaps counts, for each event, the other events of the same series
// in the group whose event window falls in its estimation or event window.
func markOverlaps(res *Result, members []placed, order []int32, L *layout) {
	if len(members) < 2 {
		return
	}
	days := make([]int, len(order))
	for k, i := range order {
		days[k] = members[i].i0
	}
	backing := make([]int, 3*len(members))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && members[order[hi]].t == members[order[lo]].t {
			hi++
		}
		run, runDays := order[lo:hi], days[lo:hi]
		lo = hi
		if len(run) < 2 {
			continue
		}
		for self, mi := range run {
			m := members[mi]
			// Event j's window [j+W1, j+W2] meets [m+a, m+b] when j lies in
			// [m+a−W2, m+b−W1].
			var buf [2][2]int
			ranges := buf[:0]
			if L.hasEst {
				ranges = append(ranges, [2]int{m.i0 + L.est.From - L.win.To, m.i0 + L.est.To - L.win.From})
			}
			ranges = append(ranges, [2]int{m.i0 + L.win.From - L.win.To, m.i0 + L.win.To - L.win.From})
			if len(ranges) == 2 && ranges[0][1] >= ranges[1][0]-1 {
				ranges[0][1] = max(ranges[0][1], ranges[1][1])
				ranges = ranges[:1]
			}
			er := &res.Events[m.ev]
			er.OverlapsWith, backing = backing[:0:3], backing[3:]
			for _, r := range ranges {
				a, _ := slices.BinarySearch(runDays, r[0])
				b, _ := slices.BinarySearch(runDays, r[1]+1)
				er.Overlaps += b - a
				if a <= self && self < b {
					er.Overlaps-- // itself
				}
				for k := a; k < b && len(er.OverlapsWith) < cap(er.OverlapsWith); k++ {
					if k != self {
						er.OverlapsWith = append(er.OverlapsWith, members[run[k]].ev)
					}
				}
			}
			if len(er.OverlapsWith) == 0 {
				er.OverlapsWith = nil
			}
		}
	}
}

// isNaN is the package's marker for a missing number inside computations.
func isNaN(x float64) bool { return math.IsNaN(x) }
