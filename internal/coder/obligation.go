package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// What one actor says another must do is a demand on it, even when no verb
// of demanding is used: "Mubarak said the US must be ready to mediate",
// "Straw said the Sudanese government and the rebels must reach an
// agreement", "the ILO reiterated its demand that Israel ease
// restrictions". The deed itself has not happened (governing marks it
// unreal); the demand is the event, from the speaker to the actor named.

// obligationRule names the rule in the events it codes.
const obligationRule = "$ said (that) + must|should … (obligation)"

// obligationSay are the verbs that report what the speaker holds; reports
// by the media ("reported", "wrote") say what others hold and are left out.
var obligationSay = toSet("said says say told tells stated states declared declares announced announces added adds insisted insists stressed stresses emphasised emphasized emphasises emphasizes warned warns argued argues reiterated reiterates repeated repeats maintained maintains")

// demandNouns open a demanded clause without a modal: "its demand that
// Israel ease …".
var demandNouns = toSet("demand demands insistence call calls")

// obligations codes the demands the sentence reports; seen is the
// events' dedup map, shared with the verbs' events.
func (c *Coder) obligations(s *sent, hedged bool, seen map[string]bool) []record.Event {
	var out []record.Event
	for k := 0; k < len(s.units); k++ {
		g := groupOf(s, k)
		if g[0] != k {
			continue // each compound once, from its first member
		}
		first, last := s.units[g[0]], s.units[g[len(g)-1]]
		if first.place || last.place {
			continue
		}
		trig, noun := obligationTrigger(s, first.start)
		if trig < 0 {
			continue
		}
		code := obligationCode(s, last.end, noun)
		if code == "" {
			continue
		}
		src := -1
		for j := len(s.units) - 1; j >= 0; j-- {
			if u := s.units[j]; u.end <= trig && !u.place {
				src = j
				break
			}
		}
		if src < 0 {
			continue
		}
		at := verbHit{start: trig, end: trig + 1}
		for _, a := range groupOf(s, src) {
			for _, b := range g {
				out = c.pairEvent(s, out, pairArgs{code: code, at: at, src: a, tgt: b, hedged: hedged, rule: obligationRule}, seen)
			}
		}
	}
	return out
}

// obligationTrigger looks back from the start of a named actor, past
// "that" and adverbials ("said here on Wednesday that"), for a verb of
// saying or a demand noun; it returns the trigger's token, or -1, and
// whether it is a noun.
func obligationTrigger(s *sent, start int) (int, bool) {
	k := start - 1
	if k >= 0 && s.low[k] == "the" {
		k--
	}
	sawThat := false
	for steps := 0; k >= 0 && steps < 5; steps++ {
		w := s.low[k]
		switch {
		case w == "that":
			if sawThat {
				return -1, false
			}
			sawThat = true
		case obligationSay[w] && s.unitAt[k] < 0:
			return k, false
		case demandNouns[w] && sawThat && k > 0 && nounMarkers[s.low[k-1]]:
			return k, true
		case adverbialWords[w] || w == "here" || w == "again" || w == "last" || w == "this" || w == "week" || w == "earlier":
		default:
			return -1, false
		}
		k--
	}
	return -1, false
}

// nounMarkers come before a demand noun: "its demand", "renewed calls".
var nounMarkers = toSet("its their his her the a renewed repeated earlier longstanding long-standing")

// obligationCode reads what follows the actor: "must", "has to", "needs
// to" make a demand (100), "should" and "ought to" an appeal (020); after
// a demand noun the bare verb of the demanded clause is enough.
func obligationCode(s *sent, end int, noun bool) string {
	k := end
	for k < len(s.low) && (s.low[k] == "also" || s.low[k] == "now" || s.low[k] == "still" || s.low[k] == "therefore") {
		k++
	}
	if k >= len(s.low) {
		return ""
	}
	w := s.low[k]
	next := ""
	if k+1 < len(s.low) {
		next = s.low[k+1]
	}
	switch {
	case w == "must" || (w == "has" || w == "have" || w == "needs" || w == "need") && next == "to":
		return "100"
	case w == "should" || w == "ought" && next == "to":
		return "020"
	case noun && s.toks[k].Kind == text.Word && !modal[w] && !auxWords[w] && !clauseBreak[w] && s.unitAt[k] < 0:
		return "100"
	}
	return ""
}

// pairArgs is one event a sentence-level rule codes.
type pairArgs struct {
	code     string
	at       verbHit // the words that carry the event
	src, tgt int     // units
	hedged   bool
	rule     string
}

// pairEvent appends the event from unit src to unit tgt unless the
// sentence already has one for the pair and root; regions and actors
// acting on themselves are left out, as in events.
func (c *Coder) pairEvent(s *sent, out []record.Event, p pairArgs, seen map[string]bool) []record.Event {
	cb, ok := c.codebook.Nearest(p.code)
	if !ok || p.src < 0 || p.tgt < 0 {
		return out
	}
	su, tu := s.units[p.src], s.units[p.tgt]
	sa, ta := su.actor, tu.actor
	if su.region || tu.region || su.actor.Code == tu.actor.Code {
		return out
	}
	// "Putin said Russia must respond" is no demand on anyone; the
	// rebels' demands on their own government are.
	if sc, tc := unitCountry(su), unitCountry(tu); sc != "" && sc == tc && (sa.Code == sc || ta.Code == tc) {
		return out
	}
	key := cb.Code + "|" + sa.Code + "|" + ta.Code
	rootKey := "root:" + cb.Root + "|" + sa.Code + "|" + ta.Code
	// Two actors of one country are two parties here ("the government
	// and the rebels must reach an agreement"), so the dedup is by actor.
	if seen[key] || seen[rootKey] {
		return out
	}
	seen[key], seen[rootKey] = true, true
	e := record.Event{
		Text:        s.text,
		CAMEO:       cb.Code,
		Root:        cb.Root,
		Quad:        cb.Quad,
		Goldstein:   cb.Goldstein,
		PLOVER:      cb.PLOVER,
		Verb:        strings.Join(s.words[p.at.start:p.at.end], " "),
		Negated:     negated(s, p.at),
		Hedged:      p.hedged,
		Conditional: conditionalClause(s, p.at),
		Source:      &sa,
		Target:      &ta,
		Rule:        &record.Rule{Pattern: p.rule, Dict: "coder"},
	}
	e.Date, e.DatePrecision = eventDate(s, p.at)
	e.Location = c.location(s, p.at)
	return append(out, e)
}
