package doc

import (
	"regexp"
	"strings"
	"unicode"
)

// Kinds of line block.
const (
	bBlank = iota
	bHeading
	bItem
	bBullet
	bText
)

// block is one classified line.
type block struct {
	kind   int
	level  int // heading level
	indent int // columns before the text
	text   string
	m      marker
}

var (
	sectionWord = regexp.MustCompile(`^(?i:section|part|chapter|annex|appendix|title|schedule)\s+[0-9IVXivx]+\b`)
	mdLink      = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis  = strings.NewReplacer("**", "", "__", "", "`", "")
)

// lexLines classifies each line. Markdown headings and emphasis are read
// when md is set; numbered points, bullets, section headings ("Section 2",
// "PART II") and underlined headings are read in every format.
func lexLines(lines []string, md bool) []block {
	out := make([]block, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRightFunc(strings.ReplaceAll(lines[i], "\t", "    "), unicode.IsSpace)
		content := strings.TrimLeftFunc(line, unicode.IsSpace)
		indent := len(line) - len(content)
		for strings.HasPrefix(content, ">") { // block quotes read as their text
			content = strings.TrimLeft(content[1:], " ")
		}
		if content == "" || isRule(content) {
			out = append(out, block{kind: bBlank})
			continue
		}
		if md && strings.HasPrefix(content, "#") {
			n := len(content) - len(strings.TrimLeft(content, "#"))
			if n <= 6 && (len(content) == n || content[n] == ' ') {
				out = append(out, block{kind: bHeading, level: n, text: cleanInline(strings.Trim(content[n:], " #"), md)})
				continue
			}
		}
		if i+1 < len(lines) && indent < 4 {
			if u := strings.TrimSpace(lines[i+1]); len(u) >= 3 && (strings.Trim(u, "=") == "" || strings.Trim(u, "-") == "") &&
				(i == 0 || strings.TrimSpace(lines[i-1]) == "") {
				lvl := 1
				if u[0] == '-' {
					lvl = 2
				}
				out = append(out, block{kind: bHeading, level: lvl, text: cleanInline(content, md)})
				i++
				continue
			}
		}
		if md && len(content) > 4 && strings.HasPrefix(content, "**") && strings.HasSuffix(content, "**") &&
			!strings.Contains(content[2:len(content)-2], "**") && len(content) <= 100 {
			out = append(out, block{kind: bHeading, level: 3, text: cleanInline(content, md)})
			continue
		}
		if m, ok := parseMarker(content); ok {
			if shouted(m.rest) {
				out = append(out, block{kind: bHeading, level: 2, text: cleanInline(content, md)})
				continue
			}
			m.rest = cleanInline(m.rest, md)
			out = append(out, block{kind: bItem, indent: indent, m: m, text: m.rest})
			continue
		}
		if b, ok := bullet(content); ok {
			out = append(out, block{kind: bBullet, indent: indent, text: cleanInline(b, md)})
			continue
		}
		if len(content) <= 100 && !strings.HasSuffix(content, ".") && (sectionWord.MatchString(content) || shouted(content)) {
			out = append(out, block{kind: bHeading, level: 2, text: cleanInline(content, md)})
			continue
		}
		out = append(out, block{kind: bText, indent: indent, text: cleanInline(content, md)})
	}
	return out
}

// shouted reports a line in capitals: a heading in plain-text documents.
func shouted(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 4 && len(s) <= 100
}

func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, c := range []string{"-", "*", "_", "="} {
		if strings.Trim(strings.ReplaceAll(s, " ", ""), c) == "" {
			return true
		}
	}
	return false
}

// bullet reads an unnumbered list item.
func bullet(s string) (string, bool) {
	for _, p := range []string{"- ", "* ", "+ ", "• ", "– ", "— ", "· "} {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):]), true
		}
	}
	return "", false
}

// cleanInline drops Markdown emphasis and keeps a link's words.
func cleanInline(s string, md bool) string {
	if !md {
		return s
	}
	s = mdLink.ReplaceAllStringFunc(s, func(l string) string {
		if strings.HasPrefix(l, "!") {
			return ""
		}
		return mdLink.FindStringSubmatch(l)[1]
	})
	return strings.TrimSpace(mdEmphasis.Replace(s))
}
