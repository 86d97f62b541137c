package fact

// Scheduled dates: meetings, votes, talks and visits set for a day.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// scheduledWord reads "talks are scheduled for Friday", "the vote is set for
// March 3", "is due to meet on Monday", "a meeting planned for next week",
// "payment is due on March 1".
func (x *sent) scheduledWord(cs []cand, i int) []cand {
	w := x.low[i]
	next := x.word(i + 1)
	switch w {
	case "set", "planned", "expected", "due":
		// Only as a schedule: "set for", "set to meet"; "due on", "due to".
		if next != "for" && next != "to" && next != "on" && !(w == "due" && (x.inDate(i+1) != nil || next == "by" || next == "before" || next == "within")) {
			return cs
		}
		if next == "to" && !x.scheduleVerbAt(i+2) && !startVerbs[x.word(i+2)] {
			return cs // "set to rise", "due to the strike", "expected to be"
		}
	}
	if next == "to" && expiryVerbs[x.word(i+2)] {
		return cs // "due to expire" is the expiry's
	}
	if w == "due" && x.word(i-1) == "series" || w == "due" && securities[x.word(i-1)] {
		return cs // "debentures due 1999": a maturity, not a deadline
	}
	if x.negated(i) {
		return cs
	}
	vs := x.verbGroupStart(i)
	var sa, sb int
	if vs == i {
		// "a meeting scheduled for Friday": the noun right before.
		sa, sb = x.nearPhrase(i)
		if sa == sb {
			sa, sb = x.subjectBefore(i) // "the project, due for completion in 1988"
		}
	} else {
		sa, sb = x.subjectBefore(vs)
	}
	end := i + 1
	if next == "to" {
		end = x.objectAfter(i+1, 4, set("to"))
	} else if sa == sb {
		// "today's scheduled second day of talks": the noun after.
		end = x.nounsAfter(i+1, 3)
	}
	kind := KindScheduled
	if w == "due" && next != "to" && !x.hasEventNoun(sa, sb) || sb > sa && targetNouns[x.low[sb-1]] {
		kind = KindDeadline // "payment is due on March 1", "goals set for 1990"
	}
	c := cand{kind: kind, t: i, prio: priority[kind]*10 + 2}
	c.what = x.phrase([2]int{sa, sb}, [2]int{vs, end})
	c.date = x.dateNear(i, false)
	if c.date == nil {
		return cs
	}
	if byPrep(c.date) {
		kind = KindDeadline
		c.kind, c.prio = kind, priority[kind]*10+2
	}
	if w != "rescheduled" && (x.cancelled(i) || x.supersededPlan(vs, i)) {
		c.status = StatusMissed
		return append(cs, c)
	}
	if !x.pastNear(i) {
		x.forward(c.date)
	}
	if !x.upcoming(c.date) || x.today(c.date) && x.pastNear(i) {
		return cs
	}
	return append(cs, c)
}

// startVerbs after "due to", "set to" make a schedule too: "talks are due
// to begin".
var startVerbs = set("begin", "start", "open", "end", "close", "resume", "take", "reopen", "conclude", "finish", "launch", "leave", "return")

// supersededPlan reports whether the verb group [vs, i] puts the plan in
// the past perfect, which says it did not hold: "the committee had
// originally been due to meet this week".
func (x *sent) supersededPlan(vs, i int) bool {
	had, orig := false, false
	for k := max(0, vs-1); k <= i; k++ {
		switch x.low[k] {
		case "had":
			had = true
		case "originally", "initially", "previously", "first":
			orig = true
		}
	}
	return had && orig
}

// securities are instruments whose "due" date is a maturity.
var securities = set("gilt", "gilts", "notes", "note", "debentures", "debenture", "bonds", "bond", "eurobond", "eurobonds",
	"securities", "certificates", "warrants", "paper", "issue", "loan", "loans", "tranche", "floater", "obligations")

// targetNouns are aims with a date: what is set for it is a deadline.
var targetNouns = set("goal", "goals", "target", "targets", "aim", "aims", "objective", "objectives", "completion", "deadline")

// byPrep reports whether a date is a limit ("by Friday", "within 50 days").
func byPrep(d *dateSpan) bool {
	switch d.Prep {
	case "by", "before", "within", "no later than":
		return true
	}
	return false
}

// hasEventNoun reports whether [a, b) names a happening: "elections",
// "the meeting".
func (x *sent) hasEventNoun(a, b int) bool {
	for k := a; k < b; k++ {
		if eventNouns[x.low[k]] {
			return true
		}
	}
	return false
}

// scheduleVerbAt reports whether token k is a verb of the scheduled kind in
// its base form ("meet", "hold talks"), or "be" before a participle ("be
// held", "be signed").
func (x *sent) scheduleVerbAt(k int) bool {
	w := x.word(k)
	if w == "be" {
		return scheduledParticiples[x.word(k+1)]
	}
	return scheduleVerbs[w]
}

// scheduledParticiples after "to be" make a schedule: "is due to be
// signed", "is set to be published".
var scheduledParticiples = set(
	"held", "signed", "published", "released", "announced", "introduced", "completed", "launched",
	"delivered", "decided", "debated", "voted", "discussed", "opened", "finalised", "finalized",
	"presented", "submitted", "implemented", "named", "elected", "sworn", "inaugurated", "ratified",
	"approved", "considered", "heard", "tried", "sentenced", "unveiled", "issued", "sold", "auctioned",
)

// negated reports whether the words just before token i deny it: "there
// are no plans to meet", "will not meet".
func (x *sent) negated(i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch x.low[k] {
		case "no", "not", "never", "n't", "nor", "without":
			return true
		}
		if x.boundary(k) {
			return false
		}
	}
	return false
}

// scheduledVerb reads "will meet next week", "is to visit Moscow on
// Friday", "plans to vote on March 3", "ministers meet later today".
func (x *sent) scheduledVerb(cs []cand, i int) []cand {
	w := x.low[i]
	if !scheduleVerbs[w] && !(strings.HasSuffix(w, "s") && scheduleVerbs[w[:len(w)-1]] && !nounForms[w]) {
		return cs
	}
	vs := x.verbGroupStart(i)
	future := false
	for k := vs; k < i; k++ {
		if x.low[k] == "to" {
			if k == vs && !toIntent[x.word(k-1)] {
				continue // "allow it to meet", "a proposal to resume": not a plan
			}
			future = true
		} else if futureAux[x.low[k]] {
			future = true
		}
	}
	if vs == i && x.isWord(i-1) && x.presentSubject(i-1) {
		future = true // "ministers meet later today": the date must then be ahead
	} else if !future {
		return cs
	}
	if (w == "meet" || w == "meets") && x.meetsObject(i) || x.negated(vs) {
		return cs
	}
	sa, sb := x.subjectBefore(vs)
	end := x.objectAfter(i, 4, set("with", "on"))
	c := cand{kind: KindScheduled, t: i, prio: priority[KindScheduled]*10 + 1}
	c.what = x.phrase([2]int{sa, sb}, [2]int{vs, end})
	c.date = x.dateNear(i, false)
	if c.date == nil {
		return cs
	}
	if vs == i && !x.ahead(c.date) {
		return cs
	}
	if byPrep(c.date) {
		c.kind, c.prio = KindDeadline, priority[KindDeadline]*10+1
	}
	x.forward(c.date)
	if !x.upcoming(c.date) || x.cancelled(i) {
		return cs
	}
	return append(cs, c)
}

// nounForms are -s forms of schedule verbs that are as often nouns: the
// event reader takes them.
var nounForms = set("talks", "votes", "visits", "debates", "addresses", "rules", "hosts", "gathers")

// presentSubject reports whether token k can be the subject right before a
// verb in the present: a name, a plural noun or a body ("the council").
func (x *sent) presentSubject(k int) bool {
	w := x.low[k]
	if determiners[w] || prepositions[w] || auxWords[w] || clauseWords[w] || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") {
		return false
	}
	return x.capital(k) || strings.HasSuffix(w, "s") || bodies[w]
}

var bodies = set("council", "committee", "board", "cabinet", "parliament", "government", "group", "panel", "court", "assembly", "commission", "congress", "senate", "house", "team", "delegation")

// toIntent are the words after which "to" announces a plan: "plans to
// meet", "is to visit", "agreed to meet".
var toIntent = set(
	"is", "are", "was", "were", "plans", "plan", "planned", "planning", "agreed", "agree", "agrees",
	"expected", "expects", "due", "scheduled", "set", "going", "likely", "hopes", "hoped", "intends",
	"intend", "intended", "decided", "decides", "slated", "wants", "promised", "pledged", "vowed",
	"prepared", "prepares", "preparing", "ready", "invited", "arranged", "offered", "aims", "proposed", "proposes", "called",
)

// meetsObject reports whether "meet" is followed by what one meets that is
// not a meeting: "meet targets", "meet demands", "meet the deadline".
func (x *sent) meetsObject(i int) bool {
	for k := i + 1; k < len(x.toks) && k <= i+4; k++ {
		if meetObjects[x.low[k]] {
			return true
		}
		if x.boundary(k) || prepositions[x.low[k]] {
			return false
		}
	}
	return false
}

var meetObjects = set(
	"target", "targets", "demand", "demands", "need", "needs", "requirement", "requirements",
	"obligation", "obligations", "payment", "payments", "deadline", "deadlines", "criteria",
	"cost", "costs", "condition", "conditions", "standard", "standards", "goal", "goals",
	"expectations", "commitments", "commitment", "quota", "quotas", "debt", "bill", "bills",
	"forecast", "forecasts", "estimates", "test", "terms", "interest",
)

// eventNoun reads "the summit on Friday", "talks next week", "Sunday's
// election" when the date is ahead of the article.
func (x *sent) eventNoun(cs []cand, i int) []cand {
	var d *dateSpan
	if k := i + 1; k < len(x.toks) {
		if dd := x.inDate(k); dd != nil && dd.a == k && dd.Prep != "since" && dd.Prep != "from" {
			d = dd
		}
	}
	if k := i + 2; d == nil && k < len(x.toks) && (strings.HasSuffix(x.word(i+1), "ing") || scheduleWords[x.word(i+1)]) {
		// "talks opening tomorrow", "elections due in April"
		if dd := x.inDate(k); dd != nil && dd.a == k {
			d = dd
		}
	}
	for k := i - 1; d == nil && k >= 1 && k >= i-4; k-- {
		// "Sunday's election", "tomorrow's crucial monetary talks"
		if x.toks[k].Kind == text.Possessive {
			d = x.inDate(k - 1)
			break
		}
		if !x.isWord(k) || determiners[x.low[k]] || prepositions[x.low[k]] || x.boundary(k) {
			break
		}
	}
	if d == nil && i >= 1 {
		d = x.inDate(i - 1)
	}
	if d == nil || d.Prep == "since" || d.Prep == "until" || d.Prep == "to" {
		return cs
	}
	if x.low[i] == "meeting" && (x.word(i-1) == "are" || x.word(i-1) == "is" || x.word(i-1) == "were" || x.word(i-1) == "was" || x.inDate(i-1) != nil && (x.word(d.a-1) == "are" || x.word(d.a-1) == "is")) {
		return cs // "are meeting", "are today meeting": the verb, now
	}
	ma := i
	for ma > 0 && i-ma < 2 && x.isWord(ma-1) && !x.boundary(ma-1) && !determiners[x.low[ma-1]] && !prepositions[x.low[ma-1]] && !auxWords[x.low[ma-1]] && x.inDate(ma-1) == nil && !participle(x.low[ma-1]) {
		ma--
	}
	pe := i + 1
	if w := x.word(i + 1); (w == "on" || (w == "with" || w == "between") && talkNouns[x.low[i]]) && x.inDate(i+2) == nil {
		pe = x.objectAfter(i+1, 4, nil)
	}
	c := cand{kind: KindScheduled, t: i, date: d, prio: priority[KindScheduled] * 10}
	c.what = x.phrase([2]int{ma, pe})
	if x.cancelled(i) {
		c.status = StatusMissed
		return append(cs, c)
	}
	progressive := x.progressiveBefore(ma)
	if !progressive && (x.pastVerbAfter(i, d) || x.pastNear(i)) {
		return cs
	}
	if !x.ahead(d) && !x.futureNear(i) && !progressive {
		return cs
	}
	x.forward(d)
	if !x.upcoming(d) {
		return cs
	}
	return append(cs, c)
}

var talkNouns = set("talks", "meeting", "meetings", "summit", "negotiations", "conference", "parley")

// progressiveBefore reports whether the noun phrase at ma is the object of
// a present progressive, which with a date means the future: "Greece is
// holding a general election on Sunday".
func (x *sent) progressiveBefore(ma int) bool {
	k := ma - 1
	for k >= 0 && determiners[x.low[k]] {
		k--
	}
	return k >= 1 && strings.HasSuffix(x.low[k], "ing") && (x.low[k-1] == "is" || x.low[k-1] == "are")
}

// futureNear reports whether a future marker stands within eight tokens of
// token i: "will", "to be held", "scheduled", "due", "upcoming".
func (x *sent) futureNear(i int) bool {
	for k := max(0, i-8); k < len(x.toks) && k <= i+8; k++ {
		switch x.low[k] {
		case "will", "'ll", "shall", "scheduled", "slated", "due", "upcoming", "planned", "expected", "set", "later", "forthcoming":
			return true
		}
	}
	return false
}

// pastVerbAfter reports whether a past verb follows the event noun's date:
// "the talks on Friday ended without a deal".
func (x *sent) pastVerbAfter(i int, d *dateSpan) bool {
	k := max(i, d.b-1) + 1
	for ; k < len(x.toks) && k <= i+6; k++ {
		w := x.low[k]
		if w == "was" || w == "were" || w == "had" || strings.HasSuffix(w, "ed") && !x.capital(k) {
			return true
		}
		if x.boundary(k) {
			return false
		}
	}
	return false
}

// cancelled reports whether the clause around token i says the scheduled
// thing was put off or called off.
func (x *sent) cancelled(i int) bool {
	for k := max(0, i-10); k < len(x.toks) && k <= i+14; k++ {
		w := x.low[k]
		if k == i {
			continue
		}
		if x.low[k] == ";" && k > i {
			break
		}
		if !cancelWords[w] {
			continue
		}
		switch w {
		case "called":
			if x.word(k+1) == "off" {
				return true
			}
		case "put":
			if x.word(k+1) == "off" || x.word(k+1) == "back" {
				return true
			}
		default:
			return true
		}
	}
	return false
}
