package web

import (
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/store"
)

type alertsPage struct {
	Query    url.Values
	Alerts   []store.Alert
	States   []string
	Watching bool
	Keeps    bool // the store keeps alerts
	Error    string
}

func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, "state", "rule", "limit")
	f := alertFilter(p)
	d := alertsPage{Query: q, States: alertStates, Watching: s.opt.Watching, Keeps: s.watch != nil}
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "alerts", pageData{Title: "Alerts", Nav: "alerts", Data: d})
		return
	}
	if q.Get("state") == "" {
		f.States = []string{store.AlertFiring, store.AlertPending}
	}
	var err error
	if d.Alerts, err = s.alerts(r.Context(), f); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, "alerts", pageData{Title: "Alerts", Nav: "alerts", Data: d})
}

// alertHref is where an alert's first link leads: the article's page
// here, else its URL.
func alertHref(l store.AlertLink) string {
	if l.ArticleID != "" {
		return "/articles/" + url.PathEscape(l.ArticleID)
	}
	return l.URL
}
