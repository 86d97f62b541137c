package source

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// OPMLFeed is one feed of an OPML subscription list.
type OPMLFeed struct {
	URL      string // xmlUrl
	Title    string
	SiteURL  string // htmlUrl
	Category string // the titles of the enclosing outlines, joined by " / "
}

type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Title   string      `xml:"head>title"`
	Created string      `xml:"head>dateCreated,omitempty"`
	Body    []opmlEntry `xml:"body>outline"`
}

type opmlEntry struct {
	Text    string      `xml:"text,attr"`
	Title   string      `xml:"title,attr,omitempty"`
	Type    string      `xml:"type,attr,omitempty"`
	XMLURL  string      `xml:"xmlUrl,attr,omitempty"`
	HTMLURL string      `xml:"htmlUrl,attr,omitempty"`
	Attrs   []xml.Attr  `xml:",any,attr"`
	Outline []opmlEntry `xml:"outline"`
}

// attr returns an attribute by name, ignoring case (xmlurl, XMLURL and
// xmlUrl all occur in the wild).
func (e *opmlEntry) attr(name string) string {
	for _, a := range e.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// ParseOPML reads the feeds of an OPML file, nested outlines included.
func ParseOPML(r io.Reader) ([]OPMLFeed, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 32<<20))
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var doc opmlDoc
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not an OPML file: %w", err)
	}
	var out []OPMLFeed
	var walk func(es []opmlEntry, path []string)
	walk = func(es []opmlEntry, path []string) {
		for i := range es {
			e := &es[i]
			u := strings.TrimSpace(e.XMLURL)
			if u == "" {
				u = e.attr("xmlurl")
			}
			title := strings.TrimSpace(e.Title)
			if title == "" {
				title = strings.TrimSpace(e.Text)
			}
			if u != "" {
				site := strings.TrimSpace(e.HTMLURL)
				if site == "" {
					site = e.attr("htmlurl")
				}
				out = append(out, OPMLFeed{URL: u, Title: title, SiteURL: site, Category: strings.Join(path, " / ")})
			}
			if len(e.Outline) > 0 {
				sub := path
				if u == "" && title != "" {
					sub = append(append([]string(nil), path...), title)
				}
				walk(e.Outline, sub)
			}
		}
	}
	walk(doc.Body, nil)
	return out, nil
}

// WriteOPML writes feeds as an OPML 2.0 subscription list.
func WriteOPML(w io.Writer, title string, feeds []OPMLFeed, now time.Time) error {
	doc := opmlDoc{Version: "2.0", Title: title, Created: now.UTC().Format(time.RFC1123Z)}
	for _, f := range feeds {
		text := f.Title
		if text == "" {
			text = f.URL
		}
		doc.Body = append(doc.Body, opmlEntry{Text: text, Title: f.Title, Type: "rss", XMLURL: f.URL, HTMLURL: f.SiteURL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
