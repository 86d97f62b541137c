package text

import "strings"

// The rules below each try to read one kind of date expression at a token
// index; they return ok=false when the words there are not one. A match
// with valid=false consumed words that name no real date ("February 30").

func (sc *dateScanner) dayAt(a, b int, c civil, rel bool) match {
	return match{a: a, b: b, date: c, prec: PrecisionDay, rel: rel, valid: true}
}

// dayResult finishes a day-and-month expression over [a, b); year is 0 when
// the text gives none.
func (sc *dateScanner) dayResult(a, b, year, m, d int) (match, bool) {
	if year > 0 {
		if !validDate(year, m, d) {
			return match{a: a, b: b}, true
		}
		return sc.dayAt(a, b, civil{year, m, d}, false), true
	}
	c, ok := inferDay(sc.ref, m, d, sc.tense(a, b))
	if !ok {
		return match{a: a, b: b}, true
	}
	return sc.dayAt(a, b, c, true), true
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// isoDate reads "2025-08-15" (also at the start of a timestamp) and numeric
// dates "15/08/2025" (day first when the first number exceeds 12, month
// first otherwise).
func (sc *dateScanner) isoDate(i int) (match, bool) {
	t := sc.d[i].Text
	if len(t) >= 10 && digitsOnly(t[0:4]) && t[4] == '-' && digitsOnly(t[5:7]) && t[7] == '-' && digitsOnly(t[8:10]) &&
		(len(t) == 10 || !isASCIIDigit(t[10]) && t[10] != '-') {
		m := match{a: i, b: i + 1, endByte: sc.d[i].Start + 10}
		y, mo, d := atoi(t[0:4]), atoi(t[5:7]), atoi(t[8:10])
		if validDate(y, mo, d) {
			m.date, m.prec, m.valid = civil{y, mo, d}, PrecisionDay, true
		}
		return m, true
	}
	if sc.d[i].Kind != Number {
		return match{}, false
	}
	p1 := strings.IndexByte(t, '/')
	if p1 < 1 || p1 > 2 {
		return match{}, false
	}
	p2 := strings.IndexByte(t[p1+1:], '/') + p1 + 1
	if p2 <= p1+1 || p2-p1-1 > 2 || len(t)-p2-1 != 4 {
		return match{}, false
	}
	x, y, yr := t[:p1], t[p1+1:p2], t[p2+1:]
	if !digitsOnly(x) || !digitsOnly(y) || !digitsOnly(yr) {
		return match{}, false
	}
	mo, d := atoi(x), atoi(y)
	if mo > 12 {
		mo, d = d, mo
	}
	m := match{a: i, b: i + 1}
	if validDate(atoi(yr), mo, d) {
		m.date, m.prec, m.valid = civil{atoi(yr), mo, d}, PrecisionDay, true
	}
	return m, true
}

// yearAfter reads an optional year at k ("2026" or ", 2026") and returns it
// with the index after it.
func (sc *dateScanner) yearAfter(k int, comma bool) (int, int) {
	if t := sc.at(k); t.year > 0 && t.digits == 4 {
		return int(t.year), k + 1
	}
	if comma && sc.at(k).Text == "," {
		if t := sc.at(k + 1); t.year > 0 && t.digits == 4 {
			return int(t.year), k + 2
		}
	}
	return 0, k
}

// dayFirst reads "8 January", "8th of January 2026", starting at the day
// number i; the expression starts at a.
func (sc *dateScanner) dayFirst(i, a int) (match, bool) {
	t := sc.at(i)
	if t.day == 0 {
		return match{}, false
	}
	j := i + 1
	if sc.at(j).kw == kwOf && !isASCIIDigit(t.Text[len(t.Text)-1]) {
		j++ // "8th of January"
	}
	mt := sc.at(j)
	if mt.month == 0 {
		return match{}, false
	}
	year, b := sc.yearAfter(j+1, true)
	return sc.dayResult(a, b, year, int(mt.month), int(t.day))
}

// quantityWords after a number show it is an amount, not a day: "March 5
// million".
var quantityWords = map[string]bool{
	"million": true, "billion": true, "trillion": true, "percent": true, "pct": true, "per": true,
	"mln": true, "bn": true, "dlrs": true, "dollars": true, "points": true, "people": true,
	"troops": true, "tonnes": true, "tons": true, "%": true, "shares": true, "cents": true, "cts": true,
}

// monthPreps may stand before a bare month name ("in February").
func monthPrep(k kw, strict bool) bool {
	switch k {
	case kwIn, kwSince, kwBy, kwUntil, kwThrough, kwDuring, kwBefore, kwAfter:
		return true
	case kwFrom, kwTo, kwFor, kwOf, kwBetween:
		return !strict
	}
	return false
}

// monthLed reads an expression that starts with the month name at i:
// "January 8", "Jan. 8, 2026", "February 2025", and a bare month after a
// preposition or a modifier mod ("in February", "last January"). The
// expression starts at a. mod is kwLast, kwNext, kwThis, kwOf (a bare month
// is allowed: "end of May") or kwNone; early is a modifier like "early".
func (sc *dateScanner) monthLed(i, a int, mod, early kw) (match, bool) {
	t := sc.at(i)
	mo := int(t.month)
	if n1 := sc.at(i + 1); n1.day > 0 && n1.Kind == Number && early == kwNone {
		if quantityWords[strings.ToLower(sc.at(i+2).Text)] {
			return match{}, false
		}
		year, b := sc.yearAfter(i+2, true)
		return sc.dayResult(a, b, year, mo, int(n1.day))
	}
	if year, b := sc.yearAfter(i+1, !t.mabbr); year > 0 {
		return match{a: a, b: b, date: civil{year, mo, 1}, prec: PrecisionMonth, valid: true}, true
	}
	if mod == kwNone && early == kwNone {
		prev := sc.at(i - 1).kw
		range2 := (prev == kwTo || prev == kwAnd) && len(sc.out) > 0 && sc.lastEnd == i-1
		if !monthPrep(prev, mo == 5 || t.mabbr) && !range2 {
			return match{}, false
		}
	}
	ref := sc.ref
	var c civil
	switch mod {
	case kwLast:
		c = civil{ref.y, mo, 1}
		if mo >= ref.m {
			c.y--
		}
	case kwNext:
		c = civil{ref.y, mo, 1}
		if mo <= ref.m {
			c.y++
		}
	case kwThis:
		c = civil{ref.y, mo, 1}
	default:
		c = inferMonth(ref, mo, sc.tense(a, i+1))
	}
	return match{a: a, b: i + 1, date: c, prec: PrecisionMonth, rel: true, valid: true}, true
}

// weekday reads a weekday at i ("Friday", "Friday night", "Friday, January
// 8", "Friday last week"), after the modifier mod when there is one; the
// expression starts at a.
func (sc *dateScanner) weekday(i, a int, mod kw) (match, bool) {
	wd := int(sc.d[i].wday)
	j := i + 1
	k := j
	if sc.at(k).Text == "," {
		k++
	}
	if sc.at(k).month > 0 && sc.at(k+1).day > 0 {
		if m, ok := sc.monthLed(k, a, kwNone, kwNone); ok && (m.prec == PrecisionDay || !m.valid) {
			return m, true
		}
	}
	if sc.at(k).day > 0 && sc.at(k+1).month > 0 || sc.at(k).day > 0 && sc.at(k+1).kw == kwOf && sc.at(k+2).month > 0 {
		if m, ok := sc.dayFirst(k, a); ok {
			return m, true
		}
	}
	// "Sunday circulation", "the Sunday Times": a weekday used as a name
	// or an adjective.
	if n := sc.at(j); mod == kwNone && a == i && prepNames[sc.at(i-1).kw] == "" && n.Kind == Word &&
		(n.month == 0 && n.Text[0] >= 'A' && n.Text[0] <= 'Z' || weekdayNouns[strings.ToLower(n.Text)]) {
		return match{a: i, b: j}, true
	}
	ref := sc.ref
	if w := sc.at(j).kw; mod == kwNone && (w == kwLast || w == kwThis || w == kwNext) && sc.at(j+1).kw == kwWeek && singular(sc.at(j+1).Text) {
		c := ref.monday().addDays(7*offsetOf(w) + wd - 1)
		return sc.dayAt(a, j+2, c, true), true
	}
	b := j
	if k := sc.at(j).kw; k == kwPartOfDay || k == kwNight {
		b++
	}
	var c civil
	switch mod {
	case kwLast:
		c = weekdayNear(ref, wd, false, true)
	case kwNext:
		c = weekdayNear(ref, wd, true, true)
	case kwThis:
		c = weekdayNear(ref, wd, sc.tense(a, b) != tensePast, false)
	default:
		future := sc.tense(a, b) == tenseFuture
		if k := sc.at(a - 1).kw; k == kwBy || k == kwUntil {
			future = sc.markers(a, b) != tensePast // "respond by Friday"
		}
		c = weekdayNear(ref, wd, future, false)
	}
	return sc.dayAt(a, b, c, true), true
}

// weekdayNouns after a weekday make it an adjective, not a date.
var weekdayNouns = map[string]bool{
	"circulation": true, "edition": true, "editions": true, "newspaper": true, "newspapers": true,
	"paper": true, "papers": true, "times": true, "service": true, "services": true, "school": true,
	"schools": true, "league": true, "shopping": true, "opening": true, "openings": true,
}

func offsetOf(k kw) int {
	switch k {
	case kwLast:
		return -1
	case kwNext:
		return 1
	}
	return 0
}

func singular(w string) bool {
	c := w[len(w)-1]
	return c != 's' && c != 'S'
}

// dayWord reads "yesterday", "today", "tonight", "tomorrow", with a part
// of the day after it.
func (sc *dateScanner) dayWord(i, a int) match {
	off := 0
	switch sc.d[i].kw {
	case kwYesterday:
		off = -1
	case kwTomorrow:
		off = 1
	}
	b := i + 1
	if k := sc.at(b).kw; k == kwPartOfDay || k == kwNight {
		b++
	}
	return sc.dayAt(a, b, sc.ref.addDays(off), true)
}

// modified reads expressions led by last/next/this and early/mid/late/
// earlier/later: "last week", "earlier this month", "early next year",
// "last Tuesday", "late February", "early 2025", "last night".
func (sc *dateScanner) modified(i int) (match, bool) {
	a, j := i, i
	early := kwNone
	switch k := sc.d[j].kw; k {
	case kwEarly, kwMid, kwLate, kwEarlier, kwLater:
		early = k
		j++
	}
	mod := kwNone
	if k := sc.at(j).kw; k == kwLast || k == kwNext || k == kwThis {
		mod = k
		j++
		if mod == kwThis && sc.at(j).kw == kwPast {
			mod = kwLast // "this past week"
			j++
		}
	}
	if early == kwNone && (mod == kwLast || mod == kwNext) && sc.at(a-1).kw == kwThe {
		return match{}, false // "the last week": a span, not a date
	}
	t := sc.at(j)
	if t.wday > 0 && early == kwNone && mod != kwNone {
		return sc.weekday(j, a, mod)
	}
	if t.month > 0 && (mod != kwNone || early != kwNone) {
		return sc.monthLed(j, a, mod, early)
	}
	if mod == kwNone {
		if (early == kwEarly || early == kwMid || early == kwLate) && t.year > 0 && t.digits == 4 {
			return match{a: a, b: j + 1, date: civil{int(t.year), 1, 1}, prec: PrecisionYear, valid: true}, true
		}
		return match{}, false
	}
	if t.Kind != Word || !singular(t.Text) {
		return match{}, false
	}
	ref, off, b := sc.ref, offsetOf(mod), j+1
	switch t.kw {
	case kwWeek:
		return match{a: a, b: b, date: ref.monday().addDays(7 * off), prec: PrecisionWeek, rel: true, valid: true}, true
	case kwMonth:
		return match{a: a, b: b, date: civil{ref.y, ref.m, 1}.addMonths(off), prec: PrecisionMonth, rel: true, valid: true}, true
	case kwYear:
		return match{a: a, b: b, date: civil{ref.y + off, 1, 1}, prec: PrecisionYear, rel: true, valid: true}, true
	case kwWeekend:
		if early != kwNone {
			return match{}, false
		}
		return sc.dayAt(a, b, sc.weekend(mod, tenseUnknown), true), true
	case kwNight, kwPartOfDay:
		if early != kwNone {
			return match{}, false
		}
		return sc.dayAt(a, b, ref.addDays(off), true), true
	}
	return match{}, false
}

// weekend returns the Saturday of the weekend meant by mod ("last", "this",
// "next", or none: "the weekend", read by tense).
func (sc *dateScanner) weekend(mod kw, tense int) civil {
	ref := sc.ref
	wd := ref.isoWeekday()
	recent := ref.addDays(-((wd + 1) % 7)) // the latest Saturday on or before ref
	in := wd >= 6
	switch mod {
	case kwLast:
		if in {
			return recent.addDays(-7)
		}
		return recent
	case kwThis, kwNext:
		if in && mod == kwThis {
			return recent
		}
		return recent.addDays(7)
	}
	if tense == tenseFuture && !in {
		return recent.addDays(7)
	}
	return recent
}

// the reads expressions that start with "the": "the day before yesterday",
// "the end of the month", "the weekend", "the 8th of January".
func (sc *dateScanner) the(i int) (match, bool) {
	n1 := sc.at(i + 1)
	switch n1.kw {
	case kwDay:
		if singular(n1.Text) {
			if sc.at(i+2).kw == kwBefore && sc.at(i+3).kw == kwYesterday {
				return sc.dayAt(i, i+4, sc.ref.addDays(-2), true), true
			}
			if sc.at(i+2).kw == kwAfter && sc.at(i+3).kw == kwTomorrow {
				return sc.dayAt(i, i+4, sc.ref.addDays(2), true), true
			}
		}
	case kwEnd, kwBeginning:
		return sc.endOf(i+1, i)
	case kwWeekend:
		if singular(n1.Text) {
			return sc.dayAt(i, i+2, sc.weekend(kwNone, sc.tense(i, i+2)), true), true
		}
	}
	if n1.day > 0 {
		return sc.dayFirst(i+1, i)
	}
	return match{}, false
}

// endOf reads "end of the month", "beginning of next year", "end of
// February", "end of 2025" from the word end/beginning at i; the expression
// starts at a. An end is the last day (of a week: its Friday), a beginning
// the first.
func (sc *dateScanner) endOf(i, a int) (match, bool) {
	end := sc.d[i].kw == kwEnd
	j := i + 1
	if sc.at(j).kw != kwOf {
		return match{}, false
	}
	j++
	t := sc.at(j)
	if t.month > 0 {
		m, ok := sc.monthLed(j, a, kwOf, kwNone)
		if !ok || !m.valid || m.prec != PrecisionMonth {
			return match{}, false
		}
		if end {
			m.date.d = daysIn(m.date.y, m.date.m)
		}
		m.prec = PrecisionDay
		return m, true
	}
	if t.year > 0 && t.digits == 4 {
		c := civil{int(t.year), 1, 1}
		if end {
			c = civil{int(t.year), 12, 31}
		}
		return match{a: a, b: j + 1, date: c, prec: PrecisionDay, valid: true}, true
	}
	off := 0
	switch t.kw {
	case kwThe:
	case kwThis, kwNext, kwLast:
		off = offsetOf(t.kw)
	default:
		return match{}, false
	}
	j++
	u := sc.at(j)
	if u.Kind != Word || !singular(u.Text) {
		return match{}, false
	}
	ref := sc.ref
	var c civil
	switch u.kw {
	case kwWeek:
		c = ref.monday().addDays(7 * off)
		if end {
			c = c.addDays(4)
		}
	case kwMonth:
		c = civil{ref.y, ref.m, 1}.addMonths(off)
		if end {
			c.d = daysIn(c.y, c.m)
		}
	case kwYear:
		c = civil{ref.y + off, 1, 1}
		if end {
			c = civil{c.y, 12, 31}
		}
	default:
		return match{}, false
	}
	return sc.dayAt(a, j+1, c, true), true
}

// periodEnd reads "year-end" and "month-end" (with a year after it when
// given: "year-end 1986").
func (sc *dateScanner) periodEnd(i int) (match, bool) {
	ref := sc.ref
	if sc.d[i].kw == kwMonthEnd {
		return sc.dayAt(i, i+1, civil{ref.y, ref.m, daysIn(ref.y, ref.m)}, true), true
	}
	if year, b := sc.yearAfter(i+1, false); year > 0 {
		return sc.dayAt(i, b, civil{year, 12, 31}, false), true
	}
	return sc.dayAt(i, i+1, civil{ref.y, 12, 31}, true), true
}

// quantity reads how many units a span has at j: "50", "two", "a",
// "a few", "several", "a couple of", "a dozen", "twenty-five". vague is
// set for "a few" and "several".
func (sc *dateScanner) quantity(j int) (n int, vague bool, next int, ok bool) {
	t := sc.at(j)
	switch {
	case t.kw == kwA && sc.at(j+1).kw == kwFew:
		return 3, true, j + 2, true
	case t.kw == kwA && sc.at(j+1).kw == kwCouple && sc.at(j+2).kw == kwOf:
		return 2, false, j + 3, true
	case t.kw == kwA && sc.at(j+1).num >= 12 && sc.at(j+1).kw == kwNone:
		return int(sc.at(j + 1).num), false, j + 2, true
	case t.kw == kwFew || t.kw == kwSeveral:
		return 3, true, j + 1, true
	case t.Kind == Number && t.digits > 0 && t.num > 0:
		return int(t.num), false, j + 1, true
	case t.Kind == Word && t.num > 0:
		return int(t.num), false, j + 1, true
	case t.Kind == Word && strings.IndexByte(t.Text, '-') > 0:
		if v, ok := wordsValue(t.Text); ok && v >= 1 && v < 10000 && v == float64(int(v)) {
			return int(v), false, j + 1, true
		}
	}
	return 0, false, 0, false
}

func isUnit(k kw) bool { return k == kwDay || k == kwWeek || k == kwMonth || k == kwYear }

// spanOK reports whether n of the unit at t make a plausible span: a plural
// unit after a number above one ("in 1986 year" is no span), and no more
// than news speaks of.
func spanOK(n int, t *dtok) bool {
	if !isUnit(t.kw) || n > 1 && singular(t.Text) {
		return false
	}
	limit := map[kw]int{kwDay: 5000, kwWeek: 520, kwMonth: 600, kwYear: 200}[t.kw]
	return n <= limit
}

// shift moves ref by n units.
func shift(ref civil, unit kw, n int) civil {
	switch unit {
	case kwDay:
		return ref.addDays(n)
	case kwWeek:
		return ref.addDays(7 * n)
	case kwMonth:
		return ref.addMonths(n)
	}
	return ref.addMonths(12 * n)
}

// spanPrecision is the precision of a date n units away: the unit itself,
// one step coarser when the amount is vague ("a few days ago": a week).
func spanMatch(a, b int, c civil, unit kw, vague, exactDay bool) match {
	prec := PrecisionDay
	switch {
	case exactDay && !vague:
	case unit == kwDay && vague || unit == kwWeek && !vague:
		prec, c = PrecisionWeek, c.monday()
	case unit == kwWeek || unit == kwMonth:
		prec = PrecisionMonth
	case unit == kwYear:
		prec = PrecisionYear
	}
	if prec == PrecisionMonth || prec == PrecisionYear {
		c.d = 1
	}
	return match{a: a, b: b, date: c, prec: prec, rel: true, valid: true}
}

// span reads "two days ago", "a few weeks ago", "three months from now".
func (sc *dateScanner) span(i int) (match, bool) {
	n, vague, k, ok := sc.quantity(i)
	if !ok || !spanOK(n, sc.at(k)) {
		return match{}, false
	}
	u := sc.at(k).kw
	switch {
	case sc.at(k+1).kw == kwAgo:
		return spanMatch(i, k+2, shift(sc.ref, u, -n), u, vague, false), true
	case sc.at(k+1).kw == kwFrom && (sc.at(k+2).kw == kwNow || sc.at(k+2).kw == kwToday):
		return spanMatch(i, k+3, shift(sc.ref, u, n), u, vague, true), true
	}
	return match{}, false
}

// forward reads a time allowed from now: "in 50 days", "within two weeks",
// "in the next 30 days", "in a month's time". ("Over the next five years"
// is a period, not a date.)
func (sc *dateScanner) forward(i int) (match, bool) {
	j := i + 1
	if sc.at(j).kw == kwThe && sc.at(j+1).kw == kwNext {
		j += 2
	}
	n, vague, k, ok := sc.quantity(j)
	if !ok || !spanOK(n, sc.at(k)) {
		return match{}, false
	}
	u := sc.at(k).kw
	b := k + 1
	if p := sc.at(b); (p.Kind == Possessive || p.Kind == Quote) && sc.at(b+1).kw == kwTime {
		b += 2
	} else if p.kw == kwTime {
		b++
	}
	if sc.at(b).kw == kwOf || sc.at(b).kw == kwAgo {
		return match{}, false // "in two years of war"
	}
	// "was built within 50 days", "has lost 4.6 billion dlrs in two years":
	// a past clause makes these durations. "in" needs a clause that is not
	// past; "within" only a past verb close by to lose its deadline.
	limit := 3
	if sc.d[i].kw == kwIn {
		limit = 12
	}
	if sc.markersWithin(i, b, limit) == tensePast {
		return match{}, false
	}
	m := spanMatch(i, b, shift(sc.ref, u, n), u, vague, true)
	m.prep = sc.d[i].kw
	return m, true
}

// yearPrep may stand before a bare year ("in 2024").
func yearPrep(k kw) bool {
	switch k {
	case kwIn, kwSince, kwBy, kwUntil, kwThrough, kwDuring, kwFrom, kwBefore, kwAfter, kwFor, kwOf, kwBetween:
		return true
	}
	return false
}

// bareYear reads a year after a preposition: "in 2024", "since 2014",
// "from 2020 to 2024".
func (sc *dateScanner) bareYear(i int) (match, bool) {
	t := sc.d[i]
	if t.year < 1900 || t.year > 2100 || t.digits != 4 {
		return match{}, false
	}
	prev := sc.at(i - 1).kw
	range2 := (prev == kwTo || prev == kwAnd) && len(sc.out) > 0 && sc.lastEnd == i-1
	if !yearPrep(prev) && !range2 {
		return match{}, false
	}
	// "in 2000 cases": a round number before a plural noun is a count.
	if n := sc.at(i + 1); t.year%10 == 0 && n.Kind == Word && n.kw == kwNone && n.tense == 0 &&
		n.Text[0] >= 'a' && n.Text[0] <= 'z' && !singular(n.Text) {
		return match{}, false
	}
	return match{a: i, b: i + 1, date: civil{int(t.year), 1, 1}, prec: PrecisionYear, valid: true}, true
}

// compound reads hyphenated forms: "mid-February", "end-March",
// "mid-2025", "early-2024".
func (sc *dateScanner) compound(i int) (match, bool) {
	w := sc.d[i].Text
	h := strings.IndexByte(w, '-')
	pre, rest := strings.ToLower(w[:h]), w[h+1:]
	switch pre {
	case "mid", "early", "late", "end":
	default:
		return match{}, false
	}
	end := pre == "end"
	if len(rest) == 4 && digitsOnly(rest) {
		y := atoi(rest)
		if y < 1000 || y > 2999 {
			return match{}, false
		}
		if end {
			return sc.dayAt(i, i+1, civil{y, 12, 31}, false), true
		}
		return match{a: i, b: i + 1, date: civil{y, 1, 1}, prec: PrecisionYear, valid: true}, true
	}
	e, ok := lookupLex(strings.TrimSuffix(rest, "."))
	if !ok || e.month == 0 || rest == "" || rest[0] < 'A' || rest[0] > 'Z' {
		return match{}, false
	}
	m := match{a: i, b: i + 1, prec: PrecisionMonth, valid: true}
	if year, b := sc.yearAfter(i+1, false); year > 0 {
		m.date, m.b = civil{year, int(e.month), 1}, b
	} else {
		m.date, m.rel = inferMonth(sc.ref, int(e.month), sc.tense(i, i+1)), true
	}
	if end {
		m.date.d, m.prec = daysIn(m.date.y, m.date.m), PrecisionDay
	}
	return m, true
}
