package fact

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// The phrase walkers: a shallow stand-in for a parser that finds the noun
// phrase before a verb and the few words after it.

// maxPhrase bounds a subject phrase, in tokens.
const maxPhrase = 10

// subjectBefore returns the token range [a, b) of the noun phrase that ends
// right before token i (the first token of a verb group), or a == b when
// there is none. A relative pronoun or a comma directly before the verb
// ("the offer, which is due to expire", "an arrangement, expiring June 30")
// sends it to the phrase before the comma.
func (x *sent) subjectBefore(i int) (int, int) {
	j := i - 1
	for j >= 0 && x.adverb(j) {
		j--
	}
	b := j + 1
	for j >= 0 && b-j <= maxPhrase {
		if x.inDate(j) != nil || x.toks[j].Kind == text.Number && !x.isQuantityWord(j) && !x.capital(j-1) && x.word(j-1) != "of" {
			break
		}
		if x.boundary(j) {
			// "Putin and Trump", "Smith & Wesson": names joined stay one phrase.
			if (x.low[j] == "and" || x.toks[j].Text == "&") && x.capital(j-1) && x.capital(j+1) {
				j--
				continue
			}
			break
		}
		if auxWords[x.low[j]] && x.low[j] != "'s" && !(x.low[j] == "to" && (x.capital(j+1) || determiners[x.word(j+1)])) {
			break // "to" stays in "exports to Nigeria", "talks to the unions"
		}
		j--
	}
	a := j + 1
	if a == b && j >= 0 && b == i {
		k := j
		if x.low[k] == "which" || x.low[k] == "that" || x.low[k] == "who" {
			k--
			if k >= 0 && x.isWord(k) && !x.boundary(k) {
				return x.nearPhrase(k + 1) // "the tender offer that expired Friday"
			}
		}
		if k >= 0 && x.toks[k].Text == "," && k < j {
			return x.nearPhrase(k) // "the talks, which are scheduled to end"
		}
		if k >= 0 && x.toks[k].Text == "," {
			if p := x.appositionStart(k); p >= 0 {
				// "The New START treaty, the last agreement limiting …
				// arsenals, expires": the phrase before the aside.
				return x.subjectBefore(p)
			}
			a, b := x.subjectBefore(k)
			for r := a - 1; r >= 0 && r >= a-4; r-- {
				if x.low[r] != "which" && x.low[r] != "who" && x.low[r] != "that" {
					if auxWords[x.low[r]] || x.low[r] == "do" || x.low[r] == "does" || x.low[r] == "did" {
						continue
					}
					break
				}
				// "Nigeria's exports to Britain, which do not include oil,
				// were": the phrase before the relative clause.
				if r > 0 && x.toks[r-1].Text == "," {
					return x.subjectBefore(r - 1)
				}
				return b, b
			}
			if a < b && participle(x.low[a]) {
				// "the offer, announced today, expires": skip the aside.
				for p := a - 1; p >= 0 && p >= a-2; p-- {
					if x.toks[p].Text == "," {
						return x.subjectBefore(p)
					}
				}
				return b, b
			}
			return a, b
		}
	}
	return x.trimPhrase(a, b)
}

// nearPhrase returns the short noun phrase that ends right before token i:
// back to a determiner, a preposition or a clause boundary, at most four
// words ("a five pct sales tax planned for" → "five pct sales tax").
func (x *sent) nearPhrase(i int) (int, int) {
	a := i
	for a > 0 && i-a < 4 {
		k := a - 1
		if x.boundary(k) || determiners[x.low[k]] || prepositions[x.low[k]] || auxWords[x.low[k]] || x.inDate(k) != nil ||
			x.toks[k].Kind != text.Word && x.toks[k].Kind != text.Number && x.toks[k].Kind != text.Possessive {
			break
		}
		a--
	}
	for a < i && (x.toks[a].Kind == text.Possessive || x.toks[a].Kind == text.Number && !x.isQuantityWord(a)) {
		a++
	}
	return a, i
}

// participle reports whether w looks like a participle that opens an
// aside: "announced", "excluding".
func participle(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || w == "owned" || w == "set"
}

// trimPhrase narrows [a, b) to its last noun phrase: it starts after the
// last determiner that does not follow a preposition ("reporters the talks"
// → "talks", but "deadline for the start of the new pact" keeps its whole),
// drops a leading determiner, and cuts a long phrase at its first
// preposition ("quarterly profits at US media giant TimeWarner" → "quarterly
// profits").
func (x *sent) trimPhrase(a, b int) (int, int) {
	for k := b - 1; k > a; k-- {
		if determiners[x.low[k]] && !prepositions[x.low[k-1]] {
			a = k
			break
		}
	}
	for k := b - 1; k > a; k-- {
		if subjectPronouns[x.low[k]] {
			a = k // "told him he would": the clause starts at "he"
			break
		}
	}
	for k := b - 1; k > a; k-- {
		if phraseVerbs[x.low[k]] {
			a = k + 1 // "its film division saw profits": the phrase after the verb
			break
		}
	}
	for a < b && (determiners[x.low[a]] || x.toks[a].Kind == text.Punct || x.toks[a].Kind == text.Possessive || objectPronouns[x.low[a]]) {
		a++
	}
	if a < b && prepositions[x.low[a]] {
		return b, b // "by consumers": the end of a longer phrase, whose head is lost
	}
	if b-a > 4 {
		for k := a + 1; k < b; k++ {
			if prepositions[x.low[k]] {
				b = k
				break
			}
		}
	}
	return a, b
}

// adverb reports whether token i is an adverb a walker steps over: a
// lower-case -ly word or one of a few common ones.
func (x *sent) adverb(i int) bool {
	if !x.isWord(i) || x.capital(i) {
		return false
	}
	w := x.low[i]
	return len(w) > 4 && strings.HasSuffix(w, "ly") && !lyNouns[w] || adverbs[w]
}

// lyNouns end in -ly but are not adverbs.
var lyNouns = set("only", "italy", "early", "supply", "family", "assembly", "july", "rally", "monopoly", "ally", "reply", "anomaly", "daily", "weekly", "monthly", "quarterly", "yearly", "likely", "oily", "holy", "bully", "jelly", "belly")

// phraseVerbs inside a walked phrase show it began a clause earlier.
var phraseVerbs = set("saw", "sees", "see", "posted", "posts", "made", "makes", "gave", "gives", "expects", "expect",
	"showed", "shows", "got", "gets", "wants", "want", "faces", "face", "faced", "sent", "sends", "took", "takes")

var (
	subjectPronouns = set("he", "she", "it", "they", "we", "i", "you")
	objectPronouns  = set("him", "her", "them", "us", "me")
)

var adverbs = set("also", "still", "already", "now", "then", "again", "just", "further", "sharply", "reportedly")

// isQuantityWord reports whether a number token belongs in a phrase: a
// number with a hyphenated unit ("50-day") reads as a word.
func (x *sent) isQuantityWord(i int) bool {
	return strings.Contains(x.toks[i].Text, "-")
}

// verbGroupStart returns the first token of the auxiliaries before the verb
// at t: "is due to expire" → the index of "is".
func (x *sent) verbGroupStart(t int) int {
	j := t
	for j > 0 && (auxWords[x.low[j-1]] || x.adverb(j-1) || x.inDate(j-1) != nil && t-j < 6) && x.low[j-1] != "'s" {
		j--
	}
	for j < t && x.inDate(j) != nil {
		j++
	}
	return j
}

// objectAfter returns the end of the few words after token t that belong to
// a verb's object: at most n words, stopping at a clause boundary, a date,
// or a preposition other than the ones allowed first ("meet with", "vote
// on").
func (x *sent) objectAfter(t, n int, firstPreps map[string]bool) int {
	j := t + 1
	end := j
	words := 0
	for j < len(x.toks) && words < n {
		if x.inDate(j) != nil || x.boundary(j) && !(x.low[j] == "and" && x.capital(j-1) && x.capital(j+1)) {
			break
		}
		if prepositions[x.low[j]] && !(j == t+1 && firstPreps[x.low[j]]) {
			break
		}
		if x.toks[j].Kind == text.Number && !x.isQuantityWord(j) {
			break
		}
		j++
		words++
		end = j
	}
	return end
}

// phrase joins token ranges into a What, leaving out dates, determiners at
// the front of each range, adverbs and auxiliaries that carry no meaning.
func (x *sent) phrase(ranges ...[2]int) string {
	var parts []string
	for _, r := range ranges {
		a, b := r[0], r[1]
		for a < b && determiners[x.low[a]] {
			a++
		}
		if a >= b {
			continue
		}
		s := x.join(a, b, func(i int) bool {
			return x.inDate(i) != nil || x.adverb(i) || x.toks[i].Kind == text.Quote
		})
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// appositionStart: the comma at k closes an aside opened by an earlier
// comma that a determiner follows ("X, the last agreement limiting …,
// expires"); it returns that earlier comma, or -1. The aside holds no
// other punctuation and no verb group of its own before the noun.
func (x *sent) appositionStart(k int) int {
	for p := k - 1; p >= 1 && p >= k-20; p-- {
		if x.toks[p].Kind == text.Quote || x.toks[p].Kind == text.Punct && x.toks[p].Text != "," && x.toks[p].Text != "-" {
			return -1
		}
		if x.toks[p].Text != "," {
			continue
		}
		if w := x.word(p + 1); (w == "the" || w == "a" || w == "an") && p+2 < k && x.isWord(p-1) {
			return p
		}
		return -1
	}
	return -1
}
