package fact

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// maxSentence bounds the sentences read: longer runs are tables or junk, and
// skipping them keeps a pathological article linear.
const maxSentence = 4000

// sent is one sentence as the extractors read it: its tokens, their
// lower-case forms, and its date expressions once asked for.
type sent struct {
	s     string
	ref   time.Time
	toks  []text.Token
	low   []string
	dates []dateSpan
	dated bool // dates has been filled
}

// dateSpan is a resolved date expression with the tokens it covers.
type dateSpan struct {
	text.DateExpr
	a, b int // tokens[a:b]
}

func (x *sent) reset(s string, ref time.Time) {
	x.s, x.ref = s, ref
	x.toks = text.AppendTokens(x.toks[:0], s)
	x.low = x.low[:0]
	for _, t := range x.toks {
		x.low = append(x.low, strings.ToLower(t.Text))
	}
	x.dates = x.dates[:0]
	x.dated = false
}

// resolve fills x.dates with the sentence's date expressions. Relative ones
// are dropped when the article's date is unknown, since they would resolve
// against year one.
func (x *sent) resolve() {
	if x.dated {
		return
	}
	x.dated = true
	for _, d := range text.ResolveDates(x.s, x.ref) {
		if d.Relative && x.ref.IsZero() {
			continue
		}
		a, b := -1, -1
		for i, t := range x.toks {
			if a < 0 && t.Start >= d.Start {
				a = i
			}
			if t.End <= d.End {
				b = i + 1
			}
		}
		if a < 0 || b <= a {
			continue
		}
		x.dates = append(x.dates, dateSpan{DateExpr: d, a: a, b: b})
	}
}

// inDate returns the date span holding token i, or nil.
func (x *sent) inDate(i int) *dateSpan {
	for k := range x.dates {
		if d := &x.dates[k]; i >= d.a && i < d.b {
			return d
		}
	}
	return nil
}

// word reports the lower-case word at i, or "" outside the sentence.
func (x *sent) word(i int) string {
	if i < 0 || i >= len(x.low) {
		return ""
	}
	return x.low[i]
}

// isWord reports whether token i is a word (letters).
func (x *sent) isWord(i int) bool {
	return i >= 0 && i < len(x.toks) && x.toks[i].Kind == text.Word
}

// capital reports whether token i is a word that starts with a capital.
func (x *sent) capital(i int) bool {
	if !x.isWord(i) {
		return false
	}
	c := x.toks[i].Text[0]
	return c >= 'A' && c <= 'Z'
}

// boundary reports whether token i ends a clause for the phrase walkers:
// punctuation other than a hyphen, quotes, symbols, and clause words.
func (x *sent) boundary(i int) bool {
	if i < 0 || i >= len(x.toks) {
		return true
	}
	switch x.toks[i].Kind {
	case text.Punct:
		return x.toks[i].Text != "-"
	case text.Quote:
		return true
	case text.Symbol:
		// "<BMY>", a newswire ticker, sits inside a phrase.
		return x.toks[i].Text != "<" && x.toks[i].Text != ">"
	case text.Word:
		return clauseWords[x.low[i]]
	}
	return false
}

// join returns the tokens [a, b) as written, one space apart, leaving out
// the tokens skip reports, and without a space before a possessive.
func (x *sent) join(a, b int, skip func(int) bool) string {
	var sb strings.Builder
	for i := a; i < b; i++ {
		if skip != nil && skip(i) {
			continue
		}
		t := x.toks[i]
		if sb.Len() > 0 && t.Kind != text.Possessive && t.Kind != text.Clitic {
			sb.WriteByte(' ')
		}
		sb.WriteString(t.Text)
	}
	return sb.String()
}

// clauseWords end a noun phrase or clause when a phrase walker meets them.
var clauseWords = set(
	"said", "says", "say", "told", "added", "stated", "announced", "reported",
	"that", "which", "who", "whom", "whose", "when", "while", "whereas", "where",
	"after", "before", "because", "although", "though", "if", "unless", "but",
	"as", "than", "since", "and", "or", "nor", "so", "yet", "whether", "despite",
	"vs", "vs.", "versus", "according",
)

// determiners are dropped from the front of a phrase.
var determiners = set(
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
	"her", "our", "my", "your", "any", "some", "each", "every", "another",
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// hasAny reports whether a word of the sentence is in words.
func (x *sent) hasAny(words map[string]bool) bool {
	for _, w := range x.low {
		if words[w] {
			return true
		}
	}
	return false
}
