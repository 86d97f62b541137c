package source

import (
	"bufio"
	"errors"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sitrep/sitrep/internal/shared"
)

// corpusEntry is one line of corpora/feeds/index.tsv.
type corpusEntry struct {
	path, format, declared string
}

func feedCorpus(t testing.TB) (dir string, entries []corpusEntry) {
	dir = shared.Path(t, "corpora/feeds")
	f, err := os.Open(filepath.Join(dir, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			continue
		}
		entries = append(entries, corpusEntry{path: cols[0], format: cols[2], declared: strings.ToLower(cols[3])})
	}
	return dir, entries
}

var rxCorpusHeader = regexp.MustCompile(`(?m)^Header:\s*Content-type:\s*(.+)$`)

// corpusContentType is the Content-Type a test file asks to be served
// with (feedparser's files state it in a leading comment), else one that
// suits its extension.
func corpusContentType(path string, raw []byte) string {
	if m := rxCorpusHeader.FindSubmatch(raw[:min(len(raw), 1024)]); m != nil {
		return strings.TrimSpace(string(m[1]))
	}
	switch {
	case strings.HasSuffix(path, ".json"):
		return "application/feed+json"
	case strings.HasSuffix(path, ".html"):
		return "text/html"
	case strings.HasSuffix(path, ".atom"):
		return "application/atom+xml"
	}
	return "application/rss+xml"
}

func charsetOf(ct string) string {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return strings.ToLower(params["charset"])
}

// TestFeedCorpus parses every file of the shared feed corpus: each either
// parses or yields an error that says why, and feeds in other encodings
// read right.
func TestFeedCorpus(t *testing.T) {
	dir, entries := feedCorpus(t)
	parsed := map[string]*ParsedFeed{}
	reasons := map[string]int{}
	items := 0
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.path))
		if err != nil {
			t.Fatal(err)
		}
		pf, err := ParseFeed(raw, charsetOf(corpusContentType(e.path, raw)), "https://feeds.example/"+e.path)
		notFeed := strings.HasPrefix(e.format, "xml:") || e.format == "html" || e.format == "empty/no-root" || e.format == "json-invalid"
		switch {
		case err != nil:
			msg := err.Error()
			if msg == "" || !utf8.ValidString(msg) {
				t.Errorf("%s: unreadable error %q", e.path, msg)
			}
			reasons[e.format+" → "+strings.SplitN(msg, ":", 2)[0]]++
			if !notFeed && e.format != "json-expected-output" {
				t.Errorf("%s (%s): %v", e.path, e.format, err)
			}
			if e.format == "json-expected-output" && !errors.Is(err, ErrNotFeed) {
				t.Errorf("%s: %v, want ErrNotFeed", e.path, err)
			}
		case notFeed:
			t.Errorf("%s (%s) parsed as a feed: %+v", e.path, e.format, pf)
		default:
			parsed[e.path] = pf
			items += len(pf.Items)
			for _, s := range append([]string{pf.Title}, itemStrings(pf)...) {
				// feedparser's bozo_* files hold bytes that are invalid
				// in any reading, on purpose.
				if strings.ContainsRune(s, utf8.RuneError) && !strings.Contains(e.path, "/bozo_") {
					t.Errorf("%s (%s, read as %s): replacement character in %q", e.path, e.declared, pf.Encoding, clipped(s))
					break
				}
			}
		}
	}
	var rs []string
	for r, n := range reasons {
		rs = append(rs, r+": "+strconv.Itoa(n))
	}
	sort.Strings(rs)
	t.Logf("%d files: %d parsed (%d items), %d refused:\n  %s", len(entries), len(parsed), items, len(entries)-len(parsed), strings.Join(rs, "\n  "))

	// Spot checks of non-UTF-8 feeds: the text must come out right.
	for path, want := range map[string]string{
		"miniflux/parser/encoding_WINDOWS-1251.xml":           "Цитата #",
		"node-feedparser/iconv.xml":                           "Новости Оренбурга",
		"node-feedparser/compressed.xml":                      "Новости Оренбурга", // gzip bytes, windows-1251 inside
		"miniflux/xml/koi8r.xml":                              "Пример RSS ленты",
		"miniflux/encoding/koi8r.xml":                         "Первая новость",
		"feedparser/illformed/chardet/koi8r.xml":              "Как пережить новогоднюю ночь", // KOI8-R, undeclared
		"feedparser/illformed/chardet/shiftjis.xml":           "記事投稿",                         // Shift_JIS, undeclared
		"miniflux/parser/encoding_ISO-8859-1.xml":             "Golem.de",
		"miniflux/parser/no_encoding_ISO-8859-1.xml":          "développement", // ISO-8859-1 with no declaration
		"miniflux/encoding/windows-1252.xml":                  "Euro €",
		"miniflux/encoding/iso-8859-1.xml":                    "Café",
		"feed-rs/rss1/rss_1.0_iso8859.xml":                    "Glasfaserförder",
		"rss-parser/encoding.rss":                             "Notícias",
		"miniflux/encoding/windows-1252-incorrect-prolog.xml": "Euro €", // UTF-8 bytes under a windows-1252 label
		"feedparser/illformed/chardet/euckr.xml":              "한글닉네임",
	} {
		pf := parsed[path]
		if pf == nil {
			t.Errorf("%s did not parse", path)
			continue
		}
		all := pf.Title + "\n" + strings.Join(itemStrings(pf), "\n")
		if !strings.Contains(all, want) {
			t.Errorf("%s (read as %s): %q not found in %q", path, pf.Encoding, want, clipped(all))
		}
	}
	for _, e := range entries {
		if strings.HasPrefix(e.path, "feedparser/encoding/utf") || strings.HasPrefix(e.path, "feedparser/encoding/u16") {
			if parsed[e.path] == nil || !strings.HasPrefix(parsed[e.path].Encoding, "utf-") {
				t.Errorf("%s: %+v", e.path, parsed[e.path])
			}
		}
	}
	if pf := parsed["feed-rs/rss2/rss_2.0_invalid_1.xml"]; pf == nil || pf.Repaired == "" || pf.Title != "Reuters: Most Read Articles" {
		t.Errorf("a cut-off feed is read up to the fault: %+v", pf)
	}
}

func itemStrings(pf *ParsedFeed) []string {
	var out []string
	for _, it := range pf.Items {
		out = append(out, it.Title, it.Summary, it.Content, it.Author)
	}
	return out
}

func clipped(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

func TestParseFeedItems(t *testing.T) {
	doc := `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Лента</title><link>https://news.example/</link><language>ru</language>
<item><title>  Переговоры
 в Анкоридже </title><link>/2025/08/15/summit.html?utm_source=rss</link>
<description>&lt;p&gt;Первый абзац.&lt;/p&gt;&lt;p&gt;Второй &amp;amp; третий.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
<pubDate>Fri, 15 Aug 2025 18:30:00 +0300</pubDate><guid isPermaLink="false">id-1</guid><author>desk@news.example (Редакция)</author></item>
<item><title>No link</title><guid>https://news.example/perma/2</guid><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2025-08-16T10:00:00Z</dc:date></item>
</channel></rss>`
	raw, err := charmap.Windows1251.NewEncoder().Bytes([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	pf, err := ParseFeed(raw, "", "https://news.example/feeds/main.xml")
	if err != nil {
		t.Fatal(err)
	}
	if pf.Title != "Лента" || pf.Lang != "ru" || pf.Encoding != "windows-1251" || len(pf.Items) != 2 {
		t.Fatalf("feed = %+v", pf)
	}
	it := pf.Items[0]
	if it.Title != "Переговоры в Анкоридже" || it.Link != "https://news.example/2025/08/15/summit.html?utm_source=rss" ||
		it.Summary != "Первый абзац.\n\nВторой & третий." || it.GUID != "id-1" {
		t.Errorf("item = %+v", it)
	}
	if it.Published == nil || it.Published.Format("2006-01-02T15:04Z07:00") != "2025-08-15T15:30Z" {
		t.Errorf("published = %v", it.Published)
	}
	if it2 := pf.Items[1]; it2.Link != "https://news.example/perma/2" || it2.Published == nil {
		t.Errorf("a guid that is a URL serves as the link, dc:date as the date: %+v", it2)
	}
}

func TestParseFeedErrors(t *testing.T) {
	for doc, want := range map[string]string{
		"": "not a feed: the document is empty",
		"<!DOCTYPE html><html><head><link rel=alternate type=\"application/rss+xml\" href=\"/rss\"></head></html>": "not a feed: the document is an HTML page; it links to the feed /rss",
		`{"title":"x"}`:                   "not a feed: JSON without the version and items of a JSON Feed",
		`{"version":`:                     "malformed JSON Feed",
		`<?xml version="1.0"?><catalog/>`: "not a feed: the root element is <catalog>",
		"plain words":                     "not a feed: the document is neither XML nor JSON",
	} {
		_, err := ParseFeed([]byte(doc), "", "https://x.example/feed")
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseFeed(%.30q) = %v, want %q", doc, err, want)
		}
	}
}
