package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// maxGap is how many tokens may come between two pattern elements.
const maxGap = 3

// skipGap is the gap allowed after a "..." element.
const skipGap = 8

// slots is what a pattern fixed: the units in its source and target places.
type slots struct {
	source, target int // unit index, or -1
}

// events codes every verb of the sentence.
func (c *Coder) events(s *sent) []record.Event {
	var out []record.Event
	speakers := c.speakers(s)
	hedged := hedgedSentence(s.low)
	cond := conditionalSentence(s.low)
	seen := map[string]bool{}
	for vi, v := range s.verbs {
		ve := &c.verbs[v.ref.verb]
		code, pat, sl, ok := c.matchVerb(s, v, ve)
		if !ok || code == "" || code == "---" {
			continue
		}
		// "X said …" is how news reports everything; on its own it is not
		// an event worth recording (a pattern can still make it one).
		if pat == nil && sayWords[s.low[v.start]] {
			continue
		}
		reverse := ve.verb.Reverse
		if pat != nil {
			reverse = pat.Reverse
		}
		passive := isPassive(s, v)
		src, tgt := sl.source, sl.target
		if src < 0 || tgt < 0 {
			subj := subjectOf(s, v, vi)
			obj := objectOf(s, v, vi)
			if passive {
				if by := byAgent(s, v); by >= 0 {
					if src < 0 {
						src = by
					}
					if tgt < 0 {
						tgt = subj
					}
				}
			} else {
				if src < 0 {
					src = subj
				}
				if tgt < 0 {
					tgt = obj
				}
			}
		}
		// A protest "in Beijing" is a protest against China.
		if tgt < 0 && src >= 0 && strings.HasPrefix(code, "14") {
			for k, u := range s.units {
				if u.place && u.start >= v.end {
					tgt = k
					break
				}
			}
		}
		if src < 0 || (tgt < 0 && !c.opts.AllowNoTarget && len(groupOf(s, src)) < 2) {
			continue
		}
		gov := governing(s, v)
		if c.opts.LiteralActions && gov != govUnreal {
			gov = govNone
		}
		switch gov {
		case govIntent:
			if ic := intentCode(code); ic != "" {
				code, reverse = ic, ""
			}
		case govThreat, govUnreal:
			// The threat is coded by the verb of threatening itself; an
			// action someone is urged or asked to take has not happened.
			continue
		}
		cb, known := c.codebook.Nearest(code)
		if !known {
			continue
		}
		base := record.Event{
			Text:        s.text,
			CAMEO:       cb.Code,
			Root:        cb.Root,
			Quad:        cb.Quad,
			Goldstein:   cb.Goldstein,
			PLOVER:      cb.PLOVER,
			Verb:        strings.Join(s.words[v.start:v.end], " "),
			Negated:     negated(s, v),
			Hedged:      hedged,
			Conditional: cond || conditionalVerb(s, v),
		}
		if pat != nil {
			base.Rule = &record.Rule{Pattern: pat.Text, Dict: pat.Source}
		} else {
			base.Rule = &record.Rule{Pattern: "* (verb default)", Dict: ve.verb.Source}
		}
		base.Date, base.DatePrecision = eventDate(s, v)
		base.Location = c.location(s, v)
		if sp := speakerFor(s, speakers, v, src); sp >= 0 {
			a := s.units[sp].actor
			base.AttributedTo = &a
		}
		for _, a := range groupOf(s, src) {
			targets := groupOf(s, tgt)
			if tgt < 0 {
				targets = []int{-1}
			}
			// A compound subject with no object of its own acts on
			// itself both ways: "Russia and Ukraine exchanged prisoners".
			if tgt < 0 || (tgt == src) {
				targets = others(groupOf(s, src), a)
				if len(targets) == 0 {
					if !c.opts.AllowNoTarget {
						continue
					}
					targets = []int{-1}
				}
			}
			for _, b := range targets {
				e := base
				sa := s.units[a].actor
				e.Source = &sa
				if b >= 0 {
					ta := s.units[b].actor
					if ta.Code == sa.Code {
						continue
					}
					e.Target = &ta
				}
				key := e.CAMEO + "|" + sa.Code + "|" + codeOf(e.Target)
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, e)
				// "X visited Y" is also "Y hosted X" in TABARI's and
				// PETRARCH's conventions; news coding records the visit
				// once, so a story is not counted twice.
				if rc, ok := c.codebook.Nearest(reverse); ok && c.opts.LiteralActions && reverse != "" && reverse != "---" && e.Target != nil {
					r := e
					r.Source, r.Target = e.Target, e.Source
					r.CAMEO, r.Root, r.Quad, r.Goldstein, r.PLOVER = rc.Code, rc.Root, rc.Quad, rc.Goldstein, rc.PLOVER
					rkey := r.CAMEO + "|" + r.Source.Code + "|" + r.Target.Code
					if !seen[rkey] {
						seen[rkey] = true
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}

func codeOf(a *record.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func others(group []int, a int) []int {
	var out []int
	for _, g := range group {
		if g != a {
			out = append(out, g)
		}
	}
	return out
}

// groupOf returns the units of the compound u belongs to.
func groupOf(s *sent, u int) []int {
	if u < 0 {
		return nil
	}
	var out []int
	for k := range s.units {
		if s.units[k].group == s.units[u].group {
			out = append(out, k)
		}
	}
	return out
}

// matchVerb tries a verb's patterns, most specific first, and falls back
// to the verb's own code.
func (c *Coder) matchVerb(s *sent, v verbHit, ve *verbEntry) (string, *Pattern, slots, bool) {
	for _, p := range ve.patterns {
		if sl, ok := matchPattern(s, v, p); ok {
			return p.Code, p, sl, true
		}
	}
	code := ve.verb.Code
	if code == "" || code == "---" {
		return "", nil, slots{-1, -1}, false
	}
	return code, nil, slots{-1, -1}, true
}

// matchPattern matches the elements after the verb forwards from its end
// and the elements before it backwards from its start.
func matchPattern(s *sent, v verbHit, p *Pattern) (slots, bool) {
	sl := slots{-1, -1}
	vpos := -1
	for i, e := range p.Elems {
		if e.Kind == ElemVerb {
			vpos = i
			break
		}
	}
	if vpos < 0 {
		return sl, false
	}
	// Forwards.
	pos, gap := v.end, maxGap
	for _, e := range p.Elems[vpos+1:] {
		next, unitIdx, ok := matchElem(s, e, pos, gap, +1)
		if !ok {
			return sl, false
		}
		if e.Kind == ElemSkip {
			gap = skipGap
			continue
		}
		gap = maxGap
		pos = next
		setSlot(&sl, e.Kind, unitIdx)
	}
	// Backwards: pos is one past the token to look at.
	pos, gap = v.start, maxGap
	for k := vpos - 1; k >= 0; k-- {
		e := p.Elems[k]
		next, unitIdx, ok := matchElem(s, e, pos, gap, -1)
		if !ok {
			return sl, false
		}
		if e.Kind == ElemSkip {
			gap = skipGap
			continue
		}
		gap = maxGap
		pos = next
		setSlot(&sl, e.Kind, unitIdx)
	}
	return sl, true
}

func setSlot(sl *slots, k ElemKind, u int) {
	switch k {
	case ElemTarget:
		sl.target = u
	case ElemSource:
		sl.source = u
	case ElemCompound:
		// The event runs between the compound's members: source and
		// target both name it, and events() pairs the members.
		sl.source, sl.target = u, u
	}
}

// matchElem finds element e within gap tokens of pos in direction dir
// (+1 forwards from pos, -1 backwards from pos-1) and returns the position
// after it (before it, going backwards) and the unit it took, if any.
func matchElem(s *sent, e Elem, pos, gap, dir int) (int, int, bool) {
	switch e.Kind {
	case ElemSkip:
		return pos, -1, true
	case ElemAny:
		if dir > 0 {
			if pos < len(s.low) {
				return pos + 1, -1, true
			}
		} else if pos > 0 {
			return pos - 1, -1, true
		}
		return pos, -1, false
	}
	for k := 0; k <= gap; k++ {
		var t int
		if dir > 0 {
			t = pos + k
		} else {
			t = pos - 1 - k
		}
		if t < 0 || t >= len(s.low) {
			return pos, -1, false
		}
		if s.toks[t].Kind == text.Punct && (s.low[t] == ";" || s.low[t] == ":" || s.low[t] == "(" || s.low[t] == ")") {
			return pos, -1, false
		}
		switch e.Kind {
		case ElemWord:
			// Pattern words may fall inside an actor phrase: "withdrew
			// its ambassador", "pledged military aid".
			if dir > 0 {
				if n := e.MatchAt(s.low, t); n > 0 {
					return t + n, -1, true
				}
				continue
			}
			// Backwards: a phrase of up to four words ending at t.
			for start := t; start >= 0 && start > t-4; start-- {
				if n := e.MatchAt(s.low, start); n == t-start+1 {
					return start, -1, true
				}
			}
		case ElemCompound:
			if u := s.unitAt[t]; u >= 0 && len(groupOf(s, int(u))) > 1 {
				g := groupOf(s, int(u))
				first, last := s.units[g[0]], s.units[g[len(g)-1]]
				if dir > 0 {
					return last.end, int(u), true
				}
				return first.start, int(u), true
			}
		case ElemTarget, ElemSource:
			if u := s.unitAt[t]; u >= 0 {
				un := s.units[u]
				if dir > 0 {
					return un.end, int(u), true
				}
				return un.start, int(u), true
			}
		}
	}
	return pos, -1, false
}

// subjectOf is the nearest actor before the verb that is not a place, not
// inside a relative clause opened after it, and not past an earlier verb
// that already has it as object.
func subjectOf(s *sent, v verbHit, vi int) int {
	for k := len(s.units) - 1; k >= 0; k-- {
		u := s.units[k]
		if u.end > v.start || u.place {
			continue
		}
		// "… Russia, which attacked …": the relative pronoun's antecedent.
		return k
	}
	return -1
}

// objectOf is the first actor after the verb, before the next verb, that
// is not a place.
func objectOf(s *sent, v verbHit, vi int) int {
	limit := len(s.low)
	if vi+1 < len(s.verbs) {
		limit = s.verbs[vi+1].start
	}
	for k := range s.units {
		u := s.units[k]
		if u.start < v.end || u.place {
			continue
		}
		if u.start >= limit {
			break
		}
		return k
	}
	return -1
}

// isPassive: a form of "be" or "get" just before a participle.
func isPassive(s *sent, v verbHit) bool {
	if !v.ref.participle {
		return false
	}
	for k := v.start - 1; k >= 0 && k >= v.start-3; k-- {
		switch s.low[k] {
		case "was", "were", "is", "are", "been", "being", "be", "got", "gets", "get":
			return true
		case "not", "reportedly", "allegedly", "also", "later", "then", "apparently", "reported", "never":
			continue
		default:
			if !strings.HasSuffix(s.low[k], "ly") {
				return false
			}
		}
	}
	return false
}

// byAgent is the actor after "by" following a passive verb.
func byAgent(s *sent, v verbHit) int {
	for k := v.end; k < len(s.low) && k <= v.end+4; k++ {
		if s.low[k] == "by" && k+1 < len(s.low) {
			for t := k + 1; t < len(s.low) && t <= k+3; t++ {
				if u := s.unitAt[t]; u >= 0 && !s.units[u].place {
					return int(u)
				}
			}
			return -1
		}
	}
	return -1
}

// eventDate is the date the sentence gives nearest the verb, else the
// article's date.
func eventDate(s *sent, v verbHit) (string, string) {
	exprs := s.dates
	best, bestDist := -1, 1<<30
	vpos := s.toks[v.start].Start
	for i, d := range exprs {
		if boundPrep[d.Prep] {
			continue // the bound of something else, not the event's day
		}
		dist := d.Start - vpos
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = i, dist
		}
	}
	if best >= 0 {
		return exprs[best].Date, exprs[best].Precision
	}
	if s.ref.IsZero() {
		return "", ""
	}
	return s.ref.Format("2006-01-02"), "day"
}

// location is the first place after the verb ("met in Anchorage").
func (c *Coder) location(s *sent, v verbHit) *record.Location {
	for _, u := range s.units {
		if u.place && u.start >= v.end {
			return &record.Location{Name: placeName(u), Country: u.actor.Country}
		}
	}
	for _, u := range s.units {
		if u.place {
			return &record.Location{Name: placeName(u), Country: u.actor.Country}
		}
	}
	return nil
}

func placeName(u unit) string {
	if u.actor.Name != "" && !strings.Contains(strings.ToLower(u.actor.Name), "government") {
		return u.actor.Name
	}
	return u.actor.Text
}
