package fact

// Choosing a trigger's date and reading the tense around it.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
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

// dateNear returns the date a trigger at i refers to: the nearest after it
// in the same clause within ten tokens, else the nearest before it within
// six. past says the trigger reports the past, which dates of the past
// may then serve.
func (x *sent) dateNear(i int, past bool) *dateSpan {
	for k := i + 1; k < len(x.toks) && k <= i+10; k++ {
		if d := x.inDate(k); d != nil {
			if d.a == k && d.Prep == "from" {
				// "from April 30 to May 2": the span starts on the first.
				if e := x.inDate(d.b); e != nil && (e.Prep == "to" || e.Prep == "until" || e.Prep == "through") {
					return d
				}
			}
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
