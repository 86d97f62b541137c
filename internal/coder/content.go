package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// What a document or a proposal says is not an event: "a Security Council
// resolution that aims to impose a blockade", "an ultimatum to hand over a
// guard", "an admission by Moscow that NKVD forces murdered officers". The
// event is what is done with the document (backed, rejected, demanded);
// its content has not happened, or is history the sentence only cites.

// contentNouns name documents, proposals and claims whose content follows
// them ("that …", "to …", "calling for …").
var contentNouns = toSet("resolution resolutions ultimatum proposal proposals plan plans bill bills motion draft request requests demand demands call calls appeal appeals admission initiative measure measures law laws deal agreement accord treaty decree order orders ruling statement report reports allegation allegations claim claims accusation accusations charge charges rumours rumors offer bid attempt attempts effort efforts")

// contentClause: the verb stands in the clause that follows a content noun:
// "resolution that aims to tighten sanctions and impose", "ultimatum to
// hand over", "resolution censuring", "admission by Moscow that".
func contentClause(s *sent, v verbHit) bool {
	k := v.start - 1
	for steps := 0; k > 0 && steps < 10; steps++ {
		if u := s.unitAt[k]; u >= 0 {
			k = s.units[u].start - 1
			continue
		}
		w := s.low[k]
		switch {
		case w == "that" || w == "which" || w == "to":
			if contentNounBefore(s, k-1) {
				return true
			}
			if w == "which" {
				return false
			}
		case k == v.start-1 && contentNouns[w] && strings.HasSuffix(s.low[v.start], "ing"):
			return true // "a resolution censuring …"
		case clauseBreak[w] || s.toks[k].Kind != text.Word:
			return false
		}
		k--
	}
	return false
}

// contentNounBefore: token k ends a content noun, perhaps followed by "by"
// and its author ("an admission by Moscow").
func contentNounBefore(s *sent, k int) bool {
	if k < 0 {
		return false
	}
	if u := s.unitAt[k]; u >= 0 {
		st := s.units[u].start
		if st < 2 || s.low[st-1] != "by" {
			return false
		}
		k = st - 2
	}
	return contentNouns[s.low[k]]
}

// objectNoun: the verb form is a noun ("an Australian ultimatum", "the
// attack") in the object of a verb coded just before it ("rejected an
// Australian ultimatum"): that verb's event is the news, and the noun is
// what it is about, not a second event.
func objectNoun(s *sent, v verbHit, vi int, coded map[int]string) bool {
	if vi == 0 || !nounUse(s, v) {
		return false
	}
	for p := vi - 1; p >= 0; p-- {
		if coded[p] == "" {
			continue
		}
		pv := s.verbs[p]
		if v.start-pv.end > 4 {
			return false
		}
		for k := pv.end; k < v.start; k++ {
			if clauseBreak[s.low[k]] || s.low[k] == "and" || s.low[k] == "to" || s.low[k] == "by" {
				return false
			}
		}
		return true
	}
	return false
}

// meetVerb are the forms of meeting an intent is announced with.
var meetVerb = toSet("meet meets hold holds visit visits travel go talk")

// meetingPurpose: the verb, after "to", says what a meeting coded just
// before it in the sentence was for.
func meetingPurpose(s *sent, v verbHit, vi int, coded map[int]string) bool {
	if v.start == 0 || s.low[v.start-1] != "to" {
		return false
	}
	for p := vi - 1; p >= 0; p-- {
		if coded[p] != "" {
			// "will meet in Zurich to discuss": the purpose of a
			// meeting announced is that meeting too.
			return coded[p] == "04" || coded[p] == "03" && s.low[s.verbs[p].start] != "agreed" && meetVerb[s.low[s.verbs[p].start]]
		}
	}
	return false
}
