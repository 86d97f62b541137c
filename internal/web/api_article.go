package web

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

// articleWithRecords is one article with everything extracted from it
// and where it was seen, as sitrep show --json prints it.
type articleWithRecords struct {
	Article   *article.Article      `json:"article"`
	Events    []record.Event        `json:"events"`
	Claims    []record.Claim        `json:"claims"`
	Deadlines []record.Deadline     `json:"deadlines"`
	Facts     []record.Fact         `json:"facts"`
	Sources   []store.ArticleSource `json:"sources,omitempty"`
}

func (s *Server) loadArticle(r *http.Request, id string) (*articleWithRecords, error) {
	a, err := s.st.GetArticle(r.Context(), id)
	if err != nil {
		return nil, err
	}
	recs, err := s.st.Records(r.Context(), id)
	if err != nil {
		return nil, err
	}
	out := &articleWithRecords{Article: a, Events: orEmpty(recs.Events), Claims: orEmpty(recs.Claims),
		Deadlines: orEmpty(recs.Deadlines), Facts: orEmpty(recs.Facts)}
	if s.feeds != nil {
		if out.Sources, err = s.feeds.ArticleSources(r.Context(), id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).err; err != nil {
		s.apiFail(w, r, err)
		return
	}
	a, err := s.loadArticle(r, r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// maxIngestBody bounds one POST of articles.
const maxIngestBody = 32 << 20

// ingestResult is what became of one posted article.
type ingestResult struct {
	Where     string `json:"where"` // -:LINE for JSON Lines
	ID        string `json:"id,omitempty"`
	Stored    bool   `json:"stored"`
	Duplicate bool   `json:"duplicate"`
	Error     string `json:"error,omitempty"`
}

type ingestResponse struct {
	source.Summary
	Results []ingestResult `json:"results"`
}

// apiArticlePost ingests the body as sitrep ingest reads a file: JSON
// Lines (one {"title","date","source","url","text"} object a line), an
// HTML page or plain text, each article with its extracted records.
func (s *Server) apiArticlePost(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "date", "source")
	def := source.Defaults{Date: p.date("date"), Source: p.str("source")}
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxIngestBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "the body is larger than 32 MiB; post fewer articles at a time")
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "reading the body: "+err.Error())
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "the body is empty: post JSON Lines, an HTML page or plain text")
		return
	}
	var mu sync.Mutex
	var results []ingestResult
	sum, err := source.Ingest(r.Context(), s.st, []string{"-"}, source.IngestOptions{
		Defaults: def, Extract: s.opt.Extract, Stdin: bytes.NewReader(body), Now: s.now, Workers: 1,
		OnItem: func(res source.Result) {
			ir := ingestResult{Where: res.Where, ID: res.ID, Stored: res.Stored, Duplicate: res.Duplicate}
			if res.Err != nil {
				ir.Error = res.Err.Error()
			}
			mu.Lock()
			results = append(results, ir)
			mu.Unlock()
		},
	})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	// Items are stored by several writers and reported as they finish;
	// the response lists them in the order they were posted ("-:LINE").
	slices.SortStableFunc(results, func(a, b ingestResult) int { return cmp.Compare(postedLine(a.Where), postedLine(b.Where)) })
	s.metrics.ArticlesIngested.Add(float64(sum.Stored))
	if s.opt.AfterStore != nil && sum.Stored > 0 {
		var ids []string
		for _, res := range results {
			if res.Stored {
				ids = append(ids, res.ID)
			}
		}
		// The articles are stored: a failure here is logged and left for
		// sitrep restory, not reported as a failed post.
		if err := s.opt.AfterStore(context.WithoutCancel(r.Context()), ids); err != nil {
			s.log.Error("after storing posted articles", "articles", len(ids), "err", err)
		}
	}
	status := http.StatusOK
	if sum.Stored > 0 {
		status = http.StatusCreated
	}
	if sum.Failed > 0 && sum.Stored == 0 && sum.Duplicates == 0 {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, ingestResponse{Summary: sum, Results: orEmpty(results)})
}

// postedLine is the line number in a posted body's "-:LINE" position.
func postedLine(where string) int {
	n, _ := strconv.Atoi(where[strings.LastIndexByte(where, ':')+1:])
	return n
}
