package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/brief"
)

// briefCSP lets the brief's own inline style and its charts (SVG as data:
// images) show, and nothing run: the page has no script at all.
const briefCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// handleBrief renders the HTML situation report (internal/brief) of the
// days up to now: 7 unless days says, about the actors given or all.
func (s *Server) handleBrief(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "days", "actors", "date")
	days := p.intIn("days", 7, 1, 366)
	end := s.now().UTC()
	if d := p.date("date"); d != "" {
		t, _ := time.Parse(time.DateOnly, d)
		end = t.Add(24*time.Hour - time.Second) // the whole day
	}
	var actors []string
	for _, a := range strings.Split(p.str("actors"), ",") {
		if a = strings.ToUpper(strings.TrimSpace(a)); a != "" {
			pa := &params{q: map[string][]string{"actors": {a}}}
			if c := pa.country("actors"); pa.err != nil {
				p.fail("%v", pa.err)
			} else {
				actors = append(actors, c)
			}
		}
	}
	if p.err != nil {
		s.pageFail(w, r, p.err)
		return
	}
	b, err := brief.Build(r.Context(), s.st, brief.Options{Now: end, Since: time.Duration(days) * 24 * time.Hour, Actors: actors})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := b.HTML(&buf); err != nil {
		s.pageFail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", briefCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
