package watch

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const day = 24 * time.Hour

// ParseDuration reads a span as rules write it: a whole number and a unit,
// repeated — 90m, 12h, 14d, 2w, 1d12h. Weeks are 7 days, days 24 hours.
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration: want a number and a unit such as 14d, 12h or 30m")
	}
	var total time.Duration
	rest := strings.ToLower(in)
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("duration %q: want a number and a unit such as 14d, 12h or 30m", s)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > 100000 {
			return 0, fmt.Errorf("duration %q: number too large", s)
		}
		var unit time.Duration
		switch rest[i] {
		case 's':
			unit = time.Second
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = day
		case 'w':
			unit = 7 * day
		default:
			return 0, fmt.Errorf("duration %q: unknown unit %q (want s, m, h, d or w)", s, rest[i:i+1])
		}
		total += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	return total, nil
}

// FormatDuration writes d in the largest whole units: 14d, 36h, 90m.
func FormatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0m"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}
