package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

// alertStates are the values of the state filter: one state, "active"
// (firing and pending) or "all".
var alertStates = []string{store.AlertFiring, store.AlertPending, store.AlertResolved, "active", "all"}

// alertFilter reads the alerts filter; state defaults to firing.
func alertFilter(p *params) store.AlertFilter {
	f := store.AlertFilter{Rule: p.str("rule"), Limit: p.intIn("limit", 100, 1, maxPage)}
	switch st := p.oneOf("state", alertStates...); st {
	case "all":
	case "active":
		f.States = []string{store.AlertFiring, store.AlertPending}
	case "":
		f.States = []string{store.AlertFiring}
	default:
		f.States = []string{st}
	}
	return f
}

// alerts reads the stored alerts (none when the store keeps no alerts).
func (s *Server) alerts(ctx context.Context, f store.AlertFilter) ([]store.Alert, error) {
	if s.watch == nil {
		return nil, nil
	}
	return s.watch.Alerts(ctx, f)
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "state", "rule", "cursor", "limit")
	f := alertFilter(p)
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	if c := p.str("cursor"); c != "" {
		var at, fp string
		err := store.DecodeCursor(c, "alerts", &at, &fp)
		t, terr := time.Parse(time.RFC3339Nano, at)
		if err == nil && terr != nil {
			err = fmt.Errorf("cursor %q: %w", c, store.ErrBadCursor)
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.After = &store.AlertKey{ActiveAt: t, Fingerprint: fp}
	}
	limit := f.Limit
	f.Limit++ // one more tells whether a next page follows
	as, err := s.alerts(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	next := ""
	if len(as) > limit {
		as = as[:limit]
		k := as[limit-1].Key()
		next = store.EncodeCursor("alerts", k.ActiveAt.UTC().Format(time.RFC3339Nano), k.Fingerprint)
	}
	writeJSON(w, http.StatusOK, newList(as, next))
}

// atomLimit is how many notices /alerts.atom carries.
const atomLimit = 100

// handleAlertsAtom serves the latest notices as an Atom feed, articles
// without a URL of their own linked to their page here.
func (s *Server) handleAlertsAtom(w http.ResponseWriter, r *http.Request) {
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	info := watch.FeedInfo{Self: base + "/alerts.atom", ArticleURL: func(id string) string { return base + "/articles/" + id }}
	watch.AtomHandler(s.st, info, atomLimit).ServeHTTP(w, r)
}
