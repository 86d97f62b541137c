package fact

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// statusWindow is how long after its due date a report that a deadline was
// met or missed may still refer to it, when the report gives no date of its
// own; metLead is how long before the due date it may be reported met.
const (
	statusWindow = 31 * 24 * time.Hour
	metLead      = 60 * 24 * time.Hour
)

// SameDeadline reports whether a and b are the same thing falling due: their
// due dates agree within the coarser precision (February 2026 holds February
// 5, 2026) and they name the same thing, either by What (half the content
// words of the shorter one in common) or, for records of kinds that go
// together (a deadline and an ultimatum do), by a common actor.
func SameDeadline(a, b record.Deadline) bool {
	if !overlaps(a.Due, a.Precision, b.Due, b.Precision, 0, 0) {
		return false
	}
	return sameThing(a, b)
}

// UpdateStatus says what a later report does to an open deadline. It
// returns the new status and true when later reports the same deadline met
// or missed (later.Status is met or missed, and sameThing holds), and its due
// date fits: a missed report must be dated on or after open's due date and
// at most 31 days after its period ends (a report without a date of its own
// carries its article's date, see Deadlines); a met report may also come up
// to 60 days before it. Otherwise it returns open's status and false: a
// later report that the deadline is still open, or of a different deadline,
// changes nothing.
func UpdateStatus(open record.Deadline, later record.Deadline) (string, bool) {
	if later.Status != StatusMet && later.Status != StatusMissed {
		return open.Status, false
	}
	lead := time.Duration(0)
	if later.Status == StatusMet {
		lead = metLead
	}
	if !overlaps(open.Due, open.Precision, later.Due, later.Precision, lead, statusWindow) || !sameThing(open, later) {
		return open.Status, false
	}
	return later.Status, true
}

// sameThing reports whether two deadlines name the same thing, dates aside.
func sameThing(a, b record.Deadline) bool {
	if !kindsMatch(a.Kind, b.Kind) {
		return false
	}
	wa, wb := contentWords(a.What), contentWords(b.What)
	if len(wa) > 0 && len(wb) > 0 {
		common := 0
		for w := range wa {
			if wb[w] {
				common++
			}
		}
		if 2*common >= min(len(wa), len(wb)) {
			return true
		}
	}
	for _, x := range a.Actors {
		for _, y := range b.Actors {
			if x.Code != "" && x.Code == y.Code {
				return true
			}
		}
	}
	return len(wa) == 0 && len(wb) == 0 && len(a.Actors) == 0 && len(b.Actors) == 0
}

// kindsMatch reports whether two kinds may be the same deadline: a deadline
// and an ultimatum may ("gave Russia 50 days" … "Russia missed the
// deadline"); an expiry or a scheduled date only matches its own kind.
func kindsMatch(a, b string) bool {
	if a == b {
		return true
	}
	dl := func(k string) bool { return k == KindDeadline || k == KindUltimatum }
	return dl(a) && dl(b)
}

// contentWords returns the lower-case words of a What that say what it is,
// without the words every deadline shares.
func contentWords(what string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(what)) {
		w = strings.Trim(w, ".,;:'\"()")
		if len(w) < 2 || genericWords[w] || determiners[w] || auxWords[w] || prepositions[w] {
			continue
		}
		m[stem(w)] = true
	}
	return m
}

// stem strips the commonest English endings, so "expires" and "expired",
// "talks" and "talk" compare equal.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// genericWords say that something is due, not what.
var genericWords = set(
	"deadline", "deadlines", "ultimatum", "expire", "expires", "expired", "expiring", "expiry",
	"expiration", "passed", "missed", "met", "lapsed", "scheduled", "slated", "planned",
	"due", "ran", "out", "and", "or", "'s", "set",
)

// linkStatuses gives each dateless status report the due date of the
// nearest earlier deadline of a matching kind in the article that is still
// open, and that deadline the report's status; a report with none takes ref
// as its due date, or is dropped when ref is zero.
func linkStatuses(ds []record.Deadline, dateless []bool, ref time.Time) []record.Deadline {
	out := ds[:0]
	open := map[string][]int{} // kind family → indexes in out of unsettled deadlines, oldest first
	for i := range ds {
		d := ds[i]
		fam := family(d.Kind)
		if !dateless[i] {
			if d.Status != StatusMet && d.Status != StatusMissed {
				open[fam] = append(open[fam], len(out))
			}
			out = append(out, d)
			continue
		}
		if st := open[fam]; len(st) > 0 {
			o := &out[st[len(st)-1]]
			open[fam] = st[:len(st)-1]
			d.Due, d.Precision = o.Due, o.Precision
			o.Status = d.Status
		} else if ref.IsZero() {
			continue
		} else {
			d.Due, d.Precision = day(ref).Format("2006-01-02"), text.PrecisionDay
		}
		out = append(out, d)
	}
	return out
}

// family groups the kinds that may be one deadline (see kindsMatch).
func family(kind string) string {
	if kind == KindUltimatum {
		return KindDeadline
	}
	return kind
}

// day returns t's calendar day at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseDue reads a due date cut to its precision and returns the first day
// of its period.
func parseDue(due, prec string) (time.Time, bool) {
	var layout string
	switch prec {
	case text.PrecisionDay, text.PrecisionWeek:
		layout = "2006-01-02"
	case text.PrecisionMonth:
		layout = "2006-01"
	case text.PrecisionYear:
		layout = "2006"
	default:
		switch len(due) {
		case 10:
			layout = "2006-01-02"
		case 7:
			layout = "2006-01"
		case 4:
			layout = "2006"
		default:
			return time.Time{}, false
		}
	}
	t, err := time.Parse(layout, due)
	return t, err == nil
}

// formatDue writes a date cut to its precision.
func formatDue(t time.Time, prec string) string {
	switch prec {
	case text.PrecisionMonth:
		return t.Format("2006-01")
	case text.PrecisionYear:
		return t.Format("2006")
	}
	return t.Format("2006-01-02")
}

// periodEnd returns the last day of a due date's period; a date that cannot
// be read gives the zero time.
func periodEnd(due, prec string) time.Time {
	t, ok := parseDue(due, prec)
	if !ok {
		return time.Time{}
	}
	switch prec {
	case text.PrecisionWeek:
		return t.AddDate(0, 0, 6)
	case text.PrecisionMonth:
		return t.AddDate(0, 1, -1)
	case text.PrecisionYear:
		return t.AddDate(1, 0, -1)
	}
	if len(due) == 7 {
		return t.AddDate(0, 1, -1)
	}
	if len(due) == 4 {
		return t.AddDate(1, 0, -1)
	}
	return t
}

// overlaps reports whether b's period meets a's period widened by lead
// before it and lag after it.
func overlaps(aDue, aPrec, bDue, bPrec string, lead, lag time.Duration) bool {
	as, ok1 := parseDue(aDue, aPrec)
	bs, ok2 := parseDue(bDue, bPrec)
	if !ok1 || !ok2 {
		return false
	}
	ae, be := periodEnd(aDue, aPrec).Add(lag), periodEnd(bDue, bPrec)
	as = as.Add(-lead)
	return !be.Before(as) && !bs.After(ae)
}
