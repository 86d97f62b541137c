package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/tone"
)

type tonePage struct {
	Query  url.Values
	Asked  bool
	Series *tone.Series
	Chart  lineChart
	Error  string
}

// toneChart draws each direction's mean Goldstein per period as a line
// and the first direction's story counts as bars under it.
func toneChart(ser *tone.Series) lineChart {
	if len(ser.Directions) == 0 || len(ser.Directions[0].Points) == 0 {
		return lineChart{W: 720, H: 260, Empty: true}
	}
	var all [][]float64
	for _, d := range ser.Directions {
		vals := make([]float64, len(d.Points))
		for i, p := range d.Points {
			vals[i] = p.GoldsteinMean
		}
		all = append(all, vals)
	}
	lo, hi := extent(all...)
	lo, hi = min(lo, -1), max(hi, 1)
	c, sy := frame(720, 260, lo, hi, func(v float64) string { return fmt.Sprintf("%+.0f", v) })
	n := len(ser.Directions[0].Points)
	sx := scale{0, float64(max(n-1, 1)), c.Left + 4, c.Right - 4}
	xs := make([]float64, n)
	labels := make([]string, n)
	maxStories := 1
	for i, p := range ser.Directions[0].Points {
		xs[i], labels[i] = float64(i), p.Period
		maxStories = max(maxStories, p.Stories)
	}
	for _, vals := range all {
		c.Lines = append(c.Lines, points(xs, vals, sx, sy))
	}
	bw := max(1, (c.Right-c.Left)/float64(n)*0.6)
	for i, p := range ser.Directions[0].Points {
		if p.Stories == 0 {
			continue
		}
		h := float64(p.Stories) / float64(maxStories) * (c.Bottom - c.Top) * 0.3
		c.Bars = append(c.Bars, chartBar{X: sx.at(float64(i)) - bw/2, Y: c.Bottom - h, W: bw, H: h})
	}
	c.XTicks = xTicks(labels, sx, 8)
	return c
}

func (s *Server) handleTone(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := tonePage{Query: q, Asked: q.Get("source") != "" || q.Get("target") != ""}
	if !d.Asked {
		s.render(w, r, "tone", pageData{Title: "Tone", Nav: "tone", Data: d})
		return
	}
	p := newParams(q, "source", "target", "both", "by", "from", "to")
	tq := readToneQuery(p)
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "tone", pageData{Title: "Tone", Nav: "tone", Data: d})
		return
	}
	ser, err := s.toneSeries(r.Context(), tq)
	if err != nil {
		var br badRequest
		if !asErr(err, &br) {
			s.pageFail(w, r, err)
			return
		}
		d.Error = br.msg
		s.renderStatus(w, r, http.StatusBadRequest, "tone", pageData{Title: "Tone", Nav: "tone", Data: d})
		return
	}
	d.Series, d.Chart = ser, toneChart(ser)
	s.render(w, r, "tone", pageData{Title: fmt.Sprintf("Tone %s–%s", tq.Source, tq.Target), Nav: "tone", Data: d})
}
