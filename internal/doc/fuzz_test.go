package doc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds the parser arbitrary documents: it must not panic, and
// what it returns must hold together (unique IDs, parents that exist and
// come first, valid UTF-8, sections in range). The seeds are the test
// documents and a few shapes that have tripped list parsers.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && !strings.HasSuffix(p, ".jsonl") {
			f.Add(b, "")
		}
	}
	for _, s := range []string{
		"1.\n(a)\n(i)\n(ii)\n(b)\n2.", "I. II. III.", "1.1.1.1.1 x\n2. y", "<ol start=\"-3\"><li>x<ol><li>y</li></ol></li></ol>",
		"# \n##\n---\n===\n", "Point 1:\nPoint 1:\nPoint 1:", "(", "1)", "a.\n\tb.\n\t\tc.", "<li value=\"99999999999999\">x",
		"**x**\n[a](b) ![c](d)", "---\ntitle: x\n---\n1. y", "\xff\xfe1. x", "Section 1\n1. a\nSection 1\n1. a",
	} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), FormatHTML)
	}
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		if format != "" && format != FormatText && format != FormatMarkdown && format != FormatHTML {
			format = ""
		}
		v, err := Parse(data, format)
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, u := range v.Units {
			if ids[u.ID] {
				t.Fatalf("ID %q twice", u.ID)
			}
			if u.Parent != "" && !ids[u.Parent] {
				t.Fatalf("%s: parent %q not before it", u.ID, u.Parent)
			}
			ids[u.ID] = true
			if !utf8.ValidString(u.Text) {
				t.Fatalf("%s: invalid UTF-8", u.ID)
			}
			if u.Section < -1 || u.Section >= len(v.Sections) {
				t.Fatalf("%s: section %d of %d", u.ID, u.Section, len(v.Sections))
			}
			if u.Depth < 1 {
				t.Fatalf("%s: depth %d", u.ID, u.Depth)
			}
		}
		// Comparing a version with itself changes nothing.
		d := Compare(v, v, 5)
		for _, c := range d.Changes {
			if c.Kind != Unchanged || c.Moved || c.Renumbered {
				t.Fatalf("self-diff: %+v", c)
			}
		}
		if len(d.Terms) != 0 {
			t.Fatalf("self-diff term shifts: %+v", d.Terms)
		}
	})
}
