package tone

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/record"
)

// Metrics a Detector can test.
const (
	// MetricMean is the period's mean Goldstein value: how cooperative or
	// hostile the stories were, whatever their number.
	MetricMean = "mean"
	// MetricSum is the period's Goldstein sum: tone times volume, so a
	// burst of conflict stories counts more than one.
	MetricSum = "sum"
)

// Detector says how Shifts tests each period against its trailing window.
// Zero fields take DefaultDetector's values.
type Detector struct {
	Metric    string  `json:"metric"`    // MetricMean or MetricSum
	Window    int     `json:"window"`    // trailing periods the baseline is drawn from
	Threshold float64 `json:"threshold"` // a shift is |z| at least this
	// MinStories is how many stories a period needs to be tested: the mean
	// of one or two stories says little.
	MinStories int `json:"min_stories"`
	// MinBaseline is how many of the window's periods must count: for the
	// mean, periods with at least one story; for the sum, periods of any
	// kind (a gap is a zero). At least 2.
	MinBaseline int `json:"min_baseline"`
	// MinSD floors the window's standard deviation, in Goldstein points,
	// so a window of identical values does not make every small move a
	// shift.
	MinSD float64 `json:"min_sd"`
}

// DefaultDetector is the test `sitrep tone` runs unless told otherwise.
func DefaultDetector() Detector {
	return Detector{Metric: MetricMean, Window: 8, Threshold: 2, MinStories: 3, MinBaseline: 3, MinSD: 1}
}

// Resolved returns d with its zero fields set to the defaults, or an error
// naming the first field out of range.
func (d Detector) Resolved() (Detector, error) {
	def := DefaultDetector()
	if d.Metric == "" {
		d.Metric = def.Metric
	}
	if d.Window == 0 {
		d.Window = def.Window
	}
	if d.Threshold == 0 {
		d.Threshold = def.Threshold
	}
	if d.MinStories == 0 {
		d.MinStories = def.MinStories
	}
	if d.MinBaseline == 0 {
		d.MinBaseline = min(def.MinBaseline, d.Window)
	}
	if d.MinSD == 0 {
		d.MinSD = def.MinSD
	}
	switch {
	case d.Metric != MetricMean && d.Metric != MetricSum:
		return d, fmt.Errorf("metric %q: want %s or %s", d.Metric, MetricMean, MetricSum)
	case d.Window < 2:
		return d, fmt.Errorf("window %d: want at least 2 periods", d.Window)
	case !(d.Threshold > 0) || math.IsInf(d.Threshold, 0):
		return d, fmt.Errorf("threshold %v: want a z-score above 0, such as 2", d.Threshold)
	case d.MinStories < 1:
		return d, fmt.Errorf("minimum stories %d: want at least 1", d.MinStories)
	case d.MinBaseline < 2 || d.MinBaseline > d.Window:
		return d, fmt.Errorf("minimum baseline %d periods: want 2 to the window (%d)", d.MinBaseline, d.Window)
	case !(d.MinSD > 0) || math.IsInf(d.MinSD, 0):
		return d, fmt.Errorf("minimum SD %v: want a positive number of Goldstein points", d.MinSD)
	}
	return d, nil
}

// Score is one period tested against its trailing window.
type Score struct {
	Value    float64 `json:"value"`    // the metric in the period
	Baseline float64 `json:"baseline"` // the metric's mean over the window
	SD       float64 `json:"sd"`       // the window's sample SD, floored at MinSD
	Periods  int     `json:"periods"`  // window periods the baseline is over
	Z        float64 `json:"z"`        // (Value − Baseline) / SD
}

// Shift is a period whose tone departs from its trailing window.
type Shift struct {
	Dyad
	Period string `json:"period"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Metric string `json:"metric"`
	Score
	Stories int `json:"stories"`
	// Change is "up" (more cooperative than the window) or "down" (more
	// hostile).
	Change string `json:"change"`
	// Drivers are the stories that moved the period most in the direction
	// of the change (Explain fills them).
	Drivers []record.Story `json:"drivers"`
}

// Shifts tests every period of every direction against the W periods
// before it (the lead periods included) and returns those whose z-score
// reaches the threshold, by period then in the series' direction order.
// It also sets each tested Point's Score; a period that cannot be tested
// (too few stories, too thin a window) keeps a nil Score.
func Shifts(s *Series, d Detector) ([]Shift, error) {
	d, err := d.Resolved()
	if err != nil {
		return nil, err
	}
	var out []Shift
	for di := range s.Directions {
		dir := &s.Directions[di]
		lead := len(dir.lead)
		all := make([]*Point, 0, lead+len(dir.Points))
		for i := range dir.lead {
			all = append(all, &dir.lead[i])
		}
		for i := range dir.Points {
			dir.Points[i].Score = nil
			all = append(all, &dir.Points[i])
		}
		vals := make([]float64, 0, d.Window)
		for i := lead; i < len(all); i++ {
			p := all[i]
			if p.Stories < d.MinStories {
				continue
			}
			vals = vals[:0]
			for _, w := range all[max(0, i-d.Window):i] {
				switch {
				case d.Metric == MetricSum:
					vals = append(vals, w.GoldsteinSum)
				case w.Stories > 0:
					vals = append(vals, w.GoldsteinMean)
				}
			}
			if len(vals) < d.MinBaseline {
				continue
			}
			mu, sd := meanSD(vals)
			sd = math.Max(sd, d.MinSD)
			x := p.GoldsteinMean
			if d.Metric == MetricSum {
				x = p.GoldsteinSum
			}
			sc := Score{Value: x, Baseline: round(mu, 1e4), SD: round(sd, 1e4), Periods: len(vals), Z: round((x-mu)/sd, 1e3)}
			p.Score = &sc
			if math.Abs(sc.Z) < d.Threshold {
				continue
			}
			change := "up"
			if sc.Z < 0 {
				change = "down"
			}
			out = append(out, Shift{Dyad: dir.Dyad, Period: p.Period, Start: p.Start, End: p.End, Metric: d.Metric,
				Score: sc, Stories: p.Stories, Change: change, Drivers: []record.Story{}})
		}
	}
	order := make(map[Dyad]int, len(s.Directions))
	for i, dir := range s.Directions {
		order[dir.Dyad] = i
	}
	sortShifts(out, order)
	return out, nil
}

// meanSD returns the mean and the sample standard deviation (n − 1).
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// sortShifts orders shifts by period, then by the series' direction order.
func sortShifts(shifts []Shift, order map[Dyad]int) {
	slices.SortStableFunc(shifts, func(a, b Shift) int {
		if c := strings.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return order[a.Dyad] - order[b.Dyad]
	})
}
