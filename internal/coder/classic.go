package coder

// Classic mode: when a coder is built from TABARI verb dictionaries only
// (the field's own test dictionaries, or a user's production TABARI
// files), it codes as TABARI 0.8 does, so that the field's validation
// suite measures the same rules its authors wrote it for. The rules, from
// the TABARI manual (Schrodt 2009, ch. 3–5) and its reference behaviour:
//
//   - text: ";", ":", "(" and ")" become commas; other punctuation but
//     apostrophes and "$" is dropped; words are matched in upper case;
//   - every word gets one type, the longest dictionary phrase starting at
//     it winning: actor, agent, verb, <NOUN>, <ADJECTIVE>, and the built-in
//     determiners (A, AN, THE), conjunctions (AND, NOR, BUT, OR),
//     prepositions (IN, OF), pronouns, passive auxiliaries (WAS, WERE,
//     BEEN), BY and FORMER; an actor coded "---" is a noun, "###" discards
//     the sentence;
//   - a verb after a determiner, or capitalised inside a sentence, is a
//     noun;
//   - "A, B and C" (across determiners and adjectives) is a compound actor;
//   - a comma clause of 2–10 words inside the sentence or at its end is
//     subordinate and ignored;
//   - a conjunction outside compounds starts a new clause, except between
//     two nouns or two adjectives;
//   - he/him/she/her/it stand for the first simple actor before them,
//     they/them/their for the first compound (else the first actor);
//   - each clause is coded verb by verb until an event is made: the verb's
//     patterns, longest first, then its own code; "$", "+" and "%" in the
//     pattern set source and target; otherwise the source is the first
//     actor of the clause (kept across clauses unless a clause starts with
//     an actor) and the target the first actor after the verb, else before
//     it, else a compound source itself; "WAS … BY" swaps them;
//   - agents attach to the actor right before or after them ("Gondor
//     police", "police of Gondor"); "[A:B]" codes a second event back;
//     codes with "!" cancel every other event of the sentence, codes with
//     "?" are dropped when any other event is made; "---" codes nothing,
//     "###" discards the sentence and "+++" marks it complex;
//   - events between a compound's members, coded compound actors
//     ("[ELR/GAL]"), duplicates and events of an actor with itself are
//     expanded and removed at the end.

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
)

// classicLex holds what classic mode needs beyond the verbs: the
// dictionaries' noun and adjective lists.
type classicLex struct {
	nouns, adjs []string // lower-case; a word ending in "*" is a stem
	// tabari: TABARI's own rules apply (its minimum sentence length and
	// complexity filter); PETRARCH-1 has neither.
	tabari bool
	// gapped are TABARI actor phrases whose words may stand apart in
	// the text, by first word (classic_gapped.go).
	gapped map[string][]gappedPhrase
}

// classicMode reports whether opts asks for classic coding: every verb
// dictionary is a TABARI one.
func classicMode(opts Options) bool {
	if len(opts.Verbs) == 0 {
		return false
	}
	for _, d := range opts.Verbs {
		if d.Style != StyleTABARI && d.Style != StylePETRARCH {
			return false
		}
	}
	return true
}

func newClassicLex(dicts []*actor.Dict, verbs []*VerbDict) *classicLex {
	lx := &classicLex{tabari: true}
	for _, v := range verbs {
		if v.Style != StyleTABARI {
			lx.tabari = false
		}
	}
	conv := func(w string) string {
		w = strings.ToLower(strings.TrimSpace(w))
		if strings.HasSuffix(w, "_") {
			return strings.ReplaceAll(strings.TrimSuffix(w, "_"), "_", " ")
		}
		return strings.ReplaceAll(w, "_", " ") + "*"
	}
	if lx.tabari {
		lx.gapped = gappedPhrases(dicts)
	}
	for _, d := range dicts {
		for _, n := range d.Nouns {
			lx.nouns = append(lx.nouns, conv(n))
		}
		for _, a := range d.Adjectives {
			lx.adjs = append(lx.adjs, conv(a))
		}
	}
	return lx
}

// codeClassic codes one sentence in classic mode.
func (c *Coder) codeClassic(sentence string, ref time.Time) []record.Event {
	p := c.classicParse(sentence, ref)
	if p == nil {
		return nil
	}
	evs := c.classicEvents(p)
	out := make([]record.Event, 0, len(evs))
	for _, e := range evs {
		cb, known := c.codebook.Nearest(e.code)
		ev := record.Event{
			Text:   sentence,
			CAMEO:  e.code,
			Source: &record.Actor{Code: e.src, Country: c.actors.CountryOf(e.src), Text: e.srcText},
			Target: &record.Actor{Code: e.tgt, Country: c.actors.CountryOf(e.tgt), Text: e.tgtText},
			Verb:   e.verb,
			Rule:   &record.Rule{Pattern: e.rule, Dict: e.dict},
		}
		if known {
			ev.Root, ev.Quad, ev.Goldstein, ev.PLOVER = cb.Root, cb.Quad, cb.Goldstein, cb.PLOVER
		}
		if !ref.IsZero() {
			ev.Date, ev.DatePrecision = ref.Format("2006-01-02"), "day"
		}
		out = append(out, ev)
	}
	return out
}
