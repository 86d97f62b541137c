package web

import (
	"net/http"

	"github.com/sitrep/sitrep/internal/record"
)

// storyClaim is a claim made in one of a story's reports.
type storyClaim struct {
	record.Claim
	Outlet string
	Title  string
	Denied *record.Claim // the claim it denies, when that is among these
}

type storyPage struct {
	Story  *record.Story
	Claims []storyClaim
	Groups int
}

func (s *Server) handleStory(w http.ResponseWriter, r *http.Request) {
	if err := s.needStories(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	st, err := s.stories.GetStory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d := storyPage{Story: st}
	byID := map[string]*record.Claim{}
	seenArticle := map[string]bool{}
	groups := map[int]bool{}
	for _, a := range st.Articles {
		groups[a.Group] = true
		if seenArticle[a.ID] {
			continue
		}
		seenArticle[a.ID] = true
		recs, err := s.st.Records(r.Context(), a.ID)
		if err != nil {
			s.pageFail(w, r, err)
			return
		}
		for _, c := range recs.Claims {
			d.Claims = append(d.Claims, storyClaim{Claim: c, Outlet: a.Source, Title: a.Title})
		}
	}
	d.Groups = len(groups)
	for i := range d.Claims {
		byID[d.Claims[i].ID] = &d.Claims[i].Claim
	}
	for i := range d.Claims {
		if id := d.Claims[i].Denies; id != "" {
			d.Claims[i].Denied = byID[id]
		}
	}
	title := st.Label
	if title == "" {
		title = "Story"
	}
	s.render(w, r, "story", pageData{Title: title, Nav: "timeline", Data: d})
}
