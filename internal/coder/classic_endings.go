package coder

// Classic mode, TABARI's noun endings on actor phrases (matchLex): only the
// last word of a phrase may carry an ending — "'s", "s" or "es" after a
// word written with "_" ("LIBYA_" names "Libyas" and "Libya's"), none
// after one written with "=" ("MOUSE=") — so a possessive inside a phrase
// ends it: "Ithilen's government radio" is Ithilen's government, not the
// phrase ITHILEN GOVERNMENT RADIO.

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
)

// tabariActorMatches matches actors over the words as TABARI does; low are
// the lower-case words, bare the same with a possessive ending cut.
func (c *Coder) tabariActorMatches(low, bare []string, ref time.Time) []actor.Match {
	// A possessive word is two tokens, the word and "'s", so that no
	// phrase runs on past it; orig maps each token back to its word.
	toks := make([]string, 0, len(bare)+4)
	orig := make([]int, 0, len(bare)+4)
	for i, b := range bare {
		toks, orig = append(toks, b), append(orig, i)
		if b != low[i] {
			toks, orig = append(toks, "'s"), append(orig, i)
		}
	}
	back := func(ms []actor.Match) []actor.Match {
		out := ms[:0]
		for _, m := range ms {
			if toks[m.Start] == "'s" {
				continue
			}
			m.Start, m.End = orig[m.Start], orig[m.End-1]+1
			out = append(out, m)
		}
		return out
	}
	ms := back(c.actors.Match(toks, ref))
	covered := make([]bool, len(bare))
	for _, m := range ms {
		for k := m.Start; k < m.End; k++ {
			covered[k] = true
		}
	}
	// Plural endings on the last word of a phrase: match again with them
	// cut from the words no phrase took, and keep what ends on such a word.
	for _, end := range []string{"s", "es"} {
		cut := make([]bool, len(toks))
		alt := make([]string, len(toks))
		any := false
		for j, t := range toks {
			alt[j] = t
			if !covered[orig[j]] && low[orig[j]] == t && len(t) > len(end)+2 && strings.HasSuffix(t, end) {
				alt[j], cut[j], any = t[:len(t)-len(end)], true, true
			}
		}
		if !any {
			continue
		}
		for _, m := range c.actors.Match(alt, ref) {
			if !cut[m.End-1] || toks[m.Start] == "'s" || noEnding(m.Entry, m.End-m.Start) {
				continue
			}
			free := true
			for j := m.Start; j < m.End; j++ {
				if covered[orig[j]] || j < m.End-1 && cut[j] {
					free = false
				}
			}
			if !free {
				continue
			}
			m.Start, m.End = orig[m.Start], orig[m.End-1]+1
			for k := m.Start; k < m.End; k++ {
				covered[k] = true
			}
			ms = append(ms, m)
		}
	}
	return ms
}

// noEnding: the entry has a phrase of n words whose last takes no ending.
func noEnding(e *actor.Entry, n int) bool {
	for _, p := range e.Phrases {
		if p.NoEnding && len(p.Words()) == n {
			return true
		}
	}
	return false
}
