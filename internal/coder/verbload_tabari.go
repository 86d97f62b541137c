package coder

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// LoadTABARIVerbs reads a TABARI .verbs dictionary as TABARI reads it:
//
//   - a headword line "VERB [CODE]" starts a verb; "- PATTERN [CODE]" lines
//     follow it, and a "{ FORM FORM }" line gives more forms of it;
//   - a word not ended by "_" is a stem ("ACCUS" matches "accused"), one
//     ended by "_" a whole word; the stem becomes "accus*" in sitrep;
//   - "&NAME" with "+MEMBER" lines defines a synset, "&NAME" in a pattern
//     stands for each member, and "{ A | B }" for each alternative;
//   - in patterns "*" is the verb, "$" the source, "+" the target, "%" a
//     compound actor, "^" one word; "[A:B]" codes B from target to source;
//   - ";" starts a comment, "~~FINISH" ends the file, and the <TIME> block
//     (date shifts, not verbs) is skipped.
//
// What sitrep's patterns cannot hold: "_" between words asks TABARI for
// adjacent words, and sitrep allows a few words between any two elements.
// A headword of several words separated by spaces ("CAST DOUBT") becomes
// its first word with the rest required right after the verb in each of
// its patterns. Headwords with the same first word share one verb.
func LoadTABARIVerbs(r io.Reader, name string) (*VerbDict, error) {
	p := &tabariParser{d: &VerbDict{Name: name, Style: StyleTABARI}, name: name, ps: &problems{file: name},
		x: &fieldExpander{syn: synsets{}, stems: true}, byForm: map[string]int{}, cur: -1}
	eachLine(r, p.ps, func(n int, line string) bool {
		stop, err := p.line(n, line)
		if err != nil && p.ps.add(n, err) {
			return true
		}
		return stop
	})
	return p.d, p.ps.err()
}

type tabariParser struct {
	d      *VerbDict
	name   string
	ps     *problems
	x      *fieldExpander
	byForm map[string]int // a headword's first form → its verb in d.Verbs
	coded  map[int]bool   // verbs whose code a one-word headword set
	cur    int            // the current headword's verb, or -1 before any
	extra  []fieldTok     // the current headword's words after the first
	syn    string         // the synset being filled, or ""
	inTime bool
	any    bool // a headword has been read
}

func (p *tabariParser) line(n int, raw string) (stop bool, err error) {
	line := raw
	if i := strings.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return false, nil
	}
	if strings.HasPrefix(line, "~~FINISH") {
		return true, nil
	}
	if p.inTime {
		p.inTime = !strings.EqualFold(line, "</TIME>")
		return false, nil
	}
	switch line[0] {
	case '<':
		switch strings.ToUpper(line) {
		case "<TIME>":
			p.inTime = true
		case "<SYNSETS>", "</SYNSETS>":
		default:
			return false, fmt.Errorf("unknown section %q", line)
		}
		p.syn = ""
		return false, nil
	case '&':
		name := strings.TrimSpace(line[1:])
		if name == "" || strings.ContainsAny(name, " \t") {
			p.syn = ""
			return false, fmt.Errorf("synset name %q: want &NAME alone on its line", name)
		}
		p.syn = synsetKey(name)
		if _, dup := p.x.syn[p.syn]; dup {
			return false, fmt.Errorf("synset &%s defined twice", p.syn)
		}
		p.x.syn[p.syn] = nil
		return false, nil
	case '+':
		if p.syn == "" {
			return false, errors.New("+ line outside a synset")
		}
		toks, err := fieldTokens(line[1:])
		if err != nil {
			return false, err
		}
		return false, p.x.syn.addMember(p.syn, toks)
	}
	p.syn = ""
	switch line[0] {
	case '-':
		return false, p.pattern(n, line[1:])
	case '{':
		return false, p.forms(line)
	}
	return false, p.headword(n, line)
}

// tabariForm joins tokens into a form: stems get "*".
func tabariForm(toks []fieldTok) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(t.text))
		if !t.exact || t.stem {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func (p *tabariParser) headword(n int, line string) error {
	p.cur, p.extra = -1, nil
	p.any = true
	text, code, rev, _, err := splitFieldCode(line)
	if err != nil {
		return err
	}
	toks, err := fieldTokens(text)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return errors.New("headword without a verb")
	}
	for _, t := range toks {
		if t.kind != 'w' {
			return fmt.Errorf("headword %q: %q is not a word", strings.TrimSpace(text), t.kind)
		}
	}
	if code == "" {
		code = "---"
	}
	// The form is the run of words tied by "_"; words after a space must
	// follow the verb.
	k := 1
	for k < len(toks) && toks[k-1].joined {
		k++
	}
	form := tabariForm(toks[:k])
	src := lineSource(p.name, n)
	vi, ok := p.byForm[form]
	if !ok {
		vi = len(p.d.Verbs)
		p.byForm[form] = vi
		p.d.Verbs = append(p.d.Verbs, Verb{Lemma: strings.ReplaceAll(form, "*", ""), Forms: []string{form}, Code: "---", Source: src})
	}
	p.cur = vi
	v := &p.d.Verbs[vi]
	if k == len(toks) {
		if p.coded == nil {
			p.coded = map[int]bool{}
		}
		if !p.coded[vi] {
			p.coded[vi] = true
			v.Code, v.Reverse = code, rev
		}
		return nil
	}
	p.extra = toks[k:]
	// The headword's own code holds when its extra words follow the verb.
	elems := []Elem{{Kind: ElemVerb}}
	for _, t := range toks[k:] {
		elems = append(elems, Elem{Kind: ElemWord, Word: p.x.word(t)})
	}
	v.Patterns = append(v.Patterns, Pattern{Elems: elems, Code: code, Reverse: rev, Source: src, Text: patternText(elems), Phrase: true})
	return nil
}

func (p *tabariParser) forms(line string) error {
	if p.cur < 0 {
		return errors.New("{ forms } before any headword")
	}
	if !strings.HasSuffix(line, "}") {
		return errors.New("{ without }")
	}
	toks, err := fieldTokens(line[1 : len(line)-1])
	if err != nil {
		return err
	}
	v := &p.d.Verbs[p.cur]
	for len(toks) > 0 {
		k := 1
		for k < len(toks) && toks[k-1].joined {
			k++
		}
		for _, t := range toks[:k] {
			if t.kind != 'w' {
				return fmt.Errorf("form list: %q is not a word", t.kind)
			}
		}
		v.Forms = append(v.Forms, tabariForm(toks[:k]))
		toks = toks[k:]
	}
	return nil
}

func (p *tabariParser) pattern(n int, line string) error {
	if p.cur < 0 {
		if p.any {
			return nil // its headword was bad and has been reported
		}
		return errors.New("pattern before any headword")
	}
	text, code, rev, ok, err := splitFieldCode(line)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("pattern without [CODE]")
	}
	pats, err := p.x.patterns(tabariHyphens(text), code, rev, lineSource(p.name, n), p.extra)
	if err != nil {
		return fmt.Errorf("pattern %q: %w", strings.TrimSpace(text), err)
	}
	v := &p.d.Verbs[p.cur]
	v.Patterns = append(v.Patterns, pats...)
	return nil
}

// tabariHyphens does what TABARI does to a phrase's hyphens: one after a
// letter ties the words as "_" does ("ANTI-" is "ANTI_", so "ANTI- + *"
// matches "anti-Gondor parade"), since the text loses its hyphens too.
func tabariHyphens(s string) string {
	if strings.IndexByte(s, '-') < 0 {
		return s
	}
	b := []byte(s)
	for i := 1; i < len(b); i++ {
		if b[i] == '-' && b[i-1] != ' ' && b[i-1] != '\t' {
			b[i] = '_'
		}
	}
	return string(b)
}
