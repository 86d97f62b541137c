package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

type deadlinesPage struct {
	Query     url.Values
	Deadlines []record.Deadline
	Next      string
	Error     string
}

func (s *Server) handleDeadlines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, append(recordParams, "upcoming")...)
	f, limit := recordFilter(p, "expiry", "deadline", "scheduled", "ultimatum"), p.limit()
	if p.boolean("upcoming") && f.From == "" {
		f.From = s.now().UTC().Format(time.DateOnly)
	}
	d := deadlinesPage{Query: q}
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "deadlines", pageData{Title: "Deadlines", Nav: "deadlines", Data: d})
		return
	}
	if err := s.needPager(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	var err error
	if d.Deadlines, d.Next, err = s.pager.DeadlinesPage(r.Context(), f, p.str("cursor"), limit); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, "deadlines", pageData{Title: "Deadlines", Nav: "deadlines", Data: d})
}
