package fact

import (
	"encoding/json"
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
	var docs []article
	shared.EachLine(tb, rel, func(line []byte) {
		var d struct {
			ID   string  `json:"id"`
			Text string  `json:"text"`
			Date *string `json:"date"`
		}
		if err := json.Unmarshal(line, &d); err != nil {
			tb.Fatalf("%s: %v", rel, err)
		}
		if d.Text == "" {
			return
		}
		doc := article{ID: d.ID, Text: d.Text}
		if d.Date != nil && len(*d.Date) >= 10 {
			doc.Date, _ = time.Parse("2006-01-02", (*d.Date)[:10])
		}
		docs = append(docs, doc)
	})
	corpora.Store(rel, docs)
	return docs
}

const reutersPath = "corpora/news/reuters21578.jsonl.gz"
