package watch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// marketEstimation is the window, in sessions before the story, that the
// normal return and its deviation are estimated over.
var marketEstimation = market.Window{From: -60, To: -6}

// marketRule holds for each story fitting its pattern after which the
// series moved beyond K standard deviations of its normal (mean-adjusted)
// return within N sessions (3 unless it says), day 0 included; it lasts
// while the story is within those N days.
type marketRule struct{ base }

func (r *marketRule) Causes(ctx context.Context, in *Inputs, prev map[string]store.Alert, fresh bool) ([]Cause, error) {
	s := r.spec
	within := r.within(DefaultMarketDays)
	k := s.K
	if k == 0 {
		k = DefaultMarketK
	}
	today := in.nowDay()
	// On the day of the last evaluation, with the series as it was then,
	// a story's cause can only have changed if the story did: look at the
	// changed stories, and carry the other alerts as they are. Otherwise
	// (a new day, new prices, a new rule) every story of the window.
	incremental := !fresh && r.seriesUnchanged(ctx, in) && dayOf(in.Prev.EvaluatedAt).Equal(today)
	var idx *storyIndex
	var err error
	if incremental {
		idx, err = in.changedIndex(ctx)
	} else {
		idx, err = in.recentIndex(ctx, today.Add(-within))
	}
	if err != nil {
		return nil, err
	}
	var carried []Cause
	if incremental {
		for id, a := range prev {
			if _, story, ok := strings.Cut(strings.TrimPrefix(id, "market:"), ":"); ok && idx.ids["story:"+story] {
				continue // recomputed below, or gone
			}
			if c, ok := carry(a, in.Now); ok {
				carried = append(carried, c)
			}
		}
	}
	var match []*record.Story
	byDay := map[string]bool{}
	for _, i := range idx.candidates(s.Story) {
		st := &idx.all[i]
		if ok, _ := inWindow(st.Date, today, within); !ok || len(st.Date) != 10 || !s.Story.Matches(st) {
			continue
		}
		match = append(match, st)
		byDay[st.Date] = true
	}
	if len(match) == 0 {
		return carried, nil
	}
	ps, err := in.Series(ctx, s.Series)
	if err != nil {
		return nil, err
	}
	ser := market.Series{Name: ps.Name, Prices: make([]market.Price, len(ps.Prices))}
	for i, p := range ps.Prices {
		ser.Prices[i] = market.Price{Date: market.Day(p.Date), Close: p.Close}
	}
	// One event per day: stories of the same day share day 0.
	var events []market.Event
	for d := range byDay {
		t, _ := time.Parse(time.DateOnly, d)
		events = append(events, market.Event{ID: d, Series: ps.Name, Date: t})
	}
	sort.Slice(events, func(i, j int) bool { return events[i].Date.Before(events[j].Date) })
	days := int(within / day)
	res, err := market.Study(market.Spec{Model: market.MeanAdjusted, Estimation: marketEstimation,
		Window: market.Window{From: 0, To: days}, KeepAR: true, Tests: []market.TestName{market.TestT}}, market.Input{Securities: []market.Series{ser}}, events)
	if errors.Is(err, market.ErrNoEvents) {
		return carried, nil
	}
	if err != nil {
		return nil, fmt.Errorf("series %s: %w", ps.Name, err)
	}
	moves := map[string]marketMove{}
	for _, er := range res.Events {
		if er.Skipped != "" || er.Fit.Sigma <= 0 {
			continue
		}
		if m, ok := bestMove(ser, er, today, k); ok {
			moves[er.Event.ID] = m
		}
	}
	out := carried
	for _, st := range match {
		m, ok := moves[st.Date]
		if !ok {
			continue
		}
		_, until := inWindow(st.Date, today, within)
		c, err := storyCause(ctx, in, st, until)
		if err != nil {
			return nil, err
		}
		c.ID = "market:" + ps.Name + ":" + st.ID
		c.Title = fmt.Sprintf("%s %+.2f%% on %s (%.1f sd) after: %s", ps.Name, 100*(math.Exp(m.ar)-1), iso(m.date), m.z, c.Title)
		c.Summary = fmt.Sprintf("%s moved %+.2f%% abnormal on %s, %d session%s after the story (z %+.2f; CAR to then %+.2f%%, t p=%s). Story: %s",
			ps.Name, 100*(math.Exp(m.ar)-1), iso(m.date), m.day, plural(m.day), m.z, 100*(math.Exp(m.car)-1), formatP(m.p), c.Summary)
		c.Detail["series"], c.Detail["move_date"], c.Detail["abnormal_return"], c.Detail["z"], c.Detail["car"] = ps.Name, iso(m.date), round4(m.ar), round2(m.z), round4(m.car)
		out = append(out, c)
	}
	return out, nil
}

// seriesUnchanged reports whether the rule's series was stored before the
// last evaluation began (its import time against the evaluation's wall
// clock mark, with the same slack as stories).
func (r *marketRule) seriesUnchanged(ctx context.Context, in *Inputs) bool {
	if in.Prev.EvaluatedAt.IsZero() || in.Prev.StoryMark.IsZero() || in.ms == nil {
		return false
	}
	ps, err := in.Series(ctx, r.spec.Series)
	return err == nil && !ps.ImportedAt.IsZero() && ps.ImportedAt.Before(in.Prev.StoryMark.Add(-storySlack))
}

type marketMove struct {
	date   time.Time
	day    int
	ar, z  float64
	car, p float64
}

// bestMove finds the day of the event window, up to today, whose
// abnormal return lies furthest beyond k standard deviations.
func bestMove(ser market.Series, er market.EventResult, today time.Time, k float64) (marketMove, bool) {
	i0 := sort.Search(len(ser.Prices), func(i int) bool { return !ser.Prices[i].Date.Before(er.Day0) })
	var best marketMove
	found := false
	car := 0.0
	for j, v := range er.AR {
		idx := i0 + j
		if idx >= len(ser.Prices) || ser.Prices[idx].Date.After(today) || v.Unavailable != "" {
			break
		}
		car += v.Value
		z := v.Value / er.Fit.Sigma
		if math.Abs(z) >= k && (!found || math.Abs(z) > math.Abs(best.z)) {
			n := float64(j + 1)
			best = marketMove{date: ser.Prices[idx].Date, day: j, ar: v.Value, z: z, car: car,
				p: 2 * (1 - normalCDF(math.Abs(car/(er.Fit.Sigma*math.Sqrt(n)))))}
			found = true
		}
	}
	return best, found
}

func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func formatP(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}
