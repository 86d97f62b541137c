package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// site is one local server that answers for every host name: the feed
// corpus and generated feeds under feeds.test, and the real pages of the
// HTML corpus under their own URLs (www.nytimes.com/…). Tests reach it
// through a fetcher whose network leads only here.
type site struct {
	srv, tls *httptest.Server
	mu       sync.Mutex
	feedDir  string
	docs     map[string]doc // host+path → document
	requests map[string]int
	onServe  func(host, path string) // called before each response, when set
}

type doc struct {
	body, gz    []byte // gz: the body gzipped once, for clients that accept it
	contentType string
	headers     map[string]string
}

type corpusPage struct {
	URL, Text string // expected article text where the corpus has it
	HTML      []byte
}

func newSite(t testing.TB) *site {
	t.Helper()
	s := &site{feedDir: shared.Path(t, "corpora/feeds"), docs: map[string]doc{}, requests: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.tls = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	t.Cleanup(s.tls.Close)
	return s
}

// fetcher returns a fetcher whose every connection goes to the site:
// https to its TLS server, http to the plain one.
func (s *site) fetcher(opt FetchOptions) *Fetcher {
	plain, secure := s.srv.Listener.Addr().String(), s.tls.Listener.Addr().String()
	var d net.Dialer
	opt.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasSuffix(addr, ":443") {
			return d.DialContext(ctx, network, secure)
		}
		return d.DialContext(ctx, network, plain)
	}
	opt.tls = &tls.Config{InsecureSkipVerify: true}
	return NewFetcher(opt)
}

// put serves body at rawURL (scheme ignored).
func (s *site) put(rawURL, contentType string, body []byte, headers map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := doc{body: body, contentType: contentType, headers: headers}
	if len(body) > 1024 {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		d.gz = b.Bytes()
	}
	s.docs[key(rawURL)] = d
}

func key(rawURL string) string {
	rawURL = strings.TrimPrefix(strings.TrimPrefix(rawURL, "https://"), "http://")
	if i := strings.IndexAny(rawURL, "?#"); i >= 0 {
		rawURL = rawURL[:i]
	}
	return rawURL
}

func (s *site) hits(rawURL string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[key(rawURL)]
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	k := host + r.URL.Path
	s.mu.Lock()
	s.requests[k]++
	d, ok := s.docs[k]
	hook := s.onServe
	s.mu.Unlock()
	if hook != nil {
		hook(host, r.URL.Path)
	}
	if !ok && host == "feeds.test" && strings.HasPrefix(r.URL.Path, "/corpus/") {
		rel := filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/corpus/"))
		body, err := os.ReadFile(filepath.Join(s.feedDir, rel))
		if err == nil && !strings.Contains(rel, "..") {
			d, ok = doc{body: body, contentType: corpusContentType(rel, body)}, true
		}
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(d.body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", "Sat, 10 Jan 2026 08:00:00 GMT")
	for k, v := range d.headers {
		w.Header().Set(k, v)
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if d.contentType != "" {
		w.Header().Set("Content-Type", d.contentType)
	}
	if d.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(d.gz)
		return
	}
	w.Write(d.body)
}

// scrapinghubPages reads the first n pages of the human-annotated
// article-extraction benchmark: real news pages with their real URLs.
func scrapinghubPages(t testing.TB, n int) []corpusPage {
	dir := shared.Path(t, "corpora/html/scrapinghub-aeb")
	f, err := os.Open(filepath.Join(dir, "pairs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusPage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		var p struct{ URL, HTML, Expected string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		html := gunzipFile(t, filepath.Join(dir, p.HTML))
		var exp struct {
			ArticleBody string `json:"articleBody"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, p.Expected)); err == nil {
			json.Unmarshal(b, &exp)
		}
		out = append(out, corpusPage{URL: p.URL, Text: exp.ArticleBody, HTML: html})
	}
	return out
}

func gunzipFile(t testing.TB, path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rssItem is one item of a generated RSS feed.
type rssItem struct {
	Title, Link, Description, Content, GUID string
	Published                               *time.Time
}

func rssFeed(title string, items []rssItem) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>%s</title><link>https://feeds.test/</link><language>en</language>
`, xmlEscape(title))
	for _, it := range items {
		b.WriteString("<item>")
		fmt.Fprintf(&b, "<title>%s</title>", xmlEscape(it.Title))
		if it.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", xmlEscape(it.Link))
		}
		if it.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, xmlEscape(it.GUID))
		}
		if it.Published != nil {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Published.Format(time.RFC1123Z))
		}
		fmt.Fprintf(&b, "<description>%s</description>", xmlEscape(it.Description))
		if it.Content != "" {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>", strings.ReplaceAll(it.Content, "]]>", "]]&gt;"))
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

func atomFeed(title string, items []rssItem) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><id>urn:x:%s</id><updated>2026-01-10T08:00:00Z</updated>
`, xmlEscape(title), xmlEscape(title))
	for _, it := range items {
		fmt.Fprintf(&b, `<entry><title>%s</title><link rel="alternate" href="%s"/><id>%s</id>`, xmlEscape(it.Title), xmlEscape(it.Link), xmlEscape(it.GUID))
		if it.Published != nil {
			fmt.Fprintf(&b, "<published>%s</published>", it.Published.Format(time.RFC3339))
		}
		fmt.Fprintf(&b, `<summary type="html">%s</summary></entry>`+"\n", xmlEscape(it.Description))
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

func jsonFeed(title string, items []rssItem) []byte {
	type item struct {
		ID        string `json:"id"`
		URL       string `json:"url,omitempty"`
		Title     string `json:"title"`
		Text      string `json:"content_text,omitempty"`
		HTML      string `json:"content_html,omitempty"`
		Summary   string `json:"summary,omitempty"`
		Published string `json:"date_published,omitempty"`
	}
	f := struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		Items   []item `json:"items"`
	}{Version: "https://jsonfeed.org/version/1.1", Title: title}
	for _, it := range items {
		ji := item{ID: it.GUID, URL: it.Link, Title: it.Title, Summary: it.Description}
		if strings.HasPrefix(it.Content, "<") {
			ji.HTML = it.Content
		} else {
			ji.Text = it.Content
		}
		if it.Published != nil {
			ji.Published = it.Published.Format(time.RFC3339)
		}
		f.Items = append(f.Items, ji)
	}
	b, _ := json.Marshal(f)
	return b
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
