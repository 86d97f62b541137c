package claim

import (
	"sort"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// BenchmarkExtractReuters: claims from the Reuters-21578 bodies on one core.
// "split" includes text.Sentences; "claims" starts from split sentences.
// The whole extract target is 300 articles/s per core with events and the
// other extractors, so claims should cost well under 1 ms an article.
func BenchmarkExtractReuters(b *testing.B) {
	arts := loadCorpus(b, "news/reuters21578.jsonl.gz", nil)
	ids := make([]string, 0, len(arts))
	for id, a := range arts {
		if a.Text != "" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	type art struct {
		text  string
		ref   time.Time
		sents []text.Sentence
	}
	list := make([]art, len(ids))
	for i, id := range ids {
		a := arts[id]
		list[i] = art{a.Text, a.Ref, text.Sentences(a.Text)}
	}
	x := New(nil)
	b.Run("split", func(b *testing.B) {
		claims := 0
		for i := 0; i < b.N; i++ {
			a := list[i%len(list)]
			claims += len(x.Extract(text.Sentences(a.text), a.text, a.ref))
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		b.ReportMetric(float64(claims)/float64(b.N), "claims/article")
	})
	b.Run("claims", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			a := list[i%len(list)]
			x.Extract(a.sents, a.text, a.ref)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})
}
