// Package story merges reports into stories: events from different articles
// that tell the same happening (the same actors, compatible CAMEO codes,
// dates that agree, similar words) become one record.Story, with its
// independent sources counted (wire copy republished by several outlets
// counts once) and a status (corroborated, single-source, disputed,
// negated, hedged).
//
// Merging is a function of the set of reports, not of their order: two
// reports belong together when a chain of pairwise links joins them
// (connected components), and every story field is chosen by a total order.
// So new reports can join stored stories incrementally (Update) and a
// rebuild from scratch (Rebuild) gives the same stories. The pure part
// (Merge) takes values; update.go reads the store and writes back.
package story

import (
	"net/url"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// Article is what merging needs of the report an event came from.
type Article struct {
	ID     string // "" for an imported event, whose report is its URL
	Title  string
	Outlet string
	URL    string
	Date   string
	Seen   time.Time // published, else ingested
	Sig    Signature // of the article's text; zero when it has none
}

// Report is one event as one article told it.
type Report struct {
	Event   *record.Event
	Article *Article
	// Disputed marks a report whose sentence carries a denial, or a claim
	// that another claim denies.
	Disputed bool
}

// ImportedArticle describes the report behind an event that came without
// an article (a GDELT row): its source URL, the URL's host as the outlet.
func ImportedArticle(e *record.Event) *Article {
	a := &Article{URL: e.SourceURL, Date: e.Date, Seen: imported(e)}
	if u, err := url.Parse(e.SourceURL); err == nil && u.Host != "" {
		a.Outlet = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	return a
}

// imported is when GDELT first saw the event (DATEADDED, YYYYMMDDHHMMSS or
// YYYYMMDD), else the start of the event's day.
func imported(e *record.Event) time.Time {
	if v := e.Extra["DATEADDED"]; v != "" {
		for _, layout := range []string{"20060102150405", "20060102"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t
			}
		}
	}
	if t, err := time.Parse(time.DateOnly, firstDay(e.Date)); err == nil {
		return t
	}
	return time.Time{}
}

// firstDay is the first day an ISO date of any precision covers.
func firstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	if len(d) > 10 {
		return d[:10]
	}
	return d
}
