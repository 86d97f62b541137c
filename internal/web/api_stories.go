package web

import (
	"net/http"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var storyParams = []string{"actor", "source", "target", "both", "from", "to", "root", "quad", "status", "desc", "cursor", "limit"}

var storyStatuses = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusNegated, record.StatusHedged}

// storyFilter reads a timeline's filters (those of sitrep timeline).
func storyFilter(p *params) store.StoryFilter {
	return store.StoryFilter{
		Actor:  p.country("actor"),
		Source: p.country("source"),
		Target: p.country("target"),
		Both:   p.boolean("both"),
		From:   p.date("from"),
		To:     p.date("to"),
		Root:   p.root("root"),
		Quad:   p.intIn("quad", 0, 0, 4),
		Status: p.oneOf("status", storyStatuses...),
		Desc:   p.boolean("desc"),
		Cursor: p.str("cursor"),
	}
}

func (s *Server) needStories() error {
	if s.stories == nil {
		return unavailable{"this store keeps no stories"}
	}
	return nil
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), storyParams...)
	f := storyFilter(p)
	f.Limit = p.limit()
	if err := firstErr(p.err, s.needStories()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if s.refs != nil && s.writeStoryRefs(w, r, f) {
		return
	}
	items, next, err := s.stories.Stories(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeStories(w, r, items, next)
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	if err := firstErr(newParams(r.URL.Query()).err, s.needStories()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	st, err := s.stories.GetStory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}
