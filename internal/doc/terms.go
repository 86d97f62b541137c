package doc

import (
	"math"
	"sort"
	"strings"
)

// TermShift is a phrase whose frequency changed between two versions.
type TermShift struct {
	Phrase    string  `json:"phrase"`
	Change    string  `json:"change"` // gone | new | fewer | more
	Old       int     `json:"old"`    // occurrences in the old version
	New       int     `json:"new"`
	OldPer10k float64 `json:"old_per_10k"` // per 10,000 words
	NewPer10k float64 `json:"new_per_10k"`
	G2        float64 `json:"g2"` // log-likelihood of the difference (3.84: p < 0.05)
}

const maxGram = 4

// TermShifts returns the phrases of one to four words whose use changed
// most from a to b by log-likelihood (G²), at most n that fell and n that
// rose. Phrases neither start nor end with a stop word, do not cross a
// sentence or clause break, and occur at least twice in all; a phrase
// that only ever appears inside a longer one with the same counts is left
// for the longer one ("major power competition", not "power competition").
func TermShifts(a, b *Version, n int) []TermShift {
	if n <= 0 {
		return nil
	}
	ca, na, sa := gramCounts(a)
	cb, nb, sb := gramCounts(b)
	counts := map[string][2]int{}
	for g, c := range ca {
		counts[g] = [2]int{c, cb[g]}
	}
	for g, c := range cb {
		if _, ok := counts[g]; !ok {
			counts[g] = [2]int{0, c}
		}
	}
	for g, c := range counts {
		// Twice at least, and not the same count in both (a shift in rate
		// alone comes from the versions' lengths, not from their words).
		if c[0]+c[1] < 2 || c[0] == c[1] {
			delete(counts, g)
		}
	}
	drop := map[string]bool{}
	for g, c := range counts {
		ws := strings.Split(g, " ")
		for l := 1; l < len(ws); l++ {
			for s := 0; s+l <= len(ws); s++ {
				sub := strings.Join(ws[s:s+l], " ")
				if sc, ok := counts[sub]; ok && sc == c {
					drop[sub] = true
				}
			}
		}
	}
	for g := range drop {
		delete(counts, g)
	}
	joinChains(counts, sa, sb)
	var fell, rose []TermShift
	for g, c := range counts {
		t := TermShift{Phrase: g, Old: c[0], New: c[1],
			OldPer10k: per10k(c[0], na), NewPer10k: per10k(c[1], nb), G2: round3(g2(c[0], c[1], na, nb))}
		switch {
		case c[1] == 0:
			t.Change = "gone"
		case c[0] == 0:
			t.Change = "new"
		case t.NewPer10k < t.OldPer10k:
			t.Change = "fewer"
		default:
			t.Change = "more"
		}
		if t.NewPer10k < t.OldPer10k {
			fell = append(fell, t)
		} else {
			rose = append(rose, t)
		}
	}
	rank := func(ts []TermShift) []TermShift {
		sort.Slice(ts, func(i, j int) bool {
			if ts[i].G2 != ts[j].G2 {
				return ts[i].G2 > ts[j].G2
			}
			if li, lj := strings.Count(ts[i].Phrase, " "), strings.Count(ts[j].Phrase, " "); li != lj {
				return li > lj
			}
			return ts[i].Phrase < ts[j].Phrase
		})
		return ts[:min(n, len(ts))]
	}
	return append(rank(fell), rank(rose)...)
}

// joinChains joins two kept phrases that overlap by two words or more and
// have the same counts, when the joined phrase occurs as often in both
// versions ("managing european relations" + "european relations with
// russia" → "managing european relations with russia"): each was only
// kept because of the other.
func joinChains(counts map[string][2]int, segsA, segsB [][]string) {
	for changed := true; changed; {
		changed = false
		groups := map[[2]int][]string{}
		for g, c := range counts {
			if strings.Contains(g, " ") {
				groups[c] = append(groups[c], g)
			}
		}
		for c, gs := range groups {
			sort.Strings(gs)
			for _, a := range gs {
				for _, b := range gs {
					if a == b {
						continue
					}
					aw, bw := strings.Split(a, " "), strings.Split(b, " ")
					for k := min(len(aw), len(bw)) - 1; k >= 2; k-- {
						if strings.Join(aw[len(aw)-k:], " ") != strings.Join(bw[:k], " ") {
							continue
						}
						joined := append(append([]string(nil), aw...), bw[k:]...)
						if [2]int{countPhrase(segsA, joined), countPhrase(segsB, joined)} != c {
							break
						}
						delete(counts, a)
						delete(counts, b)
						counts[strings.Join(joined, " ")] = c
						changed = true
						break
					}
					if changed {
						break
					}
				}
				if changed {
					break
				}
			}
			if changed {
				break
			}
		}
	}
}

func countPhrase(segs [][]string, p []string) int {
	n := 0
	for _, seg := range segs {
	next:
		for i := 0; i+len(p) <= len(seg); i++ {
			for k, w := range p {
				if seg[i+k] != w {
					continue next
				}
			}
			n++
		}
	}
	return n
}

func per10k(c, n int) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(c)*1e5/float64(n)) / 10
}

// g2 is Dunning's log-likelihood statistic for a count in two corpora.
func g2(a, b, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	total := float64(a + b)
	ea := float64(na) * total / float64(na+nb)
	eb := float64(nb) * total / float64(na+nb)
	s := 0.0
	if a > 0 {
		s += float64(a) * math.Log(float64(a)/ea)
	}
	if b > 0 {
		s += float64(b) * math.Log(float64(b)/eb)
	}
	return 2 * s
}

// gramCounts counts the phrases of a version and its words, and returns
// its clauses as words.
func gramCounts(v *Version) (map[string]int, int, [][]string) {
	counts := map[string]int{}
	words := 0
	var segs [][]string
	texts := []string{v.Title}
	for _, u := range v.Units {
		texts = append(texts, u.Text)
	}
	for _, t := range texts {
		for _, clause := range clauses(t) {
			seg := appendWords(nil, clause)
			segs = append(segs, seg)
			words += len(seg)
			for i := range seg {
				if !phraseEnd(seg[i]) {
					continue
				}
				for l := 1; l <= maxGram && i+l <= len(seg); l++ {
					if phraseEnd(seg[i+l-1]) {
						counts[strings.Join(seg[i:i+l], " ")]++
					}
				}
			}
		}
	}
	return counts, words, segs
}

// phraseEnd reports whether a phrase may start or end with w: not a stop
// word and not a bare number.
func phraseEnd(w string) bool {
	if stopWords[w] || len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			if w[i] != ',' && w[i] != '.' {
				return true
			}
		}
	}
	return false
}

// clauses splits text at sentence and clause punctuation; a period or
// comma inside a word or number ("U.S.", "600,000") does not split.
func clauses(s string) []string {
	var out []string
	start := 0
	cut := func(i, width int) {
		if i > start {
			out = append(out, s[start:i])
		}
		start = i + width
	}
	for i, r := range s {
		switch r {
		case '.', ',':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
				cut(i, 1)
			}
		case ';', ':', '!', '?', '(', ')', '[', ']', '"', '“', '”', '—', '–', '\n', '•':
			cut(i, len(string(r)))
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
