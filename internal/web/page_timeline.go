package web

import (
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/record"
)

type timelinePage struct {
	Query    url.Values
	Stories  []record.Story
	Next     string
	Statuses []string
	Roots    []string
	Error    string
}

// cameoRoots are the 20 CAMEO root codes for the filter.
var cameoRoots = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}

func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, storyParams...)
	f := storyFilter(p)
	f.Limit = p.limit()
	d := timelinePage{Query: q, Statuses: storyStatuses, Roots: cameoRoots}
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "timeline", pageData{Title: "Timeline", Nav: "timeline", Data: d})
		return
	}
	if err := s.needStories(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	var err error
	if d.Stories, d.Next, err = s.stories.Stories(r.Context(), f); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, "timeline", pageData{Title: "Timeline", Nav: "timeline", Data: d})
}
