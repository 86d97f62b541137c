package eval

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A TABARI Validate.text record is a line that starts with a date (YYMMDD,
// or YYYYMMDD once SET: YYYY = TRUE is in force) and an ID, then text lines
// up to a blank line. Inside a /* … */ comment the record states what TABARI
// should code, one block a line:
//
//	\n{ ARN / GON / 064 } 950101   an event (the date is checked only when
//	                               TABARI shifts dates; eval ignores it)
//	\n{---}                        no event
//	\n{###}                        discarded: no event
//	\n{+++}                        rejected as too complex
//	\n-{ … }                       do not check (from here on)
//	\n{ OPTION: SET: … }           change a TABARI setting for what follows
//
// TABARI looks for the blocks from the first "/*" to the end of the record,
// so a block left outside the comment (AGENTS-11) still counts; eval does
// the same. The text eval hands the coder is the record's text without its
// comments and without such stray "\n{…}" lines.

// tabariFinalID is the suite's normal last record; the records after it
// "require other .options settings, or crash the program".
const tabariFinalID = "FINAL-01"

var tabariBlock = regexp.MustCompile(`(-?)\{([^{}]*)\}`)

// tabariOptions tracks TABARI's settings through the suite's OPTION:
// records, against the baseline of TABARI's defaults and the suite's
// .options file.
type tabariOptions struct {
	base, cur map[string]string
	yyyy      bool // dates are YYYYMMDD
}

// tabariDefaults are TABARI 0.8's built-in settings for the options the
// suite changes (TABARI.h, input.cp): no default actors, no agent
// conversion, no time shifting, coding by clause, no forwarding, comma
// clauses of 2–10 words inside and at the end and none at the start, at
// least 8 words a sentence.
var tabariDefaults = map[string]string{
	"SET TIME SHIFT":    "FALSE",
	"SET CONVERT AGENT": "FALSE",
	"DEFAULT":           "OFF",
	"SET CODE":          "BY CLAUSE",
	"FORWARD":           "OFF",
	"COMMA":             "MIN=2 MAX=10 EMIN=2 EMAX=10 BMIN=255 BMAX=0",
	"SET MINIMUM WORDS": "8",
	"COMPLEX":           "",
}

// tabariIgnored are settings that change output or input format, not what
// is coded; eval does not let them decide whether a record is checked.
var tabariIgnored = map[string]bool{
	"OUTPUT": true, "LABEL": true, "SET LABEL": true, "SET YYYY": true,
	"SET VERB USAGE": true, "SET ACTOR USAGE": true, "SET AGENT USAGE": true,
	"SET SKIP RECORDS": true, "SET DUP WARNING": true,
}

func newTABARIOptions() *tabariOptions {
	o := &tabariOptions{base: map[string]string{}, cur: map[string]string{}}
	for k, v := range tabariDefaults {
		o.base[k] = normTABARIOption(k, v)
	}
	return o
}

// splitTABARIOption turns "SET: TIME SHIFT = TRUE" into ("SET TIME SHIFT",
// "TRUE"), "SET: CODE ALL" into ("SET CODE", "ALL"), "DEFAULT: OFF" into
// ("DEFAULT", "OFF").
func splitTABARIOption(cmd string) (key, val string, ok bool) {
	cmd = strings.ToUpper(collapse(cmd))
	head, rest, found := strings.Cut(cmd, ":")
	if !found {
		return "", "", false
	}
	head, rest = strings.TrimSpace(head), strings.TrimSpace(rest)
	if head != "SET" {
		return head, normTABARIOption(head, rest), head != ""
	}
	if k, v, eq := strings.Cut(rest, "="); eq {
		key = "SET " + strings.TrimSpace(k)
		return key, normTABARIOption(key, strings.TrimSpace(v)), true
	}
	word, more, _ := strings.Cut(rest, " ")
	if word == "" {
		return "", "", false
	}
	return "SET " + word, strings.TrimSpace(more), true
}

// normTABARIOption puts a setting's value in a form where equal settings
// compare equal.
func normTABARIOption(key, val string) string {
	val = strings.ToUpper(collapse(val))
	switch key {
	case "FORWARD":
		if val == "OFF" || strings.HasSuffix(val, " OFF") {
			return "OFF"
		}
	case "COMMA":
		if val == "OFF" {
			return "OFF"
		}
		n := map[string]int{"MIN": 2, "MAX": 10, "EMIN": 2, "EMAX": 10, "BMIN": 255, "BMAX": 0}
		f := strings.Fields(strings.NewReplacer("=", " = ").Replace(val))
		for i := 0; i+2 < len(f); i++ {
			if _, known := n[f[i]]; known && f[i+1] == "=" {
				if v, err := strconv.Atoi(f[i+2]); err == nil {
					n[f[i]] = v
				}
			}
		}
		clause := func(lo, hi int) string {
			if hi == 0 || hi < lo { // TABARI's way to switch a clause kind off
				return "off"
			}
			return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
		}
		return "internal=" + clause(n["MIN"], n["MAX"]) + " end=" + clause(n["EMIN"], n["EMAX"]) + " begin=" + clause(n["BMIN"], n["BMAX"])
	}
	return val
}

// set applies one OPTION: command (or .options line) to cur, or to the
// baseline when base is true.
func (o *tabariOptions) set(cmd string, base bool) {
	key, val, ok := splitTABARIOption(cmd)
	if !ok {
		return
	}
	if key == "SET YYYY" {
		o.yyyy = val == "TRUE"
		return
	}
	if tabariIgnored[key] {
		return
	}
	if base {
		o.base[key] = val
		return
	}
	o.cur[key] = val
}

// changed lists the coding settings that now differ from the baseline.
func (o *tabariOptions) changed() []string {
	var out []string
	for k, v := range o.cur {
		if b, ok := o.base[k]; !ok || b != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// loadTABARI reads Validate.text and the project and options files beside
// it.
func loadTABARI(path string, data []byte) (*Suite, error) {
	dir := filepath.Dir(path)
	s := &Suite{}
	opts := newTABARIOptions()
	readTABARIProject(dir, &s.Dicts)
	if s.Dicts.Options != "" {
		if b, err := os.ReadFile(s.Dicts.Options); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				line, _, _ = strings.Cut(line, "//")
				opts.set(line, true)
			}
		}
	}
	cases, err := parseTABARI(path, data, opts)
	if err != nil {
		return nil, err
	}
	s.Cases = cases
	return s, nil
}

// readTABARIProject reads the <actorsfile>, <verbsfile>, <agentsfile> and
// <optionsfile> tags of Validate.project (or the only .project beside the
// suite).
func readTABARIProject(dir string, d *DictPaths) {
	proj := filepath.Join(dir, "Validate.project")
	if _, err := os.Stat(proj); err != nil {
		m, _ := filepath.Glob(filepath.Join(dir, "*.project"))
		if len(m) != 1 {
			return
		}
		proj = m[0]
	}
	b, err := os.ReadFile(proj)
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		tag, val, ok := strings.Cut(line, ">")
		if !ok || !strings.HasPrefix(tag, "<") {
			continue
		}
		switch strings.ToLower(strings.TrimPrefix(tag, "<")) {
		case "actorsfile":
			d.addDict(dir, val, &d.Actors)
		case "verbsfile":
			d.addDict(dir, val, &d.Verbs)
		case "agentsfile":
			d.addDict(dir, val, &d.Agents)
		case "optionsfile":
			d.setDict(dir, val, &d.Options)
		}
	}
}

// tabariRecord is one record's lines as read, before it is judged.
type tabariRecord struct {
	line  int // of the header
	head  string
	lines []string
}

// parseTABARI reads the records of a Validate.text file. opts carries the
// baseline settings; the records' OPTION: commands change it as they go.
func parseTABARI(file string, data []byte, opts *tabariOptions) ([]Case, error) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var recs []tabariRecord
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		// TABARI skips everything up to a line that starts with a digit.
		if l == "" || l[0] < '0' || l[0] > '9' {
			continue
		}
		r := tabariRecord{line: i + 1, head: l}
		for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			i++
			r.lines = append(r.lines, lines[i])
		}
		recs = append(recs, r)
	}
	cases := make([]Case, 0, len(recs))
	afterFinal := false
	for _, r := range recs {
		c, err := judgeTABARI(file, r, opts, afterFinal)
		if err != nil {
			return nil, err
		}
		if c.ID == tabariFinalID {
			afterFinal = true
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// judgeTABARI turns one record into a Case: its date, ID, text, expected
// events and, where it is not checked, why.
func judgeTABARI(file string, r tabariRecord, opts *tabariOptions, afterFinal bool) (Case, error) {
	c := Case{Line: r.line}
	f := strings.Fields(r.head)
	stamp := f[0]
	n := 6
	if opts.yyyy {
		n = 8
	}
	// A date token longer than the date ("186010029 YYYY-03") is cut as
	// TABARI cuts it; its leftover digits are dropped, and the other fields
	// of the line are the ID.
	dateOK := len(stamp) >= n && allDigits(stamp[:n])
	if dateOK {
		y, _ := strconv.Atoi(stamp[:n-4])
		m, _ := strconv.Atoi(stamp[n-4 : n-2])
		d, _ := strconv.Atoi(stamp[n-2 : n])
		if n == 6 { // TABARI pivots two-digit years on 2030
			if y < 30 {
				y += 2000
			} else {
				y += 1900
			}
		}
		c.Date, dateOK = date(y, m, d)
	}
	c.ID = strings.Join(f[1:], " ")

	text, expect, first := splitTABARIText(r.lines)
	c.Text = text

	// OPTION: commands apply whether or not anything else in the record
	// could be read, as in TABARI.
	if cmds := tabariOptionCmds(expect); len(cmds) > 0 {
		for _, cmd := range cmds {
			opts.set(cmd, false)
		}
		c.Skip = "option-record"
		return c, nil
	}
	switch {
	case afterFinal:
		c.Skip = "after-final"
		return c, nil
	case !dateOK:
		c.Skip = "bad-date: " + stamp
		return c, nil
	}
	blocks := tabariBlock.FindAllStringSubmatchIndex(expect, -1)
	type block struct {
		off  bool // written -{…}
		body string
		line int
	}
	var bs []block
	line, counted := r.line+1+first, 0
	for _, m := range blocks {
		line += strings.Count(expect[counted:m[0]], "\n")
		counted = m[0]
		body := strings.TrimSpace(expect[m[4]:m[5]])
		if body == "" {
			continue // "{}" in prose, not a block
		}
		bs = append(bs, block{off: m[3] > m[2], body: body, line: line})
	}
	if len(bs) == 0 {
		c.Skip = "no-expectation"
		return c, nil
	}
	if ch := opts.changed(); len(ch) > 0 {
		c.Skip = "option-state: " + strings.Join(ch, ", ")
		return c, nil
	}
	if bs[0].off {
		c.Skip = "unchecked"
		return c, nil
	}
	for _, b := range bs {
		if b.off {
			c.Skip = "partial"
			return c, nil
		}
		if strings.ReplaceAll(b.body, " ", "") == "+++" {
			c.Skip = "complex"
			return c, nil
		}
	}
	marker := false
	for _, b := range bs {
		switch strings.ReplaceAll(b.body, " ", "") {
		case "---", "###":
			marker = true
			continue
		}
		t, ok := parseTABARITuple(b.body)
		if !ok {
			return c, errorf(file, b.line, "record %s: cannot read expected event {%s}; want { SOURCE / TARGET / CODE }", c.ID, b.body)
		}
		c.Expected = append(c.Expected, t)
	}
	if marker && len(c.Expected) > 0 {
		return c, errorf(file, r.line, "record %s expects both no event ({---} or {###}) and events", c.ID)
	}
	return c, nil
}

// splitTABARIText separates a record's text from its expectation part: the
// text is everything outside /* … */ comments, less lines that start with
// "\n"; the expectation part runs from the first "/*" to the end, which is
// in lines[first].
func splitTABARIText(lines []string) (text, expect string, first int) {
	var tb strings.Builder
	var eb strings.Builder
	inComment, seen := false, false
	for n, l := range lines {
		if seen {
			eb.WriteString(l)
			eb.WriteByte('\n')
		}
		rest := l
		var kept strings.Builder
		for rest != "" {
			if inComment {
				i := strings.Index(rest, "*/")
				if i < 0 {
					rest = ""
					break
				}
				rest = rest[i+2:]
				inComment = false
				continue
			}
			i := strings.Index(rest, "/*")
			if i < 0 {
				kept.WriteString(rest)
				break
			}
			kept.WriteString(rest[:i])
			if !seen {
				seen, first = true, n
				eb.WriteString(l[len(l)-len(rest)+i:])
				eb.WriteByte('\n')
			}
			rest = rest[i+2:]
			inComment = true
		}
		k := strings.TrimSpace(kept.String())
		if strings.HasPrefix(k, `\n`) {
			continue // an expected-events line left outside the comment
		}
		if k != "" {
			tb.WriteString(k)
			tb.WriteByte(' ')
		}
	}
	return collapse(tb.String()), eb.String(), first
}

// tabariOptionCmds returns the OPTION: commands in a record's expectation
// part, each up to its "}" (or "*/" or the line's end where the "}" is
// missing, as in the MINWRD records).
func tabariOptionCmds(expect string) []string {
	var out []string
	rest := expect
	for {
		i := strings.Index(rest, "OPTION:")
		if i < 0 {
			return out
		}
		rest = rest[i+len("OPTION:"):]
		end := len(rest)
		for _, stop := range []string{"}", "*/", "\n"} {
			if j := strings.Index(rest, stop); j >= 0 && j < end {
				end = j
			}
		}
		out = append(out, strings.TrimSpace(rest[:end]))
		rest = rest[end:]
	}
}

// parseTABARITuple reads "SRC / TGT / CODE".
func parseTABARITuple(body string) (Tuple, bool) {
	p := strings.Split(body, "/")
	if len(p) != 3 {
		return Tuple{}, false
	}
	t := Tuple{Source: strings.TrimSpace(p[0]), Target: strings.TrimSpace(p[1]), Code: strings.TrimSpace(p[2])}
	for _, s := range []string{t.Source, t.Target, t.Code} {
		if s == "" || strings.ContainsAny(s, " \t") {
			return Tuple{}, false
		}
	}
	return t, true
}
