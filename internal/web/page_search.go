package web

import (
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/store"
)

type searchPage struct {
	Query url.Values
	Q     string
	Hits  []store.SearchHit
	Next  string
	Error string
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, "q", "cursor", "limit")
	limit := p.intIn("limit", 20, 1, maxPage)
	d := searchPage{Query: q, Q: p.str("q")}
	if p.err == nil && d.Q != "" {
		var err error
		d.Hits, d.Next, err = s.search(r, d.Q, p.str("cursor"), limit)
		if err != nil {
			var br badRequest
			if !asErr(err, &br) && !isBadCursor(err) {
				s.pageFail(w, r, err)
				return
			}
			d.Error = err.Error()
		}
	} else if p.err != nil {
		d.Error = p.err.Error()
	}
	status := http.StatusOK
	if d.Error != "" {
		status = http.StatusBadRequest
	}
	s.renderStatus(w, r, status, "search", pageData{Title: "Search", Nav: "search", Data: d})
}
