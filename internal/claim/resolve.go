package claim

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
)

// resolve turns a pronoun or a definite description into the speaker it
// refers to, where the sentences before say who that is.
func (a *article) resolve(sp speaker, at int) speaker {
	switch {
	case sp.pron != "":
		if r, ok := a.resolvePron(sp.pron, at); ok {
			if r.a.Name != "" {
				r.a.Text = sp.pron
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
func (a *article) resolvePron(p string, at int) (speaker, bool) {
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
		if d.spk.person == wantPerson && (wrong == 0 || d.spk.gender != wrong) {
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
	for j := at - 1; j >= 0 && j >= at-3; j-- {
		ms := a.ss[j].mentionsOf(a.x.m, a.ref)
		var first *unit
		for i := range ms {
			u := &ms[i]
			if u.person != wantPerson {
				continue
			}
			if last != nil && sameActor(u.actor.Name, u.actor.Code, last.spk.a.Name, last.spk.a.Code) {
				return last.spk, true
			}
			if u.name && wantPerson && !strings.Contains(u.actor.Name, " ") && !a.spoke(u.actor.Name) {
				continue // one capitalised word is too weak a name, unless it spoke before
			}
			if first == nil {
				first = u
			}
		}
		if first != nil {
			if last != nil && last.lastSent >= j {
				return last.spk, true
			}
			r := speaker{a: first.actor, person: first.person, named: true, known: !first.name}
			if first.name && !strings.Contains(r.a.Name, " ") {
				r = a.fullName(r, at)
			}
			return r, true
		}
	}
	if last != nil {
		return last.spk, true
	}
	return speaker{}, false
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

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// resolveDef finds who "the company" or "the minister" is: the last
// speaker whose words hold the noun, or for a company, the last body named.
func (a *article) resolveDef(sp speaker, at int) (speaker, bool) {
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 30; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.attSent > at || d.attSent < at-25 || d.spk.pron != "" || d.spk.empty() {
			continue
		}
		if strings.Contains(strings.ToLower(d.spk.a.Text), sp.def) || d.spk.named && (companyNouns[sp.def] && !d.spk.person || outletNouns[sp.def] && isOutlet(d.spk.a)) {
			return d.spk, true
		}
	}
	// A body or person named lately with the noun as its title: "the
	// president" after "Venezuela's President Nicolas Maduro".
	for j := at - 1; j >= 0 && j >= at-4; j-- {
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

// companyNouns refer back to the last body that spoke: newswire style
// ("Exxon said … The company said").
var companyNouns = toSet("company firm corporation")

// outletNouns refer back to the last news outlet that spoke.
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
		if d.spk.named && d.spk.person && strings.Contains(d.spk.a.Name, " ") && strings.EqualFold(lastWord(d.spk.a.Name), sp.a.Name) {
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
