package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/sitrep/sitrep/internal/store"
)

type feedsPage struct {
	Feeds   []store.Feed
	Message string
	Error   string
	URL     string
}

func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request, status int, d feedsPage) {
	if err := s.needFeeds(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	var err error
	if d.Feeds, err = s.feeds.Feeds(r.Context()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "feeds", pageData{Title: "Feeds", Nav: "feeds", Data: d})
}

func (s *Server) handleFeeds(w http.ResponseWriter, r *http.Request) {
	d := feedsPage{}
	switch r.URL.Query().Get("done") {
	case "added":
		d.Message = "Feed added; the poller fetches it on its next round."
	case "exists":
		d.Message = "That feed was already subscribed."
	case "removed":
		d.Message = "Feed removed; its articles stay."
	}
	s.feedsPage(w, r, http.StatusOK, d)
}

// handleFeedAdd subscribes from the form (the token comes in the form's
// token field, or the login cookie) and redirects, so a reload does not
// post again.
func (s *Server) handleFeedAdd(w http.ResponseWriter, r *http.Request) {
	f, added, err := s.addFeed(r.Context(), feedRequest{URL: r.PostFormValue("url"), Interval: r.PostFormValue("interval")})
	if err != nil {
		var br badRequest
		if asErr(err, &br) {
			s.feedsPage(w, r, http.StatusBadRequest, feedsPage{Error: br.msg, URL: r.PostFormValue("url")})
			return
		}
		s.pageFail(w, r, err)
		return
	}
	s.log.Info("feed added from the web", "feed", f.ID, "url", f.URL, "token", requestToken(r.Context()).Name)
	done := "exists"
	if added {
		done = "added"
	}
	http.Redirect(w, r, "/feeds?done="+done, http.StatusSeeOther)
}

func (s *Server) handleFeedDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.needFeeds(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageFail(w, r, badf(fmt.Sprintf("feed id %q: want a number", r.PathValue("id"))))
		return
	}
	if err := s.feeds.RemoveFeed(r.Context(), id); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.log.Info("feed removed from the web", "feed", id, "token", requestToken(r.Context()).Name)
	http.Redirect(w, r, "/feeds?done=removed", http.StatusSeeOther)
}
