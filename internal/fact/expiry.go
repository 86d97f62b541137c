package fact

// Expiries, deadlines and ultimatums: the triggers that name a thing running
// out or a date something must be done by.

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// expiryVerb reads "the treaty expires on February 5", "which expired April
// 21", "the deadline expired", "is due to expire in March".
func (x *sent) expiryVerb(cs []cand, i int) []cand {
	vs := x.verbGroupStart(i)
	past := pastExpiry[x.low[i]] && !x.unreal(vs, i)
	// "the offer was to have expired today": it did not.
	averted := x.low[i] == "expired" && i >= 3 && x.low[i-1] == "have" && x.low[i-2] == "to" && (x.low[i-3] == "was" || x.low[i-3] == "were")
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
	if averted {
		c.status = StatusMissed
	}
	c.date = x.dateNear(i, past || averted)
	if c.date == nil && !past {
		return cs
	}
	if c.date != nil && !past && !x.pastNear(i) {
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
	if verb >= 0 && extendWords[x.low[verb]] {
		// "extended the deadline to May 1": the new date; with none after,
		// the date the noun names is the one that will not hold.
		if c.date = x.dateAfterTo(i); c.date == nil {
			c.status = StatusMissed
		} else {
			sa, sb := x.subjectBefore(x.verbGroupStart(verb))
			ranges = append([][2]int{{sa, sb}, {verb, verb + 1}}, ranges...)
		}
	} else if verb >= 0 {
		sa, sb := x.subjectBefore(x.verbGroupStart(verb))
		ranges = append([][2]int{{sa, sb}, {verb, verb + 1}}, ranges...)
	}
	c.what = x.phrase(ranges...)
	modifier := false // the date stands before the noun: resolved as written
	if c.date == nil {
		// "the March 1 deadline", "Friday's deadline", "the Dec 19 expiration".
		if d := x.inDate(i - 1); d != nil && x.dateOK(d, c.status != "") {
			c.date, modifier = d, true
		} else if i >= 2 && x.toks[i-1].Kind == text.Possessive {
			if d := x.inDate(i - 2); d != nil && x.dateOK(d, c.status != "") {
				c.date, modifier = d, true
			}
		}
		if c.date == nil {
			c.date = x.dateNear(i, c.status != "")
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
	if c.date != nil && c.status == "" && !modifier && !x.pastNear(i) && !x.pastVerbNear(i) {
		x.forward(c.date)
	}
	if c.date != nil && c.status == "" && !x.ref.IsZero() && periodEnd(c.date.Date, c.date.Precision).Before(day(x.ref).AddDate(0, 0, -31)) {
		return cs // "during the Dec 19 expiration" months later: history, not a deadline
	}
	return append(cs, c)
}

// pastVerbNear reports whether a lower-case word in -ed that is not one of
// the participles of planning stands within eight tokens of i: "people
// gathered … as a deadline".
func (x *sent) pastVerbNear(i int) bool {
	for k := max(0, i-8); k < len(x.toks) && k <= i+8; k++ {
		w := x.low[k]
		if strings.HasSuffix(w, "ed") && !x.capital(k) && !planParticiples[w] && len(w) > 4 {
			return true
		}
	}
	return false
}

var planParticiples = set("scheduled", "rescheduled", "expected", "planned", "proposed", "extended", "required", "needed", "demanded", "agreed", "set", "fixed", "appointed", "appointed", "slated", "red", "indeed", "united", "limited", "based", "related", "armed", "advanced")

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
		for j := d.a - 1; j >= 0 && j >= d.a-14; j-- {
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
		vs := x.verbGroupStart(m)
		if x.pastClause(vs, m) || kind != KindExpiry && x.forecast(m, d.a) || x.negated(vs) {
			continue
		}
		sa, sb := x.subjectBefore(vs)
		end := min(d.a, m+7)
		// Cut at the first preposition after the verb: "will comment on the
		// offer by March 10" → "will comment".
		for k := m + 2; k < end; k++ {
			if prepositions[x.low[k]] && x.low[k] != "to" {
				end = k
				break
			}
		}
		c := cand{kind: kind, t: m, date: d, prio: priority[kind]*10 + 0}
		ranges := [][2]int{{sa, sb}, {vs, end}}
		if x.word(d.b) == "to" && until {
			// "Ukraine has until August 8 to reply"
			ranges = append(ranges, [2]int{d.b, x.objectAfter(d.b, 3, nil)})
		}
		c.what = x.phrase(ranges...)
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

// pastClause reports whether the modal at m, with its auxiliaries from
// vs, reports the past: "had agreed to", "had been required to".
func (x *sent) pastClause(vs, m int) bool {
	if x.low[m] == "had" {
		return x.word(m+1) != "to" && x.word(m+1) != "until"
	}
	for k := vs; k < m; k++ {
		if x.low[k] == "had" {
			return true
		}
	}
	return false
}
