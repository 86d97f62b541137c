package tone

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// story builds a stored story of a CAMEO code between two countries, with
// the codebook's quad class and Goldstein value.
func story(t testing.TB, id, date, src, tgt, code, status string, sources int) record.Story {
	c, ok := cameo.Lookup(code)
	if !ok {
		t.Fatalf("CAMEO code %s unknown", code)
	}
	prec := map[int]string{4: "year", 7: "month", 10: "day"}[len(date)]
	return record.Story{ID: id, Date: date, DatePrecision: prec,
		Source: &record.Actor{Code: src, Country: src}, Target: &record.Actor{Code: tgt, Country: tgt},
		CAMEO: code, Root: c.Root, Quad: c.Quad, Goldstein: c.Goldstein, Label: c.Label, Text: "report of " + id,
		Status: status, Sources: sources, Reports: sources, Outlets: []string{"Desk"},
		FirstSeen: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), EventIDs: []string{"ev-" + id}}
}

// toneStories: eight months of three consultations a month from the USA
// to Russia, then a September of a fight, a threat known only to its
// month and a rejection (and a negated fight, which must not count);
// Russia answers with a few statements.
func toneStories(t testing.TB) []record.Story {
	var out []record.Story
	for m := 1; m <= 8; m++ {
		for i, d := range []string{"05", "12", "19"} {
			date := "2025-0" + string(rune('0'+m)) + "-" + d
			out = append(out, story(t, "c"+date+string(rune('a'+i)), date, "USA", "RUS", "042", record.StatusCorroborated, 2))
		}
		out = append(out, story(t, "r"+string(rune('0'+m)), "2025-0"+string(rune('0'+m))+"-20", "RUS", "USA", "010", record.StatusSingle, 1))
	}
	cf := func(code string) float64 { c, _ := cameo.Lookup(code); return c.Goldstein }
	if cf("042") != 1.9 || cf("190") != -10 || cf("112") != -2 {
		t.Fatalf("codebook Goldstein values changed: 042 %v, 190 %v, 112 %v", cf("042"), cf("190"), cf("112"))
	}
	return append(out,
		story(t, "fight", "2025-09-10", "USA", "RUS", "190", record.StatusCorroborated, 3),
		story(t, "threat", "2025-09", "USA", "RUS", "138", record.StatusSingle, 1),
		story(t, "reject", "2025-09-20", "USA", "RUS", "112", record.StatusDisputed, 2),
		story(t, "nofight", "2025-09-12", "USA", "RUS", "190", record.StatusNegated, 1),
	)
}

func TestToneFromSQLite(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	testToneFromStore(t, st)
}

func TestToneFromPostgres(t *testing.T) {
	st, err := postgres.Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	testToneFromStore(t, st)
}

var counted = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged}

func testToneFromStore(t *testing.T, ss store.StoryStore) {
	ctx := context.Background()
	if err := ss.SaveStories(ctx, toneStories(t), nil); err != nil {
		t.Fatal(err)
	}
	all, err := ss.ToneCells(ctx, store.StoryFilter{Source: "USA", Target: "RUS", Both: true})
	if err != nil {
		t.Fatal(err)
	}
	negated, err := ss.ToneCells(ctx, store.StoryFilter{Source: "USA", Target: "RUS", Both: true, Status: record.StatusNegated})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(Subtract(all, negated), Options{By: Month, Directions: usaRus})
	if err != nil {
		t.Fatal(err)
	}
	// One query with the statuses and the period gives the same series,
	// by month and by week, over the whole record or a range cut mid-week.
	for _, c := range []struct {
		by       Period
		from, to string
	}{{Month, "", ""}, {Week, "", ""}, {Week, "2025-03-05", "2025-09-16"}, {Month, "2025-03-05", "2025-09-16"}, {Day, "2025-08-30", "2025-09-14"}} {
		f := store.StoryFilter{Source: "USA", Target: "RUS", Both: true, From: c.from, To: c.to}
		opts := Options{By: c.by, Directions: usaRus}
		if c.from != "" {
			opts.From, opts.To = day(c.from), day(c.to)
		}
		two, err := ss.ToneCells(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		f.Status = record.StatusNegated
		neg, err := ss.ToneCells(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		f.Status = ""
		one, err := Cells(ctx, ss, f, c.by, counted...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Build(Subtract(two, neg), opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Build(one, opts)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := fmt.Sprintf("%+v", got.Directions), fmt.Sprintf("%+v", want.Directions); a != b || len(got.Directions[0].Points) == 0 {
			t.Errorf("by %s %s…%s: one query gives\n%s\nwant\n%s", c.by, c.from, c.to, a, b)
		}
	}
	if _, err := Cells(ctx, ss, store.StoryFilter{}, "fortnight"); err == nil {
		t.Error("Cells by fortnight: no error")
	}
	ur, ru := s.Directions[0], s.Directions[1]
	if len(ur.Points) != 9 || ur.Stories != 27 || ru.Stories != 8 || ru.Quads.VerbalCoop != 8 {
		t.Fatalf("USA→RUS %d periods %d stories; RUS→USA %d stories %+v", len(ur.Points), ur.Stories, ru.Stories, ru.Quads)
	}
	sep := ur.Points[8]
	threat, _ := cameo.Lookup("138")
	wantSum := round(-10+threat.Goldstein-2, 1e6)
	if sep.Period != "2025-09" || sep.Stories != 3 || sep.GoldsteinSum != wantSum || sep.Quads != (QuadCounts{VerbalConflict: 2, MaterialConflict: 1}) {
		t.Errorf("September: %+v, want 3 stories summing %v", sep, wantSum)
	}
	shifts, err := Shifts(s, Detector{})
	if err != nil {
		t.Fatal(err)
	}
	if len(shifts) != 1 || shifts[0].Period != "2025-09" || shifts[0].Dyad != usaRus[0] || shifts[0].Change != "down" ||
		shifts[0].Baseline != 1.9 || shifts[0].SD != 1 || shifts[0].Z != round(wantSum/3-1.9, 1e3) {
		t.Fatalf("shifts %+v", shifts)
	}
	if err := Explain(ctx, ss, shifts, 3, counted...); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range shifts[0].Drivers {
		ids = append(ids, d.ID)
	}
	// The negated fight is left out; the threat known only to September
	// is found though "2025-09" sorts before the month's first day.
	if got := strings.Join(ids, " "); got != "fight threat reject" {
		t.Errorf("drivers %s, want fight threat reject", got)
	}

	// By week the month-precise threat counts on 1 September (a Monday).
	s, err = Build(Subtract(all, negated), Options{By: Week, From: day("2025-09-01"), To: day("2025-09-30"), Directions: usaRus[:1]})
	if err != nil {
		t.Fatal(err)
	}
	var weeks []string
	for _, p := range s.Directions[0].Points {
		weeks = append(weeks, p.Period+":"+string(rune('0'+p.Stories)))
	}
	if got := strings.Join(weeks, " "); got != "2025-W36:1 2025-W37:1 2025-W38:1 2025-W39:0 2025-W40:0" {
		t.Errorf("September by week: %s", got)
	}
	// A week's drivers come from that week only.
	shifts = []Shift{{Dyad: usaRus[0], Period: "2025-W36", Start: "2025-09-01", End: "2025-09-07", Change: "down"}}
	if err := Explain(ctx, ss, shifts, 5); err != nil || len(shifts[0].Drivers) != 1 || shifts[0].Drivers[0].ID != "threat" {
		t.Errorf("week 36 drivers %+v, %v", shifts[0].Drivers, err)
	}
}
