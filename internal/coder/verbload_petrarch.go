package coder

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// LoadPETRARCHVerbs reads a PETRARCH verb dictionary: PETRARCH-1's
// (PETR.Validate.verbs.txt, CAMEO.verbpatterns.*.txt) and PETRARCH-2's
// (CAMEO.2.0.txt), which share their layout:
//
//   - "--- NAME [CODE] ---" starts a block of synonymous verbs; each verb
//     line ("HURRY {HURRIES HURRYING HURRIED} [CODE]") inherits the block's
//     code unless it has its own, and every "- PATTERN [CODE]" line of the
//     block applies to every verb in it;
//   - regular forms are generated; forms in {…} replace them, all of them;
//     "+CALL_OFF" and "WIRE_+TAP" are verbs of several words, "+" marking
//     the one that inflects;
//   - "&NAME" and "+MEMBER" lines define a synset (with plurals, unless the
//     name or the member ends in "_"); "&NAME" in a pattern stands for each
//     member;
//   - in patterns "*" is the verb, "$" the source, "+" the target, "%" a
//     compound actor, "^" one word; PETRARCH-2's "(PREP …)" prepositional
//     phrases and "{…}" noun phrases become their words in order; "[A:B]"
//     codes B from target to source, "[:B]" only that;
//   - "#" and "<!-- … -->" are comments, and so is ";" (TABARI's, left in
//     converted lines such as "SCRAP {…};shan 8/30/93").
//
// What sitrep's patterns cannot hold: "_" asks for adjacent words, and a
// parse tells PETRARCH-2 which noun heads a phrase, where sitrep sees words
// in order with a few allowed between. The verb transformations ("~ a (b .
// ATTACK) SAY = a b 112") are skipped.
func LoadPETRARCHVerbs(r io.Reader, name string) (*VerbDict, error) {
	p := &petrarchParser{d: &VerbDict{Name: name, Style: StylePETRARCH}, name: name, ps: &problems{file: name},
		x: &fieldExpander{syn: synsets{}}}
	eachLine(r, p.ps, func(n int, line string) bool {
		if err := p.line(n, line); err != nil {
			return p.ps.add(n, err)
		}
		return false
	})
	p.flush()
	return p.d, p.ps.err()
}

type petrarchParser struct {
	d        *VerbDict
	name     string
	ps       *problems
	x        *fieldExpander
	inBlock  bool
	code     string // the block's code
	rev      string
	verbs    []Verb    // the block's verbs
	pats     []Pattern // the block's patterns
	syn      string    // the synset being filled, or ""
	plural   bool      // its members take plurals
	inXML    bool      // inside a multi-line <!-- comment
	skipping bool      // the block header was bad: skip the block
}

func (p *petrarchParser) flush() {
	for i := range p.verbs {
		p.verbs[i].Patterns = p.pats[:len(p.pats):len(p.pats)]
	}
	p.d.Verbs = append(p.d.Verbs, p.verbs...)
	p.verbs, p.pats = nil, nil
}

// uncomment removes XML comments and "#" comments from a line.
func (p *petrarchParser) uncomment(line string) string {
	if p.inXML {
		i := strings.Index(line, "-->")
		if i < 0 {
			return ""
		}
		p.inXML = false
		line = line[i+3:]
	}
	for {
		i := strings.Index(line, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(line[i:], "-->")
		if j < 0 {
			p.inXML = true
			line = line[:i]
			break
		}
		line = line[:i] + line[i+j+3:]
	}
	// "#" comments, and TABARI's ";" comments left in some converted files.
	if i := strings.IndexAny(line, "#;"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

func (p *petrarchParser) line(n int, raw string) error {
	line := p.uncomment(raw)
	if line == "" {
		return nil
	}
	switch {
	case strings.HasPrefix(line, "---"):
		p.syn = ""
		return p.block(line)
	case line[0] == '-':
		p.syn = ""
		if p.skipping {
			return nil
		}
		if !p.inBlock {
			return errors.New("pattern before any --- VERB [CODE] --- block")
		}
		text, code, rev, ok, err := splitFieldCode(line[1:])
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("pattern without [CODE]")
		}
		pats, err := p.x.patterns(text, code, rev, lineSource(p.name, n), nil)
		if err != nil {
			return fmt.Errorf("pattern %q: %w", strings.TrimSpace(text), err)
		}
		p.pats = append(p.pats, pats...)
		return nil
	case line[0] == '&':
		name := strings.TrimSpace(line[1:])
		p.syn = ""
		if name == "" || strings.ContainsAny(name, " \t") {
			return fmt.Errorf("synset name %q: want &NAME alone on its line", name)
		}
		p.syn, p.plural = synsetKey(name), !strings.HasSuffix(name, "_")
		p.x.syn[p.syn] = nil
		return nil
	case line[0] == '+' && p.syn != "":
		member := strings.TrimSpace(line[1:])
		toks, err := fieldTokens(member)
		if err != nil {
			return err
		}
		if err := p.x.syn.addMember(p.syn, toks); err != nil {
			return err
		}
		// The plural of the member's last word, unless the name or the
		// member ends in "_".
		if k := lastWord(toks); p.plural && !strings.HasSuffix(member, "_") && k >= 0 {
			pl := append([]fieldTok(nil), toks...)
			pl[k].text = nounPlural(strings.ToLower(pl[k].text))
			return p.x.syn.addMember(p.syn, pl)
		}
		return nil
	case line[0] == '~':
		return nil // a verb transformation: see the doc comment
	case line[0] == '<':
		return nil // an XML-ish tag line (</SYNSETS>, <!DOCTYPE …>)
	}
	p.syn = ""
	if p.skipping {
		return nil
	}
	if !p.inBlock {
		return fmt.Errorf("verb %q before any --- VERB [CODE] --- block", line)
	}
	return p.verb(n, line)
}

func (p *petrarchParser) block(line string) error {
	p.flush()
	p.inBlock, p.skipping = true, false
	body := strings.TrimSpace(strings.TrimRight(strings.TrimPrefix(line, "---"), "-"))
	text, code, rev, ok, err := splitFieldCode(body)
	if err == nil && strings.TrimSpace(text) == "" {
		err = errors.New("block header without a name")
	}
	if err != nil {
		p.inBlock, p.skipping = false, true
		return err
	}
	if !ok {
		code = "---"
	}
	p.code, p.rev = code, rev
	return nil
}

// verb reads "WORD {FORMS} [CODE]" or a multi-word "+CALL_OFF" line.
func (p *petrarchParser) verb(n int, line string) error {
	text, code, rev, ok, err := splitFieldCode(line)
	if err != nil {
		return err
	}
	if !ok {
		code, rev = p.code, p.rev
	}
	var given []string
	hasBraces := false
	if i := strings.IndexByte(text, '{'); i >= 0 {
		j := strings.IndexByte(text, '}')
		if j < i {
			return errors.New("{ without }")
		}
		hasBraces = true
		given = strings.Fields(text[i+1 : j])
		if rest := strings.TrimSpace(text[j+1:]); rest != "" {
			return fmt.Errorf("%q after the forms", rest)
		}
		text = text[:i]
	}
	f := strings.Fields(text)
	if len(f) != 1 {
		return fmt.Errorf("verb line %q: want one verb (words joined by _), its {forms} and [code]", strings.TrimSpace(text))
	}
	base := f[0]
	lemma, err := petrarchPhrase(base)
	if err != nil {
		return err
	}
	v := Verb{Lemma: lemma, Code: code, Reverse: rev, Source: lineSource(p.name, n)}
	seen := map[string]bool{}
	add := func(form string) {
		if !seen[form] {
			seen[form] = true
			v.Forms = append(v.Forms, form)
		}
	}
	add(lemma)
	if hasBraces {
		for _, g := range given {
			form, err := petrarchPhrase(g)
			if err != nil {
				return err
			}
			add(form)
		}
	} else {
		words := strings.Split(strings.ToLower(base), "_")
		k := 0 // the word that inflects
		for i, w := range words {
			if strings.HasPrefix(w, "+") {
				k = i
			}
		}
		root := strings.TrimPrefix(words[k], "+")
		for _, infl := range Inflect(root) {
			out := make([]string, 0, len(words))
			for i, w := range words {
				if i == k {
					w = infl
				}
				if w = strings.TrimPrefix(w, "+"); w != "" {
					out = append(out, w)
				}
			}
			add(strings.Join(out, " "))
		}
	}
	p.verbs = append(p.verbs, v)
	return nil
}

// lastWord returns the index of the last token if it is a word (past any
// closing parenthesis), or -1.
func lastWord(toks []fieldTok) int {
	for k := len(toks) - 1; k >= 0; k-- {
		switch toks[k].kind {
		case ')':
			continue
		case 'w':
			return k
		}
		return -1
	}
	return -1
}

// petrarchPhrase turns "+CALL_OFF" into "call off".
func petrarchPhrase(s string) (string, error) {
	var words []string
	for _, w := range strings.Split(strings.ToLower(s), "_") {
		w = strings.TrimPrefix(w, "+")
		if w == "" {
			continue
		}
		if strings.ContainsAny(w, fieldSpecials+"&[]") {
			return "", fmt.Errorf("verb %q: %q is not a word", s, w)
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return "", fmt.Errorf("verb %q has no word", s)
	}
	return strings.Join(words, " "), nil
}
