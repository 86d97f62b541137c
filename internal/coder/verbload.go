package coder

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sitrep/sitrep/dict"
	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/cameo"
)

// LoadError lists the malformed lines of a verb dictionary. It is the actor
// loaders' type, so a caller handles every dictionary's problems alike: the
// loaders return it together with everything they could read.
type LoadError = actor.LoadError

// Problem is one malformed dictionary line.
type Problem = actor.Problem

// DefaultVerbsDir is the folder of the default verb dictionaries in dict.FS.
const DefaultVerbsDir = "verbs"

var (
	defaultVerbsOnce sync.Once
	defaultVerbs     *VerbDict
)

// DefaultVerbs returns sitrep's own verb dictionaries, embedded in the
// binary: dict/verbs/*.txt, one file per CAMEO root, merged in name order.
// It panics if the embedded files are malformed, which the package tests
// rule out.
func DefaultVerbs() *VerbDict {
	defaultVerbsOnce.Do(func() {
		d, err := LoadVerbsFS(dict.FS, DefaultVerbsDir)
		if err != nil {
			panic("coder: embedded verb dictionaries: " + err.Error())
		}
		defaultVerbs = d
	})
	return defaultVerbs
}

// LoadVerbsFS reads every *.txt file in dir of fsys, in name order, as
// sitrep's own verb format and returns them merged into one dictionary.
// Files are named "dict/DIR/FILE" in sources, as the event's rule shows
// them. Problems in all files are reported together.
func LoadVerbsFS(fsys fs.FS, dir string) (*VerbDict, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no *.txt verb dictionaries", dir)
	}
	sort.Strings(names)
	out := &VerbDict{Name: "dict/" + dir}
	var probs []Problem
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		d, err := LoadVerbs(f, "dict/"+name)
		f.Close()
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				return nil, err
			}
			probs = append(probs, le.Problems...)
		}
		out.Verbs = append(out.Verbs, d.Verbs...)
	}
	if len(probs) > 0 {
		return out, &LoadError{Problems: probs}
	}
	return out, nil
}

// maxVerbLine bounds one dictionary line; longer lines are an error, not a
// hang.
const maxVerbLine = 1 << 20

// maxProblems stops a loader fed something other than a dictionary from
// collecting problems without end.
const maxProblems = 1000

// maxExpansions bounds the patterns one line may expand to through
// alternatives and synsets, so a hostile line cannot eat the memory.
const maxExpansions = 4096

// problems collects a loader's problems.
type problems struct {
	file string
	list []Problem
}

// add records a problem and reports whether the loader should stop.
func (ps *problems) add(line int, err error) (stop bool) {
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Err: err})
	if len(ps.list) >= maxProblems {
		ps.list = append(ps.list, Problem{File: ps.file, Line: line,
			Err: fmt.Errorf("stopped after %d problems: is this a verb dictionary?", maxProblems)})
		return true
	}
	return false
}

// err returns the problems sorted by line, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].Line < ps.list[j].Line })
	return &LoadError{Problems: ps.list}
}

// eachLine calls fn with every line of r (without its line ending) and its
// number; fn reports problems to ps and may stop the reading.
func eachLine(r io.Reader, ps *problems, fn func(n int, line string) (stop bool)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxVerbLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(line) {
			if ps.add(n, errors.New("line is not valid UTF-8")) {
				break
			}
			continue
		}
		if fn(n, line) || len(ps.list) > maxProblems {
			break
		}
	}
	if err := sc.Err(); err != nil {
		ps.add(n+1, err)
	}
}

func lineSource(file string, line int) string { return file + ":" + strconv.Itoa(line) }

// LoadVerbs reads a verb dictionary in sitrep's own format (see
// dict/README.md, "Verb dictionaries"):
//
//	verb meet [040]
//	  forms met                  # more forms; regular ones are generated
//	  * with + [042]
//
// name is used in sources and errors ("name:line: problem"). A bad verb
// header skips its whole entry; a bad pattern or forms line skips itself.
func LoadVerbs(r io.Reader, name string) (*VerbDict, error) {
	p := &ownVerbParser{d: &VerbDict{Name: name}, name: name, ps: &problems{file: name}}
	eachLine(r, p.ps, func(n int, line string) bool {
		if err := p.line(n, line); err != nil {
			return p.ps.add(n, err)
		}
		return false
	})
	p.flush()
	return p.d, p.ps.err()
}

type ownVerbParser struct {
	d     *VerbDict
	name  string
	ps    *problems
	cur   *Verb
	line0 int      // the current entry's header line
	lemma []string // the current entry's lemmas
	extra []string // forms given on "forms" lines
	exact []string // forms given on "exact" lines: no others are generated
	skip  bool     // the current header was bad: skip its entry
}

// flush closes the current entry.
func (p *ownVerbParser) flush() {
	v := p.cur
	p.cur, p.skip = nil, false
	if v == nil {
		return
	}
	if v.Code == "---" && v.Reverse == "" && len(v.Patterns) == 0 {
		p.ps.add(p.line0, fmt.Errorf("verb %q codes nothing: it has neither a code nor a pattern", v.Lemma))
		return
	}
	v.Forms = ownForms(p.lemma, p.extra, p.exact)
	p.d.Verbs = append(p.d.Verbs, *v)
}

func (p *ownVerbParser) line(n int, raw string) error {
	line := strings.TrimRight(stripHash(raw), " \t")
	if strings.TrimSpace(line) == "" {
		return nil
	}
	if line[0] != ' ' && line[0] != '\t' {
		p.flush()
		p.line0 = n
		if err := p.header(n, line); err != nil {
			p.cur, p.skip = nil, true
			return err
		}
		return nil
	}
	if p.skip {
		return nil
	}
	if p.cur == nil {
		return errors.New("indented line before any verb header")
	}
	body := strings.TrimSpace(line)
	if !hasVerbMark(body) {
		key, val, _ := strings.Cut(body, " ")
		val = strings.TrimSpace(val)
		switch key {
		case "forms":
			return p.forms(val, &p.extra)
		case "exact":
			return p.forms(val, &p.exact)
		case "note":
			return nil
		}
		return fmt.Errorf("%q: a pattern needs * for the verb; other lines are \"forms\", \"exact\" or \"note\"", body)
	}
	pats, err := parseOwnPattern(body, lineSource(p.name, n))
	if err != nil {
		return err
	}
	p.cur.Patterns = append(p.cur.Patterns, pats...)
	return nil
}

// stripHash cuts a "#" comment that starts the line or follows a space.
func stripHash(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

// hasVerbMark reports whether a line holds a standalone "*": a pattern.
func hasVerbMark(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') &&
			(i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return true
		}
	}
	return false
}

func (p *ownVerbParser) header(n int, line string) error {
	kw, rest := line, ""
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		kw, rest = line[:i], line[i+1:]
	}
	if kw != "verb" {
		return fmt.Errorf("unknown entry %q: an entry starts \"verb LEMMA [CODE]\"", kw)
	}
	body, code, rev, err := splitOwnCode(strings.TrimSpace(rest))
	if err != nil {
		return err
	}
	p.lemma, p.extra, p.exact = p.lemma[:0], p.extra[:0], p.exact[:0]
	for _, alt := range strings.Split(body, "|") {
		words, err := ownWords(alt, "lemma")
		if err != nil {
			return err
		}
		p.lemma = append(p.lemma, words)
	}
	p.cur = &Verb{Lemma: p.lemma[0], Code: code, Reverse: rev, Source: lineSource(p.name, n)}
	return nil
}

// ownWords checks a lemma or form: lower-cased words of letters, digits,
// hyphens, apostrophes and full stops, joined by single spaces.
func ownWords(s, what string) (string, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return "", fmt.Errorf("empty %s", what)
	}
	for i, w := range f {
		w = strings.ToLower(w)
		if !plainWord(w) {
			return "", fmt.Errorf("%s %q: %q is not a plain word (letters, digits, - ' .)", what, strings.TrimSpace(s), w)
		}
		f[i] = w
	}
	return strings.Join(f, " "), nil
}

func plainWord(w string) bool {
	letter := false
	for _, r := range w {
		switch {
		case r == '-' || r == '\'' || r == '.' || r == '’':
		case r >= '0' && r <= '9':
		case r < utf8.RuneSelf && (r < 'a' || r > 'z'):
			return false
		default:
			letter = true
		}
	}
	return letter
}

func (p *ownVerbParser) forms(val string, to *[]string) error {
	if val == "" {
		return errors.New("a forms line needs at least one form")
	}
	for _, f := range strings.Split(val, "|") {
		w, err := ownWords(f, "form")
		if err != nil {
			return err
		}
		*to = append(*to, w)
	}
	return nil
}

// ownForms builds a verb's forms: every lemma with its generated forms, and
// the given forms; with exact forms, only those and the given ones. A
// one-word given form stands for the first word of each lemma ("held" with
// "hold talks" gives "held talks").
func ownForms(lemmas, extra, exact []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, l := range lemmas {
		if len(exact) == 0 {
			for _, f := range Inflect(l) {
				add(f)
			}
		}
		_, rest, multi := strings.Cut(l, " ")
		for _, list := range [2][]string{exact, extra} {
			for _, e := range list {
				if multi && !strings.Contains(e, " ") {
					add(e + " " + rest)
				} else {
					add(e)
				}
			}
		}
	}
	return out
}

// splitOwnCode splits "BODY [CODE]" or "BODY [CODE:REVERSE]" and checks the
// codes against the CAMEO codebook.
func splitOwnCode(s string) (body, code, rev string, err error) {
	i := strings.LastIndexByte(s, '[')
	if i < 0 || !strings.HasSuffix(s, "]") {
		return "", "", "", errors.New("missing [CODE] at the end of the line")
	}
	body = strings.TrimSpace(s[:i])
	if body == "" {
		return "", "", "", errors.New("nothing before [CODE]")
	}
	inner := strings.TrimSpace(s[i+1 : len(s)-1])
	code, rev, hasRev := strings.Cut(inner, ":")
	code, rev = strings.TrimSpace(code), strings.TrimSpace(rev)
	if hasRev && code == "" {
		code = "---"
	}
	if err := checkOwnCode(code, false); err != nil {
		return "", "", "", err
	}
	if hasRev {
		if err := checkOwnCode(rev, true); err != nil {
			return "", "", "", err
		}
	}
	return body, code, rev, nil
}

func checkOwnCode(code string, reverse bool) error {
	if code == "---" && !reverse {
		return nil
	}
	if len(code) < 2 || len(code) > 4 {
		return fmt.Errorf("code %q: want a CAMEO code (2 to 4 digits) or ---", code)
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return fmt.Errorf("code %q: want a CAMEO code (2 to 4 digits) or ---", code)
		}
	}
	if _, ok := cameo.Lookup(code); !ok {
		return fmt.Errorf("code %s is not in the CAMEO codebook", code)
	}
	return nil
}

// parseOwnPattern reads one pattern line of sitrep's format.
func parseOwnPattern(s, src string) ([]Pattern, error) {
	body, code, rev, err := splitOwnCode(s)
	if err != nil {
		return nil, err
	}
	toks := strings.Fields(body)
	elems := make([]Elem, len(toks))
	for i, t := range toks {
		switch t {
		case "*":
			elems[i] = Elem{Kind: ElemVerb}
		case "+":
			elems[i] = Elem{Kind: ElemTarget}
		case "$":
			elems[i] = Elem{Kind: ElemSource}
		case "_":
			elems[i] = Elem{Kind: ElemAny}
		case "...":
			elems[i] = Elem{Kind: ElemSkip}
		default:
			t = strings.ToLower(t)
			alts := []string{t}
			if strings.IndexByte(t, '|') >= 0 {
				alts = strings.Split(t, "|")
			}
			for k, a := range alts {
				// "air_defence": words that follow one another.
				if strings.IndexByte(a, '_') >= 0 {
					a = strings.ReplaceAll(a, "_", " ")
					alts[k] = a
				}
				for w := range strings.SplitSeq(a, " ") {
					stem := strings.TrimSuffix(w, "*")
					if !plainWord(stem) || (stem != w && len(stem) < 2) {
						return nil, fmt.Errorf("pattern element %q: want a word, word*, a|b, words_joined, *, +, $, _ or an ellipsis", t)
					}
				}
			}
			elems[i] = altElem(alts)
		}
	}
	if err := checkElems(elems); err != nil {
		return nil, fmt.Errorf("pattern %q: %w", body, err)
	}
	if len(elems) == 1 {
		return nil, fmt.Errorf("pattern %q has nothing but the verb: put the code on the verb instead", body)
	}
	return []Pattern{{Elems: elems, Code: code, Reverse: rev, Source: src, Text: strings.Join(toks, " ")}}, nil
}

// elemText writes an element as a pattern shows it.
func elemText(e Elem) string {
	switch e.Kind {
	case ElemVerb:
		return "*"
	case ElemTarget:
		return "+"
	case ElemSource:
		return "$"
	case ElemAny:
		return "_"
	case ElemSkip:
		return "..."
	case ElemCompound:
		return "%"
	}
	// Phrases are written with "_" between their words, as in the format.
	if len(e.Alts) == 0 {
		return strings.ReplaceAll(e.Word, " ", "_")
	}
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(e.Word, " ", "_"))
	for i, a := range e.Alts {
		if i == 8 {
			fmt.Fprintf(&b, "|…(%d more)", len(e.Alts)-8)
			break
		}
		b.WriteByte('|')
		b.WriteString(strings.ReplaceAll(a, " ", "_"))
	}
	return b.String()
}
