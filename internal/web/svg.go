package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The charts are drawn as inline SVG by the templates from these plain
// numbers: no script, no outside image, and no text from the record in
// any attribute.

// chartTick is a labelled position on an axis.
type chartTick struct {
	Pos   float64
	Label string
}

// lineChart is one or two lines over x with an optional band.
type lineChart struct {
	W, H   float64
	Left   float64 // plot area
	Right  float64
	Top    float64
	Bottom float64
	Lines  []string // polyline points, one per series
	Band   string   // polygon points, or ""
	Bars   []chartBar
	ZeroY  float64
	XTicks []chartTick
	YTicks []chartTick
	Marks  []chartMark // points ringed (the tone shifts of a sparkline)
	Empty  bool
}

// chartMark is a ringed point and what it stands for.
type chartMark struct {
	X, Y  float64
	Title string
}

type chartBar struct{ X, Y, W, H float64 }

// scale maps [lo, hi] onto [a, b].
type scale struct{ lo, hi, a, b float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return (s.a + s.b) / 2
	}
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

func points(xs []float64, ys []float64, sx, sy scale) string {
	var b strings.Builder
	for i := range xs {
		if math.IsNaN(ys[i]) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", sx.at(xs[i]), sy.at(ys[i]))
	}
	return b.String()
}

func extent(vals ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range vals {
		for _, v := range vs {
			if math.IsNaN(v) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		return 0, 0
	}
	return lo, hi
}

// sparkline is a small line of values with its zero line, for a row of a
// table: w×h pixels, no axes.
// sparkline draws vals (NaN where there is no value) with the points at
// marks ringed, each titled.
func sparkline(vals []float64, w, h float64, marks map[int]string) lineChart {
	c := lineChart{W: w, H: h, Left: 1, Right: w - 1, Top: 2, Bottom: h - 2, Empty: len(vals) == 0}
	if c.Empty {
		return c
	}
	lo, hi := extent(vals)
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	xs := make([]float64, len(vals))
	for i := range xs {
		xs[i] = float64(i)
	}
	sx := scale{0, float64(max(len(vals)-1, 1)), c.Left, c.Right}
	sy := scale{lo, hi, c.Bottom, c.Top}
	c.Lines = []string{points(xs, vals, sx, sy)}
	c.ZeroY = sy.at(0)
	for i, title := range marks {
		if i >= 0 && i < len(vals) && !math.IsNaN(vals[i]) {
			c.Marks = append(c.Marks, chartMark{X: sx.at(float64(i)), Y: sy.at(vals[i]), Title: title})
		}
	}
	slices.SortFunc(c.Marks, func(a, b chartMark) int { return cmp.Compare(a.X, b.X) })
	return c
}

// niceTicks picks about n round values spanning [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		return []float64{lo}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step/1e6; v += step {
		out = append(out, math.Round(v/step)*step)
	}
	return out
}

// frame sets up a chart's plot area and y axis for values in [lo, hi].
func frame(w, h, lo, hi float64, yfmt func(float64) string) (lineChart, scale) {
	c := lineChart{W: w, H: h, Left: 56, Right: w - 12, Top: 12, Bottom: h - 28}
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	pad := (hi - lo) * 0.05
	lo, hi = lo-pad, hi+pad
	sy := scale{lo, hi, c.Bottom, c.Top}
	for _, v := range niceTicks(lo, hi, 5) {
		c.YTicks = append(c.YTicks, chartTick{Pos: sy.at(v), Label: yfmt(v)})
	}
	c.ZeroY = sy.at(0)
	if lo > 0 || hi < 0 {
		c.ZeroY = -1
	}
	return c, sy
}

// xTicks labels about n of the positions 0…len(labels)-1.
func xTicks(labels []string, sx scale, n int) []chartTick {
	if len(labels) == 0 {
		return nil
	}
	step := max(1, (len(labels)+n-1)/n)
	var out []chartTick
	for i := 0; i < len(labels); i += step {
		out = append(out, chartTick{Pos: sx.at(float64(i)), Label: labels[i]})
	}
	return out
}
