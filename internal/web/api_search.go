package web

import (
	"net/http"

	"github.com/sitrep/sitrep/internal/store"
)

// search runs a query and returns one page of hits. The store ranks
// without cursors, so the cursor holds the offset: every page is reached,
// at the cost of ranking the pages before it again.
func (s *Server) search(r *http.Request, q, cursor string, limit int) ([]store.SearchHit, string, error) {
	if q == "" {
		return nil, "", badf("q is required: the words to search for")
	}
	offset := 0
	if cursor != "" {
		if err := store.DecodeCursor(cursor, "search", &offset); err != nil || offset < 0 {
			return nil, "", store.ErrBadCursor
		}
	}
	hits, err := s.st.Search(r.Context(), store.SearchQuery{Text: q, Limit: offset + limit + 1})
	if err != nil {
		return nil, "", badf(err.Error())
	}
	if offset >= len(hits) {
		return nil, "", nil
	}
	hits = hits[offset:]
	next := ""
	if len(hits) > limit {
		hits = hits[:limit]
		next = store.EncodeCursor("search", offset+limit)
	}
	return hits, next, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "q", "cursor", "limit")
	limit := p.intIn("limit", 20, 1, maxPage)
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	hits, next, err := s.search(r, p.str("q"), p.str("cursor"), limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	for i := range hits {
		hits[i].Article.Text = ""
	}
	writeJSON(w, http.StatusOK, newList(hits, next))
}
