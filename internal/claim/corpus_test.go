package claim

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	art "github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/text"
)

// corpusArticle is one article of the shared corpora.
type corpusArticle struct {
	ID   string
	Text string
	Ref  time.Time
}

// loadCorpus reads the articles of one corpus, named as in quotes.tsv:
// a JSON Lines file under corpora/ ("news/reportedly_2015-09.jsonl"), or
// a folder of HTML pages ("html/mozilla-readability", "html/newspaper4k"),
// only the pages in want when want is not nil.
func loadCorpus(tb testing.TB, corpus string, want map[string]bool) map[string]corpusArticle {
	tb.Helper()
	p := shared.Path(tb, filepath.Join("corpora", corpus))
	out := map[string]corpusArticle{}
	switch {
	case strings.HasSuffix(corpus, ".jsonl") || strings.HasSuffix(corpus, ".jsonl.gz"):
		f, err := os.Open(p)
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(corpus, ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				tb.Fatal(err)
			}
			r = zr
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 8<<20)
		for sc.Scan() {
			var rec struct {
				ID   string  `json:"id"`
				Date *string `json:"date"`
				Text string  `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				tb.Fatalf("%s: %v", corpus, err)
			}
			if want != nil && !want[rec.ID] {
				continue
			}
			out[rec.ID] = corpusArticle{ID: rec.ID, Text: rec.Text, Ref: dateOf(rec.Date)}
		}
		if err := sc.Err(); err != nil {
			tb.Fatalf("%s: %v", corpus, err)
		}
	case strings.HasSuffix(corpus, "mozilla-readability"):
		for id := range want {
			out[id] = htmlArticle(tb, id, filepath.Join(p, id, "source.html"))
		}
	default:
		for id := range want {
			out[id] = htmlArticle(tb, id, filepath.Join(p, id+".html.gz"))
		}
	}
	return out
}

func dateOf(d *string) time.Time {
	if d == nil || len(*d) < 10 {
		return time.Time{}
	}
	t, _ := time.Parse("2006-01-02", (*d)[:10])
	return t
}

func htmlArticle(tb testing.TB, id, path string) corpusArticle {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		r = zr
	}
	page, err := art.ParseHTML(r, nil)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	a := corpusArticle{ID: id, Text: page.Text}
	if page.Published != nil {
		a.Ref = page.Published.UTC()
	}
	return a
}

// label is one row of testdata/quotes.tsv.
type label struct {
	line         int
	corpus, id   string
	sentence     int
	speaker      string // "" where the sentence names no one
	kind, stance string
	heldOut      bool // labelled after the extractor was written, not tuned on
}

func readLabels(tb testing.TB) []label {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "quotes.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []label
	held := false
	for i, ln := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(ln, "# Held out") {
			held = true
		}
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		f := strings.Split(ln, "\t")
		if len(f) != 6 {
			tb.Fatalf("quotes.tsv:%d: %d fields, want 6", i+1, len(f))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			tb.Fatalf("quotes.tsv:%d: sentence %q: %v", i+1, f[2], err)
		}
		out = append(out, label{line: i + 1, corpus: f[0], id: f[1], sentence: n, speaker: f[3], kind: f[4], stance: f[5], heldOut: held})
	}
	return out
}

// TestDumpCorpus prints an article's sentences with the claims found, for
// labelling: CLAIM_DUMP=corpus[:id,id…] go test -run TestDumpCorpus.
func TestDumpCorpus(t *testing.T) {
	spec := os.Getenv("CLAIM_DUMP")
	if spec == "" {
		t.Skip("set CLAIM_DUMP=corpus[:id,…] to print claims for labelling")
	}
	corpus, ids, _ := strings.Cut(spec, ":")
	var want map[string]bool
	if ids != "" {
		want = map[string]bool{}
		for _, id := range strings.Split(ids, ",") {
			want[id] = true
		}
	}
	arts := loadCorpus(t, corpus, want)
	x := New(nil)
	keys := make([]string, 0, len(arts))
	for k := range arts {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, id := range keys {
		a := arts[id]
		ss := text.Sentences(a.Text)
		cs := x.Extract(ss, a.Text, a.Ref)
		by := map[int][]record.Claim{}
		for _, c := range cs {
			by[c.Sentence] = append(by[c.Sentence], c)
		}
		if os.Getenv("CLAIM_TSV") != "" {
			for _, s := range ss {
				cl := by[s.Index]
				if len(cl) == 0 && !strings.ContainsAny(s.Text, "\"“”") && !hasSayWord(s.Text) {
					continue
				}
				fmt.Printf("#S %s\t%s\t%d\t%s\n", corpus, id, s.Index, text.Flat(s.Text))
				for _, c := range cl {
					sp := ""
					if c.Speaker != nil {
						sp = c.Speaker.Name
						if sp == "" {
							sp = c.Speaker.Text
						}
					}
					fmt.Printf("%s\t%s\t%d\t%s\t%s\t%s\n", corpus, id, s.Index, sp, c.Kind, c.Stance)
				}
			}
			continue
		}
		fmt.Printf("=== %s %s\n", id, a.Ref.Format("2006-01-02"))
		for _, s := range ss {
			cl := by[s.Index]
			if len(cl) == 0 && !strings.ContainsAny(s.Text, "\"“”") && !hasSayWord(s.Text) {
				continue
			}
			fmt.Printf("[%d] %s\n", s.Index, text.Flat(s.Text))
			for _, c := range cl {
				sp := "<nil>"
				if c.Speaker != nil {
					sp = fmt.Sprintf("%s|%s|%s", c.Speaker.Name, c.Speaker.Code, c.Speaker.Text)
				}
				fmt.Printf("      -> %s %s %s verb=%s hedged=%v denies=%s: %.80s\n", sp, c.Kind, c.Stance, c.Verb, c.Hedged, c.Denies, c.Text)
			}
		}
	}
}

func hasSayWord(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if _, ok := verbs[strings.Trim(w, ".,;:\"“”")]; ok {
			return true
		}
	}
	return strings.Contains(strings.ToLower(s), "according to")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
