package doc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// htmlLines turns an HTML page into the lines the plain-text reader takes:
// headings as Markdown headings, ordered lists as numbered lines (their
// start, value and type attributes kept, nested lists indented), bullets,
// and every other block as a paragraph. Navigation, scripts and forms are
// dropped; the page's main element is read when it has one.
func htmlLines(raw []byte) ([]string, error) {
	d, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read HTML: %w", err)
	}
	d.Find("script, style, noscript, nav, header, footer, aside, form, template, svg").Remove()
	root := d.Find("main, [role=main]").First()
	if root.Length() == 0 {
		if art := d.Find("article"); art.Length() == 1 {
			root = art
		} else {
			root = d.Find("body").First()
		}
	}
	if root.Length() == 0 {
		root = d.Selection
	}
	w := &htmlWriter{}
	if t := strings.TrimSpace(d.Find("title").First().Text()); t != "" && root.Find("h1").Length() == 0 {
		w.line("# " + flat(t))
	}
	for _, n := range root.Nodes {
		w.children(n, 0)
	}
	w.flush()
	return w.lines, nil
}

type htmlWriter struct {
	lines  []string
	inline strings.Builder
}

var blockTags = map[string]bool{"p": true, "div": true, "section": true, "article": true, "main": true, "blockquote": true,
	"table": true, "tr": true, "dl": true, "dt": true, "dd": true, "pre": true, "figure": true, "figcaption": true,
	"address": true, "center": true, "body": true, "html": true, "td": true, "th": true, "thead": true, "tbody": true}

func (w *htmlWriter) line(s string) {
	w.lines = append(w.lines, s, "")
}

// flush ends the paragraph being gathered.
func (w *htmlWriter) flush() {
	if t := flat(w.inline.String()); t != "" {
		w.line(t)
	}
	w.inline.Reset()
}

func (w *htmlWriter) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, depth)
	}
}

func (w *htmlWriter) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		w.inline.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		w.children(n, depth)
		return
	}
	tag := n.Data
	switch {
	case len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6':
		w.flush()
		if t := flat(textOf(n)); t != "" {
			w.line(strings.Repeat("#", int(tag[1]-'0')) + " " + t)
		}
	case tag == "br":
		w.inline.WriteString(" ")
	case tag == "ol" || tag == "ul":
		w.flush()
		w.list(n, depth)
	case tag == "li":
		w.flush()
		w.list(&html.Node{FirstChild: n, Data: "ul"}, depth)
	case blockTags[tag]:
		w.flush()
		w.children(n, depth)
		w.flush()
	default:
		w.children(n, depth)
	}
}

// list writes the items of an ol or ul, numbered as the browser would.
func (w *htmlWriter) list(n *html.Node, depth int) {
	num := 1
	if v, err := strconv.Atoi(attr(n, "start")); err == nil {
		num = v
	}
	typ := attr(n, "type")
	indent := strings.Repeat("    ", depth)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Data != "li" {
			continue
		}
		if v, err := strconv.Atoi(attr(c, "value")); err == nil {
			num = v
		}
		var own strings.Builder
		var nested []*html.Node
		for g := c.FirstChild; g != nil; g = g.NextSibling {
			if g.Type == html.ElementNode && (g.Data == "ol" || g.Data == "ul") {
				nested = append(nested, g)
				continue
			}
			own.WriteString(textOf(g))
			own.WriteString(" ")
		}
		mark := "-"
		if n.Data == "ol" {
			mark = listNumber(num, typ) + "."
		}
		w.lines = append(w.lines, indent+mark+" "+flat(own.String()))
		for _, l := range nested {
			w.list(l, depth+1)
		}
		num++
	}
	w.lines = append(w.lines, "")
}

func listNumber(n int, typ string) string {
	switch {
	case typ == "a" && n >= 1 && n <= 26:
		return string(rune('a' + n - 1))
	case typ == "A" && n >= 1 && n <= 26:
		return string(rune('A' + n - 1))
	case typ == "i" && n >= 1 && n < 40:
		return toRoman(n)
	case typ == "I" && n >= 1 && n < 40:
		return strings.ToUpper(toRoman(n))
	}
	return strconv.Itoa(n)
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.Data == "br" || blockTags[n.Data]) {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// flat collapses white space to single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
