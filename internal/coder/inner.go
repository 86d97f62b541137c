package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// objectPastInner finds the object of an intent whose own object is
// blocked by the verb it governs when that verb codes nothing: in "Libya
// has offered to hand over to Great Britain two of its nationals" the
// offer is made to Britain, though "hand over … nationals" is no event of
// its own. When the inner verb codes an event, that event carries the
// intent (intentCode) and the outer verb keeps no object.
func (c *Coder) objectPastInner(s *sent, v verbHit, vi int) int {
	if vi+1 >= len(s.verbs) {
		return -1
	}
	next := s.verbs[vi+1]
	if next.start <= v.end || next.start > v.end+4 || s.low[next.start-1] != "to" || governing(s, next) != govIntent {
		return -1
	}
	if code, _, _, ok := c.matchVerb(s, next, &c.verbs[next.ref.verb]); ok && code != "" && code != "---" {
		return -1
	}
	return objectOf(s, next, vi+1)
}

// memberCountry: unit t belongs to the country of one of the units of
// group g.
func memberCountry(s *sent, g []int, t int) bool {
	tc := unitCountry(s.units[t])
	if tc == "" {
		return false
	}
	for _, k := range g {
		if unitCountry(s.units[k]) == tc {
			return true
		}
	}
	return false
}

// clauseOpeners start a clause of its own inside the object of a verb.
var clauseOpeners = toSet("that which who whom whose")

// reducedRelative: a past participle right after a common noun that a
// determiner opens, and followed by a preposition, is a clause describing
// the noun ("the curfew imposed in Sudan", "a plane shot down over
// Ukraine"), not a verb of the sentence's subject.
func reducedRelative(s *sent, v verbHit) bool {
	w := s.low[v.start]
	if !v.ref.participle || !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") || v.start < 2 || v.end >= len(s.low) {
		return false
	}
	if !afterParticiple[s.low[v.end]] {
		return false
	}
	prev := v.start - 1
	if s.toks[prev].Kind != text.Word || s.unitAt[prev] >= 0 || auxWords[s.low[prev]] || pronouns[s.low[prev]] || determiners[s.low[prev]] || isVerbAt(s, prev) {
		return false
	}
	for k := prev - 1; k >= 0 && k >= prev-3; k-- {
		if determiners[s.low[k]] {
			return true
		}
		if s.toks[k].Kind != text.Word || s.unitAt[k] >= 0 || isVerbAt(s, k) {
			return false
		}
	}
	return false
}

// afterParticiple are the words that follow a participle describing a
// noun.
var afterParticiple = toSet("in on at by after since during last over under against from near across")
