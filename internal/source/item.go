package source

import (
	"bytes"
	"maps"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/store"
)

// MinFullTextWords is how many words a feed item's text needs to count as
// the whole article; with fewer it is a summary and the linked page is
// fetched.
const MinFullTextWords = 120

// itemArticle turns a feed item into an article. full says whether the
// feed carried the whole text; when it did not, the article is a draft
// that the page fetch completes.
func itemArticle(f store.Feed, pf *ParsedFeed, it FeedItem, now time.Time) (a *article.Article, full bool) {
	text := it.Content
	if wordCount(it.Summary) > wordCount(text) {
		text = it.Summary
	}
	full = wordCount(text) >= MinFullTextWords
	a = &article.Article{
		Title:        oneLine(it.Title),
		Byline:       oneLine(it.Author),
		Source:       firstNonEmpty(f.Title, pf.Title, hostOf(f.URL)),
		URL:          it.Link,
		CanonicalURL: article.CanonicalURL(it.Link),
		Lang:         it.Lang,
		Text:         text,
		ExtID:        oneLine(it.GUID),
		Origin:       f.URL,
		IngestedAt:   now.UTC(),
		Meta:         map[string]any{"feed": f.URL, "text_from": "feed"},
	}
	if !full {
		a.Meta["text_from"] = "feed-summary"
	}
	switch {
	case it.Published != nil:
		setPublished(a, *it.Published, "feed")
	default:
		if t, prec, ok := article.DateFromURL(it.Link); ok {
			if prec == "day" {
				setPublished(a, t, "url")
			} else {
				a.Date, a.Meta["date_from"] = t.Format("2006-01"), "url"
			}
		}
	}
	setHash(a)
	return a, full
}

func setPublished(a *article.Article, t time.Time, from string) {
	t = t.UTC()
	a.Published, a.Date = &t, t.Format("2006-01-02")
	a.Meta["date_from"] = from
}

func setHash(a *article.Article) {
	body := a.Text
	if body == "" {
		body = a.Title
	}
	a.Hash = article.ContentHash(body)
}

// pageArticle completes an article from its fetched page: the page's text,
// and its metadata where the feed gave none. The date is the feed's, else
// the page's (meta tags, JSON-LD, <time>, its URL), else the link's.
func pageArticle(draft article.Article, resp *Response) (*article.Article, error) {
	base, _ := url.Parse(resp.URL)
	pg, err := article.ParseHTML(bytes.NewReader(resp.Body), base)
	if err != nil {
		return nil, err
	}
	a := draft
	a.Meta = maps.Clone(draft.Meta)
	if a.Meta == nil {
		a.Meta = map[string]any{}
	}
	a.Text = pg.Text
	a.Title = firstNonEmpty(draft.Title, oneLine(pg.Title))
	a.Byline = firstNonEmpty(draft.Byline, oneLine(pg.Byline))
	a.Lang = firstNonEmpty(pg.Lang, draft.Lang)
	a.Source = firstNonEmpty(draft.Source, oneLine(pg.SiteName), hostOf(resp.URL))
	a.URL = resp.URL
	a.CanonicalURL = article.CanonicalURL(resp.URL)
	a.Meta["text_from"] = "page"
	if pg.CanonicalURL != "" && pg.CanonicalURL != resp.URL {
		a.Meta["canonical_link"] = pg.CanonicalURL
	}
	if a.Meta["date_from"] != "feed" && pg.Published != nil {
		setPublished(&a, *pg.Published, "page:"+pg.DateSource)
	}
	setHash(&a)
	return &a, nil
}

// oneLine collapses whitespace and drops control characters.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
