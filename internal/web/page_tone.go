package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/tone"
)

type tonePage struct {
	Query    url.Values
	Asked    bool
	Report   *toneReport
	ChartURL string // the chart drawn by internal/tone, as SVG
	Error    string
}

func (s *Server) handleTone(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := tonePage{Query: q, Asked: q.Get("source") != "" || q.Get("target") != ""}
	if !d.Asked {
		s.render(w, r, "tone", pageData{Title: "Tone", Nav: "tone", Data: d})
		return
	}
	p := newParams(q, toneParams...)
	tq := readToneQuery(p)
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "tone", pageData{Title: "Tone", Nav: "tone", Data: d})
		return
	}
	rep, err := s.toneOf(r.Context(), tq, true)
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
	d.Report, d.ChartURL = rep, "/tone/chart.svg?"+q.Encode()
	s.render(w, r, "tone", pageData{Title: fmt.Sprintf("Tone %s–%s", tq.Source, tq.Target), Nav: "tone", Data: d})
}

// handleToneChart draws the tone page's chart with internal/tone: the
// tone per direction with each shift ringed and its leading story
// labelled, and the stories per period below.
func (s *Server) handleToneChart(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), toneParams...)
	tq := readToneQuery(p)
	if p.err != nil {
		s.pageFail(w, r, p.err)
		return
	}
	rep, err := s.toneOf(r.Context(), tq, true)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := tone.Chart(&buf, "svg", rep.series(), rep.Shifts, tone.ShiftLabels(rep.Shifts, 1),
		tone.ChartOptions{Metric: tq.Detector.Metric, Width: 20, Height: 12}); err != nil {
		s.pageFail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "no-store")
	// Opened on its own, the drawing may run nothing.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.Write(buf.Bytes())
}
