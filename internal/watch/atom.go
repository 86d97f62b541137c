package watch

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// FeedInfo names the Atom feed.
type FeedInfo struct {
	ID    string // a stable IRI; default "urn:sitrep:alerts"
	Title string // default "sitrep alerts"
	Self  string // the feed's own URL, when served
	// ArticleURL links an article that has no URL of its own (a page of
	// the web UI); nil falls back to a "sitrep show ID" tag URI.
	ArticleURL func(id string) string
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID         string     `xml:"id"`
	Title      string     `xml:"title"`
	Updated    string     `xml:"updated"`
	Published  string     `xml:"published"`
	Categories []atomCat  `xml:"category"`
	Links      []atomLink `xml:"link"`
	Summary    atomText   `xml:"summary"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// WriteAtom writes notices (newest first) as an Atom 1.0 feed; every
// outside text goes through encoding/xml and is escaped.
func WriteAtom(w io.Writer, notices []store.Notice, info FeedInfo, now time.Time) error {
	if info.ID == "" {
		info.ID = "urn:sitrep:alerts"
	}
	if info.Title == "" {
		info.Title = "sitrep alerts"
	}
	f := atomFeed{ID: info.ID, Title: info.Title, Author: atomPerson{Name: "sitrep"}, Updated: atomTime(now)}
	if len(notices) > 0 {
		f.Updated = atomTime(notices[0].CreatedAt)
	}
	if info.Self != "" {
		f.Links = append(f.Links, atomLink{Href: info.Self, Rel: "self"})
	}
	for _, n := range notices {
		state := "FIRING"
		if n.Status == NoticeResolved {
			state = "RESOLVED"
		}
		e := atomEntry{
			ID:         "urn:sitrep:alert:" + n.Key,
			Title:      xmlSafe(state + " [" + n.Rule + "] " + n.Title),
			Updated:    atomTime(n.CreatedAt),
			Published:  atomTime(n.CreatedAt),
			Categories: []atomCat{{Term: n.Status}, {Term: xmlSafe(n.Rule)}},
			Summary:    atomText{Type: "text", Body: xmlSafe(fmt.Sprintf("%s (evaluated at %s)", n.Summary, n.At.UTC().Format(time.RFC3339)))},
		}
		for i, l := range n.Links {
			href := l.URL
			if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") {
				href = ArticleRef(l.ArticleID, info.ArticleURL)
			}
			rel := "related"
			if i == 0 {
				rel = "alternate"
			}
			e.Links = append(e.Links, atomLink{Href: xmlSafe(href), Rel: rel, Title: xmlSafe(strings.TrimSpace(l.Source + " " + l.Title))})
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ArticleRef is the link to a stored article that has no URL: the web
// UI's page when known, else a tag URI naming the command that shows it.
func ArticleRef(id string, web func(string) string) string {
	if web != nil {
		return web(id)
	}
	return "tag:sitrep,2025:article/" + id
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

// xmlSafe drops the characters XML 1.0 cannot carry at all (escaping
// cannot save them).
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
			return r
		}
		return -1
	}, s)
}

// AtomHandler serves the latest notices as an Atom feed (mount it at
// /alerts.atom).
func AtomHandler(st store.Store, info FeedInfo, limit int) http.Handler {
	ws, _ := st.(store.WatchStore)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ws == nil {
			http.Error(w, "this store keeps no alerts", http.StatusNotFound)
			return
		}
		ns, err := ws.Notices(r.Context(), store.NoticeFilter{Limit: limit})
		if err != nil {
			http.Error(w, "reading alerts failed", http.StatusInternalServerError)
			return
		}
		if info.Self == "" {
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			info.Self = scheme + "://" + r.Host + r.URL.Path
		}
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		WriteAtom(w, ns, info, time.Now())
	})
}

// AtomFeed writes the store's latest notices as an Atom feed.
func AtomFeed(ctx context.Context, st store.Store, w io.Writer, info FeedInfo, limit int, now time.Time) error {
	ws, ok := st.(store.WatchStore)
	if !ok {
		return fmt.Errorf("the %s store keeps no alerts", st.Kind())
	}
	ns, err := ws.Notices(ctx, store.NoticeFilter{Limit: limit})
	if err != nil {
		return err
	}
	return WriteAtom(w, ns, info, now)
}
