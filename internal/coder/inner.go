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
	if !v.ref.participle || !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") && !patientVerbs[w] || v.start < 2 || v.end >= len(s.low) {
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
		// "warrants for two Brazilian men sought in …": a number and a
		// demonym may come between the preposition and the noun.
		if s.toks[k].Kind == text.Number {
			continue
		}
		if u := s.unitAt[k]; u >= 0 && s.units[u].adjective && s.units[u].end-s.units[u].start == 1 {
			continue
		}
		if s.toks[k].Kind != text.Word || s.unitAt[k] >= 0 || isVerbAt(s, k) {
			return false
		}
		if nounSlot[s.low[k]] && s.low[k] != "of" && k < prev-1 {
			return true
		}
	}
	return false
}

// ingModifier: "a deadly attack targeting non-Muslims": an -ing form
// right after a noun that is no actor, in a phrase opened by a
// determiner, says what the noun does; it has no actor for a subject.
func ingModifier(s *sent, v verbHit) bool {
	if !strings.HasSuffix(s.low[v.start], "ing") || v.start < 2 || ingNouns[s.low[v.start]] {
		return false
	}
	prev := v.start - 1
	// "issued a declaration demanding that …": what a statement says is
	// its author's.
	if speechNouns[s.low[prev]] {
		return false
	}
	// "a closed-door meeting with …": after an adjective the -ing form
	// is the noun itself.
	if adjectiveLike(s.low[prev]) || strings.Contains(s.low[prev], "-") {
		return false
	}
	if s.toks[prev].Kind != text.Word || s.unitAt[prev] >= 0 || auxWords[s.low[prev]] || pronouns[s.low[prev]] ||
		determiners[s.low[prev]] || isVerbAt(s, prev) || nounSlot[s.low[prev]] || s.low[prev] == "and" || s.low[prev] == "or" || s.low[prev] == "to" || strings.HasSuffix(s.low[prev], "ly") {
		return false
	}
	for k := prev - 1; k >= 0 && k >= prev-3; k-- {
		if s.low[k] == "a" || s.low[k] == "an" || s.low[k] == "the" {
			return true
		}
		if s.toks[k].Kind != text.Word || s.unitAt[k] >= 0 || isVerbAt(s, k) {
			return false
		}
	}
	return false
}

// speechNouns name statements whose words are their author's.
var speechNouns = toSet("declaration statement statements letter communique message note speech address manifesto petition ultimatum")

// ingNouns are -ing forms that are mostly nouns of events.
var ingNouns = toSet("meeting meetings fighting shelling bombing bombings killing killings uprising hearing briefing gathering gatherings funding training warning warnings ruling")

// patientBefore: "10 Russian soldiers killed in Ukraine", "civilians
// wounded during the shelling": a participle of a verb that takes a
// patient, right after an actor and before a preposition, says what was
// done to the actor, by someone unnamed.
func patientBefore(s *sent, v verbHit) bool {
	if v.start == 0 || v.end >= len(s.low) || !patientVerbs[s.low[v.start]] {
		return false
	}
	u := s.unitAt[v.start-1]
	if u < 0 || s.units[u].place {
		return false
	}
	n := s.low[v.end]
	return n != "by" && afterParticiple[n]
}

var patientVerbs = toSet("killed wounded injured arrested detained captured jailed abducted kidnapped shot executed sentenced deported expelled evacuated displaced sought wanted accused charged convicted indicted imprisoned targeted seized taken held hurt murdered slain")

// afterParticiple are the words that follow a participle describing a
// noun.
var afterParticiple = toSet("in on at by after since during last over under against from near across for")
