package text

import (
	"strconv"
	"time"
)

// civil is a calendar date without a clock or a zone.
type civil struct{ y, m, d int }

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, int(m), d}
}

func (c civil) time() time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 12, 0, 0, 0, time.UTC)
}

func (c civil) addDays(n int) civil { return civilOf(c.time().AddDate(0, 0, n)) }

// addMonths moves by n months, keeping the day where the month has it and
// clamping to the month's last day otherwise (Jan 31 + 1 month = Feb 28).
func (c civil) addMonths(n int) civil {
	m0 := c.y*12 + (c.m - 1) + n
	y, m := floorDiv(m0, 12), m0-floorDiv(m0, 12)*12+1
	d := c.d
	if last := daysIn(y, m); d > last {
		d = last
	}
	return civil{y, m, d}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// daysBetween returns o − c in days.
func (c civil) daysBetween(o civil) int {
	return int(o.time().Sub(c.time()) / (24 * time.Hour)) // both at noon UTC: exact
}

// isoWeekday returns 1 for Monday … 7 for Sunday.
func (c civil) isoWeekday() int {
	wd := int(c.time().Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

// monday returns the Monday of c's week (weeks run Monday to Sunday).
func (c civil) monday() civil { return c.addDays(1 - c.isoWeekday()) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func validDate(y, m, d int) bool {
	return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// format writes c as ISO 8601 cut to the precision.
func (c civil) format(prec string) string {
	if c.y < 0 || c.y > 9999 {
		return strconv.Itoa(c.y) // out of ISO's range; only a far-off ref gets here
	}
	var b [10]byte
	put := func(at, v, w int) {
		for i := w - 1; i >= 0; i-- {
			b[at+i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, c.y, 4)
	if prec == PrecisionYear {
		return string(b[:4])
	}
	b[4] = '-'
	put(5, c.m, 2)
	if prec == PrecisionMonth {
		return string(b[:7])
	}
	b[7] = '-'
	put(8, c.d, 2)
	return string(b[:10])
}

// Which way an unanchored date lies from the reference date.
const (
	tensePast    = -1
	tenseUnknown = 0
	tenseFuture  = 1
	tensePresent = 2 // a marker only: it stops the search and leaves the tense unknown
)

// weekdayNear returns the weekday wd (1 = Monday) nearest ref in the given
// direction; strict excludes ref itself.
func weekdayNear(ref civil, wd int, future, strict bool) civil {
	diff := wd - ref.isoWeekday() // -6 … 6
	if future {
		if diff < 0 || diff == 0 && strict {
			diff += 7
		}
	} else if diff > 0 || diff == 0 && strict {
		diff -= 7
	}
	return ref.addDays(diff)
}

// inferDay gives a month and day without a year the year that puts it on
// the side of ref the tense says, or nearest ref when the tense is unknown.
// News omits the year of dates in the current year, so a date on the
// tense's side that is neither in ref's year nor within eight months gives
// way to the date in ref's year ("called for redemption on April 24" in a
// March article is the coming April 24, whatever "called" says).
func inferDay(ref civil, m, d, tense int) (civil, bool) {
	var best, same civil
	found, haveSame := false, false
	bestDist := 0
	for y := ref.y - 4; y <= ref.y+4; y++ {
		if !validDate(y, m, d) {
			continue
		}
		c := civil{y, m, d}
		if y == ref.y {
			same, haveSame = c, true
		}
		dist := ref.daysBetween(c) // > 0: after ref
		switch tense {
		case tensePast:
			if dist > 0 {
				continue
			}
			dist = -dist
		case tenseFuture:
			if dist < 0 {
				continue
			}
		default:
			if dist < 0 {
				dist = -dist
			}
		}
		// Years run upwards, so on a tie the earlier (past) date stays.
		if !found || dist < bestDist {
			best, bestDist, found = c, dist, true
		}
	}
	if tense != tenseUnknown && found && best.y != ref.y && bestDist > 240 && haveSame {
		return same, true
	}
	return best, found
}

// inferMonth gives a month without a year its year, as inferDay does.
func inferMonth(ref civil, m, tense int) civil {
	y := ref.y
	switch tense {
	case tensePast:
		if m > ref.m {
			y--
		}
	case tenseFuture:
		if m < ref.m {
			y++
		}
	default:
		if diff := m - ref.m; diff >= 6 {
			y--
		} else if diff < -6 {
			y++
		}
	}
	return civil{y, m, 1}
}
