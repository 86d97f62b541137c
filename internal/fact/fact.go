package fact

import (
	"strings"
	"time"

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

// quantities finds the numbers of the sentence with their units.
func (x *sent) quantities() []qty {
	var qs []qty
	n := len(x.toks)
	for i := 0; i < n; i++ {
		t := x.toks[i]
		switch {
		case t.Kind == text.Currency || t.Kind == text.Word && currencyCodes[x.low[i]] && i+1 < n && x.toks[i+1].Kind == text.Number:
			q, ok := x.money(i)
			if ok {
				qs = append(qs, q)
				i = q.b - 1
			}
		case t.Kind == text.Number:
			q, ok := x.number(i)
			if ok {
				qs = append(qs, q)
				i = q.b - 1
			}
		case t.Kind == text.Word && numberWords[x.low[i]]:
			v, ok := text.NumberValue(x.low[i])
			if !ok {
				continue
			}
			q := qty{a: i, b: i + 1, n: i, value: v}
			if m, ok := magnitudeWords[x.word(i+1)]; ok && m >= 1e3 {
				q.value *= m
				q.b++
			}
			x.unitAfter(&q)
			qs = append(qs, q)
			i = q.b - 1
		}
	}
	return qs
}

// money reads an amount led by a currency sign or code at i: "$61", "US$
// 5.5bn", "€50 billion", "USD 3 mln".
func (x *sent) money(i int) (qty, bool) {
	sign := x.low[i]
	a := i
	code := currencySigns[sign]
	if x.toks[i].Kind == text.Word {
		code = strings.ToUpper(sign)
	}
	if i > 0 && x.toks[i-1].Kind == text.Word && x.toks[i-1].End == x.toks[i].Start {
		if c, ok := currencySigns[x.low[i-1]+sign]; ok {
			code, a = c, i-1
		}
	}
	k := i + 1
	if code == "" || k >= len(x.toks) || x.toks[k].Kind != text.Number {
		return qty{}, false
	}
	v, ok := text.NumberValue(x.toks[k].Text)
	if !ok || strings.HasSuffix(x.toks[k].Text, "%") {
		return qty{}, false
	}
	q := qty{a: a, b: k + 1, n: k, value: v, unit: code}
	if m, ok := magnitudeWords[x.word(k+1)]; ok && !hasMagnitude(x.toks[k].Text) {
		q.value *= m
		q.b++
	}
	return q, true
}

// hasMagnitude reports whether a number token carries its own magnitude
// ("1.13bn", "600m").
func hasMagnitude(t string) bool {
	c := t[len(t)-1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// number reads a number token at i with what follows it: a magnitude, a
// percent sign or word, points, a currency word.
func (x *sent) number(i int) (qty, bool) {
	t := x.toks[i].Text
	v, ok := text.NumberValue(t)
	if !ok {
		return qty{}, false
	}
	if x.nextToMonth(i) {
		return qty{}, false // "March 15", "15 March": a date
	}
	q := qty{a: i, b: i + 1, n: i, value: v}
	if strings.HasSuffix(t, "%") {
		q.unit = "%"
		return q, true
	}
	if m, ok := magnitudeWords[x.word(i+1)]; ok && !hasMagnitude(t) {
		q.value *= m
		q.b++
	}
	q.year = len(t) == 4 && v >= 1800 && v <= 2100 && q.b == i+1
	x.unitAfter(&q)
	return q, true
}

// unitAfter reads the unit after a quantity: "pct", "per cent", "percentage
// points", "points", "basis points", "dlrs", "Canadian dlrs", "roubles".
func (x *sent) unitAfter(q *qty) {
	k := q.b
	w := x.word(k)
	switch {
	case percentWords[w]:
		q.unit, q.b = "%", k+1
	case w == "per" && x.word(k+1) == "cent":
		q.unit, q.b = "%", k+2
	case w == "percentage" && (x.word(k+1) == "points" || x.word(k+1) == "point"):
		q.unit, q.b = "points", k+2
	case w == "basis" && (x.word(k+1) == "points" || x.word(k+1) == "point"):
		q.unit, q.b = "bp", k+2
	case w == "points" || w == "point" || w == "pts":
		q.unit, q.b = "points", k+1
	case currencyWords[w] != "":
		q.unit, q.b = currencyWords[w], k+1
		if x.word(k+1) == "sterling" {
			q.b++
		}
	case currencyAdjectives[w] != "":
		k2 := k + 1
		if w == "hong" || w == "new" {
			k2++ // "Hong Kong dollars", "New Zealand dollars"
		}
		if c := x.word(k2); c == "dollars" || c == "dlrs" || c == "dlr" || c == "francs" {
			q.unit, q.b = currencyAdjectives[w], k2+1
			if w == "new" && x.word(k+1) != "zealand" || w == "hong" && x.word(k+1) != "kong" {
				q.unit, q.b = "", k
			}
		}
	}
	if q.unit != "" {
		q.year = false
	}
}

// nextToMonth reports whether the number at i stands by a month name, so is
// part of a date.
func (x *sent) nextToMonth(i int) bool {
	return monthNames[strings.TrimSuffix(x.word(i-1), ".")] || monthNames[strings.TrimSuffix(x.word(i+1), ".")] ||
		x.word(i-1) == "," && monthNames[x.word(i-3)] // "February 5, 2026"
}

var monthNames = set(
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec",
)

// casualties reads "killed at least 12 people", "12 soldiers were killed",
// "wounded 30", "45 dead", "the death toll rose to 45".
func (x *sent) casualties(fs []found, qs []qty) []found {
	for i := range qs {
		q := &qs[i]
		if q.unit != "" || q.year || q.value < 1 || q.used {
			continue
		}
		part, noun, dir := "", "", ""
		// A verb before: "killed at least 12 people".
		k := q.a - 1
		for k >= 0 && q.a-k <= 4 && approxWords[x.low[k]] {
			k--
		}
		if p, ok := casualtyVerbs[x.word(k)]; ok && x.word(k) != "dead" && x.word(k) != "died" && x.word(k) != "hurt" && x.word(k) != "die" {
			part = p
		}
		// A noun after, and a participle after that: "12 soldiers were killed".
		j := q.b
		ne := j
		if nn, e := x.countNounAt(j); nn != "" {
			noun, ne = nn, e
		}
		if part == "" {
			if p, ok := casualtyNouns[x.word(ne)]; ok && noun == "" {
				part = p
				ne++
			} else {
				k := ne
				for k < len(x.toks) && k-ne < 3 && casualtyAux[x.low[k]] {
					k++
				}
				if p, ok := casualtyVerbs[x.word(k)]; ok && (k > ne || !strings.HasSuffix(x.word(k), "ing")) {
					if x.word(k) != "kill" && x.word(k) != "kills" && x.word(k) != "killing" {
						part = p
					}
				}
			}
		}
		// The death toll: "the death toll rose to 45".
		if part == "" {
			for k := q.a - 1; k >= 0 && q.a-k <= 8; k-- {
				if x.low[k] == "toll" && (x.word(k-1) == "death" || x.word(k-1) == "casualty") {
					part = "killed"
					if d := moveVerbs[x.between(k+1, q.a)]; d == "up" {
						dir = "up"
					}
					break
				}
				if x.boundary(k) && x.low[k] != "," {
					break
				}
			}
		}
		if part == "" {
			continue
		}
		q.used = true
		subj := "people"
		if noun != "" {
			subj = x.low[ne-1]
		}
		if part == "casualties" {
			subj, part = "casualties", ""
		}
		f := record.Fact{Kind: KindCasualties, Subject: strings.TrimSpace(subj + " " + part), Value: q.value, Unit: "people", Direction: dir}
		fs = append(fs, found{f: f, pos: q.n})
	}
	return fs
}

// casualtyAux may stand between a number and its casualty participle.
var casualtyAux = set("were", "was", "have", "has", "had", "been", "are", "being", "reported", "reportedly", "believed", "feared", "confirmed", "later", "also", "now", "people", "others", "more", "of", "them", "whom", "were")

// between returns the first move verb among tokens [a, b), or "".
func (x *sent) between(a, b int) string {
	for k := a; k < b; k++ {
		if _, ok := moveVerbs[x.low[k]]; ok && x.low[k] != "is" && x.low[k] != "was" {
			return x.low[k]
		}
	}
	return ""
}

// countNounAt reads an optional two modifiers and a count noun starting at
// j: "Ukrainian prisoners", "more troops". It returns the unit and the end
// of the noun, or "" when there is none.
func (x *sent) countNounAt(j int) (string, int) {
	for k := j; k < len(x.toks) && k <= j+2; k++ {
		if u, ok := countNouns[x.low[k]]; ok {
			return u, k + 1
		}
		if !x.isWord(k) || x.boundary(k) || prepositions[x.low[k]] || auxWords[x.low[k]] || determiners[x.low[k]] || x.low[k] == "and" {
			return "", j
		}
	}
	return "", j
}

// marketMoves reads "the Moscow Exchange surged by 6%", "Brent fell 2
// percent to $61", "the index closed up 120 points at 1,800", "the ruble
// strengthened".
func (x *sent) marketMoves(fs []found, qs []qty) []found {
	for v := range x.toks {
		verbDir, ok := moveVerbs[x.low[v]]
		if !ok || !x.isWord(v) {
			continue
		}
		if v > 0 && (determiners[x.low[v-1]] || x.toks[v-1].Kind == text.Possessive) {
			continue // "a rise", "the dollar's fall": nouns
		}
		vs := x.verbGroupStart(v)
		sa, sb := x.subjectBefore(vs)
		if sa == sb || !x.isMarket(sa, sb) {
			continue
		}
		subj := x.phrase([2]int{sa, sb})
		dir := verbDir
		conn := ""
		gap := 0
		made := 0
		var last *found
		for k := v + 1; k < len(x.toks) && gap <= 3; k++ {
			w := x.low[k]
			if d, ok := directionWords[w]; ok {
				if dir == "" || dir == d {
					dir = d
					if last != nil && last.f.Direction == "" && conn != "level" {
						last.f.Direction = d
					}
				}
				gap = 0
				continue
			}
			q := qtyAt(qs, k)
			if q == nil {
				if x.hardStop(k) || w == "and" && k+1 < len(x.toks) && !x.startsQty(qs, k+1) && x.word(k+1) != "by" && x.word(k+1) != "to" && x.word(k+1) != "at" {
					break
				}
				switch w {
				case "by":
					conn = "by"
				case "to", "at":
					conn = "level"
				case "from":
					conn = "from"
				default:
					if !approxWords[w] && !x.adverb(k) && !perUnit(w) {
						gap++
					}
				}
				continue
			}
			k = q.b - 1
			if q.used {
				continue
			}
			unit := q.unit
			if unit == "" && conn == "level" && x.isIndex(sa, sb) && !q.year {
				unit = "points"
			}
			if unit == "" {
				gap++
				continue
			}
			q.used = true
			if conn == "from" {
				conn = ""
				continue
			}
			f := record.Fact{Kind: KindMarketMove, Subject: subj, Value: q.value, Unit: unit}
			if conn == "level" {
				f.Direction = ""
			} else {
				f.Direction = dir
				if dir == "" {
					// A change whose direction comes after it: "2 pct lower".
					if d, ok := directionWords[x.word(q.b)]; ok {
						f.Direction = d
					}
				}
				if f.Direction == "" {
					q.used = false
					continue
				}
			}
			fs = append(fs, found{f: f, pos: q.n})
			last = &fs[len(fs)-1]
			made++
			conn = ""
			gap = 0
		}
		if made == 0 && verbDir != "" && !x.nounUse(v) && (strings.HasSuffix(x.low[v], "ed") || pastVerbs[x.low[v]]) {
			f := record.Fact{Kind: KindMarketMove, Subject: subj, Direction: verbDir}
			fs = append(fs, found{f: f, pos: v})
		}
	}
	return fs
}

// nounUse reports whether a move verb at v is a noun after all: "gains in
// oil", "a fall".
func (x *sent) nounUse(v int) bool {
	w := x.word(v + 1)
	return w == "in" && strings.HasSuffix(x.low[v], "s") || w == "of"
}

// perUnit reports whether w names the unit a price is quoted in: "$61 a
// barrel".
func perUnit(w string) bool {
	switch w {
	case "a", "an", "per", "barrel", "bbl", "ounce", "oz", "share", "shr", "tonne", "ton", "bushel", "lb", "gallon", "kilo", "kg", "troy", "cents", "cent", "each", "mt", "unit":
		return true
	}
	return false
}

// qtyAt returns the quantity starting at token k, or nil.
func qtyAt(qs []qty, k int) *qty {
	for i := range qs {
		if qs[i].a == k {
			return &qs[i]
		}
		if qs[i].a > k {
			break
		}
	}
	return nil
}

func (x *sent) startsQty(qs []qty, k int) bool { return qtyAt(qs, k) != nil }

// isMarket reports whether the phrase [a, b) names a market: its head (the
// last word before any preposition) is an exchange, an index, shares, a
// currency, a commodity or bonds ("BankAmerica stock", "crude oil", "shares
// of Time Warner"), or prices or futures of one ("oil prices"). "Oil
// exports" and "money market funds" are not markets.
func (x *sent) isMarket(a, b int) bool {
	h := b - 1
	for k := a + 1; k < b; k++ {
		if prepositions[x.low[k]] {
			h = k - 1
			break
		}
	}
	for h > a && x.toks[h].Kind == text.Number {
		h-- // "FTSE 100", "S&P 500"
	}
	w := x.low[h]
	if marketWords[w] {
		return true
	}
	if w == "average" || w == "industrials" {
		for k := a; k < h; k++ {
			if x.low[k] == "dow" || x.low[k] == "jones" || x.low[k] == "industrial" {
				return true
			}
		}
	}
	if priceWords[w] {
		for k := a; k < h; k++ {
			if marketWords[x.low[k]] || x.low[k] == "share" {
				return true
			}
		}
	}
	return false
}

// priceWords are heads that make a market of the word before them: "oil
// prices", "share prices", "gold futures".
var priceWords = set("prices", "price", "futures", "contracts", "quotes", "values", "rates", "rate")

// isIndex reports whether the phrase names a stock index, whose levels are
// points.
func (x *sent) isIndex(a, b int) bool {
	for k := a; k < b; k++ {
		switch x.low[k] {
		case "index", "indices", "average", "dow", "nasdaq", "ftse", "dax", "cac", "nikkei", "rts", "moex", "micex", "seng", "topix", "kospi", "sensex", "stoxx", "s&p":
			return true
		}
	}
	return false
}

// amounts reads amounts of money: "$61 billion in aid", "a €50bn package",
// "1.5 trillion roubles for defence", "net profit 12.5 mln dlrs", "profits
// jumped 76% to $1.13bn".
func (x *sent) amounts(fs []found, qs []qty) []found {
	for i := range qs {
		q := &qs[i]
		if !q.money() || q.used || q.value <= 0 {
			continue
		}
		if x.comparedTo(q.a) || perUnit(x.word(q.b)) && x.word(q.b) != "a" && x.word(q.b) != "an" ||
			(x.word(q.b) == "a" || x.word(q.b) == "an") && perUnit(x.word(q.b+1)) {
			continue
		}
		if x.word(q.b) == "to" && x.word(q.b+1) == "the" && currencyWords[x.word(q.b+2)] != "" {
			continue // "1.71 Swiss francs to the dollar": an exchange rate
		}
		subj, dir := x.amountSubject(q, qs)
		if subj == "" {
			continue
		}
		q.used = true
		f := record.Fact{Kind: KindAmount, Subject: subj, Value: q.value, Unit: q.unit, Direction: dir}
		fs = append(fs, found{f: f, pos: q.n})
	}
	return fs
}

// comparedTo reports whether the quantity starting at a is the second term
// of a comparison: "vs 10 mln", "from $10.9bn", "compared with".
func (x *sent) comparedTo(a int) bool {
	k := a - 1
	for k >= 0 && (x.low[k] == "a" || x.low[k] == "about" || x.low[k] == "some" || x.low[k] == "with" || x.low[k] == "to") && a-k <= 2 {
		if x.low[k] == "with" || x.low[k] == "to" {
			return x.word(k-1) == "compared"
		}
		k--
	}
	w := x.word(k)
	if w == "than" {
		p := x.word(k - 1)
		return p != "more" && p != "less" && p != "fewer"
	}
	return comparators[w]
}

// amountSubject finds what an amount is of: the phrase after it ("in aid",
// "of sanctions", "aid package") or the one before a linking word or a move
// verb ("assets of", "profits rose to", "the deficit totalled"), and the
// direction of a change. It returns "" where neither is there: an amount
// after a verb of giving names the giver before it, not the thing.
func (x *sent) amountSubject(q *qty, qs []qty) (string, string) {
	// After: "in aid", "of sanctions", "worth of tariffs".
	k := q.b
	if x.word(k) == "worth" && x.word(k+1) == "of" {
		k++
	}
	if w := x.word(k); w == "in" || w == "of" {
		if a, e := x.nounPhraseAt(k+1, 3); e > a {
			return x.phrase([2]int{a, e}), ""
		}
	}
	if x.word(k) == "for" && !x.capital(k+1) {
		// "1.5 trillion roubles for defence"
		if a, e := x.nounPhraseAt(k+1, 2); e > a && !x.capital(a) {
			return x.phrase([2]int{a, e}), ""
		}
	}
	// A compound: "$61bn aid package", "a 102.5 mln dlr mortgage loan".
	if !x.capital(q.b) {
		if e := x.nounsAfter(q.b, 3); e > q.b && x.nounHead(e-1) {
			return x.phrase([2]int{q.b, e}), ""
		}
	}
	// Before: over approximations to a linking word or a move verb.
	j := q.a - 1
	for j >= 0 && q.a-j <= 4 && approxWords[x.low[j]] && !linkWords[x.low[j]] && !prepositions[x.low[j]] {
		j--
	}
	if j < 0 {
		return "", ""
	}
	dir := ""
	w := x.low[j]
	switch {
	case w == "to" || w == "at" || w == "by":
		// "rose to", "valued at", "increased by": a verb must come before.
		v := j - 1
		for v >= 0 && j-v <= 4 && (x.adverb(v) || qtyEndingAt(qs, v) != nil) {
			if p := qtyEndingAt(qs, v); p != nil {
				v = p.a
			}
			v--
		}
		d, move := moveVerbs[x.word(v)]
		switch {
		case move && w == "by":
			dir = d
		case move, levelVerbs[x.word(v)]:
		default:
			return "", ""
		}
		j = x.verbGroupStart(v)
	case w == "of":
		// "assets of 1.28 billion dlrs", "a charge of 2.7 mln dlrs".
		a := j
		for a > 0 && j-a < 3 && x.nounHead(a-1) && !x.capital(a-1) && !x.boundary(a-1) {
			a--
		}
		if a == j {
			return "", ""
		}
		return x.phrase([2]int{a, j}), ""
	case linkWords[w]:
		j = x.verbGroupStart(j)
	default:
		d, ok := moveVerbs[w]
		if !ok || w == "is" || w == "was" || w == "are" || w == "were" {
			return "", ""
		}
		dir = d
		j = x.verbGroupStart(j)
	}
	a, b := x.subjectBefore(j)
	if a == b || !x.nounHead(b-1) || x.allCaps(a, b) || pronouns[x.low[b-1]] || strings.HasSuffix(x.low[a], "ing") {
		return "", "" // a company name or a pronoun is not what the money is
	}
	return x.phrase([2]int{a, b}), dir
}

// linkWords join a subject to its amount: "the deficit totalled", "the
// package is worth".
var linkWords = set(
	"was", "were", "is", "are", "be", "been", "totalled", "totaled", "totals", "total",
	"totalling", "totaling", "reached", "reaches", "worth", "cost", "costs", "costing",
	"amounted", "amounts", "amounting", "stood", "stands", "came", "of",
)

// levelVerbs take an amount after "at" or "to": "valued at", "put at".
var levelVerbs = set("valued", "estimated", "put", "priced", "set", "fixed", "raised", "lowered", "cut", "increased", "reduced", "boosted", "amounted", "amounting", "came", "stood", "totalled")

// nounHead reports whether token j can end a noun phrase that names what
// is measured: a word that is not a verb form, a time word or a
// preposition.
func (x *sent) nounHead(j int) bool {
	if !x.isWord(j) && x.toks[j].Kind != text.Possessive {
		return false
	}
	w := x.low[j]
	if timeWords[w] || monthNames[w] || prepositions[w] || determiners[w] || approxWords[w] || pronouns[w] || auxWords[w] {
		return false
	}
	if x.capital(j) {
		return true
	}
	return !strings.HasSuffix(w, "ing") && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ly") && !moneyVerbs[w]
}

// timeWords name periods, not things: "in the fourth quarter", "last
// year's 67 mln dlrs".
var timeWords = set(
	"week", "weeks", "month", "months", "year", "years", "quarter", "quarters", "period",
	"periods", "day", "days", "half", "time", "times", "fiscal", "qtr", "yr", "today",
	"yesterday", "decade", "record", "average", "total", "range", "level", "levels", "basis",
	"earlier", "ago", "previously", "figure", "mark", "later", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "tonight", "tomorrow", "morning", "evening",
)

// nounPhraseAt returns the range of a noun phrase of up to n words at k,
// after a determiner, or an empty range where its head is not a noun.
func (x *sent) nounPhraseAt(k, n int) (int, int) {
	for k < len(x.toks) && determiners[x.low[k]] {
		k++
	}
	e := x.nounsAfter(k, n)
	if e == k || !x.nounHead(e-1) {
		return k, k
	}
	return k, e
}

// allCaps reports whether every word of [a, b) starts with a capital: a
// name, not a thing measured.
func (x *sent) allCaps(a, b int) bool {
	for k := a; k < b; k++ {
		if x.isWord(k) && !x.capital(k) {
			return false
		}
	}
	return true
}

// qtyEndingAt returns the quantity whose last token is j, or nil.
func qtyEndingAt(qs []qty, j int) *qty {
	for i := range qs {
		if qs[i].b-1 == j {
			return &qs[i]
		}
	}
	return nil
}

// nounsAfter returns the end of up to n noun-like words from k: words that
// are not function words, verbs or numbers. A participle or "and" may stand
// inside ("subordinated notes", "public and private debt"), not at the end.
func (x *sent) nounsAfter(k, n int) int {
	e, last := k, k
	for e < len(x.toks) && e-k < n {
		w := x.low[e]
		if w == "and" && e > k && x.isWord(e+1) && !x.capital(e+1) {
			e++
			continue
		}
		if !x.isWord(e) || x.boundary(e) || prepositions[w] || auxWords[w] || determiners[w] || approxWords[w] ||
			strings.HasSuffix(w, "ly") && !lyNouns[w] || pronouns[w] || magnitudeWords[w] != 0 || currencyWords[w] != "" ||
			moneyVerbs[w] || pastVerbs[w] || numberWords[w] {
			break
		}
		e++
		if x.nounHead(e - 1) {
			last = e
		}
	}
	return last
}

// pastVerbs are irregular past forms that end a noun phrase.
var pastVerbs = set("rose", "fell", "sank", "grew", "lost", "shed", "slid", "shrank", "went", "came", "was", "were", "had", "said")

// verbish reports whether token j looks like a verb or its particle rather
// than the end of a noun phrase: a lower-case word in -ed, or one of the
// verbs money goes with.
func (x *sent) verbish(j int) bool {
	if !x.isWord(j) || x.capital(j) {
		return false
	}
	w := x.low[j]
	return strings.HasSuffix(w, "ed") || moneyVerbs[w]
}

var moneyVerbs = set(
	"aside", "up", "out", "off", "back", "down", "sets", "set", "gave", "give", "gives", "provide",
	"provides", "pay", "pays", "paid", "offer", "offers", "seek", "seeks", "sought", "want", "wants",
	"approve", "approves", "spend", "spends", "spent", "raise", "raises", "cut", "cuts", "won",
	"win", "lost", "lose", "made", "make", "makes", "bought", "buy", "buys", "sold", "sell", "sells",
	"owe", "owes", "lend", "lends", "lent", "borrow", "invest", "invests", "earn", "earns", "get",
	"gets", "got", "receive", "receives", "plans", "need", "needs", "bid", "bids", "has", "had", "have",
	"for", "with", "into", "on", "in", "include", "includes", "including", "exclude", "excludes",
	"excluding", "report", "reports", "post", "posts", "record", "records", "show", "shows",
	"plus", "no", "not", "only", "less", "minus",
)

var pronouns = set("it", "he", "she", "they", "we", "i", "you", "them", "him", "us", "said", "says", "would", "will")

// counts reads "1,000 prisoners", "some 600,000 troops", "fired 200 drones",
// "1,000 Ukrainian prisoners".
func (x *sent) counts(fs []found, qs []qty) []found {
	for i := range qs {
		q := &qs[i]
		if q.unit != "" || q.used || q.value < 1 || q.value != float64(int64(q.value)) {
			continue
		}
		if q.year && !approxWords[x.word(q.a-1)] {
			continue
		}
		unit, e := x.countNounAt(q.b)
		if unit == "" {
			continue
		}
		if x.word(q.a-1) == "aged" {
			continue // an age
		}
		q.used = true
		f := record.Fact{Kind: KindCount, Subject: x.phrase([2]int{q.b, e}), Value: q.value, Unit: unit}
		fs = append(fs, found{f: f, pos: q.n})
	}
	return fs
}

// factDate dates a fact at token pos: the nearest date expression of the
// sentence that is not a starting point or a span back, else the article's
// date.
func (x *sent) factDate(pos int) (string, string) {
	best, dist := -1, 1<<30
	for k := range x.dates {
		d := &x.dates[k]
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
		if dd < dist {
			best, dist = k, dd
		}
	}
	if best >= 0 {
		d := &x.dates[best]
		x.backward(d)
		return d.Date, d.Precision
	}
	if x.ref.IsZero() {
		return "", ""
	}
	return day(x.ref).Format("2006-01-02"), text.PrecisionDay
}
