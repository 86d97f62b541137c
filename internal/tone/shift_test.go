package tone

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// weekly gives one USA→RUS cell of n stories with Goldstein sum n×mean on
// the Monday of each consecutive week from 2025-01-06.
func weekly(t *testing.T, periods [][2]float64) []store.ToneCell {
	t.Helper()
	var cells []store.ToneCell
	for i, p := range periods {
		if p[0] == 0 {
			continue
		}
		d := day("2025-01-06").AddDate(0, 0, 7*i).Format("2006-01-02")
		cells = append(cells, cell(d, "USA", "RUS", 1, int(p[0]), p[0]*p[1]))
	}
	return cells
}

func buildWeekly(t *testing.T, periods [][2]float64) *Series {
	t.Helper()
	s, err := Build(weekly(t, periods), Options{By: Week, Directions: usaRus[:1]})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Eight weeks alternating between means 3 and 4 (baseline 3.5, SD
// √(2/7) = 0.53, floored at 1), then a week at −5 and one at 4.5.
func TestShiftDetected(t *testing.T) {
	base := [][2]float64{{3, 3}, {3, 4}, {3, 3}, {3, 4}, {3, 3}, {3, 4}, {3, 3}, {3, 4}}
	s := buildWeekly(t, append(base, [2]float64{4, -5}))
	shifts, err := Shifts(s, Detector{})
	if err != nil {
		t.Fatal(err)
	}
	if len(shifts) != 1 {
		t.Fatalf("%d shifts, want 1: %+v", len(shifts), shifts)
	}
	sh := shifts[0]
	want := Shift{Dyad: Dyad{"USA", "RUS"}, Period: "2025-W10", Start: "2025-03-03", End: "2025-03-09", Metric: MetricMean,
		Score: Score{Value: -5, Baseline: 3.5, SD: 1, Periods: 8, Z: -8.5}, Stories: 4, Change: "down"}
	sh.Drivers = nil
	if got, _ := json.Marshal(sh); string(got) != mustJSON(want) {
		t.Errorf("shift\n got %s\nwant %s", got, mustJSON(want))
	}
	pts := s.Directions[0].Points
	if pts[8].Score == nil || pts[8].Score.Z != -8.5 {
		t.Errorf("the shifted week's score: %+v", pts[8].Score)
	}
	// The first weeks have fewer than 3 earlier weeks: not tested.
	for i := 0; i < 3; i++ {
		if pts[i].Score != nil {
			t.Errorf("week %d tested with a window of %d", i, i)
		}
	}
	if pts[3].Score == nil || pts[3].Score.Periods != 3 {
		t.Errorf("week 3: %+v", pts[3].Score)
	}

	// Without the floor the SD is the window's own.
	shifts, _ = Shifts(s, Detector{MinSD: 0.1})
	if len(shifts) != 1 || shifts[0].SD != 0.5345 || shifts[0].Z != -15.902 {
		t.Errorf("MinSD 0.1: %+v", shifts)
	}
}

func TestShiftNotDetected(t *testing.T) {
	base := [][2]float64{{3, 3}, {3, 4}, {3, 3}, {3, 4}, {3, 3}, {3, 4}, {3, 3}, {3, 4}}
	// 4.5 is one floored SD above the baseline: z = 1 < 2.
	s := buildWeekly(t, append(base, [2]float64{5, 4.5}))
	if shifts, err := Shifts(s, Detector{}); err != nil || len(shifts) != 0 {
		t.Errorf("shifts %+v, %v; want none", shifts, err)
	}
	if z := s.Directions[0].Points[8].Score.Z; z != 1 {
		t.Errorf("z %v, want 1", z)
	}
	// Exactly at the threshold is a shift.
	if shifts, _ := Shifts(s, Detector{Threshold: 1}); len(shifts) != 1 || shifts[0].Change != "up" {
		t.Errorf("threshold 1: %+v", shifts)
	}
	// Two stories at −10 are too few to test.
	s = buildWeekly(t, append(base, [2]float64{2, -10}))
	if shifts, _ := Shifts(s, Detector{}); len(shifts) != 0 || s.Directions[0].Points[8].Score != nil {
		t.Errorf("two stories: %+v", shifts)
	}
	// With a guard of 2 they are.
	if shifts, _ := Shifts(s, Detector{MinStories: 2}); len(shifts) != 1 {
		t.Errorf("two stories, MinStories 2: %+v", shifts)
	}
}

// The mean skips silent weeks in the window; the sum counts them as zeros.
func TestShiftGapsInWindow(t *testing.T) {
	periods := [][2]float64{{3, 2}, {0, 0}, {3, 2}, {0, 0}, {3, 2}, {0, 0}, {3, 2}, {0, 0}, {3, 2}}
	s := buildWeekly(t, periods)
	shifts, err := Shifts(s, Detector{})
	if err != nil {
		t.Fatal(err)
	}
	last := s.Directions[0].Points[8].Score
	if len(shifts) != 0 || last == nil || last.Periods != 4 || last.Baseline != 2 || last.Z != 0 {
		t.Errorf("mean: shifts %+v, last %+v", shifts, last)
	}
	// Sums 6,0,6,0,6,0,6,0: mean 3, SD √(8·9/7) = 3.2071; 6 is z 0.935.
	shifts, _ = Shifts(s, Detector{Metric: MetricSum})
	last = s.Directions[0].Points[8].Score
	if len(shifts) != 0 || last.Periods != 8 || last.Baseline != 3 || last.SD != 3.2071 || last.Z != 0.935 {
		t.Errorf("sum: shifts %+v, last %+v", shifts, last)
	}
	// A burst of 9 stories at the same mean tone is a shift of the sum
	// only: z = (18 − 3) / 3.2071 = 4.677.
	s = buildWeekly(t, append(periods[:8:8], [2]float64{9, 2}))
	if shifts, _ := Shifts(s, Detector{}); len(shifts) != 0 {
		t.Errorf("mean saw a shift in volume: %+v", shifts)
	}
	if shifts, _ := Shifts(s, Detector{Metric: MetricSum}); len(shifts) != 1 || shifts[0].Z != 4.677 || shifts[0].Change != "up" {
		t.Errorf("sum: %+v", shifts)
	}
}

// Lead periods give the first period of the range its window; shifts are
// never reported inside the lead.
func TestShiftLead(t *testing.T) {
	cells := weekly(t, [][2]float64{{3, 3}, {3, 4}, {3, 3}, {3, -6}, {3, 3}})
	s, err := Build(cells, Options{By: Week, From: day("2025-02-03"), To: day("2025-02-09"), Lead: 4, Directions: usaRus[:1]})
	if err != nil {
		t.Fatal(err)
	}
	shifts, _ := Shifts(s, Detector{})
	if p := s.Directions[0].Points; len(p) != 1 || p[0].Score == nil || p[0].Score.Periods != 4 {
		t.Fatalf("points %+v", p)
	}
	if len(shifts) != 0 { // week 4 (mean 3) against 3, 4, 3, −6: z = (3 − 1) / 4.69 = 0.43
		t.Errorf("shifts %+v", shifts)
	}
	s, _ = Build(cells, Options{By: Week, From: day("2025-01-27"), To: day("2025-02-09"), Lead: 3, Directions: usaRus[:1]})
	shifts, _ = Shifts(s, Detector{})
	if len(shifts) != 1 || shifts[0].Period != "2025-W05" {
		t.Errorf("shifts %+v", shifts)
	}
}

// Shifts come by period, then in the series' direction order.
func TestShiftOrder(t *testing.T) {
	var cells []store.ToneCell
	for i := range 6 {
		d := day("2025-01-06").AddDate(0, 0, 7*i).Format("2006-01-02")
		cells = append(cells, cell(d, "USA", "RUS", 1, 3, 9), cell(d, "RUS", "USA", 1, 3, 9))
	}
	cells = append(cells, cell("2025-02-17", "RUS", "USA", 4, 3, -30), cell("2025-02-17", "USA", "RUS", 4, 3, -30),
		cell("2025-02-10", "RUS", "USA", 4, 3, -30))
	s, err := Build(cells, Options{By: Week, Directions: usaRus})
	if err != nil {
		t.Fatal(err)
	}
	shifts, _ := Shifts(s, Detector{})
	var got []string
	for _, sh := range shifts {
		got = append(got, sh.Period+" "+sh.Dyad.String())
	}
	if strings.Join(got, ", ") != "2025-W07 RUS→USA, 2025-W08 USA→RUS, 2025-W08 RUS→USA" {
		t.Errorf("order: %v", got)
	}
}

// The same cells in any order give the same series and shifts, byte for byte.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var cells []store.ToneCell
	for i := range 400 {
		d := day("2024-01-01").AddDate(0, 0, i).Format("2006-01-02")
		for _, dir := range usaRus {
			for q := 1; q <= 4; q++ {
				if rng.IntN(3) == 0 {
					n := 1 + rng.IntN(4)
					cells = append(cells, cell(d, dir.Source, dir.Target, q, n, float64(n)*float64(rng.IntN(201)-100)/10))
				}
			}
		}
	}
	run := func(cells []store.ToneCell) string {
		s, err := Build(cells, Options{By: Week, Directions: usaRus})
		if err != nil {
			t.Fatal(err)
		}
		shifts, err := Shifts(s, Detector{Threshold: 1.5})
		if err != nil {
			t.Fatal(err)
		}
		return mustJSON(map[string]any{"series": s, "shifts": shifts})
	}
	first := run(cells)
	if !strings.Contains(first, `"change":`) {
		t.Fatal("no shift in a year of random weeks at threshold 1.5; the test needs some")
	}
	for range 5 {
		rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		if got := run(cells); got != first {
			t.Fatal("shuffled cells gave another result")
		}
	}
}

func TestDetectorResolved(t *testing.T) {
	d, err := Detector{}.Resolved()
	if err != nil || d != DefaultDetector() {
		t.Errorf("zero detector: %+v, %v", d, err)
	}
	if d, _ := (Detector{Window: 2}).Resolved(); d.MinBaseline != 2 {
		t.Errorf("window 2: min baseline %d", d.MinBaseline)
	}
	for _, c := range []struct {
		d    Detector
		want string
	}{
		{Detector{Metric: "median"}, `metric "median"`},
		{Detector{Window: 1}, "window 1"},
		{Detector{Threshold: -1}, "threshold -1"},
		{Detector{MinStories: -2}, "minimum stories -2"},
		{Detector{Window: 4, MinBaseline: 5}, "minimum baseline 5"},
		{Detector{MinSD: -1}, "minimum SD -1"},
	} {
		if _, err := c.d.Resolved(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.d, err, c.want)
		}
		if _, err := Shifts(&Series{}, c.d); err == nil {
			t.Errorf("Shifts took %+v", c.d)
		}
	}
}

func TestTopDrivers(t *testing.T) {
	st := func(id, date string, g float64, sources int) record.Story {
		return record.Story{ID: id, Date: date, Goldstein: g, Sources: sources}
	}
	stories := []record.Story{
		st("a", "2025-03-04", -10, 1), st("b", "2025-03-03", -10, 1), st("c", "2025-03-05", -10, 3),
		st("d", "2025-03-03", 7.4, 5), st("e", "2025-03-03", -2, 2), st("f", "2025-03-03", 1, 1),
	}
	ids := func(ss []record.Story) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, "")
	}
	if got := ids(TopDrivers(stories, "down", 4)); got != "cbae" {
		t.Errorf("down: %s, want cbae", got)
	}
	if got := ids(TopDrivers(stories, "up", 2)); got != "df" {
		t.Errorf("up: %s, want df", got)
	}
	if got := ids(TopDrivers(stories, "up", 10)); got != "dfecba" {
		t.Errorf("up, all: %s", got)
	}
	if stories[0].ID != "a" {
		t.Error("TopDrivers reordered its input")
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
