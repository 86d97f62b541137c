package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text. Start and End are byte offsets into the
// text it came from and Text is exactly text[Start:End]: white space around
// the sentence lies outside the span, line breaks inside it are kept (see
// Flat for a one-line form).
type Sentence struct {
	Index int    `json:"index"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Byte classes for the splitter's scan.
const (
	bOther = iota
	bSpace
	bNewline
	bStop // . ! ?
	bE2   // first byte of "…", "”", "’" and friends
)

var byteClass = func() (t [256]uint8) {
	t[' '], t['\t'], t['\r'], t['\f'], t['\v'] = bSpace, bSpace, bSpace, bSpace, bSpace
	t['\n'] = bNewline
	t['.'], t['!'], t['?'] = bStop, bStop, bStop
	t[0xE2] = bE2
	return
}()

// Sentences splits text into sentences.
//
// A sentence ends at ".", "!", "?" or an ellipsis (with any closing quotes or
// brackets after it) when white space and a plausible sentence start follow;
// a period after an abbreviation ("Gen.", "U.S.", "Inc.", "Jan."), an initial
// ("George W. Bush") or inside a number ("3.5") ends one only where the rules
// in boundary say so. A blank line always ends a sentence, and so does a line
// break followed by indentation (a newswire paragraph); a single line break
// inside a sentence (hard-wrapped text) does not.
func Sentences(text string) []Sentence {
	return AppendSentences(make([]Sentence, 0, len(text)/128+1), text)
}

// AppendSentences appends the sentences of text to dst and returns it, so a
// caller can reuse one slice across many texts. Indexes start at 0 for each
// text.
func AppendSentences(dst []Sentence, text string) []Sentence {
	s := splitter{text: text, out: dst, base: len(dst), start: -1}
	s.run()
	return s.out
}

type splitter struct {
	text  string
	out   []Sentence
	base  int // len(out) before this text
	start int // first byte of the sentence being read, -1 when none
}

func (s *splitter) run() {
	text := s.text
	n := len(text)
	i := 0
	for i < n {
		switch byteClass[text[i]] {
		case bOther:
			if s.start < 0 {
				if text[i] >= utf8.RuneSelf {
					r, size := utf8.DecodeRuneInString(text[i:])
					if unicode.IsSpace(r) {
						i += size
						continue
					}
				}
				s.start = i
			}
			i++
			// Fast path over the body of a word.
			for i < n && byteClass[text[i]] == bOther {
				i++
			}
		case bSpace:
			i++
		case bNewline:
			j := i + 1
			indent := false
			for j < n {
				c := text[j]
				if c == ' ' || c == '\t' {
					indent = true
				} else if c != '\r' && c != '\f' && c != '\v' {
					break
				}
				j++
			}
			// A blank line, or a line break followed by indentation, ends
			// a paragraph; a bare line break is just wrapping.
			if j >= n || text[j] == '\n' || indent {
				s.cut(i)
			}
			i = j
		case bStop:
			if s.start < 0 {
				s.start = i
			}
			i = s.terminator(i)
		case bE2:
			if strings.HasPrefix(text[i:], "…") {
				if s.start < 0 {
					s.start = i
				}
				i = s.terminator(i)
				continue
			}
			if s.start < 0 {
				r, size := utf8.DecodeRuneInString(text[i:])
				if unicode.IsSpace(r) {
					i += size
					continue
				}
				s.start = i
			}
			i++
		}
	}
	s.cut(n)
}

// cut ends the current sentence at end (exclusive), trimming white space.
func (s *splitter) cut(end int) {
	if s.start < 0 {
		return
	}
	start := s.start
	s.start = -1
	for end > start {
		c := s.text[end-1]
		if byteClass[c] == bSpace || c == '\n' {
			end--
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeLastRuneInString(s.text[start:end])
			if unicode.IsSpace(r) {
				end -= size
				continue
			}
		}
		break
	}
	if end <= start {
		return
	}
	s.out = append(s.out, Sentence{Index: len(s.out) - s.base, Start: start, End: end, Text: s.text[start:end]})
}

// terminator reads the run of sentence punctuation that starts at i, decides
// whether the sentence ends after it, and returns where scanning resumes.
func (s *splitter) terminator(i int) int {
	text := s.text
	n := len(text)
	j := i
	dots, bang, ellipsis := 0, false, false
run:
	for j < n {
		switch text[j] {
		case '.':
			dots++
			j++
		case '!', '?':
			bang = true
			j++
		case 0xE2:
			if !strings.HasPrefix(text[j:], "…") {
				break run
			}
			ellipsis = true
			j += len("…")
		default:
			break run
		}
	}
	if dots > 1 {
		ellipsis = true
	}
	// Closing quotes and brackets belong to the sentence they close.
	end := j
	quoted := false
	for end < n {
		if w := closerWidth(text[end:]); w > 0 {
			quoted = quoted || text[end] != ')' && text[end] != ']' && text[end] != '}'
			end += w
			continue
		}
		break
	}
	closed := end > j
	if end < n && !isSpaceAt(text, end) {
		return j // "3.5", "U.S.-led", "Yahoo!Inc": no boundary here
	}
	k := end
	for k < n && isSpaceAt(text, k) {
		_, size := utf8.DecodeRuneInString(text[k:])
		k += size
	}
	if k >= n {
		s.cut(end)
		return k
	}
	if s.boundary(i, j, k, dots, bang, ellipsis, closed, quoted) {
		s.cut(end)
	}
	return end
}

// boundary decides whether the sentence ends at the punctuation run
// text[i:j], given that the next non-space byte is at k.
func (s *splitter) boundary(i, j, k, dots int, bang, ellipsis, closed, quoted bool) bool {
	text := s.text
	// Look past opening quotes and brackets at the first letter of what
	// follows.
	m, opener := k, false
	for m < len(text) {
		if w := openerWidth(text[m:]); w > 0 {
			m += w
			opener = true
			continue
		}
		break
	}
	if m >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[m:])
	digit := '0' <= r && r <= '9'
	if unicode.IsLower(r) {
		return false // "U.S. officials", "'Why?' he asked", "wait... then"
	}
	switch r {
	case ',', ';', ':', ')', ']', '}', '-', '–', '—', '/', '.', '!', '?', '%':
		return false
	}
	if quoted && bang && speechFollows(text[m:]) {
		return false // "Why?" Putin asked.
	}
	if bang && dots == 0 && !ellipsis || closed {
		return true
	}
	if ellipsis {
		return opener || isStarter(nextWord(text[m:]))
	}
	word := prevWord(text, i)
	switch classify(word) {
	case abbrTitle, abbrNever:
		return false
	case abbrNumber:
		return !digit
	case abbrMonth:
		if digit {
			return false
		}
		return opener || isStarter(nextWord(text[m:]))
	case abbrAmbig:
		return opener && !digit || isStarter(nextWord(text[m:]))
	}
	return true
}

// speechVerbs attribute a quote that ends in "?" or "!" when they follow it
// closely: "Why?" Putin asked.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "asked": true, "asks": true, "added": true, "told": true,
	"shouted": true, "replied": true, "wrote": true, "insisted": true, "exclaimed": true,
	"demanded": true, "wondered": true, "tweeted": true, "posted": true, "declared": true,
}

// speechFollows reports whether a verb of saying comes within the first
// four words of t, before any punctuation.
func speechFollows(t string) bool {
	for w := 0; w < 4; w++ {
		e := 0
		for e < len(t) && (isASCIILetter(t[e]) || t[e] == '.' || t[e] == '\'' || t[e] == '-') {
			e++
		}
		if e == 0 {
			return false
		}
		if speechVerbs[strings.TrimRight(t[:e], ".")] {
			return true
		}
		t = t[e:]
		if len(t) == 0 || t[0] != ' ' {
			return false
		}
		t = t[1:]
	}
	return false
}

// classify says what kind of word w (the text before a period) is.
func classify(w string) abbrevClass {
	if w == "" {
		return abbrNone
	}
	if c := lookupAbbrev(w); c != abbrNone {
		return c
	}
	if len(w) == 1 {
		if c := w[0]; 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' {
			return abbrAmbig // an initial, "George W. Bush"
		}
		return abbrNone
	}
	if strings.IndexByte(w, '.') > 0 && dottedAbbrev(w) {
		return abbrAmbig // "U.S", "J.R.R", "a.m", "Ph.D"
	}
	return abbrNone
}

// dottedAbbrev reports whether w is letters in short groups joined by
// periods with at least one single letter: "U.S", "a.m", "Ph.D".
func dottedAbbrev(w string) bool {
	seg, single := 0, false
	for i := 0; i <= len(w); i++ {
		if i == len(w) || w[i] == '.' {
			if seg == 0 || seg > 3 {
				return false
			}
			if seg == 1 {
				single = true
			}
			seg = 0
			continue
		}
		c := w[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
		seg++
	}
	return single
}

// prevWord returns the word that ends at i (exclusive), at most 32 bytes back,
// without leading quotes or brackets.
func prevWord(text string, i int) string {
	ws := i
	for ws > 0 && i-ws < 32 {
		c := text[ws-1]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '(' || c == '[' || c == '"' || c == '\'' || c == '{' || c == '/' {
			break
		}
		ws--
	}
	if i-ws >= 32 {
		return text[i-1 : i] // a long run is no abbreviation; any non-letter will do
	}
	w := text[ws:i]
	// Drop leading curly quotes and dashes: “Gen. or —Mr.
	for len(w) > 0 && w[0] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			break
		}
		w = w[size:]
	}
	return w
}

// nextWord returns the ASCII letters that start t.
func nextWord(t string) string {
	e := 0
	for e < len(t) && e < 16 {
		c := t[e]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			break
		}
		e++
	}
	return t[:e]
}

func isSpaceAt(t string, i int) bool {
	c := t[i]
	if c < utf8.RuneSelf {
		return byteClass[c] == bSpace || c == '\n'
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return unicode.IsSpace(r)
}

// closerWidth returns the byte width of a closing quote or bracket at the
// start of t, or 0.
func closerWidth(t string) int {
	switch t[0] {
	case '"', '\'', ')', ']', '}':
		return 1
	case 0xE2:
		if strings.HasPrefix(t, "”") || strings.HasPrefix(t, "’") || strings.HasPrefix(t, "›") {
			return 3
		}
	case 0xC2:
		if strings.HasPrefix(t, "»") {
			return 2
		}
	}
	return 0
}

// openerWidth returns the byte width of an opening quote or bracket at the
// start of t, or 0.
func openerWidth(t string) int {
	switch t[0] {
	case '"', '\'', '(', '[', '{':
		return 1
	case 0xE2:
		if strings.HasPrefix(t, "“") || strings.HasPrefix(t, "‘") || strings.HasPrefix(t, "‹") || strings.HasPrefix(t, "„") {
			return 3
		}
	case 0xC2:
		if strings.HasPrefix(t, "«") {
			return 2
		}
	}
	return 0
}

// Flat returns s with every run of white space (line breaks and newswire
// indentation included) replaced by one space, and without leading or
// trailing space. It returns s itself, without allocating, when s is
// already flat.
func Flat(s string) string {
	flat := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		sp := c == ' '
		if byteClass[c] == bSpace && !sp || c == '\n' || sp && prevSpace {
			flat = false
			break
		}
		prevSpace = sp
	}
	if flat && !prevSpace || s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if byteClass[c] == bSpace || c == '\n' {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteByte(c)
	}
	return b.String()
}
