package text

import (
	"strings"
)

// dtok is a token with what the date rules know about it.
type dtok struct {
	Token
	lexEntry
	day      int8  // 1 … 31 when the token can be a day of the month: "8", "8th", "8-9"
	year     int16 // 1000 … 2999 for a plain four-digit number
	digits   int8  // digits in a plain integer token
	boundary bool  // a clause boundary for tense: , ; : ( ) quotes, dashes

	participle bool // an -ed word read as a past verb by its ending
}

type dateScanner struct {
	s       string
	ref     civil
	toks    []Token
	d       []dtok
	out     []DateExpr
	lastEnd int // token index just after the last expression emitted
}

// match is a found expression over tokens [a, b).
type match struct {
	a, b    int
	endByte int // when > 0, the expression ends here rather than at token b-1's end
	date    civil
	prec    string
	rel     bool
	valid   bool // false: the words were a date expression with no real date ("February 30")
	prep    kw   // set when the span already includes its preposition
}

func (sc *dateScanner) reset(s string, ref civil) {
	sc.s, sc.ref, sc.lastEnd = s, ref, 0
	if cap(sc.toks) > 1<<14 { // do not keep the buffers of a huge sentence in the pool
		sc.toks, sc.d, sc.out = nil, nil, nil
	}
	sc.toks = AppendTokens(sc.toks[:0], s)
	sc.d = sc.d[:0]
	sc.out = sc.out[:0]
	for _, t := range sc.toks {
		sc.d = append(sc.d, lexToken(t))
	}
	for i := range sc.d {
		d := &sc.d[i]
		if d.tense == 0 {
			continue
		}
		// Markers that only count with what follows them: "set to/for",
		// "going to".
		if (d.Text == "set" || d.Text == "going") && i+1 < len(sc.d) {
			if n := sc.d[i+1].Text; n != "to" && n != "for" {
				d.tense = 0
			}
		}
		// A participle after "be" ("will be issued", "is expected") takes
		// its tense from the auxiliary, not from its -ed.
		if d.tense == tensePast && d.participle && i > 0 {
			switch strings.ToLower(sc.d[i-1].Text) {
			case "be", "been", "being", "is", "are", "'s", "’s":
				d.tense = 0
			}
		}
	}
}

func lexToken(t Token) dtok {
	d := dtok{Token: t}
	d.num = -1
	switch t.Kind {
	case Word, Clitic:
		w := t.Text
		if len(w) > 1 && w[len(w)-1] == '.' {
			w = w[:len(w)-1]
		}
		e, ok := lookupLex(w)
		if !ok {
			// A lower-case word in -ed is most often a past verb.
			if len(w) >= 5 && w[0] >= 'a' && w[0] <= 'z' && strings.HasSuffix(w, "ed") {
				d.tense, d.participle = tensePast, true
			}
			return d
		}
		capital := 'A' <= w[0] && w[0] <= 'Z'
		if e.tense == tensePast && strings.HasSuffix(w, "ed") {
			d.participle = true
		}
		if !capital {
			e.month, e.wday, e.mabbr = 0, 0, false
		} else if e.month > 0 || e.wday > 0 {
			e.tense = 0
		}
		if e.mabbr && len(t.Text) == len(w) && len(w) == 3 && !isAllUpper(w) && w[1] >= 'A' && w[1] <= 'Z' {
			e.month = 0 // "MAr" is noise, not a month
		}
		d.lexEntry = e
	case Number:
		readDayYear(&d)
	case Punct:
		switch t.Text {
		case ",", ";", ":", "(", ")", "[", "]", "-", "--", "–", "—":
			d.boundary = true
		}
	case Quote:
		d.boundary = true
	}
	return d
}

// readDayYear fills num, digits, day and year of a number token.
func readDayYear(d *dtok) {
	s := d.Text
	n, v := 0, 0
	for n < len(s) && isASCIIDigit(s[n]) && n < 5 {
		v = v*10 + int(s[n]-'0')
		n++
	}
	if n == 0 || n == 5 {
		return
	}
	rest := s[n:]
	switch {
	case rest == "":
		d.num, d.digits = int16(v), int8(n)
		if n == 4 && v >= 1000 && v <= 2999 {
			d.year = int16(v)
		}
		if n <= 2 && v >= 1 && v <= 31 {
			d.day = int8(v)
		}
	case len(rest) == 2 && n <= 2 && isOrdinal(rest, v):
		if v >= 1 && v <= 31 {
			d.day = int8(v)
		}
	case n <= 2 && len(rest) >= 2 && len(rest) <= 3 && rest[0] == '-' && isASCIIDigit(rest[1]) && (len(rest) == 2 || isASCIIDigit(rest[2])):
		if v >= 1 && v <= 31 {
			d.day = int8(v) // "8-9": the first day of a range
		}
	}
}

func isOrdinal(suf string, v int) bool {
	s := strings.ToLower(suf)
	switch {
	case v%100 >= 11 && v%100 <= 13:
		return s == "th"
	case v%10 == 1:
		return s == "st"
	case v%10 == 2:
		return s == "nd"
	case v%10 == 3:
		return s == "rd"
	}
	return s == "th"
}

// at returns the token at i, or an empty one past either end.
func (sc *dateScanner) at(i int) *dtok {
	if i < 0 || i >= len(sc.d) {
		return &noTok
	}
	return &sc.d[i]
}

var noTok = dtok{lexEntry: lexEntry{num: -1}}

func (sc *dateScanner) scan() {
	for i := 0; i < len(sc.d); {
		m, ok := sc.matchAt(i)
		if !ok {
			i++
			continue
		}
		if m.valid {
			sc.emit(m)
		}
		if m.b <= i {
			m.b = i + 1
		}
		i = m.b
		sc.lastEnd = m.b
	}
}

func (sc *dateScanner) emit(m match) {
	prep := m.prep
	if prep == kwNone && m.a > 0 && m.a-1 >= sc.lastEnd {
		if k := sc.d[m.a-1].kw; prepNames[k] != "" {
			prep = k
			m.a--
		}
	}
	start := sc.d[m.a].Start
	end := sc.d[m.b-1].End
	if m.endByte > 0 {
		end = m.endByte
	}
	sc.out = append(sc.out, DateExpr{
		Start: start, End: end, Text: sc.s[start:end],
		Date: m.date.format(m.prec), Precision: m.prec, Relative: m.rel,
		Prep: prepNames[prep],
	})
}

func (sc *dateScanner) matchAt(i int) (match, bool) {
	t := &sc.d[i]
	switch t.Kind {
	case Number:
		if m, ok := sc.isoDate(i); ok {
			return m, true
		}
		if m, ok := sc.dayFirst(i, i); ok {
			return m, true
		}
		if m, ok := sc.span(i); ok {
			return m, true
		}
		return sc.bareYear(i)
	case Word:
	default:
		return match{}, false
	}
	if t.wday > 0 {
		return sc.weekday(i, i, kwNone)
	}
	if t.month > 0 {
		return sc.monthLed(i, i, kwNone, kwNone)
	}
	switch t.kw {
	case kwYesterday, kwToday, kwTonight, kwTomorrow:
		return sc.dayWord(i, i), true
	case kwLast, kwNext, kwThis, kwEarly, kwMid, kwLate, kwEarlier, kwLater:
		return sc.modified(i)
	case kwThe:
		return sc.the(i)
	case kwEnd, kwBeginning:
		return sc.endOf(i, i)
	case kwYearEnd, kwMonthEnd:
		return sc.periodEnd(i)
	case kwIn, kwWithin:
		if m, ok := sc.forward(i); ok {
			return m, true
		}
	}
	if t.num > 0 || t.kw == kwFew || t.kw == kwSeveral {
		if m, ok := sc.span(i); ok {
			return m, true
		}
	}
	if strings.IndexByte(t.Text, '-') > 0 {
		if m, ok := sc.compound(i); ok {
			return m, true
		}
	}
	if len(t.Text) >= 10 {
		return sc.isoDate(i)
	}
	return match{}, false
}

// tense finds the tense marker nearest the tokens [a, b): each word
// between costs one, a clause boundary five; on a tie the earlier marker
// wins. "since" before the expression means the past; "by", "until", "to"
// and "through" leave the tense unknown.
func (sc *dateScanner) tense(a, b int) int {
	switch sc.at(a - 1).kw {
	case kwSince:
		return tensePast
	case kwBy, kwUntil, kwTo, kwThrough:
		// A limit ("extended to April 30", "due by July 28") lies where it
		// lies whatever the verb's tense: take the nearest.
		return tenseUnknown
	}
	return sc.markers(a, b)
}

// markers returns the tense of the marker nearest [a, b), as tense
// describes, without looking at the preposition.
func (sc *dateScanner) markers(a, b int) int {
	return sc.markersWithin(a, b, 12) // markers further away say little
}

// markersWithin is markers with the largest cost that still counts.
func (sc *dateScanner) markersWithin(a, b, limit int) int {
	best, bestCost := tenseUnknown, limit+1
	cost := 0
	for k := a - 1; k >= 0; k-- {
		cost++
		if sc.d[k].boundary {
			cost += 4
		}
		if cost >= bestCost {
			break
		}
		if sc.d[k].tense != 0 {
			best, bestCost = int(sc.d[k].tense), cost
			break
		}
	}
	cost = 0
	crossed := false
	for k := b; k < len(sc.d); k++ {
		cost++
		if sc.d[k].boundary {
			cost += 4
			crossed = true
		}
		if cost >= bestCost {
			break
		}
		if sc.d[k].tense != 0 {
			// "…, officials said": an attribution after the clause says
			// nothing of the clause's tense.
			if crossed && sc.d[k].report {
				continue
			}
			best = int(sc.d[k].tense)
			break
		}
	}
	if best == tensePresent {
		return tenseUnknown
	}
	return best
}
