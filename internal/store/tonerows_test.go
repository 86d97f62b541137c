package store

import (
	"testing"
	"time"
)

// Day numbers against the time package, from 1600 to 2400 (leap
// centuries, dates before 1970), with their ISO weeks and months.
func TestDayNumbers(t *testing.T) {
	for d := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2400; d = d.AddDate(0, 0, 1) {
		iso := d.Format(time.DateOnly)
		n, ok := DayNumber(iso)
		want := int(d.Unix() / 86400) // midnight: a whole number of days
		if !ok || n != want {
			t.Fatalf("DayNumber(%s) = %d, %v; want %d", iso, n, ok, want)
		}
		if got := DayISO(n); got != iso {
			t.Fatalf("DayISO(%d) = %s, want %s", n, got, iso)
		}
		monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format(time.DateOnly)
		if got := DayISO(periodStart(periodWeek, n)); got != monday {
			t.Fatalf("week of %s starts %s, want %s", iso, got, monday)
		}
		first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if got := DayISO(periodStart(periodMonth, n)); got != first {
			t.Fatalf("month of %s starts %s, want %s", iso, got, first)
		}
	}
	for _, c := range []struct {
		date string
		want string
		ok   bool
	}{{"2025", "2025-01-01", true}, {"2025-03", "2025-03-01", true}, {"2025-03-04T10:00:00Z", "2025-03-04", true},
		{"2025-02-30", "2025-03-02", true}, {"2025-13-01", "", false}, {"last spring", "", false}, {"", "", false}, {"2025-1-01", "", false}} {
		n, ok := DayNumber(c.date)
		if ok != c.ok || (ok && DayISO(n) != c.want) {
			t.Errorf("DayNumber(%q) = %s, %v; want %s, %v", c.date, DayISO(n), ok, c.want, c.ok)
		}
	}
}

// A range is read as whole periods from their sums and the cut ends day
// by day.
func TestToneSpans(t *testing.T) {
	day := func(s string) int {
		n, _ := DayNumber(s)
		return n
	}
	type span struct {
		period, lo, hi string
	}
	for _, c := range []struct {
		f    StoryFilter
		want []span
	}{
		{StoryFilter{Period: "week", From: "2025-01-08", To: "2025-03-04"},
			[]span{{"d", "2025-01-08", "2025-01-12"}, {"w", "2025-01-13", "2025-02-24"}, {"d", "2025-03-03", "2025-03-04"}}},
		{StoryFilter{Period: "week", From: "2025-01-06", To: "2025-01-19"}, []span{{"w", "2025-01-06", "2025-01-13"}}},
		{StoryFilter{Period: "week", From: "2025-01-07", To: "2025-01-12"}, []span{{"d", "2025-01-07", "2025-01-12"}}},
		{StoryFilter{Period: "month", From: "2025-01-15", To: "2025-03"}, []span{{"d", "2025-01-15", "2025-01-31"}, {"m", "2025-02-01", "2025-03-01"}}},
		{StoryFilter{Period: "month", From: "2024-12"}, []span{{"m", "2024-12-01", ""}}},
		{StoryFilter{Period: "month", To: "2024-02-28"}, []span{{"m", "", "2024-01-01"}, {"d", "2024-02-01", "2024-02-28"}}},
		{StoryFilter{From: "2025-01-08", To: "2025"}, []span{{"d", "2025-01-08", "2025-12-31"}}},
		{StoryFilter{Period: "week", From: "2025-02-01", To: "2025-01-01"}, nil},
	} {
		got, err := toneSpans(c.f)
		if err != nil {
			t.Fatalf("toneSpans(%+v): %v", c.f, err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("toneSpans(%+v) = %+v, want %+v", c.f, got, c.want)
		}
		for i, w := range c.want {
			g := got[i]
			if g.period != w.period || g.hasLo != (w.lo != "") || g.hasHi != (w.hi != "") ||
				(g.hasLo && g.lo != day(w.lo)) || (g.hasHi && g.hi != day(w.hi)) {
				t.Errorf("toneSpans(%+v)[%d] = %s %s…%s, want %+v", c.f, i, g.period, DayISO(g.lo), DayISO(g.hi), w)
			}
		}
	}
	for _, f := range []StoryFilter{{Period: "fortnight"}, {From: "soon"}, {To: "2025-99"}} {
		if _, err := toneSpans(f); err == nil {
			t.Errorf("toneSpans(%+v): no error", f)
		}
	}
}
