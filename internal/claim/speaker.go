package claim

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// speaker is who a claim is attributed to.
type speaker struct {
	a      record.Actor
	person bool
	named  bool   // a person or body by name, not by description
	known  bool   // the dictionary knows the actor
	gender byte   // 'm' or 'f' where the words say ("a young man"), else 0
	plural bool   // several speak: "X and Y", "officials"
	pron   string // a pronoun not yet resolved: he, she, they, it
	def    string // the head noun of a definite description: "the company"
	pos    int    // where a pronoun stands in its sentence
	psent  int    // the pronoun's sentence
}

func (sp speaker) empty() bool {
	return sp.a.Code == "" && sp.a.Name == "" && sp.a.Text == "" && sp.pron == ""
}

// rng is a token range [lo, hi) of one sentence.
type rng struct{ lo, hi int }

func (r rng) ok() bool { return r.hi > r.lo }

var quantity = toSet("number lot group couple majority handful few many some several most one two three four " +
	"five dozens hundreds thousands all both none each any plenty series team")

var relWords = toSet("who which whose whom")

var pronouns = toSet("he she they it him them")

// firstPerson subjects are the writer or a quoted speaker talking of
// themselves: no speaker the text names.
var firstPerson = toSet("i we you me us")

// preVerb are words between a subject and its verb of saying: "Putin has
// repeatedly said", "the ministry also said".
var preVerb = toSet("has have had also later previously repeatedly again publicly privately earlier already " +
	"recently then further flatly strongly firmly categorically vehemently immediately quickly reportedly " +
	"allegedly once often frequently long initially first himself herself itself themselves subsequently " +
	"separately angrily openly explicitly simply just even personally officially formally specifically " +
	"emphatically tersely bluntly curtly sharply consistently always still now")

var goForms = toSet("went go goes going")

var beForms = toSet("is are was were 's 're been be")

// lyNouns end in -ly without being adverbs.
var lyNouns = toSet("family ally italy assembly supply anomaly monopoly rally daily weekly monthly")

// clauseStop ends a subject going backwards: the words before it belong
// to another clause.
var clauseStop = toSet("that but while because although though as when where after before if since whereas " +
	"what which who whom whose and or nor so than unless until whether once is was were are be been being " +
	"will would can could should may might must shall do does did not never")

// blocked reports a verb of saying that makes no claim here: negated,
// passive, after a modal or "to" ("declined to say", "was said to").
func (s *sent) blocked(v int) bool {
	for k := v - 1; k >= 0 && k >= v-3; k-- {
		w := s.low[k]
		switch {
		case w == "not" || w == "never" || w == "no" || strings.HasSuffix(w, "n't") || w == "cannot":
			return true
		case w == "to" && k >= 2 && s.low[k-1] == "on" && goForms[s.low[k-2]]:
			return false // "went on to say"
		case w == "to" || w == "will" || w == "would" || w == "could" || w == "might" || w == "may" ||
			w == "should" || w == "must" || w == "can" || w == "shall":
			return true
		case (w == "is" || w == "was" || w == "were" || w == "are" || w == "been" || w == "be" || w == "being") && s.low[v] != "quoted":
			return !strings.HasSuffix(s.low[v], "ing") // "are saying" speaks; "was said" does not
		case w == "has" || w == "have" || w == "had" || preVerb[w] || s.dateTok != nil && s.dateTok[k]:
			continue
		}
		return false
	}
	return false
}

// nounUse reports a form such as "claims" or "reports" used as a noun:
// after a determiner or adjective-like word, or before a verb of its own.
func (s *sent) nounUse(v int) bool {
	vb := verbs[s.low[v]]
	if !vb.noun {
		return false
	}
	if v == 0 {
		return true
	}
	p := s.low[v-1]
	if s.low[v] == "states" && (statesBefore[p] || determiners[p]) {
		return true // "the United States", "member states"
	}
	if v >= 2 && nounAfter2[s.low[v-2]] && s.toks[v-1].Kind == text.Word && !isCapital(s.toks[v-1].Text) {
		return true // "amid opposition claims"
	}
	if determiners[p] || nounBefore[p] || s.toks[v-1].Kind == text.Possessive || s.toks[v-1].Kind == text.Quote {
		return true
	}
	if v+1 < len(s.low) {
		n := s.low[v+1]
		if n == "of" || n == "were" || n == "was" || n == "are" || n == "is" || n == "have" || n == "had" {
			return true
		}
		if nv, ok := verbs[n]; ok && nv.class == vSay && !nv.noun {
			return true
		}
	}
	return false
}

// nounBefore are words after which a form such as "claims" is a noun:
// "made claims that", "amid reports of".
var nounBefore = toSet("made make makes making of about on over amid after despite following to against with by from " +
	"rejected denied dismissed repeated deny denies reject rejects dismiss dismisses and or")

var statesBefore = toSet("united member gulf baltic arab island small nation neighbouring neighboring african " +
	"european american asian western eastern northern southern eu un nuclear border frontline sovereign " +
	"individual federated confederate malay german papal client balkan nordic central")

var nounAfter2 = toSet("amid despite following after over about of denied rejected dismissed made")

var determiners = toSet("the a an these those this that such his her their its our my your any some no many several " +
	"earlier recent unconfirmed local press media news new previous similar both all other further conflicting " +
	"multiple numerous official initial first latest widespread")

// isVerb reports a verb of saying at token k, outside quotations.
func (s *sent) isVerb(k int) bool {
	if s.toks[k].Kind != text.Word || s.inQuote[k] {
		return false
	}
	if _, ok := verbs[s.low[k]]; !ok {
		return false
	}
	return !s.nounUse(k)
}

// skipBack returns the last token of the subject of verb v: the words
// before v less adverbs, auxiliaries and dates; lo-1 if none is left.
func (s *sent) skipBack(v, lo int) int {
	k := v - 1
	if k >= lo+2 && s.low[k] == "to" && s.low[k-1] == "on" && goForms[s.low[k-2]] {
		k -= 3 // "he went on to say"
	}
	for k >= lo {
		w := s.low[k]
		if preVerb[w] || s.dateTok[k] || (s.low[v] == "quoted" || strings.HasSuffix(s.low[v], "ing")) && beForms[w] ||
			len(w) > 4 && strings.HasSuffix(w, "ly") && s.toks[k].Kind == text.Word && !isCapital(s.toks[k].Text) && !lyNouns[w] {
			k--
			continue
		}
		break
	}
	return k
}

// chunkBack returns where the phrase ending before end begins, walking back
// to a clause boundary, a comma or a quotation mark, at most 12 tokens.
func (s *sent) chunkBack(end, lo int) int {
	k := end - 1
	for k >= lo && end-k <= 12 {
		t := s.toks[k]
		w := s.low[k]
		if t.Kind == text.Quote && s.double[k] || t.Kind == text.Punct && w != "." && w != "&" {
			break // a single mark stays inside a name: "detainee 'A'"
		}
		if w == "and" || w == "or" || w == "&" {
			// "Putin and Trump said": a compound of names goes on.
			r := k + 1
			if r < end && (s.low[r] == "the" || s.low[r] == "a") {
				r++
			}
			if k-1 >= lo && r < end && s.capOrUnit(k-1) && (s.capOrUnit(r) || descriptors[s.low[r]] && !strings.HasSuffix(s.low[r], "s")) {
				k--
				continue
			}
			if s.nounRunBack(k-1, lo) {
				// "the Commons science and technology committee"
				k--
				continue
			}
			break
		}
		if clauseStop[w] || s.isVerb(k) {
			break
		}
		if npStart[w] && k-1 >= lo && s.toks[k-1].Kind == text.Word && !isCapital(s.toks[k-1].Text) && !npInner[s.low[k-1]] {
			// "did so well his friends joked": the phrase starts here.
			return k
		}
		k--
	}
	return k + 1
}

var npStart = toSet("the a an his her their its our my this these those")

// npInner are words that may stand inside a noun phrase before a
// determiner: "a lawyer for the police", "the head of the bank".
var npInner = toSet("of for at in on from with near to by about and or")

// nounRunBack reports words from k back to a determiner with no verb
// among them, at most four: a noun phrase that "and" goes on.
func (s *sent) nounRunBack(k, lo int) bool {
	for j := k; j >= lo && j > k-5; j-- {
		w := s.low[j]
		switch {
		case w == "the" || w == "a" || w == "an" || w == "its" || w == "their":
			return j < k
		case s.toks[j].Kind != text.Word || clauseStop[w] || s.isVerb(j) || finiteVerb(w):
			return false
		}
	}
	return false
}

func (s *sent) capOrUnit(k int) bool {
	return s.toks[k].Kind == text.Word && (isCapital(s.toks[k].Text) || s.unitAt[k] >= 0)
}

// subject returns the subject of verb v (not before lo): the phrase before
// it, and an appositive between commas ("Fabara, Ecuador's hydrocarbons
// secretary, said") as a second range.
func (s *sent) subject(v, lo int) (a, b rng) {
	e := s.skipBack(v, lo)
	if e < lo {
		return
	}
	if (s.low[e] == "and" || s.low[e] == "but") && e > lo {
		// "The leader of the coup apologised and said …": the verb shares
		// the subject of the clause it is joined to.
		return s.clauseSubject(lo, e), rng{}
	}
	rel := false
	if (s.low[e] == "who" || s.low[e] == "which") && e-1 >= lo {
		// "Donald Tusk, who said Thursday that …"
		e--
		rel = true
		if s.low[e] != "," {
			return rng{s.chunkBack(e+1, lo), e + 1}, rng{}
		}
		// "the source, who said …": the antecedent stands before the comma,
		// unless that is a place ("an officer in Millis, Massachusetts, who").
		r := rng{s.chunkBack(e, lo), e}
		if h := s.head(r); h.person && (h.known || strings.Contains(h.a.Name, " ")) || h.a.Name == "" && !h.empty() {
			return r, rng{}
		}
	}
	sep := s.low[e]
	if sep == "-" || sep == "--" {
		sep = "–"
	}
	if sep != "," && sep != "–" && sep != "—" && sep != ")" {
		r := rng{s.chunkBack(e+1, lo), e + 1}
		// "Ms Robinson, who presents The Weakest Link tells": the chunk is
		// the object inside a relative clause left open; the subject is its
		// antecedent.
		for k := r.lo - 1; k >= lo+1 && k >= r.lo-2 && !pronouns[s.low[r.hi-1]]; k-- {
			if s.low[k] == "who" && s.low[k-1] == "," {
				if a := (rng{s.chunkBack(k-1, lo), k - 1}); a.ok() && !s.head(a).empty() {
					return a, rng{}
				}
			}
			if s.toks[k].Kind == text.Punct {
				break
			}
		}
		// "Mark Serwotka, from the Public and Commercial Services union
		// said": an appositive left open; the name before the comma speaks.
		if r.ok() && npInner[s.low[r.lo]] && r.lo-1 > lo && s.low[r.lo-1] == "," {
			if a := (rng{s.chunkBack(r.lo-1, lo), r.lo - 1}); a.ok() {
				if h := s.head(a); h.named {
					return a, r
				}
			}
		}
		return r, rng{}
	}
	if sep == ")" {
		sep = "("
	}
	// "Nahid – whose name we have changed – tells me", "Putin (left) said".
	c1 := -1
	for k := e - 1; k >= lo && e-k <= 24; k-- {
		if s.low[k] == sep || sep == "," && s.low[k] == "," || sep == "–" && (s.low[k] == "-" || s.low[k] == "--" || s.low[k] == "—") {
			c1 = k
			break
		}
		if s.toks[k].Kind == text.Quote || s.low[k] == ":" || s.low[k] == ";" || sep == "," && (s.low[k] == "–" || s.low[k] == "—") {
			break
		}
	}
	// "Jorquera, who lives in Los Vilos, near the epicentre, told": the
	// relative clause may hold commas of its own.
	if c1 >= 0 && !relWords[s.low[c1+1]] {
		for k := c1 - 1; k >= lo && e-k <= 24; k-- {
			if s.toks[k].Kind == text.Quote || s.low[k] == ":" || s.low[k] == ";" {
				break
			}
			if s.low[k] == "," && k+1 < e && relWords[s.low[k+1]] {
				c1 = k
				break
			}
		}
	}
	if c1 < 0 {
		if rel {
			return rng{s.chunkBack(e, lo), e}, rng{}
		}
		return rng{}, rng{}
	}
	return rng{s.chunkBack(c1, lo), c1}, rng{c1 + 1, e}
}

// clauseSubject returns the subject of the clause in [lo, hi): the words
// before its first verb, after an opening phrase set off by a comma.
func (s *sent) clauseSubject(lo, hi int) rng {
	start := lo
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		w := s.low[k]
		switch {
		case w == ",":
			start = k + 1
			continue
		case s.toks[k].Kind == text.Quote || w == ":" || w == ";":
			return rng{}
		case t.Kind != text.Word || isCapital(t.Text) || s.unitAt[k] >= 0:
			continue
		}
		if s.isVerb(k) || finiteVerb(w) {
			if k-start > 12 {
				return rng{}
			}
			return rng{start, k}
		}
	}
	return rng{}
}

// finiteVerb guesses a verb form: a past tense in -ed or an auxiliary.
func finiteVerb(w string) bool {
	switch w {
	case "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "did", "does", "do", "met", "went", "took", "made", "gave", "came", "left", "kept", "held", "won", "lost", "sent", "began", "spent":
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed")
}

// words returns tokens [lo, hi) as written, joined by single spaces, with
// a possessive kept on its word.
func (s *sent) words(lo, hi int) string {
	var b strings.Builder
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		if k > lo && t.Start > s.toks[k-1].End {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// head reads the speaker a phrase names: a possessor of a document ("Bob
// Woodward's 2024 book"), else the last person, name or dictionary actor
// in it, else a bare agent or a describing noun, else a pronoun.
func (s *sent) head(r rng) speaker {
	lo, hi := r.lo, r.hi
	for lo < hi && (s.toks[lo].Kind != text.Word && s.toks[lo].Kind != text.Number || connectors[s.low[lo]] && lo+1 < hi) {
		lo++
	}
	for hi > lo && s.toks[hi-1].Kind == text.Punct {
		hi--
	}
	if hi <= lo {
		return speaker{}
	}
	// "a number of analysts", "some of the officials": the head follows "of".
	for q := lo; q < hi-2 && q < lo+3; q++ {
		if s.low[q] == "of" && q > lo && quantity[s.low[q-1]] {
			lo = q + 1
			break
		}
	}
	if pronouns[s.low[hi-1]] && (hi-lo == 1 || s.toks[hi-2].Kind == text.Word && !npInner[s.low[hi-2]]) {
		// "In an interview with NBC4 he said": the pronoun is the subject.
		return speaker{pron: s.low[hi-1], pos: hi - 1, psent: s.at}
	}
	if firstPerson[s.low[hi-1]] && (hi-lo == 1 || s.low[hi-2] == "and") {
		return speaker{pron: "i"} // the writer
	}
	txt := s.words(lo, hi)
	for p := lo + 1; p < hi; p++ {
		if s.toks[p].Kind != text.Possessive {
			continue
		}
		for q := p + 1; q < hi && q <= p+4; q++ {
			if relNouns[s.low[q]] && q == hi-1 {
				// "Gordon Brown's closest ally", "Putin's spokesman": the
				// possessed speaks, on the owner's side.
				owner := s.head(rng{lo, p})
				return speaker{a: record.Actor{Code: owner.a.Code, Country: owner.a.Country, Text: txt}, person: true, gender: genderOf(s.low[q])}
			}
			if docNouns[s.low[q]] && !relNouns[s.low[q]] {
				if sp := s.head(rng{lo, p}); sp.named || sp.a.Code != "" && !strings.HasPrefix(sp.a.Code, "---") && sp.pron == "" {
					sp.a.Text = txt
					return sp
				}
			}
		}
	}
	// The last named one: a dictionary person or actor, or an unknown name,
	// but not one after a preposition: "activists on the Greek island Kos"
	// speak, Kos does not (except after a document: "a report by Reuters").
	cut, from := s.headCut(lo, hi)
	var best *unit
	modifier := false
	ok := func(u *unit) bool {
		// "spokeswoman for women Sandra Gidley": a person's name that ends
		// the phrase is its head, prepositions or not.
		return u.start >= lo && u.end <= hi && (u.end <= cut || u.start >= from || u.end == hi && u.person && (!u.name || strings.Contains(u.actor.Name, " ")))
	}
	for i := range s.units {
		u := &s.units[i]
		if ok(u) && !u.agentOnly && (best == nil || u.start > best.start) {
			best = u
		}
	}
	for i := range s.names {
		u := &s.names[i]
		if u.end < hi && s.toks[u.end].Kind == text.Word && !isCapital(s.toks[u.end].Text) && !npInner[s.low[u.end]] && !relWords[s.low[u.end]] {
			modifier = modifier || ok(u)
			continue // "The Tory leader": the name only describes
		}
		if ok(u) && (best == nil || u.start >= best.start) {
			best = u
		}
	}
	if best != nil {
		sp := speaker{a: best.actor, person: best.person, named: true, known: !best.name, gender: best.gender}
		if best.name {
			// A name the dictionary lacks takes the code of the state or
			// agent beside it: "Ukrainian adviser Mykhailo Podolyak".
			sp.a.Code, sp.a.Country = s.nearCode(lo, hi, best)
		}
		sp.a.Text = txt
		return sp
	}
	det := s.low[lo] == "the" || s.low[lo] == "this" || s.low[lo] == "its" || s.low[lo] == "that"
	code, country := s.codeIn(lo, hi)
	if modifier && s.toks[hi-1].Kind == text.Word && !isCapital(s.toks[hi-1].Text) {
		// "Islamist politicians": a name describing the speakers.
		return speaker{a: record.Actor{Code: code, Country: country, Text: txt}, person: personNouns[s.low[hi-1]], plural: strings.HasSuffix(s.low[hi-1], "s"), gender: genderOf(s.low[hi-1])}
	}
	for i := range s.units {
		u := &s.units[i]
		if u.start >= lo && u.end <= cut && !s.inName(u.start) && !s.nameStarts(u.start) {
			h := s.low[u.end-1]
			sp := speaker{a: record.Actor{Code: code, Country: country, Text: txt}, person: personNouns[h] || personAgents[h], gender: genderOf(h)}
			if det && hi-lo <= 3 {
				sp.def = s.low[u.end-1]
			}
			return sp
		}
	}
	for k := cut - 1; k >= lo; k-- {
		if descriptors[s.low[k]] {
			sp := speaker{a: record.Actor{Code: code, Country: country, Text: txt}, person: personNouns[s.low[k]], gender: genderOf(s.low[k])}
			if det && hi-lo <= 3 {
				sp.def = s.low[k]
			}
			return sp
		}
	}
	if hi-lo == 1 && titleWord(s.low[lo]) {
		// "vice-chancellor announced"
		return speaker{a: record.Actor{Code: code, Country: country, Text: txt}, person: true}
	}
	if (npStart[s.low[lo]] || s.low[lo] == "one") && cut-lo >= 2 && cut-lo <= 5 && s.plainWords(lo+1, min(cut, hi)) {
		// "The officer, 24, said", "a 38-year-old woman said".
		h := s.low[min(cut, hi)-1]
		sp := speaker{a: record.Actor{Code: code, Country: country, Text: txt}, person: !bodyNouns[h], gender: genderOf(h)}
		if det && cut == hi {
			sp.def = h
		}
		return sp
	}
	return speaker{}
}

// relNouns after a possessive name the one who speaks for the owner.
var relNouns = toSet("ally allies aide aides adviser advisers advisor advisors spokesman spokeswoman spokesperson " +
	"lawyer lawyers attorney attorneys wife husband son daughter brother sister friend friends colleague colleagues " +
	"deputy successor predecessor rival rivals opponent opponents critics supporters envoy minister secretary " +
	"chief head director leader representative")

// personAgents are agent words that name one person: "the official said".
var personAgents = toSet("official minister president premier chancellor envoy ambassador diplomat commander leader " +
	"senator lawmaker judge prosecutor officer governor mayor secretary spokesman spokeswoman negotiator " +
	"journalist reporter adviser general king queen emir")

// personNouns describe one person: "he" may refer back to them.
var personNouns = toSet("analyst expert source witness observer critic spokesman spokeswoman spokesperson lawyer " +
	"attorney economist dealer banker executive chairman chairwoman director chief manager adviser advisor aide " +
	"representative member resident survivor relative father mother brother sister son daughter wife husband " +
	"friend neighbor neighbour colleague teacher nurse man woman boy girl person owner operator founder head " +
	"insider official prosecutor investigator officer organiser organizer activist teen teenager student " +
	"doctor farmer worker driver passenger victim suspect parent uncle aunt detainee prisoner inmate defendant " +
	"plaintiff patient customer voter candidate volunteer veteran mourner eyewitness bystander")

// genderOf tells the gender a describing noun gives, for "he" and "she".
func genderOf(w string) byte {
	switch w {
	case "man", "men", "boy", "father", "brother", "son", "husband", "gentleman", "uncle", "grandfather", "king", "spokesman", "chairman", "businessman", "policeman":
		return 'm'
	case "woman", "women", "girl", "mother", "sister", "daughter", "wife", "lady", "aunt", "grandmother", "queen", "spokeswoman", "chairwoman", "businesswoman", "policewoman":
		return 'f'
	}
	return 0
}

// titleWord: a title, or a hyphenated one ("vice-chancellor").
func titleWord(w string) bool {
	if i := strings.LastIndexByte(w, '-'); i >= 0 {
		w = w[i+1:]
	}
	return personAgents[w] || titles[w] && !nameStop[w]
}

// inName reports token k inside a name the dictionary does not know.
func (s *sent) inName(k int) bool {
	for i := range s.names {
		if n := &s.names[i]; n.start < k && k < n.end {
			return true
		}
	}
	return false
}

// nameStarts reports a name the dictionary does not know starting at k.
func (s *sent) nameStarts(k int) bool {
	for i := range s.names {
		if s.names[i].start == k {
			return true
		}
	}
	return false
}

// headCut finds the first preposition in a phrase: names before it may be
// the speaker, names after it only describe (cut), unless a document noun
// stands before it, when the name after it is the speaker (from).
func (s *sent) headCut(lo, hi int) (cut, from int) {
	for k := lo + 1; k < hi; k++ {
		if !headPrep[s.low[k]] {
			continue
		}
		if u := s.unitAt[k]; u >= 0 && s.units[u].start < k || s.inName(k) {
			continue // "the foreign minister of Ukraine", "Department for Education" are one actor
		}
		if (docNouns[s.low[k-1]] && !personNouns[s.low[k-1]]) || sourceWords[s.low[k-1]] {
			return k, k + 1
		}
		return k, hi + 1
	}
	return hi, hi + 1
}

var headPrep = toSet("in on at near from for of with by outside inside across around close familiar behind beside among next")

// sourceWords before "by" or "from" name what a source gave: "documents
// seen by Reuters", "data from the ministry".
var sourceWords = toSet("seen obtained published released issued cited quoted data figures statistics numbers " +
	"estimates documents footage images records results")

// plainWords: tokens [lo, hi) are lower-case words or numbers.
func (s *sent) plainWords(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		if t.Kind != text.Word && t.Kind != text.Number || isCapital(t.Text) || s.isVerb(k) || clauseStop[s.low[k]] || headPrep[s.low[k]] || finiteVerb(s.low[k]) {
			return false
		}
	}
	return true
}

// codeIn composes the code of a phrase that names no one: its state or
// body, joined with its agent ("officials in Washington" is USAGOV).
func (s *sent) codeIn(lo, hi int) (code, country string) {
	var base, agent string
	for i := range s.units {
		u := &s.units[i]
		if u.start < lo || u.end > hi {
			continue
		}
		switch {
		case u.agentOnly && agent == "":
			agent = u.actor.Code
		case !u.agentOnly && base == "":
			base, country = u.actor.Code, u.actor.Country
		}
	}
	switch {
	case base == "":
		return agent, ""
	case agent == "" || strings.HasSuffix(base, agent) || len(base) > 3:
		return base, country
	}
	return base + agent, country
}

// nearCode is the code of the dictionary actor or agent nearest a name in
// its phrase.
func (s *sent) nearCode(lo, hi int, name *unit) (code, country string) {
	bestD := 1 << 30
	for i := range s.units {
		u := &s.units[i]
		if u.start < lo || u.end > hi {
			continue
		}
		d := name.start - u.end
		if d < 0 {
			d = u.start - name.end
		}
		if d < bestD || d == bestD && !u.agentOnly {
			bestD, code, country = d, u.actor.Code, u.actor.Country
		}
	}
	return code, country
}

// pick chooses between a subject and its appositive: a name in the
// appositive ("the Kremlin's spokesman, Dmitry Peskov, said") wins, then
// whatever the subject names ("Fabara, Ecuador's hydrocarbons secretary").
func (s *sent) pick(a, b rng) speaker {
	sp := s.pick2(a, b)
	if !sp.plural && a.ok() {
		for k := a.lo; k < a.hi; k++ {
			if s.low[k] == "and" && !s.inName(k) {
				sp.plural = true
			}
		}
		if w := s.low[a.hi-1]; !sp.named && strings.HasSuffix(w, "s") && (descriptors[w] || s.unitAt[a.hi-1] >= 0) {
			sp.plural = true
		}
	}
	return sp
}

func (s *sent) pick2(a, b rng) speaker {
	if !b.ok() {
		return s.head(a)
	}
	hb := s.head(b)
	ha := s.head(a)
	if ha.named && ha.person && (ha.known || strings.Contains(ha.a.Name, " ")) {
		if ha.a.Code == "" {
			ha.a.Code, ha.a.Country = hb.a.Code, hb.a.Country
		}
		return ha
	}
	if hb.named && hb.person && (hb.known || strings.Contains(hb.a.Name, " ")) {
		return hb
	}
	if !ha.empty() {
		if ha.a.Code == "" && hb.a.Code != "" && ha.pron == "" && ha.named {
			ha.a.Code, ha.a.Country = hb.a.Code, hb.a.Country
		}
		return ha
	}
	if !hb.empty() {
		return hb
	}
	return ha
}

// npAfter reads a speaker that follows its verb: `"…," said Peskov`,
// `said Dmitry Peskov, the Kremlin spokesman`, `said the ministry's
// spokesman, Ivan Ivanov`.
func (s *sent) npAfter(from, hi int) (speaker, int) {
	end := from
	for end < hi && end-from < 10 {
		t := s.toks[end]
		w := s.low[end]
		if t.Kind == text.Quote || t.Kind == text.Punct && w != "." && w != "&" || w == "." && end+1 >= hi || afterStop[w] || s.dateTok[end] {
			break
		}
		end++
	}
	sp := s.head(rng{from, end})
	if !sp.named && end < hi && s.low[end] == "," {
		e2 := end + 1
		for e2 < hi && e2-end < 8 && s.toks[e2].Kind != text.Punct && s.toks[e2].Kind != text.Quote {
			e2++
		}
		if n := s.head(rng{end + 1, e2}); n.named && n.person {
			if n.a.Code == "" {
				n.a.Code = sp.a.Code
			}
			return n, e2
		}
	}
	return sp, end
}

var afterStop = toSet("on in at during after before when while as who which that to from for with about by because " +
	"adding saying noting told according late early earlier later yesterday today tonight")
