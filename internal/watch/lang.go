package watch

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxRuleLen bounds a rule's text: rules are one readable line.
const maxRuleLen = 2000

// ParseRule reads one rule of the rule language (see the package doc):
// a kind, then clauses of a keyword and its value, in any order. "and" may
// join clauses; lists are comma-separated (RUS,USA); phrases are quoted.
// Errors name the word that went wrong and where it is.
func ParseRule(text string) (Spec, error) {
	if len(text) > maxRuleLen {
		return Spec{}, fmt.Errorf("rule is %d bytes long; keep it under %d", len(text), maxRuleLen)
	}
	if !utf8.ValidString(text) {
		return Spec{}, fmt.Errorf("rule is not valid UTF-8")
	}
	toks, err := lex(text)
	if err != nil {
		return Spec{}, err
	}
	p := &parser{toks: toks}
	spec, err := p.rule()
	if err != nil {
		return Spec{}, err
	}
	if err := spec.Validate(); err != nil {
		return Spec{}, err
	}
	return spec, nil
}

type tokKind int

const (
	tWord tokKind = iota
	tString
	tComma
	tOp
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset, for messages
}

func (t token) String() string {
	if t.kind == tString {
		return quote(t.text)
	}
	return strconv.Quote(t.text)
}

func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case r == ',':
			out = append(out, token{tComma, ",", i})
			i++
		case r == '<' || r == '>' || r == '=':
			j := i + 1
			if j < len(s) && s[j] == '=' && r != '=' {
				j++
			}
			out = append(out, token{tOp, s[i:j], i})
			i = j
		case r == '"':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				c := s[j]
				if c == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
					b.WriteByte(s[j+1])
					j += 2
					continue
				}
				if c == '"' {
					closed = true
					j++
					break
				}
				if c < 0x20 || c == 0x7f {
					return nil, fmt.Errorf("at byte %d: control character in a quoted phrase", j)
				}
				b.WriteByte(c)
				j++
			}
			if !closed {
				return nil, fmt.Errorf("at byte %d: quoted phrase has no closing \"", i)
			}
			out = append(out, token{tString, b.String(), i})
			i = j
		case unicode.IsControl(r):
			return nil, fmt.Errorf("at byte %d: control character", i)
		default:
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`,<>="`, r) {
					break
				}
				j += n
			}
			out = append(out, token{tWord, s[i:j], i})
			i = j
		}
	}
	return out, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) atEnd() bool { return p.i >= len(p.toks) }

func (p *parser) peekWord() string {
	if p.atEnd() || p.toks[p.i].kind != tWord {
		return ""
	}
	return strings.ToLower(p.toks[p.i].text)
}

func (p *parser) next() (token, bool) {
	if p.atEnd() {
		return token{}, false
	}
	t := p.toks[p.i]
	p.i++
	return t, true
}

// errAt describes a problem at the current token (or at the end).
func (p *parser) errAt(format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	if p.atEnd() {
		return fmt.Errorf("at the end of the rule: %s", msg)
	}
	t := p.toks[p.i]
	return fmt.Errorf("at %s (word %d): %s", t, p.i+1, msg)
}

// word reads one word, naming what was expected when there is none.
func (p *parser) word(what string) (string, error) {
	if p.atEnd() || p.toks[p.i].kind != tWord {
		return "", p.errAt("want %s", what)
	}
	t, _ := p.next()
	return t.text, nil
}

// list reads WORD[,WORD…].
func (p *parser) list(what string) ([]string, error) {
	var out []string
	for {
		w, err := p.word(what)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
		if p.atEnd() || p.toks[p.i].kind != tComma {
			return out, nil
		}
		p.i++
	}
}

var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,14}$`)

// codes reads a list of country or actor codes, upper-cased.
func (p *parser) codes(what string) ([]string, error) {
	start := p.i
	ws, err := p.list(what)
	if err != nil {
		return nil, err
	}
	for i, w := range ws {
		c := strings.ToUpper(w)
		if !codeRE.MatchString(c) {
			p.i = start
			return nil, p.errAt("%q is not a country or actor code (such as RUS, USA, NATO, RUSGOV)", w)
		}
		ws[i] = c
	}
	return dedupe(ws), nil
}

func dedupe(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// pair reads A-B (also A–B or A:B).
func (p *parser) pair(what string) (Pair, error) {
	w, err := p.word(what + " as two codes, such as USA-RUS")
	if err != nil {
		return Pair{}, err
	}
	a, b, ok := strings.Cut(w, "-")
	if !ok {
		a, b, ok = strings.Cut(w, "–")
	}
	if !ok {
		a, b, ok = strings.Cut(w, ":")
	}
	a, b = strings.ToUpper(a), strings.ToUpper(b)
	if !ok || !codeRE.MatchString(a) || !codeRE.MatchString(b) {
		p.i--
		return Pair{}, p.errAt("want %s as two codes, such as USA-RUS", what)
	}
	return Pair{a, b}, nil
}

func (p *parser) duration(what string) (time.Duration, error) {
	w, err := p.word(what + ", such as 14d")
	if err != nil {
		return 0, err
	}
	d, err := ParseDuration(w)
	if err != nil || d <= 0 {
		p.i--
		if err == nil {
			err = fmt.Errorf("must be more than zero")
		}
		return 0, p.errAt("%v", err)
	}
	return d, nil
}

// sd reads a threshold in standard deviations: 2sd, 2.5, 3SD.
func (p *parser) sd() (float64, error) {
	w, err := p.word("a number of standard deviations, such as 2sd")
	if err != nil {
		return 0, err
	}
	k, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(w), "sd"), 64)
	if err != nil || k <= 0 || k > 100 || math.IsNaN(k) {
		p.i--
		return 0, p.errAt("want a number of standard deviations above 0, such as 2sd")
	}
	return k, nil
}

func (p *parser) phrase(what string) (string, error) {
	if p.atEnd() {
		return "", p.errAt("want %s in double quotes", what)
	}
	t := p.toks[p.i]
	switch t.kind {
	case tString:
		p.i++
		if strings.TrimSpace(t.text) == "" {
			p.i--
			return "", p.errAt("%s is empty", what)
		}
		return strings.TrimSpace(t.text), nil
	case tWord:
		p.i++
		return t.text, nil
	}
	return "", p.errAt("want %s in double quotes", what)
}

func (p *parser) vocab(what string, vocab []string) ([]string, error) {
	start := p.i
	ws, err := p.list(what)
	if err != nil {
		return nil, err
	}
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
		if ws[i] == "single" {
			ws[i] = "single-source"
		}
		if !slices.Contains(vocab, ws[i]) {
			p.i = start
			return nil, p.errAt("%s %q: want one of %s", what, w, strings.Join(vocab, ", "))
		}
	}
	return dedupe(ws), nil
}

func (p *parser) rule() (Spec, error) {
	var s Spec
	kw, err := p.word("a rule kind: deadline, event, tone, claim or market")
	if err != nil {
		return s, err
	}
	switch strings.ToLower(kw) {
	case "deadline", "deadlines":
		s.Kind = KindDeadline
		switch p.peekWord() {
		case "due", "coming":
			p.i++
			if p.peekWord() == "due" {
				p.i++
			}
		case "passed", "passes", "past":
			p.i++
			s.Passed = true
		default:
			return s, p.errAt(`want "due" or "passed" after deadline`)
		}
	case "event", "events", "story", "stories":
		s.Kind = KindEvent
	case "tone":
		s.Kind = KindTone
		if s.Dyad, err = p.pair("the dyad"); err != nil {
			return s, err
		}
		if p.peekWord() == "shift" || p.peekWord() == "shifts" {
			p.i++
		}
	case "claim", "claims":
		s.Kind = KindClaim
		switch p.peekWord() {
		case "denial", "denials", "deny", "denies":
			p.i++
			s.Denial = true
		}
	case "market":
		s.Kind = KindMarket
		if s.Series, err = p.word("a stored series name, such as BRENT"); err != nil {
			return s, err
		}
	default:
		p.i--
		return s, p.errAt("unknown rule kind (want deadline, event, tone, claim or market)")
	}
	return s, p.clauses(&s)
}

// clauses reads the rest of the rule into s.
func (p *parser) clauses(s *Spec) error {
	seen := map[string]bool{}
	for !p.atEnd() {
		kw := p.peekWord()
		if kw == "" {
			return p.errAt("want a clause keyword")
		}
		if kw == "and" {
			p.i++
			continue
		}
		canon := clauseName(kw)
		if seen[canon] {
			return p.errAt("%s is given twice", canon)
		}
		seen[canon] = true
		p.i++
		if err := p.clause(s, canon); err != nil {
			return err
		}
	}
	return nil
}

func clauseName(kw string) string {
	switch kw {
	case "actors":
		return "actor"
	case "involves":
		return "involving"
	case "kinds":
		return "kind"
	case "statuses", "is":
		return "status"
	case "roots":
		return "root"
	case "code", "codes":
		return "cameo"
	case "keywords", "mentioning":
		return "keyword"
	case "sd", "threshold":
		return "beyond"
	case "after":
		return "of"
	}
	return kw
}

// clause reads one clause's value for the keyword kw.
func (p *parser) clause(s *Spec, kw string) error {
	p.i--
	bad := func() error {
		return p.errAt("%s does not apply to a %s rule%s", kw, s.Kind, clauseHint(s.Kind))
	}
	p.i++
	var err error
	story := s.Kind == KindEvent
	switch {
	case kw == "for":
		s.For, err = p.duration("the hold time")
	case kw == "within":
		s.Within, err = p.duration("a span")
	case kw == "involving" && s.Kind == KindDeadline:
		s.Involving, err = p.codes("actor codes")
	case kw == "kind" && s.Kind == KindDeadline:
		s.DeadlineKinds, err = p.vocab("deadline kind", deadlineKinds)
	case kw == "status" && s.Kind == KindDeadline:
		s.Statuses, err = p.vocab("deadline status", deadlineStatuses)
	case kw == "about" && s.Kind == KindDeadline:
		s.About, err = p.phrase("the words the deadline must mention")
	case kw == "by" && s.Kind == KindClaim:
		s.Speakers, err = p.codes("the speakers' codes")
	case kw == "about" && s.Kind == KindClaim:
		s.Pair, err = p.pair("the pair the claim is about")
	case kw == "keyword" && s.Kind == KindClaim:
		s.About, err = p.phrase("the words the claim must hold")
	case kw == "by" && s.Kind == KindTone:
		var v []string
		v, err = p.vocab("period", tonePeriods)
		if err == nil && len(v) > 1 {
			return p.errAt("one period only")
		}
		if err == nil {
			s.Period = v[0]
		}
	case (kw == "down" || kw == "up" || kw == "any") && s.Kind == KindTone:
		s.Change = kw
	case kw == "one-way" && s.Kind == KindTone:
		s.OneWay = true
	case kw == "window" && s.Kind == KindTone:
		var w string
		if w, err = p.word("the trailing window in periods, such as 8"); err == nil {
			n, convErr := strconv.Atoi(w)
			if convErr != nil || n < 2 || n > 520 {
				p.i--
				return p.errAt("want the trailing window as a number of periods from 2 to 520")
			}
			s.Periods = n
		}
	case kw == "metric" && s.Kind == KindTone:
		var v []string
		if v, err = p.vocab("metric", toneMetrics); err == nil {
			s.Metric = v[0]
		}
	case kw == "beyond" && (s.Kind == KindTone || s.Kind == KindMarket):
		s.K, err = p.sd()
	case kw == "of" && s.Kind == KindMarket:
		switch p.peekWord() {
		case "event", "events", "story", "stories":
			p.i++
		}
		for !p.atEnd() {
			k := p.peekWord()
			if k == "and" {
				p.i++
				continue
			}
			if k == "" {
				return p.errAt("want a story clause (actor, dyad, root, …)")
			}
			if k == "for" {
				break // the hold closes the rule
			}
			p.i++
			if err := p.storyClause(&s.Story, clauseName(k)); err != nil {
				return err
			}
		}
	case story:
		return p.storyClause(&s.Story, kw)
	default:
		p.i--
		return bad()
	}
	return err
}

func clauseHint(k Kind) string {
	switch k {
	case KindDeadline:
		return " (deadline clauses: within, involving, kind, status, about, for)"
	case KindEvent:
		return " (event clauses: within, actor, source, target, dyad, cameo, root, quad, goldstein, status, keyword, sources, for)"
	case KindTone:
		return " (tone clauses: by, down, up, any, one-way, beyond, window, metric, within, for)"
	case KindClaim:
		return " (claim clauses: by, about, keyword, within, for)"
	case KindMarket:
		return " (market clauses: beyond, within, for, then of event …)"
	}
	return ""
}

// storyClause reads one clause of a story match.
func (p *parser) storyClause(m *StoryMatch, kw string) error {
	var err error
	switch kw {
	case "actor":
		m.Actors, err = p.codes("actor codes")
	case "source", "from":
		m.Sources, err = p.codes("the acting side's codes")
	case "target", "to":
		m.Targets, err = p.codes("the codes of the side acted on")
	case "dyad", "between":
		m.Dyad, err = p.pair("the dyad")
	case "cameo":
		start := p.i
		if m.Codes, err = p.list("CAMEO codes, such as 042"); err == nil {
			for _, c := range m.Codes {
				if !isDigits(c) || len(c) < 2 || len(c) > 4 {
					p.i = start
					return p.errAt("CAMEO code %q: want 2 to 4 digits, such as 042", c)
				}
			}
			m.Codes = dedupe(m.Codes)
		}
	case "root":
		start := p.i
		if m.Roots, err = p.list("CAMEO roots, such as 04"); err == nil {
			for i, r := range m.Roots {
				n, convErr := strconv.Atoi(r)
				if !isDigits(r) || convErr != nil || n < 1 || n > 20 {
					p.i = start
					return p.errAt("CAMEO root %q: want 01 to 20", r)
				}
				m.Roots[i] = fmt.Sprintf("%02d", n)
			}
			m.Roots = dedupe(m.Roots)
		}
	case "quad":
		start := p.i
		var qs []string
		if qs, err = p.list("quad classes 1 to 4"); err == nil {
			m.Quads = nil
			for _, q := range qs {
				n, convErr := strconv.Atoi(q)
				if convErr != nil || n < 1 || n > 4 {
					p.i = start
					return p.errAt("quad %q: want 1 (verbal cooperation) to 4 (material conflict)", q)
				}
				if !slices.Contains(m.Quads, n) {
					m.Quads = append(m.Quads, n)
				}
			}
		}
	case "goldstein":
		var c Compare
		if c, err = p.compare("Goldstein"); err == nil {
			if c.Value < -10 || c.Value > 10 {
				p.i--
				return p.errAt("Goldstein values run from -10 to +10")
			}
			m.Goldstein = &c
		}
	case "status":
		m.Statuses, err = p.vocab("story status", storyStatuses)
	case "keyword":
		m.Keyword, err = p.phrase("the words the story must mention")
	case "sources":
		var c Compare
		if c, err = p.compare("sources"); err == nil {
			if c.Op != ">=" || c.Value < 1 || c.Value != math.Trunc(c.Value) || c.Value > 1000 {
				p.i--
				return p.errAt("want sources >= N, a whole number from 1")
			}
			m.MinSources = int(c.Value)
		}
	default:
		p.i--
		return p.errAt("%s is not a story clause (actor, source, target, dyad, cameo, root, quad, goldstein, status, keyword, sources)", kw)
	}
	return err
}

// compare reads OP NUMBER (OP defaults to >=).
func (p *parser) compare(what string) (Compare, error) {
	c := Compare{Op: ">="}
	if !p.atEnd() && p.toks[p.i].kind == tOp {
		c.Op = p.toks[p.i].text
		p.i++
	}
	w, err := p.word(what + " as a number")
	if err != nil {
		return c, err
	}
	v, err := strconv.ParseFloat(w, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.i--
		return c, p.errAt("want %s as a number", what)
	}
	c.Value = v
	return c, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
