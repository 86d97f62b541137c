package claim

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// attribution is who a quotation is given to and where.
type attribution struct {
	sent int
	verb int // token of the verb, -1 for "Putin: …"
	spk  speaker
	r    rng // the attribution's tokens, for its date and hedges
}

// quote attributes quotation q: after it (`"…," Putin said`), before it
// (`Trump told reporters: "…"`), or in the sentence before when that ends
// with a colon. It reports false when nothing attributes it.
func (a *article) quote(q int) bool {
	sp := &a.spans[q]
	if a.interrupted(q) {
		return true
	}
	att, ok := a.post(sp)
	if !ok {
		att, ok = a.pre(sp)
	}
	if !ok {
		att, ok = a.prevColon(sp)
	}
	if !ok {
		att, ok = a.nextSentence(sp)
	}
	if !ok {
		return false
	}
	a.spanDone[q] = true
	if att.spk.pron == "i" {
		return true // the writer's own words: no claim
	}
	s := a.ss[att.sent]
	d := draft{sent: sp.startSent, pos: sp.openTok, kind: KindQuote, spk: att.spk, stance: StanceAssert,
		text: a.spanText(sp), attSent: att.sent, attVerb: att.verb, attR: att.r, lastSent: sp.endSent}
	if att.verb >= 0 {
		d.verb = s.low[att.verb]
		d.stance = verbs[d.verb].stance
	}
	if d.stance == StanceAssert && dismissive(d.text, 25) {
		d.stance = StanceDeny
	}
	d.hedged = a.hedged(s, att.r)
	d.date = a.date(s, att.r)
	a.add(d)
	return true
}

// interrupted joins a quotation to the one before it in the same sentence
// when only the attribution stands between them: `"…," he said, "…"`.
func (a *article) interrupted(q int) bool {
	if q == 0 {
		return false
	}
	sp, prev := &a.spans[q], &a.spans[q-1]
	if prev.endSent != sp.startSent || prev.closeTok < 0 || !a.spanDone[q-1] || sp.single != prev.single {
		return false
	}
	for i := len(a.drafts) - 1; i >= 0 && i >= len(a.drafts)-8; i-- {
		d := &a.drafts[i]
		if d.kind != KindQuote || d.attSent != sp.startSent || d.attVerb <= prev.closeTok || d.attVerb >= sp.openTok {
			continue
		}
		if !d.attR.ok() || d.attR.hi < sp.openTok-1 {
			return false
		}
		d.text = clip(d.text + " " + a.spanText(sp))
		d.lastSent = sp.endSent
		if d.stance == StanceAssert && dismissive(d.text, 25) {
			d.stance = StanceDeny
		}
		a.spanDone[q] = true
		return true
	}
	return false
}

// post reads an attribution after the closing mark.
func (a *article) post(sp *qspan) (attribution, bool) {
	if sp.closeTok < 0 {
		return attribution{}, false
	}
	s := a.ss[sp.endSent]
	a.analyse(s)
	lo := sp.closeTok + 1
	hi := len(s.toks)
	for k := lo; k < hi; k++ {
		if s.toks[k].Kind == text.Quote && s.role[k] != roleClose && (s.double[k] || sp.single) {
			hi = k
			break
		}
	}
	k := lo
	for k < hi && (s.low[k] == "," || s.low[k] == "—" || s.low[k] == "–" || s.low[k] == "-" || s.low[k] == "...") {
		k++
	}
	if k >= hi {
		return attribution{}, false
	}
	if s.isVerb(k) && !verbs[s.low[k]].ing && postVerb(s.low[k]) {
		spk, _ := s.npAfter(k+1, hi)
		spk = a.resolve(spk, sp.startSent)
		if spk.empty() {
			return attribution{}, false
		}
		a.use(sp.endSent, k)
		return attribution{sent: sp.endSent, verb: k, spk: spk, r: rng{lo, hi}}, true
	}
	for v := k + 1; v < hi && v <= k+18; v++ {
		if !s.isVerb(v) || verbs[s.low[v]].ing || a.isUsed(sp.endSent, v) {
			continue
		}
		if !postVerb(s.low[v]) || npInner[s.low[k]] {
			return attribution{}, false
		}
		sa, sb := s.subject(v, k)
		first := sa.lo
		if !sa.ok() && sb.ok() {
			first = sb.lo
		}
		if !sa.ok() && !sb.ok() || first != k {
			return attribution{}, false
		}
		spk := a.resolve(s.pick(sa, sb), sp.startSent)
		if spk.empty() || s.blocked(v) {
			return attribution{}, false
		}
		a.use(sp.endSent, v)
		return attribution{sent: sp.endSent, verb: v, spk: spk, r: rng{lo, hi}}, true
	}
	return attribution{}, false
}

// postVerb: a verb that may follow a quotation as its attribution.
func postVerb(w string) bool {
	switch verbs[w].class {
	case vCall, vAccuse, vObject:
		return false
	}
	return true
}

// pre reads an attribution before the opening mark, which must be all that
// stands between the verb and the quotation: `Putin said: "…"`, `Trump told
// reporters on Friday that "…"`. A verb followed by words of its own
// (`Putin said the plan was "dead"`) is reported speech, left to reported.
func (a *article) pre(sp *qspan) (attribution, bool) {
	s := a.ss[sp.startSent]
	hi := sp.openTok
	lo := 0
	for k := hi - 1; k >= 0; k-- {
		if s.toks[k].Kind == text.Quote && s.double[k] == !sp.single {
			lo = k + 1
			break
		}
	}
	// `he admitted "politics in this town" meant …`: words go on after the
	// quotation, so it is part of reported speech, not a direct quote.
	if sp.closeTok >= 0 && sp.endSent == sp.startSent && hi > 0 && s.low[hi-1] != ":" && s.low[hi-1] != "," {
		for k := sp.closeTok + 1; k < len(s.toks); k++ {
			if s.toks[k].Kind == text.Quote {
				break
			}
			if s.toks[k].Kind == text.Word {
				return attribution{}, false
			}
		}
	}
	return a.preIn(s, lo, hi, sp.startSent)
}

// preIn reads an attribution in tokens [lo, hi) of s that ends where a
// quotation opens; at is the quotation's sentence, for pronouns.
func (a *article) preIn(s *sent, lo, hi, at int) (attribution, bool) {
	a.analyse(s)
	e := hi
	colon := false
	for e > lo && (leadIn[s.low[e-1]]) {
		if s.low[e-1] == ":" {
			colon = true
		}
		e--
	}
	if e <= lo {
		return attribution{}, false
	}
	for v := e - 1; v >= lo; v-- {
		if !s.isVerb(v) {
			continue
		}
		from := v + 1
		if verbs[s.low[v]].class == vTell {
			from = s.skipHearer(from, e) // "told BBC Radio 4's Today programme:"
		}
		if !s.skippable(from, e) || a.isUsed(s.at, v) || s.blocked(v) || s.subjectBeforeQuote(from, e) {
			return attribution{}, false
		}
		vb := verbs[s.low[v]]
		if vb.class == vCall || vb.class == vAccuse || vb.class == vObject {
			return attribution{}, false
		}
		spk := a.subjectOf(s, v, lo)
		spk = a.resolve(spk, at)
		if spk.empty() {
			return attribution{}, false
		}
		a.use(s.at, v)
		return attribution{sent: s.at, verb: v, spk: spk, r: rng{lo, hi}}, true
	}
	if colon && e-lo <= 6 {
		if spk := s.head(rng{lo, e}); spk.named && (spk.known || strings.Contains(spk.a.Name, " ") || a.spoke(spk.a.Name)) {
			return attribution{sent: s.at, verb: -1, spk: spk, r: rng{lo, hi}}, true
		}
	}
	return attribution{}, false
}

// leadIn are the tokens between an attribution and its quotation.
var leadIn = toSet(": , — – - that ...")

// prevColon attributes a quotation that opens a sentence to the sentence
// before it when that ends with a colon: `Putin said:` ¶ `"…"`.
func (a *article) prevColon(sp *qspan) (attribution, bool) {
	if sp.startSent == 0 || sp.openTok != 0 {
		return attribution{}, false
	}
	p := a.ss[sp.startSent-1]
	n := len(p.toks)
	if n == 0 || p.low[n-1] != ":" {
		return attribution{}, false
	}
	lo := 0
	for k := n - 1; k >= 0; k-- {
		if p.toks[k].Kind == text.Quote && p.double[k] {
			lo = k + 1
			break
		}
	}
	return a.preIn(p, lo, n, sp.startSent)
}

// nextSentence attributes a quotation that ends its sentence to the start
// of the next one, where the splitter cut after "?" or "…": `"… CFPB has
// …" ¶ Alito asked in one of his queries.`
func (a *article) nextSentence(sp *qspan) (attribution, bool) {
	n := sp.endSent + 1
	if sp.closeTok < 0 || n >= len(a.ss) || a.ss[n].paraStart {
		return attribution{}, false
	}
	e := a.ss[sp.endSent]
	for k := sp.closeTok + 1; k < len(e.toks); k++ {
		if e.toks[k].Kind != text.Punct {
			return attribution{}, false
		}
	}
	if k := sp.closeTok - 1; k < 0 || e.low[k] != "?" && e.low[k] != "…" && e.low[k] != "..." && e.low[k] != "!" {
		return attribution{}, false
	}
	s := a.ss[n]
	a.analyse(s)
	for v := 1; v < len(s.toks) && v <= 6; v++ {
		if !s.isVerb(v) || verbs[s.low[v]].ing || !postVerb(s.low[v]) {
			continue
		}
		sa, sb := s.subject(v, 0)
		if !sa.ok() || sa.lo != 0 || sb.ok() || s.blocked(v) {
			return attribution{}, false
		}
		spk := a.resolve(s.pick(sa, sb), sp.startSent)
		if spk.empty() {
			return attribution{}, false
		}
		a.use(n, v)
		return attribution{sent: n, verb: v, spk: spk, r: rng{0, len(s.toks)}}, true
	}
	return attribution{}, false
}

// skippable: tokens between a verb of saying and its quotation that add
// nothing to what was said: a hearer, a date, "in a statement".
func (s *sent) skippable(lo, hi int) bool {
	if hi-lo > 14 {
		return false
	}
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		w := s.low[k]
		switch {
		case s.dateTok[k] || s.unitAt[k] >= 0 || skipWords[w]:
		case t.Kind == text.Punct || t.Kind == text.Possessive:
		case t.Kind == text.Word && isCapital(t.Text):
		default:
			return false
		}
	}
	return true
}

// subjectBeforeQuote: the words before a quotation end with the subject of
// the quoted words, after a comma or "that": `said that, at a forum, Xi
// "should be called upon"` is reported speech.
func (s *sent) subjectBeforeQuote(lo, e int) bool {
	if e-1 <= lo {
		return false
	}
	k := e - 1
	if !s.capOrUnit(k) || s.low[e-1] == ":" {
		return false
	}
	p := k - 1
	for p > lo && s.unitAt[p] >= 0 && s.unitAt[p] == s.unitAt[k] {
		p--
	}
	return s.low[p] == "," || s.low[p] == "that"
}

var skipWords = toSet("that in on at to a an the his her their its during after before via through with point moment one " +
	"statement report interview news press conference briefing speech letter post tweet twitter facebook telegram x " +
	"television radio tv broadcast address remarks message video reporters journalists media lawmakers " +
	"audience crowd supporters later also then recently earlier website blog column op-ed email e-mail phone " +
	"call telephone meeting summit rally event ceremony session hearing appearance visit trip talks sidelines " +
	"written televised recorded weekly annual joint brief short separate late previous visiting local state new latest " +
	"national foreign reporter journalist correspondent crowds students members parliament congress officials " +
	"account page channel platform social network networks him her them us me interviewer host hosts audiences " +
	"delegates people viewers listeners readers cabinet colleagues allies counterpart counterparts assembly " +
	"gathering forum debate program programme show")

// subjectOf returns the speaker of verb v: its subject, or for a
// participle ("adding", "saying") the speaker of the clause it hangs on.
func (a *article) subjectOf(s *sent, v, lo int) speaker {
	if verbs[s.low[v]].ing {
		for u := v - 1; u >= 0; u-- {
			if s.isVerb(u) && !verbs[s.low[u]].ing {
				return a.subjectOf(s, u, 0)
			}
		}
		// "Likud, which tried … by saying": the antecedent of a relative.
		for k := v - 1; k >= 2 && k >= v-16; k-- {
			if relWords[s.low[k]] && s.low[k-1] == "," {
				if sp := s.head(rng{s.chunkBack(k-1, 0), k - 1}); !sp.empty() && sp.pron == "" {
					return sp
				}
				break
			}
		}
		// "Wall referred to …, saying": the subject of the sentence's first
		// clause, else the first person it names by full name.
		if r := s.clauseSubject(0, v); r.ok() {
			if sp := s.head(r); sp.named || !sp.empty() && sp.pron == "" {
				return sp
			}
		}
		var first *unit
		ms := s.mentionsOf(a.x.m, a.ref)
		for i := range ms {
			m := &ms[i]
			if m.start >= v {
				break
			}
			if m.person && (!m.name || strings.Contains(m.actor.Name, " ")) {
				return speaker{a: m.actor, person: true, named: true, known: !m.name}
			}
			if first == nil {
				first = m
			}
		}
		if first != nil {
			return speaker{a: first.actor, person: first.person, named: true, known: !first.name}
		}
		return speaker{}
	}
	sa, sb := s.subject(v, lo)
	return s.pick(sa, sb)
}

// spanText returns a quotation's words, over its sentences and without
// the marks that continue it into later paragraphs.
func (a *article) spanText(sp *qspan) string {
	var b strings.Builder
	for si := sp.startSent; si <= sp.endSent && si < len(a.ss); si++ {
		s := a.ss[si]
		from, to := 0, len(s.text)
		if si == sp.startSent {
			from = s.toks[sp.openTok].End
		} else if s.contTok == 0 && len(s.toks) > 0 {
			from = s.toks[0].End
		}
		if si == sp.endSent && sp.closeTok >= 0 {
			to = s.toks[sp.closeTok].Start
		}
		if from > to {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.text[from:to])
		if b.Len() > maxText {
			break
		}
	}
	return clip(strings.Trim(text.Flat(b.String()), " ,;:—–-"))
}

// clip cuts a claim's words to maxText bytes at a space.
func clip(s string) string {
	if len(s) <= maxText {
		return s
	}
	cut := strings.LastIndexByte(s[:maxText], ' ')
	if cut < maxText/2 {
		cut = maxText
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	return s[:cut] + " …"
}

// unattributed gives a quotation that opens a sentence, close after a
// claim, the speaker of that claim: `"…," he said. "…"`. Other unattributed
// quotations (scare quotes, titles) make no claim.
func (a *article) unattributed(q int) {
	sp := &a.spans[q]
	if a.spanDone[q] || sp.single {
		return
	}
	s := a.ss[sp.startSent]
	for k := 0; k < sp.openTok; k++ {
		if s.toks[k].Kind == text.Word || s.toks[k].Kind == text.Number {
			return
		}
	}
	whole := sp.closeTok < 0 || sp.endSent > sp.startSent
	if !whole {
		whole = true
		e := a.ss[sp.endSent]
		for k := sp.closeTok + 1; k < len(e.toks); k++ {
			if e.toks[k].Kind != text.Punct && e.toks[k].Kind != text.Quote {
				whole = false
			}
		}
	}
	if words := strings.Count(a.spanText(sp), " ") + 1; words < 4 && !whole || words < 2 {
		return // a scare quote or a title opening the sentence
	}
	for i := len(a.drafts) - 1; i >= 0; i-- {
		d := &a.drafts[i]
		if d.lastSent < sp.startSent-2 {
			break
		}
		if d.spk.empty() || d.spk.pron != "" {
			continue
		}
		a.spanDone[q] = true
		n := draft{sent: sp.startSent, pos: sp.openTok, kind: KindQuote, spk: d.spk, stance: StanceAssert,
			text: a.spanText(sp), attSent: sp.startSent, attVerb: -1, lastSent: sp.endSent, date: d.date, hedged: d.hedged}
		if dismissive(n.text, 25) {
			n.stance = StanceDeny
		}
		a.add(n)
		return
	}
}
