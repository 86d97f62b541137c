package market

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Input is a study's price data: the securities (any series, really) the
// events happen to, and optionally a market index. With a market, its
// sessions are the trading calendar for every security; without one, each
// security is its own calendar.
type Input struct {
	Securities []Series
	Market     *Series
}

// ReturnsInput is Input for returns computed elsewhere. A security return
// on a day that is not a market session is ignored (and noted).
type ReturnsInput struct {
	Securities []Returns
	Market     *Returns
}

// track is one security on its trading calendar: dates are the sessions
// that can carry a return, r and rm the security and market returns on
// them, NaN where there is none.
type track struct {
	name  string
	dates []time.Time
	r     []float64
	rm    []float64 // nil without a market
	first int       // first and last sessions with a security return
	last  int
	gaps  []int // sessions k that lie more than MaxGapDays after session k−1 (k = 0: after prev0)
	prev0 time.Time
}

// tracksFromPrices aligns each security's prices with the calendar and
// turns them into returns; a return needs prices on two consecutive
// sessions, so a missing price leaves two returns missing (as estudy2).
func tracksFromPrices(spec Spec, in Input) (map[string]*track, []string, error) {
	var notes []string
	var calPrices []Price
	var calDates []time.Time // shared by every track when there is a market
	var rm []float64
	if in.Market != nil {
		m := *in.Market
		if err := m.Validate(); err != nil {
			return nil, nil, fmt.Errorf("market: %w", err)
		}
		calPrices = m.Prices
		rm = make([]float64, len(m.Prices)-1)
		calDates = make([]time.Time, len(rm))
		for k := range rm {
			rm[k] = spec.Returns.of(m.Prices[k].Close, m.Prices[k+1].Close)
			calDates[k] = m.Prices[k+1].Date
		}
	}
	tracks := make(map[string]*track, len(in.Securities))
	for _, s := range in.Securities {
		if err := s.Validate(); err != nil {
			return nil, nil, err
		}
		if _, dup := tracks[s.Name]; dup {
			return nil, nil, fmt.Errorf("%w: two securities are named %q", ErrSpec, s.Name)
		}
		cal := calPrices
		if cal == nil {
			cal = s.Prices
		}
		// level[j]: the security's price on calendar day j, NaN if none.
		level := make([]float64, len(cal))
		off := 0
		j := 0
		for i := range level {
			level[i] = math.NaN()
		}
		for _, p := range s.Prices {
			for j < len(cal) && cal[j].Date.Before(p.Date) {
				j++
			}
			if j < len(cal) && cal[j].Date.Equal(p.Date) {
				level[j] = p.Close
			} else {
				off++
			}
		}
		if off > 0 {
			notes = append(notes, fmt.Sprintf("series %s: %d prices on days that are not market sessions were ignored", s.Name, off))
		}
		t := &track{name: s.Name, dates: calDates, r: make([]float64, len(cal)-1), rm: rm}
		if t.dates == nil {
			t.dates = make([]time.Time, len(cal)-1)
			for k := range t.dates {
				t.dates[k] = cal[k+1].Date
			}
		}
		for k := range t.r {
			a, b := level[k], level[k+1]
			if math.IsNaN(a) || math.IsNaN(b) {
				t.r[k] = math.NaN()
				continue
			}
			t.r[k] = spec.Returns.of(a, b)
		}
		t.prev0 = cal[0].Date
		if err := t.finish(spec); err != nil {
			return nil, nil, err
		}
		tracks[s.Name] = t
	}
	return tracks, notes, nil
}

func tracksFromReturns(spec Spec, in ReturnsInput) (map[string]*track, []string, error) {
	var notes []string
	var cal []time.Time
	var rm []float64
	if in.Market != nil {
		if err := in.Market.Validate(); err != nil {
			return nil, nil, fmt.Errorf("market: %w", err)
		}
		cal, rm = in.Market.Dates, in.Market.Values
	}
	tracks := make(map[string]*track, len(in.Securities))
	for _, s := range in.Securities {
		if err := s.Validate(); err != nil {
			return nil, nil, err
		}
		if _, dup := tracks[s.Name]; dup {
			return nil, nil, fmt.Errorf("%w: two securities are named %q", ErrSpec, s.Name)
		}
		t := &track{name: s.Name, rm: rm}
		if cal == nil {
			t.dates = s.Dates
			t.r = s.Values
		} else {
			t.dates = cal
			t.r = make([]float64, len(cal))
			for k := range t.r {
				t.r[k] = math.NaN()
			}
			off, j := 0, 0
			for i, d := range s.Dates {
				for j < len(cal) && cal[j].Before(d) {
					j++
				}
				if j < len(cal) && cal[j].Equal(d) {
					t.r[j] = s.Values[i]
				} else {
					off++
				}
			}
			if off > 0 {
				notes = append(notes, fmt.Sprintf("series %s: %d returns on days that are not market sessions were ignored", s.Name, off))
			}
		}
		if err := t.finish(spec); err != nil {
			return nil, nil, err
		}
		tracks[s.Name] = t
	}
	return tracks, notes, nil
}

// finish finds the first and last returns and the gaps.
func (t *track) finish(spec Spec) error {
	t.first, t.last = -1, -1
	for k, v := range t.r {
		if !math.IsNaN(v) {
			if t.first < 0 {
				t.first = k
			}
			t.last = k
		}
	}
	if t.first < 0 {
		return fmt.Errorf("series %s: no returns on market sessions: %w", t.name, ErrEmpty)
	}
	limit := time.Duration(spec.MaxGapDays) * 24 * time.Hour
	for k, d := range t.dates {
		prev := t.prev0
		if k > 0 {
			prev = t.dates[k-1]
		}
		if !prev.IsZero() && d.Sub(prev) > limit {
			t.gaps = append(t.gaps, k)
		}
	}
	return nil
}

// gapsIn lists the gaps at sessions lo…hi.
func (t *track) gapsIn(lo, hi int) []Gap {
	i := sort.SearchInts(t.gaps, lo)
	var out []Gap
	for ; i < len(t.gaps) && t.gaps[i] <= hi; i++ {
		k := t.gaps[i]
		prev := t.prev0
		if k > 0 {
			prev = t.dates[k-1]
		}
		out = append(out, Gap{From: prev, To: t.dates[k], Days: int(t.dates[k].Sub(prev).Hours() / 24)})
	}
	return out
}

// locate maps an event date to its session: the last session on or before
// the date, or with afterClose the first session after it. It says why
// when the date lies outside the security's data.
func (t *track) locate(d time.Time, afterClose bool) (int, string) {
	d = Day(d)
	first, last := t.dates[t.first], t.dates[t.last]
	if d.Before(first) {
		return -1, fmt.Sprintf("event %s is before the first return of series %s (%s)", fmtDate(d), t.name, fmtDate(first))
	}
	if d.After(last) || (afterClose && d.Equal(last)) {
		return -1, fmt.Sprintf("event %s is after the last return of series %s (%s)", fmtDate(d), t.name, fmtDate(last))
	}
	// i: the first session after d.
	i := sort.Search(len(t.dates), func(k int) bool { return t.dates[k].After(d) })
	if afterClose {
		return i, ""
	}
	return i - 1, ""
}
