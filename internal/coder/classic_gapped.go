package coder

// Classic mode, gapped actor phrases. In a TABARI actor phrase, words
// joined by a space rather than "_" may have other words between them in
// the text, up to a comma: "PRINCE DOL_AMROTH" names "the Prince of Dol
// Amroth", "AL GORE" names "Al \"The Weasel\" Gore" and "ITHILEN
// TELEVISION" names "Ithilen state-run television" (TABARI's matchLex:
// the space connector lets the match skip words). The longest match at a
// word wins; a phrase matched without gaps by the dictionary matcher keeps
// its place when it is as long.

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
)

// gappedPhrase is a TABARI actor phrase with at least one gap allowed.
type gappedPhrase struct {
	words []string // lower case; "*" ends a word matched as a stem, and a gap may follow it
	entry *actor.Entry
}

// gappedMatch is an actor found by a gapped phrase: the tokens it matched.
type gappedMatch struct {
	m     actor.Match
	words []int32 // nil for a match without gaps
}

// gappedPhrases collects the gapped phrases of TABARI actor dictionaries,
// indexed by their first word without "*".
func gappedPhrases(dicts []*actor.Dict) map[string][]gappedPhrase {
	out := map[string][]gappedPhrase{}
	for _, d := range dicts {
		for i := range d.Entries {
			e := &d.Entries[i]
			if e.Kind == actor.KindAgent {
				continue
			}
			for _, p := range e.Phrases {
				ws := strings.Fields(p.Text)
				gap := false
				for _, w := range ws[:max(len(ws)-1, 0)] {
					if len(w) > 1 && strings.HasSuffix(w, "*") {
						gap = true
					}
				}
				if !gap || p.Exact {
					continue
				}
				k := strings.TrimSuffix(ws[0], "*")
				out[k] = append(out[k], gappedPhrase{words: ws, entry: e})
			}
		}
	}
	return out
}

// matchGapped matches g from token i; it returns the tokens matched and
// the letters they matched, or nil.
func (g *gappedPhrase) matchGapped(bare []string, i int) ([]int32, int) {
	var got []int32
	chars := 0
	pos := i
	for k, w := range g.words {
		stem := len(w) > 1 && strings.HasSuffix(w, "*")
		w = strings.TrimSuffix(w, "*")
		last := k == len(g.words)-1
		for {
			if pos >= len(bare) || bare[pos] == "," {
				return nil, 0
			}
			t := bare[pos]
			if stem && strings.HasPrefix(t, w) || t == w || last && (t == w+"s" || t == w+"es") {
				got = append(got, int32(pos))
				chars += len(w)
				pos++
				break
			}
			// Only a word followed by a space lets the match skip on.
			if k == 0 || !strings.HasSuffix(g.words[k-1], "*") {
				return nil, 0
			}
			pos++
		}
	}
	return got, chars
}

// withGapped adds the gapped phrases' actors to the dictionary matcher's
// matches: a gapped match at a word no match covers, or longer than the
// match starting there, wins and removes later matches on its words.
func (lx *classicLex) withGapped(ms []actor.Match, bare []string, ref time.Time) []gappedMatch {
	out := make([]gappedMatch, 0, len(ms))
	for _, m := range ms {
		out = append(out, gappedMatch{m: m})
	}
	if len(lx.gapped) == 0 {
		return out
	}
	covered := make([]int32, len(bare)) // 1 + index into out, or 0
	for mi, m := range out {
		for k := m.m.Start; k < m.m.End; k++ {
			covered[k] = int32(mi + 1)
		}
	}
	dropped := make([]bool, len(out))
	claimed := make([]bool, len(bare))
	var add []gappedMatch
	for i := 0; i < len(bare); i++ {
		if claimed[i] {
			continue
		}
		here := -1
		if c := covered[i]; c > 0 {
			here = int(c - 1)
			if out[here].m.Start != i || dropped[here] {
				continue
			}
		}
		var best []int32
		var bestE *actor.Entry
		bestChars := 0
		t := bare[i]
		for n := len(t); n >= 1; n-- {
			for gi := range lx.gapped[t[:n]] {
				g := &lx.gapped[t[:n]][gi]
				words, chars := g.matchGapped(bare, i)
				if words == nil || chars <= bestChars || g.entry.CodeAt(ref) == "" {
					continue
				}
				best, bestE, bestChars = words, g.entry, chars
			}
		}
		if best == nil || int(best[len(best)-1])+1-i == len(best) {
			continue // no gap: the dictionary matcher's own match stands
		}
		if here >= 0 && out[here].m.End-out[here].m.Start >= len(best) {
			continue
		}
		if here >= 0 {
			dropped[here] = true
		}
		for _, k := range best {
			claimed[k] = true
			if c := covered[k]; c > 0 && k != best[0] {
				dropped[c-1] = true
			}
		}
		end := int(best[len(best)-1]) + 1
		text := make([]string, len(best))
		for j, k := range best {
			text[j] = bare[k]
		}
		code := bestE.CodeAt(ref)
		add = append(add, gappedMatch{
			m: actor.Match{Start: i, End: end, Entry: bestE,
				Actor: actor.Actor{Code: code, Name: bestE.Name, Text: strings.Join(text, " ")}},
			words: best,
		})
	}
	kept := out[:0]
	for mi, m := range out {
		if !dropped[mi] {
			kept = append(kept, m)
		}
	}
	return append(kept, add...)
}
