package tone

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Label is a note drawn on the tone panel at one period of one direction,
// such as the story that drove a shift.
type Label struct {
	Dyad
	Date string // an ISO day inside the period the label belongs to
	Text string
}

// ChartOptions shape a chart; the zero value draws the Goldstein mean
// on an 18 × 13 cm page.
type ChartOptions struct {
	Title  string  // default "Tone: USA→RUS, RUS→USA, by week"
	Metric string  // the tone panel's measure: MetricMean (default) or MetricSum
	Width  float64 // centimetres
	Height float64
}

// labelRunes is how long a label may be on the chart.
const labelRunes = 48

// directionColors tell the directions apart (A→B, B→A, then others).
var directionColors = []color.Color{
	color.RGBA{R: 31, G: 90, B: 160, A: 255},
	color.RGBA{R: 214, G: 106, B: 20, A: 255},
	color.RGBA{R: 44, G: 140, B: 60, A: 255},
	color.RGBA{R: 120, G: 70, B: 160, A: 255},
}

var shiftColor = color.RGBA{R: 200, G: 20, B: 30, A: 255}

// Chart draws the series as format "svg" or "png" to w: above, the tone
// per direction (the Goldstein mean of the periods with stories, or the
// sum of every period), shifts ringed in red with a dashed line at their
// period and the labels beside their points; below, the stories per
// period, zeros included.
func Chart(w io.Writer, format string, s *Series, shifts []Shift, labels []Label, o ChartOptions) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("tone chart: format %q: want svg or png", format)
	}
	if o.Metric == "" {
		o.Metric = MetricMean
	}
	if o.Metric != MetricMean && o.Metric != MetricSum {
		return fmt.Errorf("tone chart: metric %q: want %s or %s", o.Metric, MetricMean, MetricSum)
	}
	if o.Width <= 0 {
		o.Width = 18
	}
	if o.Height <= 0 {
		o.Height = 13
	}
	if o.Title == "" {
		var names []string
		for _, d := range s.Directions {
			names = append(names, d.Dyad.String())
		}
		o.Title = fmt.Sprintf("Tone: %s, by %s", strings.Join(names, ", "), s.By)
	}
	top, bottom, err := tonePlots(s, shifts, labels, o)
	if err != nil {
		return err
	}
	width, height := vg.Length(o.Width)*vg.Centimeter, vg.Length(o.Height)*vg.Centimeter
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadY: vg.Points(6), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	render := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		canvases := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, dc)
		top.Draw(canvases[0][0])
		bottom.Draw(canvases[1][0])
	}
	var wt io.WriterTo
	if format == "svg" {
		c := vgsvg.New(width, height)
		render(c)
		wt = c
	} else {
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(120))
		render(c)
		wt = vgimg.PngCanvas{Canvas: c}
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("tone chart: write %s: %w", format, err)
	}
	return nil
}

// tonePlots builds the two panels.
func tonePlots(s *Series, shifts []Shift, labels []Label, o ChartOptions) (top, bottom *plot.Plot, err error) {
	timeFormat := "2006-01-02"
	if s.By == Month {
		timeFormat = "2006-01"
	}
	top, bottom = plot.New(), plot.New()
	top.Title.Text = cleanText(o.Title, 120)
	if o.Metric == MetricSum {
		top.Y.Label.Text = "Goldstein sum"
	} else {
		top.Y.Label.Text = "Goldstein mean"
	}
	bottom.Y.Label.Text = "stories"
	bottom.Y.Tick.Marker = countTicks{}
	bottom.X.Label.Text = "period (" + string(s.By) + ")"
	for _, p := range []*plot.Plot{top, bottom} {
		p.X.Tick.Marker = plot.TimeTicks{Format: timeFormat}
		p.Add(plotter.NewGrid())
	}
	top.Legend.Top, top.Legend.Left = true, true
	bottom.Legend.Top, bottom.Legend.Left = true, true

	// The x axis runs from the first period's start to the last one's end.
	var first, end float64
	if len(s.Directions) > 0 && len(s.Directions[0].Points) > 0 {
		pts := s.Directions[0].Points
		first, end = xOf(pts[0].start), xOf(s.By.Add(pts[len(pts)-1].start, 1))
	}
	total := 0
	for _, d := range s.Directions {
		total += d.Stories
	}
	if total == 0 {
		top.Title.Text += " — no stories"
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: first, Y: 0}, {X: end, Y: 0}})
	if err != nil {
		return nil, nil, fmt.Errorf("tone chart: %w", err)
	}
	zero.Color = color.Gray{Y: 140}
	zero.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	top.Add(zero)

	value := func(p Point) float64 {
		if o.Metric == MetricSum {
			return p.GoldsteinSum
		}
		return p.GoldsteinMean
	}
	where := map[Dyad]map[string]plotter.XY{} // direction → period start → point on the tone panel
	for i, d := range s.Directions {
		col := directionColors[i%len(directionColors)]
		where[d.Dyad] = map[string]plotter.XY{}
		// Tone: a period without stories has no mean, so the mean line
		// breaks there; the sum is zero and drawn.
		var seg, dots plotter.XYs
		flush := func() error {
			if len(seg) > 1 {
				l, err := plotter.NewLine(seg)
				if err != nil {
					return err
				}
				l.Color, l.Width = col, vg.Points(1.5)
				top.Add(l)
			}
			seg = nil
			return nil
		}
		counts := make(plotter.XYs, 0, len(d.Points))
		for _, p := range d.Points {
			x := xOf(p.start)
			counts = append(counts, plotter.XY{X: x, Y: float64(p.Stories)})
			if p.Stories == 0 && o.Metric == MetricMean {
				if err := flush(); err != nil {
					return nil, nil, fmt.Errorf("tone chart: %w", err)
				}
				continue
			}
			xy := plotter.XY{X: x, Y: value(p)}
			seg = append(seg, xy)
			dots = append(dots, xy)
			where[d.Dyad][p.Start] = xy
		}
		if err := flush(); err != nil {
			return nil, nil, fmt.Errorf("tone chart: %w", err)
		}
		if len(dots) > 0 {
			sc, err := plotter.NewScatter(dots)
			if err != nil {
				return nil, nil, fmt.Errorf("tone chart: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
			top.Add(sc)
			top.Legend.Add(d.Dyad.String(), sc)
		}
		if len(counts) > 0 {
			lastPt := d.Points[len(d.Points)-1]
			counts = append(counts, plotter.XY{X: xOf(s.By.Add(lastPt.start, 1)), Y: float64(lastPt.Stories)})
			l, err := plotter.NewLine(counts)
			if err != nil {
				return nil, nil, fmt.Errorf("tone chart: %w", err)
			}
			l.Color, l.Width = col, vg.Points(1.2)
			l.StepStyle = plotter.PostStep
			bottom.Add(l)
			bottom.Legend.Add(d.Dyad.String(), l)
		}
	}

	// Shifts: a dashed line down both panels and a ring round the point.
	var rings plotter.XYs
	for _, sh := range shifts {
		xy, ok := where[sh.Dyad][sh.Start]
		if !ok {
			continue
		}
		rings = append(rings, xy)
		for _, p := range []*plot.Plot{top, bottom} {
			v := &vline{x: xy.X, color: shiftColor}
			p.Add(v)
		}
	}
	if len(rings) > 0 {
		sc, err := plotter.NewScatter(rings)
		if err != nil {
			return nil, nil, fmt.Errorf("tone chart: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: shiftColor, Radius: vg.Points(5), Shape: draw.RingGlyph{}}
		top.Add(sc)
		top.Legend.Add("shift", sc)
	}

	// Labels beside their points, each under the one before when several
	// share a period; in the right half of the panel they run leftwards.
	var left, right plotter.XYLabels
	perPoint := map[plotter.XY]int{}
	for _, lb := range labels {
		day, err := time.Parse(time.DateOnly, lb.Date)
		if err != nil {
			return nil, nil, fmt.Errorf("tone chart: label %q: date %q: want YYYY-MM-DD", lb.Text, lb.Date)
		}
		xy, ok := where[lb.Dyad][s.By.Start(day).Format(time.DateOnly)]
		if !ok {
			continue
		}
		k := perPoint[xy]
		perPoint[xy]++
		side := &left
		if xy.X > first+0.55*(end-first) {
			side = &right
		}
		side.XYs = append(side.XYs, xy)
		side.Labels = append(side.Labels, strings.Repeat("\n", k)+cleanText(lb.Text, labelRunes))
	}
	for i, side := range []plotter.XYLabels{left, right} {
		if len(side.XYs) == 0 {
			continue
		}
		ls, err := plotter.NewLabels(side)
		if err != nil {
			return nil, nil, fmt.Errorf("tone chart: %w", err)
		}
		for j := range ls.TextStyle {
			ls.TextStyle[j].Font.Size = vg.Points(7)
			ls.TextStyle[j].Color = color.Gray{Y: 40}
			ls.TextStyle[j].YAlign = text.YTop
		}
		ls.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(-4)}
		if i == 1 {
			for j := range ls.TextStyle {
				ls.TextStyle[j].XAlign = text.XRight
			}
			ls.Offset.X = -ls.Offset.X
		}
		top.Add(ls)
	}
	// Both panels span the same periods, each period as wide as the time
	// it covers, so their x axes line up and the last period shows.
	if end > first {
		for _, p := range []*plot.Plot{top, bottom} {
			p.X.Min, p.X.Max = first, end
		}
	}
	// Room above the data for the legend, below for the labels.
	for _, p := range []*plot.Plot{top, bottom} {
		lo, hi := math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
		if hi-lo < 1 {
			hi = lo + 1
		}
		p.Y.Min, p.Y.Max = lo-0.08*(hi-lo), hi+0.3*(hi-lo)
		p.Legend.TextStyle.Font.Size = vg.Points(8)
	}
	return top, bottom, nil
}

// ShiftLabels labels each shift with its first n drivers ("1987-12-08
// Sign formal agreement"), at the shift's period.
func ShiftLabels(shifts []Shift, n int) []Label {
	var out []Label
	for _, sh := range shifts {
		for _, st := range sh.Drivers[:min(n, len(sh.Drivers))] {
			out = append(out, Label{Dyad: sh.Dyad, Date: sh.Start, Text: st.Date + " " + st.Label})
		}
	}
	return out
}

func xOf(t time.Time) float64 { return float64(t.Unix()) }

// countTicks labels whole numbers only: stories come one at a time.
type countTicks struct{}

func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Label != "" && t.Value == math.Trunc(t.Value) {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
		} else {
			t.Label = ""
		}
		out = append(out, t)
	}
	return out
}

// vline is a dashed vertical line across a panel at x.
type vline struct {
	x     float64
	color color.Color
}

func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLines(draw.LineStyle{Color: v.color, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}},
		[]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})
}

// cleanText makes outside text safe to draw: valid UTF-8, no control
// characters, one line, at most n runes.
func cleanText(s string, n int) string {
	s = strings.ToValidUTF8(s, "�")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFFFE' || r == '\uFFFF' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}
