package fact

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// article is one article of a shared news corpus.
type article struct {
	ID   string
	Text string
	Date time.Time // zero where the corpus gives none
}

var corpora sync.Map // relative path → []article

// loadCorpus reads a JSON Lines corpus (gzip-compressed when the name ends
// in .gz) from the shared data, once per test binary.
func loadCorpus(tb testing.TB, rel string) []article {
	tb.Helper()
	if v, ok := corpora.Load(rel); ok {
		return v.([]article)
	}
	p := shared.Path(tb, rel)
	f, err := os.Open(p)
	if err != nil {
		tb.Fatalf("open %s: %v", p, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(rel, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		r = z
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var docs []article
	for sc.Scan() {
		var d struct {
			ID   string  `json:"id"`
			Text string  `json:"text"`
			Date *string `json:"date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		if d.Text == "" {
			continue
		}
		a := article{ID: d.ID, Text: d.Text}
		if d.Date != nil && len(*d.Date) >= 10 {
			a.Date, _ = time.Parse("2006-01-02", (*d.Date)[:10])
		}
		docs = append(docs, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", p, err)
	}
	corpora.Store(rel, docs)
	return docs
}

const reutersPath = "corpora/news/reuters21578.jsonl.gz"
