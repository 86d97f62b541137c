package tone

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

func cell(date, src, tgt string, quad, n int, sum float64) store.ToneCell {
	return store.ToneCell{Date: date, Source: src, Target: tgt, Quad: quad, Count: n, GoldsteinSum: sum}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

var usaRus = []Dyad{{"USA", "RUS"}, {"RUS", "USA"}}

func TestBuildByMonth(t *testing.T) {
	cells := []store.ToneCell{
		cell("2025-01-06", "USA", "RUS", 1, 2, 3.8),
		cell("2025-01-31", "RUS", "USA", 2, 1, 7.4),
		cell("2025-01-31", "USA", "RUS", 4, 1, -10),
		cell("2025-03-03", "USA", "RUS", 3, 1, -4),
		cell("2025-02-10", "UKR", "RUS", 4, 9, -90), // another dyad: ignored
	}
	s, err := Build(cells, Options{By: Month, Directions: usaRus})
	if err != nil {
		t.Fatal(err)
	}
	if s.By != Month || s.From != "2025-01-01" || s.To != "2025-03-31" || len(s.Directions) != 2 {
		t.Fatalf("series %s %s…%s, %d directions", s.By, s.From, s.To, len(s.Directions))
	}
	ur, ru := s.Directions[0], s.Directions[1]
	if ur.Dyad != (Dyad{"USA", "RUS"}) || ru.Dyad != (Dyad{"RUS", "USA"}) {
		t.Fatalf("directions %v, %v", ur.Dyad, ru.Dyad)
	}
	want := []Point{
		{Period: "2025-01", Start: "2025-01-01", End: "2025-01-31", Stories: 3, Quads: QuadCounts{VerbalCoop: 2, MaterialConflict: 1}, GoldsteinSum: -6.2, GoldsteinMean: -2.0667},
		{Period: "2025-02", Start: "2025-02-01", End: "2025-02-28"},
		{Period: "2025-03", Start: "2025-03-01", End: "2025-03-31", Stories: 1, Quads: QuadCounts{VerbalConflict: 1}, GoldsteinSum: -4, GoldsteinMean: -4},
	}
	checkPoints(t, "USA→RUS", ur.Points, want)
	checkPoints(t, "RUS→USA", ru.Points, []Point{
		{Period: "2025-01", Start: "2025-01-01", End: "2025-01-31", Stories: 1, Quads: QuadCounts{MaterialCoop: 1}, GoldsteinSum: 7.4, GoldsteinMean: 7.4},
		{Period: "2025-02", Start: "2025-02-01", End: "2025-02-28"},
		{Period: "2025-03", Start: "2025-03-01", End: "2025-03-31"},
	})
	if ur.Stories != 4 || ur.GoldsteinSum != -10.2 || ur.GoldsteinMean != -2.55 || ur.Quads != (QuadCounts{2, 0, 1, 1}) {
		t.Errorf("USA→RUS totals: %d stories, %v, sum %v, mean %v", ur.Stories, ur.Quads, ur.GoldsteinSum, ur.GoldsteinMean)
	}
	if ru.Stories != 1 || ru.GoldsteinMean != 7.4 {
		t.Errorf("RUS→USA totals: %d stories, mean %v", ru.Stories, ru.GoldsteinMean)
	}
}

func checkPoints(t *testing.T, name string, got, want []Point) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d points, want %d: %+v", name, len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		g.Score, g.start = nil, time.Time{}
		if g != want[i] {
			t.Errorf("%s point %d:\n got %+v\nwant %+v", name, i, g, want[i])
		}
	}
}

func TestISOWeeks(t *testing.T) {
	for _, c := range []struct{ day, start, key string }{
		{"2024-12-29", "2024-12-23", "2024-W52"}, // a Sunday ends its week
		{"2024-12-30", "2024-12-30", "2025-W01"}, // a Monday in December opens week 1 of the next year
		{"2025-01-05", "2024-12-30", "2025-W01"},
		{"2025-01-06", "2025-01-06", "2025-W02"},
		{"2020-12-31", "2020-12-28", "2020-W53"}, // a 53-week year
		{"2021-01-03", "2020-12-28", "2020-W53"},
		{"2021-01-04", "2021-01-04", "2021-W01"},
		{"2024-02-29", "2024-02-26", "2024-W09"},
	} {
		st := Week.Start(day(c.day))
		if got := st.Format(time.DateOnly); got != c.start {
			t.Errorf("week of %s starts %s, want %s", c.day, got, c.start)
		}
		if got := Week.Key(st); got != c.key {
			t.Errorf("week of %s is %s, want %s", c.day, got, c.key)
		}
		if got := Week.End(st).Format(time.DateOnly); got != day(c.start).AddDate(0, 0, 6).Format(time.DateOnly) {
			t.Errorf("week of %s ends %s", c.day, got)
		}
	}
	// The Sunday and the Monday either side of the year's turn fall into
	// neighbouring weeks, and the week between them is built with zeros.
	s, err := Build([]store.ToneCell{
		cell("2024-12-29", "USA", "RUS", 1, 1, 1),
		cell("2024-12-30", "USA", "RUS", 1, 2, 6),
		cell("2025-01-05", "USA", "RUS", 3, 1, -2),
		cell("2025-01-13", "USA", "RUS", 4, 1, -9.5),
	}, Options{By: Week})
	if err != nil {
		t.Fatal(err)
	}
	checkPoints(t, "by week", s.Directions[0].Points, []Point{
		{Period: "2024-W52", Start: "2024-12-23", End: "2024-12-29", Stories: 1, Quads: QuadCounts{VerbalCoop: 1}, GoldsteinSum: 1, GoldsteinMean: 1},
		{Period: "2025-W01", Start: "2024-12-30", End: "2025-01-05", Stories: 3, Quads: QuadCounts{VerbalCoop: 2, VerbalConflict: 1}, GoldsteinSum: 4, GoldsteinMean: 1.3333},
		{Period: "2025-W02", Start: "2025-01-06", End: "2025-01-12"},
		{Period: "2025-W03", Start: "2025-01-13", End: "2025-01-19", Stories: 1, Quads: QuadCounts{MaterialConflict: 1}, GoldsteinSum: -9.5, GoldsteinMean: -9.5},
	})
}

func TestBuildByDayFillsGaps(t *testing.T) {
	s, err := Build([]store.ToneCell{
		cell("2024-02-28", "USA", "RUS", 2, 1, 5),
		cell("2024-03-01", "USA", "RUS", 2, 1, 5),
	}, Options{By: Day})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range s.Directions[0].Points {
		keys = append(keys, p.Period+"="+string(rune('0'+p.Stories)))
	}
	if got := strings.Join(keys, " "); got != "2024-02-28=1 2024-02-29=0 2024-03-01=1" {
		t.Errorf("days: %s", got)
	}
}

// A range is widened to whole periods, and cells outside it are ignored.
func TestBuildWholePeriods(t *testing.T) {
	cells := []store.ToneCell{
		cell("2025-01-12", "USA", "RUS", 1, 1, 1),   // the Sunday before: outside
		cell("2025-01-13", "USA", "RUS", 1, 1, 2),   // Monday of the first week
		cell("2025-02-16", "USA", "RUS", 1, 1, 3),   // Sunday of the last week
		cell("2025-02-17", "USA", "RUS", 1, 1, 4),   // outside
		cell("2025-01-20", "RUS", "USA", 4, 2, -20), // a direction not asked for
	}
	s, err := Build(cells, Options{By: Week, From: day("2025-01-15"), To: day("2025-02-10"), Directions: []Dyad{{"USA", "RUS"}}})
	if err != nil {
		t.Fatal(err)
	}
	if s.From != "2025-01-13" || s.To != "2025-02-16" || len(s.Directions) != 1 {
		t.Fatalf("range %s…%s, %d directions", s.From, s.To, len(s.Directions))
	}
	d := s.Directions[0]
	if len(d.Points) != 5 || d.Stories != 2 || d.GoldsteinSum != 5 {
		t.Errorf("%d weeks, %d stories, sum %v; want 5, 2, 5", len(d.Points), d.Stories, d.GoldsteinSum)
	}
}

// Without directions, every direction in the cells, sorted.
func TestBuildDirectionsFromCells(t *testing.T) {
	s, err := Build([]store.ToneCell{
		cell("2025-01-01", "USA", "RUS", 1, 1, 1),
		cell("2025-01-01", "RUS", "USA", 1, 1, 1),
		cell("2025-01-02", "RUS", "UKR", 4, 1, -10),
	}, Options{By: Day})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.Directions {
		got = append(got, d.Dyad.String())
	}
	if strings.Join(got, " ") != "RUS→UKR RUS→USA USA→RUS" {
		t.Errorf("directions %v", got)
	}
	// No cells and no range: directions with no periods, not an error.
	s, err = Build(nil, Options{By: Week, Directions: usaRus})
	if err != nil || len(s.Directions) != 2 || s.Directions[0].Points == nil || len(s.Directions[0].Points) != 0 {
		t.Errorf("empty: %+v, %v", s, err)
	}
	// No cells but a range: every period, all zeros.
	s, err = Build(nil, Options{By: Month, From: day("2025-01-20"), To: day("2025-04-02"), Directions: usaRus[:1]})
	if err != nil || len(s.Directions[0].Points) != 4 || s.Directions[0].Stories != 0 {
		t.Errorf("empty with a range: %+v, %v", s, err)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		cells []store.ToneCell
		o     Options
		want  string
	}{
		{[]store.ToneCell{cell("2025-13-01", "USA", "RUS", 1, 1, 1)}, Options{}, `date "2025-13-01"`},
		{[]store.ToneCell{cell("2025-01-01", "USA", "RUS", 5, 1, 1)}, Options{}, "quad 5"},
		{[]store.ToneCell{cell("2025-01-01", "USA", "RUS", 1, -1, 1)}, Options{}, "count -1"},
		{nil, Options{By: "year"}, `period "year"`},
		{nil, Options{From: day("2025-02-01"), To: day("2025-01-01")}, "before the start"},
		{nil, Options{By: Day, From: day("1000-01-01"), To: day("2025-01-01")}, "more than 200000"},
		{nil, Options{Lead: 3}, "needs a From"},
		{nil, Options{Lead: -1, From: day("2025-01-01")}, "lead -1"},
	} {
		_, err := Build(c.cells, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Build(%v, %+v): %v, want an error with %q", c.cells, c.o, err, c.want)
		}
	}
}

// Lead periods are built before From for the window but not shown.
func TestBuildLead(t *testing.T) {
	cells := []store.ToneCell{
		cell("2025-01-02", "USA", "RUS", 1, 3, 9),
		cell("2025-02-02", "USA", "RUS", 1, 3, 9),
		cell("2025-03-02", "USA", "RUS", 4, 3, -27),
	}
	s, err := Build(cells, Options{By: Month, From: day("2025-03-01"), To: day("2025-03-31"), Lead: 3, Directions: usaRus[:1]})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Directions[0]
	if len(d.Points) != 1 || d.Points[0].Period != "2025-03" || d.Stories != 3 || s.From != "2025-03-01" {
		t.Fatalf("points %+v, stories %d, from %s", d.Points, d.Stories, s.From)
	}
	if len(d.lead) != 3 || d.lead[0].Period != "2024-12" || d.lead[1].Stories != 3 || d.lead[2].GoldsteinMean != 3 {
		t.Errorf("lead %+v", d.lead)
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"day": Day, " Week": Week, "MONTH": Month} {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParsePeriod("quarter"); err == nil {
		t.Error("quarter parsed")
	}
}
