package claim

import "strings"

// resolve turns a pronoun or a definite description into the speaker it
// refers to, where the sentences before say who that is.
func (a *article) resolve(sp speaker, at int) speaker {
	switch {
	case sp.pron != "":
		if r, ok := a.resolvePron(sp.pron, at); ok {
			r.a.Text = sp.pron
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
	var last *draft
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 12; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.attSent > at || d.spk.pron != "" || d.spk.empty() {
			continue
		}
		if d.spk.person == wantPerson && (d.spk.named || !wantPerson) {
			last = d
			break
		}
	}
	if last != nil && last.attSent < at-6 {
		last = nil
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
			if first == nil {
				first = u
			}
		}
		if first != nil {
			if last != nil && last.lastSent >= j {
				return last.spk, true
			}
			return speaker{a: first.actor, person: first.person, named: true}, true
		}
	}
	if last != nil {
		return last.spk, true
	}
	return speaker{}, false
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
	for i, seen := len(a.drafts)-1, 0; i >= 0 && seen < 12; i, seen = i-1, seen+1 {
		d := &a.drafts[i]
		if d.attSent > at || d.attSent < at-8 || !d.spk.named {
			continue
		}
		if strings.Contains(strings.ToLower(d.spk.a.Text), sp.def) || bodyNouns[sp.def] && !d.spk.person {
			return d.spk, true
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
