package watch

import (
	"context"
	"fmt"
	"math"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// toneRule holds for each recent period in which a dyad's tone departed
// from its trailing window (internal/tone's shift test): by week unless it
// says, both directions unless one-way, any change unless down or up, and
// for the current and the last period unless within says.
type toneRule struct{ base }

func (r *toneRule) detector() tone.Detector {
	d := tone.DefaultDetector()
	if r.spec.Periods > 0 {
		d.Window = r.spec.Periods
	}
	if r.spec.K > 0 {
		d.Threshold = r.spec.K
	} else {
		d.Threshold = DefaultToneK
	}
	if r.spec.Metric != "" {
		d.Metric = r.spec.Metric
	}
	return d
}

func (r *toneRule) period() tone.Period {
	if r.spec.Period != "" {
		return tone.Period(r.spec.Period)
	}
	return tone.Week
}

func (r *toneRule) Causes(ctx context.Context, in *Inputs, prev map[string]store.Alert, fresh bool) ([]Cause, error) {
	s := r.spec
	today := in.nowDay()
	if !fresh && dayOf(in.Prev.EvaluatedAt).Equal(today) {
		// Same day as the last evaluation: the series can only have moved
		// if a story between the two changed.
		moved, err := in.DyadChanged(ctx, s.Dyad.A, s.Dyad.B)
		if err != nil {
			return nil, err
		}
		if !moved {
			var out []Cause
			for _, a := range prev {
				if c, ok := carry(a, in.Now); ok {
					out = append(out, c)
				}
			}
			return out, nil
		}
	}
	by, det := r.period(), r.detector()
	cur := by.Start(today)
	within := s.Within
	if within == 0 {
		within = cur.Sub(by.Add(cur, -1)) // one period back
	}
	first := by.Start(today.Add(-within))
	lead := by.Add(first, -det.Window)
	cells, err := in.ToneCells(ctx, s.Dyad.A, s.Dyad.B, lead)
	if err != nil {
		return nil, err
	}
	dirs := []tone.Dyad{{Source: s.Dyad.A, Target: s.Dyad.B}}
	if !s.OneWay {
		dirs = append(dirs, tone.Dyad{Source: s.Dyad.B, Target: s.Dyad.A})
	}
	series, err := tone.Build(cells, tone.Options{By: by, From: first, To: today, Lead: det.Window, Directions: dirs})
	if err != nil {
		return nil, fmt.Errorf("tone %s: %w", s.Dyad, err)
	}
	shifts, err := tone.Shifts(series, det)
	if err != nil {
		return nil, fmt.Errorf("tone %s: %w", s.Dyad, err)
	}
	var out []Cause
	for _, sh := range shifts {
		if s.Change != "" && s.Change != "any" && sh.Change != s.Change {
			continue
		}
		_, end, ok := dateRange(sh.End)
		if !ok || end.Add(within).Before(today) {
			continue
		}
		c := Cause{
			ID:    "tone:" + sh.Source + ">" + sh.Target + ":" + sh.Period,
			Title: fmt.Sprintf("Tone %s→%s %s in %s (z %+.1f)", sh.Source, sh.Target, map[string]string{"down": "turned hostile", "up": "warmed"}[sh.Change], sh.Period, sh.Z),
			Summary: fmt.Sprintf("%s→%s, %s to %s: Goldstein %s %.2f against %.2f ± %.2f over the %d %ss before (z %+.2f, %d stories).",
				sh.Source, sh.Target, sh.Start, sh.End, sh.Metric, sh.Value, sh.Baseline, sh.SD, sh.Periods, by, sh.Z, sh.Stories),
			Until: end.Add(within).AddDate(0, 0, 1),
			Detail: map[string]any{"source": sh.Source, "target": sh.Target, "period": sh.Period, "change": sh.Change,
				"z": round2(sh.Z), "value": round2(sh.Value), "baseline": round2(sh.Baseline), "stories": sh.Stories},
		}
		links, err := r.driverLinks(ctx, in, sh)
		if err != nil {
			return nil, err
		}
		c.Links = links
		out = append(out, c)
	}
	return out, nil
}

// driverLinks links the stories that moved the period most.
func (r *toneRule) driverLinks(ctx context.Context, in *Inputs, sh tone.Shift) ([]store.AlertLink, error) {
	if in.ss == nil {
		return nil, nil
	}
	shifts := []tone.Shift{sh}
	if err := tone.Explain(ctx, in.ss, shifts, 3); err != nil {
		return nil, err
	}
	var out []store.AlertLink
	for _, st := range shifts[0].Drivers {
		ls, err := in.StoryLinks(ctx, st.ID)
		if err != nil {
			return nil, err
		}
		if len(ls) > 0 && !containsLink(out, ls[0].ArticleID) {
			out = append(out, ls[0])
		}
	}
	return out, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
