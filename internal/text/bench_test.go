package text

import (
	"testing"
	"time"
)

// reutersSentences returns every Reuters sentence with its article's date.
func reutersSentences(b *testing.B) ([]string, []time.Time) {
	docs := loadCorpus(b, reutersPath)
	var ss []string
	var refs []time.Time
	for _, d := range docs {
		for _, s := range Sentences(d.Text) {
			ss = append(ss, s.Text)
			refs = append(refs, d.Date)
		}
	}
	return ss, refs
}

// BenchmarkSentences splits Reuters articles, one article an op.
func BenchmarkSentences(b *testing.B) {
	docs := loadCorpus(b, reutersPath)
	var buf []Sentence
	n, bytes, i := 0, 0, 0
	b.ResetTimer()
	for b.Loop() {
		d := docs[i%len(docs)].Text
		buf = AppendSentences(buf[:0], d)
		n += len(buf)
		bytes += len(d)
		i++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/sec, "sentences/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
}

// BenchmarkTokens tokenizes Reuters sentences, one sentence an op.
func BenchmarkTokens(b *testing.B) {
	ss, _ := reutersSentences(b)
	var buf []Token
	n, i := 0, 0
	b.ResetTimer()
	for b.Loop() {
		buf = AppendTokens(buf[:0], ss[i%len(ss)])
		n += len(buf)
		i++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/sec, "tokens/s")
	b.ReportMetric(float64(i)/sec, "sentences/s")
}

// BenchmarkResolveDates resolves the dates of Reuters sentences against
// their articles' dates, one sentence an op.
func BenchmarkResolveDates(b *testing.B) {
	ss, refs := reutersSentences(b)
	n, i := 0, 0
	b.ResetTimer()
	for b.Loop() {
		k := i % len(ss)
		n += len(ResolveDates(ss[k], refs[k]))
		i++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(i)/sec, "sentences/s")
	b.ReportMetric(float64(n)/float64(i), "dates/sentence")
}

// BenchmarkTextPath is this package's share of the coder's raw-text path:
// split an article, tokenize each sentence and resolve its dates.
func BenchmarkTextPath(b *testing.B) {
	docs := loadCorpus(b, reutersPath)
	var sbuf []Sentence
	var tbuf []Token
	n, i := 0, 0
	b.ResetTimer()
	for b.Loop() {
		d := docs[i%len(docs)]
		sbuf = AppendSentences(sbuf[:0], d.Text)
		for _, s := range sbuf {
			tbuf = AppendTokens(tbuf[:0], s.Text)
			ResolveDates(s.Text, d.Date)
		}
		n += len(sbuf)
		i++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkNumberValue(b *testing.B) {
	in := []string{"6%", "1.13bn", "$61", "1,234.5", "fifty", "a dozen", "three hundred and twenty"}
	i := 0
	for b.Loop() {
		NumberValue(in[i%len(in)])
		i++
	}
}
