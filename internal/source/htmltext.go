package source

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText turns a feed's HTML fragment (a description or content) into
// plain text: block elements end paragraphs ("\n\n"), <br> ends a line,
// scripts, styles and embedded media are dropped. Text without markup is
// only unescaped and tidied.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return tidyText(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside elements whose text is not prose
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case dropped[a]:
				if tt == html.StartTagToken && a != atom.Img {
					skip++
				}
			case a == atom.Br:
				b.WriteString("\n")
			case block[a]:
				b.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case dropped[a]:
				if skip > 0 {
					skip--
				}
			case block[a]:
				b.WriteString("\n\n")
			}
		}
	}
}

var dropped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true,
	atom.Object: true, atom.Svg: true, atom.Video: true, atom.Audio: true, atom.Template: true, atom.Img: true}

var block = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Figure: true, atom.Figcaption: true, atom.Header: true, atom.Footer: true, atom.Hr: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true}

// tidyText unescapes entities, drops control characters, collapses runs
// of spaces within lines and keeps at most one blank line between
// paragraphs.
func tidyText(s string) string {
	s = html.UnescapeString(s)
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n\n") {
		var lines []string
		for _, line := range strings.Split(p, "\n") {
			line = strings.Join(strings.FieldsFunc(line, func(r rune) bool {
				return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF'
			}), " ")
			if line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(paras, "\n\n")
}

// wordCount counts space-separated words.
func wordCount(s string) int { return len(strings.Fields(s)) }
