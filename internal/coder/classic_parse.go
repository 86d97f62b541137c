package coder

// Classic mode, part 1: the sentence as TABARI parses it — typed words,
// compound actors, subordinate comma clauses, conjunction clauses and
// pronouns. See classic.go for the rules.

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/actor"
)

type cType uint8

const (
	cNull cType = iota
	cActor
	cAgent
	cVerb
	cNoun
	cAdj
	cDet
	cConj
	cPrep
	cPron
	cAux
	cBy
	cComma
	cNumber
)

// cTok is one word of the sentence.
type cTok struct {
	low    string // lower case
	typ    cType
	span   int32 // the span (dictionary phrase) covering it, or -1
	midCap bool  // capitalised inside the sentence
	compd  int32 // 1 + the compound covering it, or 0
}

// cSpan is a dictionary phrase found in the sentence.
type cSpan struct {
	start, end int // tokens [start, end)
	typ        cType
	entry      *actor.Entry // actors and agents
	code       string       // an actor's code on the day, an agent's code
	verb       formRef      // verbs
	ref        int32        // pronouns: the span they stand for, or -1
	// words, for a gapped actor phrase (classic_gapped.go), are the tokens
	// it matched; the words between keep their own types. nil: all of
	// [start, end).
	words []int32
}

type cParse struct {
	toks    []cTok
	spans   []cSpan
	comps   [][2]int // compound actors, token ranges [start, end] inclusive
	subs    [][2]int // subordinate clauses, inclusive
	clauses [][2]int // clauses, inclusive
	text    string
}

// classic built-ins (TABARI.h).
var (
	cDets  = toSet("a an the")
	cConjs = toSet("and nor but or")
	cPreps = toSet("in of")
	cProns = toSet("he him she her it them their they")
	cAuxes = toSet("were was been")
)

// tabariMinWords is TABARI's default shortest sentence it codes (SET:
// MINIMUM WORDS = 8).
const tabariMinWords = 8

// classicFilter turns text into TABARI's words: ";", ":", "(" and ")"
// become commas, commas not inside numbers and double quotes stand alone,
// full stops stay inside numbers and after a capital, apostrophes and "$"
// stay, other punctuation becomes a space. /* … */ is cut.
func classicFilter(s string) []string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	prev := rune(' ')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '/' && i+1 < len(s) && s[i+1] == '*' {
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				break
			}
			i += j + 4
			continue
		}
		var next rune = ' '
		if i+n < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i+n:])
		}
		switch {
		case r == ';' || r == ':' || r == '(' || r == ')':
			b.WriteString(" , ")
		case r == ',':
			if !(unicode.IsDigit(prev) && unicode.IsDigit(next)) {
				b.WriteString(" , ")
			}
		case r == '.':
			if unicode.IsDigit(prev) && unicode.IsDigit(next) || unicode.IsUpper(prev) {
				b.WriteByte('.')
			} else {
				b.WriteByte(' ')
			}
		case r == '\'' || r == '’' || r == '$':
			if r == '’' {
				r = '\''
			}
			b.WriteRune(r)
		case r == '"' || r == '“' || r == '”':
			b.WriteByte(' ')
		case unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		prev = r
		i += n
	}
	return strings.Fields(b.String())
}

// treebankContractions splits negative contractions as the Penn Treebank
// tokenizer PETRARCH reads from does: "didn't" is "did n't", "won't" is
// "wo n't", "can't" is "ca n't", so that PETRARCH patterns written on
// parses ("+DID N'T") match.
func treebankContractions(words []string) []string {
	split := false
	for _, w := range words {
		if len(w) > 3 && strings.EqualFold(w[len(w)-3:], "n't") {
			split = true
			break
		}
	}
	if !split {
		return words
	}
	out := make([]string, 0, len(words)+2)
	for _, w := range words {
		if len(w) > 3 && strings.EqualFold(w[len(w)-3:], "n't") {
			out = append(out, w[:len(w)-3], w[len(w)-3:])
			continue
		}
		out = append(out, w)
	}
	return out
}

// classicParse parses a sentence; nil means it codes nothing (too short,
// discarded, complex).
func (c *Coder) classicParse(sentence string, ref time.Time) *cParse {
	words := classicFilter(sentence)
	if !c.classic.tabari {
		words = treebankContractions(words)
	}
	if len(words) < 2 || c.classic.tabari && len(words) < tabariMinWords {
		return nil
	}
	allCaps := strings.ToUpper(sentence) == sentence
	p := &cParse{toks: make([]cTok, len(words)), text: sentence}
	low := make([]string, len(words))
	bare := make([]string, len(words)) // possessive cut for actor matching
	for i, w := range words {
		low[i] = strings.ToLower(w)
		p.toks[i] = cTok{low: low[i], span: -1}
		if !allCaps && i > 0 {
			r, _ := utf8.DecodeRuneInString(w)
			p.toks[i].midCap = unicode.IsUpper(r)
		}
		b := low[i]
		if strings.HasSuffix(b, "'s") {
			b = b[:len(b)-2]
		} else if strings.HasSuffix(b, "'") {
			b = b[:len(b)-1]
		}
		bare[i] = b
	}
	if discarded(c.opts.Discards, low) {
		return nil
	}
	// Actors and agents.
	var gms []gappedMatch
	if c.classic.tabari {
		ms := c.tabariActorMatches(low, bare, ref)
		sort.Slice(ms, func(a, b int) bool { return ms[a].Start < ms[b].Start })
		gms = c.classic.withGapped(ms, bare, ref)
	} else {
		ms := c.actors.Match(bare, ref)
		gms = make([]gappedMatch, len(ms))
		for i, m := range ms {
			gms[i].m = m
		}
	}
	for _, gm := range gms {
		m := gm.m
		code := m.Actor.Code
		if m.Agent() {
			code = m.Entry.Code
		}
		switch code {
		case actor.CodeDiscard:
			return nil
		case "":
			continue
		}
		sp := cSpan{start: m.Start, end: m.End, typ: cActor, entry: m.Entry, code: code, ref: -1, words: gm.words}
		switch {
		case m.Agent():
			sp.typ = cAgent
		case code == actor.CodeNull:
			sp.typ = cNoun // a null-coded actor is a noun
		}
		p.addSpan(sp)
	}
	// Verbs, nouns, adjectives and the built-ins on the other words.
	for i := 0; i < len(p.toks); i++ {
		if p.toks[i].span >= 0 {
			continue
		}
		w := low[i]
		switch {
		case w == ",":
			p.toks[i].typ = cComma
			continue
		case w[0] >= '0' && w[0] <= '9':
			p.toks[i].typ = cNumber
			continue
		}
		if r, n, ok := c.classicVerbAt(p, low, i); ok {
			p.addSpan(cSpan{start: i, end: i + n, typ: cVerb, verb: r, ref: -1})
			i += n - 1
			continue
		}
		switch {
		case cDets[w]:
			p.toks[i].typ = cDet
		case cConjs[w]:
			p.toks[i].typ = cConj
		case cPreps[w]:
			p.toks[i].typ = cPrep
		case cProns[w]:
			p.toks[i].typ = cPron
		case cAuxes[w]:
			p.toks[i].typ = cAux
		case w == "by":
			p.toks[i].typ = cBy
		case w == "former" || classicWordIn(c.classic.adjs, w):
			p.toks[i].typ = cAdj
		case classicWordIn(c.classic.nouns, w):
			p.toks[i].typ = cNoun
		}
	}
	p.markNouns()
	// PETRARCH reads noun phrases from a parse, so any untyped word may
	// stand in a compound ("Fornost and the evil awful Gondor"); TABARI
	// allows only its adjectives.
	p.markCompounds(!c.classic.tabari)
	p.markSubordinate()
	p.markClauses()
	p.dereference()
	if c.classic.tabari && p.complex(func(sp cSpan) bool { return c.verbs[sp.verb.verb].verb.Code == "---" }) {
		return nil
	}
	return p
}

func (p *cParse) addSpan(sp cSpan) {
	idx := int32(len(p.spans))
	p.spans = append(p.spans, sp)
	if sp.words != nil {
		for _, k := range sp.words {
			p.toks[k].span = idx
			p.toks[k].typ = sp.typ
		}
		return
	}
	for k := sp.start; k < sp.end; k++ {
		p.toks[k].span = idx
		p.toks[k].typ = sp.typ
	}
}

// classicWordIn: w is one of the words (a word ending in "*" is a stem
// that takes the endings s, es and 's).
func classicWordIn(list []string, w string) bool {
	for _, x := range list {
		if strings.HasSuffix(x, "*") {
			if strings.HasPrefix(w, x[:len(x)-1]) {
				return true
			}
		} else if w == x || w == x+"s" || w == x+"'s" {
			return true
		}
	}
	return false
}

// classicVerbAt finds the longest verb form at token i. In TABARI the
// last word of a verb form, written without "_", takes any ending
// ("RESTOR" is "restored"); with "_" it takes the regular endings
// ("DEPART_" is "departs", "departed", "departing"); with "=" none
// ("BAN="). The words before it are whole words.
func (c *Coder) classicVerbAt(p *cParse, low []string, i int) (formRef, int, bool) {
	w := low[i]
	var refs []formRef
	for n := len(w); n >= 2; n-- {
		refs = append(refs, c.classicFirst[w[:n]]...)
	}
	best, bestN, bestChars := formRef{}, 0, 0
	for _, r := range refs {
		if i+len(r.words) > len(low) {
			continue
		}
		ok, chars := true, 0
		for k, fw := range r.words {
			t := low[i+k]
			if k > 0 && p.toks[i+k].span >= 0 {
				ok = false
				break
			}
			stem := strings.HasSuffix(fw, "*")
			fw = strings.TrimSuffix(fw, "*")
			exact := strings.HasSuffix(fw, "=")
			fw = strings.TrimSuffix(fw, "=")
			switch {
			case k < len(r.words)-1 || exact || !c.classic.tabari:
				ok = fw == t
			case stem:
				ok = strings.HasPrefix(t, fw)
			default:
				ok = strings.HasPrefix(t, fw) && verbEnding(t[len(fw):], fw)
			}
			if !ok {
				break
			}
			chars += len(fw)
		}
		if ok && chars > bestChars {
			best, bestN, bestChars = r, len(r.words), chars
		}
	}
	return best, bestN, bestN > 0
}

// classicForms indexes every verb form by its first word without "*" or
// "=", for classicVerbAt.
func classicForms(c *Coder) map[string][]formRef {
	out := map[string][]formRef{}
	add := func(r formRef) {
		k := strings.TrimSuffix(strings.TrimSuffix(r.words[0], "*"), "=")
		out[k] = append(out[k], r)
	}
	for _, refs := range c.byFirst {
		for _, r := range refs {
			add(r)
		}
	}
	for _, refs := range c.byStem {
		for _, r := range refs {
			add(r)
		}
	}
	return out
}

// markNouns: a verb after a determiner or capitalised inside the sentence
// is a noun.
func (p *cParse) markNouns() {
	for i := range p.spans {
		sp := &p.spans[i]
		if sp.typ != cVerb || sp.start == 0 {
			continue
		}
		if p.toks[sp.start-1].typ == cDet || p.toks[sp.start].midCap {
			p.retype(i, cNoun)
		}
	}
}

func (p *cParse) retype(i int, t cType) {
	sp := &p.spans[i]
	sp.typ = t
	for k := sp.start; k < sp.end; k++ {
		if p.toks[k].span == int32(i) {
			p.toks[k].typ = t
		}
	}
}

// spanAt returns the span of type t covering token k, or -1.
func (p *cParse) spanAt(k int, t cType) int {
	if k < 0 || k >= len(p.toks) {
		return -1
	}
	if s := p.toks[k].span; s >= 0 && p.spans[s].typ == t && p.toks[k].typ == t {
		return int(s)
	}
	return -1
}

// markCompounds marks "A, B and C": from each AND or NOR, actors after
// it (across determiners and adjectives; with loose, any untyped word)
// and actors before it joined by commas and conjunctions.
func (p *cParse) markCompounds(loose bool) {
	n := len(p.toks)
	for i := 0; i < n; i++ {
		if p.toks[i].typ != cConj || (p.toks[i].low != "and" && p.toks[i].low != "nor") {
			continue
		}
		end := -1
		for k := i + 1; k < n; k++ {
			t := p.toks[k].typ
			if t == cActor {
				s := p.toks[k].span
				if p.spans[s].start == k {
					k = p.spans[s].end - 1
					end = k
				}
				continue
			}
			if t != cDet && t != cAdj && !(loose && t == cNull && p.toks[k].low != ",") {
				break
			}
		}
		if end < 0 {
			continue
		}
		start := -1
		needConnect := false
		for k := i; k >= 0; k-- {
			t := p.toks[k].typ
			if t == cConj || t == cComma {
				needConnect = false
				continue
			}
			if t == cActor {
				if needConnect {
					break
				}
				k = p.spans[p.toks[k].span].start
				start = k
				needConnect = true
				continue
			}
			if t != cDet && t != cAdj && !(loose && t == cNull) {
				break
			}
		}
		if start < 0 {
			continue
		}
		// A compound inside this one is dropped.
		kept := p.comps[:0]
		for _, cp := range p.comps {
			if cp[0] < start || cp[0] > end {
				kept = append(kept, cp)
			}
		}
		p.comps = append(kept, [2]int{start, end})
	}
	for ci, cp := range p.comps {
		for k := cp[0]; k <= cp[1]; k++ {
			p.toks[k].compd = int32(ci + 1)
		}
	}
}

// compoundAt returns the compound covering token k, or -1.
func (p *cParse) compoundAt(k int) int {
	if k < 0 || k >= len(p.toks) {
		return -1
	}
	return int(p.toks[k].compd) - 1
}

// Comma-clause limits (TABARI's defaults: internal and final clauses of 2
// to 10 words are subordinate, opening ones are not).
const (
	commaMin, commaMax   = 2, 10
	commaEMin, commaEMax = 2, 10
)

// markSubordinate finds comma clauses of the right length and nulls them.
func (p *cParse) markSubordinate() {
	n := len(p.toks)
	skipComp := func(k int) int {
		if ci := p.compoundAt(k); ci >= 0 && p.comps[ci][0] == k {
			return p.comps[ci][1] + 1
		}
		return k
	}
	for i := 0; i < n; {
		if j := skipComp(i); j != i {
			i = j
			continue
		}
		if p.toks[i].typ != cComma {
			i++
			continue
		}
		start := i
		k := i + 1
		for k < n && p.toks[k].typ != cComma {
			if j := skipComp(k); j != k {
				k = j
			} else {
				k++
			}
		}
		words := k - start - 1
		if k >= n {
			if words >= commaEMin && words <= commaEMax {
				p.subs = append(p.subs, [2]int{start, n - 1})
			}
			break
		}
		if words >= commaMin && words <= commaMax {
			p.subs = append(p.subs, [2]int{start, k})
		}
		// TABARI pairs the commas: the one that closes a clause opens none.
		i = k + 1
	}
	for _, sb := range p.subs {
		for k := sb[0] + 1; k <= sb[1]; k++ {
			p.toks[k].typ = cNull
		}
	}
	// A compound cut by a subordinate clause is no compound.
	for ci, cp := range p.comps {
		for _, sb := range p.subs {
			if cp[0] <= sb[1] && sb[0] < cp[1] {
				p.comps[ci] = [2]int{-1, -1}
				for k := cp[0]; k <= cp[1]; k++ {
					p.toks[k].compd = 0
				}
			}
		}
	}
}

// subAt returns the end of the subordinate clause starting at k, or -1.
func (p *cParse) subAt(k int) int {
	for _, sb := range p.subs {
		if sb[0] == k {
			return sb[1]
		}
	}
	return -1
}

// markClauses splits the sentence at conjunctions outside compounds and
// subordinate clauses, except "noun and adjectives noun" and "adjective
// and adjective".
func (p *cParse) markClauses() {
	n := len(p.toks)
	start := 0
	for i := 0; i < n; i++ {
		if ci := p.compoundAt(i); ci >= 0 && p.comps[ci][0] == i {
			i = p.comps[ci][1]
			continue
		}
		if e := p.subAt(i); e >= 0 {
			i = e
			continue
		}
		if p.toks[i].typ != cConj || i == 0 || i+1 >= n {
			continue
		}
		if p.toks[i-1].typ == cNoun {
			k := i + 1
			for k < n && p.toks[k].typ == cAdj {
				k++
			}
			if k < n && p.toks[k].typ == cNoun {
				i = k
				continue
			}
		}
		if p.toks[i-1].typ == cAdj && p.toks[i+1].typ == cAdj {
			i++
			continue
		}
		p.clauses = append(p.clauses, [2]int{start, i - 1})
		start = i + 1
		i++
	}
	p.clauses = append(p.clauses, [2]int{start, n - 1})
}

// dereference makes pronouns stand for actors.
func (p *cParse) dereference() {
	for i := range p.toks {
		if p.toks[i].typ != cPron {
			continue
		}
		ref := -1
		switch p.toks[i].low {
		case "he", "him", "she", "her", "it":
			for k := 0; k < i; k++ {
				if ci := p.compoundAt(k); ci >= 0 {
					k = p.comps[ci][1]
					continue
				}
				if s := p.spanAt(k, cActor); s >= 0 {
					if p.spans[s].start == k {
						ref = s
						break
					}
				}
			}
		default: // they, them, their
			for k := 0; k < i; k++ {
				if p.toks[k].typ != cActor {
					continue
				}
				if ci := p.compoundAt(k); ci >= 0 && p.comps[ci][0] == k {
					ref = p.spanAt(k, cActor)
					break
				}
				if ref < 0 {
					ref = p.spanAt(k, cActor)
				}
			}
		}
		if ref < 0 {
			continue
		}
		r := p.spans[ref]
		p.addSpan(cSpan{start: i, end: i + 1, typ: cActor, entry: r.entry, code: r.code, ref: int32(ref)})
	}
}

// complex applies the suite's complexity filter (COMPLEX: VERBS[5]
// CONJ[4] NOACTPRIOR): more than five verbs, more than four conjunctions
// outside compounds, or no actor before the first coded verb.
func (p *cParse) complex(nullVerb func(cSpan) bool) bool {
	verbs, conjs := 0, 0
	for _, sp := range p.spans {
		if sp.typ == cVerb {
			verbs++
		}
	}
	for i := 0; i < len(p.toks); i++ {
		if ci := p.compoundAt(i); ci >= 0 && p.comps[ci][0] == i {
			i = p.comps[ci][1]
			continue
		}
		if p.toks[i].typ == cConj {
			conjs++
		}
	}
	if verbs > 5 || conjs > 4 {
		return true
	}
	first := -1
	for i := 0; i < len(p.toks); i++ {
		if e := p.subAt(i); e >= 0 {
			i = e
			continue
		}
		if s := p.spanAt(i, cVerb); s >= 0 && p.spans[s].start == i && !nullVerb(p.spans[s]) {
			first = i
			break
		}
	}
	if first < 0 {
		return false
	}
	for i := 0; i < first; i++ {
		if e := p.subAt(i); e >= 0 {
			i = e
			continue
		}
		if p.toks[i].typ == cActor {
			return false
		}
	}
	return true
}

// verbEnding: TABARI's regular verb endings.
func verbEnding(rest, stem string) bool {
	switch rest {
	case "", "s", "es", "ed", "en", "ing":
		return true
	case "d":
		return strings.HasSuffix(stem, "e")
	}
	return false
}
