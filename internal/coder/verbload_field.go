package coder

// The pattern syntax that TABARI and PETRARCH verb dictionaries share:
// tokens, synsets and their expansion into sitrep's flat patterns.

import (
	"errors"
	"fmt"
	"strings"
)

// fieldTok is one token of a TABARI or PETRARCH pattern or phrase.
type fieldTok struct {
	kind byte   // 'w' a word, '&' a synset, or one of * $ + % ^ { | } ( )
	text string // the word or synset name, as written
	// exact: the word was followed by "_", which in TABARI marks a whole
	// word rather than a stem; joined: that "_" tied it to the next token
	// with no space ("CALLED_ON").
	exact, joined bool
	stem          bool // TABARI "~" after the word: a stem even before "_"
}

const fieldSpecials = "*$+%^{|}()"

// fieldTokens splits a pattern into tokens: spaces and "_" separate words,
// the specials stand alone, and "&NAME" is a synset.
func fieldTokens(s string) ([]fieldTok, error) {
	var out []fieldTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '_':
			if n := len(out); n > 0 && (out[n-1].kind == 'w' || out[n-1].kind == '&') {
				out[n-1].exact = true
				out[n-1].joined = i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t'
			} else if n > 0 && strings.IndexByte("*$+%^", out[n-1].kind) >= 0 {
				// "*_TALKS", "+_*": the slot is tied to what follows.
				out[n-1].joined = i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t'
			}
			i++
		case c == '~':
			if n := len(out); n > 0 && out[n-1].kind == 'w' {
				out[n-1].stem = true
			}
			i++
		case strings.IndexByte(fieldSpecials, c) >= 0:
			out = append(out, fieldTok{kind: c})
			i++
		case c == '[' || c == ']':
			return nil, fmt.Errorf("stray %q", c)
		default:
			j := i + 1
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '_' && s[j] != '~' &&
				strings.IndexByte(fieldSpecials, s[j]) < 0 && s[j] != '[' && s[j] != ']' {
				j++
			}
			if c == '&' {
				if j == i+1 {
					return nil, errors.New("& without a synset name")
				}
				// A synset name may hold "_" ("&FIGHT_OF_WORDS"); which
				// part is the name is settled against the synsets defined.
				for j < len(s) && (s[j] == '_' || isNameByte(s[j])) {
					j++
				}
				out = append(out, fieldTok{kind: '&', text: s[i+1 : j]})
			} else {
				out = append(out, fieldTok{kind: 'w', text: s[i:j]})
			}
			i = j
		}
	}
	return out, nil
}

func isNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
}

// synsets are the named word lists of a TABARI or PETRARCH file; each
// member is a parsed sequence (PETRARCH's plurals are members of their own).
type synsets map[string][][]fieldNode

// synsetKey is a synset's name as looked up: upper case, without the
// trailing "_" that PETRARCH uses to say "no plurals".
func synsetKey(name string) string { return strings.ToUpper(strings.TrimRight(name, "_")) }

// addMember parses a synset member and adds it to the synset key.
func (ss synsets) addMember(key string, toks []fieldTok) error {
	tree, err := fieldTree(toks)
	if err != nil {
		return err
	}
	if len(tree) == 0 {
		return errors.New("empty synset member")
	}
	ss[key] = append(ss[key], tree)
	return nil
}

// resolve splits "&NAME_REST" into the longest defined synset name and the
// words after it ("&CURRENCY_EXCHANGE" → &CURRENCY, EXCHANGE).
func (ss synsets) resolve(name string) (string, []fieldTok, bool) {
	if _, ok := ss[synsetKey(name)]; ok {
		return synsetKey(name), nil, true
	}
	for i := len(name) - 1; i > 0; i-- {
		if name[i] != '_' {
			continue
		}
		if _, ok := ss[synsetKey(name[:i])]; ok {
			var rest []fieldTok
			for _, w := range strings.Split(name[i+1:], "_") {
				if w != "" {
					rest = append(rest, fieldTok{kind: 'w', text: w, exact: true, joined: true})
				}
			}
			if n := len(rest); n > 0 {
				rest[n-1].exact, rest[n-1].joined = strings.HasSuffix(name, "_"), false
			}
			return synsetKey(name[:i]), rest, true
		}
	}
	return "", nil, false
}

// fieldNode is a parsed pattern: a sequence of tokens and groups of
// alternatives.
type fieldNode struct {
	tok  fieldTok
	alts [][]fieldNode // for a group
}

// fieldTree parses tokens into a sequence, "{A | B}" making a group of
// alternatives. Parentheses (PETRARCH's prepositional phrases) and braces
// without "|" (its noun phrases) only group, so they vanish.
func fieldTree(toks []fieldTok) ([]fieldNode, error) {
	seq, rest, err := fieldSeq(toks, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("unexpected %q", rest[0].kind)
	}
	return seq, nil
}

func fieldSeq(toks []fieldTok, depth int) ([]fieldNode, []fieldTok, error) {
	if depth > 8 {
		return nil, nil, errors.New("braces nested too deep")
	}
	seq := make([]fieldNode, 0, len(toks))
	for len(toks) > 0 {
		t := toks[0]
		switch t.kind {
		case '(', ')':
			toks = toks[1:]
		case '{':
			toks = toks[1:]
			var alts [][]fieldNode
			for {
				alt, rest, err := fieldSeq(toks, depth+1)
				if err != nil {
					return nil, nil, err
				}
				alts = append(alts, alt)
				if len(rest) == 0 {
					return nil, nil, errors.New("{ without }")
				}
				toks = rest[1:]
				if rest[0].kind == '}' {
					break
				}
			}
			if len(alts) == 1 {
				seq = append(seq, alts[0]...)
			} else {
				seq = append(seq, fieldNode{alts: alts})
			}
		case '|', '}':
			if depth == 0 {
				return nil, nil, fmt.Errorf("%q outside braces", t.kind)
			}
			return seq, toks, nil
		default:
			seq = append(seq, fieldNode{tok: t})
			toks = toks[1:]
		}
	}
	return seq, nil, nil
}

// fieldExpander turns pattern trees into sitrep's patterns. A synset or a
// group of alternatives that holds only words becomes one element with
// alternatives; one that holds actors or the verb multiplies the pattern.
type fieldExpander struct {
	syn   synsets
	stems bool // TABARI: a word not ended by "_" is a stem
	memo  map[string]synPhrases
	out   [][]Elem
	stack []Elem // the sequence being built
	err   error
}

type synPhrases struct {
	list []string
	ok   bool
}

// word writes a word token as a pattern word: lower case, "*" for a stem.
func (x *fieldExpander) word(t fieldTok) string {
	w := strings.ToLower(t.text)
	if x.stems && (!t.exact || t.stem) && !strings.HasSuffix(w, "*") {
		w += "*"
	}
	return w
}

// phrases returns every phrase a sequence stands for, when it holds words
// and word-only synsets and groups alone.
func (x *fieldExpander) phrases(seq []fieldNode, depth int) ([]string, bool) {
	if depth > 6 {
		return nil, false
	}
	out := []string{""}
	for _, n := range seq {
		var opts []string
		switch {
		case n.alts != nil:
			for _, alt := range n.alts {
				p, ok := x.phrases(alt, depth+1)
				if !ok || len(opts)+len(p) > maxExpansions {
					return nil, false
				}
				opts = append(opts, p...)
			}
		case n.tok.kind == '&':
			key, tail, ok := x.syn.resolve(n.tok.text)
			if !ok {
				return nil, false
			}
			p, ok := x.synsetPhrases(key, depth+1)
			if !ok {
				return nil, false
			}
			opts = p
			if len(tail) > 0 {
				var b strings.Builder
				for _, t := range tail {
					b.WriteByte(' ')
					b.WriteString(x.word(t))
				}
				suffix := b.String()
				opts = make([]string, len(p))
				for i, o := range p {
					opts[i] = o + suffix
				}
			}
		case n.tok.kind == 'w':
			opts = []string{x.word(n.tok)}
		default:
			return nil, false
		}
		if len(out)*len(opts) > maxExpansions {
			return nil, false
		}
		next := make([]string, 0, len(out)*len(opts))
		for _, a := range out {
			for _, b := range opts {
				if a == "" {
					next = append(next, b)
				} else {
					next = append(next, a+" "+b)
				}
			}
		}
		out = next
	}
	return out, len(out) > 0 && out[0] != ""
}

// synsetPhrases returns a synset's phrases, once worked out, without
// repeats.
func (x *fieldExpander) synsetPhrases(key string, depth int) ([]string, bool) {
	if sp, ok := x.memo[key]; ok {
		return sp.list, sp.ok
	}
	if x.memo == nil {
		x.memo = map[string]synPhrases{}
	}
	x.memo[key] = synPhrases{} // a synset inside itself is not word-only
	var list []string
	seen := map[string]bool{}
	ok := true
	for _, m := range x.syn[key] {
		p, mok := x.phrases(m, depth)
		if !mok || len(list)+len(p) > maxExpansions {
			ok = false
			break
		}
		for _, s := range p {
			if !seen[s] {
				seen[s] = true
				list = append(list, s)
			}
		}
	}
	if !ok || len(list) == 0 {
		list, ok = nil, false
	}
	x.memo[key] = synPhrases{list, ok}
	return list, ok
}

// altElem makes one word element of a list of phrases.
func altElem(list []string) Elem {
	return Elem{Kind: ElemWord, Word: list[0], Alts: list[1:len(list):len(list)]}
}

// expand returns every element sequence the tree stands for.
func (x *fieldExpander) expand(seq []fieldNode) ([][]Elem, error) {
	x.out, x.err, x.stack = nil, nil, x.stack[:0]
	x.walk(seq, 0, func() {
		if len(x.out) >= maxExpansions {
			if x.err == nil {
				x.err = fmt.Errorf("pattern expands to more than %d patterns", maxExpansions)
			}
			return
		}
		x.out = append(x.out, append([]Elem(nil), x.stack...))
	})
	return x.out, x.err
}

// walk extends x.stack by seq, calls next with each result on the stack,
// and leaves the stack as it found it.
func (x *fieldExpander) walk(seq []fieldNode, depth int, next func()) {
	if x.err != nil {
		return
	}
	if len(seq) == 0 {
		next()
		return
	}
	n, rest := seq[0], seq[1:]
	push := func(e Elem) {
		x.stack = append(x.stack, e)
		x.walk(rest, depth, next)
		x.stack = x.stack[:len(x.stack)-1]
	}
	switch {
	case n.alts != nil:
		if list, ok := x.phrases([]fieldNode{n}, 0); ok {
			push(altElem(list))
			return
		}
		for _, alt := range n.alts {
			x.walk(alt, depth, func() { x.walk(rest, depth, next) })
		}
	case n.tok.kind == '&':
		if depth > 4 {
			x.err = errors.New("synsets nested too deep (does one contain itself?)")
			return
		}
		key, tail, ok := x.syn.resolve(n.tok.text)
		if !ok {
			x.err = fmt.Errorf("synset &%s is not defined", n.tok.text)
			return
		}
		after := rest
		if len(tail) > 0 {
			after = make([]fieldNode, 0, len(tail)+len(rest))
			for _, t := range tail {
				after = append(after, fieldNode{tok: t})
			}
			after = append(after, rest...)
		}
		if list, ok := x.synsetPhrases(key, 0); ok {
			x.stack = append(x.stack, altElem(list))
			x.walk(after, depth, next)
			x.stack = x.stack[:len(x.stack)-1]
			return
		}
		for _, m := range x.syn[key] {
			x.walk(m, depth+1, func() { x.walk(after, depth, next) })
		}
	default:
		var e Elem
		switch n.tok.kind {
		case 'w':
			e = Elem{Kind: ElemWord, Word: x.word(n.tok)}
		case '*':
			e = Elem{Kind: ElemVerb}
		case '+':
			e = Elem{Kind: ElemTarget}
		case '$':
			e = Elem{Kind: ElemSource}
		case '%':
			e = Elem{Kind: ElemCompound}
		case '^':
			e = Elem{Kind: ElemAny}
		default:
			x.err = fmt.Errorf("unexpected %q", n.tok.kind)
			return
		}
		e.Tight = n.tok.joined
		push(e)
	}
}

// checkElems checks a pattern's slots: one verb, at most one target and
// one source.
func checkElems(elems []Elem) error {
	verbs, targets, sources := 0, 0, 0
	for _, e := range elems {
		switch e.Kind {
		case ElemVerb:
			verbs++
		case ElemTarget:
			targets++
		case ElemSource:
			sources++
		}
	}
	switch {
	case verbs != 1:
		return fmt.Errorf("want exactly one * for the verb, found %d", verbs)
	case targets > 1:
		return errors.New("more than one + (target)")
	case sources > 1:
		return errors.New("more than one $ (source)")
	}
	return nil
}

// patternText writes elements as sitrep shows a pattern: words lower-case,
// stems with "*" after them, alternatives joined by "|".
func patternText(elems []Elem) string {
	var b strings.Builder
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(elemText(e))
	}
	return b.String()
}

// splitFieldCode splits "TEXT [CODE] rest" into the text before the first
// "[" and the code; a missing "]" is an error. "[A:B]" gives a reverse code
// and "[:B]" only a reverse one.
func splitFieldCode(s string) (text, code, rev string, hasCode bool, err error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s, "", "", false, nil
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return "", "", "", false, errors.New("[ without ]")
	}
	inner := strings.TrimSpace(s[i+1 : i+j])
	if inner == "" {
		return "", "", "", false, errors.New("empty code []")
	}
	if strings.ContainsAny(inner, " \t") {
		return "", "", "", false, fmt.Errorf("code [%s] has spaces in it", inner)
	}
	code, rev, _ = strings.Cut(inner, ":")
	if code == "" {
		code = "---"
	}
	return s[:i], code, rev, true, nil
}

// patterns expands one pattern line's text into patterns. extra words (a
// multi-word TABARI headword's) go right after the verb.
func (x *fieldExpander) patterns(text, code, rev, src string, extra []fieldTok) ([]Pattern, error) {
	toks, err := fieldTokens(text)
	if err != nil {
		return nil, err
	}
	if len(extra) > 0 {
		for i, t := range toks {
			if t.kind == '*' {
				toks = append(toks[:i+1:i+1], append(append([]fieldTok(nil), extra...), toks[i+1:]...)...)
				break
			}
		}
	}
	tree, err := fieldTree(toks)
	if err != nil {
		return nil, err
	}
	chars, alt := patternChars(text)
	chars += alt
	for _, t := range extra {
		chars += len(t.text) + 1
	}
	flat, err := x.expand(tree)
	if err != nil {
		return nil, err
	}
	out := make([]Pattern, 0, len(flat))
	for _, elems := range flat {
		if err := checkElems(elems); err != nil {
			return nil, err
		}
		out = append(out, Pattern{Elems: elems, Code: code, Reverse: rev, Source: src, Text: patternText(elems), Chars: chars, HasAlt: alt > 0})
	}
	return out, nil
}

// patternChars measures a pattern as TABARI orders patterns: the letters,
// digits, "_" and "'" outside braces, and (alt) the sum over {…|…} groups
// of their longest alternative.
func patternChars(text string) (fixed, alt int) {
	count := func(c byte) int {
		switch {
		case c == '_' || c == '\'':
			return 1
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c >= 0x80:
			return 1
		}
		return 0
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '{' {
			fixed += count(text[i])
			continue
		}
		best, cur := 0, 0
		for i++; i < len(text) && text[i] != '}'; i++ {
			if text[i] == '|' {
				best, cur = max(best, cur), 0
				continue
			}
			cur += count(text[i])
		}
		alt += max(best, cur)
	}
	return fixed, alt
}
