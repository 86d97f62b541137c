package doc

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// outline is a version's units as "ID depth parent" lines, for exact checks.
func outline(v *Version) string {
	var b strings.Builder
	for _, u := range v.Units {
		b.WriteString(u.ID)
		if u.Parent != "" {
			b.WriteString("<" + u.Parent)
		}
		b.WriteString(" ")
	}
	return strings.TrimSpace(b.String())
}

func readVersion(t testing.TB, path string) *Version {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Parse(b, "")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func TestParsePlanVersions(t *testing.T) {
	top := func(n int, sub map[int]string) string {
		var parts []string
		for i := 1; i <= n; i++ {
			p := strconv.Itoa(i)
			parts = append(parts, p)
			if s, ok := sub[i]; ok {
				for _, l := range strings.Fields(s) {
					parts = append(parts, p+"."+l+"<"+p)
				}
			}
		}
		return strings.Join(parts, " ")
	}
	for _, tc := range []struct {
		file, format, title string
		outline             string
		sections            []string
	}{
		{"testdata/plan-v1.txt", FormatText, "Draft Framework for Ending the War in Ukraine",
			"¶1 " + top(28, map[int]string{10: "a b c"}) + " ¶2", nil},
		{"testdata/plan-v2.md", FormatMarkdown, "Revised Framework for Ending the War in Ukraine",
			"¶1 " + top(27, map[int]string{8: "a b c"}), []string{"Sovereignty and security", "Europe and the economy", "Territory and people"}},
		{"testdata/plan-v3.html", FormatHTML, "Framework for Ending the War in Ukraine",
			"¶1 " + top(27, map[int]string{8: "a b c"}) + " ¶2", nil},
	} {
		v := readVersion(t, tc.file)
		if v.Format != tc.format || v.Title != tc.title {
			t.Errorf("%s: format %q title %q, want %q %q", tc.file, v.Format, v.Title, tc.format, tc.title)
		}
		if got := outline(v); got != tc.outline {
			t.Errorf("%s: outline\n got %s\nwant %s", tc.file, got, tc.outline)
		}
		var secs []string
		for _, s := range v.Sections {
			secs = append(secs, s.Title)
		}
		if strings.Join(secs, "|") != strings.Join(tc.sections, "|") {
			t.Errorf("%s: sections %q, want %q", tc.file, secs, tc.sections)
		}
	}
	v1 := readVersion(t, "testdata/plan-v1.txt")
	p6 := v1.Units[6]
	if p6.ID != "6" || p6.Marker != "6." || p6.Text != "The size of the Armed Forces of Ukraine will be capped at 600,000 personnel." {
		t.Errorf("point 6 = %+v", p6)
	}
	// A wrapped point is one line of text; sub-points keep their own words.
	if got := v1.Units[11].Text; got != "the United States will receive compensation for the guarantee;" {
		t.Errorf("10.a = %q", got)
	}
	tops := v1.TopPoints()
	if len(tops) != 28 || !strings.Contains(tops[9].Text, "if Russia invades Ukraine") {
		t.Errorf("TopPoints: %d points, 10 = %q", len(tops), tops[9].Text)
	}
	v3 := readVersion(t, "testdata/plan-v3.html")
	for _, u := range v3.Units {
		if strings.Contains(u.Text, "Home") || strings.Contains(u.Text, "var x") || strings.Contains(u.Text, "Published for") {
			t.Errorf("navigation, script or footer read as text: %q", u.Text)
		}
	}
}

func TestParseNumberingStyles(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"nested styles", "1. One\n   (a) first\n   (b) second\n      (i) deep\n      (ii) deeper\n   (c) third\n2. Two\n",
			"1 1.a<1 1.b<1 1.b.i<1.b 1.b.ii<1.b 1.c<1 2"},
		{"letters past h are letters", "1. One\n(g) g\n(h) h\n(i) i\n(j) j\n",
			"1 1.g<1 1.h<1 1.i<1 1.j<1"},
		{"roman sections", "I. Security\nThe first part.\n\nII. Economy\nThe second part.\n",
			"I II"},
		{"point words", "Point 1: Sovereignty is confirmed.\nPoint 2: Elections follow.\nPoint 12 – Amnesty.\n",
			"1 2 12"},
		{"dotted numbers", "1. Scope\n1.1 Parties\n1.2 Terms\n1.2.1 Detail\n2. End\n",
			"1 1.1<1 1.2<1 1.2.1<1.2 2"},
		{"parenthesised", "(1) One.\n(2) Two.\n", "1 2"},
		{"closing parenthesis", "1) One.\n2) Two.\n3) Three.\n", "1 2 3"},
		{"a stray initial is text", "Talks went on.\n\nB. Smith said so.\n", "¶1 ¶2"},
		{"numbers restart in sections", "## A\n1. a\n2. b\n## B\n1. c\n", "1 2 §2.1"},
		{"paragraph between points stays with the point", "1. One.\n\nMore on one.\n\n2. Two.\n\nClosing words.\n", "1 2 ¶1"},
		{"bullets inside a point", "1. One:\n   - first\n   - second\n2. Two\n", "1 2"},
		{"article 5 in running text is not a point", "Allies stand by Article 5 of the treaty.\n", "¶1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Parse([]byte("Title\n\n"+tc.text), "")
			if err != nil {
				t.Fatal(err)
			}
			if got := outline(v); got != tc.want {
				t.Errorf("outline %q, want %q\n%+v", got, tc.want, v.Units)
			}
		})
	}
	v, _ := Parse([]byte("T\n\n1. One.\n\nMore on one.\n2. Two:\n   - first\n"), "")
	if v.Units[0].Text != "One.\nMore on one." || v.Units[1].Text != "Two:\n• first" {
		t.Errorf("texts %q, %q", v.Units[0].Text, v.Units[1].Text)
	}
}

func TestParseRefusesAndRepairs(t *testing.T) {
	for _, bad := range []string{"", "   \n\n  ", "a\x00b"} {
		if _, err := Parse([]byte(bad), ""); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
	if _, err := Parse([]byte("x"), "pdf"); err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("unknown format: %v", err)
	}
	v, err := Parse([]byte("Title\n\n1. caf\xe9 terms\n"), "text")
	if err != nil || v.Units[0].Text != "caf\uFFFD terms" {
		t.Errorf("invalid UTF-8: %+v, %v", v, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", FormatHTML},
		{"# Title\n\ntext", FormatMarkdown},
		{"Title\n\n1. text", FormatText},
	} {
		if got := DetectFormat([]byte(tc.in)); got != tc.want {
			t.Errorf("DetectFormat(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
