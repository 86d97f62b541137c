package market

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// CARChart draws a group's CAAR path over the event window with its
// confidence band, as format "svg" or "png", to w. The path starts from
// zero on the day before the window, so the first step is the first day's
// AAR.
func CARChart(g GroupResult, w io.Writer, format string) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("chart: format %q: want svg or png", format)
	}
	if len(g.Path) == 0 {
		return fmt.Errorf("chart: group %q has no CAAR path", g.Group)
	}
	p := plot.New()
	title := "CAAR"
	if g.Group != "" {
		title += " — " + g.Group
	}
	p.Title.Text = fmt.Sprintf("%s (%d events)", title, g.Events)
	p.X.Label.Text = "trading days relative to the event"
	p.Y.Label.Text = "cumulative average abnormal return"

	first := g.Path[0].Day - 1
	line := plotter.XYs{{X: float64(first), Y: 0}}
	upper := plotter.XYs{{X: float64(first), Y: 0}}
	lower := plotter.XYs{{X: float64(first), Y: 0}}
	band := true
	for _, pt := range g.Path {
		if pt.N == 0 {
			break
		}
		line = append(line, plotter.XY{X: float64(pt.Day), Y: pt.CAAR})
		if pt.Unavailable != "" {
			band = false
		}
		upper = append(upper, plotter.XY{X: float64(pt.Day), Y: pt.Upper})
		lower = append(lower, plotter.XY{X: float64(pt.Day), Y: pt.Lower})
	}
	if band && len(upper) > 1 {
		ring := make(plotter.XYs, 0, 2*len(upper))
		ring = append(ring, upper...)
		for i := len(lower) - 1; i >= 0; i-- {
			ring = append(ring, lower[i])
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		poly.Color = color.NRGBA{R: 70, G: 130, B: 180, A: 70} // not premultiplied: a light band
		poly.LineStyle.Width = 0
		p.Add(poly)
		p.Legend.Add("confidence band", poly)
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: float64(first), Y: 0}, {X: float64(g.Path[len(g.Path)-1].Day), Y: 0}})
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	zero.Color = color.Gray{Y: 150}
	zero.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(zero)
	caar, err := plotter.NewLine(line)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	caar.Color = color.RGBA{R: 20, G: 60, B: 120, A: 255}
	caar.Width = vg.Points(2)
	p.Add(caar)
	p.Legend.Add("CAAR", caar)
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())

	wt, err := p.WriterTo(16*vg.Centimeter, 10*vg.Centimeter, format)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("chart: write %s: %w", format, err)
	}
	return nil
}
