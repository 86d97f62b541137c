package claim

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// BenchmarkExtractReuters: claims from Reuters bodies on one core, from
// text to records (sentence splitting included). The whole extract target
// is 300 articles/s per core with events; claims should take a small part.
func BenchmarkExtractReuters(b *testing.B) {
	arts := loadCorpus(b, "news/reuters21578.jsonl.gz", nil)
	type art struct {
		text string
		ref  time.Time
	}
	var list []art
	for _, a := range arts {
		if a.Text != "" {
			list = append(list, art{a.Text, a.Ref})
		}
	}
	x := New(nil)
	claims := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := list[i%len(list)]
		claims += len(x.Extract(text.Sentences(a.text), a.text, a.ref))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(claims)/float64(b.N), "claims/article")
}
