package coder

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// maxGap is how many tokens may come between two pattern elements.
const maxGap = 3

// skipGap is the gap allowed after a "..." element.
const skipGap = 8

// slots is what a pattern fixed: the units in its source and target places.
type slots struct {
	source, target int // unit index, or -1
}

// events codes every verb of the sentence.
func (c *Coder) events(s *sent) []record.Event {
	if len(s.verbs) == 0 {
		// A sentence with no verb form may still name an event.
		return c.nominalEvents(s, hedgedSentence(s.low), map[string]bool{})
	}
	var out []record.Event
	speakers := c.speakers(s)
	hedged := hedgedSentence(s.low)
	seen := map[string]bool{}
	protests := map[int]bool{} // verbs that coded a protest
	coded := map[int]string{}  // verbs that coded an event: its root
	for vi, v := range s.verbs {
		ve := &c.verbs[v.ref.verb]
		code, pat, sl, ok := c.matchVerb(s, v, ve)
		if !ok || code == "" || code == "---" {
			continue
		}
		// "X said …" is how news reports everything; on its own it is not
		// an event worth recording (a pattern can still make it one).
		if pat == nil && sayWords[s.low[v.start]] {
			continue
		}
		reverse := ve.verb.Reverse
		if pat != nil {
			reverse = pat.Reverse
		}
		passive := isPassive(s, v)
		// "the nightly curfew imposed in Sudan": a participle after its
		// noun describes the noun; the deed was done before, by others.
		if !passive && (reducedRelative(s, v) || !c.opts.LiteralActions && (patientBefore(s, v) || ingModifier(s, v))) {
			continue
		}
		src, tgt := sl.source, sl.target
		if src < 0 || tgt < 0 {
			subj := subjectOf(s, v, vi)
			obj := objectOf(s, v, vi)
			if !passive && v.ref.participle && v.end < len(s.low) && s.low[v.end] == "by" {
				// "victims killed by the crash": a participle after its
				// noun; the noun, if an actor, is the target.
				if v.start == 0 || s.unitAt[v.start-1] < 0 {
					continue // the patient is no actor: nothing to code
				}
				subj = int(s.unitAt[v.start-1])
				passive = true
			}
			if passive {
				if by := byAgent(s, v); by >= 0 {
					if src < 0 {
						src = by
					}
					if tgt < 0 {
						tgt = subj
					}
				}
			} else {
				if src < 0 {
					src = subj
				}
				if tgt < 0 {
					tgt = obj
				}
				if tgt < 0 {
					tgt = c.objectPastInner(s, v, vi)
				}
				// "hoped French officials would be indicted": a comment's
				// actor that is the subject of a clause of its own is
				// what the comment is about, not whom it is made to.
				if tgt >= 0 && sl.target < 0 && strings.HasPrefix(code, "01") && !c.opts.LiteralActions && clauseSubject(s, tgt) {
					tgt = -1
				}
				// "Israel and Lebanon renewed negotiations on an Israeli
				// pullback": an object of a member's own country is
				// what the compound talks about, not a third party.
				if g := groupOf(s, src); len(g) > 1 && tgt >= 0 && s.units[tgt].group != s.units[src].group && memberCountry(s, g, tgt) {
					tgt = src
				}
			}
		}
		// A protest "in Beijing" is a protest against China; exercises,
		// strikes and fighting "in Donetsk" are done to Ukraine.
		placed := false
		if tgt < 0 && src >= 0 && (placeTargetRoot(code) || (code == "015" || strings.HasPrefix(code, "018")) && !c.opts.LiteralActions || threatToPlace(s, v, code) && !c.opts.LiteralActions) {
			for k, u := range s.units {
				if u.start < v.end {
					continue
				}
				// "issued arrest warrants for two Brazilians … in
				// Guyana": an actor before the place is what the deed
				// is about, found by another verb or by none.
				if !u.place && !c.opts.LiteralActions && !speaks(s, u.end) {
					break
				}
				if u.place {
					// "Thousands of Russians protested in Moscow": a
					// protest at home is against the state, below.
					if !c.opts.LiteralActions && strings.HasPrefix(code, "14") && u.actor.Country == unitCountry(s.units[src]) {
						break
					}
					tgt, placed = k, true
					break
				}
			}
		}
		// "Students staged mass demonstrations", "workers went on
		// strike": a protest by a country's own people with no other
		// target is a protest against their state.
		// "blocked a road to show their disapproval of the United
		// States' policies": whom a protest is against may come after
		// its purpose.
		if tgt < 0 && src >= 0 && !c.opts.LiteralActions && strings.HasPrefix(code, "14") {
			tgt = protestAgainst(s, v, src)
		}
		var home *record.Actor
		// "Turkish authorities imposed a curfew", "the government is
		// prepared to impose martial law": restrictions a state imposes
		// with no one named are imposed on its own people.
		if tgt < 0 && src >= 0 && !c.opts.LiteralActions && strings.HasPrefix(code, "172") && len(groupOf(s, src)) < 2 {
			if u := s.units[src]; u.agent == nil && !u.adjective && u.actor.Code == unitCountry(u) || u.agent != nil && stateAgents[u.agent.Code] || u.person {
				if cc := unitCountry(u); cc != "" {
					home = &record.Actor{Code: cc, Country: cc}
				}
			}
		}
		if tgt < 0 && src >= 0 && !c.opts.LiteralActions && strings.HasPrefix(code, "14") && len(groupOf(s, src)) < 2 {
			// "Young Algerians blocked roads": a people named by its
			// plural demonym is its country's people too.
			people := peopleNamed(s, s.units[src])
			if u := s.units[src]; people || u.agent != nil && domesticAgents[u.agent.Code] && u.agent.Code != "COP" {
				if cc := unitCountry(u); cc != "" {
					home = &record.Actor{Code: cc, Country: cc}
				}
			}
		}
		// "Modi and Xi met on the sidelines of the SCO summit": a body
		// named for its summit is where a compound met, not a party.
		if !c.opts.LiteralActions && src >= 0 && tgt >= 0 && sl.target < 0 && len(groupOf(s, src)) > 1 && summitName(s, tgt) {
			tgt = src
		}
		if src < 0 || (tgt < 0 && home == nil && !c.opts.AllowNoTarget && len(groupOf(s, src)) < 2) {
			continue
		}
		// "The Philippines protested China's actions": a state or its
		// government protests by a formal complaint, not in the street.
		if !c.opts.LiteralActions && strings.HasPrefix(code, "141") && officialUnit(s.units[src]) {
			code = "114"
		}
		// "announced sanctions and bans on travel to Canada": a state
		// does not sanction, visit, aid or court itself; its own name
		// after the verb is a destination or a topic.
		if !c.opts.LiteralActions && tgt >= 0 && tgt != src && selfTarget(s, src, tgt, code) {
			continue
		}
		if !c.opts.LiteralActions {
			// "Peacekeeping troops arrived in Bosnia": troops arriving
			// are deployed, not on a visit.
			if strings.HasPrefix(code, "042") && troopWords[s.low[s.units[src].end-1]] {
				continue
			}
			// "began a hunger strike to demand the return of …",
			// "rallied to protest …": what a protest is for is the
			// protest's content, not another event.
			if (strings.HasPrefix(code, "10") || strings.HasPrefix(code, "14") || strings.HasPrefix(code, "02")) && protestPurpose(s, v, vi, protests) {
				continue
			}
			// "backed a resolution that aims to impose …", "rejected an
			// ultimatum": a document's content, or the document named
			// as the object of the event, is no event of its own.
			if contentClause(s, v) || objectNoun(s, v, vi, coded) {
				continue
			}
			// "telephoned Kozyrev to discuss …", "met on Friday to
			// negotiate …": the purpose of a meeting is the same meeting.
			if strings.HasPrefix(code, "04") && meetingPurpose(s, v, vi, coded) {
				continue
			}
		}
		gov := governing(s, v)
		// "agreed to send humanitarian aid": a form right after another
		// verb is its object and shares what governs it.
		if gov == govNone && vi > 0 && adjoins(s, s.verbs[vi-1], v) {
			gov = governing(s, s.verbs[vi-1])
		}
		if c.opts.LiteralActions && gov != govUnreal {
			gov = govNone
		}
		// stated: the event is the statement of an intent or a threat,
		// which was made even when what it promises hangs on a
		// condition ("said they would meet the mediator if …").
		stated, refused := false, false
		switch gov {
		case govIntent:
			if rc := refusalCode(code); rc != "" && negated(s, v) && !c.opts.LiteralActions {
				// "said he would not provide support to Israel": a
				// cooperation announced as not to be is a refusal.
				code, reverse, stated, refused = rc, "", true, true
			} else if ic := intentCode(code); ic != "" {
				code, reverse, stated = ic, "", true
			} else if strings.HasPrefix(code, "15") {
				// "is ready to send troops": a posture not yet taken,
				// and no threat either.
				continue
			} else if tc := threatCode(code); tc != "" {
				// "will strike", "vowed to expel": force announced
				// is force threatened.
				code, reverse, stated = tc, "", true
			}
		case govThreat, govUnreal:
			// The threat is coded by the verb of threatening itself; an
			// action someone is urged or asked to take has not happened.
			// "The US claimed that ISIL had attacked Iraq": a deed
			// alleged is an accusation of its doer by whoever alleges it.
			if at, by := allegedBy(s, v); by >= 0 && src >= 0 && !c.opts.LiteralActions && hostileRoot(code) {
				for _, a := range groupOf(s, by) {
					out = c.pairEvent(s, out, pairArgs{code: "112", at: at, src: a, tgt: src, hedged: hedged, rule: allegeRule}, seen)
				}
			}
			continue
		}
		cb, known := c.codebook.Nearest(code)
		if !known {
			continue
		}
		if cb.Root == "14" {
			protests[vi] = true
		}
		coded[vi] = cb.Root
		base := record.Event{
			Text:        s.text,
			CAMEO:       cb.Code,
			Root:        cb.Root,
			Quad:        cb.Quad,
			Goldstein:   cb.Goldstein,
			PLOVER:      cb.PLOVER,
			Verb:        strings.Join(s.words[v.start:v.end], " "),
			Negated:     negated(s, v) && !refused,
			Hedged:      hedged,
			Conditional: conditionalClause(s, v) || !stated && conditionalVerb(s, v),
		}
		if pat != nil {
			base.Rule = &record.Rule{Pattern: pat.Text, Dict: pat.Source}
		} else {
			base.Rule = &record.Rule{Pattern: "* (verb default)", Dict: ve.verb.Source}
		}
		base.Date, base.DatePrecision = eventDate(s, v)
		base.Location = c.location(s, v)
		if sp := speakerFor(s, speakers, v, src); sp >= 0 {
			a := s.units[sp].actor
			base.AttributedTo = &a
		}
		for _, a := range groupOf(s, src) {
			// News coding records dyads of states and bodies; a region
			// ("European partners", "West African neighbours") is no one
			// that can be held to an event.
			if s.units[a].region && !c.opts.LiteralActions {
				continue
			}
			targets := groupOf(s, tgt)
			if tgt < 0 {
				targets = []int{-1}
			}
			if home != nil {
				e := base
				sa := s.units[a].actor
				e.Source, e.Target = &sa, home
				rootKey := "root:" + e.Root + "|" + sa.Code + "|" + home.Code
				ctyKey := "cty:" + e.Root + "|" + sa.Country + "|" + home.Code
				if !seen[rootKey] && !seen[ctyKey] {
					seen[rootKey], seen[ctyKey] = true, true
					out = append(out, e)
				}
				continue
			}
			// A compound subject with no object of its own acts on
			// itself both ways: "Russia and Ukraine exchanged prisoners".
			if tgt < 0 || (tgt == src) {
				targets = others(groupOf(s, src), a)
				// "West Germany and Ireland are opposed to the steps":
				// criticism, rejection, demands and threats by two
				// are aimed at each other only when the words say so.
				if !c.opts.LiteralActions && tgt < 0 && oneSidedRoot(base.Root) && !eachOther(s) {
					targets = nil
				}
				if len(targets) == 0 {
					if !c.opts.AllowNoTarget {
						continue
					}
					targets = []int{-1}
				}
			}
			for _, b := range targets {
				if b >= 0 && s.units[b].region && !c.opts.LiteralActions {
					continue
				}
				e := base
				sa := s.units[a].actor
				e.Source = &sa
				if b >= 0 {
					ta := s.units[b].actor
					if ta.Code == sa.Code {
						continue
					}
					e.Target = &ta
				}
				key := e.CAMEO + "|" + sa.Code + "|" + codeOf(e.Target)
				// News coding reports one event per dyad and root in a
				// sentence: "held talks … during a visit" is one meeting.
				rootKey := "root:" + e.Root + "|" + sa.Code + "|" + codeOf(e.Target)
				// … and per pair of countries: "a hunger strike outside
				// Parliament" against the state is one protest.
				ctyKey := "cty:" + e.Root + "|" + sa.Country + "|" + countryOf(e.Target)
				if seen[key] || !c.opts.LiteralActions && (seen[rootKey] || sa.Country != "" && seen[ctyKey]) {
					continue
				}
				// "issued arrest warrants for two Brazilians … in
				// Guyana": where the deed was done is no second target
				// of a deed already coded against someone.
				srcRootKey := "src:" + e.CAMEO + "|" + sa.Code
				if placed && !c.opts.LiteralActions && seen[srcRootKey] {
					continue
				}
				seen[key], seen[rootKey], seen[ctyKey], seen[srcRootKey] = true, true, true, true
				out = append(out, e)
				// Talks and telephone calls are held by both sides:
				// "X held talks with Y" is Y's talks with X too.
				if !c.opts.LiteralActions && mutualCode(e.CAMEO) && e.Target != nil && tgt != src && len(groupOf(s, src)) == 1 && len(groupOf(s, tgt)) == 1 && !mediation(s, v) {
					r := e
					r.Source, r.Target = e.Target, e.Source
					rkey := "root:" + r.Root + "|" + r.Source.Code + "|" + r.Target.Code
					if !seen[rkey] {
						seen[rkey], seen[r.CAMEO+"|"+r.Source.Code+"|"+r.Target.Code] = true, true
						out = append(out, r)
					}
				}
				// "X visited Y" is also "Y hosted X" in TABARI's and
				// PETRARCH's conventions; news coding records the visit
				// once, so a story is not counted twice.
				if rc, ok := c.codebook.Nearest(reverse); ok && c.opts.LiteralActions && reverse != "" && reverse != "---" && e.Target != nil {
					r := e
					r.Source, r.Target = e.Target, e.Source
					r.CAMEO, r.Root, r.Quad, r.Goldstein, r.PLOVER = rc.Code, rc.Root, rc.Quad, rc.Goldstein, rc.PLOVER
					rkey := r.CAMEO + "|" + r.Source.Code + "|" + r.Target.Code
					if !seen[rkey] {
						seen[rkey] = true
						out = append(out, r)
					}
				}
			}
		}
	}
	if !c.opts.LiteralActions {
		out = append(out, c.obligations(s, hedged, seen)...)
		out = append(out, c.nominalEvents(s, hedged, seen)...)
	}
	return out
}

func countryOf(a *record.Actor) string {
	if a == nil {
		return ""
	}
	return a.Country
}

func codeOf(a *record.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func others(group []int, a int) []int {
	var out []int
	for _, g := range group {
		if g != a {
			out = append(out, g)
		}
	}
	return out
}

// groupOf returns the units of the compound u belongs to.
func groupOf(s *sent, u int) []int {
	if u < 0 {
		return nil
	}
	var out []int
	for k := range s.units {
		if s.units[k].group == s.units[u].group {
			out = append(out, k)
		}
	}
	return out
}

// matchVerb tries a verb's patterns, most specific first, and falls back
// to the verb's own code.
func (c *Coder) matchVerb(s *sent, v verbHit, ve *verbEntry) (string, *Pattern, slots, bool) {
	for _, p := range ve.patterns {
		if sl, ok := matchPattern(s, v, p); ok {
			return p.Code, p, sl, true
		}
	}
	code := ve.verb.Code
	if code == "" || code == "---" {
		return "", nil, slots{-1, -1}, false
	}
	return code, nil, slots{-1, -1}, true
}

// matchPattern matches the elements after the verb forwards from its end
// and the elements before it backwards from its start.
func matchPattern(s *sent, v verbHit, p *Pattern) (slots, bool) {
	sl := slots{-1, -1}
	vpos := -1
	for i, e := range p.Elems {
		if e.Kind == ElemVerb {
			vpos = i
			break
		}
	}
	if vpos < 0 {
		return sl, false
	}
	// Forwards.
	pos, gap := v.end, maxGap
	for _, e := range p.Elems[vpos+1:] {
		next, unitIdx, ok := matchElem(s, e, pos, gap, +1)
		if !ok {
			return sl, false
		}
		if e.Kind == ElemSkip {
			gap = skipGap
			continue
		}
		gap = maxGap
		pos = next
		setSlot(&sl, e.Kind, unitIdx)
	}
	// Backwards: pos is one past the token to look at.
	pos, gap = v.start, maxGap
	for k := vpos - 1; k >= 0; k-- {
		e := p.Elems[k]
		next, unitIdx, ok := matchElem(s, e, pos, gap, -1)
		if !ok {
			return sl, false
		}
		if e.Kind == ElemSkip {
			gap = skipGap
			continue
		}
		gap = maxGap
		pos = next
		setSlot(&sl, e.Kind, unitIdx)
	}
	return sl, true
}

func setSlot(sl *slots, k ElemKind, u int) {
	switch k {
	case ElemTarget:
		sl.target = u
	case ElemSource:
		sl.source = u
	case ElemCompound:
		// The event runs between the compound's members: source and
		// target both name it, and events() pairs the members.
		sl.source, sl.target = u, u
	}
}

// matchElem finds element e within gap tokens of pos in direction dir
// (+1 forwards from pos, -1 backwards from pos-1) and returns the position
// after it (before it, going backwards) and the unit it took, if any.
func matchElem(s *sent, e Elem, pos, gap, dir int) (int, int, bool) {
	switch e.Kind {
	case ElemSkip:
		return pos, -1, true
	case ElemAny:
		if dir > 0 {
			if pos < len(s.low) {
				return pos + 1, -1, true
			}
		} else if pos > 0 {
			return pos - 1, -1, true
		}
		return pos, -1, false
	}
	opened := false
	for k := 0; k <= gap; k++ {
		var t int
		if dir > 0 {
			t = pos + k
		} else {
			t = pos - 1 - k
		}
		if t < 0 || t >= len(s.low) {
			return pos, -1, false
		}
		if s.toks[t].Kind == text.Punct && (s.low[t] == ";" || s.low[t] == ":" || s.low[t] == "(" || s.low[t] == ")") {
			return pos, -1, false
		}
		switch e.Kind {
		case ElemWord:
			// Pattern words may fall inside an actor phrase: "withdrew
			// its ambassador", "pledged military aid".
			if dir > 0 {
				if n := e.MatchAt(s.low, t); n > 0 {
					return t + n, -1, true
				}
				// "announced that he will extend the curfew": what a
				// clause of its own says with a verb of its own is that
				// verb's ("alleged that France was aware of … the
				// genocide" has none, and the genocide is the charge).
				if clauseOpeners[s.low[t]] {
					opened = true
				} else if opened && isFiniteVerbAt(s, t) {
					return pos, -1, false
				}
				continue
			}
			// Backwards: a phrase of up to four words ending at t.
			for start := t; start >= 0 && start > t-4; start-- {
				if n := e.MatchAt(s.low, start); n == t-start+1 {
					return start, -1, true
				}
			}
		case ElemCompound:
			if u := s.unitAt[t]; u >= 0 && len(groupOf(s, int(u))) > 1 {
				g := groupOf(s, int(u))
				first, last := s.units[g[0]], s.units[g[len(g)-1]]
				if dir > 0 {
					return last.end, int(u), true
				}
				return first.start, int(u), true
			}
		case ElemTarget, ElemSource:
			if u := s.unitAt[t]; u >= 0 {
				un := s.units[u]
				// "agreed to a ceasefire after talks in Malaysia": a
				// place some words on is where, not a party; one right
				// after the pattern's preposition ("arrived in +") is.
				if un.place && dir > 0 && t > pos && s.notLiteral {
					continue
				}
				if dir > 0 {
					return un.end, int(u), true
				}
				return un.start, int(u), true
			}
		}
	}
	return pos, -1, false
}

// subjectOf is the nearest actor before the verb that is not a place, not
// inside a relative clause opened after it, and not past an earlier verb
// that already has it as object.
func subjectOf(s *sent, v verbHit, vi int) int {
	// "X shelled the city, killing eight": a participle after a comma
	// shares the subject of the clause before it.
	if v.start > 0 && s.low[v.start-1] == "," && strings.HasSuffix(s.low[v.start], "ing") {
		for p := vi - 1; p >= 0; p-- {
			if !nounUse(s, s.verbs[p]) {
				return subjectOf(s, s.verbs[p], p)
			}
		}
		return -1
	}
	// "seeking to mend ties", "agreed to send": a verb right after
	// another and "to" shares its subject.
	if vi > 0 && v.start > 1 && s.low[v.start-1] == "to" && s.verbs[vi-1].end == v.start-1 && !nounUse(s, s.verbs[vi-1]) {
		return subjectOf(s, s.verbs[vi-1], vi-1)
	}
	// "X met Y (on Tuesday) to discuss …": a purpose after an object is
	// the first verb's subject's ("helped Y to rebuild" is Y's own).
	if vi > 0 && v.start > 1 && s.low[v.start-1] == "to" && !causeWords[s.low[s.verbs[vi-1].start]] {
		k := v.start - 2
		for k > s.verbs[vi-1].end && adverbialWords[s.low[k]] {
			k--
		}
		if u := s.unitAt[k]; u >= 0 && s.units[u].start >= s.verbs[vi-1].end {
			return subjectOf(s, s.verbs[vi-1], vi-1)
		}
	}
	// "because of fighting between …", "after days of heavy shelling":
	// a noun after "of" has no subject before it; nor has "an appeal
	// for deploying troops".
	if v.start > 1 && s.low[v.start-1] == "for" && strings.HasSuffix(s.low[v.start], "ing") && !isFiniteVerbAt(s, v.start-2) {
		return -1
	}
	if v.start > 0 && (s.low[v.start-1] == "of" || v.start > 1 && s.low[v.start-2] == "of" && s.unitAt[v.start-1] < 0 && strings.HasSuffix(s.low[v.start], "ing")) {
		return -1
	}
	// "killed or wounded": verbs joined by "and"/"or" share a subject.
	if vi > 0 && v.start > 0 && (s.low[v.start-1] == "and" || s.low[v.start-1] == "or") && s.verbs[vi-1].end == v.start-1 {
		return subjectOf(s, s.verbs[vi-1], vi-1)
	}
	// "Benin opened its borders …, but was still refusing …": a verb
	// after "and"/"but" with no subject of its own shares the subject
	// of the last finite verb before it.
	if p := coordinated(s, v, vi); p >= 0 {
		return subjectOf(s, s.verbs[p], p)
	}
	conj := afterConjunction(s, v)
	// "a Security Council resolution that aims to …", "refugees, whom
	// authorities blame": the relative clause's subject is a noun that
	// is no actor, or is named after "whom".
	if relativeNoActor(s, v) {
		return -1
	}
	for k := len(s.units) - 1; k >= 0; k-- {
		u := s.units[k]
		if u.end > v.start || u.place {
			continue
		}
		// "The talks between Iran and the United States ended": an
		// actor after these prepositions belongs to a noun before it.
		if g := groupOf(s, k); s.notLiteral && s.units[g[0]].start > 0 && objectPreps[s.low[s.units[g[0]].start-1]] && !isPassive(s, v) {
			return -1
		}
		// "Opponents of Rwanda's Senate protested": the actor is whom
		// the subject opposes.
		if u.start > 1 && s.low[u.start-1] == "of" && opposerWords[s.low[u.start-2]] {
			return -1
		}
		// "the Turkish and Greek sides of the divided Mediterranean
		// island": a region named without an agent describes a thing;
		// it does not act.
		if u.region && u.agent == nil {
			continue
		}
		// "… as shells continued crashing into …": a clause opened
		// after the actor with a subject of its own that is no actor.
		if ownSubject(s, u.end, v.start) || commaSubject(s, u.end, v.start) || otherSpeaker(s, u.end, v.start) {
			return -1
		}
		// "The plan would cap Ukraine's army and lift sanctions": a verb
		// joined by "and" shares the subject of the verb before it, which
		// the dictionaries may not know; an actor that stands after a word
		// of that clause is its object, never the subject.
		if conj && objectPlace(s, s.units[groupOf(s, k)[0]].start) {
			return -1
		}
		// "… Russia, which attacked …": the relative pronoun's antecedent.
		return k
	}
	return -1
}

// afterConjunction: v follows "and" or "but" (past auxiliaries and
// adverbs) with no actor of its own between: a verb joined to another.
func afterConjunction(s *sent, v verbHit) bool {
	k := v.start - 1
	for k >= 0 && (auxWords[s.low[k]] || strings.HasSuffix(s.low[k], "ly") && s.unitAt[k] < 0) {
		k--
	}
	return k >= 1 && (s.low[k] == "and" || s.low[k] == "but")
}

// objectPlace: the actor starting at token i (past its determiner or a
// possessive's owner) comes right after a plain word — a verb or a
// preposition of the clause before it — rather than at a clause's start.
func objectPlace(s *sent, i int) bool {
	j := i - 1
	for j >= 0 && determiners[s.low[j]] {
		j--
	}
	if j < 0 || s.toks[j].Kind != text.Word {
		return false
	}
	w := s.low[j]
	return w != "and" && w != "but" && w != "or" && w != "that" && w != "which" && w != "who" && !subordinators[w] && !sayWords[w]
}

// auxWords may stand between a conjunction and the verb it joins.
var auxWords = toSet("was were is are has have had been be being did does do will would could should may might also still then later again not never already further jointly subsequently")

// coordinated returns the verb whose subject v shares when v follows
// "and"/"but" (and auxiliaries) with no actor of its own, or -1.
func coordinated(s *sent, v verbHit, vi int) int {
	k := v.start - 1
	for k >= 0 && (auxWords[s.low[k]] || strings.HasSuffix(s.low[k], "ly") && s.unitAt[k] < 0) {
		k--
	}
	if k < 1 || (s.low[k] != "and" && s.low[k] != "but") {
		return -1
	}
	if k > 0 && s.low[k-1] == "," {
		k--
	}
	// The verb before the conjunction, not used as a noun; none of the
	// words between is an actor that could be the subject itself.
	// The first finite verb of the sentence is the main clause's: in
	// "opened its borders to Africans ordered out of Nigeria, but was
	// refusing" it is "opened", not the participle after a noun.
	for p := 0; p < vi; p++ {
		pv := s.verbs[p]
		if pv.end > k {
			break
		}
		if nounUse(s, pv) || strings.HasSuffix(s.low[pv.start], "ing") && pv.start > 0 && !auxWords[s.low[pv.start-1]] {
			continue
		}
		return p
	}
	return -1
}

// relativeNoActor: the verb opens a relative clause ("that aims",
// "which keeps") whose antecedent is a common noun rather than an actor,
// or its subject comes after "whom"/"whose".
func relativeNoActor(s *sent, v verbHit) bool {
	k := v.start - 1
	for k >= 0 && auxWords[s.low[k]] {
		k--
	}
	// "a resolution that aims to impose": past the governing verb.
	if k > 1 && s.low[k] == "to" && governing(s, v) != govNone {
		k -= 2
		for k >= 0 && auxWords[s.low[k]] {
			k--
		}
	}
	if k < 1 {
		return false
	}
	switch s.low[k] {
	case "that", "which", "who":
		j := k - 1
		if j >= 0 && s.low[j] == "," {
			j--
		}
		return j >= 0 && s.unitAt[j] < 0 && s.toks[j].Kind == text.Word && !sayWords[s.low[j]] && !urgeWords[s.low[j]]
	}
	for j := k; j >= 0 && j >= v.start-4; j-- {
		if s.low[j] == "whom" || s.low[j] == "whose" {
			return true
		}
	}
	return false
}

// timeWords after a subordinator make it a preposition of time.
var timeWords = toSet("years year months month weeks week days day hours decades last several two three four five six seven eight nine ten")

// subordinators open a clause of their own.
var subordinators = toSet("as while when whereas although though because since after before until unless if where")

// ownSubject: between the actor (ending at from) and the verb there is a
// subordinating word followed by words of a subject that is no actor
// ("as shells continued", "while the death toll rose").
func ownSubject(s *sent, from, to int) bool {
	// "opened the bridge after four years to allow …": an infinitive is
	// no clause's finite verb.
	if to > 0 && s.low[to-1] == "to" {
		return false
	}
	for k := from; k < to; k++ {
		if !subordinators[s.low[k]] {
			continue
		}
		// "after four years", "since 1990": a time, not a clause.
		if k+1 < to && (s.toks[k+1].Kind == text.Number || timeWords[s.low[k+1]]) {
			continue
		}
		words := 0
		for j := k + 1; j < to; j++ {
			if auxWords[s.low[j]] {
				continue
			}
			if s.toks[j].Kind == text.Word && !determiners[s.low[j]] {
				words++
			}
		}
		return words > 0
	}
	return false
}

// otherSpeaker: between the actor and the verb someone who is no actor
// speaks ("…, but media reports said sporadic clashes were continuing"):
// the verb is in what they say, with a subject of its own.
func otherSpeaker(s *sent, from, to int) bool {
	for k := to - 1; k > from; k-- {
		if !sayWords[s.low[k]] {
			continue
		}
		j := k - 1
		for j >= from && (adverbialWords[s.low[j]] || auxWords[s.low[j]] || strings.HasSuffix(s.low[j], "ly")) {
			j--
		}
		if j < from {
			return false // the actor itself speaks
		}
		p := s.low[j]
		return s.unitAt[j] < 0 && !pronouns[p] && p != "," && s.toks[j].Kind == text.Word && !isVerbAt(s, j)
	}
	return false
}

// commaSubject: after the actor a comma opens a clause whose subject is a
// noun phrase that is no actor, right before the verb: "…, a human
// rights group protested", "…, the newspaper reported".
func commaSubject(s *sent, from, to int) bool {
	c := -1
	for k := from; k < to; k++ {
		if s.low[k] == "," {
			c = k
		}
	}
	if c < 0 || c+2 >= to || !determiners[s.low[c+1]] {
		return false
	}
	for k := c + 2; k < to; k++ {
		if s.toks[k].Kind != text.Word || s.unitAt[k] >= 0 || isVerbAt(s, k) || auxWords[s.low[k]] || s.low[k] == "who" || s.low[k] == "which" || s.low[k] == "that" {
			return false
		}
	}
	return to-c <= 7
}

// objectOf is the first actor after the verb, before the next verb, that
// is not a place.
func objectOf(s *sent, v verbHit, vi int) int {
	limit := len(s.low)
	// "to provide 70 million dollars of aid for Romania", "began a
	// hunger strike outside Parliament": a verb form used as a noun
	// opens no clause of its own.
	for vi+1 < len(s.verbs) && nounUse(s, s.verbs[vi+1]) && !strings.HasSuffix(s.low[s.verbs[vi+1].start], "ing") {
		vi++
	}
	if vi+1 < len(s.verbs) {
		limit = s.verbs[vi+1].start
		// "donated and personally delivered goods to Baghdad": verbs
		// joined by "and" share the object after the second.
		if j := vi + 1; andJoined(s, v, s.verbs[j]) {
			limit = len(s.low)
			if j+1 < len(s.verbs) {
				limit = s.verbs[j+1].start
			}
		}
		// "threatened to cut off gas to Moldova", "refused to meet
		// Zelensky": the verb after "to" is not an event of its own, so
		// its object is this verb's.
		next := s.verbs[vi+1]
		if next.start <= v.end+3 && next.start > v.end && s.low[next.start-1] == "to" {
			if g := governing(s, next); g == govThreat || g == govUnreal {
				limit = len(s.low)
				// "threatened to resume attacks on Israel": a form right
				// after the governed verb is its object noun.
				j := vi + 2
				for j < len(s.verbs) && s.verbs[j].start == s.verbs[j-1].end {
					j++
				}
				if j < len(s.verbs) {
					limit = s.verbs[j].start
				}
			}
		}
	}
	// "eased curbs as authorities in Croatia cracked down": the object
	// is in the verb's own clause.
	for k := v.end; k < limit; k++ {
		if objectStop[s.low[k]] && s.unitAt[k] < 0 || s.low[k] == "as" && asClause(s, k, limit) ||
			s.low[k] == "," && k+1 < len(s.low) && sayWords[s.low[k+1]] {
			limit = k
			break
		}
	}
	for k := range s.units {
		u := s.units[k]
		if u.start < v.end || u.place {
			continue
		}
		if u.start >= limit {
			break
		}
		// "…, the White House announced": the subject of a verb of
		// saying is a speaker, not the object.
		if speaks(s, u.end) {
			continue
		}
		return k
	}
	return -1
}

// andJoined: b follows a after "and" and adverbs only.
func andJoined(s *sent, a, b verbHit) bool {
	if b.start <= a.end || b.start-a.end > 3 {
		return false
	}
	and := false
	for k := a.end; k < b.start; k++ {
		switch w := s.low[k]; {
		case w == "and":
			// "killing or wounding five": of two deeds named with
			// "or", the object's is the last (the milder, as a rule).
			and = true
		case strings.HasSuffix(w, "ly") && s.unitAt[k] < 0:
		default:
			return false
		}
	}
	return and
}

// asClause: the "as" at k opens a clause with a verb of its own before
// limit ("eased curbs as authorities in Croatia cracked down").
func asClause(s *sent, k, limit int) bool {
	if k+1 >= len(s.low) || !determiners[s.low[k+1]] && s.unitAt[k+1] < 0 {
		return false
	}
	for j := k + 1; j < len(s.low) && j < k+10; j++ {
		if s.low[j] == "," || s.low[j] == ";" {
			return false
		}
		if isFiniteVerbAt(s, j) && s.unitAt[j] < 0 {
			return true
		}
	}
	return false
}

// objectStop are words that open another clause.
var objectStop = toSet("; : while because but which who whom whose since until when whereas although though unless")

// causeWords make their object the doer of the verb after "to".
var causeWords = toSet("allow allowed allows allowing help helped helps helping enable enabled enables permit permitted permits let lets invite invited invites urge urged urges ask asked asks encourage encouraged encourages force forced forces persuade persuaded order ordered orders tell told want wanted wants expect expected")

// adjoins: b follows a within three words, with no actor or punctuation
// between.
func adjoins(s *sent, a, b verbHit) bool {
	if b.start < a.end || b.start-a.end > 3 {
		return false
	}
	for k := a.end; k < b.start; k++ {
		if s.unitAt[k] >= 0 || clauseBreak[s.low[k]] || s.low[k] == "and" || s.low[k] == "to" {
			return false
		}
	}
	return true
}

// isFiniteVerbAt: a verb form found at token k, not used as a noun.
func isFiniteVerbAt(s *sent, k int) bool {
	for _, v := range s.verbs {
		if v.start <= k && k < v.end {
			return !nounUse(s, v)
		}
	}
	return false
}

// nounUse: the verb form is a noun after a determiner ("a surprise
// visit", "the attack", "a United Nations appeal").
func nounUse(s *sent, v verbHit) bool {
	for k := v.start - 1; k >= 0 && k >= v.start-2; k-- {
		if u := s.unitAt[k]; u >= 0 {
			if st := s.units[u].start; k == v.start-1 && st > 0 && (s.low[st-1] == "a" || s.low[st-1] == "an") {
				return true
			}
			return false
		}
		switch s.low[k] {
		case "a", "an", "the", "his", "her", "its", "their", "this", "of":
			return true
		}
	}
	return false
}

// speaks: the words from k are a verb of saying, perhaps after a
// speaker noun ("Thai military sources said").
func speaks(s *sent, k int) bool {
	// "Human Rights Watch (HRW) said": past an acronym in brackets.
	if k < len(s.low) && s.low[k] == ")" {
		k++
	}
	if k < len(s.low) && s.low[k] == "(" {
		for j := k + 1; j < len(s.low) && j <= k+4; j++ {
			if s.low[j] == ")" {
				k = j + 1
				break
			}
		}
	}
	if k < len(s.low) && speakerNouns[s.low[k]] && s.unitAt[k] < 0 {
		k++
	}
	return k < len(s.low) && sayWords[s.low[k]]
}

var speakerNouns = toSet("sources source officials official spokesman spokeswoman spokesperson media radio television agency police statement")

// isPassive: a form of "be" or "get" just before a participle.
func isPassive(s *sent, v verbHit) bool {
	if !v.ref.participle {
		return false
	}
	// "Israel is opposed to French mediation": a state of mind, active.
	if v.end < len(s.low) && s.low[v.end] == "to" && statePastParticiple[s.low[v.start]] {
		return false
	}
	for k := v.start - 1; k >= 0 && k >= v.start-3; k-- {
		switch s.low[k] {
		case "was", "were", "is", "are", "been", "being", "be", "got", "gets", "get":
			return true
		case "not", "reportedly", "allegedly", "also", "later", "then", "apparently", "reported", "never":
			continue
		default:
			if !strings.HasSuffix(s.low[k], "ly") {
				return false
			}
		}
	}
	return false
}

// statePastParticiple are participles that, with "be … to", say what the
// subject holds rather than what was done to it.
var statePastParticiple = toSet("opposed committed dedicated determined resigned")

// byAgent is the actor after "by" following a passive verb.
func byAgent(s *sent, v verbHit) int {
	for k := v.end; k < len(s.low) && k <= v.end+4; k++ {
		if s.low[k] == "by" && k+1 < len(s.low) {
			for t := k + 1; t < len(s.low) && t <= k+3; t++ {
				if u := s.unitAt[t]; u >= 0 && !s.units[u].place {
					return int(u)
				}
			}
			return -1
		}
	}
	return -1
}

// eventDate is the date the sentence gives nearest the verb, else the
// article's date.
func eventDate(s *sent, v verbHit) (string, string) {
	exprs := s.dates
	best, bestDist := -1, 1<<30
	vpos := s.toks[v.start].Start
	for i, d := range exprs {
		if boundPrep[d.Prep] {
			continue // the bound of something else, not the event's day
		}
		dist := d.Start - vpos
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = i, dist
		}
	}
	if best >= 0 {
		return exprs[best].Date, exprs[best].Precision
	}
	if s.ref.IsZero() {
		return "", ""
	}
	return s.ref.Format("2006-01-02"), "day"
}

// location is the first place after the verb ("met in Anchorage").
func (c *Coder) location(s *sent, v verbHit) *record.Location {
	for _, u := range s.units {
		if u.place && u.start >= v.end {
			return &record.Location{Name: placeName(u), Country: u.actor.Country}
		}
	}
	for _, u := range s.units {
		if u.place {
			return &record.Location{Name: placeName(u), Country: u.actor.Country}
		}
	}
	return nil
}

func placeName(u unit) string {
	if u.actor.Name != "" && !strings.Contains(strings.ToLower(u.actor.Name), "government") {
		return u.actor.Name
	}
	return u.actor.Text
}

const allegeRule = "$ claimed|alleged that + <hostile deed> (allegation)"

// allegedBy: the verb is in a clause opened by "claimed that", "alleged
// that" (and adverbials): it returns the alleging word and the unit that
// alleges, or -1.
func allegedBy(s *sent, v verbHit) (verbHit, int) {
	k := v.start - 1
	for steps := 0; k > 0 && steps < 10; steps++ {
		if u := s.unitAt[k]; u >= 0 {
			k = s.units[u].start - 1
			continue
		}
		if s.low[k] == "that" {
			break
		}
		if clauseBreak[s.low[k]] {
			return verbHit{}, -1
		}
		k--
	}
	if k <= 0 || s.low[k] != "that" {
		return verbHit{}, -1
	}
	j := k - 1
	for j > 0 && adverbialWords[s.low[j]] {
		j--
	}
	if !allegeWords[s.low[j]] || s.low[j] == "accused" || s.low[j] == "accuses" || s.low[j] == "accusing" || s.low[j] == "accuse" {
		return verbHit{}, -1
	}
	for u := len(s.units) - 1; u >= 0; u-- {
		if un := s.units[u]; un.end <= j && !un.place {
			return verbHit{start: j, end: j + 1}, u
		}
	}
	return verbHit{}, -1
}

// hostileRoot: roots whose deed, alleged, is an accusation.
func hostileRoot(code string) bool {
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "13", "14", "15", "16", "17", "18", "19", "20":
		return true
	}
	return false
}

// threatToPlace: a threat to do something to a place ("threatened to
// impose a curfew in Algiers", "threatened to resume attacks in Israel"):
// the place names whom the threat is aimed at.
func threatToPlace(s *sent, v verbHit, code string) bool {
	return strings.HasPrefix(code, "13") && v.end+1 < len(s.low) && (s.low[v.end] == "to" || s.unitAt[v.end] < 0 && s.low[v.end+1] == "to")
}

// placeTargetRoot: roots whose event is done to the place it happens in,
// when the sentence names no other target.
func placeTargetRoot(code string) bool {
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "14", "15", "17", "18", "19", "20":
		return true
	case "08":
		// "lifted the curfew in Montenegro", "evacuated settlements in
		// Gaza".
		return true
	}
	return false
}

// peopleNamed: a bare demonym names a people ("Young Algerians", "Iraqi
// Kurds"): a plural demonym, or a demonym before a plural noun that is no
// agent and no verb.
func peopleNamed(s *sent, u unit) bool {
	if !u.adjective || u.agent != nil || u.end-u.start != 1 {
		return false
	}
	if strings.HasSuffix(s.low[u.start], "s") {
		return true
	}
	n := u.end
	return n < len(s.low) && s.toks[n].Kind == text.Word && s.unitAt[n] < 0 && strings.HasSuffix(s.low[n], "s") &&
		!strings.HasSuffix(s.low[n], "ss") && !isVerbAt(s, n)
}

// isVerbAt: a verb form was found at token k.
func isVerbAt(s *sent, k int) bool {
	for _, v := range s.verbs {
		if v.start <= k && k < v.end {
			return true
		}
	}
	return false
}

// clauseSubject: the unit is followed by the auxiliary or modal of a verb
// of its own ("French officials would be indicted").
func clauseSubject(s *sent, u int) bool {
	e := s.units[u].end
	return e < len(s.low) && (modal[s.low[e]] || s.low[e] == "will" || s.low[e] == "had" || s.low[e] == "has" || s.low[e] == "have" || s.low[e] == "was" || s.low[e] == "were" || s.low[e] == "is" || s.low[e] == "are")
}

// selfTarget: the target is the bare state the source belongs to, for an
// event no state does to itself.
func selfTarget(s *sent, src, tgt int, code string) bool {
	su, tu := s.units[src], s.units[tgt]
	// "The Security Council agreed to extend UNIFIL's mandate": a body
	// and its own mission or organ are one side.
	if a, b := su.actor.Code, tu.actor.Code; strings.HasPrefix(a, "IGO") && len(a) >= 6 && len(b) >= 6 && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
		return true
	}
	cc := unitCountry(su)
	if cc == "" || tu.actor.Code != cc || len(groupOf(s, src)) > 1 {
		return false
	}
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "03", "04", "05", "06", "07", "16":
		return true
	}
	return strings.HasPrefix(code, "172") && len(code) == 3
}

// mediation: the words after the verb speak of mediating, which one
// side does between others.
func mediation(s *sent, v verbHit) bool {
	for k := v.start; k < len(s.low) && k < v.end+4; k++ {
		if strings.HasPrefix(s.low[k], "mediat") || s.low[k] == "between" {
			return true
		}
	}
	return false
}

// mutualCode: events both parties take part in alike.
func mutualCode(code string) bool { return code == "041" || code == "046" }

// objectPreps before an actor make it the object of a preposition.
var objectPreps = toSet("between with against among by")

// opposerWords before "of" and an actor name people against it.
var opposerWords = toSet("opponents opponent critics critic enemies enemy foes foe rivals rival")

// summitName: the unit names a body whose summit or meeting follows it.
func summitName(s *sent, u int) bool {
	e := s.units[u].end
	return e < len(s.low) && (s.low[e] == "summit" || s.low[e] == "summits" || s.low[e] == "meeting" || s.low[e] == "conference" || s.low[e] == "forum")
}

// officialUnit: a state, a government or a body of states, not its
// people.
func officialUnit(u unit) bool {
	if u.person {
		return true
	}
	if u.agent != nil {
		return u.agent.Code == "GOV"
	}
	return !u.adjective && (u.actor.Code == unitCountry(u) || strings.HasPrefix(u.actor.Code, "IGO"))
}

// protestAgainst: the first actor after the protest verb, in its
// sentence and before a speaker, that is not the protesters' own group.
func protestAgainst(s *sent, v verbHit, src int) int {
	for k, u := range s.units {
		if u.start < v.end || u.place || s.units[k].group == s.units[src].group {
			continue
		}
		if u.start > v.end+15 {
			break
		}
		for j := v.end; j < u.start; j++ {
			if s.low[j] == ";" || s.low[j] == "," && j+1 < len(s.low) && (sayWords[s.low[j+1]] || determiners[s.low[j+1]]) {
				return -1
			}
		}
		if speaks(s, u.end) || u.start > 0 && sayWords[s.low[u.start-1]] {
			return -1
		}
		// "Iraqi Kurds demonstrated … calling for independence from
		// Iraq": the protesters' own state is the home target below.
		if cc := unitCountry(s.units[src]); cc != "" && u.actor.Code == cc {
			return -1
		}
		return k
	}
	return -1
}

// oneSidedRoot: roots whose event a compound does not do to itself
// unless "each other" says so.
func oneSidedRoot(root string) bool {
	switch root {
	case "01", "02", "10", "11", "12", "13", "16", "17":
		return true
	}
	return false
}

// eachOther: the sentence says its parties act on one another.
func eachOther(s *sent) bool {
	for i := 0; i+1 < len(s.low); i++ {
		if (s.low[i] == "each" && s.low[i+1] == "other") || (s.low[i] == "one" && s.low[i+1] == "another") {
			return true
		}
	}
	return false
}

// stateAgents are the agents that act for a state at home.
var stateAgents = toSet("GOV MIL COP JUD LEG")

// troopWords end an actor phrase that names soldiers rather than a person.
var troopWords = toSet("troops forces soldiers peacekeepers army units contingent battalion brigade")

// protestPurpose: the verb says what an earlier protest in the sentence is
// for: "… to demand", ", demanding", ", calling for", "in protest at".
func protestPurpose(s *sent, v verbHit, vi int, protests map[int]bool) bool {
	if v.start == 0 {
		return false
	}
	prev := s.low[v.start-1]
	if prev != "to" && prev != "," && prev != "and" && !(prev == "for" && v.start > 1 && s.low[v.start-2] == "calling") {
		return false
	}
	for p := vi - 1; p >= 0; p-- {
		if protests[p] {
			return true
		}
	}
	return false
}
