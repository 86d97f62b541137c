package source

import (
	"context"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// FetchResult is what `sitrep fetch` did with one page.
type FetchResult struct {
	ID      string           `json:"id"`
	Stored  bool             `json:"stored"`
	URL     string           `json:"url"` // after redirects
	Article *article.Article `json:"-"`
}

// FetchArticle fetches one web page, extracts its article and stores it,
// recording the URL among the article's sources. A page already stored
// (same canonical URL or text) is not stored again.
func FetchArticle(ctx context.Context, st store.Store, f *Fetcher, rawURL string, extract Extractor, now time.Time) (FetchResult, error) {
	resp, err := f.Fetch(ctx, Request{URL: rawURL, Accept: pageAccept, Reject: rejectNonHTML})
	if err != nil {
		return FetchResult{}, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	draft := article.Article{URL: rawURL, CanonicalURL: article.CanonicalURL(rawURL), Origin: rawURL,
		IngestedAt: now.UTC(), Meta: map[string]any{}}
	if t, prec, ok := article.DateFromURL(rawURL); ok && prec == "day" {
		setPublished(&draft, t, "url")
	}
	a, err := pageArticle(draft, resp)
	if err != nil {
		return FetchResult{}, fmt.Errorf("page %s: %w", rawURL, err)
	}
	a.Origin = rawURL
	var recs *record.Records
	if extract != nil {
		if recs, err = extractSafely(extract, a); err != nil {
			return FetchResult{}, fmt.Errorf("page %s: extract: %w", rawURL, err)
		}
	}
	res, err := st.PutArticles(ctx, []store.Put{{Article: a, Records: recs}})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		return FetchResult{}, fmt.Errorf("page %s: store: %w", rawURL, err)
	}
	out := FetchResult{ID: res[0].ID, Stored: res[0].Stored, URL: resp.URL, Article: a}
	if fs, ok := st.(store.FeedStore); ok {
		var srcs []store.ArticleSource
		for _, u := range uniq(draft.CanonicalURL, a.CanonicalURL) {
			srcs = append(srcs, store.ArticleSource{ArticleID: out.ID, URL: u, SeenAt: now})
		}
		if err := fs.AddArticleSources(ctx, srcs); err != nil {
			return out, fmt.Errorf("page %s: record source: %w", rawURL, err)
		}
	}
	return out, nil
}

func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
