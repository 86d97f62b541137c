package fact

import (
	"testing"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/text"
)

// BenchmarkArticles splits Reuters bodies into sentences and runs both
// extractors on them, one article an op: the cost extract pays per article
// for deadlines and facts.
func BenchmarkArticles(b *testing.B) {
	docs := loadCorpus(b, reutersPath)
	m := actor.DefaultMatcher()
	var sents []text.Sentence
	n, recs := 0, 0
	for b.Loop() {
		d := docs[n%len(docs)]
		sents = text.AppendSentences(sents[:0], d.Text)
		ds, fs := Extract(sents, d.Date, m)
		recs += len(ds) + len(fs)
		n++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/sec, "articles/s")
	b.ReportMetric(float64(recs)/float64(n), "records/article")
}

// BenchmarkDeadlines runs the deadline reader alone over split Reuters
// bodies, one article an op.
func BenchmarkDeadlines(b *testing.B) {
	arts := splitReuters(b)
	m := actor.DefaultMatcher()
	n := 0
	for b.Loop() {
		a := arts[n%len(arts)]
		Deadlines(a.sents, a.date.Date, m)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkFacts runs the fact reader alone over split Reuters bodies, one
// article an op.
func BenchmarkFacts(b *testing.B) {
	arts := splitReuters(b)
	n := 0
	for b.Loop() {
		a := arts[n%len(arts)]
		Facts(a.sents, a.date.Date)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

type splitArticle struct {
	date  article
	sents []text.Sentence
}

func splitReuters(b *testing.B) []splitArticle {
	docs := loadCorpus(b, reutersPath)
	out := make([]splitArticle, len(docs))
	for i, d := range docs {
		out[i] = splitArticle{date: d, sents: text.Sentences(d.Text)}
	}
	return out
}
