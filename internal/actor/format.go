package actor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxLine bounds one dictionary line; longer lines are an error, not a hang.
const maxLine = 1 << 20

// Load reads a dictionary in sitrep's own format (see dict/README.md). name
// is used in errors, which read "name:line: problem".
func Load(r io.Reader, name string) (*Dict, error) {
	p := &ownParser{name: name, d: &Dict{Name: name}}
	ps := problems{file: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(sc.Text()); err != nil && ps.add(p.line, err) {
			break
		}
	}
	if err := sc.Err(); err != nil {
		ps.add(p.line+1, err)
	}
	p.flush()
	return p.d, ps.err()
}

type ownParser struct {
	name string
	line int
	d    *Dict
	cur  *Entry // the entry being read
	cap  *Entry // the capital metonym of the current state, if any
	def  bool   // the current person block set its own default code
	skip bool   // the current header was bad: skip its block
}

func (p *ownParser) flush() {
	if p.cur != nil {
		p.d.Entries = append(p.d.Entries, *p.cur)
		if p.cap != nil {
			p.d.Entries = append(p.d.Entries, *p.cap)
		}
	}
	p.cur, p.cap, p.def, p.skip = nil, nil, false, false
}

// stripComment cuts a "#" comment that starts the line or follows a space.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

func (p *ownParser) parseLine(raw string) error {
	if !utf8.ValidString(raw) {
		return errors.New("line is not valid UTF-8")
	}
	line := strings.TrimRight(stripComment(strings.TrimSuffix(raw, "\r")), " \t")
	if strings.TrimSpace(line) == "" {
		return nil
	}
	if line[0] != ' ' && line[0] != '\t' {
		err := p.header(line)
		if err != nil {
			p.cur, p.cap, p.skip = nil, nil, true
		}
		return err
	}
	if p.skip {
		return nil
	}
	if p.cur == nil {
		return errors.New("indented line before any entry header")
	}
	key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
	val = strings.TrimSpace(val)
	return p.attribute(key, val)
}

func (p *ownParser) header(line string) error {
	p.flush()
	f := strings.Fields(line)
	kind, ok := parseKind(f[0])
	if !ok {
		return fmt.Errorf("unknown entry kind %q (want state, region, igo, actor, person or agent)", f[0])
	}
	if len(f) < 3 {
		return fmt.Errorf("%s header needs a code and a name", f[0])
	}
	code, name := f[1], strings.Join(f[2:], " ")
	if err := checkCode(code); err != nil {
		return err
	}
	e := &Entry{Kind: kind, Name: name, Code: code, Source: source(p.name, p.line)}
	switch kind {
	case KindState, KindRegion:
		if len(code) != 3 {
			return fmt.Errorf("%s code %q: want three letters", kind, code)
		}
		e.Country = code
	case KindPerson:
		if len(code) != 3 {
			return fmt.Errorf("person country %q: want a three-letter state or region code", code)
		}
		e.Country = code
		e.Code = code + "ELI" // outside every role a person codes as an elite of their country
	case KindIGO:
		e.IGO = name
	}
	ph, err := parsePhrase(name, false)
	if err != nil {
		return err
	}
	e.Name = strings.TrimPrefix(name, "=") // "=WHO": the name, matched case and all
	if kind == KindIGO {
		e.IGO = e.Name
	}
	e.Phrases = append(e.Phrases, ph)
	p.cur = e
	return nil
}

func parseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if s == n {
			return Kind(i), true
		}
	}
	return 0, false
}

func (p *ownParser) attribute(key, val string) error {
	e := p.cur
	if val == "" {
		return fmt.Errorf("%q needs a value", key)
	}
	switch key {
	case "also", "adj":
		if key == "adj" && e.Kind == KindAgent {
			return errors.New("agents take no adjectives")
		}
		for _, s := range strings.Split(val, "|") {
			ph, err := parsePhrase(strings.TrimSpace(s), key == "adj")
			if err != nil {
				return err
			}
			e.Phrases = append(e.Phrases, ph)
		}
	case "role":
		if e.Kind == KindAgent {
			return errors.New("agents take no roles")
		}
		r, err := parseRole(val)
		if err != nil {
			return err
		}
		if r.Open() {
			if e.Kind == KindPerson && p.def {
				return errors.New("a second undated role: a person has one default code")
			}
			e.Code, p.def = r.Code, true
			return nil
		}
		e.Roles = append(e.Roles, r)
	case "capital":
		if e.Kind != KindState {
			return fmt.Errorf("capital on a %s entry; only states have one", e.Kind)
		}
		if e.Capital != "" {
			return errors.New("a second capital")
		}
		// "(Victoria)" records the capital without making it a metonym for
		// the government, for names that are too often something else.
		if strings.HasPrefix(val, "(") && strings.HasSuffix(val, ")") {
			e.Capital = strings.TrimSpace(val[1 : len(val)-1])
			if e.Capital == "" {
				return errors.New("empty capital")
			}
			return nil
		}
		ph, err := parsePhrase(val, false)
		if err != nil {
			return err
		}
		e.Capital = strings.TrimPrefix(val, "=")
		p.cap = &Entry{Kind: KindActor, Name: e.Capital, Code: e.Code + "GOV", Country: e.Code,
			Phrases: []Phrase{ph}, Source: source(p.name, p.line)}
	case "country":
		if e.Kind == KindState || e.Kind == KindRegion {
			return fmt.Errorf("a %s is its own country", e.Kind)
		}
		if len(val) != 3 || checkCode(val) != nil {
			return fmt.Errorf("country %q: want a three-letter code", val)
		}
		e.Country = val
		if e.Kind == KindPerson && !p.def {
			e.Code = val + "ELI"
		}
	case "igo":
		if e.Kind != KindIGO {
			return fmt.Errorf("igo label on a %s entry", e.Kind)
		}
		e.IGO = val
	case "first":
		if e.Kind != KindAgent || val != "yes" {
			return errors.New(`"first yes" is for agents whose code goes before the actor's`)
		}
		e.AgentFirst = true
	case "note":
	default:
		return fmt.Errorf("unknown attribute %q (want also, adj, role, capital, country, igo, first or note)", key)
	}
	return nil
}

// checkCode accepts CAMEO-style codes: upper-case letters and digits.
func checkCode(code string) error {
	if len(code) < 3 || len(code) > 30 {
		return fmt.Errorf("code %q: want 3 to 30 upper-case letters or digits", code)
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return fmt.Errorf("code %q: want upper-case letters or digits only", code)
		}
	}
	return nil
}

// parsePhrase reads "=US", "Argentin*" or "Russian Federation".
func parsePhrase(s string, adj bool) (Phrase, error) {
	ph := Phrase{Adjective: adj}
	if strings.HasPrefix(s, "=") {
		ph.Exact = true
		s = s[1:]
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return ph, errors.New("empty phrase")
	}
	for _, w := range words {
		if strings.ContainsAny(w, "|[]") {
			return ph, fmt.Errorf("phrase %q: %q holds a reserved character", s, w)
		}
		if strings.Count(w, "*") > 1 || (strings.Contains(w, "*") && !strings.HasSuffix(w, "*")) || w == "*" {
			return ph, fmt.Errorf("phrase %q: \"*\" may only end a word", s)
		}
		for _, r := range w {
			if unicode.IsControl(r) {
				return ph, fmt.Errorf("phrase %q holds a control character", s)
			}
		}
	}
	ph.Text = strings.Join(words, " ")
	return ph, nil
}

// parseRole reads "USAGOV 2017-01-20..2021-01-20", "USAGOV 2025-01-20..",
// "USAGOV ..2009-01-20" or an undated "USAELI".
func parseRole(s string) (Role, error) {
	f := strings.Fields(s)
	if len(f) > 2 {
		return Role{}, fmt.Errorf("role %q: want CODE and an optional FROM..TO", s)
	}
	r := Role{Code: f[0]}
	if err := checkCode(r.Code); err != nil {
		return r, err
	}
	if len(f) == 1 {
		return r, nil
	}
	from, to, ok := strings.Cut(f[1], "..")
	if !ok {
		return r, fmt.Errorf("role dates %q: want FROM..TO with either end left empty when open", f[1])
	}
	var err error
	if r.From, err = parseDay(from); err != nil {
		return r, err
	}
	if r.To, err = parseDay(to); err != nil {
		return r, err
	}
	if r.Open() {
		return r, fmt.Errorf("role dates %q: at least one end must be given", f[1])
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		return r, fmt.Errorf("role dates %q: the start is not before the end", f[1])
	}
	return r, nil
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}
