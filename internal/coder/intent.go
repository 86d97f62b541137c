package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// What an actor says it will do is an event of its own in CAMEO: "agreed to
// provide aid" is an intent to provide aid (033x), "threatened to attack" a
// threat of military force (138). The action it names has not happened, so
// coding it as the action would report something that did not occur.

// governance says what governs a verb: nothing, an intent, or a threat.
type governance uint8

const (
	govNone governance = iota
	govIntent
	govThreat
	govUnreal // urged, asked, called on, ordered … to: not (yet) done
)

var intentWords = toSet("agreed agrees agree offered offers offer pledged pledges pledge promised promises promise vowed vows vow ready willing plans planned plan planning intends intended intend prepared decided decides hopes hoped expected expects seeks sought seeking wants wanted aims aimed set due")
var threatWords = toSet("threatened threatens threaten threatening warned warns")
var urgeWords = toSet("refusing declining invitation invitations permission authorisation authorization pressure pressured pressures pressuring urged urges urge urging asked asks ask asking called calls call calling demanded demands demand ordered orders order told tells pressed presses pressing encouraged encourages invited invites appealed appeals tried tries try trying attempted attempts failed fails refused refuses declined declines must")

// governing reads the words before a verb: "will provide", "agreed to
// provide", "is ready to send", "threatened to strike".
func governing(s *sent, v verbHit) governance {
	if demandedClause(s, v) || accusedOf(s, v) {
		return govUnreal
	}
	// "Russia denied targeting civilians": a deed denied is no deed.
	if v.start > 0 && strings.HasSuffix(s.low[v.start], "ing") && denyWords[s.low[v.start-1]] {
		return govUnreal
	}
	for k := v.start - 1; k >= 0 && k >= v.start-3; k-- {
		w := s.low[k]
		switch {
		case w == "will" || w == "'ll" || w == "shall":
			return govIntent
		case w == "would" && reportedFuture(s, k):
			// "Israel said it would free prisoners": the future of
			// reported speech.
			return govIntent
		case w == "must":
			return govUnreal
		case w == "to" && k > 0:
			p := s.low[k-1]
			// "agreed in principle on Saturday to provide": look past
			// the adverbials between the governing word and "to".
			for j := k - 1; j > 0 && j >= k-4 && adverbialWords[p]; j-- {
				p = s.low[j-1]
			}
			// "urged Russia to withdraw": look past the actor.
			if u := s.unitAt[k-1]; u >= 0 && s.units[u].start > 0 && (urgeWords[s.low[s.units[u].start-1]] || wantWords[s.low[s.units[u].start-1]]) {
				return govUnreal // "wants Putin to attack": a wish for another's deed
			}
			// "gave permission to Russia to help": the actor is told,
			// asked or allowed to.
			if u := s.unitAt[k-1]; u >= 0 && s.units[u].start > 1 && s.low[s.units[u].start-1] == "to" && urgeWords[s.low[s.units[u].start-2]] {
				return govUnreal
			}
			// "pressured by Congress to help", "faces pressure from
			// Congress to help": the urging word before "by"/"from".
			for b := k - 1; b > 0 && b >= k-5; b-- {
				if (s.low[b] == "by" || s.low[b] == "from") && urgeWords[s.low[b-1]] {
					return govUnreal
				}
				if s.toks[b].Kind != text.Word || sayWords[s.low[b]] {
					break
				}
			}
			// "the US leader prepared to attend the Olympics", "was
			// preparing to leave for Beijing": a journey about to begin.
			if prepareWords[p] && journeyWords[s.low[v.start]] {
				return govNone
			}
			switch {
			case urgeWords[p]:
				return govUnreal
			case threatWords[p]:
				return govThreat
			case intentWords[p]:
				return govIntent
			case k > 1 && (p == "is" || p == "are" || p == "was" || p == "were") && s.unitAt[k-2] >= 0:
				return govIntent // "Russia is to send"
			case s.notLiteral && headlineSubject(s, k-1):
				return govIntent // "Putin, Trump to meet in Budapest"
			}
			return govNone
		case w == "not" || w == "also" || w == "soon" || w == "then" || w == "jointly" || w == "further" || w == "again":
			continue
		default:
			if !(len(w) > 2 && w[len(w)-2:] == "ly") {
				return govNone
			}
		}
	}
	return govNone
}

var prepareWords = toSet("prepared preparing prepares prepare")
var journeyWords = toSet("attend visit travel leave head fly depart go arrive")

// wantWords before an actor and "to" wish the actor's deed.
var wantWords = toSet("want wants wanted wanting expect expects expected allow allows allowed permit permits permitted")

// headlineSubject: the words before k (inclusive) are only actors, commas
// and "and" from the start of the sentence: a headline's "X to meet".
func headlineSubject(s *sent, k int) bool {
	if k < 0 || s.unitAt[k] < 0 {
		return false
	}
	for j := 0; j <= k; j++ {
		if s.unitAt[j] < 0 && s.low[j] != "," && s.low[j] != "and" && s.low[j] != "the" {
			return false
		}
	}
	return true
}

// adverbialWords may stand between a governing word and its "to".
var adverbialWords = toSet("in principle on today yesterday tonight monday tuesday wednesday thursday friday saturday sunday now formally finally also again")

// demandedClause: the verb's clause is what someone demands or urges:
// "demanded (on Friday) that Israel ease restrictions", "demanded that
// the US cancel plans to sell arms".
func demandedClause(s *sent, v verbHit) bool {
	k := v.start - 1
	for steps := 0; k > 0 && steps < 12; steps++ {
		if u := s.unitAt[k]; u >= 0 {
			k = s.units[u].start - 1
			continue
		}
		w := s.low[k]
		switch {
		case w == "that":
			return urgeClause(s, k)
		case w == "must" || w == "should":
			// "the US must be ready to mediate": an obligation, not a deed.
			return true
		case clauseBreak[w] || sayWords[w]:
			return false
		}
		k--
	}
	return false
}

// clauseBreak are words and marks that end the clause a verb is in.
var clauseBreak = toSet(", ; : ( ) \" `` '' while as after before because when which who whom whose since until but")

var accuseWords = toSet("accused accuses accusing accuse charged charges charging suspected suspects convicted")

// accusedOf: "accused the United States of violating …": what someone is
// accused of is coded by the accusation, not as an event of its own.
func accusedOf(s *sent, v verbHit) bool {
	if v.start < 2 || s.low[v.start-1] != "of" || !strings.HasSuffix(s.low[v.start], "ing") {
		return false
	}
	k := v.start - 2
	for steps := 0; k >= 0 && steps < 4; steps++ {
		if u := s.unitAt[k]; u >= 0 {
			k = s.units[u].start - 1
			continue
		}
		return accuseWords[s.low[k]]
	}
	return false
}

var denyWords = toSet("denied denies deny denying rejected dismissed")

var allegeWords = toSet("claimed claims claiming alleged alleges alleging accused accuses accusing")

// reportedFuture: the "would" at k follows "said (that) it".
func reportedFuture(s *sent, k int) bool {
	if k < 2 {
		return false
	}
	// "said it would", "said France would".
	subj := k - 1
	if !pronouns[s.low[subj]] {
		u := s.unitAt[subj]
		if u < 0 {
			return false
		}
		subj = s.units[u].start
	}
	k = subj + 1
	if k < 2 {
		return false
	}
	for j := k - 2; j >= 0 && j >= k-4; j-- {
		if sayWords[s.low[j]] || stateWords[s.low[j]] {
			return true
		}
		if s.low[j] != "that" && !adverbialWords[s.low[j]] {
			return false
		}
	}
	return false
}

var pronouns = toSet("it he she they we")

// stateWords report what an actor says it will do, besides sayWords:
// "NATO confirmed it would tighten the blockade".
var stateWords = toSet("confirmed confirms declared declares stressed stresses reiterated reiterates indicated indicates signalled signaled signals hinted hints promised promises pledged pledges vowed vows decided decides agreed agrees")

// urgeClause: the "that" at k opens the clause of an urging or demanding
// word, perhaps with a day between ("demanded Friday that").
func urgeClause(s *sent, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		w := s.low[j]
		// "claimed that ISIL had attacked": an allegation is coded by
		// the verb of alleging, not as the deed.
		if urgeWords[w] || allegeWords[w] || w == "insisted" || w == "insists" || w == "demanding" {
			return true
		}
		if !adverbialWords[w] {
			return false
		}
	}
	return false
}

// intentCode maps an action code to the code of intending it, and
// threatCode to threatening it; "" where CAMEO has no such code.
func intentCode(code string) string {
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "04":
		return "036"
	case "05":
		return "032"
	case "06":
		if len(code) == 3 && code[2] >= '1' && code[2] <= '4' {
			return "031" + code[2:3]
		}
		return "031"
	case "07":
		if len(code) == 3 && code[2] >= '1' && code[2] <= '4' {
			return "033" + code[2:3]
		}
		return "033"
	case "08":
		// "will release the prisoners", "will lift sanctions": the
		// intent to yield names what is yielded.
		switch {
		case strings.HasPrefix(code, "081"):
			return "0351"
		case strings.HasPrefix(code, "084"):
			return "0353"
		case strings.HasPrefix(code, "085"):
			return "0354"
		case strings.HasPrefix(code, "086"):
			return "0355"
		case strings.HasPrefix(code, "087"):
			return "0356"
		case strings.HasPrefix(code, "083"):
			return "034"
		}
		return "035"
	}
	return ""
}

// refusalCode maps a cooperative action said not to be taken ("will not
// provide aid", "would not meet") to the CAMEO code of refusing it.
func refusalCode(code string) string {
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "03", "05":
		return "120"
	case "04":
		return "125"
	case "06", "07":
		return "121"
	case "08":
		return "124"
	}
	return ""
}

func threatCode(code string) string {
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "14":
		// "said they would boycott all contact": a protest announced.
		return "130"
	case "16":
		return "131"
	case "17":
		return "137"
	case "15", "18", "19", "20":
		return "138"
	}
	return ""
}
