package coder

import "strings"

// negated: a negation in the three tokens before the verb ("did not meet",
// "never attacked", "refused to sign", "has yet to").
func negated(s *sent, v verbHit) bool {
	for k := v.start - 1; k >= 0 && k >= v.start-4; k-- {
		w := s.low[k]
		switch {
		case w == "not" || w == "never" || w == "no" || w == "neither" || w == "nor" || w == "cannot":
			return true
		case strings.HasSuffix(w, "n't"):
			return true
		case w == "to" && k > 0 && refusalVerbs[s.low[k-1]]:
			return true
		case w == "yet" && k > 0 && (s.low[k-1] == "has" || s.low[k-1] == "have"):
			return true
		case s.unitAt[k] >= 0 || w == "," || w == ";":
			return false
		}
	}
	return false
}

var refusalVerbs = toSet("refused refuses refuse declined declines decline failed fails fail denied")

// hedgedSentence: the report is second-hand or unconfirmed.
func hedgedSentence(low []string) bool {
	for i, w := range low {
		// "claimed responsibility for the attack" is an admission, not
		// a hedge.
		if hedgeWords[w] && !(i+1 < len(low) && (low[i+1] == "responsibility" || low[i+1] == "credit")) {
			return true
		}
		if w == "according" && i+1 < len(low) && low[i+1] == "to" {
			return true
		}
		if (w == "said" || w == "believed" || w == "thought" || w == "understood") && i > 0 && i+1 < len(low) && low[i+1] == "to" &&
			(low[i-1] == "is" || low[i-1] == "are" || low[i-1] == "was" || low[i-1] == "were") {
			return true
		}
	}
	return false
}

var hedgeWords = toSet("allegedly reportedly purportedly apparently supposedly rumoured rumored unconfirmed unverified claimed claims alleged alleges leaked suspected")

// conditionalClause: the verb is inside an "if" or "unless" clause, which
// runs from that word to the next comma or semicolon ("… unless the
// Kremlin closed its radar base"). The main clause of a conditional
// sentence is coded as it stands: "threatened to break relations unless
// …" is a threat made; "would impose sanctions if …" is conditional by
// its modal (conditionalVerb).
func conditionalClause(s *sent, v verbHit) bool {
	for k := v.start - 1; k >= 0; k-- {
		switch s.low[k] {
		case "if", "unless":
			return true
		case ",", ";", ":", "--":
			return false
		}
	}
	return false
}

// conditionalVerb: a modal governs the verb ("would impose", "could
// strike"). Intents and threats are coded as such instead (intent.go).
func conditionalVerb(s *sent, v verbHit) bool {
	for k := v.start - 1; k >= 0 && k >= v.start-3; k-- {
		w := s.low[k]
		switch {
		case (w == "would" || w == "'d") && reportedFuture(s, k) && !ifLater(s, v.end):
			// "Israel said it would free prisoners": the future of
			// reported speech, coded as an intent (governing).
			return false
		case modal[w]:
			return true
		case s.unitAt[k] >= 0 || w == "," || w == ";":
			return false
		}
	}
	return false
}

// ifLater: an "if" or "unless" clause follows position k ("said it would
// retaliate if attacked").
func ifLater(s *sent, k int) bool {
	for ; k < len(s.low); k++ {
		if s.low[k] == "if" || s.low[k] == "unless" {
			return true
		}
	}
	return false
}

var modal = toSet("would could might may should 'd")

// speakers finds the units that speak in the sentence: the subject of a
// verb of saying ("X said", "X told Y that", "said X") and the actor after
// "according to".
func (c *Coder) speakers(s *sent) []speech {
	var out []speech
	for i, w := range s.low {
		if w == "according" && i+1 < len(s.low) && s.low[i+1] == "to" {
			for t := i + 2; t < len(s.low) && t <= i+4; t++ {
				if u := s.unitAt[t]; u >= 0 {
					out = append(out, speech{pos: i, unit: int(u)})
					break
				}
			}
			continue
		}
		if !sayWords[w] || s.unitAt[i] >= 0 {
			continue
		}
		// "X said", "X's spokesman said", "X, the minister, said".
		for t := i - 1; t >= 0 && t >= i-4; t-- {
			if u := s.unitAt[t]; u >= 0 {
				out = append(out, speech{pos: i, unit: int(u)})
				break
			}
			if s.low[t] == "that" || s.low[t] == "." {
				break
			}
		}
		// "…, said X": the speaker follows.
		if i > 0 && (s.low[i-1] == "," || s.low[i-1] == "\"" || s.low[i-1] == "”") && i+1 < len(s.low) {
			for t := i + 1; t < len(s.low) && t <= i+3; t++ {
				if u := s.unitAt[t]; u >= 0 {
					out = append(out, speech{pos: i, unit: int(u)})
					break
				}
			}
		}
	}
	return out
}

type speech struct{ pos, unit int }

var sayWords = toSet("said says say told tells claimed claims stated states announced announces added insisted insists alleged alleges asserted asserts argued argues wrote writes reported reports warned warns")

// speakerFor is who says the verb's event happened: a speaker of the
// sentence whose verb of saying is not this verb itself.
func speakerFor(s *sent, sp []speech, v verbHit, src int) int {
	for _, x := range sp {
		if x.pos >= v.start && x.pos < v.end {
			continue // the verb of saying codes its own event
		}
		if x.unit == src && x.pos > v.start {
			continue
		}
		return x.unit
	}
	return -1
}
