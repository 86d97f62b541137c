package web

import (
	"net/http"
	"net/url"

	"github.com/sitrep/sitrep/internal/article"
)

type articlePage struct {
	*articleWithRecords
	Segments []segment
	Missing  []string // notes of records whose evidence is not in the text
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.loadArticle(r, r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	segs, missing := highlight(a.Article.Text, recordSpans(a.Article.Text, a))
	title := a.Article.Title
	if title == "" {
		title = "Article " + a.Article.ID
	}
	d := articlePage{articleWithRecords: a, Segments: segs}
	for _, m := range missing {
		d.Missing = append(d.Missing, m.note)
	}
	s.render(w, r, "article", pageData{Title: title, Nav: "articles", Data: d})
}

type articlesPage struct {
	Query    url.Values
	Articles []article.Article
	Next     string
	Error    string
}

func (s *Server) handleArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := newParams(q, "since", "until", "source", "cursor", "limit")
	f, limit := articleFilter(p), p.limit()
	d := articlesPage{Query: q}
	if p.err != nil {
		d.Error = p.err.Error()
		s.renderStatus(w, r, http.StatusBadRequest, "articles", pageData{Title: "Articles", Nav: "articles", Data: d})
		return
	}
	if err := s.needPager(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	var err error
	if d.Articles, d.Next, err = s.pager.ArticlesPage(r.Context(), f, p.str("cursor"), limit); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, "articles", pageData{Title: "Articles", Nav: "articles", Data: d})
}
