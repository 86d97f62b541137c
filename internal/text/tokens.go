package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a token is.
type Kind uint8

const (
	Word       Kind = iota + 1 // letters, with inner hyphens, apostrophes and abbreviation periods: "so-called", "O'Brien", "don't", "U.S."
	Number                     // digits with separators and a unit suffix: "1,234.5", "6%", "1.13bn", "2025-08-15", "10:30", "3rd"
	Punct                      // . , ; : ! ? ( ) [ ] - – — … and runs like "..." or "--"
	Quote                      // " “ ” „ « » and a single quote that is not an apostrophe
	Currency                   // $ € £ ¥ ₽ ₴ and other currency signs
	Possessive                 // "'s" after a noun, or "'" after a plural: Russia's → "Russia" + "'s"
	Clitic                     // "'re", "'ve", "'ll", "'d", "'m", and "'s" after a pronoun: "it's" → "it" + "'s"
	Symbol                     // anything else: & @ # + = and bytes that are not UTF-8
)

var kindNames = [...]string{"?", "word", "number", "punct", "quote", "currency", "possessive", "clitic", "symbol"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// Token is one token of a sentence; Start and End are byte offsets into the
// string it came from, and Text is exactly s[Start:End].
type Token struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  Kind   `json:"kind"`
}

// Tokens splits s into tokens. Possessive and clitic endings are split off
// as their own tokens ("Russia's" → "Russia", "'s"); "n't" stays inside its
// word ("don't"). Known abbreviations keep their period ("Gen.", "U.S.").
func Tokens(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/5+4), s)
}

// AppendTokens appends the tokens of s to dst and returns it; with a reused
// dst it does not allocate.
func AppendTokens(dst []Token, s string) []Token {
	n := len(s)
	openSingle := false // a single quote opened and not yet closed
	i := 0
	for i < n {
		c := s[i]
		start := i
		kind := Symbol
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				i++
				continue
			case isASCIIDigit(c):
				i, kind = scanNumber(s, i)
			case isASCIILetter(c):
				i = scanWord(s, i)
				kind = Word
			case c == '\'':
				i, kind = apostrophe(dst, s, i, 1, &openSingle)
			case c == '"':
				i, kind = i+1, Quote
			case c == '$':
				i, kind = i+1, Currency
			case c == '.' || c == '-' || c == '!' || c == '?':
				i++
				for i < n && s[i] == c {
					i++
				}
				kind = Punct
			case strings.IndexByte(",;:()[]{}", c) >= 0:
				i, kind = i+1, Punct
			default:
				i++
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				i++
			case unicode.IsSpace(r):
				i += size
				continue
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				i = scanWord(s, i)
				kind = Word
			case r == '’':
				i, kind = apostrophe(dst, s, i, size, &openSingle)
			case r == '‘':
				i, kind = i+size, Quote
				openSingle = true
			case r == '“' || r == '”' || r == '„' || r == '«' || r == '»' || r == '‹' || r == '›':
				i, kind = i+size, Quote
			case unicode.Is(unicode.Sc, r):
				i, kind = i+size, Currency
			case unicode.IsPunct(r):
				i, kind = i+size, Punct
			default:
				i += size
			}
		}
		dst = append(dst, Token{Text: s[start:i], Start: start, End: i, Kind: kind})
	}
	return dst
}

func isASCIIDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

// isWordByteAt reports whether a letter or digit starts s[i:].
func isWordByteAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return isASCIILetter(c) || isASCIIDigit(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// asciiLetters returns the length of the run of ASCII letters at s[i:].
func asciiLetters(s string, i int) int {
	j := i
	for j < len(s) && isASCIILetter(s[j]) {
		j++
	}
	return j - i
}

// cliticAt returns the length of a clitic ending ("s", "re", "ve", "ll",
// "d", "m") at s[i:] that is not followed by more letters, or 0.
func cliticAt(s string, i int) int {
	l := asciiLetters(s, i)
	if l == 0 || l > 2 || isWordByteAt(s, i+l) {
		return 0
	}
	var buf [2]byte
	for k := 0; k < l; k++ {
		buf[k] = s[i+k] | 0x20
	}
	switch string(buf[:l]) {
	case "s", "re", "ve", "ll", "d", "m":
		return l
	}
	return 0
}

// scanWord reads a word from s[i:] and returns its end.
func scanWord(s string, i int) int {
	n := len(s)
	j := i
	seg := 0 // letters since the word's start or its last inner period
	dotted := false
	for j < n {
		c := s[j]
		if c < utf8.RuneSelf {
			switch {
			case isASCIILetter(c) || isASCIIDigit(c):
				j++
				seg++
				continue
			case c == '-':
				if isWordByteAt(s, j+1) {
					j++
					seg = 0
					continue
				}
			case c == '\'':
				if k, ok := innerApostrophe(s, j, 1); ok {
					j, seg = k, 0
					continue
				}
			case c == '.':
				// Inner periods of abbreviations and host names: "U.S",
				// "a.m", "Ph.D", "www.bbc.co.uk".
				l := asciiLetters(s, j+1)
				if l > 0 && !isWordByteAt(s, j+1+l) {
					next := s[j+1+l:]
					if seg == 1 && l == 1 || seg <= 3 && l <= 3 && (strings.HasPrefix(next, ".") || dotted) {
						j += 1 + l
						seg = l
						dotted = true
						continue
					}
				}
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			j += size
			seg++
			continue
		}
		if r == '’' {
			if k, ok := innerApostrophe(s, j, size); ok {
				j, seg = k, 0
				continue
			}
		}
		break
	}
	// Keep the period of an abbreviation: "Gen.", "U.S.", "Jan.", an initial.
	if j < n && s[j] == '.' && !isWordByteAt(s, j+1) && (j+1 >= n || s[j+1] != '.') {
		w := s[i:j]
		switch {
		case dotted:
			j++
		case len(w) == 1:
			if w != "I" && 'A' <= w[0] && w[0] <= 'Z' && initialFollows(s, j+1) {
				j++
			}
		default:
			switch lookupAbbrev(w) {
			case abbrNone:
			case abbrNumber: // "No. 5", but "he said no."
				if k := j + 1; k+1 < n && s[k] == ' ' && isASCIIDigit(s[k+1]) {
					j++
				}
			default:
				j++
			}
		}
	}
	return j
}

// initialFollows reports whether, after white space at s[i:], an upper-case
// letter follows: "W. Bush".
func initialFollows(s string, i int) bool {
	k := i
	for k < len(s) && (s[k] == ' ' || s[k] == '\n') {
		k++
	}
	return k > i && k < len(s) && 'A' <= s[k] && s[k] <= 'Z'
}

// innerApostrophe decides, for an apostrophe of the given byte width at j
// inside a word, whether the word goes on past it, and returns where.
func innerApostrophe(s string, j, width int) (int, bool) {
	a := j + width
	if cliticAt(s, a) > 0 {
		return j, false // split "'s", "'re", … off as their own token
	}
	l := asciiLetters(s, a)
	if l == 1 && (s[a] == 't' || s[a] == 'T') && j > 0 && (s[j-1] == 'n' || s[j-1] == 'N') && !isWordByteAt(s, a+1) {
		return a + 1, true // don't, won't, isn't
	}
	if isWordByteAt(s, a) {
		return a, true // O'Brien, D'Alema
	}
	return j, false
}

// pronounClitic lists the words after which "'s" is "is" or "has", not a
// possessive.
var pronounClitic = map[string]bool{
	"it": true, "he": true, "she": true, "that": true, "there": true, "what": true, "who": true,
	"here": true, "where": true, "how": true, "let": true, "this": true, "when": true, "why": true,
}

func isPronoun(w string) bool {
	if len(w) > 5 {
		return false
	}
	var buf [5]byte
	for k := 0; k < len(w); k++ {
		buf[k] = w[k] | 0x20
	}
	return pronounClitic[string(buf[:len(w)])]
}

// apostrophe handles a quote character that is not inside a word at s[i:]
// (width bytes): a clitic or possessive ending of the previous token, or a
// quote mark.
func apostrophe(dst []Token, s string, i, width int, openSingle *bool) (int, Kind) {
	attached := len(dst) > 0 && dst[len(dst)-1].End == i && (dst[len(dst)-1].Kind == Word || dst[len(dst)-1].Kind == Number)
	if attached {
		prev := dst[len(dst)-1].Text
		if l := cliticAt(s, i+width); l > 0 {
			end := i + width + l
			if l == 1 && (s[i+width]|0x20) == 's' && !isPronoun(prev) {
				return end, Possessive
			}
			return end, Clitic
		}
		// workers' union: a plural possessive, unless it closes a quote.
		if last := prev[len(prev)-1]; (last == 's' || last == 'S') && !*openSingle && !isWordByteAt(s, i+width) {
			return i + width, Possessive
		}
		*openSingle = false
		return i + width, Quote
	}
	*openSingle = !*openSingle || isWordByteAt(s, i+width)
	return i + width, Quote
}

// numberSuffixes are letter endings that keep a number a number: magnitudes,
// ordinals and decades.
var numberSuffixes = map[string]bool{
	"k": true, "m": true, "mn": true, "mln": true, "bn": true, "b": true, "bln": true, "tn": true,
	"trn": true, "st": true, "nd": true, "rd": true, "th": true, "s": true, "pct": true, "pc": true,
	"K": true, "M": true, "B": true, "BN": true, "MN": true, "TN": true, "ST": true, "ND": true, "RD": true, "TH": true,
}

// scanNumber reads a number from s[i:]; a digit run that turns out to be
// the start of a word ("3D", "5-year") is read as a word.
func scanNumber(s string, i int) (int, Kind) {
	n := len(s)
	j := i
	for j < n {
		c := s[j]
		if isASCIIDigit(c) {
			j++
			continue
		}
		if (c == ',' || c == '.' || c == '-' || c == '/' || c == ':') && j+1 < n && isASCIIDigit(s[j+1]) {
			j++
			continue
		}
		break
	}
	if j < n && s[j] == '%' {
		return j + 1, Number
	}
	if l := asciiLetters(s, j); l > 0 {
		if numberSuffixes[s[j:j+l]] && !isWordByteAt(s, j+l) && !(j+l < n && s[j+l] == '-' && isWordByteAt(s, j+l+1)) {
			return j + l, Number
		}
		return scanWord(s, i), Word
	}
	if j < n && s[j] == '-' && isWordByteAt(s, j+1) {
		return scanWord(s, i), Word // 5-year-old
	}
	if j < n && s[j] >= utf8.RuneSelf && isWordByteAt(s, j) {
		return scanWord(s, i), Word
	}
	return j, Number
}
