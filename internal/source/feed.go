package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/sitrep/sitrep/internal/article"
)

// ParsedFeed is a feed in sitrep's terms: what an article needs from it.
type ParsedFeed struct {
	Title    string
	Link     string // the site's home page
	Lang     string
	Format   string // rss, atom or json, with version
	Encoding string // what the document was decoded from
	Repaired string // when the document was malformed and read only up to the fault: what was wrong
	Items    []FeedItem
}

// FeedItem is one entry of a feed. Summary and Content are plain text.
type FeedItem struct {
	GUID      string
	Link      string // absolute, resolved against the feed URL
	Title     string
	Author    string
	Summary   string
	Content   string
	Published *time.Time // when the feed says the item was published (else updated)
	Lang      string
}

// ErrNotFeed is wrapped when a document is not RSS, Atom or JSON Feed.
var ErrNotFeed = errors.New("not a feed")

// keepFeedPanics is set by the fuzz test, which wants to see them.
var keepFeedPanics = false

// MaxFeedItems bounds the items taken from one document.
const MaxFeedItems = 5000

// ParseFeed reads an RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0) or JSON Feed
// document. httpCharset is the charset the server named, if any; feedURL
// resolves relative links. The error says what is wrong in words a person
// can act on.
func ParseFeed(raw []byte, httpCharset, feedURL string) (pf *ParsedFeed, err error) {
	defer func() {
		// gofeed is third-party code run on untrusted input: a bug there
		// fails this feed, not the poller.
		if keepFeedPanics {
			return
		}
		if r := recover(); r != nil {
			pf, err = nil, fmt.Errorf("feed parser failed on this document: %v", r)
		}
	}()
	raw, err = gunzipIfCompressed(raw, 64<<20)
	if err != nil {
		return nil, err
	}
	data, enc := decodeFeed(raw, httpCharset)
	if err := sniffNotFeed(data); err != nil {
		return nil, err
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	repaired := ""
	if err != nil && !errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		// A cut-off or broken document: keep what came before the break.
		if fixed := repairXML(data); fixed != nil {
			if g, gerr := gofeed.NewParser().Parse(bytes.NewReader(fixed)); gerr == nil {
				f, repaired, err = g, "malformed XML ("+err.Error()+"); read up to the fault", nil
			}
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("%w: %s", ErrNotFeed, describeRoot(data))
		}
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	// Relative links resolve against the document's own address, else the
	// address the feed gives for itself, else its site link.
	var base *url.URL
	for _, cand := range []string{feedURL, f.FeedLink, f.Link} {
		if u, err := url.Parse(strings.TrimSpace(cand)); err == nil && u.IsAbs() && u.Host != "" {
			base = u
			break
		}
	}
	pf = &ParsedFeed{Title: oneLine(htmlText(f.Title)), Link: resolveLink(base, f.Link), Lang: f.Language,
		Format: f.FeedType + " " + f.FeedVersion, Encoding: enc, Repaired: repaired}
	for i, it := range f.Items {
		if i == MaxFeedItems {
			break
		}
		if it == nil {
			continue
		}
		fi := FeedItem{GUID: strings.TrimSpace(it.GUID), Title: oneLine(htmlText(it.Title)),
			Summary: htmlText(it.Description), Content: htmlText(it.Content), Lang: pf.Lang}
		fi.Link = resolveLink(base, it.Link)
		if fi.Link == "" {
			// Some feeds put the link only in the guid (RSS isPermaLink).
			if g := resolveLink(base, fi.GUID); strings.HasPrefix(fi.GUID, "http") {
				fi.Link = g
			}
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			fi.Author = strings.TrimSpace(it.Authors[0].Name)
		} else if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
			fi.Author = strings.TrimSpace(it.DublinCoreExt.Creator[0])
		}
		fi.Published = itemDate(it)
		pf.Items = append(pf.Items, fi)
	}
	return pf, nil
}

// itemDate takes the published date, else the updated date, reading the
// raw strings again where gofeed could not.
func itemDate(it *gofeed.Item) *time.Time {
	for _, c := range []struct {
		parsed *time.Time
		raw    string
	}{{it.PublishedParsed, it.Published}, {it.UpdatedParsed, it.Updated}} {
		if c.parsed != nil && c.parsed.Year() > 1900 {
			t := c.parsed.UTC()
			return &t
		}
		if t, ok := article.ParseDate(c.raw); ok {
			t = t.UTC()
			return &t
		}
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Date) > 0 {
		if t, ok := article.ParseDate(it.DublinCoreExt.Date[0]); ok {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

var (
	rxHTMLRoot = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])`)
	rxFeedLink = regexp.MustCompile(`(?i)<link[^>]+type=["']application/(?:rss|atom)\+xml["'][^>]*>`)
	rxHref     = regexp.MustCompile(`(?i)href=["']([^"']+)["']`)
	rxRootName = regexp.MustCompile(`<([A-Za-z_][\w:.-]*)`)
)

// sniffNotFeed recognises documents that are plainly not feeds, for a
// clearer message than the parser's.
func sniffNotFeed(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return fmt.Errorf("%w: the document is empty", ErrNotFeed)
	}
	head := trimmed[:min(len(trimmed), 4096)]
	if rxHTMLRoot.Match(head) {
		msg := "the document is an HTML page"
		if m := rxFeedLink.Find(data[:min(len(data), 64<<10)]); m != nil {
			if h := rxHref.FindSubmatch(m); h != nil {
				msg += fmt.Sprintf("; it links to the feed %s, subscribe to that instead", h[1])
			}
		}
		return fmt.Errorf("%w: %s", ErrNotFeed, msg)
	}
	if trimmed[0] == '{' {
		var probe struct {
			Version *string          `json:"version"`
			Items   *json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return fmt.Errorf("malformed JSON Feed: %w", err)
		}
		if probe.Version == nil || probe.Items == nil {
			return fmt.Errorf("%w: JSON without the version and items of a JSON Feed", ErrNotFeed)
		}
	}
	return nil
}

// describeRoot names what a document that is not a feed starts with.
func describeRoot(data []byte) string {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] != '<' {
		return "the document is neither XML nor JSON"
	}
	rest := trimmed
	for {
		loc := rxRootName.FindSubmatchIndex(rest)
		if loc == nil {
			return "no root element found"
		}
		name := string(rest[loc[2]:loc[3]])
		if strings.EqualFold(name, "xml") || strings.HasPrefix(name, "!") {
			rest = rest[loc[1]:]
			continue
		}
		return fmt.Sprintf("the root element is <%s>, not <rss>, <rdf:RDF> or <feed>", name)
	}
}
