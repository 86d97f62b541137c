// Package eval scores an event coder on the field's validation suites:
// TABARI's Validate.text, PETRARCH's unit-test records, the PETRARCH-2 gold
// standard of real sentences and PLOVER's gold standard records. It reads
// each suite into one shape (Suite, Case, Tuple), says which records it does
// not check and why, and compares what a coder returns with what the suite
// expects (Score). The coder comes in as a function, so this package knows
// nothing of how events are coded.
package eval

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Format names a suite format.
type Format string

const (
	FormatTABARI   Format = "tabari"    // TABARI Validate.text
	FormatPETRARCH Format = "petrarch"  // PETR.UnitTest.records.xml (PETRARCH-1, -2 and UD copies)
	FormatPETR2GSR Format = "petr2-gsr" // PETR2_GSR_validation.xml: real sentences
	FormatPLOVER   Format = "plover"    // PLOVER_GSR_CAMEO.txt: real sentences, PLOVER categories
)

// RealText reports whether the suite's sentences are real news (so scoring
// by country makes sense) rather than stylised tests with invented actors.
func (f Format) RealText() bool { return f == FormatPETR2GSR || f == FormatPLOVER }

// Suite is one validation suite read into a common shape.
type Suite struct {
	Name   string    `json:"name"` // parent folder and file name, e.g. "petrarch1/PETR.UnitTest.records.xml"
	Path   string    `json:"path"` // absolute path of the suite file
	Format Format    `json:"format"`
	Cases  []Case    `json:"cases"`
	Dicts  DictPaths `json:"dicts"` // the suite's own dictionaries
	// PLOVER maps a CAMEO code to its PLOVER category as CAMEO2PLOVER-2021
	// writes it (PLOVER suites only); see PLOVERCategory.
	PLOVER map[string]string `json:"-"`
}

// DictPaths are the dictionary files a suite names for itself, as absolute
// paths. Files the suite names but that cannot be found are listed in
// Missing, by the name the suite gives.
type DictPaths struct {
	Actors       []string `json:"actors,omitempty"`
	Agents       []string `json:"agents,omitempty"`
	Verbs        []string `json:"verbs,omitempty"`
	Discards     []string `json:"discards,omitempty"`
	Options      string   `json:"options,omitempty"`      // TABARI .options file
	PICO         string   `json:"pico,omitempty"`         // PETRARCH-2 CAMEO-to-PICO table
	CAMEO2PLOVER string   `json:"cameo2plover,omitempty"` // the table PLOVER suites are scored through
	Missing      []string `json:"missing,omitempty"`
}

// Case is one record of a suite.
type Case struct {
	ID       string    `json:"id"`
	Line     int       `json:"line"`               // where the record starts in the suite file
	Category string    `json:"category,omitempty"` // the suite's own grouping (PETRARCH category, PLOVER event)
	Date     time.Time `json:"date"`
	Text     string    `json:"text"`
	// Expected are the events the record expects; empty for a record that
	// expects no event.
	Expected []Tuple `json:"expected"`
	// Skip is empty for a checked record; otherwise a reason key (see
	// SkipReasons), optionally followed by ": " and a detail.
	Skip string `json:"skip,omitempty"`
}

// Checked reports whether the record is scored.
func (c *Case) Checked() bool { return c.Skip == "" }

// Tuple is one event as a suite writes it: actor codes and event code kept
// as written (for PLOVER suites Code is the PLOVER category).
type Tuple struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Code   string `json:"code"`
}

func (t Tuple) String() string { return t.Source + " / " + t.Target + " / " + t.Code }

// SkipReasons explains each reason key a Case.Skip may start with.
var SkipReasons = map[string]string{
	// TABARI Validate.text
	"option-record":  "the record only carries OPTION: commands that change TABARI's settings for the records after it; TABARI does not check it",
	"option-state":   "an earlier OPTION: record has changed a TABARI setting that decides what is coded (default actors, agent conversion, time shifting, code-all, forwarding, comma clauses, minimum words) from the suite's baseline, so the expected events depend on it",
	"unchecked":      "the expected-events block is written -{…}, which turns TABARI's check off for the record",
	"partial":        "the record lists some of its events and then turns checking off for the rest with -{…}, so the list is incomplete",
	"complex":        "{+++}: TABARI's complexity filter rejects the sentence and the record states no events",
	"no-expectation": "the record has no expected-events block",
	"after-final":    "the record comes after FINAL-01, the normal end of the suite; the suite says these need other settings or crash TABARI",
	"bad-date":       "the record's date cannot be read; TABARI skips such records",
	// PETRARCH XML
	"not-valid":    "the sentence is marked valid/sentence/evaluate=\"false\"",
	"not-included": "the sentence's category is not in the suite's <Include> list",
	"skip-marked":  "the sentence holds a <Skip> element",
	"config-state": "an earlier <Config> has changed a PETRARCH option that decides what is coded (new_actor_length, require_dyad, comma_*) from PETRARCH's defaults",
	"error-test":   "the sentence expects PETRARCH to reject its input (dateline, bad_input_parse), not an event coding",
	"after-stop":   "the sentence comes after a <Stop> element",
	"no-text":      "the sentence has no text",
	// PLOVER
	"monadic": "the event has one side only (no target, or no source); CAMEO tuples need both",
}

// SkipKey returns the reason key of a Case.Skip value.
func SkipKey(skip string) string {
	if i := strings.Index(skip, ":"); i >= 0 {
		return skip[:i]
	}
	return skip
}

// ParseError is a problem in a suite file, at a line.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

func errorf(file string, line int, format string, args ...any) error {
	return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// ErrUnknownFormat is returned by Load for a file it cannot place.
var ErrUnknownFormat = errors.New("not a suite format eval knows (TABARI Validate.text, PETRARCH validation XML, PLOVER GSR JSON)")

// Load reads the suite at path, telling its format from its name and
// content, and finds the dictionaries it names (beside it, or in a sibling
// folder of the same collection: PETR2_GSR_validation.xml names PETRARCH-2's
// dictionaries, which live in petrarch2/).
func Load(path string) (*Suite, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	name := filepath.Join(filepath.Base(filepath.Dir(abs)), filepath.Base(abs))
	format := detect(filepath.Base(abs), data)
	var s *Suite
	switch format {
	case FormatTABARI:
		s, err = loadTABARI(abs, data)
	case FormatPETRARCH, FormatPETR2GSR:
		s, err = loadPETRARCH(abs, data, format)
	case FormatPLOVER:
		s, err = loadPLOVER(abs, data)
	default:
		return nil, fmt.Errorf("%s: %w", abs, ErrUnknownFormat)
	}
	if err != nil {
		return nil, err
	}
	s.Name, s.Path, s.Format = name, abs, format
	return s, nil
}

// detect tells a suite's format from its file name, then its content.
func detect(base string, data []byte) Format {
	lower := strings.ToLower(base)
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	switch {
	case strings.Contains(lower, "plover") && len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		return FormatPLOVER
	case len(trimmed) > 0 && trimmed[0] == '[':
		return FormatPLOVER
	case bytes.Contains(head, []byte("<Validation")):
		if strings.Contains(lower, "gsr") {
			return FormatPETR2GSR
		}
		return FormatPETRARCH
	case strings.HasSuffix(lower, ".text") || looksTABARI(data):
		return FormatTABARI
	}
	return ""
}

// looksTABARI reports whether data has a TABARI record: a line that starts
// with a 6- or 8-digit date and an ID, and an expected-events comment.
func looksTABARI(data []byte) bool {
	if !bytes.Contains(data, []byte("/*")) {
		return false
	}
	for line := range bytes.Lines(data) {
		f := bytes.Fields(line)
		if len(f) >= 2 && (len(f[0]) == 6 || len(f[0]) == 8) && allDigits(string(f[0])) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// findDict returns the absolute path of a dictionary a suite names: beside
// the suite, else in a sibling folder of the suite's folder (sorted by
// name, the first that has it). ok is false when neither has it.
func findDict(suiteDir, name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if filepath.IsAbs(name) {
		_, err := os.Stat(name)
		return name, err == nil
	}
	p := filepath.Join(suiteDir, name)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p, true
	}
	parent := filepath.Dir(suiteDir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return "", false
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, d := range names {
		p := filepath.Join(parent, d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	return "", false
}

// addDict resolves name and appends it to *list, or to Missing.
func (d *DictPaths) addDict(suiteDir, name string, list *[]string) {
	if p, ok := findDict(suiteDir, name); ok {
		*list = append(*list, p)
	} else if strings.TrimSpace(name) != "" {
		d.Missing = append(d.Missing, strings.TrimSpace(name))
	}
}

// setDict resolves name into *one, or records it as missing.
func (d *DictPaths) setDict(suiteDir, name string, one *string) {
	if p, ok := findDict(suiteDir, name); ok {
		*one = p
	} else if strings.TrimSpace(name) != "" {
		d.Missing = append(d.Missing, strings.TrimSpace(name))
	}
}

// date builds a UTC date, or reports that y-m-d is not one.
func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
