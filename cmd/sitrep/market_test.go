package main_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// marketDB gives a test its own database, as an environment for sitrep.
func marketDB(t *testing.T) (db string, env []string) {
	db = filepath.Join(t.TempDir(), "s.db")
	return db, []string{"SITREP_DB=" + db}
}

func mustSitrep(t *testing.T, env []string, args ...string) result {
	t.Helper()
	r := sitrep(t, env, "", args...)
	if r.code != 0 {
		t.Fatalf("sitrep %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	noNaN(t, r)
	return r
}

// noNaN fails when a figure printed as NaN or an infinity. An error may
// quote a file's "NaN" cell back to the user.
func noNaN(t *testing.T, r result) {
	t.Helper()
	for _, s := range []string{r.stdout, strings.NewReplacer(`"NaN"`, "", "NaN or infinite", "").Replace(r.stderr)} {
		for _, bad := range []string{"NaN", "+Inf", "-Inf"} {
			if strings.Contains(s, bad) {
				t.Errorf("output shows %s:\n%s", bad, s)
			}
		}
	}
}

func importShared(t *testing.T, env []string, name, rel string, flags ...string) {
	t.Helper()
	mustSitrep(t, env, append([]string{"market", "import", shared.Path(t, rel), "--name", name}, flags...)...)
}

func studyJSON(t *testing.T, env []string, args ...string) market.Result {
	t.Helper()
	r := mustSitrep(t, env, append([]string{"study", "--json"}, args...)...)
	var res market.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("study --json: %v\n%s", err, r.stdout)
	}
	return res
}

func dayStat(t *testing.T, g market.GroupResult, day int) market.Stat {
	t.Helper()
	for _, s := range g.Days {
		if s.Window.From == day {
			return s
		}
	}
	t.Fatalf("no day %+d in the result", day)
	return market.Stat{}
}

func mustTestResult(t *testing.T, s market.Stat, name market.TestName) market.TestResult {
	t.Helper()
	tr, ok := s.Test(name)
	if !ok || tr.Unavailable != "" {
		t.Fatalf("window %s: test %s missing or unavailable (%s)", s.Window, name, tr.Unavailable)
	}
	return tr
}

// Every layout of shared/data/markets is recognised without --format, the
// list shows what was stored, and importing again replaces the series.
func TestMarketImportList(t *testing.T) {
	_, env := marketDB(t)
	for _, c := range []struct{ name, file, format, column, first, last string }{
		{"IMOEX", "markets/IMOEX_daily.csv", "yahoo", "close", "1997-09-22", "2026-06-09"},
		{"IMOEX_ISS", "markets/IMOEX_moex_iss_raw.csv", "moex", "CLOSE", "1997-09-22", "2026-06-09"},
		{"MCFTR", "markets/MCFTR_daily.csv", "yahoo", "close", "2003-02-26", "2026-06-15"},
		{"GOLD", "markets/gold_rub_moex_GLDRUB_TOM_2013_2026.csv", "yahoo", "close", "2013-10-21", "2026-07-03"},
		{"USDRUB", "markets/usd_rub_yahoo_RUBX_2019_2026.csv", "yahoo", "Close_USD_RUB", "2019-06-30", "2026-07-02"},
		{"BRENT", "markets/brent_daily_eia.csv", "eia", "Price", "1987-05-20", "2026-08-18"},
		{"USDRUB_CBR", "markets/usd_rub_cbr_official_1992_2023.csv", "csv", "usd_rub_cbr_official", "1992-07-01", "2023-11-30"},
	} {
		r := mustSitrep(t, env, "market", "import", "--json", shared.Path(t, c.file), "--name", c.name)
		var got map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("%s: %v %q", c.name, err, r.stdout)
		}
		if got["format"] != c.format || got["column"] != c.column || got["first"] != c.first || got["last"] != c.last {
			t.Errorf("%s: imported as %v", c.name, got)
		}
	}
	r := mustSitrep(t, env, "market", "list", "--json")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	counts := map[string]float64{}
	for _, l := range lines {
		var s map[string]any
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatal(err)
		}
		counts[s["name"].(string)] = s["prices"].(float64)
	}
	// Row counts of the files less their header (PROVENANCE.md: IMOEX
	// 7,185 rows, MCFTR 5,831); the ISS export holds the same days.
	for name, want := range map[string]float64{"IMOEX": 7185, "IMOEX_ISS": 7185, "MCFTR": 5831, "BRENT": 9958, "USDRUB": 1823} {
		if counts[name] != want {
			t.Errorf("%s: %v prices, want %v", name, counts[name], want)
		}
	}
	if len(lines) != 7 {
		t.Errorf("list shows %d series, want 7", len(lines))
	}
	r = mustSitrep(t, env, "market", "list")
	if !strings.Contains(r.stdout, "NAME") || !strings.Contains(r.stdout, "IMOEX_ISS") || !strings.Contains(r.stdout, "moex") {
		t.Errorf("market list:\n%s", r.stdout)
	}

	// The same index from the MOEX ISS export and from the converted file.
	a := studyJSON(t, env, "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean")
	b := studyJSON(t, env, "--series", "IMOEX_ISS", "--event", "2025-02-12", "--model", "mean")
	if a.Events[0].CARs[0] != b.Events[0].CARs[0] {
		t.Errorf("IMOEX CAR %v from the CSV, %v from the ISS export", a.Events[0].CARs[0], b.Events[0].CARs[0])
	}

	// Re-import replaces the series whole.
	short := filepath.Join(t.TempDir(), "short.csv")
	os.WriteFile(short, []byte("date,close\n2025-02-12,3025.63\n2025-02-13,3206.97\n"), 0o644)
	r = mustSitrep(t, env, "market", "import", short, "--name", "IMOEX")
	if !strings.Contains(r.stdout, "replaced the earlier import of IMOEX (7185 prices)") {
		t.Errorf("re-import says %q", r.stdout)
	}
	r = mustSitrep(t, env, "market", "list", "--json")
	if !strings.Contains(r.stdout, `{"name":"IMOEX","prices":2,"first":"2025-02-12","last":"2025-02-13","format":"csv","column":"close","file":"`+short) {
		t.Errorf("after re-import:\n%s", r.stdout)
	}
	mustSitrep(t, env, "market", "remove", "IMOEX")
	if r := sitrep(t, env, "", "market", "remove", "IMOEX"); r.code != 1 || !strings.Contains(r.stderr, "no price series named IMOEX") {
		t.Errorf("remove twice: exit %d %q", r.code, r.stderr)
	}
}

// The Trump–Putin call of 12 February 2025 (evening, Moscow time): the
// MOEX index closed 5.99% up on the 13th (3025.63 → 3206.97), the rouble
// strengthened (Yahoo RUB=X 96.47 → 94.00 → 89.50 on the 12th to 14th).
func TestStudyTrumpPutinCall(t *testing.T) {
	_, env := marketDB(t)
	importShared(t, env, "IMOEX", "markets/IMOEX_daily.csv")
	importShared(t, env, "USDRUB", "markets/usd_rub_yahoo_RUBX_2019_2026.csv")

	res := studyJSON(t, env, "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean",
		"--estimation", "-120:-6", "--window", "-1:+1", "--car", "0:+1")
	if res.Spec.Returns != market.LogReturns || res.Spec.Convention != market.Textbook {
		t.Errorf("defaults: returns %s, convention %s", res.Spec.Returns, res.Spec.Convention)
	}
	e := res.Events[0]
	if e.Skipped != "" || market.Day(e.Day0) != calDay(t, "2025-02-12") {
		t.Fatalf("event: %+v", e)
	}
	d1 := dayStat(t, res.Groups[0], 1)
	if market.Day(d1.Date) != calDay(t, "2025-02-13") {
		t.Errorf("day +1 is %v", d1.Date)
	}
	// ln(3206.97/3025.63) = 5.82%, less a small mean daily return.
	if d1.Mean < 0.05 || d1.Mean > 0.06 {
		t.Errorf("day +1 abnormal log return %.4f, want about +0.057", d1.Mean)
	}
	for _, name := range []market.TestName{market.TestBW1980, market.TestPatell} {
		if tr := mustTestResult(t, d1, name); tr.Stat < 2.58 || tr.P >= 0.01 {
			t.Errorf("day +1 %s = %.3f (p %.4f): want significant at 1%%", name, tr.Stat, tr.P)
		}
	}

	// The readable report says which returns and convention it used and
	// marks day +1 significant.
	r := mustSitrep(t, env, "study", "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean")
	for _, want := range []string{"log returns", "textbook (the default", "2025-02-13  1  +5.76", "Patell", "***", "CAAR -1:+1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}

	// In simple returns the day is the published +6%.
	res = studyJSON(t, env, "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean", "--returns", "simple")
	if d1 := dayStat(t, res.Groups[0], 1); d1.Mean < 0.055 || d1.Mean > 0.06 {
		t.Errorf("day +1 abnormal simple return %.4f, want about +0.059", d1.Mean)
	}
	// After the close: day 0 is the 13th.
	res = studyJSON(t, env, "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean", "--after-close")
	if d0 := dayStat(t, res.Groups[0], 0); market.Day(d0.Date) != calDay(t, "2025-02-13") || d0.Mean < 0.05 {
		t.Errorf("--after-close day 0: %s, AAR %.4f", d0.Date, d0.Mean)
	}
	// The rouble: USD/RUB fell over the two sessions after the call.
	res = studyJSON(t, env, "--series", "IMOEX,USDRUB", "--event", "2025-02-12", "--model", "mean", "--window", "-1:+2", "--car", "+1:+2", "--by-series")
	rub, ok := res.Group("USDRUB")
	if !ok || rub.Windows[0].N != 1 || rub.Windows[0].Mean > -0.05 {
		t.Errorf("USDRUB CAR +1:+2 = %+v, want below -5%%", rub.Windows)
	}
}

// estudy2's COVID-19 example through the command line: the prices imported
// as series, the published statistics reproduced (expected.md, anchor 1).
func TestStudyReproducesEstudy2(t *testing.T) {
	_, env := marketDB(t)
	firms := []string{"AMZN", "ZM", "UBER", "NFLX", "SHOP", "FB", "UPWK"}
	for _, f := range firms {
		importShared(t, env, f, "eventstudy/estudy2/prices.csv", "--column", f)
	}
	importShared(t, env, "GSPC", "eventstudy/estudy2/prices_indx.csv")
	args := []string{"study", "--series", strings.Join(firms, ","), "--market", "GSPC", "--event", "2020-03-16",
		"--model", "market", "--estimation", "-240:-1", "--window", "0:+4", "--convention", "estudy2"}

	// Full precision from --csv, compared at the digits estudy2 printed.
	r := mustSitrep(t, env, append(args, "--csv")...)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{} // "date test" → stat; "date mean" → AAR
	cars := map[string]string{}
	for _, row := range rows[1:] {
		switch row[0] {
		case "day":
			got[row[6]+" "+row[9]] = row[10]
			got[row[6]+" mean"] = row[8]
		case "car":
			cars[row[2]] = row[8]
		}
	}
	columns := map[string]string{"mean": "mean", "bw_1980": "bw1980", "bw_1985": "bw1985", "t_test": "t", "patell": "patell",
		"boehmer": "bmp", "lamb": "lamb", "sign": "sign", "gsign": "gsign", "csign": "csign", "rank": "rank",
		"mrank": "mrank", "wilcoxon": "wilcoxon"}
	exp := expectedJSON(t)["estudy2_covid"].(map[string]any)
	checked := 0
	for _, table := range []string{"parametric", "nonparametric"} {
		tab := exp[table].(map[string]any)
		cols := tab["columns"].([]any)
		for key, v := range tab {
			if key == "columns" {
				continue
			}
			for i, w := range v.([]any) {
				col := cols[i].(string)
				g, ok := got[key+" "+columns[col]]
				if !ok {
					t.Errorf("%s %s: not in the CSV", key, col)
					continue
				}
				if !sameAtPrinted(g, w.(json.Number)) {
					t.Errorf("%s %s = %s, estudy2 printed %s", key, col, g, w)
				}
				checked++
			}
		}
	}
	if checked != 5*13 {
		t.Errorf("checked %d figures, want 65", checked)
	}
	// CAR over the five days, from estudy2's stored abnormal returns.
	for firm, want := range map[string]string{"AMZN": "0.1732926502", "UBER": "0.1390019842", "UPWK": "-0.0154857809"} {
		if !sameAtPrinted(cars[firm], json.Number(want)) {
			t.Errorf("CAR %s = %s, want %s", firm, cars[firm], want)
		}
	}

	// The readable report shows the same figures, to four decimals, with
	// estudy2's stars for the parametric tests.
	r = mustSitrep(t, env, args...)
	for _, want := range []string{
		"estudy2 (as R estudy2",
		"BW 1980          2.4864**    -3.3703***   -1.7267*      8.1881***    6.2334***",
		"Patell           2.5507**    -2.9496***    0.3284       8.4216***    6.3196***",
		"BMP              1.2047      -1.1753       0.0761       2.1666*      8.6521***",
		"mod. rank        0.8499      -0.2284       0.9865       2.1665**     2.9787***",
		"2020-03-20  7  +5.841%  +11.067%",
		"share of positive estimation ARs (p̂)         0.4966",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func expectedJSON(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(shared.Path(t, "eventstudy/expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var out map[string]any
	if err := d.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAtPrinted says whether got rounds to want at the decimals want shows.
func sameAtPrinted(got string, want json.Number) bool {
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := want.Float64()
	if err1 != nil || err2 != nil {
		return false
	}
	dec := 0
	if _, frac, ok := strings.Cut(string(want), "."); ok {
		dec = len(frac)
	}
	return math.Abs(g-w) <= 0.5*math.Pow(10, -float64(dec))+1e-12
}

func calDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Bad input gets a sentence naming the series and the date (or the file
// and the line), exit code 1, and never a NaN; bad flags exit 2.
func TestStudyBadInput(t *testing.T) {
	dir := t.TempDir()
	_, env := marketDB(t)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	var flat, walk strings.Builder
	flat.WriteString("date,close\n")
	walk.WriteString("date,close\n")
	level := 100.0
	for i := range 200 {
		d := calDayAfter("2024-01-01", i)
		flat.WriteString(d + ",250\n")
		level *= 1 + 0.01*math.Sin(float64(i*i))
		walk.WriteString(d + "," + strconv.FormatFloat(level, 'f', 4, 64) + "\n")
	}
	mustSitrep(t, env, "market", "import", write("flat.csv", flat.String()), "--name", "FLAT")
	mustSitrep(t, env, "market", "import", write("walk.csv", walk.String()), "--name", "WALK")
	mustSitrep(t, env, "market", "import", write("neg.csv", "date,close\n2024-01-01,10\n2024-01-02,-3\n2024-01-03,11\n"), "--name", "NEG", "--allow-nonpositive")

	for _, c := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"market", "import", write("empty.csv", "date,close\n"), "--name", "E"}, 1, []string{"empty.csv", "series E", "no prices"}},
		{[]string{"market", "import", write("one.csv", "date,close\n2024-01-01,10\n"), "--name", "ONE"}, 1, []string{"one.csv", "only 2024-01-01"}},
		{[]string{"market", "import", write("nan.csv", "date,close\n2024-01-01,10\n2024-01-02,NaN\n"), "--name", "N"}, 1, []string{"nan.csv", "line 3", "NaN"}},
		{[]string{"market", "import", write("neg2.csv", "date,close\n2024-01-01,10\n2024-01-02,-3\n"), "--name", "N"}, 1, []string{"neg2.csv", "line 3", "zero or negative"}},
		{[]string{"market", "import", write("dup.csv", "date,close\n2024-01-01,10\n2024-01-01,11\n"), "--name", "N"}, 1, []string{"dup.csv", "line 3", "duplicate date"}},
		{[]string{"market", "import", write("bad.csv", "date,close\n2024-01-01,10\n2024-01-02,ten\n"), "--name", "N"}, 1, []string{"bad.csv", "line 3", `"ten"`}},
		{[]string{"market", "import", filepath.Join(dir, "missing.csv"), "--name", "N"}, 1, []string{"missing.csv"}},
		{[]string{"study", "--series", "FLAT", "--event", "2024-06-03"}, 1, []string{"series FLAT", "zero variance", "2024-06-03"}},
		{[]string{"study", "--series", "NEG", "--event", "2024-01-02", "--estimation", "none", "--model", "raw"}, 1, []string{"series NEG", "2024-01-02", "zero or negative"}},
		{[]string{"study", "--series", "WALK", "--event", "2030-01-01"}, 1, []string{"event 2030-01-01", "after the last return of series WALK (2024-07-18)"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-01-10"}, 1, []string{"series WALK", "2024-01-10", "estimation window -120:-6"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--estimation", "-20:0"}, 1, []string{"estimation window -20:+0 overlaps event window -1:+1"}},
		{[]string{"study", "--series", "NOSUCH", "--event", "2024-06-03"}, 1, []string{"no price series named NOSUCH"}},
		{[]string{"study", "--event", "2024-06-03"}, 2, []string{"--series"}},
		{[]string{"study", "--series", "WALK"}, 2, []string{"--event DATE or --events-from"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--events-from", "actor=RUS"}, 2, []string{"one of the two"}},
		{[]string{"study", "--series", "WALK", "--event", "3 June"}, 2, []string{"YYYY-MM-DD"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--window", "2:1"}, 2, []string{"ends before it starts"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--model", "market"}, 2, []string{"needs --market"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--model", "capm"}, 2, []string{"--model"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--json", "--csv"}, 2, []string{"choose one"}},
		{[]string{"study", "--series", "WALK", "--event", "2024-06-03", "--chart", "out.gif"}, 2, []string{".svg or .png"}},
		{[]string{"study", "--series", "WALK", "--events-from", "country=RUS"}, 2, []string{"unknown key"}},
		{[]string{"market", "import", "x.csv"}, 2, []string{"--name"}},
	} {
		r := sitrep(t, env, "", c.args...)
		noNaN(t, r)
		if r.code != c.code {
			t.Errorf("sitrep %s: exit %d, want %d\n%s", strings.Join(c.args, " "), r.code, c.code, r.stderr)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("sitrep %s: stderr %q lacks %q", strings.Join(c.args, " "), r.stderr, w)
			}
		}
	}

	// One bad event among good ones is reported and skipped; the study runs.
	r := mustSitrep(t, env, "study", "--series", "WALK,FLAT", "--event", "2024-06-03", "--model", "mean")
	for _, want := range []string{"1 used, 1 skipped", "#2 FLAT 2024-06-03: series FLAT has zero variance"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func calDayAfter(start string, n int) string {
	d, _ := time.Parse(time.DateOnly, start)
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// --chart writes a well-formed SVG and a PNG that decodes.
func TestStudyChart(t *testing.T) {
	_, env := marketDB(t)
	importShared(t, env, "IMOEX", "markets/IMOEX_daily.csv")
	dir := t.TempDir()
	svg, pngPath := filepath.Join(dir, "car.svg"), filepath.Join(dir, "car.png")
	args := []string{"study", "--series", "IMOEX", "--event", "2025-02-12,2025-08-15,2025-11-21", "--model", "mean", "--window", "-2:+3"}
	r := mustSitrep(t, env, append(args, "--chart", svg)...)
	if !strings.Contains(r.stdout, "written to "+svg) {
		t.Errorf("no word of the chart: %s", r.stdout)
	}
	f, err := os.Open(svg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", svg, err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	mustSitrep(t, env, append(args, "--json", "--chart", pngPath)...)
	pf, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatalf("%s: %v", pngPath, err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 100 {
		t.Errorf("PNG is %v", b)
	}
}

// --events-from studies the days of events sitrep stored.
func TestStudyEventsFrom(t *testing.T) {
	db, env := marketDB(t)
	importShared(t, env, "IMOEX", "markets/IMOEX_daily.csv")
	usa := &record.Actor{Code: "USAGOV", Country: "USA", Name: "Donald Trump"}
	rus := &record.Actor{Code: "RUSGOV", Country: "RUS", Name: "Vladimir Putin"}
	ukr := &record.Actor{Code: "UKRGOV", Country: "UKR", Name: "Volodymyr Zelensky"}
	ev := func(id, day, prec string, src, tgt *record.Actor, cameo string) record.Event {
		return record.Event{ID: id, Date: day, DatePrecision: prec, Source: src, Target: tgt, CAMEO: cameo, Root: cameo[:2],
			Quad: 1, Goldstein: 1.9, Text: id + ": " + src.Name + " and " + tgt.Name}
	}
	negated := ev("e5", "2025-03-18", "day", usa, rus, "042")
	negated.Negated = true
	events := []record.Event{
		ev("e1", "2025-02-12", "day", usa, rus, "042"), // the call, reported twice
		ev("e2", "2025-02-12", "day", usa, rus, "040"),
		ev("e3", "2025-02-12", "day", rus, usa, "042"),
		ev("e4", "2025-08-15", "day", usa, rus, "043"), // the Alaska summit
		negated,
		ev("e6", "2025-05", "month", usa, rus, "042"),
		ev("e7", "2025-02-28", "day", usa, ukr, "042"),
		ev("e8", "2025-10-22", "day", usa, rus, "163"), // sanctions: not a consultation
		ev("e9", "2024-11-06", "day", usa, rus, "042"), // before the range
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.PutEvents(context.Background(), events); err != nil || n != len(events) {
		t.Fatalf("PutEvents: %d, %v", n, err)
	}
	st.Close()

	days := func(res market.Result) string {
		var out []string
		for _, e := range res.Events {
			out = append(out, e.Event.Date.Format("2006-01-02")+"="+e.Event.ID)
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct{ query, want string }{
		{"dyad=USA:RUS root=04 from=2025-01-01 to=2025-12-31", "2025-02-12=e1,e2 2025-08-15=e4"},
		{"actor=USA actor=RUS code=042 from=2025", "2025-02-12=e1,e3"},
		{"actor=rus root=04 to=2025-02", "2024-11-06=e9 2025-02-12=e1,e2,e3"},
		{"actor=UKR", "2025-02-28=e7"},
		{"source=USA code=16", "2025-10-22=e8"},
	} {
		res := studyJSON(t, env, "--series", "IMOEX", "--events-from", c.query, "--model", "mean")
		if got := days(res); got != c.want {
			t.Errorf("%q: events %s, want %s", c.query, got, c.want)
		}
	}
	r := mustSitrep(t, env, "study", "--series", "IMOEX", "--events-from", "dyad=USA:RUS root=04 from=2025-01-01 to=2025-12-31", "--model", "mean")
	for _, want := range []string{
		"Event dates from 3 stored events matching",
		"left out: 1 negated or conditional, 1 dated less precisely than to the day",
		"2025-02-12  2 event(s)  USAGOV→RUSGOV 042",
		"2 dates × 1 series = 2 events; 2 used",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	r = sitrep(t, env, "", "study", "--series", "IMOEX", "--events-from", "dyad=RUS:UKR")
	if r.code != 1 || !strings.Contains(r.stderr, `no stored event matches "dyad=RUS:UKR"`) {
		t.Errorf("no match: exit %d %q", r.code, r.stderr)
	}
}

// The market commands work the same on PostgreSQL.
func TestMarketPostgres(t *testing.T) {
	env := []string{"SITREP_DSN=" + pgtest.Schema(t)}
	importShared(t, env, "IMOEX", "markets/IMOEX_daily.csv")
	importShared(t, env, "IMOEX", "markets/IMOEX_moex_iss_raw.csv") // replaces
	r := mustSitrep(t, env, "market", "list", "--json")
	if !strings.Contains(r.stdout, `"name":"IMOEX","prices":7185,"first":"1997-09-22","last":"2026-06-09","format":"moex"`) {
		t.Errorf("list on postgres: %s", r.stdout)
	}
	res := studyJSON(t, env, "--series", "IMOEX", "--event", "2025-02-12", "--model", "mean")
	if d1 := dayStat(t, res.Groups[0], 1); d1.Mean < 0.05 {
		t.Errorf("day +1 on postgres: %.4f", d1.Mean)
	}
}
