package claim

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Extractor finds claims in articles. It is built once and is then
// read-only and safe for concurrent use.
type Extractor struct {
	m *actor.Matcher
}

// New returns an extractor that resolves speakers with m; a nil m means
// the default dictionaries.
func New(m *actor.Matcher) *Extractor {
	if m == nil {
		m = actor.DefaultMatcher()
	}
	return &Extractor{m: m}
}

// maxText caps a claim's words, so that an article that is one long
// quotation does not make a record the size of the article.
const maxText = 4000

// article is the state of one extraction.
type article struct {
	x        *Extractor
	ref      time.Time
	ss       []*sent
	spans    []qspan
	drafts   []draft
	used     map[[2]int]int // (sentence, verb token) → the draft that used the verb
	spanDone []bool         // the quotation is part of a claim
	spanFrom []int          // sentence → index of the first quotation opening in it or later
	surnames map[string]bool
}

// draft is a claim being built.
type draft struct {
	sent     int // sentence position in the article
	pos      int // token where the claim starts, to order claims
	spk      speaker
	kind     string
	verb     string
	stance   string
	text     string
	hedged   bool
	date     string
	textR    rng // the claim's words in sentence sent (reported speech)
	attSent  int // where the attribution is
	attVerb  int
	attR     rng
	lastSent int // the last sentence the claim's words reach
}

// Extract returns the claims of one article: sents are its sentences as
// text.Sentences gives them, full the text they were cut from (for the
// paragraph breaks; "" when unknown) and ref the article's date, against
// which the dates of statements resolve. Claims come in the order their
// words start in the article, with ID left empty and Denies set to
// "#<index>" of the denied claim in the returned slice (see the package
// documentation).
func (x *Extractor) Extract(sents []text.Sentence, full string, ref time.Time) []record.Claim {
	if len(sents) == 0 {
		return nil
	}
	a := &article{x: x, ref: ref, ss: make([]*sent, len(sents)), used: map[[2]int]int{}, surnames: map[string]bool{}}
	for i, s := range sents {
		st := newSent(s.Index, s.Text)
		st.at = i
		st.paraStart = i == 0 || paraBreak(full, sents[i-1], s)
		a.ss[i] = st
	}
	a.spans = findQuotes(a.ss)
	a.spanDone = make([]bool, len(a.spans))
	a.spanFrom = make([]int, len(a.ss)+1)
	for si, q := len(a.ss), len(a.spans); si >= 0; si-- {
		for q > 0 && a.spans[q-1].startSent >= si {
			q--
		}
		a.spanFrom[si] = q
	}
	a.run()
	return a.records()
}

// paraBreak reports a paragraph break between two sentences of full: a
// blank line, or a line break then indentation (a newswire paragraph).
func paraBreak(full string, prev, cur text.Sentence) bool {
	if prev.End > cur.Start || cur.Start > len(full) || prev.End < 0 {
		return false
	}
	gap := full[prev.End:cur.Start]
	i := strings.IndexByte(gap, '\n')
	if i < 0 {
		return false
	}
	rest := gap[i+1:]
	return strings.IndexByte(rest, '\n') >= 0 || strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")
}

// run reads the article sentence by sentence, so that a pronoun resolves
// against the speakers found before it: first the quotations that open in
// the sentence, then its reported speech, then quotations no attribution
// claimed.
func (a *article) run() {
	q := 0
	for si := range a.ss {
		var pending []int
		for q < len(a.spans) && a.spans[q].startSent == si {
			if !a.quote(q) {
				pending = append(pending, q)
			}
			q++
		}
		a.reported(si)
		for _, p := range pending {
			a.unattributed(p)
		}
	}
}

func (a *article) analyse(s *sent) { s.analyse(a.x.m, a.ref) }

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
		if s.toks[k].Kind == text.Quote && s.role[k] != roleClose {
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
		if s.toks[k].Kind == text.Quote {
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
		if !s.skippable(v+1, e) || a.isUsed(s.at, v) || s.blocked(v) {
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
		if spk := s.head(rng{lo, e}); spk.named && (spk.known || strings.Contains(spk.a.Name, " ")) {
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
		if p.toks[k].Kind == text.Quote {
			lo = k + 1
			break
		}
	}
	return a.preIn(p, lo, n, sp.startSent)
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

var skipWords = toSet("that in on at to a an the his her their its during after before via through with " +
	"statement interview news press conference briefing speech letter post tweet twitter facebook telegram x " +
	"television radio tv broadcast address remarks message video reporters journalists media lawmakers " +
	"audience crowd supporters later also then recently earlier website blog column op-ed email e-mail phone " +
	"call telephone meeting summit rally event ceremony session hearing appearance visit trip talks sidelines " +
	"written televised recorded weekly annual joint brief short separate late previous visiting local state " +
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
		// "Chevron public affairs officer Morgan Crinklaw disagreed,
		// saying": the first person the sentence names by full name.
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

// use records that a verb attributes a claim.
func (a *article) use(si, v int) { a.used[[2]int{si, v}] = len(a.drafts) }

func (a *article) isUsed(si, v int) bool {
	_, ok := a.used[[2]int{si, v}]
	return ok
}

// add appends a draft.
func (a *article) add(d draft) {
	if d.lastSent < d.sent {
		d.lastSent = d.sent
	}
	d.text = strings.TrimSpace(d.text)
	if n := d.spk.a.Name; n != "" {
		a.surnames[strings.ToLower(lastWord(n))] = true
	}
	a.drafts = append(a.drafts, d)
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

// records orders the drafts and turns them into claims, linking denials.
func (a *article) records() []record.Claim {
	if len(a.drafts) == 0 {
		return nil
	}
	sort.SliceStable(a.drafts, func(i, j int) bool {
		if a.drafts[i].sent != a.drafts[j].sent {
			return a.drafts[i].sent < a.drafts[j].sent
		}
		return a.drafts[i].pos < a.drafts[j].pos
	})
	out := make([]record.Claim, 0, len(a.drafts))
	for _, d := range a.drafts {
		c := record.Claim{
			Sentence: a.ss[d.sent].idx,
			Kind:     d.kind,
			Verb:     d.verb,
			Text:     d.text,
			Stance:   d.stance,
			Hedged:   d.hedged,
			Date:     d.date,
		}
		if !d.spk.empty() {
			sp := d.spk.a
			if sp.Text == "" && d.spk.pron != "" {
				sp.Text = d.spk.pron
			}
			c.Speaker = &sp
		}
		out = append(out, c)
	}
	a.linkDenials(out)
	return out
}

// date is the date an attribution gives for the statement ("said on
// Friday"), else the article's date.
func (a *article) date(s *sent, r rng) string {
	a.analyse(s)
	for _, d := range s.dates {
		if boundPrep[d.Prep] {
			continue
		}
		for k := r.lo; k < r.hi; k++ {
			t := s.toks[k]
			if t.Start >= d.Start && t.End <= d.End {
				return d.Date
			}
		}
	}
	if a.ref.IsZero() {
		return ""
	}
	return a.ref.Format("2006-01-02")
}

var boundPrep = toSet("since until by within before after through")

// hedged reports hedging words in an attribution or reported clause,
// outside the quoted words: "reportedly", "sources said", "people familiar
// with the matter".
func (a *article) hedged(s *sent, r rng) bool {
	for k := r.lo; k < r.hi && k < len(s.low); k++ {
		if s.inQuote[k] {
			continue
		}
		w := s.low[k]
		switch {
		case hedgeWords[w]:
			return true
		case hedgeSubjects[w] && k+1 < len(s.low) && (reportVerbs[s.low[k+1]]):
			return true
		case (w == "familiar" || w == "knowledge") && k+1 < len(s.low) && (s.low[k+1] == "with" || s.low[k+1] == "of"):
			return true
		case w == "close" && k > 0 && k+1 < len(s.low) && s.low[k+1] == "to" && (s.low[k-1] == "sources" || s.low[k-1] == "source" || s.low[k-1] == "people"):
			return true
		case (w == "said" || w == "believed" || w == "thought" || w == "understood") && k > 0 && k+1 < len(s.low) && s.low[k+1] == "to" &&
			(s.low[k-1] == "is" || s.low[k-1] == "are" || s.low[k-1] == "was" || s.low[k-1] == "were"):
			return true
		case w == "according" && k+3 < len(s.low) && s.low[k+1] == "to" && (hedgeSubjects[s.low[k+2]] || hedgeSubjects[s.low[k+3]]):
			return true
		}
	}
	return false
}

var reportVerbs = toSet("suggest suggests suggested say says said claim claims claimed indicate indicates indicated allege alleged close familiar")

// dismissive reports words that dismiss what was said ("pure fiction",
// "these reports are false") in a statement of at most maxWords words.
func dismissive(s string, maxWords int) bool {
	n := 0
	found, ref := false, false
	for _, f := range strings.Fields(s) {
		w := strings.ToLower(strings.Trim(f, ".,;:!?\"“”‘’'()"))
		n++
		if denyWords[w] {
			found = true
		}
		if claimNouns[w] {
			ref = true
		}
	}
	if !found {
		for _, p := range []string{"no truth", "not true", "no basis", "no evidence", "without foundation", "no foundation", "never happened", "did not happen", "didn't happen"} {
			if strings.Contains(strings.ToLower(s), p) {
				found, ref = true, true
				break
			}
		}
	}
	return found && (ref || n <= 8) && n <= maxWords
}

// itoa is strconv.Itoa, named for the denial links.
func itoa(i int) string { return strconv.Itoa(i) }
