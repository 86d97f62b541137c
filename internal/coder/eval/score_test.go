package eval

import (
	"slices"
	"testing"
	"time"
)

var day = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// handSuite has a one-event record, a symmetric pair, a no-event record, a
// visit/receive pair and a skipped record.
func handSuite(f Format) *Suite {
	return &Suite{Name: "hand", Format: f, Cases: []Case{
		{ID: "one", Text: "a", Date: day, Expected: []Tuple{{"ARN", "GON", "064"}}},
		{ID: "pair", Text: "b", Date: day, Expected: []Tuple{{"GON", "OSG", "223"}, {"OSG", "GON", "223"}}},
		{ID: "none", Text: "c", Date: day},
		{ID: "visit", Text: "d", Date: day, Expected: []Tuple{{"DAG", "GON", "032"}, {"GON", "DAG", "033"}}},
		{ID: "skipped", Text: "e", Date: day, Expected: []Tuple{{"X", "Y", "010"}}, Skip: "complex"},
	}}
}

// byText codes each record by its text, through f.
func byText(s *Suite, f func(Tuple) Tuple) func(string, time.Time) []Tuple {
	m := map[string][]Tuple{}
	for _, c := range s.Cases {
		for _, t := range c.Expected {
			m[c.Text] = append(m[c.Text], f(t))
		}
	}
	return func(text string, _ time.Time) []Tuple { return m[text] }
}

func checkPRF(t *testing.T, name string, p PRF, matched, expected, predicted int) {
	t.Helper()
	if p.Matched != matched || p.Expected != expected || p.Predicted != predicted {
		t.Errorf("%s: matched/expected/predicted %d/%d/%d, want %d/%d/%d", name, p.Matched, p.Expected, p.Predicted, matched, expected, predicted)
	}
}

func TestPerfectCoder(t *testing.T) {
	s := handSuite(FormatTABARI)
	called := 0
	perfect := byText(s, func(t Tuple) Tuple { return t })
	r := Score(s, func(text string, d time.Time) []Tuple { called++; return perfect(text, d) })
	if called != 4 {
		t.Errorf("coder called %d times, want 4 (the skipped record is not coded)", called)
	}
	if r.Cases != 5 || r.Checked != 4 || r.Skipped["complex"] != 1 || r.Exact != 4 || r.ExactRate != 1 || r.NoEvent != 1 || r.NoEventExact != 1 {
		t.Errorf("report %+v", r)
	}
	for _, p := range []PRF{r.Code, r.Root} {
		checkPRF(t, "perfect", p, 5, 5, 5)
		if p.Precision != 1 || p.Recall != 1 || p.F1 != 1 {
			t.Errorf("perfect: %+v", p)
		}
	}
	if r.CountryRoot != nil {
		t.Error("country level on a suite of invented actors")
	}
}

func TestEmptyCoder(t *testing.T) {
	r := Score(handSuite(FormatTABARI), func(string, time.Time) []Tuple { return nil })
	if r.Exact != 1 || r.ExactRate != 0.25 || r.NoEventExact != 1 {
		t.Errorf("exact %d (rate %v, no-event %d), want only the no-event record", r.Exact, r.ExactRate, r.NoEventExact)
	}
	checkPRF(t, "code", r.Code, 0, 5, 0)
	if r.Code.Precision != 0 || r.Code.Recall != 0 || r.Code.F1 != 0 {
		t.Errorf("empty coder: %+v", r.Code)
	}
}

func TestSwappedActors(t *testing.T) {
	s := handSuite(FormatTABARI)
	r := Score(s, byText(s, func(t Tuple) Tuple { t.Source, t.Target = t.Target, t.Source; return t }))
	// "pair" is symmetric and "none" codes nothing: only they stay exact.
	if r.Exact != 2 {
		t.Errorf("exact %d, want 2", r.Exact)
	}
	// As many tuples coded as expected, at every level. At the full code
	// only the symmetric pair matches; at the root the visit (032) and
	// its reception (033) share root 03, so swapped they match each other.
	checkPRF(t, "code", r.Code, 2, 5, 5)
	checkPRF(t, "root", r.Root, 4, 5, 5)
	var visit CaseResult
	for _, c := range r.Results {
		if c.ID == "visit" {
			visit = c
		}
	}
	if visit.Exact || !slices.Equal(visit.Missing, s.Cases[3].Expected) ||
		!slices.Equal(visit.Extra, []Tuple{{"GON", "DAG", "032"}, {"DAG", "GON", "033"}}) {
		t.Errorf("visit result %+v", visit)
	}
}

func TestSameRootOtherCode(t *testing.T) {
	s := handSuite(FormatTABARI)
	r := Score(s, byText(s, func(t Tuple) Tuple { t.Code = t.Code[:2] + "9"; return t }))
	if r.Exact != 1 {
		t.Errorf("exact %d, want 1 (the no-event record)", r.Exact)
	}
	checkPRF(t, "code", r.Code, 0, 5, 5)
	checkPRF(t, "root", r.Root, 5, 5, 5)
}

func TestMultisetMatching(t *testing.T) {
	a, b := Tuple{"ARN", "GON", "064"}, Tuple{"ARN", "GON", "111"}
	s := &Suite{Format: FormatPETRARCH, Cases: []Case{
		{ID: "twice", Text: "1", Expected: []Tuple{a, a}},
		{ID: "extra", Text: "2", Expected: []Tuple{a}},
		{ID: "order", Text: "3", Expected: []Tuple{a, b}},
	}}
	coded := map[string][]Tuple{"1": {a}, "2": {b, a}, "3": {b, a}}
	r := Score(s, func(text string, _ time.Time) []Tuple { return coded[text] })
	if r.Exact != 1 || !r.Results[2].Exact {
		t.Errorf("exact %d; only the record coded in another order is exact", r.Exact)
	}
	if !slices.Equal(r.Results[0].Missing, []Tuple{a}) || r.Results[0].Extra != nil {
		t.Errorf("twice: missing %v extra %v", r.Results[0].Missing, r.Results[0].Extra)
	}
	if r.Results[1].Missing != nil || !slices.Equal(r.Results[1].Extra, []Tuple{b}) {
		t.Errorf("extra: missing %v extra %v", r.Results[1].Missing, r.Results[1].Extra)
	}
	checkPRF(t, "code", r.Code, 4, 5, 5)
	if r.Code.Precision != 0.8 || r.Code.Recall != 0.8 {
		t.Errorf("code %+v", r.Code)
	}
	// Root: {a,a} against {a}; a against {b,a} (same root? 06 vs 11: no);
	// {a,b} against {b,a}.
	checkPRF(t, "root", r.Root, 4, 5, 5)
}

func TestCountryLevelOnRealSentences(t *testing.T) {
	s := &Suite{Format: FormatPETR2GSR, Cases: []Case{
		{ID: "1", Text: "1", Expected: []Tuple{{"USAGOV", "RUSMIL", "042"}}},
		{ID: "2", Text: "2", Expected: []Tuple{{"IGOUNO", "SYR", "1123"}}},
	}}
	coded := map[string][]Tuple{"1": {{"USA", "RUS", "043"}}, "2": {{"IGOEUREEC", "SYRGOV", "112"}}}
	r := Score(s, func(text string, _ time.Time) []Tuple { return coded[text] })
	checkPRF(t, "code", r.Code, 0, 2, 2)
	checkPRF(t, "root", r.Root, 0, 2, 2)
	if r.CountryRoot == nil {
		t.Fatal("no country level")
	}
	checkPRF(t, "country_root", *r.CountryRoot, 2, 2, 2)
}

func TestPLOVERScoring(t *testing.T) {
	table := map[string]string{"03": "AGREE", "036": "AGREE", "19": "ASSAULT", "190": "ASSAULT", "11": "ACCUSE"}
	s := &Suite{Format: FormatPLOVER, PLOVER: table, Cases: []Case{
		{ID: "agree", Text: "1", Expected: []Tuple{{"HUNGOV", "ROUGOV", "AGREE"}, {"ROUGOV", "HUNGOV", "AGREE"}}},
		{ID: "fight", Text: "2", Expected: []Tuple{{"SRBMIL", "MNECVLalb", "FIGHT"}}},
		{ID: "monadic", Text: "3", Skip: "monadic"},
	}}
	coded := map[string][]Tuple{
		"1": {{"HUNGOV", "ROUGOV", "036"}, {"ROUGOV", "HUNGOV", "AGREE"}, {"HUN", "ROU", "010"}}, // 010: no PLOVER category, left out
		"2": {{"SRBMIL", "MNE", "190"}},
	}
	r := Score(s, func(text string, _ time.Time) []Tuple { return coded[text] })
	if r.Checked != 2 || r.Exact != 1 || r.Skipped["monadic"] != 1 {
		t.Errorf("checked %d exact %d skipped %v", r.Checked, r.Exact, r.Skipped)
	}
	checkPRF(t, "code", r.Code, 2, 3, 3)
	checkPRF(t, "root", r.Root, 2, 3, 3)
	checkPRF(t, "country", *r.CountryRoot, 3, 3, 3)
	if got := r.Results[0].Got; len(got) != 3 {
		t.Errorf("results keep what was coded, as coded: %v", got)
	}
	if m := r.Results[1].Missing; !slices.Equal(m, []Tuple{{"SRBMIL", "MNECVLalb", "FIGHT"}}) {
		t.Errorf("missing is reported as the suite writes it: %v", m)
	}
}
