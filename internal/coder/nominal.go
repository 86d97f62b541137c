package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// News names many events by a noun rather than a verb: "talks between
// Washington and Moscow", "Zelensky's visit to Washington", "the attack by
// Russia on Ukraine's power grid", "Russian strikes on Kyiv". Verbs find
// none of them, so they are read here from a few fixed shapes around an
// event noun, and only where the words name both parties:
//
//	N between A and B          A→B and B→A
//	A's N to|on|against|with|of B
//	N by A to|on|against|in B,  N of B by A
//	A-adjective N on|against B  ("Russian strikes on Kyiv")
//
// A noun that is what someone calls for, plans, proposes or prepares
// ("called for talks between …", "ahead of a visit to …") names an event
// that has not happened, and codes nothing.

// nominalRule names the rule in the events it codes.
const nominalRule = "event noun + parties (nominal)"

// nominalNouns map an event noun to its CAMEO code.
var nominalNouns = map[string]string{
	"talks": "040", "meeting": "040", "meetings": "040", "summit": "040", "consultations": "040",
	"negotiations": "046", "negotiation": "046",
	"visit": "042", "trip": "042", "visits": "042",
	"attack": "190", "attacks": "190", "assault": "190", "offensive": "190", "invasion": "192", "incursion": "192",
	"strike": "195", "strikes": "195", "airstrike": "195", "airstrikes": "195", "air strike": "195", "air strikes": "195",
	"shelling": "194", "bombardment": "194", "bombing": "195", "bombings": "195",
	"missile attack": "195", "missile attacks": "195", "drone attack": "195", "drone attacks": "195",
	"drone strike": "195", "drone strikes": "195", "missile strike": "195", "missile strikes": "195",
}

// nominalFirst are the first words of the two-word event nouns.
var nominalFirst = func() map[string]bool {
	m := map[string]bool{}
	for k := range nominalNouns {
		if a, _, ok := strings.Cut(k, " "); ok {
			m[a] = true
		}
	}
	return m
}()

// weaponWords may come between a demonym and a noun of force: "Israeli
// tank shelling", "a Russian missile attack".
var weaponWords = toSet("tank missile missiles drone drones rocket rockets artillery mortar air naval helicopter gunship ballistic cruise")

// nominalUnreal are words before an event noun that make it something
// wanted, planned or awaited rather than done.
var nominalUnreal = toSet("for to ahead planned proposed possible potential future upcoming next prospective expected any no would could threat threats threatened threatening calls call called urged urging demand demanded against prevent avoid before")

// nominalEvents codes the event nouns of the sentence; seen is the events'
// dedup map, shared with the verbs' events.
func (c *Coder) nominalEvents(s *sent, hedged bool, seen map[string]bool) []record.Event {
	var out []record.Event
	for i := 0; i < len(s.low); i++ {
		if s.unitAt[i] >= 0 || s.toks[i].Kind != text.Word {
			continue
		}
		code, n := nominalAt(s, i)
		if code == "" {
			continue
		}
		end := i + n
		at := verbHit{start: i, end: end}
		if nominalNotDone(s, i) {
			i = end - 1
			continue
		}
		src, tgt := nominalParties(s, i, end, code)
		if src >= 0 && tgt >= 0 && s.units[src].group != s.units[tgt].group {
			for _, a := range groupOf(s, src) {
				for _, b := range groupOf(s, tgt) {
					out = c.pairEvent(s, out, pairArgs{code: code, at: at, src: a, tgt: b, hedged: hedged, rule: nominalRule}, seen)
				}
			}
		} else if g := nominalBetween(s, end); len(g) > 1 && !strings.HasPrefix(code, "19") {
			// "talks between Washington and Moscow": both ways.
			for _, a := range g {
				for _, b := range g {
					if a != b {
						out = c.pairEvent(s, out, pairArgs{code: code, at: at, src: a, tgt: b, hedged: hedged, rule: nominalRule}, seen)
					}
				}
			}
		}
		i = end - 1
	}
	return out
}

// nominalAt: the event noun at i and its length in tokens.
func nominalAt(s *sent, i int) (string, int) {
	if i+1 < len(s.low) && s.unitAt[i+1] < 0 && nominalFirst[s.low[i]] {
		if code, ok := nominalNouns[s.low[i]+" "+s.low[i+1]]; ok {
			return code, 2
		}
	}
	if code, ok := nominalNouns[s.low[i]]; ok {
		return code, 1
	}
	return "", 0
}

// modalWords before "be" make the noun after it wanted, not done.
var modalWords = toSet("should would could might must may will shall can")

// nominalNotDone: a word before the noun (past its determiner and
// adjectives) makes it wanted or awaited: "called for talks", "ahead of
// a visit", "plans for a summit".
func nominalNotDone(s *sent, i int) bool {
	// "ready to host peace talks between …", "will hold talks": the
	// noun is the object of a verb not (yet) done.
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if s.toks[k].Kind != text.Word || s.unitAt[k] >= 0 {
			break
		}
		done := false
		for _, v := range s.verbs {
			if v.start <= k && k < v.end {
				if governing(s, v) != govNone || negated(s, v) || conditionalVerb(s, v) {
					return true
				}
				done = true
			}
		}
		if done {
			break
		}
	}
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		w := s.low[k]
		if nominalUnreal[w] {
			return true
		}
		if s.unitAt[k] >= 0 || determiners[w] || s.toks[k].Kind == text.Possessive || s.toks[k].Kind == text.Number {
			continue
		}
		if (w == "be" || w == "been") && k > 0 && modalWords[s.low[k-1]] {
			return true // "the next step should be a meeting between …"
		}
		if w == "of" && k > 0 && (s.low[k-1] == "ahead" || s.low[k-1] == "prospect" || s.low[k-1] == "threat" || s.low[k-1] == "risk" || s.low[k-1] == "fear" || s.low[k-1] == "fears") {
			return true
		}
		if adjectiveLike(w) || strings.Contains(w, "-") || quantityWords[w] || weaponWords[w] {
			continue
		}
		break
	}
	return false
}

// nominalParties finds the doer and the party done to around the noun
// from i to end: the possessive or adjective before it, "by A" after it,
// and B after "to", "on", "against", "with", "of" or (for force) "in".
func nominalParties(s *sent, i, end int, code string) (src, tgt int) {
	src, tgt = -1, -1
	force := strings.HasPrefix(code, "19")
	// Before: "Russia's attack", "Zelensky's visit", "Russian strikes",
	// "Russia's massive missile attack".
	k := i - 1
	for k >= 0 && s.unitAt[k] < 0 && k >= i-2 && (adjectiveLike(s.low[k]) || strings.Contains(s.low[k], "-") || force && weaponWords[s.low[k]]) && !determiners[s.low[k]] {
		k--
	}
	if k >= 0 && s.toks[k].Kind == text.Possessive {
		k--
	}
	if k >= 0 {
		if u := s.unitAt[k]; u >= 0 && !s.units[u].place {
			un := s.units[u]
			possessive := un.end < len(s.toks) && s.toks[un.end].Kind == text.Possessive
			// A demonym names the doer only of force ("Russian strikes");
			// "a Russian visit" or "Ukrainian talks" says little.
			if possessive || un.adjective && force || un.person {
				src = int(u)
			}
		}
	}
	// After: "by A", then the party done to.
	j := end
	if j+1 < len(s.low) && s.low[j] == "by" {
		if u := s.unitAt[j+1]; u >= 0 && !s.units[u].place && src < 0 {
			src = int(u)
			j = s.units[u].end
		} else if j+2 < len(s.low) && s.low[j+1] == "the" {
			if u := s.unitAt[j+2]; u >= 0 && !s.units[u].place && src < 0 {
				src = int(u)
				j = s.units[u].end
			}
		}
	}
	if j < len(s.low) {
		p := s.low[j]
		ok := p == "to" || p == "on" || p == "against" || p == "with" || p == "of" || p == "into" || force && p == "in"
		if p == "to" && force {
			ok = false
		}
		if ok {
			t := j + 1
			if t < len(s.low) && s.low[t] == "the" {
				t++
			}
			// "shelling in the east of the Gaza Strip".
			if force && p == "in" && t+1 < len(s.low) && compassWords[s.low[t]+"ern"] && s.low[t+1] == "of" {
				t += 2
				if t < len(s.low) && s.low[t] == "the" {
					t++
				}
			}
			if t < len(s.low) {
				if u := s.unitAt[t]; u >= 0 {
					tgt = int(u)
					// "the attack by Russia on Ukraine's power grid":
					// a possessive target stands for its owner.
					if p == "of" && src < 0 {
						// "the invasion of Ukraine by Russia".
						e := s.units[u].end
						if e+1 < len(s.low) && s.low[e] == "by" {
							if v := s.unitAt[e+1]; v >= 0 && !s.units[v].place {
								src = int(v)
							}
						}
					}
				}
			}
		}
	}
	// "the visit by Putin" alone, or "talks with" after a possessive:
	// both parties must be named.
	if src < 0 || tgt < 0 {
		return -1, -1
	}
	if !force && s.units[tgt].place && !strings.HasPrefix(code, "042") {
		return -1, -1
	}
	return src, tgt
}

// nominalBetween: the units of "between A and B" right after the noun.
func nominalBetween(s *sent, end int) []int {
	if end+1 >= len(s.low) || s.low[end] != "between" {
		return nil
	}
	t := end + 1
	if s.low[t] == "the" && t+1 < len(s.low) {
		t++
	}
	u := s.unitAt[t]
	if u < 0 {
		return nil
	}
	g := groupOf(s, int(u))
	if len(g) < 2 {
		return nil
	}
	for _, k := range g {
		if s.units[k].region {
			return nil
		}
	}
	return g
}
