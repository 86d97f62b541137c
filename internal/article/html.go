package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Page is what one HTML page yields.
type Page struct {
	Title, Byline, SiteName, Lang, Excerpt string
	CanonicalURL                           string     // <link rel=canonical> or og:url, resolved against the page URL
	Published                              *time.Time // publication time, nil when the page gives none
	DateSource                             string     // where Published came from: "json-ld", "meta:article:published_time", "itemprop:datePublished", "time-element", "url", "canonical-url"
	Text                                   string     // the article's plain text, paragraphs separated by "\n\n"
}

// Errors ParseHTML wraps, so callers can tell bad input from a page that
// simply has no article on it.
var (
	ErrEmptyInput = errors.New("empty input")
	ErrNotHTML    = errors.New("not HTML")
	ErrTooLarge   = errors.New("page too large")
	ErrNoArticle  = errors.New("no article text found")
)

// MaxHTMLBytes bounds what ParseHTML reads, so one odd page cannot take the
// memory or time of a whole ingest run.
const MaxHTMLBytes = 16 << 20

// maxElements bounds the element count readability scores; its passes are
// worse than linear on pathological pages.
const maxElements = 150_000

// keepPanics is switched on by the fuzz test, which wants to see them.
var keepPanics atomic.Bool

// ParseHTML extracts the article text and metadata. pageURL may be nil; when
// given it resolves relative links and is the last place a date is sought.
func ParseHTML(r io.Reader, pageURL *url.URL) (page Page, err error) {
	defer func() {
		// readability and the HTML parser are third-party code run on
		// untrusted input: a bug there must fail this page, not the process.
		if keepPanics.Load() {
			return
		}
		if rec := recover(); rec != nil {
			page = Page{}
			err = pageErr(pageURL, fmt.Errorf("extraction failed: %v", rec))
		}
	}()

	raw, err := io.ReadAll(io.LimitReader(r, MaxHTMLBytes+1))
	if err != nil {
		return Page{}, pageErr(pageURL, fmt.Errorf("read: %w", err))
	}
	if len(raw) > MaxHTMLBytes {
		return Page{}, pageErr(pageURL, fmt.Errorf("%w: over %d bytes", ErrTooLarge, MaxHTMLBytes))
	}
	src, err := decodeHTML(raw)
	if err != nil {
		return Page{}, pageErr(pageURL, err)
	}

	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Page{}, pageErr(pageURL, fmt.Errorf("parse HTML: %w", err))
	}

	if n := countElements(doc); n > maxElements {
		return Page{}, pageErr(pageURL, fmt.Errorf("%w: %d elements, over %d", ErrTooLarge, n, maxElements))
	}
	// Metadata is read first: readability rewrites the tree and drops the
	// scripts that carry JSON-LD.
	meta := readMetadata(doc, pageURL)
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil {
		return Page{}, pageErr(pageURL, fmt.Errorf("readability: %w", err))
	}

	page.Text = plainText(art.Node)
	if page.Text == "" {
		return Page{}, pageErr(pageURL, ErrNoArticle)
	}
	page.Title = cleanLine(firstNonEmpty(art.Title(), meta.title))
	page.Byline = cleanLine(firstNonEmpty(art.Byline(), meta.byline))
	page.SiteName = cleanLine(firstNonEmpty(art.SiteName(), meta.siteName))
	page.Lang = cleanLine(firstNonEmpty(art.Language(), meta.lang))
	page.Excerpt = cleanLine(art.Excerpt())
	page.CanonicalURL = meta.canonical

	page.Published, page.DateSource = meta.published, meta.dateSource
	if page.Published == nil {
		page.Published, page.DateSource = dateFromTimeElements(meta.times, art.Node)
	}
	// A URL date counts only to the day: the first of a month from
	// /2014/12/ would be a made-up day, so it is left to the caller.
	if page.Published == nil && pageURL != nil {
		if t, prec, ok := DateFromURL(pageURL.String()); ok && prec == "day" {
			page.Published, page.DateSource = &t, "url"
		}
	}
	if page.Published == nil && page.CanonicalURL != "" {
		if t, prec, ok := DateFromURL(page.CanonicalURL); ok && prec == "day" {
			page.Published, page.DateSource = &t, "canonical-url"
		}
	}
	return page, nil
}

func countElements(doc *html.Node) int {
	n := 0
	for d := range doc.Descendants() {
		if d.Type == html.ElementNode {
			n++
		}
	}
	return n
}

func pageErr(pageURL *url.URL, err error) error {
	if pageURL == nil {
		return err
	}
	return fmt.Errorf("%s: %w", pageURL.Redacted(), err)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// cleanLine makes a metadata value one line of valid UTF-8.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// --- decoding ---------------------------------------------------------------

var rxMetaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// decodeHTML turns the raw bytes into UTF-8 text, refusing input that is
// empty, binary, or carries no markup at all.
func decodeHTML(raw []byte) (string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", ErrEmptyInput
	}
	// A byte-order mark settles the encoding, and UTF-16 must be decoded
	// before the binary check, since half its bytes are zero.
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(raw)
		if err != nil {
			return "", fmt.Errorf("decode UTF-16: %w", err)
		}
		raw = out
	}
	if looksBinary(raw) {
		return "", fmt.Errorf("%w: looks binary", ErrNotHTML)
	}

	var src string
	switch {
	case utf8.Valid(raw):
		// Valid UTF-8 with non-ASCII text is UTF-8 whatever the page
		// declares: mislabelled pages are common, chance-valid Latin-1 is not.
		src = string(raw)
	default:
		src = decodeDeclared(raw)
	}
	if !hasMarkup(src) {
		return "", fmt.Errorf("%w: no markup found", ErrNotHTML)
	}
	return src, nil
}

// decodeDeclared decodes bytes that are not valid UTF-8: by the charset the
// page declares, else as mostly-UTF-8 with a few bad bytes, else as
// windows-1252, the web's default.
func decodeDeclared(raw []byte) string {
	head := raw
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if m := rxMetaCharset.FindSubmatch(head); m != nil {
		label := strings.ToLower(string(m[1]))
		// HTML says a declared UTF-16 in a byte-oriented page means UTF-8.
		if !strings.HasPrefix(label, "utf-16") && label != "utf-8" && label != "utf8" {
			if enc, _ := charset.Lookup(label); enc != nil {
				if out, err := enc.NewDecoder().Bytes(raw); err == nil {
					return strings.ToValidUTF8(string(out), "\uFFFD")
				}
			}
		}
	}
	good, bad := 0, 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		i += n
	}
	if good >= 10*bad {
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return string(out)
}

// looksBinary reports whether the start of the input has more control bytes
// than any text file would.
func looksBinary(raw []byte) bool {
	sample := raw
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	ctl := 0
	for _, b := range sample {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			ctl++
		}
	}
	return ctl*100 > len(sample) // over 1%
}

// hasMarkup reports whether s holds at least one tag, comment or doctype.
func hasMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		c := s[i+1]
		if c == '!' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
	}
	return false
}

// --- metadata ---------------------------------------------------------------

type pageMeta struct {
	title, byline, siteName, lang string
	canonical                     string
	published                     *time.Time
	dateSource                    string
	times                         []timeCandidate
}

// timeCandidate is a <time> element seen before readability cut the page.
type timeCandidate struct {
	value     string // datetime attribute, else the element's text
	hinted    bool   // marked as the publication time (pubdate, itemprop, class)
	inArticle bool   // inside an <article> element
}

// dateMetaKeys are meta names and properties that give the publication
// time, most trusted first. Modified/updated times are left out on purpose.
var dateMetaKeys = []string{
	"article:published_time",
	"og:published_time",
	"og:article:published_time",
	"article:published",
	"article:publicationdate",
	"og:pubdate",
	"parsely-pub-date",
	"sailthru.date",
	"cxenseparse:recs:publishtime",
	"pubdate",
	"publishdate",
	"publish-date",
	"publish_date",
	"published_time",
	"date_published",
	"datepublished",
	"publication_date",
	"dc.date.issued",
	"dcterms.issued",
	"dc.date",
	"dcterms.date",
	"dc.date.created",
	"dcterms.created",
	"dcterms.available",
	"date",
	"citation_publication_date",
	"citation_date",
	"originalpublicationdate",
	"article_date_original",
	"rnews:datepublished",
	"displaydate",
	"weibo:article:create_at",
}

var dateMetaRank = func() map[string]int {
	m := make(map[string]int, len(dateMetaKeys))
	for i, k := range dateMetaKeys {
		m[k] = i
	}
	return m
}()

func readMetadata(doc *html.Node, pageURL *url.URL) pageMeta {
	var pm pageMeta
	d := goquery.NewDocumentFromNode(doc)

	pm.lang = d.Find("html").First().AttrOr("lang", "")
	metaContent := map[string]string{} // lower-cased name/property → first content
	d.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content := strings.TrimSpace(s.AttrOr("content", ""))
		if content == "" {
			return
		}
		for _, attr := range []string{"property", "name", "itemprop", "http-equiv"} {
			for _, key := range strings.Fields(strings.ToLower(s.AttrOr(attr, ""))) {
				if _, seen := metaContent[key]; !seen {
					metaContent[key] = content
				}
			}
		}
	})
	// Parse.ly puts its metadata in one JSON meta tag.
	if pj, ok := metaContent["parsely-page"]; ok && metaContent["parsely-pub-date"] == "" {
		var v struct {
			PubDate string `json:"pub_date"`
		}
		if json.Unmarshal([]byte(pj), &v) == nil && v.PubDate != "" {
			metaContent["parsely-pub-date"] = v.PubDate
		}
	}
	pm.title = firstNonEmpty(metaContent["og:title"], metaContent["twitter:title"], d.Find("title").First().Text(), d.Find("h1").First().Text())
	pm.byline = firstNonEmpty(metaContent["author"], metaContent["dc.creator"], metaContent["parsely-author"])
	pm.siteName = firstNonEmpty(metaContent["og:site_name"], metaContent["application-name"])
	if pm.lang == "" {
		pm.lang = firstNonEmpty(metaContent["content-language"], metaContent["language"], metaContent["dc.language"], metaContent["og:locale"])
	}
	pm.canonical = canonicalLink(d, metaContent["og:url"], pageURL)

	// Publication date: JSON-LD, then meta tags, then itemprop markup.
	if t, ok := jsonLDDate(d); ok {
		pm.published, pm.dateSource = &t, "json-ld"
	}
	if pm.published == nil {
		best := len(dateMetaKeys)
		for key, content := range metaContent {
			rank, ok := dateMetaRank[key]
			if !ok || rank >= best {
				continue
			}
			if t, ok := ParseDate(content); ok {
				pm.published, pm.dateSource, best = &t, "meta:"+key, rank
			}
		}
	}
	if pm.published == nil {
		d.Find(`[itemprop~="datePublished"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			v := firstNonEmpty(s.AttrOr("datetime", ""), s.AttrOr("content", ""), s.Text())
			if t, ok := ParseDate(v); ok {
				pm.published, pm.dateSource = &t, "itemprop:datePublished"
				return false
			}
			return true
		})
	}

	d.Find("time").Each(func(_ int, s *goquery.Selection) {
		v := firstNonEmpty(s.AttrOr("datetime", ""), s.Text())
		if v == "" {
			return
		}
		_, pubdate := s.Attr("pubdate")
		hint := strings.ToLower(s.AttrOr("class", "") + " " + s.Parent().AttrOr("class", "") + " " + s.AttrOr("itemprop", ""))
		pm.times = append(pm.times, timeCandidate{
			value:     v,
			hinted:    pubdate || strings.Contains(hint, "publish") || strings.Contains(hint, "pubdate"),
			inArticle: s.Closest("article").Length() > 0,
		})
	})
	return pm
}

// canonicalLink returns <link rel=canonical>, else og:url, made absolute
// against the page URL; only http(s) results count.
func canonicalLink(d *goquery.Document, ogURL string, pageURL *url.URL) string {
	cands := []string{}
	d.Find("link[rel]").Each(func(_ int, s *goquery.Selection) {
		for _, rel := range strings.Fields(strings.ToLower(s.AttrOr("rel", ""))) {
			if rel == "canonical" {
				cands = append(cands, s.AttrOr("href", ""))
			}
		}
	})
	cands = append(cands, ogURL)
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if pageURL != nil {
			u = pageURL.ResolveReference(u)
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String()
		}
	}
	return ""
}

var rxCDATAMarks = regexp.MustCompile(`^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$`)

// jsonLDDate finds datePublished in the page's JSON-LD blocks, looking
// through lists and @graph arrays. An article-typed object wins over a web
// page, and that over anything else (a video, a breadcrumb's item).
func jsonLDDate(d *goquery.Document) (time.Time, bool) {
	var best time.Time
	bestRank := 99
	d.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		text := rxCDATAMarks.ReplaceAllString(s.Text(), "")
		var v any
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			// Raw newlines and tabs inside strings are the usual fault.
			fixed := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(text)
			fixed = strings.TrimRight(strings.TrimSpace(fixed), ";")
			if json.Unmarshal([]byte(fixed), &v) != nil {
				return
			}
		}
		walkJSONLD(v, 0, func(obj map[string]any) {
			raw := jsonString(obj["datePublished"])
			if raw == "" {
				return
			}
			t, ok := ParseDate(raw)
			if !ok {
				return
			}
			if rank := jsonLDTypeRank(obj["@type"]); rank < bestRank {
				best, bestRank = t, rank
			}
		})
	})
	return best, bestRank < 99
}

var jsonLDContainers = []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item", "hasPart"}

func walkJSONLD(v any, depth int, visit func(map[string]any)) {
	if depth > 12 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkJSONLD(e, depth+1, visit)
		}
	case map[string]any:
		visit(x)
		// Descend into containers and the main entity, not into every
		// property: a related article's date is not this one's.
		for _, k := range jsonLDContainers {
			if e, ok := x[k]; ok {
				walkJSONLD(e, depth+1, visit)
			}
		}
	}
}

func jsonString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return jsonString(x[0])
		}
	case map[string]any:
		return jsonString(x["@value"])
	}
	return ""
}

func jsonLDTypeRank(v any) int {
	var types []string
	switch x := v.(type) {
	case string:
		types = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				types = append(types, s)
			}
		}
	}
	rank := 3
	for _, t := range types {
		t = strings.ToLower(t[strings.LastIndexAny(t, "/:")+1:])
		switch {
		case strings.HasSuffix(t, "article"), strings.HasSuffix(t, "posting"), t == "report":
			return 0
		case strings.HasSuffix(t, "webpage"):
			rank = min(rank, 1)
		default:
			rank = min(rank, 2)
		}
	}
	return rank
}

// dateFromTimeElements picks a <time> element's date: one marked as the
// publication time, else the first inside the extracted article, else the
// first inside an <article> element.
func dateFromTimeElements(times []timeCandidate, article *html.Node) (*time.Time, string) {
	try := func(keep func(timeCandidate) bool) *time.Time {
		for _, c := range times {
			if !keep(c) {
				continue
			}
			if t, ok := ParseDate(c.value); ok {
				return &t
			}
		}
		return nil
	}
	if t := try(func(c timeCandidate) bool { return c.hinted }); t != nil {
		return t, "time-element"
	}
	inText := map[string]bool{}
	for n := range article.Descendants() {
		if n.Type == html.ElementNode && n.Data == "time" {
			for _, a := range n.Attr {
				if a.Key == "datetime" {
					inText[a.Val] = true
				}
			}
		}
	}
	if t := try(func(c timeCandidate) bool { return inText[c.value] }); t != nil {
		return t, "time-element"
	}
	if t := try(func(c timeCandidate) bool { return c.inArticle }); t != nil {
		return t, "time-element"
	}
	return nil, ""
}

// --- text -------------------------------------------------------------------

// blockElements start and end a paragraph of the plain text.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true,
	"caption": true, "center": true, "dd": true, "details": true, "dialog": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true,
	"html": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true,
	"tfoot": true, "thead": true, "tr": true, "ul": true,
}

// skippedElements never hold article prose.
var skippedElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"title": true, "svg": true, "math": true, "iframe": true, "object": true,
	"embed": true, "video": true, "audio": true, "canvas": true, "select": true,
	"option": true, "button": true, "input": true, "textarea": true, "map": true,
}

// textBuilder collects paragraphs, collapsing whitespace inside each.
type textBuilder struct {
	paras []string
	cur   strings.Builder
	space bool // a space is owed before the next word
}

func (tb *textBuilder) word(w string) {
	if tb.space && tb.cur.Len() > 0 {
		last, _ := utf8.DecodeLastRuneInString(tb.cur.String())
		if last != '\n' {
			tb.cur.WriteByte(' ')
		}
	}
	tb.cur.WriteString(w)
	tb.space = false
}

func (tb *textBuilder) text(s string) {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				tb.word(s[start:i])
				start = -1
			}
			tb.space = true
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		tb.word(s[start:])
	}
}

func (tb *textBuilder) lineBreak() {
	if tb.cur.Len() > 0 {
		tb.cur.WriteByte('\n')
	}
	tb.space = false
}

func (tb *textBuilder) endParagraph() {
	p := strings.TrimSpace(tb.cur.String())
	if p != "" {
		tb.paras = append(tb.paras, p)
	}
	tb.cur.Reset()
	tb.space = false
}

// invisibleRunes are dropped from the text: soft hyphens, zero-width
// spaces and stray byte-order marks break words for every later stage.
var invisibleRunes = strings.NewReplacer("\u00ad", "", "\u200b", "", "\ufeff", "", "\u2060", "")

// plainText renders the readability result as plain text: one paragraph
// per block element, separated by blank lines.
func plainText(root *html.Node) string {
	if root == nil {
		return ""
	}
	var tb textBuilder
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			if pre {
				tb.cur.WriteString(strings.ReplaceAll(n.Data, "\r\n", "\n"))
				tb.space = false
			} else {
				tb.text(n.Data)
			}
			return
		case html.ElementNode:
			if skippedElements[n.Data] || hidden(n) || boilerplate(n) {
				return
			}
		case html.DocumentNode:
		default:
			return
		}
		switch {
		case n.Data == "br":
			tb.lineBreak()
			return
		case n.Data == "td" || n.Data == "th":
			tb.space = true
		case n.Data == "pre":
			pre = true
		}
		block := n.Type == html.ElementNode && blockElements[n.Data]
		if block {
			tb.endParagraph()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
		if block {
			tb.endParagraph()
		}
	}
	walk(root, false)
	tb.endParagraph()

	out := make([]string, 0, len(tb.paras))
	for _, p := range tb.paras {
		p = invisibleRunes.Replace(p)
		lines := strings.Split(p, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		p = strings.TrimSpace(strings.Join(lines, "\n"))
		if p != "" {
			out = append(out, p)
		}
	}
	text := strings.Join(out, "\n\n")
	return norm.NFC.String(strings.ToValidUTF8(text, "\uFFFD"))
}

// boilerplate reports elements readability keeps that are not the
// article's prose: picture captions, and lists that are nothing but links
// (section menus, "more from" lists).
func boilerplate(n *html.Node) bool {
	switch n.Data {
	case "figcaption":
		return true
	case "ul", "ol":
		all, linked := linkText(n, false)
		return all > 0 && linked*10 >= all*8
	}
	return false
}

// linkText counts the letters under n, and those of them inside links.
func linkText(n *html.Node, inLink bool) (all, linked int) {
	if n.Type == html.TextNode {
		for _, r := range n.Data {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				all++
			}
		}
		if inLink {
			linked = all
		}
		return all, linked
	}
	inLink = inLink || (n.Type == html.ElementNode && n.Data == "a")
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		a, l := linkText(c, inLink)
		all, linked = all+a, linked+l
	}
	return all, linked
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}
