// Package coder turns sentences into events: who did what to whom, when
// and where, CAMEO-coded, with negation, hedging, conditionals and
// attribution kept as flags. It is a shallow pattern coder in the TABARI
// tradition — actor phrases from dictionaries, verbs with patterns around
// them — and needs no parser, so it codes tens of thousands of sentences a
// second on one core.
//
// The pieces, in the order a sentence meets them: text splits and tokenizes
// it (internal/text); the actor matcher finds actor phrases, which are
// joined into units ("Russian" + "forces" → RUSMIL, "Russia and Ukraine" →
// a compound); verbs are found by their forms; each verb's patterns are
// tried, most specific first; source and target come from the pattern's
// slots or, by default, the subject before the verb and the first actor
// after it (the by-agent in the passive); flags and the date are read off
// the sentence.
package coder

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Options configure a Coder.
type Options struct {
	// Actors are the actor dictionaries; a later one overrides an earlier
	// one on the same phrase. Empty means actor.Default().
	Actors []*actor.Dict
	// Verbs are the verb dictionaries, merged in order; a later verb with
	// the same form adds its patterns after the earlier ones. Empty means
	// DefaultVerbs().
	Verbs []*VerbDict
	// Codebook gives labels, quad classes, Goldstein values and PLOVER
	// categories; nil means cameo.Default().
	Codebook *cameo.Codebook
	// AllowNoTarget keeps events that have no target actor. News coding
	// drops them (they are mostly noise); the unit suites, which expect
	// one-actor events, keep them.
	AllowNoTarget bool
	// LiteralActions codes "agreed to provide aid" as the aid itself rather
	// than as an intent (033x), as the TABARI and PETRARCH unit suites
	// expect of their own dictionaries.
	LiteralActions bool
	// Discards are phrases (lower case, words separated by spaces) whose
	// presence makes classic mode code nothing: PETRARCH's discard list
	// (see LoadDiscards).
	Discards []string
}

// Coder codes sentences. It is read-only once built and safe for
// concurrent use.
type Coder struct {
	actors   *actor.Matcher
	verbs    []verbEntry
	byFirst  map[string][]formRef // first word of a verb form → the forms starting with it
	byStem   map[string][]formRef // stem of a first word ending in "*" → its forms
	maxStem  int
	codebook *cameo.Codebook
	capitals map[*actor.Entry]bool
	opts     Options
	// classic is set when the coder codes as TABARI does (classic.go).
	classic      *classicLex
	classicPats  [][]*Pattern
	classicFirst map[string][]formRef
}

type verbEntry struct {
	verb     *Verb
	patterns []*Pattern // most specific first
}

type formRef struct {
	verb  int32
	words []string
	// participle marks forms that can follow "was"/"were" in the passive.
	participle bool
}

// New builds a coder from dictionaries.
func New(opts Options) (*Coder, error) {
	if len(opts.Actors) == 0 {
		opts.Actors = []*actor.Dict{actor.Default()}
	}
	if len(opts.Verbs) == 0 {
		opts.Verbs = []*VerbDict{DefaultVerbs()}
	}
	if opts.Codebook == nil {
		opts.Codebook = cameo.Default()
	}
	c := &Coder{
		actors:   actor.NewMatcher(opts.Actors...),
		byFirst:  map[string][]formRef{},
		codebook: opts.Codebook,
		capitals: map[*actor.Entry]bool{},
		opts:     opts,
	}
	for _, d := range opts.Actors {
		caps := map[string]bool{}
		for i := range d.Entries {
			if e := &d.Entries[i]; e.Kind == actor.KindState && e.Capital != "" {
				caps[strings.ToLower(e.Capital)] = true
			}
		}
		for i := range d.Entries {
			if e := &d.Entries[i]; caps[strings.ToLower(e.Name)] {
				c.capitals[e] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, d := range opts.Verbs {
		for i := range d.Verbs {
			v := &d.Verbs[i]
			ve := verbEntry{verb: v}
			for j := range v.Patterns {
				ve.patterns = append(ve.patterns, &v.Patterns[j])
			}
			sort.SliceStable(ve.patterns, func(a, b int) bool {
				return specificity(ve.patterns[a]) > specificity(ve.patterns[b])
			})
			idx := int32(len(c.verbs))
			c.verbs = append(c.verbs, ve)
			for _, f := range v.Forms {
				words := strings.Fields(strings.ToLower(f))
				if len(words) == 0 {
					continue
				}
				key := fmt.Sprint(idx, " ", f)
				if seen[key] {
					continue
				}
				seen[key] = true
				ref := formRef{verb: idx, words: words, participle: isParticiple(words[0])}
				if w := words[0]; len(w) > 2 && strings.HasSuffix(w, "*") {
					stem := strings.TrimSuffix(w, "*")
					if c.byStem == nil {
						c.byStem = map[string][]formRef{}
					}
					c.byStem[stem] = append(c.byStem[stem], ref)
					c.maxStem = max(c.maxStem, len(stem))
					ref.participle = true
					continue
				}
				c.byFirst[words[0]] = append(c.byFirst[words[0]], ref)
			}
		}
	}
	for k, refs := range c.byFirst {
		sort.SliceStable(refs, func(a, b int) bool { return len(refs[a].words) > len(refs[b].words) })
		c.byFirst[k] = refs
	}
	if classicMode(opts) {
		c.classic = newClassicLex(opts.Actors, opts.Verbs)
		c.classicPats = classicPatterns(c.verbs)
		c.classicFirst = classicForms(c)
	}
	return c, nil
}

// specificity orders patterns: more literal words first, then longer.
func specificity(p *Pattern) int {
	n := 0
	for _, e := range p.Elems {
		switch e.Kind {
		case ElemWord:
			n += 100
		case ElemTarget, ElemSource:
			n += 10
		default:
			n++
		}
	}
	return n
}

// isParticiple guesses whether a verb form can be a past participle, as
// the passive needs ("was shelled", "were seized", "was hit"): anything but
// an -ing or third-person -s form.
func isParticiple(form string) bool {
	if strings.HasSuffix(form, "ing") {
		return false
	}
	return !strings.HasSuffix(form, "s") || strings.HasSuffix(form, "ss")
}

// CodeText splits text into sentences and codes each; events carry their
// sentence index. ref is the article's date (zero when unknown).
func (c *Coder) CodeText(txt string, ref time.Time) []record.Event {
	var out []record.Event
	for _, s := range text.Sentences(txt) {
		evs := c.CodeSentence(text.Flat(s.Text), ref)
		for i := range evs {
			evs[i].Sentence = s.Index
		}
		out = append(out, evs...)
	}
	return out
}

// CodeSentence codes one sentence.
func (c *Coder) CodeSentence(sentence string, ref time.Time) []record.Event {
	if len(sentence) > maxSentence {
		return nil // a "sentence" this long is not prose
	}
	if c.classic != nil {
		return c.codeClassic(sentence, ref)
	}
	s := c.analyse(sentence, ref)
	if s == nil {
		return nil
	}
	return c.events(s)
}

// maxSentence bounds the sentences coded: longer runs are tables or junk.
const maxSentence = 4000

// Codebook returns the codebook the coder labels events with.
func (c *Coder) Codebook() *cameo.Codebook { return c.codebook }

// Matcher returns the actor matcher the coder was built with, so other
// extractors resolve actors with the same dictionaries.
func (c *Coder) Matcher() *actor.Matcher { return c.actors }
