package market

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
)

// The three reference studies of shared/data/eventstudy (expected.md):
// each published figure is reproduced to its printed precision.

func readCSV(t *testing.T, rel string) (header []string, rows [][]string) {
	t.Helper()
	data, err := os.ReadFile(shared.Path(t, "eventstudy/"+rel))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}

// expected loads expected.json keeping numbers as their printed text, so
// that each comparison can use the printed precision.
func expected(t *testing.T) map[string]any {
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

func obj(v any, path ...string) any {
	for _, p := range path {
		v = v.(map[string]any)[p]
	}
	return v
}

// decimals is the number of decimal places a printed number shows
// (6.44e-05 shows 7).
func decimals(s string) int {
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	d := 0
	if _, frac, ok := strings.Cut(mant, "."); ok {
		d = len(frac)
	}
	if exp != "" {
		e, _ := strconv.Atoi(exp)
		d -= e
	}
	return d
}

func num(t *testing.T, v any) (float64, int) {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v is not a number", v)
	}
	f, err := n.Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f, decimals(string(n))
}

// near reports whether got rounds to want at d decimals.
func near(got, want float64, d int) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, -float64(d))+1e-12
}

func mustTest(t *testing.T, s Stat, name TestName) TestResult {
	t.Helper()
	tr, ok := s.Test(name)
	if !ok {
		t.Fatalf("window %s has no %s test", s.Window, name)
	}
	if tr.Unavailable != "" {
		t.Fatalf("window %s: %s unavailable: %s", s.Window, name, tr.Unavailable)
	}
	return tr
}

// ---- Anchor 1: estudy2's COVID-19 example --------------------------------

func estudy2Returns(t *testing.T) ([]Returns, Returns) {
	head, rows := readCSV(t, "estudy2/rates.csv")
	secs := make([]Returns, len(head)-1)
	for i := range secs {
		secs[i].Name = head[i+1]
	}
	for _, row := range rows {
		d := date(row[0])
		for i := range secs {
			if row[i+1] == "NA" {
				continue
			}
			v, err := strconv.ParseFloat(row[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			secs[i].Dates = append(secs[i].Dates, d)
			secs[i].Values = append(secs[i].Values, v)
		}
	}
	_, mrows := readCSV(t, "estudy2/rates_indx.csv")
	mkt := Returns{Name: "GSPC"}
	for _, row := range mrows {
		v, _ := strconv.ParseFloat(row[1], 64)
		mkt.Dates = append(mkt.Dates, date(row[0]))
		mkt.Values = append(mkt.Values, v)
	}
	return secs, mkt
}

func estudy2Prices(t *testing.T) ([]Series, Series) {
	read := func(rel string) (head []string, series []Series) {
		head, rows := readCSV(t, rel)
		series = make([]Series, len(head)-1)
		for i := range series {
			series[i].Name = head[i+1]
		}
		for _, row := range rows {
			for i := range series {
				if row[i+1] == "NA" {
					continue
				}
				v, _ := strconv.ParseFloat(row[i+1], 64)
				series[i].Prices = append(series[i].Prices, Price{Date: date(row[0]), Close: v})
			}
		}
		return head, series
	}
	_, secs := read("estudy2/prices.csv")
	_, m := read("estudy2/prices_indx.csv")
	return secs, m[0]
}

var estudy2Spec = Spec{
	Model:      MarketModel,
	Estimation: Window{-240, -1}, // 2019-04-02 … 2020-03-13, the sessions before 16 March
	Window:     Window{0, 4},     // 2020-03-16 … 2020-03-20
	Convention: Estudy2,
	KeepAR:     true,
}

func estudy2Events(secs []string) []Event {
	var ev []Event
	for _, s := range secs {
		ev = append(ev, Event{ID: s, Series: s, Date: date("2020-03-16")})
	}
	return ev
}

var estudy2Columns = map[string]TestName{
	"bw_1980": TestBW1980, "bw_1985": TestBW1985, "t_test": TestT, "patell": TestPatell,
	"boehmer": TestBMP, "lamb": TestLamb, "sign": TestSign, "gsign": TestGSign, "csign": TestCSign,
	"rank": TestRank, "mrank": TestMRank, "wilcoxon": TestWilcoxon,
}

func TestEstudy2FromReturns(t *testing.T) {
	secs, mkt := estudy2Returns(t)
	var names []string
	for _, s := range secs {
		names = append(names, s.Name)
	}
	res, err := StudyReturns(estudy2Spec, ReturnsInput{Securities: secs, Market: &mkt}, estudy2Events(names))
	if err != nil {
		t.Fatal(err)
	}
	checkEstudy2Model(t, res)
	checkEstudy2Tests(t, res)
}

// From the prices the figures are the same: the returns are recomputed.
func TestEstudy2FromPrices(t *testing.T) {
	secs, mkt := estudy2Prices(t)
	var names []string
	for _, s := range secs {
		names = append(names, s.Name)
	}
	res, err := Study(estudy2Spec, Input{Securities: secs, Market: &mkt}, estudy2Events(names))
	if err != nil {
		t.Fatal(err)
	}
	checkEstudy2Model(t, res)
	checkEstudy2Tests(t, res)
}

// checkEstudy2Model compares the fits and abnormal returns with estudy2's
// own stored output.
func checkEstudy2Model(t *testing.T, res *Result) {
	t.Helper()
	_, rows := readCSV(t, "estudy2/securities_returns_coefficients.csv")
	fits := map[string]Fit{}
	for _, e := range res.Events {
		if e.Skipped != "" {
			t.Fatalf("%s skipped: %s", e.Event.Series, e.Skipped)
		}
		fits[e.Event.Series] = e.Fit
		if !e.Fit.From.Equal(date("2019-04-02")) || !e.Fit.To.Equal(date("2020-03-13")) {
			t.Errorf("%s: estimation %s … %s", e.Event.Series, fmtDate(e.Fit.From), fmtDate(e.Fit.To))
		}
	}
	for _, row := range rows {
		f := fits[row[0]]
		alpha, _ := strconv.ParseFloat(row[3], 64)
		beta, _ := strconv.ParseFloat(row[4], 64)
		m, _ := strconv.Atoi(row[7])
		if f.N != m || math.Abs(f.Alpha-alpha) > 1e-14 || math.Abs(f.Beta-beta) > 1e-12 {
			t.Errorf("%s: fit N=%d α=%.17g β=%.17g, estudy2 N=%d α=%.17g β=%.17g", row[0], f.N, f.Alpha, f.Beta, m, alpha, beta)
		}
	}
	_, rows = readCSV(t, "estudy2/securities_returns.csv")
	want := map[string]float64{}
	for _, row := range rows {
		if row[1] >= "2020-03-16" && row[1] <= "2020-03-20" {
			v, _ := strconv.ParseFloat(row[7], 64)
			want[row[0]+" "+row[1]] = v
		}
	}
	days := res.Groups[0].Days
	checked := 0
	for _, e := range res.Events {
		for d, ar := range e.AR {
			key := e.Event.Series + " " + fmtDate(days[d].Date)
			if w, ok := want[key]; !ok || ar.Unavailable != "" || math.Abs(ar.Value-w) > 1e-14 {
				t.Errorf("AR %s = %v, estudy2 %v", key, ar, w)
			}
			checked++
		}
	}
	if checked != 35 {
		t.Errorf("checked %d abnormal returns, want 35", checked)
	}
}

func checkEstudy2Tests(t *testing.T, res *Result) {
	t.Helper()
	exp := obj(expected(t), "estudy2_covid").(map[string]any)
	g := res.Groups[0]
	if g.Events != 7 || len(g.Days) != 5 {
		t.Fatalf("group has %d events and %d days", g.Events, len(g.Days))
	}
	if p := g.PHat.Value; math.Abs(p-0.4966442953) > 5e-11 {
		t.Errorf("p̂ = %.10f, want 0.4966442953", p)
	}
	for _, table := range []string{"parametric", "nonparametric"} {
		tab := exp[table].(map[string]any)
		cols := tab["columns"].([]any)
		// R prints a column with one number of decimals: the most any
		// cell of the column shows.
		dec := make([]int, len(cols))
		for _, day := range g.Days {
			for i, v := range tab[fmtDate(day.Date)].([]any) {
				_, d := num(t, v)
				dec[i] = max(dec[i], d)
			}
		}
		signif := exp[table+"_signif"].(map[string]any)
		for _, day := range g.Days {
			key := fmtDate(day.Date)
			row := tab[key].([]any)
			stars := signif[key].([]any)
			for i, c := range cols {
				want, _ := num(t, row[i])
				col := c.(string)
				if col == "mean" {
					if !near(day.Mean, want, dec[i]) {
						t.Errorf("%s mean AAR = %.10f, estudy2 %v", key, day.Mean, row[i])
					}
					continue
				}
				tr := mustTest(t, day, estudy2Columns[col])
				if !near(tr.Stat, want, dec[i]) {
					t.Errorf("%s %s = %.9f, estudy2 %v", key, col, tr.Stat, row[i])
				}
				// The stars: estudy2 marks 10/5/1 % two-sided, except
				// Wilcoxon (see estudy2Stars).
				for j, sc := range signif["columns"].([]any) {
					if sc.(string) == col {
						if got := estudy2Stars(tr, day.N); got != stars[j].(string) {
							t.Errorf("%s %s: stars %q, estudy2 %q (p=%.4g)", key, col, got, stars[j], tr.P)
						}
					}
				}
			}
		}
	}
}

// estudy2Stars marks significance as estudy2 does: from the two-sided
// p-value, except for Wilcoxon, which estudy2 compares with the upper
// (1−α) quantile of the exact W+ law.
func estudy2Stars(tr TestResult, n int) string {
	stars := ""
	for _, a := range []float64{0.10, 0.05, 0.01} {
		hit := tr.P < a
		if tr.Name == TestWilcoxon {
			hit = signedRankLower(n, tr.Stat) >= 1-a
		}
		if hit {
			stars += "*"
		}
	}
	return stars
}

// ---- Anchor 2: EventStudyTools' S&P 500 additions, as EventStudy.jl tests them

func estReturns(t *testing.T) ([]Returns, Returns) {
	_, rows := readCSV(t, "eventstudytools_sp500/firms.csv")
	byName := map[string]*Returns{}
	var order []string
	for _, row := range rows {
		if row[2] == "" {
			continue
		}
		r := byName[row[0]]
		if r == nil {
			r = &Returns{Name: row[0]}
			byName[row[0]] = r
			order = append(order, row[0])
		}
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		r.Dates = append(r.Dates, date(row[1]))
		r.Values = append(r.Values, v)
	}
	var secs []Returns
	for _, n := range order {
		secs = append(secs, *byName[n])
	}
	_, mrows := readCSV(t, "eventstudytools_sp500/markets.csv")
	mkt := Returns{Name: "M1"}
	for _, row := range mrows {
		if row[2] == "" {
			continue
		}
		v, _ := strconv.ParseFloat(row[2], 64)
		mkt.Dates = append(mkt.Dates, date(row[1]))
		mkt.Values = append(mkt.Values, v)
	}
	return secs, mkt
}

func estEvents(t *testing.T) []Event {
	_, rows := readCSV(t, "eventstudytools_sp500/events.csv")
	var ev []Event
	for _, row := range rows {
		ev = append(ev, Event{ID: row[0], Series: row[1], Date: date(row[3]), Group: row[4]})
	}
	return ev
}

var estSpec = Spec{
	Model:      MarketModel,
	Estimation: Window{-120, -6},
	Window:     Window{-5, 5},
	CARWindows: []Window{{-5, 5}, {0, 1}},
	Convention: EventStudyTools,
}

func TestEventStudyToolsSP500(t *testing.T) {
	secs, mkt := estReturns(t)
	res, err := StudyReturns(estSpec, ReturnsInput{Securities: secs, Market: &mkt}, estEvents(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Events {
		if e.Skipped != "" {
			t.Fatalf("%s skipped: %s", e.Event.ID, e.Skipped)
		}
		if e.Fit.N != 115 {
			t.Errorf("%s: %d estimation returns, want 115", e.Event.ID, e.Fit.N)
		}
	}
	exp := obj(expected(t), "eventstudytools_sp500_eventstudy_jl", "expected").(map[string]any)
	groups := map[string]GroupResult{}
	for _, g := range res.Groups {
		groups[g.Group] = g
	}
	for _, gname := range []string{"G1", "G2"} {
		g := groups[gname]
		wantN, _ := num(t, obj(exp, "N_AAR", gname))
		if g.Events != int(wantN) {
			t.Errorf("%s: %d events, want %v", gname, g.Events, wantN)
		}
		for day, v := range exp["AAR_"+gname].(map[string]any) {
			want, d := num(t, v)
			k, _ := strconv.Atoi(day)
			got := g.Days[k+5].Mean
			if !near(got, want, d) {
				t.Errorf("%s AAR(%s) = %.9f, want %v", gname, day, got, v)
			}
		}
		for i, w := range []string{"-5_5", "0_1"} {
			want, d := num(t, obj(exp, "CAAR", gname+"_"+w))
			if got := g.Windows[i].Mean; !near(got, want, d) {
				t.Errorf("%s CAAR(%s) = %.9f, want %v", gname, w, got, want)
			}
		}
	}
	g1 := groups["G1"]
	checkStat := func(label string, s Stat, name TestName, stat, p any) {
		t.Helper()
		tr := mustTest(t, s, name)
		ws, ds := num(t, stat)
		if !near(tr.Stat, ws, ds) {
			t.Errorf("%s %s = %.8f, want %v", label, name, tr.Stat, stat)
		}
		if p != nil {
			wp, dp := num(t, p)
			if !near(tr.P, wp, dp) {
				t.Errorf("%s %s p = %.9f, want %v", label, name, tr.P, p)
			}
		}
	}
	// Published (EventStudy.jl's tests).
	checkStat("G1(0,1)", g1.Windows[1], TestKPBMP, obj(exp, "KP_adjusted_BMP_G1_0_1", "stat"), obj(exp, "KP_adjusted_BMP_G1_0_1", "p"))
	checkStat("G1(0,1)", g1.Windows[1], TestGRankT, obj(exp, "GRANK_T_G1_0_1", "stat"), obj(exp, "GRANK_T_G1_0_1", "p"))

	// Computed by the helper under the same conventions (not published).
	all := obj(expected(t), "eventstudytools_sp500_eventstudy_jl", "helper_computed_not_published").(map[string]any)
	if want, d := num(t, all["AAR_G1_-5"]); !near(g1.Days[0].Mean, want, d) {
		t.Errorf("G1 AAR(-5) = %.9f, helper %v", g1.Days[0].Mean, want)
	}
	for gname, v := range obj(all, "rho_bar").(map[string]any) {
		want, d := num(t, v)
		if got := groups[gname].RhoBar.Value; !near(got, want, d) {
			t.Errorf("%s ρ̄ = %.8f, helper %v", gname, got, want)
		}
		want, d = num(t, obj(all, "kolari_adj", gname))
		if got := groups[gname].KP.Value; !near(got, want, d) {
			t.Errorf("%s KP factor = %.8f, helper %v", gname, got, want)
		}
	}
	pick := func(key string) (GroupResult, Stat) {
		g := groups[key[:2]]
		if strings.HasSuffix(key, "_0_1") {
			return g, g.Windows[1]
		}
		return g, g.Windows[0]
	}
	for key, v := range all {
		if !strings.HasPrefix(key, "G") {
			continue
		}
		m := v.(map[string]any)
		_, s := pick(key)
		for _, name := range []struct {
			key  string
			test TestName
		}{{"bmp", TestBMP}, {"bmp_kolari", TestKPBMP}, {"grankt", TestGRankT}, {"patell", TestPatell}} {
			if stat, ok := m[name.key]; ok {
				checkStat(key, s, name.test, stat, m[name.key+"_p"])
			}
		}
	}
}

// ---- Anchor 3: xKDR eventstudies' inference fixture -------------------------

func TestXKDRInferenceFixture(t *testing.T) {
	head, rows := readCSV(t, "xkdr_inference_fixture/prices.csv")
	secs := make([]Series, len(head)-1)
	for i := range secs {
		secs[i].Name = head[i+1]
		for _, row := range rows {
			v, _ := strconv.ParseFloat(row[i+1], 64)
			secs[i].Prices = append(secs[i].Prices, Price{Date: date(row[0]), Close: v})
		}
	}
	_, evRows := readCSV(t, "xkdr_inference_fixture/events.csv")
	var events []Event
	for _, row := range evRows {
		events = append(events, Event{ID: row[2], Series: row[0], Date: date(row[1])})
	}
	// xKDR's window −1…+1 with the cumulative sum based at −1: the path
	// over days 0 and +1 of our window {0, +1}.
	spec := Spec{Model: RawReturns, Window: Window{0, 1}, Returns: LogReturns}
	res, err := Study(spec, Input{Securities: secs}, events)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Events {
		if (e.Event.ID == "success") != (e.Skipped == "") {
			t.Errorf("%s %s: skipped %q, want outcome %s", e.Event.Series, fmtDate(e.Event.Date), e.Skipped, e.Event.ID)
		}
		if e.Skipped != "" && !strings.Contains(e.Skipped, e.Event.Series) {
			t.Errorf("reason %q does not name the series", e.Skipped)
		}
	}
	checkXKDRPath(t, res.Groups[0].Path, "expected_classic", func(p PathPoint) float64 { return p.CAAR })

	// xKDR's "wilcox" inference: the median and the signed-rank interval.
	spec.Band = BandWilcoxon
	res, err = Study(spec, Input{Securities: secs}, events)
	if err != nil {
		t.Fatal(err)
	}
	checkXKDRPath(t, res.Groups[0].Path, "expected_wilcox", func(p PathPoint) float64 { return p.Median })
	if l := res.Groups[0].Path[0].Level; l != 0.75 {
		t.Errorf("with 3 events the exact interval reaches level %v, want 0.75 (as R warns)", l)
	}
}

// checkXKDRPath compares days 0 and +1 of the path with xKDR's rows; xKDR's
// row −1 is the zero base of the cumulative sum, which a path starts from.
func checkXKDRPath(t *testing.T, path []PathPoint, key string, centre func(PathPoint) float64) {
	t.Helper()
	exp := obj(expected(t), "xkdr_eventstudies_inference_fixture", key).(map[string]any)
	for i, day := range []string{"0", "1"} {
		want := exp[day].([]any)
		p := path[i]
		for j, got := range []float64{p.Lower, centre(p), p.Upper} {
			w, _ := num(t, want[j])
			if math.Abs(got-w) > 1.5e-8*math.Abs(w) {
				t.Errorf("%s day %s column %d = %.17g, xKDR %v", key, day, j, got, w)
			}
		}
	}
}
