package tone

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Dyad is one direction of a relationship: stories whose source side is
// Source's country and whose target side is Target's.
type Dyad struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

func (d Dyad) String() string { return d.Source + "→" + d.Target }

// QuadCounts counts stories by CAMEO quad class.
type QuadCounts struct {
	VerbalCoop       int `json:"verbal_coop"`
	MaterialCoop     int `json:"material_coop"`
	VerbalConflict   int `json:"verbal_conflict"`
	MaterialConflict int `json:"material_conflict"`
}

// Of returns the count of quad class q (1–4), 0 for any other.
func (c QuadCounts) Of(q int) int {
	switch q {
	case 1:
		return c.VerbalCoop
	case 2:
		return c.MaterialCoop
	case 3:
		return c.VerbalConflict
	case 4:
		return c.MaterialConflict
	}
	return 0
}

func (c *QuadCounts) add(q, n int) {
	switch q {
	case 1:
		c.VerbalCoop += n
	case 2:
		c.MaterialCoop += n
	case 3:
		c.VerbalConflict += n
	case 4:
		c.MaterialConflict += n
	}
}

func (c *QuadCounts) plus(o QuadCounts) {
	for q := 1; q <= 4; q++ {
		c.add(q, o.Of(q))
	}
}

// Point is one period of one direction. A period without stories is a
// Point of zeros: silence between two actors is part of the record.
type Point struct {
	Period        string     `json:"period"` // "2025-08-15", "2025-W33" or "2025-08"
	Start         string     `json:"start"`  // first day, ISO
	End           string     `json:"end"`    // last day, ISO
	Stories       int        `json:"stories"`
	Quads         QuadCounts `json:"quads"`
	GoldsteinSum  float64    `json:"goldstein_sum"`
	GoldsteinMean float64    `json:"goldstein_mean"` // 0 when there are no stories
	// Score is the period's test against its trailing window, set by
	// Shifts; nil where the period could not be tested.
	Score *Score `json:"score,omitempty"`

	start time.Time
}

// Time returns the first day of the period.
func (p Point) Time() time.Time { return p.start }

// Direction is the series of one direction of the dyad.
type Direction struct {
	Dyad
	Points []Point `json:"points"`
	// Totals over Points.
	Stories       int        `json:"stories"`
	Quads         QuadCounts `json:"quads"`
	GoldsteinSum  float64    `json:"goldstein_sum"`
	GoldsteinMean float64    `json:"goldstein_mean"`

	// lead holds the periods before From that serve only as the trailing
	// window of the first periods (Options.Lead).
	lead []Point
}

// Series is the tone of a dyad period by period, one Direction each way
// asked for. Every direction has the same periods.
type Series struct {
	By         Period      `json:"by"`
	From       string      `json:"from"` // first day of the first period
	To         string      `json:"to"`   // last day of the last period
	Directions []Direction `json:"directions"`
}

// Options say which series Build makes.
type Options struct {
	By Period // Day, Week or Month; empty means Month
	// From and To bound the series (inclusive days); the periods holding
	// them are built whole, so no period is cut short. Zero values mean
	// the first and the last day of the cells.
	From, To time.Time
	// Lead builds this many periods before From's, read by Shifts as the
	// trailing window of the first periods but not part of Points. It
	// needs From, and the cells of those periods.
	Lead int
	// Directions lists the directions to build, in order; cells of other
	// directions are ignored. Empty means every direction in the cells,
	// sorted by source then target.
	Directions []Dyad
}

// Build turns a store's tone cells into a series: each cell's stories and
// Goldstein sum go to the period holding its day, per direction, and every
// period in the range is present, with zeros where nothing happened.
func Build(cells []store.ToneCell, o Options) (*Series, error) {
	by := o.By
	if by == "" {
		by = Month
	}
	if _, err := ParsePeriod(string(by)); err != nil {
		return nil, err
	}
	if o.Lead < 0 {
		return nil, fmt.Errorf("lead %d: want 0 or more periods", o.Lead)
	}
	if o.Lead > 0 && o.From.IsZero() {
		return nil, fmt.Errorf("lead %d periods: needs a From date", o.Lead)
	}
	days := make([]time.Time, len(cells))
	from, to := o.From, o.To
	for i, c := range cells {
		d, err := time.Parse(time.DateOnly, c.Date)
		if err != nil {
			return nil, fmt.Errorf("tone cell %d (%s→%s): date %q: want YYYY-MM-DD", i, c.Source, c.Target, c.Date)
		}
		if c.Quad < 1 || c.Quad > 4 {
			return nil, fmt.Errorf("tone cell %s %s→%s: quad %d: want 1 to 4", c.Date, c.Source, c.Target, c.Quad)
		}
		if c.Count < 0 || math.IsNaN(c.GoldsteinSum) || math.IsInf(c.GoldsteinSum, 0) {
			return nil, fmt.Errorf("tone cell %s %s→%s quad %d: count %d, Goldstein sum %v: want a count of 0 or more and a finite sum", c.Date, c.Source, c.Target, c.Quad, c.Count, c.GoldsteinSum)
		}
		days[i] = d
		if o.From.IsZero() && (from.IsZero() || d.Before(from)) {
			from = d
		}
		if o.To.IsZero() && (to.IsZero() || d.After(to)) {
			to = d
		}
	}
	dirs := o.Directions
	if len(dirs) == 0 {
		dirs = directionsOf(cells)
	}
	dirs = uniqueDyads(dirs)
	s := &Series{By: by, Directions: make([]Direction, len(dirs))}
	for i, d := range dirs {
		s.Directions[i].Dyad = d
	}
	if from.IsZero() || to.IsZero() {
		// No cells and no range: directions without periods.
		for i := range s.Directions {
			s.Directions[i].Points = []Point{}
		}
		return s, nil
	}
	// A range open on one side and cells all beyond its other side.
	if o.To.IsZero() && to.Before(from) {
		to = from
	}
	if o.From.IsZero() && from.After(to) {
		from = to
	}
	first, last := by.Start(from), by.Start(to)
	if last.Before(first) {
		return nil, fmt.Errorf("range %s … %s: the end is before the start", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	leadStart := by.Add(first, -o.Lead)
	n := o.Lead + periodsBetween(by, first, last) + 1
	if n > maxPeriods {
		return nil, fmt.Errorf("range %s … %s by %s: %d periods, more than %d; choose a longer period or a shorter range", from.Format(time.DateOnly), to.Format(time.DateOnly), by, n, maxPeriods)
	}
	s.From, s.To = first.Format(time.DateOnly), by.End(last).Format(time.DateOnly)

	// All periods of all directions, lead first; their names are made once
	// and shared by the directions.
	tmpl := make([]Point, 0, n)
	for t := leadStart; !t.After(last); t = by.Add(t, 1) {
		tmpl = append(tmpl, Point{Period: by.Key(t), Start: t.Format(time.DateOnly), End: by.End(t).Format(time.DateOnly), start: t})
	}
	dirIndex := make(map[Dyad]int, len(dirs))
	all := make([][]Point, len(dirs))
	for i, d := range dirs {
		dirIndex[d] = i
		all[i] = slices.Clone(tmpl)
	}
	for i, c := range cells {
		di, ok := dirIndex[Dyad{c.Source, c.Target}]
		if !ok {
			continue
		}
		ps := by.Start(days[i])
		if ps.Before(leadStart) || ps.After(last) {
			continue // outside the range
		}
		p := &all[di][periodsBetween(by, leadStart, ps)]
		p.Stories += c.Count
		p.Quads.add(c.Quad, c.Count)
		p.GoldsteinSum += c.GoldsteinSum
	}
	for i := range s.Directions {
		pts := all[i]
		for j := range pts {
			pts[j].finish()
		}
		s.Directions[i].lead = pts[:o.Lead]
		s.Directions[i].Points = pts[o.Lead:]
		s.Directions[i].total()
	}
	return s, nil
}

// finish rounds the sum (Goldstein values carry one decimal; the rounding
// drops float noise so equal inputs print equal) and sets the mean.
func (p *Point) finish() {
	p.GoldsteinSum = round(p.GoldsteinSum, 1e6)
	if p.Stories > 0 {
		p.GoldsteinMean = round(p.GoldsteinSum/float64(p.Stories), 1e4)
	}
}

func (d *Direction) total() {
	d.Stories, d.Quads, d.GoldsteinSum, d.GoldsteinMean = 0, QuadCounts{}, 0, 0
	for _, p := range d.Points {
		d.Stories += p.Stories
		d.Quads.plus(p.Quads)
		d.GoldsteinSum += p.GoldsteinSum
	}
	d.GoldsteinSum = round(d.GoldsteinSum, 1e6)
	if d.Stories > 0 {
		d.GoldsteinMean = round(d.GoldsteinSum/float64(d.Stories), 1e4)
	}
}

func round(x, scale float64) float64 {
	r := math.Round(x*scale) / scale
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// periodsBetween counts the steps from one period start to a later one.
func periodsBetween(by Period, first, last time.Time) int {
	// Unix seconds, not Sub: a Duration saturates after 292 years.
	days := int((last.Unix() - first.Unix()) / 86400)
	switch by {
	case Week:
		return days / 7
	case Month:
		return (last.Year()-first.Year())*12 + int(last.Month()) - int(first.Month())
	}
	return days
}

func directionsOf(cells []store.ToneCell) []Dyad {
	var out []Dyad
	seen := map[Dyad]bool{}
	for _, c := range cells {
		d := Dyad{c.Source, c.Target}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Dyad) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return strings.Compare(a.Target, b.Target)
	})
	return out
}

func uniqueDyads(ds []Dyad) []Dyad {
	out := make([]Dyad, 0, len(ds))
	for _, d := range ds {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}
