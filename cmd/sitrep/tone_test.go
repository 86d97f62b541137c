package main_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// toneDB stores a known set of stories in a fresh SQLite database: eight
// months of three consultations a month from the USA to Russia and a
// statement back, then a September of a fight, a threat known only to
// its month, a rejection, and a negated fight.
func toneDB(t *testing.T) []string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	toneFill(t, st)
	return []string{"SITREP_DB=" + db}
}

// tonePG stores the same stories in a fresh PostgreSQL schema.
func tonePG(t *testing.T) []string {
	t.Helper()
	dsn := pgtest.Schema(t)
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	toneFill(t, st)
	return []string{"SITREP_DSN=" + dsn}
}

func toneFill(t *testing.T, st store.StoryStore) {
	mk := func(id, date, src, tgt, code, status string, sources int) record.Story {
		c, ok := cameo.Lookup(code)
		if !ok {
			t.Fatalf("CAMEO %s unknown", code)
		}
		return record.Story{ID: id, Date: date, DatePrecision: map[int]string{7: "month", 10: "day"}[len(date)],
			Source: &record.Actor{Code: src, Country: src}, Target: &record.Actor{Code: tgt, Country: tgt},
			CAMEO: code, Root: c.Root, Quad: c.Quad, Goldstein: c.Goldstein, Label: c.Label, Text: "The report of " + id + ".",
			Status: status, Sources: sources, Reports: sources, Outlets: []string{"Desk"},
			FirstSeen: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), EventIDs: []string{"ev-" + id}}
	}
	var stories []record.Story
	for m := 1; m <= 8; m++ {
		month := "2025-0" + string(rune('0'+m))
		for _, d := range []string{"05", "12", "19"} {
			stories = append(stories, mk("c"+month+d, month+"-"+d, "USA", "RUS", "042", record.StatusCorroborated, 2))
		}
		stories = append(stories, mk("r"+month, month+"-20", "RUS", "USA", "010", record.StatusSingle, 1))
	}
	stories = append(stories,
		mk("fight", "2025-09-10", "USA", "RUS", "190", record.StatusCorroborated, 3),
		mk("threat", "2025-09", "USA", "RUS", "138", record.StatusSingle, 1),
		mk("reject", "2025-09-20", "USA", "RUS", "112", record.StatusDisputed, 2),
		mk("nofight", "2025-09-12", "USA", "RUS", "190", record.StatusNegated, 1),
	)
	if err := st.SaveStories(context.Background(), stories, nil); err != nil {
		t.Fatal(err)
	}
}

// PostgreSQL gives the same tone, shifts and stories as SQLite, byte for
// byte, in every output (but for when each store saved the stories).
func TestTonePostgresAsSQLite(t *testing.T) {
	pg, lite := tonePG(t), toneDB(t)
	for _, args := range [][]string{
		{"--both", "--by", "month", "--json"},
		{"--by", "week", "--from", "2025-09-03", "--to", "2025-09", "--min-stories", "1", "--json"},
		{"--both", "--by", "day", "--from", "2025-08-01", "--csv"},
		{"--both", "--by", "month", "--status", "negated,disputed"},
	} {
		args = append([]string{"tone", "--dyad", "USA:RUS"}, args...)
		a, b := mustSitrep(t, lite, args...), mustSitrep(t, pg, args...)
		saved := regexp.MustCompile(`"updated_at":"[^"]*"`)
		if saved.ReplaceAllString(a.stdout, "") != saved.ReplaceAllString(b.stdout, "") {
			t.Errorf("sitrep %s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", strings.Join(args, " "), a.stdout, b.stdout)
		}
	}
}

type toneJSON struct {
	Dyad       string   `json:"dyad"`
	By         string   `json:"by"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Statuses   []string `json:"statuses"`
	Method     struct{ Metric string }
	Directions []struct {
		Source, Target string
		Stories        int
		GoldsteinSum   float64 `json:"goldstein_sum"`
		Points         []struct {
			Period        string
			Start, End    string
			Stories       int
			Quads         map[string]int
			GoldsteinSum  float64 `json:"goldstein_sum"`
			GoldsteinMean float64 `json:"goldstein_mean"`
			Score         *struct{ Z, Baseline float64 }
		}
	}
	Shifts []struct {
		Source, Target, Period, Change string
		Z, Value, Baseline             float64
		Stories                        int
		Drivers                        []record.Story
	}
}

func TestToneJSON(t *testing.T) {
	env := toneDB(t)
	r := mustSitrep(t, env, "tone", "--dyad", "usa:rus", "--both", "--by", "month", "--json")
	var got toneJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if got.Dyad != "USA:RUS" || got.By != "month" || got.From != "2025-01-01" || len(got.Directions) != 2 ||
		strings.Join(got.Statuses, ",") != "corroborated,single-source,disputed,hedged" || got.Method.Metric != "mean" {
		t.Fatalf("report head: %+v", got)
	}
	ur, ru := got.Directions[0], got.Directions[1]
	if ur.Source != "USA" || ru.Source != "RUS" || len(ur.Points) != 9 || len(ru.Points) != 9 {
		t.Fatalf("directions %s→%s (%d), %s→%s (%d)", ur.Source, ur.Target, len(ur.Points), ru.Source, ru.Target, len(ru.Points))
	}
	// The negated fight is not counted; September has nothing from Russia.
	sep := ur.Points[8]
	threat, _ := cameo.Lookup("138")
	if sep.Period != "2025-09" || sep.Stories != 3 || sep.Quads["material_conflict"] != 1 || sep.Quads["verbal_conflict"] != 2 ||
		!toneNear(sep.GoldsteinSum, -12+threat.Goldstein) || ur.Stories != 27 {
		t.Errorf("September USA→RUS %+v, total %d", sep, ur.Stories)
	}
	if ru.Points[8].Stories != 0 || ru.Points[8].GoldsteinMean != 0 || ru.Stories != 8 {
		t.Errorf("September RUS→USA %+v", ru.Points[8])
	}
	if len(got.Shifts) != 1 || got.Shifts[0].Period != "2025-09" || got.Shifts[0].Change != "down" || got.Shifts[0].Source != "USA" {
		t.Fatalf("shifts %+v", got.Shifts)
	}
	var ids []string
	for _, d := range got.Shifts[0].Drivers {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, " ") != "fight threat reject" {
		t.Errorf("drivers %v", ids)
	}
	// Counting the negated fight too.
	r = mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--by", "month", "--status", "corroborated,single-source,disputed,hedged,negated", "--json")
	got = toneJSON{}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Directions[0].Points[8].Stories != 4 || len(got.Directions) != 1 {
		t.Errorf("with negated: %v %s", err, r.stdout)
	}
	// One status alone.
	r = mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--by", "month", "--status", "disputed", "--json")
	got = toneJSON{}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Directions[0].Stories != 1 || got.From != "2025-09-01" {
		t.Errorf("disputed only: %v %s", err, r.stdout)
	}
}

func toneNear(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// --from reaches back a window's worth of periods, so the first period
// shown is tested; those periods are not shown.
func TestToneFromLead(t *testing.T) {
	env := toneDB(t)
	r := mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--by", "week", "--from", "2025-09-03", "--to", "2025-09", "--json")
	var got toneJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	pts := got.Directions[0].Points
	if got.From != "2025-09-01" || got.To != "2025-10-05" || len(pts) != 5 || pts[0].Period != "2025-W36" {
		t.Fatalf("range %s…%s, %d weeks", got.From, got.To, len(pts))
	}
	// Week 36 holds only the month-dated threat: too few to test. The
	// fight's week 37 also has one story.
	for _, p := range pts {
		if p.Score != nil {
			t.Errorf("week %s tested with %d stories", p.Period, p.Stories)
		}
	}
	// With a guard of one story, week 36 (the threat, −7) is tested
	// against the five weeks of consultations (+1.9) among the eight
	// before it: z = −8.9; week 37 (the fight) against those and the
	// threat; week 38's rejection (−2) no longer stands out.
	r = mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--by", "week", "--from", "2025-09-03", "--to", "2025-09", "--min-stories", "1", "--json")
	got = toneJSON{}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	pts = got.Directions[0].Points
	if p := pts[0]; p.Period != "2025-W36" || p.Score == nil || p.Score.Baseline != 1.9 || p.Score.Z != -8.9 {
		t.Errorf("week 36: %+v %+v", p, p.Score)
	}
	if p := pts[1]; p.Period != "2025-W37" || p.Score == nil || p.Score.Baseline != 0.12 {
		t.Errorf("week 37: %+v %+v", p, p.Score)
	}
	var periods []string
	for _, s := range got.Shifts {
		periods = append(periods, s.Period)
	}
	if strings.Join(periods, " ") != "2025-W36 2025-W37" {
		t.Errorf("shifts %v", periods)
	}
}

func TestToneTable(t *testing.T) {
	env := toneDB(t)
	r := mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--both", "--by", "month")
	for _, want := range []string{
		"Tone USA→RUS and RUS→USA by month, 2025-01-01 … 2025-09-30",
		"USA→RUS: 27 stories (24 verbal coop, 0 material coop, 2 verbal conflict, 1 material conflict)",
		"PERIOD  STORIES  V.COOP",
		"Shifts (1)",
		"2025-09  USA→RUS  down: mean",
		"-10.0 Use conventional military force", "(190)  corroborated, 3 source(s)  fight",
		"The report of fight.",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
	// September's row in RUS→USA is zeros, with no mean.
	if !strings.Contains(r.stdout, "2025-09        0       0       0        0        0    0.0       -  -") {
		t.Errorf("no zero row for September RUS→USA:\n%s", r.stdout)
	}
	r = mustSitrep(t, env, "tone", "--dyad", "FRA:DEU")
	if !strings.Contains(r.stdout, "No stories for FRA→DEU.") {
		t.Errorf("an empty dyad: %s", r.stdout)
	}
}

func TestToneCSV(t *testing.T) {
	env := toneDB(t)
	r := mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--both", "--by", "month", "--csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+18 || strings.Join(rows[0], ",") != "source,target,period,start,end,stories,verbal_coop,material_coop,verbal_conflict,material_conflict,goldstein_sum,goldstein_mean,baseline,sd,z,shift" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	sep := rows[9]
	if strings.Join(sep[:6], ",") != "USA,RUS,2025-09,2025-09-01,2025-09-30,3" || sep[15] != "down" || sep[12] != "1.9" || sep[14] == "" {
		t.Errorf("September row %v", sep)
	}
	if rows[1][14] != "" || rows[4][14] == "" {
		t.Errorf("z of January %q (no window yet), of April %q", rows[1][14], rows[4][14])
	}
}

func TestToneChart(t *testing.T) {
	env := toneDB(t)
	dir := t.TempDir()
	svg, pngPath := filepath.Join(dir, "tone.svg"), filepath.Join(dir, "tone.png")
	r := mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--both", "--by", "month", "--chart", svg)
	if !strings.Contains(r.stdout, "Chart written to "+svg) {
		t.Errorf("no word of the chart: %s", r.stdout)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	root, text := "", ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", svg, err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = v.Name.Local
			}
		case xml.CharData:
			text += string(v)
		}
	}
	if root != "svg" || !strings.Contains(text, "2025-09-10 Use conventional military force") || !strings.Contains(text, "Tone: USA→RUS, RUS→USA, by month") {
		t.Errorf("root %q, text %q", root, text)
	}
	mustSitrep(t, env, "tone", "--dyad", "USA:RUS", "--json", "--chart", pngPath)
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() < 500 {
		t.Errorf("PNG: %v", err)
	}
}

func TestToneUsage(t *testing.T) {
	env := toneDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"tone"}, "needs --dyad"},
		{[]string{"tone", "--dyad", "USA"}, `--dyad "USA"`},
		{[]string{"tone", "--dyad", "USA:R1S"}, `--dyad "USA:R1S"`},
		{[]string{"tone", "--dyad", "USA:RUS", "--by", "quarter"}, `period "quarter"`},
		{[]string{"tone", "--dyad", "USA:RUS", "--from", "2025-13-01"}, `--from "2025-13-01"`},
		{[]string{"tone", "--dyad", "USA:RUS", "--from", "2025-03", "--to", "2025-02"}, "is after --to"},
		{[]string{"tone", "--dyad", "USA:RUS", "--window", "1"}, "window 1"},
		{[]string{"tone", "--dyad", "USA:RUS", "--window", "0"}, "--window 0"},
		{[]string{"tone", "--dyad", "USA:RUS", "--threshold", "-2"}, "threshold -2"},
		{[]string{"tone", "--dyad", "USA:RUS", "--metric", "median"}, `metric "median"`},
		{[]string{"tone", "--dyad", "USA:RUS", "--status", "rumoured"}, `--status "rumoured"`},
		{[]string{"tone", "--dyad", "USA:RUS", "--json", "--csv"}, "choose one"},
		{[]string{"tone", "--dyad", "USA:RUS", "--chart", "out.gif"}, ".svg or .png"},
		{[]string{"tone", "--dyad", "USA:RUS", "extra"}, "flags only"},
	} {
		r := sitrep(t, env, "", c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("sitrep %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}
	// A chart that cannot be written is a failure (1), not a usage error.
	r := sitrep(t, env, "", "tone", "--dyad", "USA:RUS", "--chart", filepath.Join(t.TempDir(), "no", "such", "dir", "t.svg"))
	if r.code != 1 || !strings.Contains(r.stderr, "t.svg") {
		t.Errorf("unwritable chart: exit %d %q", r.code, r.stderr)
	}
}

// On real articles: the Reuters 1987 Soviet/NATO subset ingested (its
// events merged into stories as they are stored), the tone between the
// USA and the Soviet Union (the coder's USR) agrees with the timeline of
// the same dyad, month by month and ISO week by ISO week, and a rebuild of
// the stories gives the same tone.
func TestToneReutersAgreesWithTimeline(t *testing.T) {
	corpus := shared.Path(t, "corpora/news/reuters21578_soviet_nato_subset.jsonl")
	env := []string{"SITREP_DB=" + filepath.Join(t.TempDir(), "r.db")}
	mustSitrep(t, env, "ingest", corpus)

	// The timeline's stories, counted as tone counts them: negated ones
	// left out, a story dated to its month or year on its first day.
	r := mustSitrep(t, env, "timeline", "--dyad", "USA:USR", "--both", "--limit", "100000", "--json")
	type key struct{ dir, period string }
	month, week := map[key]int{}, map[key]int{}
	monthSum := map[key]float64{}
	stories := map[string]record.Story{}
	total := 0
	dirs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var s record.Story
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("timeline line %q: %v", line, err)
		}
		if s.Status == record.StatusNegated {
			continue
		}
		d, err := time.Parse(time.DateOnly, store.StoryDay(s.Date))
		if err != nil {
			t.Fatalf("story %s date %q: %v", s.ID, s.Date, err)
		}
		dir := s.Source.Country + "→" + s.Target.Country
		y, w := d.ISOWeek()
		month[key{dir, d.Format("2006-01")}]++
		monthSum[key{dir, d.Format("2006-01")}] += s.Goldstein
		week[key{dir, fmt.Sprintf("%04d-W%02d", y, w)}]++
		stories[s.ID] = s
		dirs[dir]++
		total++
	}
	if total < 30 || dirs["USA→USR"] == 0 || dirs["USR→USA"] == 0 {
		t.Fatalf("the timeline holds %d stories (%v); the corpus has dozens between the USA and the Soviet Union", total, dirs)
	}
	check := func(by string, want map[key]int, sums map[key]float64) string {
		r := mustSitrep(t, env, "tone", "--dyad", "USA:USR", "--both", "--by", by, "--json")
		var got toneJSON
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range got.Directions {
			dir := d.Source + "→" + d.Target
			for _, p := range d.Points {
				k := key{dir, p.Period}
				if p.Stories != want[k] {
					t.Errorf("by %s, %s %s: tone counts %d stories, the timeline %d", by, dir, p.Period, p.Stories, want[k])
				}
				if sums != nil && !toneNear(p.GoldsteinSum, toneRound1(sums[k])) {
					t.Errorf("by %s, %s %s: Goldstein sum %v, the timeline's %v", by, dir, p.Period, p.GoldsteinSum, sums[k])
				}
				n += p.Stories
			}
		}
		if n != total {
			t.Errorf("by %s: tone counts %d stories, the timeline %d", by, n, total)
		}
		return r.stdout
	}
	before := check("month", month, monthSum)
	check("week", week, nil)

	// Shifts on the sparse weekly series (a loose test): each is explained
	// by timeline stories of its own week and direction.
	r = mustSitrep(t, env, "tone", "--dyad", "USA:USR", "--both", "--by", "week", "--window", "6", "--threshold", "1.5", "--min-stories", "2", "--json")
	var got toneJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	for _, sh := range got.Shifts {
		if len(sh.Drivers) == 0 {
			t.Errorf("shift %s %s→%s has no stories", sh.Period, sh.Source, sh.Target)
		}
		for _, d := range sh.Drivers {
			s, ok := stories[d.ID]
			day, _ := time.Parse(time.DateOnly, store.StoryDay(d.Date))
			y, w := day.ISOWeek()
			if !ok || s.Source.Country != sh.Source || s.Target.Country != sh.Target || fmt.Sprintf("%04d-W%02d", y, w) != sh.Period {
				t.Errorf("shift %s %s→%s: story %s (%s) is not of that week and direction in the timeline", sh.Period, sh.Source, sh.Target, d.ID, d.Date)
			}
		}
	}

	// Rebuilding the stories from scratch gives the same tone.
	mustSitrep(t, env, "restory")
	if after := mustSitrep(t, env, "tone", "--dyad", "USA:USR", "--both", "--by", "month", "--json").stdout; after != before {
		t.Errorf("tone changed after restory:\n%s\n%s", before, after)
	}
}

func toneRound1(x float64) float64 { return math.Round(x*10) / 10 }
