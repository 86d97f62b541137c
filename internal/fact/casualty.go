package fact

// Casualties and counts: people killed and hurt, troops, drones, prisoners.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
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
		// A longer subject: "Two members of the Red Cross were also shot
		// and killed".
		if part == "" {
			part = x.casualtyAfterPhrase(ne)
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

// casualtyAfterPhrase reads a passive casualty verb after a noun phrase
// of up to eight tokens from j: "members of the Red Cross were also shot
// and killed".
func (x *sent) casualtyAfterPhrase(j int) string {
	for k := j; k < len(x.toks) && k <= j+8; k++ {
		w := x.low[k]
		if w == "were" || w == "was" || w == "have" || w == "had" {
			for k++; k < len(x.toks) && k <= j+12 && (casualtyAux[x.low[k]] || x.low[k] == "shot" || x.low[k] == "and"); k++ {
			}
			if p, ok := casualtyVerbs[x.word(k)]; ok && strings.HasSuffix(x.word(k), "ed") || x.word(k) == "hurt" || x.word(k) == "slain" {
				return p
			}
			return ""
		}
		if x.boundary(k) && w != "of" || x.toks[k].Kind == text.Number || numberWords[w] {
			return ""
		}
	}
	return ""
}

// casualtyAux may stand between a number and its casualty participle.
var casualtyAux = set("either", "were", "was", "have", "has", "had", "been", "are", "being", "reported", "reportedly", "believed", "feared", "confirmed", "later", "also", "now", "people", "others", "more", "of", "them", "whom", "were")

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
			n := k + 1
			if n < len(x.toks) && x.toks[n].Kind == text.Possessive {
				return "", j // "three children's drawings": the drawings are counted
			}
			if u2, ok := countNouns[x.word(n)]; ok {
				return u2, n + 1 // "police officers"
			}
			if x.low[k] == "police" && x.isWord(n) && !x.capital(n) && x.nounHead(n) && !x.boundary(n) && !x.adverb(n) &&
				!casualtyAux[x.low[n]] && !pronouns[x.low[n]] && !timeWords[x.low[n]] {
				if _, verb := casualtyVerbs[x.low[n]]; !verb && !moneyVerbs[x.low[n]] && !presentVerbs[x.low[n]] {
					return "", j // "1,500 police vehicles": the vehicles are counted
				}
			}
			return u, k + 1
		}
		if !x.isWord(k) || x.boundary(k) || prepositions[x.low[k]] || auxWords[x.low[k]] || determiners[x.low[k]] || x.low[k] == "and" {
			return "", j
		}
	}
	return "", j
}

// presentVerbs often follow a counted noun: "200 police block", "people
// remain".
var presentVerbs = set("remain", "live", "die", "flee", "face", "need", "work", "wait", "arrive", "leave", "stay", "protest", "march", "rally", "gather", "lost", "fled", "took", "went", "came", "were", "are", "fought", "took", "became", "began", "left", "held", "made", "saw", "got", "ran", "say", "said")

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
