package fact

// Amounts of money and what they are of.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// amounts reads amounts of money: "$61 billion in aid", "a €50bn package",
// "1.5 trillion roubles for defence", "net profit 12.5 mln dlrs", "profits
// jumped 76% to $1.13bn".
func (x *sent) amounts(fs []found, qs []qty) []found {
	lastChange := ""
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
		if subj == "" || q.value < 1e5 && perShareNoun(subj) {
			continue // "a six yen dividend" is paid per share
		}
		if d := x.changeOf(q.a); d != "" {
			dir = d // "an increase of 14.9 mln dlrs in interest costs"
			lastChange = d
		} else if x.word(q.a-1) == "and" && lastChange != "" {
			dir = lastChange // "… and 25.3 mln dlrs in taxes"
		}
		q.used = true
		kind := KindAmount
		if h := strings.ToLower(subj); strings.HasSuffix(h, " price") || strings.HasSuffix(h, " prices") {
			kind = KindMarketMove // "the Whites price was at 192 dlrs": a quote
		}
		f := record.Fact{Kind: kind, Subject: subj, Value: q.value, Unit: q.unit, Direction: dir}
		fs = append(fs, found{f: f, pos: q.n})
	}
	return fs
}

// changedThing returns the noun phrase X of "an increase … in X to/by
// AMOUNT", where j is the "to" or "by"; "" when the words before j are not
// that.
func (x *sent) changedThing(j int) string {
	a := j
	for a > 0 && j-a < 4 && (x.nounHead(a-1) || strings.HasSuffix(x.low[a-1], "ing")) && !x.capital(a-1) && x.isWord(a-1) {
		a--
	}
	if a == j || x.word(a-1) != "in" {
		return ""
	}
	for k := a - 2; k >= 0 && k >= a-8; k-- {
		if changeNouns[x.low[k]] != "" {
			return x.phrase([2]int{a, j})
		}
		if x.boundary(k) {
			break
		}
	}
	return ""
}

// changeBefore returns the direction of the change noun within eight tokens
// before j.
func (x *sent) changeBefore(j int) string {
	for k := j - 1; k >= 0 && k >= j-10; k-- {
		if d := changeNouns[x.low[k]]; d != "" {
			return d
		}
	}
	return ""
}

// changeOf returns the direction of a change noun right before an amount:
// "an increase of", "a drop of".
func (x *sent) changeOf(a int) string {
	if x.word(a-1) == "of" {
		return changeNouns[x.word(a-2)]
	}
	return ""
}

// perShareNoun reports whether a subject is quoted per share.
func perShareNoun(s string) bool {
	s = strings.ToLower(s)
	return strings.HasSuffix(s, "dividend") || strings.HasSuffix(s, "dividends") || strings.HasSuffix(s, "payout")
}

// comparedTo reports whether the quantity starting at a is the second term
// of a comparison: "vs 10 mln", "from $10.9bn", "compared with".
func (x *sent) comparedTo(a int) bool {
	k := a - 1
	for k >= 0 && (x.low[k] == "a" || x.low[k] == "the" || x.low[k] == "about" || x.low[k] == "some" || x.low[k] == "with" || x.low[k] == "to") && a-k <= 2 {
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
		if a, e := x.nounPhraseAt(k+1, 3); e > a && !x.allCaps(a, e) {
			return x.phrase([2]int{a, e}), ""
		}
	}
	// A compound: "$61bn aid package", "a 102.5 mln dlr mortgage loan",
	// "April's 2.9 billion dlrs increase".
	if !x.capital(q.b) {
		if e := x.nounsAfter(q.b, 3); e > q.b && x.nounHead(e-1) {
			return x.phrase([2]int{q.b, e}), changeNouns[x.low[e-1]]
		}
	}
	if subj, dir := x.amountBefore(q, qs); subj != "" {
		return subj, dir
	}
	if x.word(q.a-1) == "for" {
		if s := x.soldThing(q.a - 1); s != "" {
			return s, "" // "sell its dairy operations to Foremost for 13 mln dlrs"
		}
	}
	if x.word(k) == "for" && !x.capital(k+1) {
		// "1.5 trillion roubles for defence"
		if a, e := x.nounPhraseAt(k+1, 2); e > a && !x.capital(a) {
			return x.phrase([2]int{a, e}), ""
		}
	}
	return "", ""
}

// amountBefore finds the subject of an amount before it: over
// approximations to a linking word or a move verb.
func (x *sent) amountBefore(q *qty, qs []qty) (string, string) {
	j := q.a - 1
	for j >= 0 && q.a-j <= 5 && (approxWords[x.low[j]] || amountAdjectives[x.low[j]]) && !linkWords[x.low[j]] && !prepositions[x.low[j]] {
		j--
	}
	if j < 0 {
		return "", ""
	}
	dir := ""
	w := x.low[j]
	if _, move := moveVerbs[w]; j < 4 && x.allWords(0, j+1) && x.nounHead(j) && !move && !pastVerbs[w] && !linkWords[w] {
		// A table line: "Operating profit 149 mln stg vs 756 mln".
		return x.phrase([2]int{0, j + 1}), ""
	}
	if w == "by" && j >= 2 && changeVerbs[x.low[j-2]] != "" && x.nounHead(j-1) {
		// "cutting costs by $1bn", "reduced debt by nearly two billion dlrs"
		return x.phrase([2]int{j - 1, j}), changeVerbs[x.low[j-2]]
	}
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
			// "an increase in 1986 in retail operating profit to 185.3 mln
			// dlrs": the phrase after the change noun's "in".
			if s := x.changedThing(j); s != "" {
				if w == "by" {
					return s, x.changeBefore(j)
				}
				return s, ""
			}
			return "", ""
		}
		j = x.verbGroupStart(v)
	case w == "of":
		// "assets of 1.28 billion dlrs", "a charge of 2.7 mln dlrs".
		a := j
		for a > 0 && j-a < 3 && x.nounHead(a-1) && !x.capital(a-1) && !x.boundary(a-1) {
			a--
		}
		if a == j || changeNouns[x.low[j-1]] != "" {
			return "", "" // "a rise of 144 mln dlrs": the rise is not what is measured
		}
		p0 := a - 1
		for p0 >= 1 && a-p0 <= 2 && (strings.HasSuffix(x.low[p0], "ed") || strings.HasSuffix(x.low[p0], "ing")) {
			p0-- // "from discontinued leasing operations"
		}
		if p0 >= 1 && (x.low[p0] == "from" || x.low[p0] == "on" || x.low[p0] == "in") {
			// "gains from discontinued leasing operations of 37.6 mln dlrs"
			for p := p0 - 1; p >= 0 && p >= p0-3; p-- {
				if financeNouns[x.low[p]] {
					return x.phrase([2]int{p, p + 1}), ""
				}
				if x.boundary(p) {
					break
				}
			}
		}
		return x.phrase([2]int{a, j}), ""
	case w == "worth":
		k := j
		for k > 0 && auxWords[x.low[k-1]] {
			k-- // "a deal that could be worth"
		}
		if k > 1 && (x.low[k-1] == "that" || x.low[k-1] == "which") {
			k--
		}
		a, b := x.nearPhrase(k) // "shares worth 1bn Swiss francs"
		if a == b || !x.nounHead(b-1) || x.allCaps(a, b) {
			return "", ""
		}
		return x.phrase([2]int{a, b}), ""
	case linkWords[w]:
		j = x.verbGroupStart(j)
	default:
		// A verb of change, in a form that is not also a noun: "rose",
		// "increased"; "gain 1.6 mln dlrs vs loss" is a table's noun.
		d, ok := moveVerbs[w]
		if !ok || w == "is" || w == "was" || w == "are" || w == "were" || !strings.HasSuffix(w, "ed") && !pastVerbs[w] {
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

// amountAdjectives may stand between a verb and its amount: "rose a record
// underlying 4.76 billion dlrs".
var amountAdjectives = set("record", "underlying", "seasonally", "adjusted", "provisional", "net", "gross", "total", "combined", "further", "additional", "extra")

// changeNouns name a change, with its direction.
var changeNouns = map[string]string{
	"increase": "up", "rise": "up", "jump": "up", "surge": "up",
	"decrease": "down", "fall": "down", "drop": "down", "decline": "down", "reduction": "down",
}

// financeNouns are the figures a company reports.
var financeNouns = set("gain", "gains", "loss", "losses", "profit", "profits", "charge", "charges", "income",
	"revenue", "revenues", "credit", "credits", "writedown", "writedowns", "provision", "provisions", "sales", "earnings")

// soldThing returns what a sale before token f ("for") is of: the noun
// phrase after a verb of selling or buying in the same clause.
func (x *sent) soldThing(f int) string {
	for v := f - 1; v >= 0 && v >= f-12; v-- {
		if x.boundary(v) && x.low[v] != "and" {
			return ""
		}
		if !saleVerbs[x.low[v]] {
			continue
		}
		k := v + 1
		for k < f && (determiners[x.low[k]] || x.toks[k].Kind == text.Possessive) {
			k++
		}
		e := x.nounsAfter(k, 4)
		if e > k && x.nounHead(e-1) && !x.allCaps(k, e) {
			return x.phrase([2]int{k, e})
		}
		return ""
	}
	return ""
}

var saleVerbs = set("sell", "sells", "sold", "selling", "buy", "buys", "bought", "buying", "acquire", "acquires",
	"acquired", "acquiring", "purchase", "purchased", "purchases")

// allWords reports whether tokens [a, b) are all words.
func (x *sent) allWords(a, b int) bool {
	if b <= a {
		return false
	}
	for k := a; k < b; k++ {
		if !x.isWord(k) {
			return false
		}
	}
	return true
}

// changeVerbs change an amount someone holds, with the direction they give
// it: "cut costs by".
var changeVerbs = map[string]string{
	"cut": "down", "cuts": "down", "cutting": "down", "reduced": "down", "reduce": "down", "reduces": "down",
	"reducing": "down", "lowered": "down", "lowering": "down", "trimmed": "down", "slashed": "down",
	"raised": "up", "raise": "up", "raises": "up", "raising": "up", "boosted": "up", "boosting": "up",
	"increased": "up", "increasing": "up", "lifted": "up",
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

// comparatives end no noun phrase: "11bn euros higher".
var comparatives = set("cash", "higher", "lower", "more", "less", "bigger", "smaller", "larger", "greater", "up", "down", "above", "below", "ahead", "better", "worse", "one-way", "apiece", "each")

// nounHead reports whether token j can end a noun phrase that names what
// is measured: a word that is not a verb form, a time word or a
// preposition.
func (x *sent) nounHead(j int) bool {
	if !x.isWord(j) && x.toks[j].Kind != text.Possessive {
		return false
	}
	w := x.low[j]
	if timeWords[w] || monthNames[w] || prepositions[w] || determiners[w] || approxWords[w] || pronouns[w] || auxWords[w] || comparatives[w] {
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
	"high", "low", "peak", "highs", "lows", "trough", "first", "second", "third", "fourth", "final",
)

// nounPhraseAt returns the range of a noun phrase of up to n words at k,
// after a determiner, or an empty range where its head is not a noun.
func (x *sent) nounPhraseAt(k, n int) (int, int) {
	for k < len(x.toks) && determiners[x.low[k]] {
		k++
	}
	if k+1 < len(x.toks) && x.toks[k].Kind == text.Number && percentWords[x.low[k+1]] {
		k += 2 // "of 5-1/8 pct euroyen bonds": the coupon describes the bonds
	}
	e := x.nounsAfter(k, n)
	if e < len(x.toks) && e-k < n && strings.HasSuffix(x.low[e], "ing") && x.isWord(e) && !x.capital(e) && (e == k || x.nounHead(e-1)) &&
		(e+1 >= len(x.toks) || x.boundary(e+1) || prepositions[x.low[e+1]]) {
		e++ // "in social spending", "of funding"
	}
	if e == k || !x.nounHead(e-1) && !strings.HasSuffix(x.low[e-1], "ing") {
		return k, k
	}
	return k, e
}

// allCaps reports whether every word of [a, b) starts with a capital: a
// name, not a thing measured.
func (x *sent) allCaps(a, b int) bool {
	if a == 0 && b == 1 {
		return false // "Profits rose …": capitalised only as the first word
	}
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
		if timeWords[w] || monthNames[w] {
			return k // "in its current financial year": a time, not a thing
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

// moneyVerbs are verbs and particles that end a phrase before an amount:
// "sets aside", "pays", "includes".
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
