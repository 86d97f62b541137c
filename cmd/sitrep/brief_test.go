package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sitrep/sitrep/internal/shared"
)

// storedArticles lists the stored articles by id, with their URLs.
func storedArticles(t *testing.T, db string) (ids map[string]bool, urls map[string]bool) {
	t.Helper()
	r := sitrep(t, nil, "", "--db", db, "articles", "--json", "--limit", "100000")
	if r.code != 0 {
		t.Fatalf("articles: %s", r.stderr)
	}
	ids, urls = map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a struct{ ID, URL string }
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("articles --json: %v: %q", err, line)
		}
		ids[a.ID] = true
		if a.URL != "" {
			urls[a.URL] = true
		}
	}
	return ids, urls
}

// The brief of a store built from the real corpora is valid HTML and
// Markdown, and every link in either leads to a stored article.
func TestBriefOfRealCorpora(t *testing.T) {
	reuters := shared.Path(t, "corpora/news/reuters21578_soviet_nato_subset.jsonl")
	reportedly := shared.Path(t, "corpora/news/reportedly_2015-09.jsonl")
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if r := sitrep(t, nil, "", "--db", db, "ingest", "-q", reuters, reportedly); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	// A rule, so the brief has something to watch.
	if r := sitrep(t, nil, "", "--db", db, "watch", "add", "syria", "--rule", "event actor RUS,SYR within 30d"); r.code != 0 {
		t.Fatalf("watch add: %s", r.stderr)
	}
	if r := sitrep(t, nil, "", "--db", db, "watch", "run", "--once", "--now", "2015-09-30T12:00:00Z"); r.code != 0 {
		t.Fatalf("watch run: %s %s", r.stdout, r.stderr)
	}
	ids, urls := storedArticles(t, db)
	for _, c := range []struct{ now, since, actors string }{
		{"2015-09-30", "30d", ""},
		{"1987-04-30", "60d", "USA,SUR"},
		{"1987-10-31", "365d", "USA,RUS"},
	} {
		htmlPath, mdPath := filepath.Join(dir, "b.html"), filepath.Join(dir, "b.md")
		args := []string{"--db", db, "brief", "--now", c.now, "--since", c.since}
		if c.actors != "" {
			args = append(args, "--actors", c.actors)
		}
		if r := sitrep(t, nil, "", append(args, "--out", htmlPath)...); r.code != 0 {
			t.Fatalf("brief html %v: %s", c, r.stderr)
		}
		if r := sitrep(t, nil, "", append(args, "--format", "md", "--out", mdPath)...); r.code != 0 {
			t.Fatalf("brief md %v: %s", c, r.stderr)
		}
		page, _ := os.ReadFile(htmlPath)
		hrefs, anchors := checkHTML(t, string(page))
		if len(hrefs) == 0 && c.now == "2015-09-30" {
			t.Errorf("%v: the brief links nothing", c)
		}
		for _, h := range hrefs {
			checkLink(t, h, ids, urls, anchors)
		}
		doc, _ := os.ReadFile(mdPath)
		mdText := string(doc)
		for _, want := range []string{"# Situation report", "## What happened", "## Who said what", "## Deadlines ahead", "## Tone between", "## Market reactions", "## What to watch", "## Sources"} {
			if !strings.Contains(mdText, want) {
				t.Errorf("%v: markdown lacks %q", c, want)
			}
		}
		mdAnchors := map[string]bool{}
		for _, m := range strings.Split(mdText, `<a id="`)[1:] {
			mdAnchors[m[:strings.IndexByte(m, '"')]] = true
		}
		for _, l := range markdownLinks(mdText) {
			checkLink(t, l, ids, urls, mdAnchors)
		}
		if strings.Contains(mdText, "<script") || strings.Contains(string(page), "<script") {
			t.Errorf("%v: a script in the brief", c)
		}
	}
}

// checkHTML parses the page strictly enough to catch broken markup and
// returns its links and element ids; it fails on any outside asset.
func checkHTML(t *testing.T, page string) (hrefs []string, ids map[string]bool) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	ids = map[string]bool{}
	depth := map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range tok.Attr {
				switch {
				case a.Key == "href" && tok.Data == "a":
					hrefs = append(hrefs, a.Val)
				case a.Key == "href" || (a.Key == "src" && !strings.HasPrefix(a.Val, "data:")):
					t.Errorf("outside asset: <%s %s=%q>", tok.Data, a.Key, a.Val)
				case a.Key == "id":
					if ids[a.Val] {
						t.Errorf("id %q twice", a.Val)
					}
					ids[a.Val] = true
				}
			}
			if tt == html.StartTagToken {
				depth[tok.Data]++
			}
		case html.EndTagToken:
			depth[tok.Data]--
		}
	}
	for _, tag := range []string{"html", "body", "ol", "ul", "li", "table", "a", "h2", "p"} {
		if depth[tag] != 0 {
			t.Errorf("<%s> opened and closed %+d times apart", tag, depth[tag])
		}
	}
	if _, err := html.Parse(strings.NewReader(page)); err != nil {
		t.Errorf("html.Parse: %v", err)
	}
	if !strings.Contains(page, `name="viewport"`) {
		t.Error("no viewport: unreadable on a phone")
	}
	return hrefs, ids
}

func checkLink(t *testing.T, href string, ids, urls, anchors map[string]bool) {
	t.Helper()
	if id, ok := strings.CutPrefix(href, "#article-"); ok {
		if !ids[id] || !anchors["article-"+id] {
			t.Errorf("link %s: no stored article %s, or no entry for it", href, id)
		}
		return
	}
	if !urls[href] {
		t.Errorf("link %s is not the URL of a stored article", href)
	}
}

// markdownLinks finds the targets of [text](target) links.
func markdownLinks(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != ']' || i+1 >= len(s) || s[i+1] != '(' || (i > 0 && s[i-1] == '\\') {
			continue
		}
		j := strings.IndexByte(s[i+2:], ')')
		if j < 0 {
			break
		}
		out = append(out, strings.NewReplacer("%20", " ", "%28", "(", "%29", ")", "%3C", "<", "%3E", ">").Replace(s[i+2:i+2+j]))
	}
	return out
}
