package jobstest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/shared"
)

// newsTexts reads n distinct articles of at least 25 words from the news
// corpora: Reuters-21578 first, then the BBC, reported.ly and AG News sets.
func newsTexts(t testing.TB, n int) []text {
	var out []text
	seen := map[string]bool{}
	for _, name := range []string{"reuters21578.jsonl.gz", "bbc_news_2004_2005.jsonl", "reportedly_2015-09.jsonl", "ag_news_test.jsonl"} {
		if len(out) == n {
			break
		}
		f, err := os.Open(shared.Path(t, "corpora/news/"+name))
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(name, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatal(err)
			}
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() && len(out) < n {
			var d struct{ Title, Text string }
			if json.Unmarshal(sc.Bytes(), &d) != nil || d.Title == "" || len(strings.Fields(d.Text)) < 25 {
				continue
			}
			if h := article.ContentHash(d.Text); !seen[h] {
				seen[h] = true
				out = append(out, text{d.Title, d.Text})
			}
		}
		f.Close()
	}
	if len(out) < n {
		t.Fatalf("only %d distinct articles in the news corpora, want %d", len(out), n)
	}
	return out
}

// textPage is a plain news page around one article's text.
func textPage(d text) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header><main><article><h1>%s</h1>`,
		html.EscapeString(d.title), html.EscapeString(d.title))
	for _, para := range strings.Split(d.text, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(para))
	}
	b.WriteString(`</article></main><footer>© Wire</footer></body></html>`)
	return []byte(b.String())
}
