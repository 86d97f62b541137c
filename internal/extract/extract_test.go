package extract

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/shared"
)

func reuters(tb testing.TB) []*article.Article {
	var out []*article.Article
	shared.EachLine(tb, "corpora/news/reuters21578.jsonl.gz", func(line []byte) {
		var rec struct {
			Title string  `json:"title"`
			Date  *string `json:"date"`
			Text  string  `json:"text"`
		}
		if json.Unmarshal(line, &rec) != nil || rec.Text == "" {
			return
		}
		a := &article.Article{Title: rec.Title, Text: rec.Text}
		if rec.Date != nil && len(*rec.Date) >= 10 {
			a.Date = (*rec.Date)[:10]
		}
		out = append(out, a)
	})
	return out
}

// Every extractor over real articles: no panic, and each record carries
// its sentence and a date where the article has one.
func TestExtractReuters(t *testing.T) {
	arts := reuters(t)[:2000]
	c, err := coder.New(coder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := New(c)
	var events, claims, deadlines, facts int
	for _, a := range arts {
		r, err := x.Records(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Events {
			if e.Date == "" || e.Source == nil || e.Text == "" {
				t.Fatalf("event without date, source or sentence: %+v", e)
			}
		}
		events, claims, deadlines, facts = events+len(r.Events), claims+len(r.Claims), deadlines+len(r.Deadlines), facts+len(r.Facts)
	}
	t.Logf("2,000 Reuters articles: %d events, %d claims, %d deadlines, %d facts", events, claims, deadlines, facts)
	if events == 0 || claims == 0 || facts == 0 {
		t.Error("an extractor found nothing in 2,000 news articles")
	}
}

// BenchmarkExtractReuters: every extractor over the 19,779 Reuters bodies
// on one core (target ≥ 300 articles/s).
func BenchmarkExtractReuters(b *testing.B) {
	arts := reuters(b)
	c, err := coder.New(coder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	x := New(c)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			x.Records(a)
			n++
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "articles/s")
}
