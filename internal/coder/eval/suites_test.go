package eval

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// suiteCounts is what each shared suite must read as: records, checked
// records, the tuples and no-event records among them, and the skipped
// records by reason.
type suiteCounts struct {
	rel             string
	format          Format
	cases, checked  int
	tuples, noEvent int
	skipped         map[string]int
	dicts           int // dictionary files found
}

var sharedSuites = []suiteCounts{
	{
		rel: "eventcoding/tabari/Validate.text", format: FormatTABARI,
		// 472 records up to FINAL-01 (466 distinct IDs: six IDs repeat), 8 after.
		cases: 481, checked: 364, tuples: 432, noEvent: 21,
		skipped: map[string]int{"option-record": 23, "option-state": 61, "complex": 20, "unchecked": 3,
			"partial": 1, "no-expectation": 1, "after-final": 8},
		dicts: 4,
	},
	{
		rel: "eventcoding/petrarch1/PETR.UnitTest.records.xml", format: FormatPETRARCH,
		cases: 281, checked: 253, tuples: 314, noEvent: 23,
		skipped: map[string]int{"not-valid": 5, "not-included": 1, "config-state": 17, "skip-marked": 2, "error-test": 3},
		dicts:   4,
	},
	{
		rel: "eventcoding/petrarch2/PETR.UnitTest.records.xml", format: FormatPETRARCH,
		cases: 284, checked: 258, tuples: 319, noEvent: 23,
		skipped: map[string]int{"not-valid": 5, "not-included": 1, "config-state": 17, "error-test": 3},
		dicts:   4,
	},
	{
		rel: "eventcoding/universal-petrarch/PETR2_GSR_validation.xml", format: FormatPETR2GSR,
		cases: 78, checked: 78, tuples: 80, noEvent: 12, skipped: map[string]int{},
		dicts: 7, // three actor files, agents, verbs, discards (petrarch2/), PICO table
	},
	{
		rel: "eventcoding/plover/PLOVER_GSR_CAMEO.txt", format: FormatPLOVER,
		cases: 322, checked: 306, tuples: 347, noEvent: 0, skipped: map[string]int{"monadic": 16},
		dicts: 1, // CAMEO2PLOVER-2021.txt
	},
}

func loadShared(t *testing.T, rel string) *Suite {
	t.Helper()
	s, err := Load(shared.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dictCount(d DictPaths) int {
	n := len(d.Actors) + len(d.Agents) + len(d.Verbs) + len(d.Discards)
	for _, p := range []string{d.Options, d.PICO, d.CAMEO2PLOVER} {
		if p != "" {
			n++
		}
	}
	return n
}

func TestSharedSuitesParse(t *testing.T) {
	for _, want := range sharedSuites {
		t.Run(want.rel, func(t *testing.T) {
			s := loadShared(t, want.rel)
			if s.Format != want.format {
				t.Errorf("format %q, want %q", s.Format, want.format)
			}
			checked, tuples, noEvent := 0, 0, 0
			skipped := map[string]int{}
			for _, c := range s.Cases {
				if c.ID == "" || c.Line < 1 {
					t.Errorf("case without ID or line: %+v", c)
				}
				if !c.Checked() {
					k := SkipKey(c.Skip)
					if _, ok := SkipReasons[k]; !ok {
						t.Errorf("%s: skip reason %q is not documented in SkipReasons", c.ID, k)
					}
					skipped[k]++
					continue
				}
				checked++
				tuples += len(c.Expected)
				if len(c.Expected) == 0 {
					noEvent++
				}
				if c.Text == "" || (c.Date.IsZero() && want.format != FormatPLOVER) {
					t.Errorf("%s (line %d): checked case without text or date", c.ID, c.Line)
				}
				for _, tu := range c.Expected {
					if tu.Source == "" || tu.Target == "" || tu.Code == "" {
						t.Errorf("%s: incomplete tuple %v", c.ID, tu)
					}
				}
			}
			t.Logf("%s: %d records, %d checked (%d tuples, %d expecting no event), skipped %v", s.Name, len(s.Cases), checked, tuples, noEvent, skipped)
			if len(s.Cases) != want.cases || checked != want.checked || tuples != want.tuples || noEvent != want.noEvent {
				t.Errorf("got %d records, %d checked, %d tuples, %d no-event; want %d, %d, %d, %d",
					len(s.Cases), checked, tuples, noEvent, want.cases, want.checked, want.tuples, want.noEvent)
			}
			if !maps.Equal(skipped, want.skipped) {
				t.Errorf("skipped %v, want %v", skipped, want.skipped)
			}
			if n := dictCount(s.Dicts); n != want.dicts || len(s.Dicts.Missing) > 0 {
				t.Errorf("dictionaries %+v: %d found, want %d, none missing", s.Dicts, n, want.dicts)
			}
		})
	}
}

// oracle returns, record after record, the tuples each checked record of s
// expects (Score calls the coder on the checked records in suite order).
func oracle(t *testing.T, s *Suite) func(string, time.Time) []Tuple {
	var checked []*Case
	for i := range s.Cases {
		if s.Cases[i].Checked() {
			checked = append(checked, &s.Cases[i])
		}
	}
	next := 0
	return func(text string, date time.Time) []Tuple {
		if next >= len(checked) {
			t.Fatalf("coder called %d times for %d checked records", next+1, len(checked))
		}
		c := checked[next]
		next++
		if text != c.Text || !date.Equal(c.Date) {
			t.Fatalf("call %d got %q at %v, want record %s", next, text, date, c.ID)
		}
		return slices.Clone(c.Expected)
	}
}

func TestOracleScoresOneOnEverySuite(t *testing.T) {
	for _, want := range sharedSuites {
		t.Run(want.rel, func(t *testing.T) {
			s := loadShared(t, want.rel)
			r := Score(s, oracle(t, s))
			if r.Checked != want.checked || r.Exact != r.Checked || r.ExactRate != 1 || r.NoEventExact != r.NoEvent {
				t.Errorf("exact %d/%d (rate %v, no-event %d/%d)", r.Exact, r.Checked, r.ExactRate, r.NoEventExact, r.NoEvent)
			}
			levels := map[string]*PRF{"code": &r.Code, "root": &r.Root}
			if want.format.RealText() {
				if r.CountryRoot == nil {
					t.Fatal("no country-level figures for a real-sentence suite")
				}
				levels["country_root"] = r.CountryRoot
			} else if r.CountryRoot != nil {
				t.Error("country-level figures for a suite of invented actors")
			}
			for name, p := range levels {
				if p.Precision != 1 || p.Recall != 1 || p.F1 != 1 || p.Expected != want.tuples {
					t.Errorf("%s: %+v, want 1 everywhere over %d tuples", name, *p, want.tuples)
				}
			}
			skipped := 0
			for _, n := range r.Skipped {
				skipped += n
			}
			if r.Cases != want.cases || skipped != want.cases-want.checked || len(r.Results) != want.checked {
				t.Errorf("cases %d, skipped %d, results %d", r.Cases, skipped, len(r.Results))
			}
		})
	}
}

func TestEmptyCoderOnSharedSuites(t *testing.T) {
	for _, want := range sharedSuites {
		t.Run(want.rel, func(t *testing.T) {
			s := loadShared(t, want.rel)
			r := Score(s, func(string, time.Time) []Tuple { return nil })
			if r.Exact != want.noEvent || r.NoEventExact != want.noEvent || r.Code.Recall != 0 || r.Code.Predicted != 0 {
				t.Errorf("exact %d (no-event %d), recall %v, coded %d; want exact = %d no-event records, recall 0",
					r.Exact, r.NoEventExact, r.Code.Recall, r.Code.Predicted, want.noEvent)
			}
		})
	}
}

// TestTABARIRecords pins records whose reading took a decision.
func TestTABARIRecords(t *testing.T) {
	s := loadShared(t, "eventcoding/tabari/Validate.text")
	byID := map[string]*Case{}
	for i := range s.Cases {
		if _, dup := byID[s.Cases[i].ID]; !dup {
			byID[s.Cases[i].ID] = &s.Cases[i]
		}
	}
	for _, tc := range []struct {
		id, skip, date string
		expected       []Tuple
		text           string // a part of the text
	}{
		{id: "DEMO-01", date: "1995-01-01", expected: []Tuple{{"ARN", "GON", "064"}}, text: "Arnor is about to restore full diplomatic ties with Gondor almost five years"},
		{id: "DEMO-04", date: "1995-01-03", expected: []Tuple{{"DAG", "GON", "032"}, {"GON", "DAG", "033"}}},
		{id: "DEMO-05", skip: "unchecked"},
		{id: "COMPOUND-07", skip: "partial"},
		{id: "COMPLEX-01", skip: "complex"},
		{id: "CLAUSE-01", expected: nil}, // "No events {---}"
		{id: "DISCARD-1", expected: nil}, // {###}: discarded, so nothing coded
		{id: "DISCARD-06", date: "1991-01-01", expected: []Tuple{{"ARN", "GON", "064"}}},
		{id: "TIME-Modify", skip: "option-record"},
		{id: "CONV-01", skip: "option-state: SET CONVERT AGENT"},
		{id: "DEFAULT-01", skip: "option-state: COMPLEX, DEFAULT"},
		{id: "MINWRD-02", skip: "option-state: SET MINIMUM WORDS"},
		{id: "MINWRD-01", expected: nil}, // four words: under TABARI's default minimum of eight
		{id: "YYYY-02", date: "1914-07-24", expected: []Tuple{{"FOR", "GON", "064"}, {"FOR", "BRE", "064"}}},
		{id: "YYYY-check", date: "1995-01-01", expected: []Tuple{{"ARN", "GON", "064"}}},
		// The second event sits after the comment's close; TABARI checks it.
		{id: "950101 AGENTS-11", expected: []Tuple{{"USAGOV", "GON", "064"}, {"USAGOV", "ARN", "064"}},
			text: "White House security officials are about to restore full diplomatic ties with Gondor and Arnor."},
		// Text continues after the comment.
		{id: "DEBUG-08b", skip: "complex", text: "opened by peacekeepers. A choice of celebratory"},
		{id: "FINAL-01", skip: "no-expectation"},
		{id: "MISC-01", skip: "after-final"},
	} {
		c := byID[tc.id]
		if c == nil {
			t.Errorf("%s: not read", tc.id)
			continue
		}
		if c.Skip != tc.skip {
			t.Errorf("%s: skip %q, want %q", tc.id, c.Skip, tc.skip)
		}
		if tc.skip == "" && !slices.Equal(c.Expected, tc.expected) {
			t.Errorf("%s: expected %v, want %v", tc.id, c.Expected, tc.expected)
		}
		if tc.date != "" && c.Date.Format(time.DateOnly) != tc.date {
			t.Errorf("%s: date %s, want %s", tc.id, c.Date.Format(time.DateOnly), tc.date)
		}
		if !strings.Contains(c.Text, tc.text) || strings.Contains(c.Text, "/*") || strings.Contains(c.Text, `\n`) {
			t.Errorf("%s: text %q, want it to hold %q and no comment", tc.id, c.Text, tc.text)
		}
	}
}

func TestPETRARCHRecords(t *testing.T) {
	s := loadShared(t, "eventcoding/petrarch1/PETR.UnitTest.records.xml")
	byID := map[string]*Case{}
	for i := range s.Cases {
		byID[s.Cases[i].ID] = &s.Cases[i]
	}
	for _, tc := range []struct {
		id, skip string
		expected []Tuple
	}{
		{"DEMO-06", "", []Tuple{{"CALGOV", "OSGMILARM", "122"}, {"CALGOV", "ITH", "050"}}},
		{"DEMO-04", "not-valid", nil},
		{"DEMO-22", "config-state: new_actor_length", nil},
		{"AGENT-05", "skip-marked", nil},
		{"COMPOUND-36", "not-included: COMPOUNDx", nil},
		{"COMPOUND-34", "", []Tuple{{"###", "MOR", "023"}}}, // the suite's own codes, kept as written
		{"PATTERN-06", "", nil},                             // no <EventCoding>: expects nothing
		{"ERROR-01", "error-test: dateline", nil},
		{"DISCARD-01", "", nil}, // storydiscard: nothing coded
		{"FINAL-RECORD", "", nil},
	} {
		c := byID[tc.id]
		if c == nil {
			t.Errorf("%s: not read", tc.id)
			continue
		}
		if c.Skip != tc.skip || (tc.skip == "" && !slices.Equal(c.Expected, tc.expected)) {
			t.Errorf("%s: skip %q expected %v; want %q %v", tc.id, c.Skip, c.Expected, tc.skip, tc.expected)
		}
		if strings.ContainsAny(c.Text, "<>\n") || c.Text == "" {
			t.Errorf("%s: text %q", tc.id, c.Text)
		}
	}
}

func TestGSRRecords(t *testing.T) {
	s := loadShared(t, "eventcoding/universal-petrarch/PETR2_GSR_validation.xml")
	c := s.Cases[1]
	if c.ID != "AFP0808020675_1" || c.Category != "AFP" || c.Date.Format(time.DateOnly) != "2008-08-06" ||
		!slices.Equal(c.Expected, []Tuple{{"BRA", "USA", "031"}, {"USA", "BRA", "031"}}) ||
		!strings.HasPrefix(c.Text, "Brazil and the United States are seeking to deepen a partnership in energy, especially") {
		t.Errorf("second record read as %+v", c)
	}
	for _, c := range s.Cases {
		if strings.Contains(c.Text, "\t") || strings.Contains(c.Text, "nsubj") {
			t.Errorf("%s: the parse leaked into the text: %q", c.ID, c.Text)
		}
	}
}

func TestPLOVERRecords(t *testing.T) {
	s := loadShared(t, "eventcoding/plover/PLOVER_GSR_CAMEO.txt")
	byID := map[string]*Case{}
	for i := range s.Cases {
		byID[s.Cases[i].ID] = &s.Cases[i]
	}
	for _, tc := range []struct {
		id, skip string
		expected []Tuple
	}{
		// Joint event written as two sources and no target: both directions.
		{"PLOVER-GSR01-AGREE-0001", "", []Tuple{{"HUNGOV", "ROUGOV", "AGREE"}, {"ROUGOV", "HUNGOV", "AGREE"}}},
		// One source, five targets.
		{"PLOVER-GSR01-AGREE-0028", "", []Tuple{{"USALEG", "IRN", "AGREE"}, {"USALEG", "LBY", "AGREE"}, {"USALEG", "PRK", "AGREE"}, {"USALEG", "SDN", "AGREE"}, {"USALEG", "CUB", "AGREE"}}},
		// Sector "***" means none.
		{"PLOVER-GSR01-RETREAT-0010", "", []Tuple{{"SLE", "BGD", "RETREAT"}}},
		{"PLOVER-GSR01-RETREAT-0021", "monadic", nil},
		{"PLOVER-GSR01-ASSAULT-0009", "monadic", nil},
	} {
		c := byID[tc.id]
		if c == nil {
			t.Errorf("%s: not read", tc.id)
			continue
		}
		if c.Skip != tc.skip || !slices.Equal(c.Expected, tc.expected) {
			t.Errorf("%s: skip %q expected %v; want %q %v", tc.id, c.Skip, c.Expected, tc.skip, tc.expected)
		}
	}
	if len(s.PLOVER) < 250 || s.PLOVER["08"] != "CONCEDE" || s.PLOVER["163"] != "COERCE" {
		t.Errorf("CAMEO2PLOVER table: %d codes, 08 → %q, 163 → %q", len(s.PLOVER), s.PLOVER["08"], s.PLOVER["163"])
	}
}

func TestPLOVERCategory(t *testing.T) {
	s := loadShared(t, "eventcoding/plover/PLOVER_GSR_CAMEO.txt")
	for code, want := range map[string]string{
		"042": "CONSULT", "0874": "RETREAT", "081": "CONCEDE", "08": "CONCEDE",
		"1712": "ASSAULT", "163": "COERCE", "190": "ASSAULT", "1999": "ASSAULT",
		"021": "REQUEST", "010": "", "": "",
		"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "agree": "AGREE",
	} {
		if got := PLOVERCategory(s.PLOVER, code); got != want {
			t.Errorf("PLOVERCategory(%q) = %q, want %q", code, got, want)
		}
	}
}
