package web

import (
	"net/http"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

func (s *Server) needPager() error {
	if s.pager == nil {
		return unavailable{"this store cannot page through records"}
	}
	return nil
}

// articleFilter reads the filters of sitrep articles.
func articleFilter(p *params) store.ArticleFilter {
	var f store.ArticleFilter
	if v := p.date("since"); v != "" {
		f.Since, _ = time.Parse(time.DateOnly, v)
	}
	if v := p.date("until"); v != "" {
		f.Until, _ = time.Parse(time.DateOnly, v)
	}
	f.Source = p.str("source")
	return f
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "since", "until", "source", "cursor", "limit")
	f, limit := articleFilter(p), p.limit()
	if err := firstErr(p.err, s.needPager()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	items, next, err := s.pager.ArticlesPage(r.Context(), f, p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	for i := range items {
		items[i].Text = "" // lists carry metadata; the article endpoint the text
	}
	writeJSON(w, http.StatusOK, newList(items, next))
}

// eventFilter reads the filters of an event list.
func eventFilter(p *params) store.EventFilter {
	return store.EventFilter{
		ArticleID:     p.str("article"),
		SourceCountry: p.country("source"),
		TargetCountry: p.country("target"),
		Root:          p.root("root"),
		From:          p.date("from"),
		To:            p.date("to"),
	}
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "article", "source", "target", "root", "from", "to", "cursor", "limit")
	f, limit := eventFilter(p), p.limit()
	if err := firstErr(p.err, s.needPager()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	items, next, err := s.pager.EventsPage(r.Context(), f, p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(items, next))
}

// recordFilter reads the filters of sitrep claims, deadlines and facts.
func recordFilter(p *params, kinds ...string) store.RecordFilter {
	return store.RecordFilter{Country: p.country("actor"), From: p.date("from"), To: p.date("to"), Kind: p.oneOf("kind", kinds...)}
}

var recordParams = []string{"actor", "from", "to", "kind", "cursor", "limit"}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), recordParams...)
	f, limit := recordFilter(p, "assert", "deny", "confirm", "retract"), p.limit()
	if err := firstErr(p.err, s.needPager()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	items, next, err := s.pager.ClaimsPage(r.Context(), f, p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(items, next))
}

func (s *Server) apiDeadlines(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), recordParams...)
	f, limit := recordFilter(p, "expiry", "deadline", "scheduled", "ultimatum"), p.limit()
	if err := firstErr(p.err, s.needPager()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	items, next, err := s.pager.DeadlinesPage(r.Context(), f, p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(items, next))
}

func (s *Server) apiFacts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), recordParams...)
	f, limit := recordFilter(p, "market_move", "amount", "count", "casualties"), p.limit()
	if err := firstErr(p.err, s.needPager()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	items, next, err := s.pager.FactsPage(r.Context(), f, p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(items, next))
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
