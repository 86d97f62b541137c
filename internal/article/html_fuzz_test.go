package article

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseHTML checks that no input makes ParseHTML panic or return text
// that is not valid UTF-8. Under plain `go test` it replays the seeds only.
func FuzzParseHTML(f *testing.F) {
	seeds := []string{
		"",
		"<",
		"<html>",
		"<p>one</p>",
		testPage("", ""),
		testPage(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2019-03-14"}]}</script>`, ""),
		testPage(`<script type="application/ld+json">[[[{"@type":1,"datePublished":{"@value":["x"]}}]]]</script>`, ""),
		testPage(`<meta property="article:published_time" content="9999-99-99T99:99:99Z">`, `<time datetime="Sept. 31st, 2019 25:61 p.m. ET">x</time>`),
		testPage(`<meta charset="shift_jis">`, "\x82\xa0\x82\xa2"),
		testPage(`<meta charset="utf-16">`, "\xff\xfe\xfd"),
		testPage(`<link rel="canonical" href="http://[::1">`, `<pre>  keep
   this  </pre><table><tr><td>a<td>b</table>`),
		"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00<\x00p\x00>\x00h\x00i\x00",
		"\xef\xbb\xbf<p>" + strings.Repeat("bom ", 200) + "</p>",
		"<p>" + strings.Repeat("<b>", 600) + "deep",
		"<p>caf\xe9 \xc3\x28 \xed\xa0\x80 \x00 text</p>",
		"\x00\x01\x02\x03\x04\x05\x06\x07",
		"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
		"<svg><math><p>" + strings.Repeat("x ", 300) + "</math></svg>",
		"<!-- only a comment -->",
		"<noscript><p>" + strings.Repeat("hidden ", 100) + "</p></noscript>",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		keepPanics.Store(true)
		defer keepPanics.Store(false)
		p, err := ParseHTML(bytes.NewReader(data), nil)
		if err != nil {
			if p.Text != "" || p.Title != "" {
				t.Fatalf("error %v came with a non-empty page", err)
			}
			return
		}
		for name, v := range map[string]string{
			"Text": p.Text, "Title": p.Title, "Byline": p.Byline, "SiteName": p.SiteName,
			"Lang": p.Lang, "Excerpt": p.Excerpt, "CanonicalURL": p.CanonicalURL,
		} {
			if !utf8.ValidString(v) {
				t.Fatalf("%s is not valid UTF-8: %q", name, v)
			}
		}
		if strings.TrimSpace(p.Text) == "" {
			t.Fatal("no error, but no text")
		}
		if strings.Contains(p.Text, "\n\n\n") || p.Text != strings.TrimSpace(p.Text) {
			t.Fatalf("text has stray blank lines or edges: %q", p.Text)
		}
		if p.Published != nil && (p.Published.Year() < minYear || p.Published.Year() > maxYear || p.DateSource == "") {
			t.Fatalf("implausible date %v from %q", p.Published, p.DateSource)
		}
	})
}
