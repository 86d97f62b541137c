package actor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the form in which dictionary words and sentence tokens are
// compared: lower case, Latin diacritics removed ("Élysée" → "elysee"),
// curly apostrophes straightened, a possessive "'s" or trailing "'" dropped
// ("Russia's" → "russia") and trailing full stops dropped ("U.S." → "u.s").
func Fold(w string) string { return fold(w, true) }

// foldCase is Fold without lower-casing, for words matched case and all.
func foldCase(w string) string { return fold(w, false) }

func fold(w string, lower bool) string {
	if isFolded(w, lower) {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			if lower && r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\u00b4' || r == '`':
			b.WriteByte('\'')
		default:
			if lower {
				r = unicode.ToLower(r)
			}
			if s, ok := latinFold[r]; ok {
				b.WriteString(s)
				continue
			}
			b.WriteRune(r)
		}
	}
	s := b.String()
	if len(s) > 2 && (strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "'S")) {
		s = s[:len(s)-2]
	} else if len(s) > 2 && s[len(s)-1] == '\'' {
		s = s[:len(s)-1]
	}
	if t := strings.TrimRight(s, "."); t != "" {
		s = t
	}
	return s
}

// isFolded reports whether w is already in folded form, so the common case
// (a plain lower-case ASCII word) costs no allocation.
func isFolded(w string, lower bool) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || c == '`' || (lower && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	n := len(w)
	if n > 1 && w[n-1] == '.' {
		return false
	}
	if n > 2 && (w[n-1] == '\'' || (w[n-2] == '\'' && (w[n-1] == 's' || w[n-1] == 'S'))) {
		return false
	}
	return true
}

// latinFold maps the accented letters that appear in names in the news to
// plain ones.
var latinFold = func() map[rune]string {
	pairs := []string{
		"àa", "áa", "âa", "ãa", "äa", "åa", "āa", "ăa", "ąa", "æae",
		"çc", "ćc", "ĉc", "ċc", "čc", "ďd", "đd", "ðd",
		"èe", "ée", "êe", "ëe", "ēe", "ĕe", "ėe", "ęe", "ěe",
		"ĝg", "ğg", "ġg", "ģg", "ĥh", "ħh",
		"ìi", "íi", "îi", "ïi", "ĩi", "īi", "ĭi", "įi", "ıi", "ĵj", "ķk",
		"ĺl", "ļl", "ľl", "ŀl", "łl", "ñn", "ńn", "ņn", "ňn",
		"òo", "óo", "ôo", "õo", "öo", "øo", "ōo", "ŏo", "őo", "œoe",
		"ŕr", "ŗr", "řr", "śs", "ŝs", "şs", "šs", "șs", "ßss",
		"ţt", "ťt", "țt", "ŧt", "ùu", "úu", "ûu", "üu", "ũu", "ūu", "ŭu", "ůu", "űu", "ųu",
		"ŵw", "ýy", "ÿy", "ŷy", "źz", "żz", "žz", "þth",
		"ÀA", "ÁA", "ÂA", "ÃA", "ÄA", "ÅA", "ĀA", "ĂA", "ĄA", "ÆAe",
		"ÇC", "ĆC", "ČC", "ĎD", "ĐD", "ÈE", "ÉE", "ÊE", "ËE", "ĒE", "ĖE", "ĘE", "ĚE",
		"ĞG", "ĢG", "ÌI", "ÍI", "ÎI", "ÏI", "ĪI", "İI", "ĮI", "ĶK", "ĹL", "ĻL", "ĽL", "ŁL",
		"ÑN", "ŃN", "ŅN", "ŇN", "ÒO", "ÓO", "ÔO", "ÕO", "ÖO", "ØO", "ŌO", "ŐO", "ŒOe",
		"ŔR", "ŘR", "ŚS", "ŞS", "ŠS", "ȘS", "ŢT", "ŤT", "ȚT",
		"ÙU", "ÚU", "ÛU", "ÜU", "ŪU", "ŮU", "ŰU", "ŲU", "ÝY", "ŸY", "ŹZ", "ŻZ", "ŽZ",
	}
	m := make(map[rune]string, len(pairs))
	for _, p := range pairs {
		r, n := utf8.DecodeRuneInString(p)
		m[r] = p[n:]
	}
	return m
}()
