package text

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// newsDoc is one article of a shared news corpus.
type newsDoc struct {
	Text string
	Date time.Time // zero where the corpus gives none
}

var corpora sync.Map // relative path → []newsDoc

// loadCorpus reads a JSON Lines corpus (gzip-compressed when the name ends
// in .gz) from the shared data, once per test binary.
func loadCorpus(tb testing.TB, rel string) []newsDoc {
	tb.Helper()
	if v, ok := corpora.Load(rel); ok {
		return v.([]newsDoc)
	}
	var docs []newsDoc
	shared.EachLine(tb, rel, func(line []byte) {
		var d struct {
			Text string  `json:"text"`
			Date *string `json:"date"`
		}
		if err := json.Unmarshal(line, &d); err != nil {
			tb.Fatalf("%s: %v", rel, err)
		}
		if d.Text == "" {
			return
		}
		doc := newsDoc{Text: d.Text}
		if d.Date != nil && len(*d.Date) >= 10 {
			doc.Date, _ = time.Parse("2006-01-02", (*d.Date)[:10])
		}
		docs = append(docs, doc)
	})
	corpora.Store(rel, docs)
	return docs
}

const (
	reutersPath = "corpora/news/reuters21578.jsonl.gz"
	bbcPath     = "corpora/news/bbc_news_2004_2005.jsonl"
)

var (
	titleWords  = map[string]bool{"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true, "Gen.": true, "Sen.": true, "Rep.": true, "Gov.": true, "Lt.": true, "Col.": true, "Prof.": true, "Capt.": true, "Sgt.": true}
	abbrevWords = map[string]bool{"U.S.": true, "U.N.": true, "U.K.": true, "Inc.": true, "Corp.": true, "Co.": true, "Ltd.": true, "Jan.": true, "Feb.": true, "Aug.": true, "Sept.": true, "Oct.": true, "Nov.": true, "Dec.": true, "St.": true, "a.m.": true, "p.m.": true}
	spanWords   = regexp.MustCompile(`(?i)\b(?:days?|weeks?|months?|years?)\b`)
)

// lastWord returns the text after the last white space in s.
func lastWord(s string) string {
	return s[strings.LastIndexAny(s, " \n\t")+1:]
}

// TestSentencesCorpora splits every article of the Reuters and BBC corpora
// and checks what a wrong split would break.
func TestSentencesCorpora(t *testing.T) {
	for _, rel := range []string{reutersPath, bbcPath} {
		t.Run(rel, func(t *testing.T) {
			docs := loadCorpus(t, rel)
			total := 0
			for _, d := range docs {
				ss := Sentences(d.Text)
				checkSentences(t, d.Text, ss)
				total += len(ss)
				for i, s := range ss {
					// Splitting a sentence again gives it back whole.
					if again := Sentences(s.Text); len(again) != 1 || again[0].Text != s.Text {
						t.Fatalf("unstable split of %q: %q", s.Text, sentenceTexts(s.Text))
					}
					if i+1 == len(ss) {
						continue
					}
					next := ss[i+1].Text
					gap := d.Text[s.End:ss[i+1].Start]
					paragraph := strings.Contains(gap, "\n\n") || strings.Contains(gap, "\n ") || strings.Contains(gap, "\n\t")
					if paragraph {
						continue
					}
					last := lastWord(s.Text)
					if titleWords[last] {
						t.Errorf("split after a title: %q | %q", tail(s.Text), head(next))
					}
					if abbrevWords[last] && next[0] >= 'a' && next[0] <= 'z' {
						t.Errorf("split after an abbreviation before a lower-case word: %q | %q", tail(s.Text), head(next))
					}
					if gap == "" {
						t.Errorf("split with no white space (inside a number?): %q | %q", tail(s.Text), head(next))
					}
				}
			}
			// Sanity on the amount: articles run to several sentences each.
			if total < 3*len(docs) {
				t.Errorf("%d sentences from %d articles: too few", total, len(docs))
			}
			t.Logf("%d articles, %d sentences", len(docs), total)
		})
	}
}

func tail(s string) string {
	if len(s) > 40 {
		return s[len(s)-40:]
	}
	return s
}

func head(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// TestTokensCorpora checks token offsets and coverage on real text.
func TestTokensCorpora(t *testing.T) {
	docs := loadCorpus(t, bbcPath)
	var buf []Token
	for _, d := range docs {
		for _, s := range Sentences(d.Text) {
			buf = AppendTokens(buf[:0], s.Text)
			checkTokens(t, s.Text, buf)
		}
	}
}

// TestResolveDatesCorpora resolves every Reuters sentence against its
// article's date and checks the output is well formed and near the date.
func TestResolveDatesCorpora(t *testing.T) {
	docs := loadCorpus(t, reutersPath)
	found := 0
	for _, d := range docs {
		if d.Date.IsZero() {
			continue
		}
		for _, s := range Sentences(d.Text) {
			ds := ResolveDates(s.Text, d.Date)
			checkDates(t, s.Text, ds)
			for _, x := range ds {
				found++
				// An inferred year or a named week or month lies near the
				// article's date; spans ("ten years ago") may not.
				if x.Relative && !spanWords.MatchString(x.Text) {
					when, _ := time.Parse("2006-01-02", padDate(x.Date))
					if gap := when.Sub(d.Date); gap > 400*24*time.Hour || gap < -400*24*time.Hour {
						t.Errorf("relative %q resolved %s, far from %s", x.Text, x.Date, d.Date.Format("2006-01-02"))
					}
				}
			}
		}
	}
	if found < 20000 {
		t.Errorf("only %d date expressions in Reuters; expected tens of thousands", found)
	}
	t.Logf("%d date expressions", found)
}

// padDate fills a date cut to month or year to a full day.
func padDate(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}
