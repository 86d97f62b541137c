package text

import (
	"sync"
	"time"
)

// Precisions of a resolved date.
const (
	PrecisionDay   = "day"
	PrecisionWeek  = "week" // Date is the Monday of the week
	PrecisionMonth = "month"
	PrecisionYear  = "year"
)

// DateExpr is a date expression found in a sentence and resolved to a
// calendar date. Start and End are byte offsets into the sentence and Text
// is exactly sentence[Start:End]; the span includes a preposition that
// directly precedes the expression ("on Friday", "within 50 days"), which
// Prep also names in lower case ("on", "in", "by", "until", "since",
// "within", …; "" when there is none). Date is ISO 8601 cut to Precision
// ("2025", "2025-02", "2025-02-12"); a week is given by its Monday.
// Relative says the date was worked out from the reference date (a weekday,
// "last week", or a day and month whose year was inferred).
type DateExpr struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	Date      string `json:"date"`
	Precision string `json:"precision"`
	Relative  bool   `json:"relative"`
	Prep      string `json:"prep,omitempty"`
}

// ResolveDates finds the date expressions in sentence and resolves them
// against ref, the article's date (only its calendar day counts; its clock
// and zone do not).
//
// What it reads: full dates ("January 8, 2026", "8 January 2026", "Jan. 8",
// "2025-08-15", "15/08/2025"), months ("in February 2025", "in February",
// "mid-February", "last January"), years after a preposition ("in 2024",
// "since 2014", "early 2026"), weekdays ("on Friday", "said Friday", "last
// Tuesday", "Friday, Aug. 15", "Friday last week"), "yesterday", "today",
// "tonight", "tomorrow", "last night", "this morning", "the day before
// yesterday", "last/this/next week|month|year|weekend", "earlier this
// month", "late last year", spans back ("two days ago", "a few weeks ago")
// and forward ("in 50 days", "within two weeks", "in the next 30 days",
// "three weeks from now"), and period limits ("by the end of the month",
// "at the beginning of next year", "end-March", "year-end").
//
// How a date the sentence does not pin down is resolved:
//   - The tense of the clause decides the direction. It is the tense of the
//     nearest marker ("will", "would", "is scheduled", "due", "next" for the
//     future; "was", "said", "met", a verb in -ed, "ago", "last" for the
//     past; "is", "becomes" for neither), counting a comma, semicolon, colon,
//     bracket or quote in between as five words, ignoring markers more than
//     twelve words away and an attribution after a comma ("…, officials
//     said"). "since" before the expression means the past; "by", "until",
//     "to" and "through" leave the direction open for a day and month.
//   - A bare weekday ("on Friday", "said Friday") is the most recent such
//     day on or before ref, and in a future clause (or after "by"/"until"
//     when the clause is not past) the first on or after ref. "last Friday"
//     is the most recent strictly before ref, "next Friday" the first
//     strictly after it, "this Friday" the coming one unless the clause is
//     past.
//   - A day and month without a year take the year that puts them on the
//     tense's side of ref, or nearest ref when the tense is open. News gives
//     the year of dates outside the current one, so a date on the tense's
//     side that is neither in ref's year nor within 240 days yields to the
//     date in ref's year. A month alone takes its year the same way (nearest
//     when open; six months back and forth are a tie, won by the past).
//   - "last/this/next week" is a week, given by its Monday; "a few days ago"
//     the week of ref minus three days; "two days ago" a day; "three weeks
//     ago" a week; "in 50 days" and "within 50 days" the day ref+50 (but
//     not "in" in a past clause, nor "within" right after a past verb: those
//     are durations, "was built within 50 days"); the end of a month is its
//     last day, of a week its Friday, of a year December 31; "the weekend"
//     is its Saturday.
//   - An impossible date ("February 30", "2025-02-31") yields nothing.
func ResolveDates(sentence string, ref time.Time) []DateExpr {
	if !mayHaveDate(sentence) {
		return nil
	}
	sc := scannerPool.Get().(*dateScanner)
	sc.reset(sentence, civilOf(ref))
	sc.scan()
	var out []DateExpr
	if len(sc.out) > 0 {
		out = make([]DateExpr, len(sc.out))
		copy(out, sc.out)
	}
	sc.s = ""
	scannerPool.Put(sc)
	return out
}

var scannerPool = sync.Pool{New: func() any { return new(dateScanner) }}

// prefixBits holds, for each 3-letter prefix (5 bits a letter), whether a
// word of the date vocabulary starts with it: a cheap first filter.
var prefixBits = func() (b [1 << 15 / 64]uint64) {
	for w := range triggerWords {
		k := prefixKey(w)
		b[k/64] |= 1 << (k % 64)
	}
	return
}()

// triggerWords are the words without which a sentence with no digit holds
// no date expression.
var triggerWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
		"sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "yesterday", "today", "tonight", "tomorrow", "ago", "day", "days",
		"week", "weeks", "weekend", "month", "months", "year", "years", "midweek", "night",
		"morning", "afternoon", "evening",
	} {
		m[w] = true
	}
	return m
}()

func prefixKey(w string) int {
	k := 0
	for i := 0; i < 3; i++ {
		k = k<<5 | int(w[i]|0x20)&31
	}
	return k
}

// mayHaveDate is the cheap pre-check: a digit, or a word of the date
// vocabulary.
func mayHaveDate(s string) bool {
	i := 0
	for i < len(s) {
		c := s[i]
		if isASCIIDigit(c) {
			return true
		}
		if !isASCIILetter(c) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		if l := j - i; l >= 3 && l <= 9 {
			k := prefixKey(s[i:])
			if prefixBits[k/64]&(1<<(k%64)) != 0 {
				var buf [9]byte
				for x := 0; x < l; x++ {
					buf[x] = s[i+x] | 0x20
				}
				if triggerWords[string(buf[:l])] {
					return true
				}
			}
		}
		i = j
	}
	return false
}
