package fact

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Facts returns the numbers an article's sentences report: market moves,
// amounts of money, counts and casualties. Each fact is dated by the date
// expression of its sentence nearest to it, else by ref, the article's date
// (zero when unknown: then such facts have no date).
//
// A market move without a size ("the ruble strengthened") has Value 0 and
// no Unit. Direction is "up" or "down" for a change and "" for a level ("to
// $61", "at 1,800", "1,000 prisoners").
func Facts(sents []text.Sentence, ref time.Time) []record.Fact {
	var x sent
	var out []record.Fact
	for _, s := range sents {
		if len(s.Text) > maxSentence {
			continue
		}
		out = x.facts(out, text.Flat(s.Text), s.Index, ref)
	}
	return out
}

// Extract returns what Deadlines and Facts return for an article, reading
// each sentence's tokens once: the form an extractor running both wants.
func Extract(sents []text.Sentence, ref time.Time, m *actor.Matcher) ([]record.Deadline, []record.Fact) {
	var x sent
	var ds []record.Deadline
	var fs []record.Fact
	var dateless []bool
	for _, s := range sents {
		if len(s.Text) > maxSentence {
			continue
		}
		x.reset(text.Flat(s.Text), ref)
		var dl []bool
		ds, dl = x.readDeadlines(ds, s.Index, m)
		dateless = append(dateless, dl...)
		fs = x.readFacts(fs, s.Index)
	}
	return linkStatuses(ds, dateless, ref), fs
}

// SentenceFacts returns the facts of one sentence; idx is its index in the
// article.
func SentenceFacts(sentence string, idx int, ref time.Time) []record.Fact {
	if len(sentence) > maxSentence {
		return nil
	}
	var x sent
	return x.facts(nil, text.Flat(sentence), idx, ref)
}

// qty is a number in a sentence with what is written around it.
type qty struct {
	a, b  int // tokens [a, b): sign, number, magnitude and unit
	n     int // the number token
	value float64
	unit  string // "%", "points", "bp", an ISO 4217 code, or ""
	year  bool   // it reads like a year: 1987, 2025
	used  bool
}

func (q *qty) money() bool { return len(q.unit) == 3 && q.unit[0] >= 'A' && q.unit[0] <= 'Z' }

// found is a fact before it is dated.
type found struct {
	f   record.Fact
	pos int // the token the fact's number (or verb) stands at
}

// facts appends the facts of sentence s to out.
func (x *sent) facts(out []record.Fact, s string, idx int, ref time.Time) []record.Fact {
	x.reset(s, ref)
	return x.readFacts(out, idx)
}

// readFacts is facts on a sentence already read into x. The deadline
// reader may have moved x's dates, so they are resolved afresh.
func (x *sent) readFacts(out []record.Fact, idx int) []record.Fact {
	s := x.s
	x.dates, x.dated = x.dates[:0], false
	qs := x.quantities()
	if len(qs) == 0 && !x.hasAny(bareMoveVerbs) {
		return out
	}
	var fs []found
	fs = x.casualties(fs, qs)
	fs = x.marketMoves(fs, qs)
	fs = x.amounts(fs, qs)
	fs = x.counts(fs, qs)
	if len(fs) == 0 {
		return out
	}
	x.resolve()
	for _, f := range fs {
		f.f.Sentence = idx
		f.f.Text = s
		f.f.Date, f.f.Precision = x.factDate(f.pos)
		out = append(out, f.f)
	}
	return out
}

// bareMoveVerbs are the move verbs that make a fact without a number: "the
// ruble strengthened".
var bareMoveVerbs = func() map[string]bool {
	m := map[string]bool{}
	for w, d := range moveVerbs {
		if d != "" {
			m[w] = true
		}
	}
	return m
}()

// factDate dates a fact at token pos: the nearest date expression of the
// sentence that is not a starting point or a span back, else the article's
// date.
func (x *sent) factDate(pos int) (string, string) {
	best, dist := -1, 1<<30
	for k := range x.dates {
		d := &x.dates[k]
		if x.comparisonDate(d) {
			continue // "to 192 dlrs from 190 yesterday": yesterday is the 190's
		}
		switch d.Prep {
		case "since", "from", "until", "till", "by", "within", "before":
			continue
		}
		if strings.Contains(strings.ToLower(d.Text), "ago") || x.word(d.a-1) == "due" || x.word(d.a-1) == "maturing" {
			continue
		}
		if !x.ref.IsZero() {
			if st, ok := parseDue(d.Date, d.Precision); ok && st.After(day(x.ref)) && !d.Relative {
				continue // a date ahead of the article is not when the number was reported
			}
		}
		dd := d.a - pos
		if dd < 0 {
			dd = pos - d.b
		}
		if dd < dist && (dd <= maxDateGap || d.Precision == text.PrecisionMonth || d.Precision == text.PrecisionYear) {
			best, dist = k, dd
		}
	}
	if m, at := x.monthPossessive(); m != "" {
		if dd := abs(at - pos); best < 0 || dd < dist {
			return m, text.PrecisionMonth
		}
	}
	if best >= 0 {
		d := &x.dates[best]
		x.backward(d)
		return d.Date, d.Precision
	}
	if y := x.yearModifier(); y != "" {
		return y, text.PrecisionYear
	}
	if x.ref.IsZero() {
		return "", ""
	}
	return day(x.ref).Format("2006-01-02"), text.PrecisionDay
}

// maxDateGap is how many tokens a day or week may stand from a fact's
// number and still date it; one further off belongs to another clause
// ("Four people were killed …, at a protest against a constitution voted on
// this week"). A month or a year dates the figures of the whole sentence.
const maxDateGap = 14

// comparisonDate reports whether a date expression belongs to the earlier
// term of a comparison: it follows "from", "vs" or "against" and a number
// within three tokens.
func (x *sent) comparisonDate(d *dateSpan) bool {
	for k := d.a - 1; k >= 0 && k >= d.a-4; k-- {
		if comparators[x.low[k]] && x.low[k] != "than" {
			return k+1 < d.a && (x.toks[k+1].Kind == text.Number || x.toks[k+1].Kind == text.Currency)
		}
	}
	return false
}

// monthPossessive returns the month a sentence's figures belong to when it
// names it in the possessive ("December's order rate"): the latest such
// month on or before the article's date.
func (x *sent) monthPossessive() (string, int) {
	if x.ref.IsZero() {
		return "", 0
	}
	for k := 0; k+1 < len(x.toks); k++ {
		if x.toks[k+1].Kind != text.Possessive || !monthNames[x.low[k]] || len(x.low[k]) < 5 && x.low[k] != "may" && x.low[k] != "june" && x.low[k] != "july" {
			continue
		}
		m := 0
		for i, name := range fullMonths {
			if name == x.low[k] {
				m = i + 1
			}
		}
		if m == 0 {
			continue
		}
		y := x.ref.Year()
		if m > int(x.ref.Month()) {
			y--
		}
		return fmt.Sprintf("%04d-%02d", y, m), k
	}
	return "", 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var fullMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// yearModifier returns the year a sentence's figures belong to when it
// names one as a modifier rather than a date expression: "1986 net
// includes …", "1985 results". A year after the article's is not one.
func (x *sent) yearModifier() string {
	for k, t := range x.toks {
		if t.Kind != text.Number || len(t.Text) != 4 || !periodNouns[x.word(k+1)] && !(k == 0 && x.isWord(1)) {
			continue
		}
		v, ok := text.NumberValue(t.Text)
		if !ok || v < 1900 || v > 2100 || !x.ref.IsZero() && int(v) > x.ref.Year() {
			continue
		}
		return t.Text
	}
	return ""
}

var periodNouns = set("net", "results", "profit", "profits", "earnings", "sales", "revenues", "revenue", "budget",
	"loss", "losses", "figures", "output", "production", "exports", "imports", "income", "operating", "fiscal")
