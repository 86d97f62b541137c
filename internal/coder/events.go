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
		if !passive && reducedRelative(s, v) {
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
		if tgt < 0 && src >= 0 && placeTargetRoot(code) {
			for k, u := range s.units {
				if u.place && u.start >= v.end {
					tgt = k
					break
				}
			}
		}
		// "Students staged mass demonstrations", "workers went on
		// strike": a protest by a country's own people with no other
		// target is a protest against their state.
		var home *record.Actor
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
		if src < 0 || (tgt < 0 && home == nil && !c.opts.AllowNoTarget && len(groupOf(s, src)) < 2) {
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
		switch gov {
		case govIntent:
			if ic := intentCode(code); ic != "" {
				code, reverse = ic, ""
			} else if strings.HasPrefix(code, "15") {
				// "is ready to send troops": a posture not yet taken,
				// and no threat either.
				continue
			} else if tc := threatCode(code); tc != "" {
				// "will strike", "vowed to expel": force announced
				// is force threatened.
				code, reverse = tc, ""
			}
		case govThreat, govUnreal:
			// The threat is coded by the verb of threatening itself; an
			// action someone is urged or asked to take has not happened.
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
			Negated:     negated(s, v),
			Hedged:      hedged,
			Conditional: conditionalClause(s, v) || conditionalVerb(s, v),
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
				seen[key], seen[rootKey], seen[ctyKey] = true, true, true
				out = append(out, e)
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
		// "the Turkish and Greek sides of the divided Mediterranean
		// island": a region named without an agent describes a thing;
		// it does not act.
		if u.region && u.agent == nil {
			continue
		}
		// "… as shells continued crashing into …": a clause opened
		// after the actor with a subject of its own that is no actor.
		if ownSubject(s, u.end, v.start) {
			return -1
		}
		// "… Russia, which attacked …": the relative pronoun's antecedent.
		return k
	}
	return -1
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

// subordinators open a clause of their own.
var subordinators = toSet("as while when whereas although though because since after before until unless if where")

// ownSubject: between the actor (ending at from) and the verb there is a
// subordinating word followed by words of a subject that is no actor
// ("as shells continued", "while the death toll rose").
func ownSubject(s *sent, from, to int) bool {
	for k := from; k < to; k++ {
		if !subordinators[s.low[k]] {
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
		// "threatened to cut off gas to Moldova", "refused to meet
		// Zelensky": the verb after "to" is not an event of its own, so
		// its object is this verb's.
		next := s.verbs[vi+1]
		if next.start <= v.end+3 && next.start > v.end && s.low[next.start-1] == "to" {
			if g := governing(s, next); g == govThreat || g == govUnreal {
				limit = len(s.low)
				if vi+2 < len(s.verbs) {
					limit = s.verbs[vi+2].start
				}
			}
		}
	}
	// "eased curbs as authorities in Croatia cracked down": the object
	// is in the verb's own clause.
	for k := v.end; k < limit; k++ {
		if objectStop[s.low[k]] && s.unitAt[k] < 0 {
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

// placeTargetRoot: roots whose event is done to the place it happens in,
// when the sentence names no other target.
func placeTargetRoot(code string) bool {
	if len(code) < 2 {
		return false
	}
	switch code[:2] {
	case "14", "15", "17", "18", "19", "20":
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
