package tone

import (
	"fmt"
	"strings"
	"time"
)

// Period is the length of one step of a series.
type Period string

// The periods a series can be built by. Weeks are ISO 8601 weeks: they
// start on Monday and belong to the year that holds their Thursday.
const (
	Day   Period = "day"
	Week  Period = "week"
	Month Period = "month"
)

// ParsePeriod reads "day", "week" or "month" (any letter case).
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(strings.TrimSpace(s))); p {
	case Day, Week, Month:
		return p, nil
	}
	return "", fmt.Errorf("period %q: want day, week or month", s)
}

// Start returns the first day of the period holding day d, at midnight UTC.
func (p Period) Start(d time.Time) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	switch p {
	case Week:
		// Monday is 0 days back, Sunday 6.
		back := (int(d.Weekday()) + 6) % 7
		return d.AddDate(0, 0, -back)
	case Month:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// Add moves a period start n periods on (back when n is negative).
func (p Period) Add(start time.Time, n int) time.Time {
	switch p {
	case Week:
		return start.AddDate(0, 0, 7*n)
	case Month:
		return start.AddDate(0, n, 0)
	}
	return start.AddDate(0, 0, n)
}

// End returns the last day of the period that starts on start.
func (p Period) End(start time.Time) time.Time {
	return p.Add(start, 1).AddDate(0, 0, -1)
}

// Key names the period that starts on start: "2025-08-15" for a day,
// "2025-W33" for an ISO week, "2025-08" for a month.
func (p Period) Key(start time.Time) string {
	switch p {
	case Week:
		y, w := start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return start.Format("2006-01")
	}
	return start.Format(time.DateOnly)
}

// maxPeriods bounds a series, so a mistaken range (--by day over a
// thousand years) fails with a sentence instead of filling memory.
const maxPeriods = 200_000
