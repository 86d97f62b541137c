package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/shared"
)

// FuzzParseFeed feeds arbitrary bytes through the whole feed path —
// charset detection, repair of broken XML, gofeed, HTML-to-text — with
// panics left visible. Seeds: small cases, and every file of the shared
// feed corpus when it is there.
func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{
		``, `<rss/>`, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"/a","content_html":"<p>x</p>"}]}`,
		"<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss><channel><item><title>\xf0\xd2\xc9\xcd\xc5\xd2</title></item></channel></rss>",
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00", `<rss><channel><item><title><![CD`, `<rdf:RDF><item><link>javascript:alert(1)</link></item></rdf:RDF>`,
		`<rss><channel><item><description>&lt;script&gt;x&lt;/script&gt;&lt;p&gt;a&amp;amp;b</description></item></channel></rss>`,
	} {
		f.Add([]byte(s), "")
	}
	// shared.Root, not shared.Path: without the corpus the inline seeds
	// still run.
	if root := shared.Root(); root != "" {
		filepath.WalkDir(filepath.Join(root, "corpora", "feeds"), func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && !strings.HasSuffix(path, ".tsv") && !strings.HasSuffix(path, ".serde.json") {
				if b, err := os.ReadFile(path); err == nil && len(b) < 256<<10 {
					f.Add(b, charsetOf(corpusContentType(path, b)))
				}
			}
			return nil
		})
	}
	keepFeedPanics = true
	defer func() { keepFeedPanics = false }()
	f.Fuzz(func(t *testing.T, raw []byte, httpCharset string) {
		start := time.Now()
		pf, err := ParseFeed(raw, httpCharset, "https://feeds.example/feed.xml")
		if d := time.Since(start); d > 2*time.Second && len(raw) < 1<<20 {
			t.Fatalf("ParseFeed took %s on %d bytes", d, len(raw))
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(pf.Items) > MaxFeedItems {
			t.Fatalf("%d items", len(pf.Items))
		}
		for _, it := range pf.Items {
			for _, s := range []string{it.Title, it.Summary, it.Content, it.Link, it.Author} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("invalid text %q", s)
				}
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q is not http(s)", it.Link)
			}
			if strings.Contains(it.Title, "\n") {
				t.Fatalf("title on several lines: %q", it.Title)
			}
		}
	})
}

// FuzzParseOPML checks that no OPML file makes the importer panic.
func FuzzParseOPML(f *testing.F) {
	f.Add([]byte(`<opml><body><outline text="a" xmlUrl="https://a.example/"><outline xmlurl="x"/></outline></body></opml>`))
	f.Add([]byte(`<opml><body>` + strings.Repeat(`<outline text="n">`, 200) + `</body></opml>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		ParseOPML(strings.NewReader(string(raw)))
	})
}
