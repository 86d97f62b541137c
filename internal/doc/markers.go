package doc

import (
	"strconv"
	"strings"
	"unicode"
)

// marker is a point number found at the start of a line, with each way it
// can be read: "i." is the ninth letter or roman one, and the list it
// continues decides.
type marker struct {
	raw    string // the marker as written, without the space after it
	reads  []reading
	dotted []string // "1.2.3" → ["1","2","3"]; nil for other markers
	rest   string   // the text after the marker
}

// reading is one interpretation of a marker: a numbering style (which
// includes how the number is punctuated, so "1." and "(1)" are different
// lists) and the value within it.
type reading struct {
	style string
	value int
	label string // the number as it goes into an ID: "7", "a", "iv"
}

// pointWords introduce a numbered point in running text ("Point 12:").
var pointWords = map[string]bool{"point": true, "item": true, "clause": true, "article": true, "paragraph": true}

// parseMarker reads a point number at the start of s (already trimmed of
// indentation). ok is false when s does not start with one.
func parseMarker(s string) (m marker, ok bool) {
	if m, ok := keywordMarker(s); ok {
		return m, true
	}
	if m, ok := dottedMarker(s); ok {
		return m, true
	}
	open := strings.HasPrefix(s, "(")
	body := s
	if open {
		body = s[1:]
	}
	end := 0
	for end < len(body) && end < 8 && isASCIIAlnum(body[end]) {
		end++
	}
	if end == 0 || end >= len(body) {
		return m, false
	}
	tok, delim := body[:end], body[end]
	switch {
	case open && delim == ')':
	case !open && (delim == '.' || delim == ')'):
	default:
		return m, false
	}
	after := body[end+1:]
	// A marker stands alone: a space (or the end of the line) follows it.
	if after != "" && after[0] != ' ' && after[0] != '\t' {
		return m, false
	}
	punct := "."
	switch {
	case open:
		punct = "()"
	case delim == ')':
		punct = ")"
	}
	reads := readNumber(tok, punct)
	if len(reads) == 0 {
		return m, false
	}
	// A capital letter and a period is usually an initial ("A. Smith"), so
	// only a list that is already running may read it as a point.
	m = marker{raw: s[:len(s)-len(after)], reads: reads, rest: strings.TrimSpace(after)}
	return m, true
}

// readNumber lists the styles tok can be read in.
func readNumber(tok, punct string) []reading {
	var out []reading
	if n, err := strconv.Atoi(tok); err == nil {
		if len(tok) <= 3 && n > 0 {
			out = append(out, reading{style: "arabic" + punct, value: n, label: strconv.Itoa(n)})
		}
		return out
	}
	if len(tok) == 1 {
		c := tok[0]
		switch {
		case c >= 'a' && c <= 'z':
			out = append(out, reading{style: "lower" + punct, value: int(c-'a') + 1, label: tok})
		case c >= 'A' && c <= 'Z':
			out = append(out, reading{style: "upper" + punct, value: int(c-'A') + 1, label: tok})
		}
	}
	if v, ok := romanValue(tok); ok {
		st := "roman-lower"
		if tok == strings.ToUpper(tok) {
			st = "roman-upper"
		}
		out = append(out, reading{style: st + punct, value: v, label: tok})
	}
	return out
}

// romanValue reads a roman numeral of one letter case, up to 39.
func romanValue(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	if s != strings.ToLower(s) && s != strings.ToUpper(s) {
		return 0, false
	}
	l := strings.ToLower(s)
	vals := map[byte]int{'i': 1, 'v': 5, 'x': 10}
	total := 0
	for i := 0; i < len(l); i++ {
		v, ok := vals[l[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(l) && vals[l[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || toRoman(total) != l {
		return 0, false
	}
	return total, true
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// keywordMarker reads "Point 12:", "Item 3.", "Article IV –".
func keywordMarker(s string) (marker, bool) {
	word, rest, ok := strings.Cut(s, " ")
	if !ok || !pointWords[strings.ToLower(word)] {
		return marker{}, false
	}
	rest = strings.TrimLeft(rest, " ")
	end := 0
	for end < len(rest) && isASCIIAlnum(rest[end]) {
		end++
	}
	if end == 0 {
		return marker{}, false
	}
	tok := rest[:end]
	after := rest[end:]
	trimmed := strings.TrimLeft(after, " ")
	// The number must be followed by punctuation or the end of the line, so
	// "Article 5 of the treaty" in running text is not a point.
	switch {
	case trimmed == "":
	case strings.HasPrefix(trimmed, ":") || strings.HasPrefix(trimmed, ".") || strings.HasPrefix(trimmed, ")"):
		trimmed = trimmed[1:]
	case strings.HasPrefix(trimmed, "–") || strings.HasPrefix(trimmed, "—"):
		trimmed = trimmed[len("–"):]
	case strings.HasPrefix(trimmed, "-"):
		trimmed = trimmed[1:]
	default:
		return marker{}, false
	}
	var r reading
	if n, err := strconv.Atoi(tok); err == nil && n > 0 && len(tok) <= 3 {
		r = reading{style: "kw-" + strings.ToLower(word), value: n, label: strconv.Itoa(n)}
	} else if v, ok := romanValue(tok); ok {
		r = reading{style: "kw-" + strings.ToLower(word), value: v, label: tok}
	} else {
		return marker{}, false
	}
	raw := s[:len(s)-len(trimmed)]
	return marker{raw: strings.TrimSpace(raw), reads: []reading{r}, rest: strings.TrimSpace(trimmed)}, true
}

// dottedMarker reads "1.2", "1.2.3." and "2.1)".
func dottedMarker(s string) (marker, bool) {
	i := 0
	var parts []string
	for {
		j := i
		for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return marker{}, false
		}
		parts = append(parts, s[i:j])
		if j < len(s) && s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
			i = j + 1
			continue
		}
		i = j
		break
	}
	if len(parts) < 2 {
		return marker{}, false
	}
	if i < len(s) && (s[i] == '.' || s[i] == ')') {
		i++
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' {
		return marker{}, false
	}
	for _, p := range parts {
		if n, _ := strconv.Atoi(p); n == 0 {
			return marker{}, false
		}
	}
	last, _ := strconv.Atoi(parts[len(parts)-1])
	return marker{raw: s[:i], dotted: parts, rest: strings.TrimSpace(s[i:]),
		reads: []reading{{style: "dotted", value: last, label: parts[len(parts)-1]}}}, true
}

func isASCIIAlnum(c byte) bool {
	return c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}
