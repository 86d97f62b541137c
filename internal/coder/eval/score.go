package eval

import (
	"time"
)

// Report is how a coder did on a suite.
//
// Tuples are compared per record, as multisets: at each level every tuple
// is reduced to a key (below), and a record's matched count is, summed
// over the distinct keys, the smaller of how often the key is expected and
// how often it was coded. So two expected copies of an event need two
// coded copies, order never matters, and nothing is matched across
// records. Matched, Expected and Predicted are summed over the checked
// records (micro-averaged); precision is Matched/Predicted, recall
// Matched/Expected, each 0 when its denominator is 0, and F1 their
// harmonic mean (0 when both are 0).
//
// The levels:
//   - Code: (source, target, code) exactly as written: actor codes and the
//     full event code (TABARI's 075A, CAMEO's 0874).
//   - Root: (source, target, root), the root being the code's first two
//     digits (a code without two leading digits is its own root).
//   - CountryRoot, for suites of real sentences only: (source country,
//     target country, root), a country being the first three letters of the
//     actor code: the ISO 3166 code of a state's actors (RUSGOV → RUS), the
//     class of the others (IGOUNO → IGO, NGO…, IMG…).
//
// On a PLOVER suite the code is the PLOVER category (see PLOVERCategory),
// for the expected tuples and for the coded ones alike, and it has no root:
// Code and Root are both (source, target, category), CountryRoot is
// (source country, target country, category). Coded tuples whose CAMEO
// code has no PLOVER category (root 01) are left out.
//
// A record is exact when its coded tuples equal its expected tuples as
// multisets at the Code level; a record that expects no event is exact
// when nothing is coded.
type Report struct {
	Suite     string         `json:"suite"`
	Format    Format         `json:"format"`
	Cases     int            `json:"cases"`
	Checked   int            `json:"checked"`
	Skipped   map[string]int `json:"skipped"` // by reason key (SkipReasons)
	NoEvent   int            `json:"no_event"`
	Exact     int            `json:"exact"`
	ExactRate float64        `json:"exact_rate"` // Exact / Checked
	// NoEventExact counts the exact records among the NoEvent ones.
	NoEventExact int          `json:"no_event_exact"`
	Code         PRF          `json:"code"`
	Root         PRF          `json:"root"`
	CountryRoot  *PRF         `json:"country_root,omitempty"`
	Results      []CaseResult `json:"results,omitempty"` // every checked record, in suite order
}

// PRF are tuple counts and the figures made from them at one level.
type PRF struct {
	Matched   int     `json:"matched"`
	Expected  int     `json:"expected"`
	Predicted int     `json:"predicted"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// CaseResult is one checked record: what it expected, what was coded, and
// at the Code level what was missed and what was extra.
type CaseResult struct {
	ID       string  `json:"id"`
	Line     int     `json:"line"`
	Text     string  `json:"text"`
	Exact    bool    `json:"exact"`
	Expected []Tuple `json:"expected"`
	Got      []Tuple `json:"got"`
	Missing  []Tuple `json:"missing,omitempty"`
	Extra    []Tuple `json:"extra,omitempty"`
}

// Score runs code on every checked record of s, one after another in suite
// order, and compares what it returns with what the record expects; see
// Report for how. Skipped records are counted by reason and not coded.
func Score(s *Suite, code func(text string, date time.Time) []Tuple) Report {
	rep := Report{Suite: s.Name, Format: s.Format, Cases: len(s.Cases), Skipped: map[string]int{}}
	byCountry := s.Format.RealText()
	if byCountry {
		rep.CountryRoot = &PRF{}
	}
	norm := func(t Tuple) Tuple { return t }
	root := rootCode
	if s.Format == FormatPLOVER {
		norm = func(t Tuple) Tuple {
			t.Code = PLOVERCategory(s.PLOVER, t.Code)
			return t
		}
		root = func(c string) string { return c }
	}
	for i := range s.Cases {
		c := &s.Cases[i]
		if !c.Checked() {
			rep.Skipped[SkipKey(c.Skip)]++
			continue
		}
		rep.Checked++
		got := code(c.Text, c.Date)
		exp := make([]Tuple, len(c.Expected))
		for j, t := range c.Expected {
			exp[j] = norm(t)
		}
		pred := make([]Tuple, 0, len(got))
		predRaw := make([]Tuple, 0, len(got))
		for _, t := range got {
			n := norm(t)
			if s.Format == FormatPLOVER && n.Code == "" {
				continue // no PLOVER category: outside what the suite can judge
			}
			pred = append(pred, n)
			predRaw = append(predRaw, t)
		}
		full := func(t Tuple) Tuple { return t }
		missing, extra := unmatched(c.Expected, exp, predRaw, pred)
		res := CaseResult{ID: c.ID, Line: c.Line, Text: c.Text, Expected: orEmpty(c.Expected), Got: orEmpty(got), Missing: missing, Extra: extra}
		res.Exact = len(missing) == 0 && len(extra) == 0
		if res.Exact {
			rep.Exact++
		}
		if len(c.Expected) == 0 {
			rep.NoEvent++
			if res.Exact {
				rep.NoEventExact++
			}
		}
		rep.Code.add(exp, pred, full)
		rep.Root.add(exp, pred, func(t Tuple) Tuple { t.Code = root(t.Code); return t })
		if byCountry {
			rep.CountryRoot.add(exp, pred, func(t Tuple) Tuple {
				return Tuple{Source: country(t.Source), Target: country(t.Target), Code: root(t.Code)}
			})
		}
		rep.Results = append(rep.Results, res)
	}
	if rep.Checked > 0 {
		rep.ExactRate = float64(rep.Exact) / float64(rep.Checked)
	}
	rep.Code.finish()
	rep.Root.finish()
	if byCountry {
		rep.CountryRoot.finish()
	}
	return rep
}

// add counts one record's tuples at the level key defines.
func (p *PRF) add(exp, pred []Tuple, key func(Tuple) Tuple) {
	p.Expected += len(exp)
	p.Predicted += len(pred)
	p.Matched += matched(exp, pred, key)
}

func (p *PRF) finish() {
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.Predicted > 0 {
		p.Precision = float64(p.Matched) / float64(p.Predicted)
	}
	if p.Expected > 0 {
		p.Recall = float64(p.Matched) / float64(p.Expected)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// matched is the size of the multiset intersection of exp and pred under
// key.
func matched(exp, pred []Tuple, key func(Tuple) Tuple) int {
	want := make(map[Tuple]int, len(exp))
	for _, t := range exp {
		want[key(t)]++
	}
	n := 0
	for _, t := range pred {
		k := key(t)
		if want[k] > 0 {
			want[k]--
			n++
		}
	}
	return n
}

// unmatched compares exp and pred (normalised tuples) exactly and returns,
// as written in expRaw and predRaw (parallel to them), the expected tuples
// no coded tuple matched and the coded tuples that matched nothing.
func unmatched(expRaw, exp, predRaw, pred []Tuple) (missing, extra []Tuple) {
	left := make(map[Tuple]int, len(pred))
	for _, t := range pred {
		left[t]++
	}
	for i, t := range exp {
		if left[t] > 0 {
			left[t]--
			continue
		}
		missing = append(missing, expRaw[i])
	}
	for i, t := range pred {
		if left[t] > 0 {
			left[t]--
			extra = append(extra, predRaw[i])
		}
	}
	return missing, extra
}

// rootCode is the first two digits of a code, or the code itself when it
// does not start with two digits ("---").
func rootCode(c string) string {
	if len(c) >= 2 && c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9' {
		return c[:2]
	}
	return c
}

// country is the first three characters of an actor code.
func country(a string) string {
	if len(a) <= 3 {
		return a
	}
	return a[:3]
}

// orEmpty keeps JSON output a list where there is nothing to list.
func orEmpty(ts []Tuple) []Tuple {
	if ts == nil {
		return []Tuple{}
	}
	return ts
}
