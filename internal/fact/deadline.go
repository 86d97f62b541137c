package fact

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Kinds and statuses of a deadline record.
const (
	KindExpiry    = "expiry"
	KindDeadline  = "deadline"
	KindScheduled = "scheduled"
	KindUltimatum = "ultimatum"

	StatusOpen    = "open"    // due on or after the article's date, nothing said of it yet
	StatusMet     = "met"     // what was due happened: the treaty expired, the demand was met
	StatusMissed  = "missed"  // the date went by without it: the deadline passed, the talks were put off
	StatusUnknown = "unknown" // the date is before the article's and the article does not say
)

// Deadlines returns what falls due in an article's sentences (as
// text.Sentences gives them), resolved against ref, the article's date (zero
// when unknown: then only dates the text gives in full are kept). m names
// the actors; nil leaves Actors empty.
//
// A report that a deadline passed, expired or was met without a date of its
// own ("the deadline passed") takes the due date of the nearest earlier
// deadline of the same kind in the article and sets that one's status too;
// with none, its Due is the article's date (it fell due by then), and with no
// article date it is dropped.
func Deadlines(sents []text.Sentence, ref time.Time, m *actor.Matcher) []record.Deadline {
	var x sent
	var out []record.Deadline
	var dateless []bool
	for _, s := range sents {
		if len(s.Text) > maxSentence {
			continue
		}
		var dl []bool
		out, dl = x.deadlines(out, text.Flat(s.Text), s.Index, ref, m)
		dateless = append(dateless, dl...)
	}
	return linkStatuses(out, dateless, ref)
}

// SentenceDeadlines returns the deadlines of one sentence; idx is its index
// in the article. A dateless status report is dated ref (see Deadlines).
func SentenceDeadlines(sentence string, idx int, ref time.Time, m *actor.Matcher) []record.Deadline {
	if len(sentence) > maxSentence {
		return nil
	}
	var x sent
	out, dl := x.deadlines(nil, text.Flat(sentence), idx, ref, m)
	return linkStatuses(out, dl, ref)
}

// cand is a deadline found at a trigger word, before it becomes a record.
type cand struct {
	kind, status string
	t            int       // the trigger token
	date         *dateSpan // the due date, or nil
	due, prec    string    // the due date when it comes from a duration
	what         string
	prio         int
}

// deadlines appends the deadlines of sentence s to out, and for each one
// whether it is a status report without a date of its own.
func (x *sent) deadlines(out []record.Deadline, s string, idx int, ref time.Time, m *actor.Matcher) ([]record.Deadline, []bool) {
	x.reset(s, ref)
	if !x.hasAny(deadlineTriggers) {
		return out, nil
	}
	x.resolve()
	cs := x.candidates()
	if len(cs) == 0 {
		return out, nil
	}
	var actors []record.Actor
	if m != nil {
		actors = x.actors(m, ref)
	}
	var dateless []bool
	for _, c := range cs {
		d := record.Deadline{
			Sentence: idx,
			Text:     s,
			Kind:     c.kind,
			What:     c.what,
			Actors:   actors,
			Status:   c.status,
		}
		switch {
		case c.date != nil:
			d.Due, d.Precision = c.date.Date, c.date.Precision
		case c.due != "":
			d.Due, d.Precision = c.due, c.prec
		}
		if d.Status == "" {
			d.Status = StatusOpen
			if !ref.IsZero() && periodEnd(d.Due, d.Precision).Before(day(ref)) {
				d.Status = StatusUnknown
			}
		}
		out = append(out, d)
		dateless = append(dateless, d.Due == "")
	}
	return out, dateless
}

// candidates finds the triggers of the sentence, gives each its date and
// What, and keeps one record per date, the most specific.
func (x *sent) candidates() []cand {
	var cs []cand
	for i := range x.toks {
		if x.toks[i].Kind != text.Word && x.toks[i].Kind != text.Clitic {
			continue
		}
		w := x.low[i]
		switch {
		case expiryVerbs[w] || runVerbs[w] && x.word(i+1) == "out" && x.word(i+2) != "of":
			cs = x.expiryVerb(cs, i)
		case expiryNouns[w]:
			cs = x.nounDeadline(cs, i, KindExpiry)
		case deadlineNouns[w] != "":
			cs = x.nounDeadline(cs, i, deadlineNouns[w])
		case giveVerbs[w] || w == "has" || w == "have" || w == "had":
			cs = x.ultimatum(cs, i)
		case scheduleWords[w]:
			cs = x.scheduledWord(cs, i)
		default:
			if scheduleVerbs[w] || strings.HasSuffix(w, "s") && scheduleVerbs[w[:len(w)-1]] {
				cs = x.scheduledVerb(cs, i)
			}
			if eventNouns[w] {
				cs = x.eventNoun(cs, i)
			}
		}
	}
	cs = x.modalDeadlines(cs)
	return x.dedupe(cs)
}

// expiryVerb reads "the treaty expires on February 5", "which expired April
// 21", "the deadline expired", "is due to expire in March".
func (x *sent) expiryVerb(cs []cand, i int) []cand {
	vs := x.verbGroupStart(i)
	past := pastExpiry[x.low[i]] && !x.unreal(vs, i)
	sa, sb := x.subjectBefore(vs)
	kind := KindExpiry
	for k := sa; k < sb; k++ {
		if k2 := deadlineNouns[x.low[k]]; k2 != "" {
			kind = k2
		}
	}
	end := i + 1
	if runVerbs[x.low[i]] {
		end = i + 2 // "runs out"
	}
	c := cand{kind: kind, t: i, prio: priority[kind]*10 + 2}
	c.what = x.phrase([2]int{sa, sb}, [2]int{vs, end})
	if past {
		c.status = StatusMet
		if kind != KindExpiry {
			c.status = StatusMissed
		}
	}
	c.date = x.dateNear(i, past)
	if c.date == nil && !past {
		return cs
	}
	if c.date != nil && !past {
		x.forward(c.date)
	}
	return append(cs, c)
}

// unreal reports whether the verb group [vs, i] is in an unreal or future
// form: "was to have expired", "would have expired", "will have lapsed".
func (x *sent) unreal(vs, i int) bool {
	for k := vs; k < i; k++ {
		switch x.low[k] {
		case "to", "will", "would", "shall", "'ll", "due", "set", "scheduled", "should", "could", "might", "may":
			return true
		}
	}
	return false
}

// nounDeadline reads a deadline, ultimatum or expiry named by a noun: "a
// deadline of Friday", "the March 1 deadline for talks", "the deadline
// passed", "missed the deadline", "extended the deadline to May 1".
func (x *sent) nounDeadline(cs []cand, i int, kind string) []cand {
	// The noun phrase: up to three modifiers before the noun ("Trump's
	// 50-day deadline"), and a for/to/on phrase after it.
	ma := i
	for ma > 0 && i-ma < 3 && (x.isWord(ma-1) || x.toks[ma-1].Kind == text.Possessive || x.isQuantityWord(ma-1) || x.inDate(ma-1) != nil) &&
		!x.boundary(ma-1) && !determiners[x.low[ma-1]] && !auxWords[x.low[ma-1]] && !prepositions[x.low[ma-1]] &&
		!missWords[x.low[ma-1]] && !metWords[x.low[ma-1]] && !extendWords[x.low[ma-1]] {
		ma--
	}
	// The for/to phrase may follow the date: "a deadline of Friday to respond".
	pp := i + 1
	if x.word(pp) == "of" && x.inDate(pp+1) != nil && x.inDate(pp+1).a == pp+1 {
		pp = x.inDate(pp + 1).b
	} else if d := x.inDate(pp); d != nil && d.a == pp {
		pp = d.b
	}
	pe := pp
	if w := x.word(pp); (w == "for" || w == "to" || w == "on") && x.inDate(pp+1) == nil {
		pe = x.objectAfter(pp, 5, nil)
	}
	c := cand{kind: kind, t: i, prio: priority[kind]*10 + 1}
	// The status: words after the noun ("passed"), or a verb before it
	// ("missed", "met", "extended").
	after := -1
	for k := max(pe, i+1); k < len(x.toks) && k <= pe+3; k++ {
		if x.boundary(k) && x.low[k] != "and" {
			break
		}
		if passedWords[x.low[k]] && !x.unreal(pe, k) {
			if (x.low[k] == "ran" || x.low[k] == "run") && x.word(k+1) != "out" {
				continue
			}
			if (x.low[k] == "came" || x.low[k] == "went") && x.word(k+1) != "and" && x.word(k+1) != "by" {
				continue
			}
			after = k
			c.status = StatusMissed
			break
		}
	}
	verb := -1
	if after < 0 {
		for k := ma - 1; k >= 0 && k >= ma-4; k-- {
			w := x.low[k]
			if x.boundary(k) {
				break
			}
			if missWords[w] || w == "meet" && (x.word(k-1) == "to" && (x.word(k-2) == "failed" || x.word(k-2) == "failing")) {
				verb = k
				c.status = StatusMissed
				break
			}
			if metWords[w] && w != "meeting" || w == "meet" {
				verb = k
				if w != "meet" {
					c.status = StatusMet
				}
				break
			}
			if extendWords[w] {
				verb = k
				break
			}
			if w == "past" || w == "beyond" {
				// "talks continued past the deadline"
				verb = k
				c.status = StatusMissed
				break
			}
		}
	}
	ranges := [][2]int{{ma, i + 1}, {pp, pe}}
	if verb < 0 && after < 0 && ma == i {
		// "Hamas has a deadline of Friday": name whose deadline it is.
		k := i - 1
		for k >= 0 && determiners[x.low[k]] {
			k--
		}
		if k >= 0 && x.isWord(k) && !x.boundary(k) && !prepositions[x.low[k]] {
			sa, sb := x.subjectBefore(x.verbGroupStart(k))
			if sa < sb {
				ranges = append([][2]int{{sa, sb}, {k, k + 1}}, ranges...)
			}
		}
	}
	if after >= 0 {
		end := after + 1
		if x.word(after+1) == "out" || x.word(after+1) == "by" {
			end++
		}
		ranges = append(ranges, [2]int{after, end})
	}
	if verb >= 0 {
		sa, sb := x.subjectBefore(x.verbGroupStart(verb))
		ranges = append([][2]int{{sa, sb}, {verb, verb + 1}}, ranges...)
		if extendWords[x.low[verb]] {
			c.date = x.dateAfterTo(i)
		}
	}
	c.what = x.phrase(ranges...)
	if c.date == nil {
		c.date = x.dateNear(i, c.status != "")
		if c.date == nil {
			// "the March 1 deadline", "Friday's deadline".
			if d := x.inDate(i - 1); d != nil && x.dateOK(d, c.status != "") {
				c.date = d
			} else if i >= 2 && x.toks[i-1].Kind == text.Possessive {
				if d := x.inDate(i - 2); d != nil && x.dateOK(d, c.status != "") {
					c.date = d
				}
			}
		}
	}
	if c.date == nil {
		if dur, ok := x.durationWord(ma, i); ok {
			c.due, c.prec = dur, text.PrecisionDay
		}
	}
	if c.date == nil && c.due == "" && c.status == "" {
		return cs
	}
	if c.date != nil && c.status == "" && !x.pastNear(i) {
		x.forward(c.date)
	}
	return append(cs, c)
}

// dateAfterTo returns the date after "to", "until" or "till" following
// token i: the new date of an extended deadline.
func (x *sent) dateAfterTo(i int) *dateSpan {
	for k := range x.dates {
		d := &x.dates[k]
		if d.a > i && d.a-i <= 12 && (d.Prep == "to" || d.Prep == "until" || d.Prep == "till" || d.Prep == "through") {
			return d
		}
	}
	return nil
}

// durationWord reads a "50-day" or "72-hour" among the tokens [a, b) and
// returns the day it ends, counted from the article's date.
func (x *sent) durationWord(a, b int) (string, bool) {
	if x.ref.IsZero() {
		return "", false
	}
	for k := a; k < b; k++ {
		t := x.toks[k].Text
		h := strings.LastIndexByte(t, '-')
		if h <= 0 {
			continue
		}
		unit := strings.ToLower(t[h+1:])
		if _, ok := durationUnits[unit]; !ok {
			continue
		}
		if n, ok := text.NumberValue(t[:h]); ok {
			if due, ok := x.addDuration(n, unit); ok {
				return due, true
			}
		}
	}
	return "", false
}

// addDuration returns the article's date plus n units, as a day.
func (x *sent) addDuration(n float64, unit string) (string, bool) {
	if n <= 0 || n > 3650 || n != float64(int(n)) {
		return "", false
	}
	d := day(x.ref)
	switch durationUnits[unit] {
	case 0: // hours
		d = d.Add(time.Duration(n) * time.Hour)
		d = day(d)
	case 30:
		d = d.AddDate(0, int(n), 0)
	default:
		d = d.AddDate(0, 0, int(n)*durationUnits[unit])
	}
	return d.Format("2006-01-02"), true
}

// ultimatum reads "gave Russia 50 days to end the war" and "Iran has 60
// days to respond".
func (x *sent) ultimatum(cs []cand, i int) []cand {
	if x.ref.IsZero() {
		return cs
	}
	w := x.low[i]
	have := w == "has" || w == "have" || w == "had"
	for k := i + 1; k < len(x.toks) && k <= i+5; k++ {
		if x.boundary(k) {
			return cs
		}
		unit := x.word(k + 1)
		if _, ok := durationUnits[unit]; !ok {
			continue
		}
		n, ok := text.NumberValue(x.toks[k].Text)
		if !ok || x.toks[k].Kind != text.Number && x.toks[k].Kind != text.Word {
			continue
		}
		if have && (k != i+1 || x.word(k+2) != "to") {
			return cs // "has 50 days" only with "to" after: "has 50 days to respond"
		}
		if !have && x.word(k+2) != "to" && x.word(k+2) != "for" && x.word(k+2) != "," && x.word(k+2) != "." && x.word(k+2) != "" {
			return cs
		}
		due, ok := x.addDuration(n, unit)
		if !ok {
			return cs
		}
		kind := KindUltimatum
		if have {
			kind = KindDeadline
		}
		vs := x.verbGroupStart(i)
		sa, sb := x.subjectBefore(vs)
		end := k + 2
		if x.word(end) == "to" {
			end = x.objectAfter(end, 4, set("to"))
		}
		c := cand{kind: kind, t: i, due: due, prec: text.PrecisionDay, prio: priority[kind]*10 + 3}
		c.what = x.phrase([2]int{sa, sb}, [2]int{vs, end})
		return append(cs, c)
	}
	return cs
}

// scheduledWord reads "talks are scheduled for Friday", "the vote is set for
// March 3", "is due to meet on Monday", "a meeting planned for next week",
// "payment is due on March 1".
func (x *sent) scheduledWord(cs []cand, i int) []cand {
	w := x.low[i]
	next := x.word(i + 1)
	switch w {
	case "set", "planned", "expected", "due":
		// Only as a schedule: "set for", "set to meet"; "due on", "due to".
		if next != "for" && next != "to" && next != "on" && !(w == "due" && x.inDate(i+1) != nil) {
			return cs
		}
		if next == "to" && !x.scheduleVerbAt(i+2) {
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
	sa, sb := x.subjectBefore(vs)
	if sa == sb && vs > 0 && vs == i {
		// "a meeting scheduled for Friday": the noun right before.
		sa, sb = x.subjectBefore(i)
	}
	end := i + 1
	if next == "to" {
		end = x.objectAfter(i+1, 4, set("to"))
	} else if sa == sb {
		// "today's scheduled second day of talks": the noun after.
		end = x.nounsAfter(i+1, 3)
	}
	kind := KindScheduled
	if w == "due" && next != "to" && !x.hasEventNoun(sa, sb) {
		kind = KindDeadline // "payment is due on March 1"
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
	if x.cancelled(i) {
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

// securities are instruments whose "due" date is a maturity.
var securities = set("notes", "note", "debentures", "debenture", "bonds", "bond", "eurobond", "eurobonds",
	"securities", "certificates", "warrants", "paper", "issue", "loan", "loans", "tranche", "floater", "obligations")

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
		n := x.word(k + 1)
		return strings.HasSuffix(n, "ed") && n != "expected" && n != "needed" || n == "held" || n == "signed"
	}
	return scheduleVerbs[w]
}

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
	if !scheduleVerbs[w] && !(strings.HasSuffix(w, "s") && scheduleVerbs[w[:len(w)-1]]) {
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
	if vs == i && !determiners[x.word(i-1)] && !prepositions[x.word(i-1)] && x.isWord(i-1) {
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

// toIntent are the words after which "to" announces a plan: "plans to
// meet", "is to visit", "agreed to meet".
var toIntent = set(
	"is", "are", "was", "were", "plans", "plan", "planned", "planning", "agreed", "agree", "agrees",
	"expected", "expects", "due", "scheduled", "set", "going", "likely", "hopes", "hoped", "intends",
	"intend", "intended", "decided", "decides", "slated", "wants", "promised", "pledged", "vowed",
	"prepared", "ready", "invited", "arranged", "offered", "aims", "proposed", "proposes", "called",
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

// ahead reports whether a date is strictly after the article's day, or
// said to be later: "later today", "tomorrow", "next week".
func (x *sent) ahead(d *dateSpan) bool {
	t := strings.ToLower(d.Text)
	if strings.Contains(t, "later") || strings.Contains(t, "next") || strings.Contains(t, "tomorrow") || strings.Contains(t, "coming") {
		return true
	}
	if x.ref.IsZero() {
		return !d.Relative
	}
	st, ok := parseDue(d.Date, d.Precision)
	return ok && st.After(day(x.ref))
}

// today reports whether a date is the article's own day.
func (x *sent) today(d *dateSpan) bool {
	return !x.ref.IsZero() && d.Precision == text.PrecisionDay && d.Date == day(x.ref).Format("2006-01-02")
}

// pastNear reports whether the clause around token i is in the past: a
// past auxiliary or one of the commonest past verbs within eight tokens.
func (x *sent) pastNear(i int) bool {
	for k := max(0, i-8); k < len(x.toks) && k <= i+8; k++ {
		if pastMarkers[x.low[k]] {
			return true
		}
	}
	return false
}

var pastMarkers = set(
	"was", "were", "had", "did", "went", "came", "met", "began", "held", "took", "ended",
	"continued", "passed", "expired", "lapsed", "missed", "failed", "rejected", "ignored",
	"ago", "discussed", "started", "opened", "closed", "convened", "signed", "voted",
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
	if d == nil && i >= 2 && x.toks[i-1].Kind == text.Possessive {
		d = x.inDate(i - 2)
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
	for ma > 0 && i-ma < 2 && x.isWord(ma-1) && !x.boundary(ma-1) && !determiners[x.low[ma-1]] && !prepositions[x.low[ma-1]] && !auxWords[x.low[ma-1]] && x.inDate(ma-1) == nil {
		ma--
	}
	pe := i + 1
	if w := x.word(i + 1); (w == "on" || w == "with" || w == "between") && x.inDate(i+2) == nil {
		pe = x.objectAfter(i+1, 4, nil)
	}
	c := cand{kind: KindScheduled, t: i, date: d, prio: priority[KindScheduled] * 10}
	c.what = x.phrase([2]int{ma, pe})
	if x.cancelled(i) {
		c.status = StatusMissed
		return append(cs, c)
	}
	if x.pastVerbAfter(i, d) || x.pastNear(i) {
		return cs
	}
	if !x.ahead(d) && !x.futureNear(i) {
		return cs
	}
	x.forward(d)
	if !x.upcoming(d) {
		return cs
	}
	return append(cs, c)
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

// modalDeadlines reads "must reply by Friday", "has until March 1 to
// respond", "will complete the sale by the end of the month", and "the ban
// will remain in force until June 30" (an expiry).
func (x *sent) modalDeadlines(cs []cand) []cand {
	for k := range x.dates {
		d := &x.dates[k]
		switch d.Prep {
		case "by", "until", "till", "before", "within", "no later than":
		default:
			continue
		}
		used := false
		for _, c := range cs {
			if c.date == d {
				used = true
			}
		}
		if used {
			continue
		}
		// The nearest modal before the date in the same clause.
		m := -1
		until := d.Prep == "until" || d.Prep == "till"
		remain := -1
		for j := d.a - 1; j >= 0 && j >= d.a-10; j-- {
			if x.boundary(j) && x.low[j] != "and" || x.inDate(j) != nil {
				break
			}
			if remainVerbs[x.low[j]] && remain < 0 {
				remain = j
			}
			if modalWords[x.low[j]] {
				m = j
				break
			}
		}
		if m < 0 {
			continue
		}
		w := x.low[m]
		kind := KindDeadline
		switch {
		case until && remain >= 0:
			kind = KindExpiry
		case until && (w == "has" || w == "have" || w == "had" || w == "given"):
			// "has until March 1 to respond"
			if m != d.a-1 {
				continue
			}
		case w == "has" || w == "have" || w == "had":
			// "has to reply by Friday"
			if x.word(m+1) != "to" {
				continue
			}
		case w == "until":
			continue
		case until:
			continue // "will stay until Friday": not a deadline
		}
		if x.pastClause(m) || x.forecast(m, d.a) {
			continue
		}
		vs := x.verbGroupStart(m)
		sa, sb := x.subjectBefore(vs)
		end := d.a
		if end-m > 7 {
			end = m + 7
		}
		c := cand{kind: kind, t: m, date: d, prio: priority[kind]*10 + 0}
		c.what = x.phrase([2]int{sa, sb}, [2]int{vs, end})
		x.forward(d)
		cs = append(cs, c)
	}
	return cs
}

// forecast reports whether the words between a modal and its date predict
// a level rather than set a deadline: "expected to rise by the end of the
// year", "should reach 5 pct by 1990".
func (x *sent) forecast(m, d int) bool {
	for k := m + 1; k < d; k++ {
		w := x.low[k]
		if _, ok := moveVerbs[w]; ok && w != "is" && w != "are" && w != "was" && w != "were" {
			return true
		}
		if forecastVerbs[w] {
			return true
		}
	}
	return false
}

var forecastVerbs = set("trend", "reach", "total", "exceed", "average", "grow", "double", "triple", "halve", "unemployed", "become", "remain", "stand", "hit")

// pastClause reports whether the modal at m reports the past: "had agreed
// to", "was expected to" leave it open; "had" alone closes it.
func (x *sent) pastClause(m int) bool {
	return x.low[m] == "had" && x.word(m+1) != "to" && x.word(m+1) != "until"
}

// dateNear returns the date a trigger at i refers to: the nearest after it
// in the same clause within ten tokens, else the nearest before it within
// six. past says the trigger reports the past, which dates of the past
// may then serve.
func (x *sent) dateNear(i int, past bool) *dateSpan {
	for k := i + 1; k < len(x.toks) && k <= i+10; k++ {
		if d := x.inDate(k); d != nil {
			if d.a == k && x.dateOK(d, past) {
				return d
			}
			continue
		}
		if x.hardStop(k) {
			break
		}
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if d := x.inDate(k); d != nil {
			if x.dateOK(d, past) && d.Prep != "to" && d.Prep != "through" && d.Prep != "until" {
				return d
			}
			k = d.a
			continue
		}
		if x.hardStop(k) {
			break
		}
	}
	return nil
}

// hardStop reports whether token k ends the clause a trigger's date is
// looked for in: a comma or colon, a quote, a clause word other than "and".
func (x *sent) hardStop(k int) bool {
	if !x.boundary(k) {
		return false
	}
	switch x.low[k] {
	case "and", "as", "than":
		return false
	case ",":
		// "on February 5, 2026" is inside a date; a comma before a date
		// ("expires, on Friday") does not end the search either.
		return x.inDate(k+1) == nil
	}
	return true
}

// dateOK reports whether a date expression may be a due date: not a date
// something runs from, and for an open trigger not a span back ("two days
// ago", "last week").
func (x *sent) dateOK(d *dateSpan, past bool) bool {
	switch d.Prep {
	case "since", "from", "after", "during", "throughout", "between":
		return false
	}
	if past {
		return true
	}
	t := strings.ToLower(d.Text)
	return !strings.Contains(t, "ago") && !strings.HasPrefix(t, "last ") && !strings.Contains(t, "yesterday") && !strings.Contains(t, "earlier")
}

// backward moves a date the text leaves open, and that resolved after the
// article's date, to its last occurrence before it: a fact reports what
// happened, so "the three months to December" in a July article is last
// December.
func (x *sent) backward(d *dateSpan) {
	if !d.Relative || x.ref.IsZero() {
		return
	}
	ref := day(x.ref)
	start, ok := parseDue(d.Date, d.Precision)
	if !ok || !start.After(ref) {
		return
	}
	t := strings.ToLower(d.Text)
	if strings.Contains(t, "next") || strings.Contains(t, "tomorrow") || hasYear(t) || !weekdayIn(t) && !monthIn(t) {
		return
	}
	switch d.Precision {
	case text.PrecisionDay, text.PrecisionMonth:
		if weekdayIn(t) && d.Precision == text.PrecisionDay {
			for start.After(ref) {
				start = start.AddDate(0, 0, -7)
			}
		} else {
			start = start.AddDate(-1, 0, 0)
		}
		d.Date = formatDue(start, d.Precision)
	}
}

// weekdayIn reports whether a date expression names a weekday.
func weekdayIn(t string) bool {
	for _, w := range weekdays {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// monthIn reports whether a date expression names a month.
func monthIn(t string) bool {
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if monthNames[w] {
			return true
		}
	}
	return false
}

// forward moves a date the text leaves open to the next occurrence on or
// after the article's date, for triggers that look ahead: a weekday that
// resolved to the past ("a deadline of Friday") by a week, a month and
// day or a month by a year.
func (x *sent) forward(d *dateSpan) {
	if !d.Relative || x.ref.IsZero() {
		return
	}
	ref := day(x.ref)
	if !periodEnd(d.Date, d.Precision).Before(ref) {
		return
	}
	t := strings.ToLower(d.Text)
	if strings.Contains(t, "last") || strings.Contains(t, "ago") || strings.Contains(t, "yesterday") || strings.Contains(t, "earlier") || strings.Contains(t, "past") {
		return
	}
	start, ok := parseDue(d.Date, d.Precision)
	if !ok {
		return
	}
	weekday := weekdayIn(t)
	switch {
	case weekday && d.Precision == text.PrecisionDay:
		for start.Before(ref) {
			start = start.AddDate(0, 0, 7)
		}
	case d.Precision == text.PrecisionDay || d.Precision == text.PrecisionMonth:
		if hasYear(t) {
			return
		}
		start = start.AddDate(1, 0, 0)
	default:
		return
	}
	d.Date = formatDue(start, d.Precision)
}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// hasYear reports whether a date expression writes its year.
func hasYear(t string) bool {
	run := 0
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// upcoming reports whether a date is on or after the article's date (or
// may be: an unknown article date passes).
func (x *sent) upcoming(d *dateSpan) bool {
	if x.ref.IsZero() {
		return true
	}
	return !periodEnd(d.Date, d.Precision).Before(day(x.ref))
}

// dedupe keeps one candidate per date (the highest priority) and drops
// candidates whose trigger lies inside a kept one's What.
func (x *sent) dedupe(cs []cand) []cand {
	out := cs[:0]
	for i, c := range cs {
		keep := true
		for j, o := range cs {
			if i == j {
				continue
			}
			same := c.date != nil && c.date == o.date || c.date == nil && o.date == nil && c.due != "" && c.due == o.due ||
				c.date == nil && c.due == "" && o.date == nil && o.due == "" && c.status != "" && o.status != ""
			if same && (o.prio > c.prio || o.prio == c.prio && j < i) {
				keep = false
			}
		}
		if keep && c.what != "" {
			out = append(out, c)
		}
	}
	return out
}

// actors returns the actors the sentence names, each once, without the
// agents ("troops", "ministry") that only qualify them.
func (x *sent) actors(m *actor.Matcher, ref time.Time) []record.Actor {
	words := make([]string, len(x.toks))
	for i, t := range x.toks {
		words[i] = t.Text
	}
	var out []record.Actor
	seen := map[string]bool{}
	for _, mt := range m.Match(words, ref) {
		if mt.Agent() || mt.Actor.Code == "" || strings.HasPrefix(mt.Actor.Code, "-") || strings.HasPrefix(mt.Actor.Code, "#") || strings.HasPrefix(mt.Actor.Code, "+") {
			continue
		}
		if seen[mt.Actor.Code] {
			continue
		}
		seen[mt.Actor.Code] = true
		out = append(out, record.Actor{
			Code:    mt.Actor.Code,
			Country: mt.Actor.Country,
			Name:    mt.Actor.Name,
			Text:    x.s[x.toks[mt.Start].Start:x.toks[mt.End-1].End],
			IGO:     mt.Actor.IGO,
		})
	}
	return out
}

// containsFold reports whether s contains the lower-case ASCII w, ignoring
// the case of s.
func containsFold(s, w string) bool {
	n := len(w)
outer:
	for i := 0; i+n <= len(s); i++ {
		for j := 0; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				continue outer
			}
		}
		return true
	}
	return false
}
