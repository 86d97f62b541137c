package coder

// Classic mode, part 2: coding the parsed sentence clause by clause, verb
// by verb, as TABARI does. See classic.go for the rules.

import (
	"strings"
)

// cAct is an actor in an event: the span that names it (a pronoun's
// antecedent), its code and the agent attached to it.
type cAct struct {
	span       int // -1: none
	code       string
	agent      string
	agentFirst bool
}

func (a cAct) empty() bool { return a.span < 0 }

func (a cAct) equal(b cAct) bool {
	return a.span >= 0 && b.span >= 0 && a.code == b.code && a.agent == b.agent
}

// full writes the actor's code with its agent.
func (a cAct) full() string {
	if a.agent == "" {
		return a.code
	}
	// An agent code the actor's code already holds is not repeated
	// ("White House security officials" is USAGOV).
	for k := 0; k+len(a.agent) <= len(a.code); k += 3 {
		if a.code[k:k+len(a.agent)] == a.agent {
			return a.code
		}
	}
	if a.agentFirst {
		return a.agent + a.code
	}
	return a.code + a.agent
}

type cEvent struct {
	src, tgt         cAct
	code             string
	sub, dom         bool
	verb, rule, dict string
	srcText, tgtText string
}

// cOut is an event as classic mode returns it.
type cOut struct {
	src, tgt, code   string
	verb, rule, dict string
	srcText, tgtText string
}

type classicState struct {
	c                    *Coder
	p                    *cParse
	source, target       cAct
	regSource, regTarget bool
	passive              bool
	start, end           int // the clause
	events               []cEvent
	lowCache             []string
}

func noAct() cAct { return cAct{span: -1} }

// actorOf returns the actor a span names (a pronoun's antecedent) without
// agents.
func (st *classicState) actorOf(span int) cAct {
	sp := st.p.spans[span]
	if sp.ref >= 0 {
		span = int(sp.ref)
		sp = st.p.spans[span]
	}
	return cAct{span: span, code: sp.code}
}

// withAgent attaches the agent right after the actor, or right before it
// (past one preposition: "the government of Gondor").
func (st *classicState) withAgent(a cAct) cAct {
	if a.span < 0 {
		return a
	}
	p := st.p
	sp := p.spans[a.span]
	// "former" before the agent or the actor, or after the actor, makes
	// the agent an elite (ELI).
	former := sp.start > 0 && p.toks[sp.start-1].low == "former"
	tail := sp.end
	if tail < len(p.toks) && p.toks[tail].low == "former" {
		tail++
		former = true
	}
	if s := p.spanAt(tail, cAgent); s >= 0 && p.spans[s].start == tail {
		a.agent, a.agentFirst = p.spans[s].code, p.spans[s].entry.AgentFirst
		if former {
			a.agent, a.agentFirst = "ELI", false
		}
		return a
	}
	loc := sp.start
	if loc > 0 && (p.toks[loc-1].typ == cPrep || !st.c.classic.tabari && p.toks[loc-1].low == "from") {
		loc--
	}
	if s := p.spanAt(loc-1, cAgent); s >= 0 {
		a.agent, a.agentFirst = p.spans[s].code, p.spans[s].entry.AgentFirst
		if h := p.spans[s].start; former || h > 0 && p.toks[h-1].low == "former" {
			a.agent, a.agentFirst = "ELI", false
		}
	}
	return a
}

// findActor returns the first actor starting in [from, to], or -1.
func (st *classicState) findActor(from, to int) int {
	p := st.p
	for k := max(from, 0); k <= to && k < len(p.toks); k++ {
		if s := p.spanAt(k, cActor); s >= 0 && p.spans[s].start == k {
			return s
		}
	}
	return -1
}

// backActor returns the nearest actor at or before from, down to to.
func (st *classicState) backActor(from, to int) int {
	p := st.p
	for k := from; k >= to && k >= 0; k-- {
		if s := p.spanAt(k, cActor); s >= 0 {
			return s
		}
	}
	return -1
}

func (st *classicState) regularSource() {
	loc := st.start
	for {
		s := st.findActor(loc, st.end)
		if s < 0 {
			return
		}
		a := st.withAgent(st.actorOf(s))
		if !a.equal(st.target) {
			st.source, st.regSource = a, true
			return
		}
		loc = st.p.spans[s].start + 1
	}
}

func (st *classicState) regularTarget(verb int) {
	loc := verb + 1
	for {
		s := st.findActor(loc, st.end)
		if s < 0 {
			break
		}
		a := st.withAgent(st.actorOf(s))
		if !a.equal(st.source) {
			st.target, st.regTarget = a, true
			return
		}
		loc = st.p.spans[s].start + 1
	}
	loc = verb - 1
	for {
		s := st.backActor(loc, st.start)
		if s < 0 {
			break
		}
		a := st.withAgent(st.actorOf(s))
		if !a.equal(st.source) {
			st.target = a
			return
		}
		loc = st.p.spans[s].start - 1
	}
	// A compound source with no one else in view acts on itself.
	if st.source.span >= 0 && st.p.compoundAt(st.p.spans[st.source.span].start) >= 0 {
		st.target = st.source
	}
}

// passiveAt: BY within three words after the verb and WAS/WERE/BEEN one
// or two words before it.
func (st *classicState) passiveAt(verb int) bool {
	p := st.p
	by := false
	for k := verb + 1; k <= verb+3 && k < len(p.toks); k++ {
		if p.toks[k].typ == cBy {
			by = true
		}
	}
	if !by {
		return false
	}
	return verb > 0 && p.toks[verb-1].typ == cAux || verb > 1 && p.toks[verb-2].typ == cAux
}

// members returns the actors of the compound an actor belongs to, or the
// actor alone.
func (st *classicState) members(a cAct) []cAct {
	p := st.p
	ci := p.compoundAt(p.spans[a.span].start)
	if ci < 0 {
		return []cAct{a}
	}
	var out []cAct
	cp := p.comps[ci]
	for k := cp[0]; k <= cp[1]; k++ {
		if s := p.spanAt(k, cActor); s >= 0 && p.spans[s].start == k {
			out = append(out, st.withAgent(st.actorOf(s)))
			k = p.spans[s].end - 1
		}
	}
	if len(out) == 0 {
		return []cAct{a}
	}
	// PETRARCH: an agent before the compound is every member's ("the
	// ambassadors of A, B and C", "lawmakers in A and B").
	if !st.c.classic.tabari && out[0].agent != "" {
		for i := 1; i < len(out); i++ {
			if out[i].agent == "" {
				out[i].agent, out[i].agentFirst = out[0].agent, out[0].agentFirst
			}
		}
	}
	return out
}

// makeEvent codes the verb at token verb with code and reverse code.
func (st *classicState) makeEvent(verb int, code, rev string, rule, dict string) {
	if code == "---" && rev == "" {
		return
	}
	if st.source.empty() {
		st.regularSource()
	}
	if st.target.empty() {
		st.regularTarget(verb)
	}
	if st.source.empty() || st.target.empty() {
		return
	}
	if st.regSource && st.regTarget && st.passiveAt(verb) {
		st.source, st.target = st.target, st.source
		st.passive = true
	}
	vs := st.p.spans[st.p.toks[verb].span]
	verbText := strings.Join(st.words(vs.start, vs.end), " ")
	for _, s := range st.members(st.source) {
		for _, t := range st.members(st.target) {
			st.put(s, t, code, verbText, rule, dict)
			if rev != "" {
				st.put(t, s, rev, verbText, rule, dict)
			}
		}
	}
	if !st.regSource {
		st.source = noAct()
	}
	if !st.regTarget {
		st.target = noAct()
	}
}

func (st *classicState) words(from, to int) []string {
	out := make([]string, 0, to-from)
	for k := from; k < to; k++ {
		out = append(out, st.p.toks[k].low)
	}
	return out
}

func (st *classicState) put(s, t cAct, code, verb, rule, dict string) {
	e := cEvent{src: s, tgt: t, verb: verb, rule: rule, dict: dict}
	e.sub = strings.Contains(code, "?")
	e.dom = strings.Contains(code, "!")
	e.code = strings.NewReplacer("?", "", "!", "").Replace(code)
	e.srcText = st.spanText(s.span)
	e.tgtText = st.spanText(t.span)
	st.events = append(st.events, e)
}

func (st *classicState) spanText(span int) string {
	if span < 0 {
		return ""
	}
	sp := st.p.spans[span]
	return strings.Join(st.words(sp.start, sp.end), " ")
}

// doVerb tries the verb's patterns, longest first, then its own code.
func (st *classicState) doVerb(verb int) {
	c, p := st.c, st.p
	st.target = noAct()
	if st.passive {
		st.source = noAct()
		st.passive = false
	}
	sp := p.spans[p.toks[verb].span]
	vi := sp.verb.verb
	ve := &c.verbs[vi]
	got, gotAlt := false, false
	maxLen := 0
	mark := len(st.events)
	for _, pat := range c.classicPats[vi] {
		if gotAlt && pat.Chars <= maxLen {
			got = true
			break
		}
		m, ok := st.match(pat, sp)
		if !ok {
			continue
		}
		if pat.HasAlt {
			gotAlt = true
			if m.chars > maxLen {
				maxLen = m.chars
				st.events = st.events[:mark]
				st.setSlots(m)
				st.makeEvent(verb, pat.Code, pat.Reverse, pat.Text, pat.Source)
			}
			continue
		}
		st.events = st.events[:mark]
		st.setSlots(m)
		st.makeEvent(verb, pat.Code, pat.Reverse, pat.Text, pat.Source)
		got = true
		break
	}
	if !got && ve.verb.Code != "" {
		st.makeEvent(verb, ve.verb.Code, ve.verb.Reverse, "* (verb default)", ve.verb.Source)
	}
}

func (st *classicState) setSlots(m cMatch) {
	if m.source >= 0 {
		st.source = st.withAgent(st.actorOf(m.source))
	}
	if m.target >= 0 {
		st.target = st.withAgent(st.actorOf(m.target))
	}
	if m.compound >= 0 {
		a := st.actorOf(m.compound)
		st.source, st.target = a, a
	}
}

// classicEvents codes the parsed sentence.
func (c *Coder) classicEvents(p *cParse) []cOut {
	st := &classicState{c: c, p: p, source: noAct(), target: noAct()}
	for ci, cl := range p.clauses {
		st.start, st.end = cl[0], cl[1]
		if st.end-st.start < 2 {
			continue
		}
		if ci > 0 {
			if s := p.spanAt(st.start, cActor); s >= 0 && p.spans[s].start == st.start {
				st.source = st.actorOf(s)
			}
		}
		st.target = noAct()
		mark := len(st.events)
	verbs:
		for k := st.start; k <= st.end; k++ {
			if e := p.subAt(k); e >= 0 {
				k = e
				continue
			}
			if s := p.spanAt(k, cVerb); s >= 0 && p.spans[s].start == k {
				st.doVerb(k)
				for _, e := range st.events[mark:] {
					if !e.sub {
						break verbs
					}
				}
			}
		}
	}
	return st.finish()
}

// finish applies the special codes, dominant and subordinate events, and
// expands coded compounds, dropping duplicates and self-events.
func (st *classicState) finish() []cOut {
	evs := st.events
	hasDom, nonSub := false, false
	for _, e := range evs {
		switch e.code {
		case "###", "+++":
			return nil
		}
		if e.src.code == "+++" || e.tgt.code == "+++" {
			return nil
		}
		if e.dom {
			hasDom = true
			break
		}
		if !e.sub {
			nonSub = true
		}
	}
	var out []cOut
	seen := map[[3]string]bool{}
	for _, e := range evs {
		if e.code == "---" || hasDom && !e.dom || !hasDom && nonSub && e.sub {
			continue
		}
		for _, sc := range strings.Split(e.src.code, "/") {
			for _, tc := range strings.Split(e.tgt.code, "/") {
				s, t := e.src, e.tgt
				s.code, t.code = sc, tc
				if sc == "" || tc == "" || sc == "---" || tc == "---" {
					continue
				}
				key := [3]string{s.full(), t.full(), e.code}
				if s.full() == t.full() || seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, cOut{src: key[0], tgt: key[1], code: e.code, verb: e.verb, rule: e.rule, dict: e.dict, srcText: e.srcText, tgtText: e.tgtText})
			}
		}
	}
	return out
}
