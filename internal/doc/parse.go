package doc

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats a version can be read from.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// ErrEmpty is returned for a document with no words in it.
var ErrEmpty = errors.New("no text")

// Parse reads one version of a document. format is text, markdown or html,
// or "" to tell from the content. Invalid UTF-8 is replaced, not refused;
// binary data (NUL bytes) and documents without words are errors.
func Parse(raw []byte, format string) (*Version, error) {
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, errors.New("binary data, not a text document")
	}
	if !utf8.Valid(raw) {
		raw = []byte(strings.ToValidUTF8(string(raw), "\uFFFD"))
	}
	if format == "" {
		format = DetectFormat(raw)
	}
	var lines []string
	md := false
	switch format {
	case FormatHTML:
		var err error
		if lines, err = htmlLines(raw); err != nil {
			return nil, err
		}
		md = true
	case FormatMarkdown:
		lines = splitLines(stripFrontMatter(string(raw)))
		md = true
	case FormatText:
		lines = splitLines(string(raw))
	default:
		return nil, fmt.Errorf("unknown format %q (want text, markdown or html)", format)
	}
	v := assemble(lexLines(lines, md))
	v.Format = format
	if len(v.Units) == 0 {
		return nil, ErrEmpty
	}
	return v, nil
}

// DetectFormat tells HTML, Markdown and plain text apart by their look.
func DetectFormat(raw []byte) string {
	head := strings.ToLower(string(raw[:min(len(raw), 4096)]))
	t := strings.TrimSpace(head)
	if strings.HasPrefix(t, "<") {
		for _, tag := range []string{"<html", "<body", "<!doctype html", "<p>", "<p ", "<div", "<ol", "<h1", "<h2", "<article"} {
			if strings.Contains(head, tag) {
				return FormatHTML
			}
		}
	}
	for _, l := range splitLines(string(raw[:min(len(raw), 16384)])) {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "# ") || strings.HasPrefix(l, "## ") || strings.HasPrefix(l, "**") || mdLink.MatchString(l) {
			return FormatMarkdown
		}
	}
	return FormatText
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

// stripFrontMatter drops a leading "---" … "---" metadata block.
func stripFrontMatter(s string) string {
	t := strings.TrimLeft(s, "\ufeff")
	if !strings.HasPrefix(t, "---\n") && !strings.HasPrefix(t, "---\r\n") {
		return s
	}
	rest := t[strings.IndexByte(t, '\n')+1:]
	if i := strings.Index(rest, "\n---"); i >= 0 {
		after := rest[i+4:]
		if j := strings.IndexByte(after, '\n'); j >= 0 {
			return after[j+1:]
		}
		return ""
	}
	return s
}

// open is one level of the list being read.
type open struct {
	style string
	value int
	label string
	unit  int // index of the point in units
}

type assembler struct {
	v       *Version
	blocks  []block
	stack   []open
	cur     int // unit being filled, -1 for none
	blank   bool
	section int
	ids     map[string]int // point ID → unit index
	paras   int
}

func assemble(blocks []block) *Version {
	a := &assembler{v: &Version{}, blocks: blocks, cur: -1, section: -1, ids: map[string]int{}}
	a.title()
	for i, b := range a.blocks {
		switch b.kind {
		case bBlank:
			a.blank = true
			if a.cur >= 0 && a.v.Units[a.cur].Kind == KindParagraph {
				a.cur = -1
			}
		case bHeading:
			a.stack, a.cur, a.blank = nil, -1, false
			a.v.Sections = append(a.v.Sections, Section{Title: b.text, Level: b.level})
			a.section = len(a.v.Sections) - 1
		case bItem:
			if !a.item(b) {
				a.text(i, block{kind: bText, indent: b.indent, text: b.m.raw + " " + b.text})
			}
		case bBullet:
			if len(a.stack) > 0 && (!a.blank || a.listContinues(i) || b.indent > 0) {
				a.appendTo(a.stack[len(a.stack)-1].unit, "• "+b.text, true)
				a.cur, a.blank = a.stack[len(a.stack)-1].unit, false
				continue
			}
			a.stack = nil
			a.paragraph(b.text)
			a.cur = -1 // each bullet is a paragraph of its own
		case bText:
			a.text(i, b)
		}
	}
	for i := range a.v.Units {
		a.v.Units[i].Text = strings.TrimSpace(a.v.Units[i].Text)
	}
	return a.v
}

// title takes a first line that stands alone (a level-1 heading, or a
// short line without a final period followed by a blank line) as the
// document's title.
func (a *assembler) title() {
	for i, b := range a.blocks {
		switch {
		case b.kind == bBlank:
			continue
		case b.kind == bHeading && b.level == 1:
			a.v.Title = b.text
			a.blocks = a.blocks[i+1:]
		case b.kind == bText && len(b.text) <= 120 && !strings.HasSuffix(b.text, ".") &&
			(i+1 == len(a.blocks) || a.blocks[i+1].kind == bBlank || a.blocks[i+1].kind == bHeading):
			a.v.Title = b.text
			a.blocks = a.blocks[i+1:]
		}
		return
	}
}

func (a *assembler) text(i int, b block) {
	if a.cur >= 0 && !a.blank {
		a.appendTo(a.cur, b.text, false)
		return
	}
	if len(a.stack) > 0 && (b.indent > 0 || a.listContinues(i)) {
		top := a.stack[len(a.stack)-1].unit
		a.appendTo(top, b.text, true)
		a.cur, a.blank = top, false
		return
	}
	a.stack = nil
	a.paragraph(b.text)
}

func (a *assembler) paragraph(text string) {
	a.paras++
	a.v.Units = append(a.v.Units, Unit{Kind: KindParagraph, ID: "¶" + strconv.Itoa(a.paras), Depth: 1, Section: a.section, Text: text})
	a.cur, a.blank = len(a.v.Units)-1, false
}

func (a *assembler) appendTo(u int, text string, newPara bool) {
	sep := " "
	if newPara {
		sep = "\n"
	}
	if a.v.Units[u].Text == "" {
		sep = ""
	}
	a.v.Units[u].Text += sep + text
}

// listContinues reports whether another point follows block i before the
// next heading: text between points belongs to the point above it.
func (a *assembler) listContinues(i int) bool {
	for _, b := range a.blocks[i+1:] {
		switch b.kind {
		case bItem:
			return true
		case bHeading:
			return false
		}
	}
	return false
}

// item places a numbered point in the list structure; false means the
// marker cannot start or continue any list here (a stray "B." initial).
func (a *assembler) item(b block) bool {
	m := b.m
	if m.dotted != nil {
		id := strings.Join(m.dotted, ".")
		parent := strings.Join(m.dotted[:len(m.dotted)-1], ".")
		if _, ok := a.ids[parent]; !ok {
			parent = ""
		}
		a.addPoint(id, m.raw, parent, len(m.dotted), b.text)
		// A plain "2." after "1.2.1" continues the first level.
		first, _ := strconv.Atoi(m.dotted[0])
		top := a.cur
		if i, ok := a.ids[m.dotted[0]]; ok {
			top = i
		}
		a.stack = []open{{style: "arabic.", value: first, label: m.dotted[0], unit: top}}
		return true
	}
	level, r, ok := a.level(m)
	if !ok {
		return false
	}
	if level < len(a.stack) {
		a.stack = a.stack[:level+1]
		a.stack[level] = open{style: r.style, value: r.value, label: r.label}
	} else {
		a.stack = append(a.stack, open{style: r.style, value: r.value, label: r.label})
	}
	labels := make([]string, len(a.stack))
	for i, o := range a.stack {
		labels[i] = o.label
	}
	parent := ""
	if len(a.stack) > 1 {
		parent = a.v.Units[a.stack[len(a.stack)-2].unit].ID
	}
	a.addPoint(strings.Join(labels, "."), m.raw, parent, len(a.stack), b.text)
	a.stack[len(a.stack)-1].unit = a.cur
	return true
}

// level finds where a marker goes: the open list it continues (the next
// number of that style), else a new list one level down when it starts at
// one, else an open list of its style (numbering with gaps).
func (a *assembler) level(m marker) (int, reading, bool) {
	for i := len(a.stack) - 1; i >= 0; i-- {
		for _, r := range m.reads {
			if r.style == a.stack[i].style && r.value == a.stack[i].value+1 {
				return i, r, true
			}
		}
	}
	for _, r := range m.reads {
		if r.value == 1 {
			return len(a.stack), r, true
		}
	}
	for i := len(a.stack) - 1; i >= 0; i-- {
		for _, r := range m.reads {
			if r.style == a.stack[i].style {
				return i, r, true
			}
		}
	}
	r := m.reads[0]
	if strings.HasPrefix(r.style, "upper.") || (len(a.stack) == 0 && !strings.HasPrefix(r.style, "arabic") && !strings.HasPrefix(r.style, "kw-")) {
		return 0, r, false
	}
	return len(a.stack), r, true
}

func (a *assembler) addPoint(id, raw, parent string, depth int, text string) {
	if _, dup := a.ids[id]; dup {
		id = "§" + strconv.Itoa(a.section+1) + "." + id
		for n := 2; ; n++ {
			if _, dup := a.ids[id]; !dup {
				break
			}
			id = strings.TrimRight(id, "'") + strings.Repeat("'", n-1)
		}
	}
	a.v.Units = append(a.v.Units, Unit{Kind: KindPoint, ID: id, Marker: raw, Parent: parent, Depth: depth, Section: a.section, Text: text})
	a.cur, a.blank = len(a.v.Units)-1, false
	a.ids[id] = a.cur
}
