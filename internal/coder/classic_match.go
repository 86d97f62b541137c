package coder

// Classic mode, part 3: TABARI's pattern matcher. The words after "*" are
// matched forwards from the end of the verb, the words before it
// backwards from its start; between two elements any number of words may
// be skipped (within the clause, forwards) unless the first is tied to
// the second with "_". "$", "+" and "%" take the actor (or compound) at
// that place, "^" passes over one. Literal words match any word, inside
// actors too; a stem matches every word it begins.

import (
	"sort"
)

type cMatch struct {
	source, target, compound int // spans, or -1
	chars                    int // letters matched, for patterns with alternatives
}

// classicPatterns orders each verb's patterns as TABARI does: longest
// first, in file order among equals.
func classicPatterns(verbs []verbEntry) [][]*Pattern {
	out := make([][]*Pattern, len(verbs))
	for i, ve := range verbs {
		ps := make([]*Pattern, 0, len(ve.verb.Patterns))
		for j := range ve.verb.Patterns {
			ps = append(ps, &ve.verb.Patterns[j])
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].Chars > ps[b].Chars })
		out[i] = ps
	}
	return out
}

func (st *classicState) match(pat *Pattern, verb cSpan) (cMatch, bool) {
	m := cMatch{source: -1, target: -1, compound: -1, chars: pat.Chars}
	vi := -1
	for i, e := range pat.Elems {
		if e.Kind == ElemVerb {
			vi = i
			break
		}
	}
	if vi < 0 {
		return m, false
	}
	p := st.p
	// Forwards.
	pos := verb.end
	skip := !pat.Elems[vi].Tight
	for i := vi + 1; i < len(pat.Elems); i++ {
		e := &pat.Elems[i]
		for {
			if pos > st.end || pos >= len(p.toks) || pat.Phrase && p.toks[pos].low == "," {
				return m, false
			}
			if n, ok := st.matchElem(e, pos, +1, &m); ok {
				pos += n
				break
			}
			if !skip {
				return m, false
			}
			pos++
		}
		skip = !e.Tight
	}
	// Backwards.
	pos = verb.start - 1
	for i := vi - 1; i >= 0; i-- {
		e := &pat.Elems[i]
		skip := !e.Tight
		for {
			if pos < 0 {
				return m, false
			}
			if n, ok := st.matchElem(e, pos, -1, &m); ok {
				pos -= n
				break
			}
			if !skip {
				return m, false
			}
			pos--
		}
	}
	return m, true
}

// matchElem matches e at token pos (ending there when going backwards)
// and returns how many tokens to move on.
func (st *classicState) matchElem(e *Elem, pos, dir int, m *cMatch) (int, bool) {
	p := st.p
	switch e.Kind {
	case ElemWord:
		low := st.low()
		if dir > 0 {
			if n := e.MatchAt(low, pos); n > 0 {
				if len(e.Alts) > 0 {
					m.chars -= altShortfall(e, low, pos, n)
				}
				return n, true
			}
			return 0, false
		}
		for start := pos; start >= 0 && start > pos-4; start-- {
			if n := e.MatchAt(low, start); n == pos-start+1 {
				if len(e.Alts) > 0 {
					m.chars -= altShortfall(e, low, start, n)
				}
				return n, true
			}
		}
		return 0, false
	case ElemTarget, ElemSource:
		s := p.spanAt(pos, cActor)
		if s < 0 {
			return 0, false
		}
		if e.Kind == ElemTarget {
			m.target = s
		} else {
			m.source = s
		}
		return 1, true
	case ElemCompound:
		ci := p.compoundAt(pos)
		if ci < 0 || p.comps[ci][0] != pos && p.comps[ci][1] != pos {
			return 0, false
		}
		m.compound = p.spanAt(p.comps[ci][0], cActor)
		if m.compound < 0 {
			return 0, false
		}
		return 1, true
	case ElemAny: // "^": pass over an actor
		s := p.spanAt(pos, cActor)
		if s < 0 {
			return 0, false
		}
		if dir > 0 {
			return p.spans[s].end - pos, true
		}
		return pos - p.spans[s].start + 1, true
	}
	return 0, false
}

// altShortfall is how many letters shorter the alternative matched is than
// the element's longest one.
func altShortfall(e *Elem, low []string, pos, n int) int {
	longest := letters(e.Word)
	for _, a := range e.Alts {
		longest = max(longest, letters(a))
	}
	got := 0
	for k := pos; k < pos+n; k++ {
		got += len(low[k])
	}
	if got > longest {
		return 0
	}
	return longest - got
}

func letters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '*' {
			n++
		}
	}
	return n
}

func (st *classicState) low() []string {
	if st.lowCache == nil {
		st.lowCache = make([]string, len(st.p.toks))
		for i, t := range st.p.toks {
			st.lowCache[i] = t.low
		}
	}
	return st.lowCache
}
