package claim

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// reported finds reported speech in a sentence: `X said (that) …`, `X told
// Y …`, `…, X said.`, `according to X, …`, `X accused Y of …`, `X denied
// …`, `X called the report "pure fiction"`. Verbs inside quotations and
// verbs that already attribute a quotation are passed over.
func (a *article) reported(si int) {
	s := a.ss[si]
	n := len(s.toks)
	for v := 0; v < n; v++ {
		if s.inQuote[v] || s.toks[v].Kind != text.Word || a.isUsed(si, v) {
			continue
		}
		w := s.low[v]
		if w == "according" && v+1 < n && s.low[v+1] == "to" {
			a.according(s, v)
			continue
		}
		if (w == "walked" || w == "walks" || w == "walking") && v+1 < n && s.low[v+1] == "back" {
			a.analyse(s)
			if !s.blocked(v) {
				a.reportedAt(s, v, v+2, verb{stance: StanceRetract, class: vObject})
			}
			continue
		}
		vb, ok := verbs[w]
		if !ok {
			continue
		}
		if vb.class == vQuote {
			// "replied that …" reports; "replied" alone goes with a quotation.
			if !answerVerbs[w] || v+1 >= n || s.low[v+1] != "that" {
				continue
			}
			vb.class = vThat
		}
		a.analyse(s)
		if s.nounUse(v) || s.blocked(v) {
			continue
		}
		if vb.class == vCall {
			a.called(s, v)
			continue
		}
		a.reportedAt(s, v, v+1, vb)
	}
}

// textEnd is where a sentence's words end, before its final punctuation.
func (s *sent) textEnd(from int) int {
	end := len(s.toks)
	for end > from && s.toks[end-1].Kind == text.Punct {
		end--
	}
	return end
}

// reportedAt makes a claim of verb v, whose complement starts at after.
func (a *article) reportedAt(s *sent, v, after int, vb verb) {
	end := s.textEnd(after)
	k := after
	switch vb.class {
	case vTell:
		if k < end && (s.low[k] == "it" || s.low[k] == "of") {
			return // "as the defence tells it", "told of"
		}
		k = s.skipHearer(k, end)
		if k == after && s.skipAdverbials(k, end) < end && !s.citing(s.skipAdverbials(k, end), end) {
			return // "told horrifying stories": no hearer, no reported clause
		}
	case vAccuse:
		// "X accused Y of Z"; "migrants accused of the crime" is a
		// description, not speech.
		if k >= end || s.low[k] == "of" || !s.within(k+1, k+8, end, func(w string) bool { return w == "of" }) {
			return
		}
	case vDeny:
		// "denied a motion", "denied those reporters access" are no
		// denials; "denied on Tuesday that …" is.
		if j := s.skipAdverbials(k, end); k < end && j < end && !s.denialObject(k, end) && !s.denialObject(j, end) {
			return
		}
	case vObject:
		if !s.within(k, k+5, end, func(w string) bool { return claimNouns[w] || w == "as" }) {
			return
		}
	}
	k = s.skipAdverbials(k, end)
	if s.citing(k, end) {
		k = end
	}
	if k < end && notClause[s.low[k]] && vb.class != vAccuse {
		return // "argued for", "insisted on": no statement follows
	}
	that := k < end && s.low[k] == "that"
	if that {
		k++
	}
	if k < len(s.toks) && s.low[k] == ":" {
		return // "Obama also said:" — a quotation or a list follows
	}
	if k < end && notSpeech[s.low[k]] && strings.HasPrefix(s.low[v], "claim") {
		return // "claimed responsibility"
	}
	thatNeeded := vb.class == vThat && !that && k < end && !subjectPronouns[s.low[k]] && !s.clauseAhead(k, end)
	if vb.ing && !s.progressive(v) {
		// "…, adding that …": the speaker is the main clause's.
		if !that && k < end && vb.stance == StanceAssert && s.low[v] != "saying" && vb.class != vAccuse {
			return
		}
		spk := a.resolve(a.subjectOf(s, v, 0), s.at)
		if spk.empty() || k >= end {
			return
		}
		if v >= 2 && s.low[v-1] == "," && denyMain[s.low[v-2]] {
			vb.stance = StanceDeny // "disagreed, saying …"
		}
		a.addReported(s, v, spk, []rng{{k, end}}, vb)
		return
	}
	sa, sb := s.subject(v, 0)
	spk := s.pick(sa, sb)
	subj := sa.lo
	if !sa.ok() {
		subj = sb.lo
	}
	if !spk.named && v > 0 && (s.low[v-1] == "," || s.toks[v-1].Kind == text.Quote) && (vb.class == vSay || vb.class == vThat) {
		// "…, said the minister.", "…, says Human Rights Watch in a
		// new report."
		sp2, e := s.npAfter(v+1, end)
		e = s.skipAdverbials(e, end)
		switch {
		case sp2.empty() || !spk.empty() && !sp2.named:
		case e >= end || s.citing(e, end):
			spk, subj, k = sp2, v, end
		case s.low[e] == "," && v > 1 && s.low[v-1] == ",":
			// "Australia will accept 12,000 refugees, said PM Abbott, while
			// …"; "…, said Tom Forte, who follows Amazon".
			parts := []rng{{0, v - 1}, {e + 1, end}}
			if e+1 < end && relWords[s.low[e+1]] {
				parts = parts[:1]
			}
			a.addReported(s, v, a.resolve(sp2, s.at), parts, vb)
			return
		}
	}
	if spk.empty() || spk.pron == "i" {
		return
	}
	if vb.ing && s.progressive(v) {
		vb.ing = false
	}
	spk = a.resolve(spk, s.at)
	var parts []rng
	switch {
	case k >= end:
		// "The plan will fail, Putin said."; "Venezuela was the leading
		// buyer it said."
		p := subj - 1
		switch {
		case p >= 1 && s.low[p] == ",":
			parts = []rng{{0, p}}
		case spk.pron != "" && spk.pos >= 2 && spk.pos == s.skipBack(v, 0) && !s.relative(v):
			parts = []rng{{0, spk.pos}}
		default:
			return
		}
	case subj > 1 && s.low[subj-1] == "," && s.low[k] == ",":
		// "The plan, Putin said, will fail."
		parts = []rng{{0, subj - 1}, {k + 1, end}}
	case thatNeeded:
		return // "announced a ceasefire" is an event; "announced they would" is speech
	case s.relative(v):
		// "X, who said that …, arrived": the clause ends with the commas.
		e := k
		for e < end && s.low[e] != "," {
			e++
		}
		parts = []rng{{k, e}}
	default:
		parts = []rng{{k, s.nextClaim(k, s.trailing(k, end))}}
	}
	a.addReported(s, v, spk, parts, vb)
}

// nextClaim returns where a clause [lo, end) stops before a second claim
// joined to it: "…, and Trump said …", "…; Zelensky insisted …".
func (s *sent) nextClaim(lo, end int) int {
	for c := lo + 1; c < end-2; c++ {
		if s.inQuote[c] || !(s.low[c] == ";" || s.low[c] == "," && (s.low[c+1] == "and" || s.low[c+1] == "but" || s.low[c+1] == "while")) {
			continue
		}
		from := c + 1
		if s.low[c] == "," {
			from = c + 2
		}
		for v := from + 1; v < end && v <= from+6; v++ {
			if s.isVerb(v) && !s.blocked(v) {
				if sa, _ := s.subject(v, from); sa.ok() && sa.lo == from && !s.head(sa).empty() {
					return c
				}
				break
			}
		}
	}
	return end
}

// trailing returns where the words of a clause [lo, end) stop before an
// attribution of their own at the end of the sentence ("…, people familiar
// with the matter said", "…, according to Reuters"), or end.
func (s *sent) trailing(lo, end int) int {
	for c := end - 1; c > lo; c-- {
		if s.low[c] != "," || s.inQuote[c] {
			continue
		}
		if c+2 < end && s.low[c+1] == "according" && s.low[c+2] == "to" {
			return c
		}
		for v := c + 1; v < end && v <= c+12; v++ {
			if !s.isVerb(v) {
				continue
			}
			if v == c+1 {
				if sp, e := s.npAfter(v+1, end); !sp.empty() && (s.skipAdverbials(e, end) >= end || s.citing(s.skipAdverbials(e, end), end)) {
					return c
				}
				break
			}
			if sa, sb := s.subject(v, c+1); (sa.ok() && sa.lo == c+1 || !sa.ok() && sb.ok() && sb.lo == c+1) && (s.skipAdverbials(s.skipHearer(v+1, end), end) >= end || s.citing(s.skipAdverbials(s.skipHearer(v+1, end), end), end)) {
				return c
			}
			break
		}
	}
	return end
}

var denyMain = toSet("disagreed denied rejected dismissed disputed refuted objected countered protested")

var answerVerbs = toSet("replied replies responded responds answered answers")

var subjectPronouns = toSet("he she they it we i there")

var notClause = toSet("for against about over with on to at by from into upon")

// relative reports a verb of saying in a relative clause: "…, who said".
func (s *sent) relative(v int) bool {
	e := s.skipBack(v, 0)
	return e >= 0 && (s.low[e] == "who" || s.low[e] == "which")
}

// denialObject: what follows "denied" at k is something said or done:
// "that …", "the report", "any involvement", "having …", "it.".
func (s *sent) denialObject(k, end int) bool {
	w := s.low[k]
	switch {
	case w == "that" || strings.HasSuffix(w, "ing"):
		return true
	case demonstrative[w]:
		return k+1 >= end || s.toks[k+1].Kind == text.Punct || claimNouns[s.low[k+1]] && !demonstrative[s.low[k+1]] || s.clauseAhead(k, end)
	}
	for j := k; j < end && j < k+4; j++ {
		if lw := s.low[j]; (denyObjects[lw] || claimNouns[lw]) && !demonstrative[lw] {
			return true
		}
	}
	return s.clauseAhead(k, end) // "denied his forecasts were too optimistic"
}

var demonstrative = toSet("it this these those them that")

// citing reports a participle tail where a clause would start: "…, the
// Times reported, citing officials."
func (s *sent) citing(k, end int) bool {
	return k+1 < end && s.low[k] == "," && strings.HasSuffix(s.low[k+1], "ing") && !s.inQuote[k+1]
}

// addReported records a reported claim over the token ranges parts.
func (a *article) addReported(s *sent, v int, spk speaker, parts []rng, vb verb) {
	var b strings.Builder
	words := 0
	for _, p := range parts {
		for p.lo < p.hi && (s.toks[p.lo].Kind == text.Punct || connectors[s.low[p.lo]] && p.lo+1 < p.hi) {
			p.lo++
		}
		if !p.ok() {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.text[s.toks[p.lo].Start:s.toks[p.hi-1].End])
		for k := p.lo; k < p.hi; k++ {
			if s.toks[k].Kind == text.Word || s.toks[k].Kind == text.Number {
				words++
			}
		}
	}
	if words < 2 {
		return
	}
	txt := clip(strings.Trim(text.Flat(b.String()), " ,;:—–-"))
	lo, hi := parts[0].lo, parts[len(parts)-1].hi
	d := draft{sent: s.at, pos: lo, kind: KindReported, spk: spk, verb: s.low[v], stance: vb.stance, text: txt,
		textR: rng{lo, hi}, attSent: s.at, attVerb: v, attR: rng{0, len(s.toks)}}
	if s.low[v] == "walked" || s.low[v] == "walks" || s.low[v] == "walking" {
		d.verb = s.low[v] + " back"
	}
	if d.stance == StanceAssert && dismissive(txt, 30) {
		d.stance = StanceDeny
	}
	d.hedged = a.hedged(s, rng{min(lo, s.claimStart(v)), max(hi, v+1)})
	d.date = a.date(s, outside(parts, len(s.toks)))
	a.use(s.at, v)
	a.takeQuotes(s.at, lo, hi)
	a.add(d)
}

// notSpeech are objects of "claimed" that make it no statement.
var notSpeech = toSet("responsibility credit victory lives title ownership territory sovereignty seats " +
	"rights compensation benefits")

// clauseAhead guesses that a clause (not a noun phrase) follows: a verb
// form within a few words ("announced the talks would resume").
func (s *sent) clauseAhead(k, end int) bool {
	if k+1 < end && subjectPronouns[s.low[k]] && s.low[k] != "it" || k+1 < end && s.low[k] == "it" && (finiteVerb(s.low[k+1]) || strings.HasSuffix(s.low[k+1], "s")) {
		return true // "denied it amounted to", "announced they would"
	}
	for j := k; j < end && j < k+8; j++ {
		w := s.low[j]
		if s.toks[j].Kind == text.Punct && s.toks[j].Text != "%" || w == "to" || w == "for" || w == "that" {
			return false
		}
		switch w {
		case "would", "will", "could", "might", "may", "should", "must", "can", "had", "has", "have", "was", "were", "is", "are":
			return j > k
		}
		if j > k+1 && s.isVerb(j) {
			return true // "suggests 69% of over-55s say"
		}
	}
	return false
}

// progressive: "officials are now saying" is a finite verb, not a
// participle hanging on another clause.
func (s *sent) progressive(v int) bool {
	for k := v - 1; k >= 0 && k >= v-3; k-- {
		switch w := s.low[k]; {
		case w == "is" || w == "are" || w == "was" || w == "were" || w == "been" || w == "'s" || w == "'re":
			return true
		case preVerb[w] || strings.HasSuffix(w, "ly"):
			continue
		}
		return false
	}
	return false
}

// claimStart is where the attribution of verb v starts: its subject.
func (s *sent) claimStart(v int) int {
	sa, sb := s.subject(v, 0)
	switch {
	case sa.ok():
		return sa.lo
	case sb.ok():
		return sb.lo
	}
	return max(v-1, 0)
}

var connectors = toSet("but and however meanwhile also yet so still though although")

// outside is the attribution's span: the tokens before the first part, or
// after the last when the claim's words come first.
func outside(parts []rng, n int) rng {
	if parts[0].lo > 0 {
		return rng{0, parts[0].lo}
	}
	return rng{parts[len(parts)-1].hi, n}
}

// takeQuotes marks the quotations that lie inside a reported claim's words
// as part of it.
func (a *article) takeQuotes(si, lo, hi int) {
	for q := a.spanFrom[si]; q < len(a.spans) && a.spans[q].startSent == si; q++ {
		if sp := &a.spans[q]; sp.openTok >= lo && sp.openTok < hi {
			a.spanDone[q] = true
		}
	}
}

// within reports whether a word in [lo, min(hi, end)) satisfies f.
func (s *sent) within(lo, hi, end int, f func(string) bool) bool {
	for k := lo; k < hi && k < end; k++ {
		if f(s.low[k]) {
			return true
		}
	}
	return false
}

// skipHearer steps over the hearer of "told": "told reporters", "told CNN's
// Jake Tapper", "told a news conference".
func (s *sent) skipHearer(k, end int) int {
	j := k
	for j < end && hearerDet[s.low[j]] {
		j++
	}
	start := j
	for j < end && j-start < 6 {
		t := s.toks[j]
		w := s.low[j]
		if s.unitAt[j] >= 0 || t.Kind == text.Possessive || t.Kind == text.Number && j > start ||
			t.Kind == text.Word && isCapital(t.Text) && (!s.dateTok[j] || j > start) || hearerNouns[w] {
			j++
			continue
		}
		break
	}
	if j == start {
		// "told parents he would": a one-word hearer before a clause
		if start+1 < end && s.toks[start].Kind == text.Word && (subjectPronouns[s.low[start+1]] || s.low[start+1] == "that") {
			return start + 1
		}
		return k
	}
	return j
}

var hearerDet = toSet("a an the his her their its this")

var hearerNouns = toSet("reporters journalists news press conference briefing media lawmakers audience crowd crowds " +
	"parents families relatives victims protesters workers villagers residents voters delegates mourners " +
	"programme program show seminar committee hearing inquiry meeting summit forum radio " +
	"supporters parliament congress officials students members delegates people viewers listeners readers cabinet " +
	"colleagues allies counterpart counterparts assembly gathering forum interviewer host television radio tv " +
	"him her them us me newspaper paper agency broadcaster channel station")

// skipAdverbials steps over dates, adverbs and phrases such as "in a
// statement", "on Twitter", "at a news conference".
func (s *sent) skipAdverbials(k, end int) int {
	for k < end {
		w := s.low[k]
		switch {
		case s.dateTok[k] && !s.possessiveAfterDate(k) || adverbs[w]:
			k++
			continue
		case advPrep[w]:
			j := k + 1
			for j < end && j-k <= 6 && (skipWords[s.low[j]] && !advPrep[s.low[j]] || s.unitAt[j] >= 0 || s.dateTok[j] ||
				s.toks[j].Kind == text.Possessive || s.toks[j].Kind == text.Word && isCapital(s.toks[j].Text)) {
				j++
			}
			if j > k+1 && (j >= end || s.low[j] == "that" || s.low[j] == "," || advPrep[s.low[j]] || s.dateTok[j]) {
				k = j
				continue
			}
		case w == "," && k+2 < end && adverbs[s.low[k+1]] && s.low[k+2] == ",":
			k += 3
			continue
		case w == "for" && k+1 < end && spanWords[s.low[k+1]]:
			// "have argued for years that"
			k += 2
			for k < end && spanWords[s.low[k]] {
				k++
			}
			continue
		}
		break
	}
	return k
}

// possessiveAfterDate: the date at k is the owner in "this week's sharp
// fall", part of the clause, not when it was said.
func (s *sent) possessiveAfterDate(k int) bool {
	for j := k; j < len(s.toks) && s.dateTok[j]; j++ {
		if j+1 < len(s.toks) && s.toks[j+1].Kind == text.Possessive {
			return true
		}
	}
	return false
}

var spanWords = toSet("years months weeks days decades long some a while time several many")

var advPrep = toSet("in on at during via through to after while")

var adverbs = toSet("also later again repeatedly publicly privately earlier firmly flatly categorically strongly late early " +
	"however recently previously further separately then yesterday today now once emphatically angrily openly " +
	"explicitly bluntly simply only too")

// called makes a claim of "called" with a quoted or dismissive complement:
// `the Kremlin called that "pure fiction"`. "called for", "called on" and a
// bare "called him" are not claims.
func (a *article) called(s *sent, v int) {
	n := len(s.toks)
	if v+1 >= n || callParticles[s.low[v+1]] {
		return
	}
	end := s.textEnd(v + 1)
	sa, sb := s.subject(v, 0)
	spk := s.pick(sa, sb)
	if spk.empty() {
		return
	}
	for q := a.spanFrom[s.at]; q < len(a.spans) && a.spans[q].startSent == s.at; q++ {
		sp := &a.spans[q]
		if sp.openTok <= v || sp.openTok > v+10 {
			continue
		}
		spk = a.resolve(spk, s.at)
		d := draft{sent: s.at, pos: sp.openTok, kind: KindQuote, spk: spk, verb: s.low[v], stance: StanceAssert,
			text: a.spanText(sp), attSent: s.at, attVerb: v, attR: rng{0, sp.openTok}, lastSent: sp.endSent}
		if dismissive(d.text, 25) || s.within(v+1, sp.openTok, end, func(w string) bool { return denyWords[w] }) {
			d.stance = StanceDeny
		}
		d.hedged = a.hedged(s, rng{0, sp.openTok})
		d.date = a.date(s, rng{0, len(s.toks)})
		a.spanDone[q] = true
		a.use(s.at, v)
		a.add(d)
		return
	}
	if !s.within(v+1, v+9, end, func(w string) bool { return denyWords[w] }) {
		return
	}
	a.addReported(s, v, a.resolve(spk, s.at), []rng{{v + 1, end}}, verb{stance: StanceDeny, class: vCall})
}

var callParticles = toSet("for on off up in back out into upon it quits")

// according makes a claim of "according to X": the rest of the sentence
// is what X says.
func (a *article) according(s *sent, v int) {
	a.analyse(s)
	n := len(s.toks)
	k := v + 2
	end := k
	for end < n && end-k < 14 {
		t := s.toks[end]
		if t.Kind == text.Quote || t.Kind == text.Punct && t.Text != "&" {
			break
		}
		end++
	}
	spk := s.head(rng{k, end})
	for j := k; j < end; j++ {
		spk.plural = spk.plural || s.low[j] == "and"
	}
	if !spk.named && end+1 < n && s.low[end] == "," {
		// "according to one of these bodies, the Croatian Mine Action
		// Center, …": the name follows between commas.
		e2 := end + 1
		for e2 < n && e2-end < 10 && s.toks[e2].Kind != text.Punct && s.toks[e2].Kind != text.Quote {
			e2++
		}
		if e2 < n && s.low[e2] == "," {
			if n2 := s.head(rng{end + 1, e2}); n2.named {
				spk, end = n2, e2
			}
		}
	}
	if spk.empty() {
		return
	}
	spk = a.resolve(spk, s.at)
	tend := s.textEnd(end)
	lead := true
	for j := 0; j < v; j++ {
		if s.toks[j].Kind == text.Word && !connectors[s.low[j]] {
			lead = false
			break
		}
	}
	var parts []rng
	switch {
	case lead:
		parts = []rng{{end, tend}}
	case end < tend && s.low[end] == ",":
		parts = []rng{{0, v}, {end + 1, tend}}
	default:
		parts = []rng{{0, v}}
	}
	a.addReported(s, v, spk, parts, verb{stance: StanceAssert, class: vSay})
	if len(a.drafts) > 0 && a.drafts[len(a.drafts)-1].attVerb == v && a.drafts[len(a.drafts)-1].attSent == s.at {
		d := &a.drafts[len(a.drafts)-1]
		d.verb = "according to"
		d.date = a.date(s, rng{v, end})
	}
}
