package actor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The TABARI and PETRARCH formats share one layout: a phrase with words
// joined by "_" or spaces, then codes in brackets, "[RUS]" or date-restricted
// "[RUSGOV 991231-080507]", "[USAGOV >090120]", "[AR1 <911226]"; "+" lines
// add synonyms and tab-indented bracket lines add codes to the entry above.
// They differ in that TABARI lets an unterminated word match as a prefix
// ("ARGENTIN" matches "ARGENTINA"), while a trailing "_" ends the word.
type style uint8

const (
	styleTABARI style = iota
	stylePETRARCH
)

// LoadTABARIActors reads a TABARI .actors dictionary.
func LoadTABARIActors(r io.Reader, name string) (*Dict, error) {
	return loadBracketed(r, name, styleTABARI, false)
}

// LoadTABARIAgents reads a TABARI .agents dictionary.
func LoadTABARIAgents(r io.Reader, name string) (*Dict, error) {
	return loadBracketed(r, name, styleTABARI, true)
}

// LoadPETRARCHActors reads a PETRARCH or Phoenix actor dictionary
// (Phoenix.Countries.actors.txt and its kin).
func LoadPETRARCHActors(r io.Reader, name string) (*Dict, error) {
	return loadBracketed(r, name, stylePETRARCH, false)
}

// LoadPETRARCHAgents reads a PETRARCH or Phoenix agents dictionary
// (Phoenix.agents.txt), with its !MARKER! = a, b substitutions and {plural}
// forms.
func LoadPETRARCHAgents(r io.Reader, name string) (*Dict, error) {
	return loadBracketed(r, name, stylePETRARCH, true)
}

type bracketParser struct {
	name    string
	style   style
	agents  bool
	line    int
	d       *Dict
	cur     int // index of the entry that "+" and indented lines extend; -1 before any
	inXML   bool
	block   string // "NOUN" or "ADJECTIVE" inside those TABARI blocks
	markers map[string][]string
}

// maxExpansions bounds the phrases one agents line may expand to.
const maxExpansions = 1000

func loadBracketed(r io.Reader, name string, st style, agents bool) (*Dict, error) {
	p := &bracketParser{name: name, style: st, agents: agents, d: &Dict{Name: name}, cur: -1}
	ps := problems{file: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	for sc.Scan() {
		p.line++
		stop, err := p.parseLine(sc.Text())
		if err != nil && ps.add(p.line, err) {
			break
		}
		if stop {
			break
		}
	}
	if err := sc.Err(); err != nil {
		ps.add(p.line+1, err)
	}
	if p.inXML {
		ps.add(p.line, errors.New("comment opened with <!-- is never closed"))
	}
	return p.d, ps.err()
}

// cutComment drops "; ..." and "# ..." comments; a "#" inside a code block
// is part of the code ("[###]").
func cutComment(s string) string {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ';':
			return s[:i]
		case '#':
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

func (p *bracketParser) parseLine(raw string) (stop bool, err error) {
	line := strings.TrimSuffix(raw, "\r")
	if p.line == 1 {
		line = strings.TrimPrefix(line, "\ufeff")
	}
	if !utf8.ValidString(line) {
		// The field's files are mostly Latin-1 where they are not ASCII.
		line = latin1ToUTF8(line)
	}
	// <!-- ... --> comments, which may span lines.
	for {
		if p.inXML {
			end := strings.Index(line, "-->")
			if end < 0 {
				return false, nil
			}
			line = line[end+3:]
			p.inXML = false
			continue
		}
		start := strings.Index(line, "<!--")
		if start < 0 {
			break
		}
		p.inXML = true
		rest := line[start+4:]
		if end := strings.Index(rest, "-->"); end >= 0 {
			line = line[:start] + rest[end+3:]
			p.inXML = false
			continue
		}
		line = line[:start]
		break
	}
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "":
		return false, nil
	case strings.HasPrefix(trimmed, "~~FINISH"), strings.HasPrefix(trimmed, "---STOP---"):
		return true, nil
	case trimmed[0] == '#' || trimmed[0] == ';':
		return false, nil
	}
	if !p.agents {
		switch strings.ToUpper(strings.TrimSpace(cutComment(trimmed))) {
		case "<NOUN>", "<NOUNS>":
			p.block = "NOUN"
			return false, nil
		case "<ADJECTIVE>", "<ADJECTIVES>":
			p.block = "ADJECTIVE"
			return false, nil
		case "</NOUN>", "</NOUNS>", "</ADJECTIVE>", "</ADJECTIVES>":
			p.block = ""
			return false, nil
		}
		if p.block != "" {
			w := strings.TrimSpace(cutComment(trimmed))
			if w == "" {
				return false, nil
			}
			if p.block == "NOUN" {
				p.d.Nouns = append(p.d.Nouns, w)
			} else {
				p.d.Adjectives = append(p.d.Adjectives, w)
			}
			return false, nil
		}
	}
	if p.agents {
		return false, p.agentLine(trimmed)
	}
	content := strings.TrimSpace(cutComment(trimmed))
	if content == "" {
		return false, nil
	}
	switch {
	case line[0] == ' ' || line[0] == '\t':
		// Codes for the entry above, on their own line.
		if p.cur < 0 {
			return false, errors.New("indented code line before any entry")
		}
		if content[0] != '[' {
			return false, fmt.Errorf("indented line %q: want a [CODE] block", content)
		}
		return false, p.codes(&p.d.Entries[p.cur], content)
	case content[0] == '+':
		if p.cur < 0 {
			return false, errors.New("synonym line (+) before any entry")
		}
		phrase, codes, _ := strings.Cut(content[1:], "[")
		ph, err := p.phrase(phrase)
		if err != nil {
			return false, err
		}
		e := &p.d.Entries[p.cur]
		e.Phrases = append(e.Phrases, ph)
		if codes != "" {
			return false, p.codes(e, "["+codes)
		}
		return false, nil
	}
	phrase, codes, hasCodes := strings.Cut(content, "[")
	ph, err := p.phrase(phrase)
	if err != nil {
		return false, err
	}
	p.d.Entries = append(p.d.Entries, Entry{Kind: KindActor, Name: displayName(ph.Text), Phrases: []Phrase{ph},
		Source: source(p.name, p.line)})
	p.cur = len(p.d.Entries) - 1
	if hasCodes {
		return false, p.codes(&p.d.Entries[p.cur], "["+codes)
	}
	return false, nil
}

// codes reads one or more "[...]" blocks into e.
func (p *bracketParser) codes(e *Entry, s string) error {
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] != '[' {
			// TABARI ignores what follows the codes; some files keep notes
			// there ("[MNCMED]	Newspapers/Magazines").
			return nil
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return fmt.Errorf("code block %q has no closing ]", s)
		}
		if err := p.codeBlock(e, s[1:end]); err != nil {
			return err
		}
		s = s[end+1:]
	}
	return nil
}

// codeBlock reads the inside of one [...]: "CODE", "CODE YYMMDD-YYMMDD",
// "CODE <YYMMDD", "CODE >YYMMDD" (years as YY or YYYY).
func (p *bracketParser) codeBlock(e *Entry, s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return errors.New("empty code block []")
	}
	code, rest, _ := strings.Cut(s, " ")
	if i := strings.IndexAny(code, "<>"); i > 0 { // "AR1<911226"
		code, rest = code[:i], code[i:]+" "+rest
	}
	code = strings.ToUpper(code)
	if err := checkBracketCode(code); err != nil {
		return err
	}
	rest = strings.Join(strings.Fields(rest), "")
	if rest == "" {
		e.Code = code // an undated code is the default; a later one replaces it
		return nil
	}
	var r Role
	r.Code = code
	switch rest[0] {
	case '<':
		t, _, err := parseTabariDate(rest[1:])
		if err != nil {
			return err
		}
		r.To = t
	case '>':
		t, _, err := parseTabariDate(rest[1:])
		if err != nil {
			return err
		}
		r.From = t
	default:
		a, b, ok := strings.Cut(rest, "-")
		if !ok {
			return fmt.Errorf("date restriction %q: want <DATE, >DATE or DATE-DATE", rest)
		}
		from, short, err := parseTabariDate(a)
		if err != nil {
			return err
		}
		to, _, err := parseTabariDate(b)
		if err != nil {
			return err
		}
		if to.Before(from) && short && from.Year() >= 2000 {
			// "270101-730717": a two-digit start past its end is of the 1900s.
			from = from.AddDate(-100, 0, 0)
		}
		if to.Before(from) {
			return fmt.Errorf("date restriction %q ends before it starts", rest)
		}
		// The formats' intervals include their last day; Role.To is exclusive.
		r.From, r.To = from, to.AddDate(0, 0, 1)
	}
	e.Roles = append(e.Roles, r)
	return nil
}

func checkBracketCode(code string) error {
	switch code {
	case CodeNull, CodeDiscard, CodeComplex:
		return nil
	}
	if len(code) > 40 {
		return fmt.Errorf("code %q is too long", code)
	}
	if code[0] >= '0' && code[0] <= '9' {
		return fmt.Errorf("code %q starts with a digit: a date restriction needs a code before it", code)
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '/' {
			return fmt.Errorf("code %q: want letters and digits (and / between compound codes)", code)
		}
	}
	return nil
}

// parseTabariDate reads YYMMDD (00-30 are 20YY, as KEDS, TABARI and PETRARCH
// read them) or YYYYMMDD. A day past the month's end rolls into the next
// month, as TABARI's day arithmetic has it: several CountryInfo files end
// terms on "September 31".
func parseTabariDate(s string) (t time.Time, twoDigitYear bool, err error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return t, false, fmt.Errorf("date %q: want YYMMDD or YYYYMMDD digits", s)
		}
	}
	var y, m, d int
	switch len(s) {
	case 6:
		y = atoi(s[:2])
		if y <= 30 {
			y += 2000
		} else {
			y += 1900
		}
		m, d = atoi(s[2:4]), atoi(s[4:6])
		twoDigitYear = true
	case 8:
		y, m, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
	default:
		return t, false, fmt.Errorf("date %q: want YYMMDD or YYYYMMDD", s)
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return t, false, fmt.Errorf("date %q is not a calendar day", s)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), twoDigitYear, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// phrase turns "AL_GORE_" into a Phrase. In TABARI style a word not ended by
// "_" or "=" matches as a prefix.
func (p *bracketParser) phrase(s string) (Phrase, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Phrase{}, errors.New("entry has no phrase before its code")
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	word := 0
	for i := 0; i < len(s); {
		// Skip separators.
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '_' || s[i] == '=') {
			i++
		}
		start := i
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '_' && s[i] != '=' {
			i++
		}
		if start == i {
			break
		}
		w := strings.ToLower(s[start:i])
		w = strings.TrimRight(w, "*")
		if w == "" {
			continue
		}
		if strings.ContainsAny(w, "|[]") {
			return Phrase{}, fmt.Errorf("phrase %q: %q holds a reserved character", s, w)
		}
		if word > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		word++
		// "=" ends a word that takes no endings at all ("MOUSE=").
		if p.style == styleTABARI && (i == len(s) || s[i] != '_' && s[i] != '=') {
			b.WriteByte('*')
		}
	}
	if word == 0 {
		return Phrase{}, fmt.Errorf("phrase %q has no words", s)
	}
	return Phrase{Text: b.String(), NoEnding: p.style == styleTABARI && strings.HasSuffix(s, "=")}, nil
}

// displayName turns a lower-case phrase into a readable name: "vladimir
// putin" → "Vladimir Putin".
func displayName(text string) string {
	b := []byte(strings.ReplaceAll(text, "*", ""))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == ' ' || c == '-' || c == '.'
	}
	return string(b)
}

func latin1ToUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// agentLine reads "PHRASE {PLURAL} [~CODE]" or a "!MARKER! = a, b" definition.
func (p *bracketParser) agentLine(trimmed string) error {
	content := strings.TrimSpace(cutComment(trimmed))
	if content == "" {
		return nil
	}
	if content[0] == '!' && strings.Contains(content, "=") && !strings.Contains(content, "[") {
		return p.defineMarker(content)
	}
	phrase, rest, ok := strings.Cut(content, "[")
	if !ok {
		return fmt.Errorf("agent %q has no [~CODE]", content)
	}
	closing := strings.IndexByte(rest, ']')
	if closing < 0 {
		return fmt.Errorf("code block [%s has no closing ]", rest)
	}
	if tail := strings.TrimSpace(rest[closing+1:]); tail != "" {
		return fmt.Errorf("unexpected %q after the agent code", tail)
	}
	code := strings.ToUpper(strings.TrimSpace(rest[:closing]))
	first := false
	switch {
	case strings.HasPrefix(code, "~"):
		code = strings.TrimSpace(code[1:])
	case strings.HasSuffix(code, "~"):
		code, first = strings.TrimSpace(code[:len(code)-1]), true
	default:
		return fmt.Errorf("agent code [%s]: want [~CODE] or [CODE~]", code)
	}
	if code == "" || strings.ContainsAny(code, " /<>") || checkBracketCode(code) != nil {
		return fmt.Errorf("agent code %q: want letters and digits", code)
	}
	plural, explicit := "", false
	if i := strings.IndexByte(phrase, '{'); i >= 0 {
		j := strings.IndexByte(phrase, '}')
		if j < i {
			return errors.New("{plural} has no closing }")
		}
		plural, explicit = strings.TrimSpace(phrase[i+1:j]), true
		if tail := strings.TrimSpace(phrase[j+1:]); tail != "" {
			return fmt.Errorf("unexpected %q after {plural}", tail)
		}
		phrase = phrase[:i]
	}
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return errors.New("agent has no phrase before its code")
	}
	forms, err := p.expand(phrase)
	if err != nil {
		return err
	}
	if !explicit && len(forms) == 1 && forms[0] == phrase {
		plural = pluralOf(phrase)
	} else if len(forms) > 1 || forms[0] != phrase {
		plural = "" // substitution lines name their forms themselves
	}
	if plural != "" {
		forms = append(forms, plural)
	}
	e := Entry{Kind: KindAgent, Code: code, AgentFirst: first, Source: source(p.name, p.line)}
	for _, f := range forms {
		ph, err := p.phrase(f)
		if err != nil {
			return err
		}
		e.Phrases = append(e.Phrases, ph)
	}
	e.Name = displayName(strings.ToLower(e.Phrases[0].Text))
	p.d.Entries = append(p.d.Entries, e)
	return nil
}

func (p *bracketParser) defineMarker(s string) error {
	lhs, rhs, _ := strings.Cut(s, "=")
	lhs = strings.TrimSpace(lhs)
	if len(lhs) < 3 || lhs[0] != '!' || lhs[len(lhs)-1] != '!' || strings.Count(lhs, "!") != 2 {
		return fmt.Errorf("substitution marker %q: want !NAME! = word, word", lhs)
	}
	var words []string
	for _, w := range strings.Split(rhs, ",") {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return fmt.Errorf("substitution marker %s has no words", lhs)
	}
	if p.markers == nil {
		p.markers = map[string][]string{}
	}
	p.markers[lhs[1:len(lhs)-1]] = words
	return nil
}

// expand replaces every !MARKER! in s by each of its words.
func (p *bracketParser) expand(s string) ([]string, error) {
	i := strings.IndexByte(s, '!')
	if i < 0 {
		return []string{s}, nil
	}
	j := strings.IndexByte(s[i+1:], '!')
	if j < 0 {
		return nil, fmt.Errorf("substitution marker in %q is not closed by a second \"!\"", s)
	}
	name := s[i+1 : i+1+j]
	words, ok := p.markers[name]
	if !ok {
		return nil, fmt.Errorf("substitution marker !%s! is not defined above", name)
	}
	tails, err := p.expand(s[i+j+2:])
	if err != nil {
		return nil, err
	}
	if len(words)*len(tails) > maxExpansions {
		return nil, fmt.Errorf("%q expands to more than %d phrases", s, maxExpansions)
	}
	out := make([]string, 0, len(words)*len(tails))
	for _, w := range words {
		for _, t := range tails {
			out = append(out, s[:i]+w+t)
		}
	}
	return out, nil
}

// pluralOf forms an agent's plural as PETRARCH does: ARMY → ARMIES, BUS →
// BUSES, TROOP → TROOPS; a trailing "_" stays at the end.
func pluralOf(s string) string {
	under := strings.HasSuffix(s, "_")
	base := strings.TrimRight(s, "_")
	if base == "" {
		return ""
	}
	var pl string
	switch base[len(base)-1] {
	case 'Y', 'y':
		pl = base[:len(base)-1] + "IES"
	case 'S', 's':
		pl = base + "ES"
	default:
		pl = base + "S"
	}
	if under {
		pl += "_"
	}
	return pl
}
