package claim

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// resolve turns a pronoun or a definite description into the speaker it
// refers to, where the sentences before say who that is.
func (a *article) resolve(sp speaker, at int) speaker {
	switch {
	case sp.pron != "":
		if r, ok := a.resolvePron(sp.pron, at, sp.pos, sp.psent); ok {
			if r.a.Name != "" {
				r.a.Text = sp.pron
				// Learn the gender "he" or "she" gives a name.
				if g := pronGender(sp.pron); g != 0 && a.genders[r.a.Name] == 0 {
					a.genders[r.a.Name] = g
				}
			}
			return r
		}
	case sp.def != "":
		if r, ok := a.resolveDef(sp, at); ok {
			r.a.Text = sp.a.Text
			return r
		}
	case sp.named && sp.person && !strings.Contains(sp.a.Name, " ") && sp.a.Name != "":
		return a.fullName(sp, at)
	}
	return sp
}

// resolvePron finds who "he", "she", "it" or "they" is: the last speaker
// of the right sort, unless a sentence since names another person (or
// body), in which case the first one that sentence names — its subject.
func (a *article) resolvePron(p string, at, pos, psent int) (speaker, bool) {
	wantPerson := p == "he" || p == "she" || p == "him"
	var wrong byte // the gender the pronoun rules out
	switch p {
	case "he", "him":
		wrong = 'f'
	case "she":
		wrong = 'm'
	}
	var last *draft
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 12; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.attSent > at || d.spk.pron != "" || d.spk.empty() {
			continue
		}
		if (d.spk.person == wantPerson || p == "they" && d.spk.plural) && (wrong == 0 || a.genderOfSpeaker(d.spk) != wrong) && (p != "they" || !d.spk.person || d.spk.plural) {
			last = d
			break
		}
	}
	if last != nil && last.attSent < at-10 {
		last = nil
	}
	if !wantPerson && last != nil && last.attSent >= at-6 {
		// "…, it said": newswire style refers back to the last body that
		// spoke, whatever was named since.
		return last.spk, true
	}
	if pos > 0 && psent < len(a.ss) && pos <= len(a.ss[psent].toks) {
		// "Mr Blair praised his chancellor, which he said was …": a pronoun
		// in a relative clause is the sentence's subject.
		s := a.ss[psent]
		if b := s.low[pos-1]; relWords[b] || b == "as" {
			for _, u := range s.mentionsOf(a.x.m, a.ref) {
				if u.end <= pos && u.person == wantPerson && (!u.name || strings.Contains(u.actor.Name, " ") || a.spoke(u.actor.Name) || u.gender != 0 || s.describedName(&u)) {
					r := speaker{a: u.actor, person: u.person, named: true, known: !u.name, gender: u.gender}
					if u.name && !strings.Contains(r.a.Name, " ") {
						r = a.fullName(r, at)
					}
					return r, true
				}
			}
		}
	}
	if pos > 0 && psent < len(a.ss) {
		// "Renzi published an open letter: he says …"
		s := a.ss[psent]
		for k := min(pos, len(s.toks)) - 1; k >= 0; k-- {
			if s.low[k] != ":" && s.low[k] != ";" {
				continue
			}
			for _, u := range s.mentionsOf(a.x.m, a.ref) {
				if u.end <= k && u.person == wantPerson && (!u.name || strings.Contains(u.actor.Name, " ")) {
					return speaker{a: u.actor, person: u.person, named: true, known: !u.name}, true
				}
			}
			break
		}
	}
	// The first person a recent sentence names, by a name strong enough to
	// refer to (known, full, titled or described); a lone capitalised word
	// only when nothing better is near.
	var weak *unit
	for j := at - 1; j >= 0 && j >= at-3; j-- {
		s := a.ss[j]
		ms := s.mentionsOf(a.x.m, a.ref)
		var first *unit
		for i := range ms {
			u := &ms[i]
			if u.person != wantPerson || wrong != 0 && (u.gender == wrong || a.genders[u.actor.Name] == wrong) {
				continue
			}
			if last != nil && sameActor(u.actor.Name, u.actor.Code, last.spk.a.Name, last.spk.a.Code) {
				return last.spk, true
			}
			if u.name && wantPerson && !strings.Contains(u.actor.Name, " ") && !a.spoke(u.actor.Name) && u.gender == 0 && !s.describedName(u) {
				if weak == nil && !adjectival(u.actor.Name) {
					weak = u
				}
				continue
			}
			if first == nil {
				first = u
			}
		}
		if first != nil {
			if last != nil && last.lastSent >= j {
				return last.spk, true
			}
			if r, ok := s.relation(first); ok {
				return r, true // "Tony Blair's official spokesman declined … He said"
			}
			r := speaker{a: first.actor, person: first.person, named: true, known: !first.name, gender: first.gender}
			if first.name && !strings.Contains(r.a.Name, " ") {
				r = a.fullName(r, at)
			}
			return r, true
		}
	}
	if last == nil && weak != nil {
		return a.fullName(speaker{a: weak.actor, person: true, named: true}, at), true
	}
	if last != nil {
		return last.spk, true
	}
	return speaker{}, false
}

func pronGender(p string) byte {
	switch p {
	case "he", "him":
		return 'm'
	case "she":
		return 'f'
	}
	return 0
}

// genderOfSpeaker is what the words or the article so far say of a
// speaker's gender.
func (a *article) genderOfSpeaker(sp speaker) byte {
	if sp.gender != 0 {
		return sp.gender
	}
	return a.genders[sp.a.Name]
}

// adjectival: a single capitalised word that reads as an adjective or a
// demonym.
func adjectival(w string) bool {
	w = strings.ToLower(w)
	for _, suf := range []string{"ish", "ese", "ian", "ic", "ist", "ern"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// relation: a person named as the owner of a relation ("Tony Blair's
// official spokesman") stands for the one who relates.
func (s *sent) relation(u *unit) (speaker, bool) {
	if u.end >= len(s.toks) || s.toks[u.end].Kind != text.Possessive {
		return speaker{}, false
	}
	for q := u.end + 1; q < len(s.toks) && q <= u.end+3; q++ {
		if relNouns[s.low[q]] {
			return speaker{a: record.Actor{Code: u.actor.Code, Country: u.actor.Country, Text: s.words(u.start, q+1)}, person: true, gender: genderOf(s.low[q])}, true
		}
		if s.toks[q].Kind != text.Word {
			break
		}
	}
	return speaker{}, false
}

// describedName: a one-word name after a describing word, "ex-model
// Sandra", "analyst Smith": a person for sure.
func (s *sent) describedName(u *unit) bool {
	k := u.start - 1
	if k < 0 || s.toks[k].Kind != text.Word || isCapital(s.toks[k].Text) {
		return false
	}
	w := s.low[k]
	return personNouns[w] || titleWord(w) || strings.Contains(w, "-") && !strings.HasSuffix(w, "-based")
}

// spoke reports a speaker of the article so far by this name or surname.
func (a *article) spoke(name string) bool {
	return a.surnames[strings.ToLower(name)]
}

// sameActor: two actors are one by canonical name (a surname matches the
// full name) or, without names, by code.
func sameActor(n1, c1, n2, c2 string) bool {
	if n1 != "" && n2 != "" {
		if strings.EqualFold(n1, n2) {
			return true
		}
		return strings.EqualFold(lastWord(n1), lastWord(n2)) && (!strings.Contains(n1, " ") || !strings.Contains(n2, " "))
	}
	return n1 == "" && n2 == "" && c1 != "" && c1 == c2
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// resolveDef finds who "the company" or "the minister" is: the last
// speaker whose words hold the noun, or for a company, the last body named.
func (a *article) resolveDef(sp speaker, at int) (speaker, bool) {
	var hit *draft
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 30; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.attSent > at || d.attSent < at-25 || d.spk.pron != "" || d.spk.empty() {
			continue
		}
		if strings.Contains(strings.ToLower(d.spk.a.Text), sp.def) || d.spk.named && (companyNouns[sp.def] && !d.spk.person || outletNouns[sp.def] && isOutlet(d.spk.a)) ||
			// "the president" after "Barack Obama" (USAGOV) spoke
			d.spk.named && d.spk.person && personAgents[sp.def] && sp.a.Code != "" && strings.HasSuffix(d.spk.a.Code, sp.a.Code) {
			hit = d
			break
		}
	}
	// A body or person named since with the noun as its title: "the
	// president" after "Venezuela's President Nicolas Maduro".
	stop := at - 4
	if hit != nil {
		stop = max(stop, hit.attSent)
	}
	for j := at - 1; j >= 0 && j >= stop; j-- {
		s := a.ss[j]
		for _, u := range s.mentionsOf(a.x.m, a.ref) {
			for k := max(u.start-2, 0); k < u.end; k++ {
				if k == u.start-2 && !isCapital(s.toks[k+1].Text) {
					continue // the noun must stand right before the name: "Judge Barry Williams"
				}
				if s.low[k] == sp.def && !s.inQuote[k] {
					return speaker{a: u.actor, person: u.person, named: true}, true
				}
			}
		}
	}
	if hit != nil {
		return hit.spk, true
	}
	if personAgents[sp.def] {
		// "The minister told delegates": the last person named who spoke.
		for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 8; i, seen = i-1, seen+1 {
			if d := &a.drafts[i]; d.attSent >= at-6 && d.spk.named && d.spk.person && d.spk.gender == 0 {
				return d.spk, true
			}
		}
	}
	if !bodyNouns[sp.def] {
		return speaker{}, false
	}
	for j := at - 1; j >= 0 && j >= at-4; j-- {
		for _, u := range a.ss[j].mentionsOf(a.x.m, a.ref) {
			if !u.person && u.name {
				return speaker{a: u.actor, named: true}, true
			}
		}
	}
	return speaker{}, false
}

// outletNouns refer back to the last news outlet that spoke.
// companyNouns refer back to the last body that spoke: newswire style
// ("Exxon said … The company said").
var companyNouns = toSet("company firm corporation")

var outletNouns = toSet("paper newspaper daily agency broadcaster network magazine")

func isOutlet(a record.Actor) bool {
	if strings.HasSuffix(a.Code, "MED") {
		return true
	}
	for _, w := range strings.Fields(a.Name) {
		switch w {
		case "Times", "Post", "Journal", "News", "Herald", "Tribune", "Guardian", "Telegraph", "Gazette", "Daily", "Agency", "Press":
			return true
		}
	}
	return false
}

var bodyNouns = toSet("company firm group bank corporation concern utility airline carrier insurer lender producer maker")

// fullName gives a speaker named by surname alone the full name an earlier
// sentence used: "Fabara" after "Yvonne Fabara".
func (a *article) fullName(sp speaker, at int) speaker {
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 30; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.spk.named && d.spk.person && strings.Contains(d.spk.a.Name, " ") && (strings.EqualFold(lastWord(d.spk.a.Name), sp.a.Name) || strings.EqualFold(firstWord(d.spk.a.Name), sp.a.Name)) {
			r := d.spk
			r.a.Text = sp.a.Text
			return r
		}
	}
	for j := at - 1; j >= 0 && j >= at-40; j-- {
		s := a.ss[j]
		if !s.analysed {
			continue
		}
		for _, u := range s.names {
			if u.person && strings.Contains(u.actor.Name, " ") && strings.EqualFold(lastWord(u.actor.Name), sp.a.Name) {
				r := sp
				r.a.Name = u.actor.Name
				if r.a.Code == "" {
					r.a.Code, r.a.Country = s.nearCode(u.start-4, u.end, &u)
				}
				return r
			}
		}
	}
	return sp
}
