package article

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/internal/shared"
	"golang.org/x/net/html"
)

// --- unit tests on small pages ------------------------------------------------

// testBody is enough prose for readability to accept a page as an article.
const testBody = `<p>The foreign ministers met in Geneva on Tuesday to discuss the ceasefire, and
both sides said the talks had been useful, though neither would say what had been agreed.</p>
<p>Officials said a second round of talks was planned for next month, with a draft text to be
circulated beforehand among the delegations and their advisers in the capitals.</p>
<p>Markets rose modestly after the announcement, with the rouble gaining against the dollar in
early trading and government bond yields falling for the third day in a row.</p>`

func testPage(head, extra string) string {
	return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + head +
		"</head><body><article><h1>Talks in Geneva</h1>" + extra + testBody + "</article></body></html>"
}

func mustParseHTML(t *testing.T, src string, pageURL string) Page {
	t.Helper()
	var u *url.URL
	if pageURL != "" {
		var err error
		if u, err = url.Parse(pageURL); err != nil {
			t.Fatal(err)
		}
	}
	p, err := ParseHTML(strings.NewReader(src), u)
	if err != nil {
		t.Fatalf("ParseHTML: %v", err)
	}
	return p
}

func TestParseHTMLDates(t *testing.T) {
	cases := []struct {
		name, head, extra, url string
		want, source           string
	}{
		{
			name:   "json-ld article",
			head:   `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks","datePublished":"2019-03-14T09:30:00-04:00"}</script>`,
			want:   "2019-03-14T09:30:00-04:00",
			source: "json-ld",
		},
		{
			name: "json-ld graph prefers the article over the page",
			head: `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
				{"@type":"WebPage","datePublished":"2019-01-01T00:00:00Z"},
				{"@type":["NewsArticle"],"datePublished":"2019-03-14T10:00:00Z"}]}</script>`,
			want:   "2019-03-14T10:00:00Z",
			source: "json-ld",
		},
		{
			name: "json-ld list with CDATA and raw newline",
			head: `<script type="application/ld+json">//<![CDATA[
[{"@type":"BreadcrumbList"},{"@type":"Article","description":"two
lines","datePublished":"2018-06-19T05:50:00+09:00"}]
//]]></script>`,
			want:   "2018-06-19T05:50:00+09:00",
			source: "json-ld",
		},
		{
			name:   "article:published_time beats date",
			head:   `<meta name="date" content="2001-01-01"><meta property="article:published_time" content="2016-12-18T14:25:00Z">`,
			want:   "2016-12-18T14:25:00Z",
			source: "meta:article:published_time",
		},
		{
			name:   "sailthru.date without zone",
			head:   `<meta name="sailthru.date" content="2019-04-28 06:01:07">`,
			want:   "2019-04-28T06:01:07Z",
			source: "meta:sailthru.date",
		},
		{
			name:   "DC.date.issued, case kept in the page",
			head:   `<meta name="DC.date.issued" content="2015-04-30">`,
			want:   "2015-04-30T00:00:00Z",
			source: "meta:dc.date.issued",
		},
		{
			name:   "RFC 1123 pubdate",
			head:   `<meta name="pubdate" content="Mon, 02 Jan 2006 15:04:05 -0700">`,
			want:   "2006-01-02T15:04:05-07:00",
			source: "meta:pubdate",
		},
		{
			name:   "itemprop datePublished on a span",
			extra:  `<span itemprop="datePublished" content="2020-02-29T23:10:00+01:00">Feb 29</span>`,
			want:   "2020-02-29T23:10:00+01:00",
			source: "itemprop:datePublished",
		},
		{
			name:   "time element in the article",
			extra:  `<p>By A. Writer, <time datetime="2014-12-27T12:06:00-05:00">December 27, 2014</time></p>`,
			want:   "2014-12-27T12:06:00-05:00",
			source: "time-element",
		},
		{
			name:   "date in the page URL",
			url:    "https://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html",
			want:   "2013-11-27T00:00:00Z",
			source: "url",
		},
		{
			name:   "date in the canonical URL",
			head:   `<link rel="canonical" href="/2023/11/06/politics/story.html">`,
			url:    "https://example.com/story?id=1",
			want:   "2023-11-06T00:00:00Z",
			source: "canonical-url",
		},
		{
			name: "none",
			url:  "https://example.com/news/talks-in-geneva",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParseHTML(t, testPage(c.head, c.extra), c.url)
			if c.want == "" {
				if p.Published != nil {
					t.Fatalf("Published = %v (%s), want none", p.Published, p.DateSource)
				}
				return
			}
			if p.Published == nil {
				t.Fatalf("no date found, want %s", c.want)
			}
			if got := p.Published.Format(time.RFC3339); got != c.want || p.DateSource != c.source {
				t.Errorf("got %s from %q, want %s from %q", got, p.DateSource, c.want, c.source)
			}
		})
	}
}

func TestParseHTMLMetadataAndText(t *testing.T) {
	head := `<title>Talks in Geneva end without a deal | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Anna Writer">
<link rel="canonical" href="/world/talks-geneva">`
	extra := `<p>Line one<br>line   two</p><ul><li>first point</li><li>second&nbsp;point</li></ul>
<figure><img src="a.jpg"><figcaption>Delegates arrive (Photo: Agency)</figcaption></figure>
<ul><li><a href="/a">More from World</a></li><li><a href="/b">Sport</a></li></ul>`
	p := mustParseHTML(t, testPage(head, extra), "https://example.com/world/talks-geneva?utm_source=x")
	if p.Title != "Talks in Geneva end without a deal" {
		t.Errorf("Title = %q", p.Title)
	}
	if p.SiteName != "The Daily Example" || p.Byline != "Anna Writer" || p.Lang != "en" {
		t.Errorf("SiteName, Byline, Lang = %q, %q, %q", p.SiteName, p.Byline, p.Lang)
	}
	if p.CanonicalURL != "https://example.com/world/talks-geneva" {
		t.Errorf("CanonicalURL = %q", p.CanonicalURL)
	}
	for _, want := range []string{"Line one\nline two\n\nfirst point\n\nsecond point\n\n", "\n\nOfficials said a second round"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("Text lacks %q:\n%s", want, p.Text)
		}
	}
	for _, junk := range []string{"Photo: Agency", "More from World"} {
		if strings.Contains(p.Text, junk) {
			t.Errorf("Text keeps boilerplate %q", junk)
		}
	}
	if strings.Contains(p.Text, "  ") || strings.Contains(p.Text, "\n\n\n") {
		t.Errorf("Text has uncollapsed whitespace:\n%q", p.Text)
	}
	if p.Excerpt == "" {
		t.Error("no excerpt")
	}
}

func TestParseHTMLCharset(t *testing.T) {
	// "Café" in ISO-8859-1, declared after a long head like real pages do.
	src := "<html><head>" + strings.Repeat("<!-- padding -->", 100) +
		`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><article><p>Caf` +
		"\xe9 " + strings.Repeat("society met again to talk about the weather and the news. ", 12) + "</p></article></body></html>"
	p, err := ParseHTML(strings.NewReader(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Text, "Café society") {
		t.Errorf("Text starts %q", p.Text[:20])
	}
	// Windows-1251 Cyrillic: "Москва".
	src = `<html><head><meta charset="windows-1251"></head><body><p>` + "\xcc\xee\xf1\xea\xe2\xe0" +
		strings.Repeat(" news of the day and more words to make a paragraph.", 12) + `</p></body></html>`
	if p, err = ParseHTML(strings.NewReader(src), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Text, "Москва") {
		t.Errorf("Text starts %q", p.Text[:20])
	}
}

func TestParseHTMLBadInput(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want error
	}{
		{"empty", "", ErrEmptyInput},
		{"whitespace", " \n\t ", ErrEmptyInput},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66", ErrNotHTML},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00\x86\xa6\x10\x36\x05\x00\x00\x00", ErrNotHTML},
		{"plain text", "This is a plain text file.\nIt has no markup at all.\n", ErrNotHTML},
		{"json", `{"title": "not a page", "items": [1, 2, 3]}`, ErrNotHTML},
		{"empty page", "<html><head><title>x</title></head><body></body></html>", ErrNoArticle},
		{"only scripts", "<html><body><script>var a = '<p>hidden</p>';</script></body></html>", ErrNoArticle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseHTML(strings.NewReader(c.src), nil)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	tooMany := strings.Repeat("<i></i>", maxElements+1)
	if _, err := ParseHTML(strings.NewReader(tooMany), nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d elements: err = %v, want ErrTooLarge", maxElements+1, err)
	}
	huge := io.MultiReader(strings.NewReader("<p>"), io.LimitReader(endlessLetters{}, MaxHTMLBytes))
	if _, err := ParseHTML(huge, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over MaxHTMLBytes: err = %v, want ErrTooLarge", err)
	}
	deep := strings.Repeat("<div>", 100_000) + "<p>deep</p>"
	if _, err := ParseHTML(strings.NewReader(deep), nil); err == nil {
		t.Error("100,000 nested elements: no error")
	}
	u, _ := url.Parse("https://example.com/a")
	_, err := ParseHTML(strings.NewReader(""), u)
	if err == nil || !strings.Contains(err.Error(), "https://example.com/a") {
		t.Errorf("error %v does not name the page", err)
	}
}

// endlessLetters reads as an endless run of the letter a.
type endlessLetters struct{}

func (endlessLetters) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestParseDate(t *testing.T) {
	cases := map[string]string{
		"2016-12-18T14:25:00Z":                  "2016-12-18T14:25:00Z",
		"2021-11-01T10:52:50+0100":              "2021-11-01T10:52:50+01:00",
		"2019-01-03T07:00:02.000Z":              "2019-01-03T07:00:02Z",
		"2018-04-05T06:00":                      "2018-04-05T06:00:00Z",
		"2017-11-03 03:01:00.000000":            "2017-11-03T03:01:00Z",
		"2019-03-14":                            "2019-03-14T00:00:00Z",
		"Mon, 02 Jan 2006 15:04:05 GMT":         "2006-01-02T15:04:05Z",
		"Tue, 3 Dec 2019 21:30:00 EST":          "2019-12-03T21:30:00-05:00",
		"December 18, 2016":                     "2016-12-18T00:00:00Z",
		"March 14th, 2019":                      "2019-03-14T00:00:00Z",
		"Sept. 3, 2019 5:40 p.m. ET":            "2019-09-03T17:40:00-05:00",
		"14 March 2019":                         "2019-03-14T00:00:00Z",
		"  2019/03/14 ":                         "2019-03-14T00:00:00Z",
		"Monday, January 2, 2006 3:04 PM":       "2006-01-02T15:04:00Z",
		"Saturday, December 27, 2014, 12:06 PM": "2014-12-27T12:06:00Z",
		"December 27, 2014 at 12:06 PM":         "2014-12-27T12:06:00Z",
	}
	for in, want := range cases {
		got, ok := ParseDate(in)
		if !ok {
			t.Errorf("ParseDate(%q) failed", in)
			continue
		}
		if got.Format(time.RFC3339) != want {
			t.Errorf("ParseDate(%q) = %s, want %s", in, got.Format(time.RFC3339), want)
		}
	}
	for _, bad := range []string{"", "yesterday", "0001-01-01T00:00:00Z", "12", "2019-13-40", strings.Repeat("9", 100)} {
		if got, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v, want failure", bad, got)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	cases := []struct {
		url, want, precision string
	}{
		{"https://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html", "2013-11-27", "day"},
		{"https://example.com/2019/3/14/story", "2019-03-14", "day"},
		{"https://example.com/news/20190314/story.html", "2019-03-14", "day"},
		{"https://example.com/news/a20190314_story.html", "2019-03-14", "day"},
		{"https://example.com/news/story-2019-03-14.html", "2019-03-14", "day"},
		{"http://www.news.cn/fortune/2023-11/17/c_1129981476.htm", "2023-11-17", "day"},
		{"https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html", "2023-11-17", "day"},
		{"http://www.cleveland.com/food/index.ssf/2014/12/let_me_google_that.html", "2014-12-01", "month"},
		{"/2018/10/nollywood-actress.html", "2018-10-01", "month"},
		{"https://www.politifact.com/truth-o-meter/article/2019/nov/18/guide/", "2019-11-18", "day"},
		{"https://www.theguardian.com/world/2019/Jan/3/story", "2019-01-03", "day"},
		{"https://www.wsj.com/articles/google-stadia-11574168580", "", ""},
		{"https://example.com/2019/02/30/not-a-day", "2019-02-01", "month"},
		{"https://example.com/story?date=2019-03-14", "", ""},
		{"https://example.com/item/120190314999", "", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		got, prec, ok := DateFromURL(c.url)
		if c.want == "" {
			if ok {
				t.Errorf("DateFromURL(%q) = %s, want none", c.url, got.Format("2006-01-02"))
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != c.want || prec != c.precision {
			t.Errorf("DateFromURL(%q) = %s %s %v, want %s %s", c.url, got.Format("2006-01-02"), prec, ok, c.want, c.precision)
		}
	}
}

// --- the shared corpora -----------------------------------------------------

// corpusPage is one page of the shared HTML corpora with what is expected
// of it; empty fields mean the corpus does not say.
type corpusPage struct {
	corpus, id string
	file       string // .html or .html.gz
	url        string
	body       string // expected article text
	title      string
	date       string // expected publication date, YYYY-MM-DD
}

func (c corpusPage) read(tb testing.TB) []byte {
	tb.Helper()
	f, err := os.Open(c.file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(c.file, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatalf("%s: %v", c.file, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatalf("%s: %v", c.file, err)
	}
	return b
}

func (c corpusPage) pageURL() *url.URL {
	if c.url == "" {
		return nil
	}
	u, err := url.Parse(c.url)
	if err != nil {
		return nil
	}
	return u
}

// readPairs decodes a corpus folder's pairs.jsonl.
func readPairs(tb testing.TB, dir string, each func(line []byte)) {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "pairs.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		each(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
}

func scrapinghubPages(tb testing.TB) []corpusPage {
	tb.Helper()
	dir := shared.Path(tb, "corpora/html/scrapinghub-aeb")
	var pages []corpusPage
	readPairs(tb, dir, func(line []byte) {
		var p struct{ ID, URL, HTML, Expected string }
		if err := json.Unmarshal(line, &p); err != nil {
			tb.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, p.Expected))
		if err != nil {
			tb.Fatal(err)
		}
		var exp struct {
			ArticleBody string `json:"articleBody"`
		}
		if err := json.Unmarshal(b, &exp); err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, corpusPage{corpus: "scrapinghub-aeb", id: p.ID, file: filepath.Join(dir, p.HTML), url: p.URL, body: exp.ArticleBody})
	})
	return pages
}

func mozillaPages(tb testing.TB) []corpusPage {
	tb.Helper()
	dir := shared.Path(tb, "corpora/html/mozilla-readability")
	var pages []corpusPage
	readPairs(tb, dir, func(line []byte) {
		var p struct {
			ID, Source, Title string
			PublishedTime     *string `json:"publishedTime"`
		}
		if err := json.Unmarshal(line, &p); err != nil {
			tb.Fatal(err)
		}
		cp := corpusPage{corpus: "mozilla-readability", id: p.ID, file: filepath.Join(dir, p.Source), title: p.Title}
		if p.PublishedTime != nil && len(*p.PublishedTime) >= 10 {
			cp.date = (*p.PublishedTime)[:10]
		}
		pages = append(pages, cp)
	})
	return pages
}

func newspaperPages(tb testing.TB) []corpusPage {
	tb.Helper()
	dir := shared.Path(tb, "corpora/html/newspaper4k")
	var pages []corpusPage
	readPairs(tb, dir, func(line []byte) {
		var p struct {
			ID, HTML, URL, Title string
			PublishDate          *string `json:"publish_date"`
			ExpectedText         string  `json:"expected_text"`
		}
		if err := json.Unmarshal(line, &p); err != nil {
			tb.Fatal(err)
		}
		cp := corpusPage{corpus: "newspaper4k", id: p.ID, file: filepath.Join(dir, p.HTML), url: p.URL, title: p.Title}
		if p.PublishDate != nil && len(*p.PublishDate) >= 10 {
			cp.date = (*p.PublishDate)[:10]
		}
		if b, err := os.ReadFile(filepath.Join(dir, p.ExpectedText)); err == nil {
			cp.body = string(b)
		}
		pages = append(pages, cp)
	})
	return pages
}

// parsed caches each corpus page's result, since several tests score them.
type parsedPage struct {
	corpusPage
	page Page
	err  error
}

var (
	parsedMu    sync.Mutex
	parsedCache = map[string][]parsedPage{}
)

func parseCorpus(t *testing.T, name string, load func(testing.TB) []corpusPage) []parsedPage {
	t.Helper()
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if got, ok := parsedCache[name]; ok {
		return got
	}
	var out []parsedPage
	for _, cp := range load(t) {
		p, err := ParseHTML(bytes.NewReader(cp.read(t)), cp.pageURL())
		out = append(out, parsedPage{cp, p, err})
	}
	parsedCache[name] = out
	return out
}

// bagOfWords splits text the way the article-extraction benchmark scores it:
// runs of letters and digits, lower-cased.
func bagOfWords(s string) map[string]int {
	bag := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		bag[w]++
	}
	return bag
}

// tokenF1 is the bag-of-words F1 of got against want.
func tokenF1(got, want string) float64 {
	_, _, f1 := tokenScores(got, want)
	return f1
}

// tokenScores gives bag-of-words precision, recall and F1 of got against want.
func tokenScores(got, want string) (precision, recall, f1 float64) {
	g, w := bagOfWords(got), bagOfWords(want)
	ng, nw, common := 0, 0, 0
	for tok, n := range g {
		ng += n
		common += min(n, w[tok])
	}
	for _, n := range w {
		nw += n
	}
	if ng == 0 && nw == 0 {
		return 1, 1, 1
	}
	if ng == 0 || nw == 0 || common == 0 {
		return 0, 0, 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return p, r, 2 * p * r / (p + r)
}

func TestScrapinghubTextF1(t *testing.T) {
	pages := parseCorpus(t, "scrapinghub-aeb", scrapinghubPages)
	var sum, sumP, sumR float64
	failed := 0
	for _, p := range pages {
		if p.err != nil {
			failed++
			t.Logf("%s: %v", p.url, p.err)
			continue
		}
		prec, rec, f1 := tokenScores(p.page.Text, p.body)
		sum, sumP, sumR = sum+f1, sumP+prec, sumR+rec
		if testing.Verbose() && f1 < 0.5 {
			t.Logf("low F1 %.2f: %s", f1, p.url)
		}
	}
	mean := sum / float64(len(pages))
	n := float64(len(pages))
	t.Logf("scrapinghub-aeb: %d pages, %d failed, mean token F1 %.3f (precision %.3f, recall %.3f)", len(pages), failed, mean, sumP/n, sumR/n)
	if len(pages) != 181 {
		t.Errorf("expected 181 pages, read %d", len(pages))
	}
	// Measured 0.962 when this floor was set.
	const floor = 0.94
	if mean < floor {
		t.Errorf("mean token F1 %.3f fell below %.2f", mean, floor)
	}
}

// mozilla-readability's expected.html is Readability.js's own output, so
// this measures how closely the Go port plus our text rendering follow it.
func TestMozillaTextF1(t *testing.T) {
	pages := parseCorpus(t, "mozilla-readability", mozillaPages)
	var sum float64
	for _, p := range pages {
		exp, err := os.ReadFile(filepath.Join(filepath.Dir(p.file), "expected.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(exp))
		if err != nil {
			t.Fatal(err)
		}
		f1 := 0.0
		if p.err == nil {
			f1 = tokenF1(p.page.Text, plainText(doc))
		}
		sum += f1
		if f1 < 0.9 {
			t.Logf("%s: F1 %.2f (err %v)", p.id, f1, p.err)
		}
	}
	mean := sum / float64(len(pages))
	t.Logf("mozilla-readability: %d pages, mean token F1 %.3f against Readability.js output", len(pages), mean)
	const floor = 0.97 // measured 0.999
	if mean < floor {
		t.Errorf("mean token F1 %.3f fell below %.2f", mean, floor)
	}
}

// newspaper4k's expected texts are that library's output, not human gold,
// so this is a looser check than the benchmark above.
func TestNewspaperTextF1(t *testing.T) {
	pages := parseCorpus(t, "newspaper4k", newspaperPages)
	var sum float64
	for _, p := range pages {
		f1 := 0.0
		if p.err == nil {
			f1 = tokenF1(p.page.Text, p.body)
		}
		sum += f1
		if f1 < 0.7 {
			t.Logf("%s: F1 %.2f (err %v)", p.id, f1, p.err)
		}
	}
	mean := sum / float64(len(pages))
	t.Logf("newspaper4k: %d pages, mean token F1 %.3f against newspaper4k's own text", len(pages), mean)
	const floor = 0.92 // measured 0.955
	if mean < floor {
		t.Errorf("mean token F1 %.3f fell below %.2f", mean, floor)
	}
}

func TestCorpusDatesAndTitles(t *testing.T) {
	var all []parsedPage
	all = append(all, parseCorpus(t, "mozilla-readability", mozillaPages)...)
	all = append(all, parseCorpus(t, "newspaper4k", newspaperPages)...)
	all = append(all, parseCorpus(t, "scrapinghub-aeb", scrapinghubPages)...)

	withDate, found, sameDay := 0, 0, 0
	// Pages with no expected date (the scrapinghub set has none) are still
	// checked where their URL carries a day: a date from the page's own
	// metadata should fall within a day of it (time zones differ).
	urlDay, urlAgree, anyDate := 0, 0, 0
	withTitle, titleExact := 0, 0
	var titleF1 float64
	for _, p := range all {
		if p.date != "" {
			withDate++
			switch {
			case p.err != nil || p.page.Published == nil:
				t.Logf("date: %s/%s: none found, want %s", p.corpus, p.id, p.date)
			case p.page.Published.Format("2006-01-02") == p.date:
				found++
				sameDay++
			default:
				found++
				t.Logf("date: %s/%s: %s from %s, want %s", p.corpus, p.id, p.page.Published.Format(time.RFC3339), p.page.DateSource, p.date)
			}
		}
		if p.err == nil && p.page.Published != nil {
			anyDate++
			if ud, prec, ok := DateFromURL(p.url); ok && prec == "day" && !strings.HasSuffix(p.page.DateSource, "url") {
				urlDay++
				y, m, d := p.page.Published.Date()
				if diff := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(ud); diff >= -24*time.Hour && diff <= 24*time.Hour {
					urlAgree++
				} else {
					t.Logf("date: %s/%s: %s from %s, URL says %s", p.corpus, p.id, p.page.Published.Format(time.RFC3339), p.page.DateSource, ud.Format("2006-01-02"))
				}
			}
		}
		if p.title != "" {
			withTitle++
			got, want := strings.Join(strings.Fields(p.page.Title), " "), strings.Join(strings.Fields(p.title), " ")
			if got == want {
				titleExact++
			} else {
				t.Logf("title: %s/%s: %q, want %q", p.corpus, p.id, got, want)
			}
			titleF1 += tokenF1(got, want)
		}
	}
	share := func(n, d int) float64 { return float64(n) / float64(d) }
	t.Logf("dates: %d pages with an expected date; found %d (%.2f), same day %d (%.2f)",
		withDate, found, share(found, withDate), sameDay, share(sameDay, withDate))
	t.Logf("dates: %d of %d pages dated; where the URL has a day (%d pages), the page's own date agrees within a day on %d (%.2f)",
		anyDate, len(all), urlDay, urlAgree, share(urlAgree, urlDay))
	t.Logf("titles: %d pages with an expected title; exact %d (%.2f), mean token F1 %.3f",
		withTitle, titleExact, share(titleExact, withTitle), titleF1/float64(withTitle))

	// Floors sit just under what was measured when they were set.
	floors := []struct {
		what       string
		got, floor float64
	}{
		{"share of expected dates found", share(found, withDate), 0.92},              // measured 1.00 (26/26)
		{"share of expected dates right to the day", share(sameDay, withDate), 0.92}, // measured 1.00 (26/26)
		{"share of pages dated", share(anyDate, len(all)), 0.85},                     // measured 0.885 (208/235)
		{"agreement with URL dates", share(urlAgree, urlDay), 0.94},                  // measured 1.00 (49/49)
		{"share of exact titles", share(titleExact, withTitle), 0.83},                // measured 0.87 (47/54)
		{"mean title token F1", titleF1 / float64(withTitle), 0.95},                  // measured 0.974
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s %.3f fell below %.2f", f.what, f.got, f.floor)
		}
	}
}

func BenchmarkParseHTML(b *testing.B) {
	pages := scrapinghubPages(b)
	srcs := make([][]byte, len(pages))
	var total int64
	for i, p := range pages {
		srcs[i] = p.read(b)
		total += int64(len(srcs[i]))
	}
	b.SetBytes(total / int64(len(srcs)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		p := pages[n%len(pages)]
		if _, err := ParseHTML(bytes.NewReader(srcs[n%len(srcs)]), p.pageURL()); err != nil && !errors.Is(err, ErrNoArticle) {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
