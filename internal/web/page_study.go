package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/store"
)

type studyGroup struct {
	market.GroupResult
	Chart lineChart
}

type studyPage struct {
	Query   url.Values
	Series  []store.SeriesInfo
	Asked   bool
	Outcome *studyOutcome
	Groups  []studyGroup
	Error   string
}

// carChart draws a group's CAAR path with its band, from zero on the day
// before the window.
func carChart(g market.GroupResult) lineChart {
	if len(g.Path) == 0 {
		return lineChart{W: 720, H: 280, Empty: true}
	}
	xs := []float64{float64(g.Path[0].Day - 1)}
	mid, lo, hi := []float64{0}, []float64{0}, []float64{0}
	for _, p := range g.Path {
		if p.N == 0 {
			break
		}
		xs = append(xs, float64(p.Day))
		mid, lo, hi = append(mid, p.CAAR), append(lo, p.Lower), append(hi, p.Upper)
	}
	vmin, vmax := extent(mid, lo, hi)
	c, sy := frame(720, 280, vmin, vmax, func(v float64) string { return pctTick(v) })
	sx := scale{xs[0], xs[len(xs)-1], c.Left + 4, c.Right - 4}
	c.Lines = []string{points(xs, mid, sx, sy)}
	upper := points(xs, hi, sx, sy)
	// the band: along the upper bound, back along the lower
	rx, rl := make([]float64, len(xs)), make([]float64, len(xs))
	for i := range xs {
		rx[i], rl[i] = xs[len(xs)-1-i], lo[len(xs)-1-i]
	}
	c.Band = upper + " " + points(rx, rl, sx, sy)
	for _, x := range xs {
		c.XTicks = append(c.XTicks, chartTick{Pos: sx.at(x), Label: dayLabel(int(x))})
	}
	return c
}

// pctTick writes a return as a percentage with no needless digits.
func pctTick(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64) + "%"
}

// dayLabel writes a relative trading day as +2, 0, -1.
func dayLabel(d int) string {
	if d == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", d)
}

func (s *Server) handleStudy(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := studyPage{Query: q, Asked: len(q["series"]) > 0}
	if s.markets == nil {
		s.pageFail(w, r, unavailable{"this store keeps no price series"})
		return
	}
	var err error
	if d.Series, err = s.markets.ListSeries(r.Context()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	status := http.StatusOK
	if d.Asked {
		sr, err := readStudy(q)
		if err == nil {
			d.Outcome, err = s.runStudy(r.Context(), sr)
		}
		if err != nil {
			var br badRequest
			if !asErr(err, &br) {
				s.pageFail(w, r, err)
				return
			}
			d.Error, status = br.msg, http.StatusBadRequest
		} else {
			for _, g := range d.Outcome.Result.Groups {
				d.Groups = append(d.Groups, studyGroup{GroupResult: g, Chart: carChart(g)})
			}
		}
	}
	s.renderStatus(w, r, status, "study", pageData{Title: "Event study", Nav: "study", Data: d})
}
