package article

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Years outside this range are treated as junk (CMS placeholders such as
// 0001-01-01, or digits that only look like a date).
const (
	minYear = 1900
	maxYear = 2100
)

// dateLayouts are the shapes publication dates take in pages' metadata,
// most common first. A layout without a zone yields a UTC time.
var dateLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05 Z07:00",
	"2006-01-02T15:04:05 -0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 MST",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"2006.01.02 15:04",
	"2006.01.02",
	"20060102T150405Z0700",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"2 January 2006 15:04",
	"2 January 2006",
	"Monday, 2 January 2006",
	"January 2, 2006 3:04 PM MST",
	"January 2, 2006 3:04 PM",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006 3:04 PM MST",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006",
	"Monday, January 2, 2006 3:04 PM",
	"Monday, January 2, 2006",
	"Mon, January 2, 2006",
	"Mon Jan 2, 2006",
	"January 2006",
	time.RFC850,
	time.UnixDate,
	time.ANSIC,
}

// zoneOffsets gives the offsets of the zone abbreviations news pages use.
// Go's parser records an unknown abbreviation with a zero offset, which
// would move an evening US date onto the next day.
var zoneOffsets = map[string]int{
	"GMT": 0, "UTC": 0, "UT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
	"BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
	"JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
}

var (
	rxOrdinal    = regexp.MustCompile(`(\d)(st|nd|rd|th)\b`)
	rxSpaces     = regexp.MustCompile(`\s+`)
	rxSeptember  = regexp.MustCompile(`\bSept\b`)
	rxDotMonth   = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.`)
	rxLowerAMPM  = regexp.MustCompile(`(\d) ?([ap])\.?m\.?(\s|$)`)
	rxTrailingET = regexp.MustCompile(` (ET)$`)
	rxWeekday    = regexp.MustCompile(`^(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+`)
	rxYearTime   = regexp.MustCompile(`(\d{4}),?\s+(?:at\s+|-\s+)?(\d{1,2}[:.]\d\d)`)
)

// ParseDate reads a publication date in any of the formats pages commonly
// use (RFC 3339 with or without zone, RFC 1123, "January 2, 2006", …).
// A date without a zone is taken as UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	s = rxSpaces.ReplaceAllString(s, " ")
	if t, ok := parseWithLayouts(s); ok {
		return t, true
	}
	// Human-written variants: "March 14th, 2019", "Sept. 3, 2019 5:40 p.m. ET".
	n := rxOrdinal.ReplaceAllString(s, "$1")
	n = rxSeptember.ReplaceAllString(n, "Sep")
	n = rxDotMonth.ReplaceAllString(n, "$1")
	n = rxLowerAMPM.ReplaceAllStringFunc(n, func(m string) string {
		sub := rxLowerAMPM.FindStringSubmatch(m)
		return sub[1] + " " + strings.ToUpper(sub[2]) + "M" + sub[3]
	})
	n = rxTrailingET.ReplaceAllString(n, " EST")
	n = strings.TrimSpace(strings.TrimPrefix(n, "Published"))
	n = strings.TrimSpace(strings.TrimPrefix(n, "Updated"))
	// "Saturday, December 27, 2014, 12:06 PM" → "December 27, 2014 12:06 PM"
	n = rxWeekday.ReplaceAllString(n, "")
	n = rxYearTime.ReplaceAllString(n, "$1 $2")
	if n != s {
		return parseWithLayouts(n)
	}
	return time.Time{}, false
}

func parseWithLayouts(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		t = fixZoneAbbreviation(t)
		if t.Year() < minYear || t.Year() > maxYear {
			return time.Time{}, false
		}
		return t, true
	}
	return time.Time{}, false
}

// fixZoneAbbreviation gives a time parsed with an abbreviation Go did not
// know (offset 0 under a made-up location) its real offset.
func fixZoneAbbreviation(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 || t.Location() == time.UTC {
		return t
	}
	h, ok := zoneOffsets[name]
	if !ok || h == 0 {
		return t
	}
	loc := time.FixedZone(name, h*3600)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// Dates in URL paths. Each needs the date to stand apart from other
// digits, so long numeric ids do not read as dates.
var (
	// /2019/03/14/ or /2019/3/14/ (also - and _ between parts)
	rxURLYMD = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?:[^0-9]|$)`)
	// /201903/14/ (chinadaily and others)
	rxURLYMslashD = regexp.MustCompile(`(?:^|/)((?:19|20)\d\d)(\d\d)/(\d\d)(?:/|$)`)
	// /20190314/ or a20190314.html
	rxURLCompact = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(\d\d)(\d\d)(?:[^0-9]|$)`)
	// /2019/nov/18/ (the Guardian, PolitiFact)
	rxURLYMonD = regexp.MustCompile(`(?i)(?:^|/)((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(\d{1,2})(?:/|$)`)
	// /2019/03/ followed by something else
	rxURLYM = regexp.MustCompile(`(?:^|/)((?:19|20)\d\d)[/_-](\d{1,2})(?:/|$)`)
)

// DateFromURL finds a date in an article URL's path (/2019/03/14/…,
// /20190314/, 2019-03-14, /2019/03/…). precision is "day" or "month"; the
// time is midnight UTC.
func DateFromURL(u string) (time.Time, string, bool) {
	path := u
	if pu, err := url.Parse(u); err == nil && (pu.Path != "" || pu.Host != "") {
		path = pu.Path
	}
	if path == "" {
		return time.Time{}, "", false
	}
	for _, rx := range []*regexp.Regexp{rxURLYMD, rxURLYMslashD, rxURLCompact} {
		for _, m := range rx.FindAllStringSubmatch(path, -1) {
			if t, ok := validDate(m[1], m[2], m[3]); ok {
				return t, "day", true
			}
		}
	}
	for _, m := range rxURLYMonD.FindAllStringSubmatch(path, -1) {
		if mon, err := time.Parse("Jan", strings.ToUpper(m[2][:1])+strings.ToLower(m[2][1:3])); err == nil {
			if t, ok := validDate(m[1], strconv.Itoa(int(mon.Month())), m[3]); ok {
				return t, "day", true
			}
		}
	}
	for _, m := range rxURLYM.FindAllStringSubmatch(path, -1) {
		if t, ok := validDate(m[1], m[2], "1"); ok {
			return t, "month", true
		}
	}
	return time.Time{}, "", false
}

// validDate builds a date from its parts, refusing impossible ones
// (2019-02-30) rather than letting time.Date roll them over.
func validDate(ys, ms, ds string) (time.Time, bool) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, false
	}
	if y < 1990 || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
