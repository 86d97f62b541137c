package fact

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// fuzzSeeds are the table sentences and some junk: unclosed quotes, a
// sentence of numbers, non-English text, bytes that are not UTF-8.
func fuzzSeeds(f *testing.F) {
	for _, tc := range extractTable {
		f.Add(tc.sentence)
	}
	for _, s := range []string{
		"", ".", "$", "$$$ 5 5 5 pct pct", "killed killed 12 12 people people",
		"\"The deadline, he said, passes on", "deadline deadline deadline expires expires",
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 troops",
		"Срок истекает 5 февраля 2026 года, погибли 12 человек.", "\xff\xfe\x00 expires $",
		"gave gave gave 50 days days to to", "due due due by by by Friday Friday",
		"<BMY> <<>> shares rose 3 pct to $ .", "The index closed up at at at 1,800 points points.",
		strings.Repeat("the talks ", 300) + "will meet on Friday.",
	} {
		f.Add(s)
	}
}

// checkRecords checks what any input may yield: records point into the
// input's sentences and carry dates and values a store can hold.
func checkRecords(t *testing.T, n int, ds []record.Deadline, fs []record.Fact) {
	t.Helper()
	for _, d := range ds {
		if d.Sentence < 0 || d.Sentence >= max(n, 1) {
			t.Fatalf("deadline sentence %d of %d", d.Sentence, n)
		}
		if _, ok := parseDue(d.Due, d.Precision); !ok {
			t.Fatalf("deadline due %q/%q does not parse: %+v", d.Due, d.Precision, d)
		}
		if d.Kind == "" || d.What == "" || d.Status == "" || !utf8.ValidString(d.What) && utf8.ValidString(d.Text) {
			t.Fatalf("deadline lacks a field: %+v", d)
		}
	}
	for _, f := range fs {
		if f.Sentence < 0 || f.Sentence >= max(n, 1) {
			t.Fatalf("fact sentence %d of %d", f.Sentence, n)
		}
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) || f.Value < 0 {
			t.Fatalf("fact value %v: %+v", f.Value, f)
		}
		if f.Kind == "" || f.Subject == "" {
			t.Fatalf("fact lacks a field: %+v", f)
		}
		if f.Date != "" {
			if _, ok := parseDue(f.Date, f.Precision); !ok {
				t.Fatalf("fact date %q/%q does not parse", f.Date, f.Precision)
			}
		}
	}
}

func FuzzDeadlines(f *testing.F) {
	fuzzSeeds(f)
	m := actor.DefaultMatcher()
	f.Fuzz(func(t *testing.T, s string) {
		sents := text.Sentences(s)
		checkRecords(t, len(sents), Deadlines(sents, tableRef, m), nil)
		checkRecords(t, 1, SentenceDeadlines(s, 0, time.Time{}, nil), nil)
	})
}

func FuzzFacts(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		sents := text.Sentences(s)
		checkRecords(t, len(sents), nil, Facts(sents, tableRef))
		checkRecords(t, 1, nil, SentenceFacts(s, 0, time.Time{}))
	})
}

// TestHugeArticle runs both extractors over a 5 MB article (1 MB with
// -short): a long run of ordinary sentences, then one "sentence" of a fifth
// of it with no stop.
func TestHugeArticle(t *testing.T) {
	size := 5 << 20
	if testing.Short() {
		size = 1 << 20
	}
	var b strings.Builder
	for b.Len() < size-size/5 {
		b.WriteString("Talks are scheduled for Friday in Istanbul. Brent fell 2 percent to $61. ")
		b.WriteString("The strike killed at least 12 people and wounded 30. The deadline passed. ")
	}
	for b.Len() < size {
		b.WriteString("deadline expires 5 pct $61 killed 12 people troops by Friday ")
	}
	art := b.String()
	start := time.Now()
	sents := text.Sentences(art)
	ds := Deadlines(sents, tableRef, actor.DefaultMatcher())
	fs := Facts(sents, tableRef)
	took := time.Since(start)
	checkRecords(t, len(sents), ds, fs)
	if len(ds) == 0 || len(fs) == 0 {
		t.Errorf("huge article: %d deadlines, %d facts; want some of both", len(ds), len(fs))
	}
	t.Logf("%d MB article, %d sentences: %d deadlines, %d facts in %v", size>>20, len(sents), len(ds), len(fs), took)
	if took > 30*time.Second {
		t.Errorf("%d MB article took %v", size>>20, took)
	}
}
