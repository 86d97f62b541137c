package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// PLOVER_GSR_CAMEO.txt is a JSON array: one DOCUMENT object describing the
// file, then one object a sentence (real news, the CAMEO 1.1b3 manual's
// examples) with "source" and "target" lists of {actorText, code, sector}
// and a PLOVER "event" category. It carries no CAMEO codes; scoring goes
// through CAMEO2PLOVER-2021.txt, which sits beside it.
//
// Reading it as CAMEO tuples takes three decisions, all here:
//   - an actor is its code (ISO 3166 alpha-3, or IGO, NGO, IMG) followed by
//     its sector as written (ISRMIL, SRBCVLalb); the sector "***" means
//     none is given and is dropped;
//   - several sources and several targets give one tuple for each pair;
//   - a record with two or more sources and no target list (the GSR's way
//     of writing a joint event, marked SRC/TAR in its markup: "Jordan and
//     Britain agreed …") gives one tuple for each ordered pair of distinct
//     sources, as CAMEO codes a joint event both ways. A record with one
//     actor only is skipped as "monadic".

// ploverRecord is the part of a GSR object eval uses.
type ploverRecord struct {
	ID     string          `json:"id"`
	Date   string          `json:"date"`
	Event  string          `json:"event"`
	Text   string          `json:"text"`
	Source json.RawMessage `json:"source"`
	Target json.RawMessage `json:"target"`
}

type ploverActor struct {
	Code   string `json:"code"`
	Sector string `json:"sector"`
}

// ploverTable is the CAMEO-to-PLOVER table PLOVER suites are scored through.
const ploverTable = "CAMEO2PLOVER-2021.txt"

// loadPLOVER reads the GSR and the CAMEO2PLOVER table beside it (or in a
// sibling folder).
func loadPLOVER(path string, data []byte) (*Suite, error) {
	cases, err := parsePLOVER(path, data)
	if err != nil {
		return nil, err
	}
	s := &Suite{Cases: cases}
	dir := filepath.Dir(path)
	table, ok := findDict(dir, ploverTable)
	if !ok {
		return nil, fmt.Errorf("%s: %s not found beside it or in a sibling folder; PLOVER suites are scored through it", path, ploverTable)
	}
	b, err := os.ReadFile(table)
	if err != nil {
		return nil, err
	}
	if s.PLOVER, err = ParseCAMEO2PLOVER(table, b); err != nil {
		return nil, err
	}
	s.Dicts.CAMEO2PLOVER = table
	return s, nil
}

// parsePLOVER reads the GSR's records into cases.
func parsePLOVER(file string, data []byte) ([]Case, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, errorf(file, lineAt(data, dec.InputOffset()), "not JSON: %v", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errorf(file, 1, "want a JSON array of records")
	}
	var cases []Case
	for dec.More() {
		off := dec.InputOffset()
		var rec ploverRecord
		if err := dec.Decode(&rec); err != nil {
			return nil, errorf(file, lineAt(data, dec.InputOffset()), "record: %v", err)
		}
		for off < int64(len(data)) && (data[off] == ',' || isSpace(data[off])) {
			off++
		}
		line := lineAt(data, off)
		if rec.Event == "DOCUMENT" {
			continue // the file's own documentation, not a sentence
		}
		c, err := ploverCase(file, line, rec)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	if _, err := dec.Token(); err != nil {
		return nil, errorf(file, lineAt(data, dec.InputOffset()), "array not closed: %v", err)
	}
	return cases, nil
}

// ploverCase turns one GSR record into a Case.
func ploverCase(file string, line int, rec ploverRecord) (Case, error) {
	c := Case{ID: rec.ID, Line: line, Category: rec.Event, Text: collapse(rec.Text)}
	if c.ID == "" {
		return c, errorf(file, line, "record without an id")
	}
	if PLOVERCategory(nil, rec.Event) == "" || allDigits(rec.Event) {
		return c, errorf(file, line, "record %s: event %q is not a PLOVER category", c.ID, rec.Event)
	}
	if rec.Date != "" {
		t, err := time.Parse("2006-01-02", rec.Date)
		if err != nil {
			return c, errorf(file, line, "record %s: date %q is not YYYY-MM-DD", c.ID, rec.Date)
		}
		c.Date = t
	}
	src, err := ploverActors(rec.Source)
	if err != nil {
		return c, errorf(file, line, "record %s: source: %v", c.ID, err)
	}
	tgt, err := ploverActors(rec.Target)
	if err != nil {
		return c, errorf(file, line, "record %s: target: %v", c.ID, err)
	}
	switch {
	case len(src) > 0 && len(tgt) > 0:
		for _, s := range src {
			for _, t := range tgt {
				c.Expected = append(c.Expected, Tuple{Source: s, Target: t, Code: rec.Event})
			}
		}
	case len(src) >= 2:
		for i, s := range src {
			for j, t := range src {
				if i != j {
					c.Expected = append(c.Expected, Tuple{Source: s, Target: t, Code: rec.Event})
				}
			}
		}
	default:
		c.Skip = "monadic"
	}
	return c, nil
}

// ploverActors reads a source or target: a list of actors; null, a string
// ("" or a stray word such as "diplomatic") or an absent field mean none.
func ploverActors(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, nil
	}
	var as []ploverActor
	if err := json.Unmarshal(raw, &as); err != nil {
		return nil, err
	}
	var out []string
	for _, a := range as {
		code := strings.TrimSpace(a.Code)
		if code == "" {
			return nil, fmt.Errorf("actor without a code")
		}
		if sec := strings.TrimSpace(a.Sector); sec != "" && sec != "***" {
			code += sec
		}
		out = append(out, code)
	}
	return out, nil
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// ParseCAMEO2PLOVER reads the CAMEO-to-PLOVER table: lines
// "CODE: CATEGORY, mode, context # description". Where a code is listed
// twice (root 08 is, as CONCEDE and as RETREAT) the first line holds.
func ParseCAMEO2PLOVER(file string, data []byte) (map[string]string, error) {
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "~") {
			continue
		}
		code, rest, ok := strings.Cut(l, ":")
		code = strings.TrimSpace(code)
		if !ok || !allDigits(code) {
			return nil, errorf(file, n, "want CODE: CATEGORY, mode, context, got %q", l)
		}
		rest, _, _ = strings.Cut(rest, "#")
		cat, _, _ := strings.Cut(rest, ",")
		cat = strings.TrimSpace(cat)
		if cat == "" {
			return nil, errorf(file, n, "code %s has no PLOVER category", code)
		}
		if _, seen := m[code]; !seen {
			m[code] = cat
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// ploverRenamed maps the GSR's PLOVER 0.5 category names to the ones
// CAMEO2PLOVER-2021 (PLOVER 0.8) uses: 0.8 folded DEMAND into REQUEST,
// DISAPPROVE and INVESTIGATE into ACCUSE (as modes), and FIGHT into ASSAULT.
var ploverRenamed = map[string]string{
	"DEMAND":      "REQUEST",
	"DISAPPROVE":  "ACCUSE",
	"INVESTIGATE": "ACCUSE",
	"FIGHT":       "ASSAULT",
}

// PLOVERCategory returns the PLOVER 0.8 category a code is scored as on a
// PLOVER suite. A category name (letters) passes through, renamed from
// PLOVER 0.5 where 0.8 renamed it. A CAMEO code takes the table's category
// for the code, else for its first three digits, else for its root. The
// table has no rows for roots 01 and 02: 02 (appeal) scores as REQUEST, as
// sitrep's codebook maps it, and 01 (public statement) has no PLOVER
// category, so "" is returned and the tuple is left out of scoring.
func PLOVERCategory(table map[string]string, code string) string {
	code = strings.TrimSpace(code)
	if code == "" {
		return ""
	}
	if !allDigits(code) {
		up := strings.ToUpper(code)
		if r, ok := ploverRenamed[up]; ok {
			return r
		}
		return up
	}
	for _, k := range []string{code, prefix(code, 3), prefix(code, 2)} {
		if c, ok := table[k]; ok {
			return c
		}
	}
	if strings.HasPrefix(code, "02") {
		return "REQUEST"
	}
	return ""
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}
