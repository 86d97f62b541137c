package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitWords returns the words of s in lower case: runs of letters and
// digits, with inner hyphens and apostrophes kept ("600,000" and "3.5"
// stay one word; "Ukraine's" becomes "ukraine").
func splitWords(s string) []string {
	return appendWords(nil, s)
}

func appendWords(dst []string, s string) []string {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.Trim(s[start:end], "-'’.,")
		start = -1
		if w == "" {
			return
		}
		w = strings.ToLower(w)
		for _, suf := range []string{"'s", "’s"} {
			w = strings.TrimSuffix(w, suf)
		}
		w = strings.ReplaceAll(w, "’", "'")
		if w != "" {
			dst = append(dst, w)
		}
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case (r == '-' || r == '\'' || r == '’') && start >= 0 && i+size < len(s) && isWordByte(s, i+size):
		case (r == '.' || r == ',') && start >= 0 && i > 0 && isDigitByte(s[i-1]) && i+1 < len(s) && isDigitByte(s[i+1]):
		default:
			flush(i)
		}
		i += size
	}
	flush(len(s))
	return dst
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stopWords are the function words left out of content comparisons and
// from the ends of phrases.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each either every few for from
		further had has have having he her here hers herself him himself his how i if in into is it its itself just
		least less let may me might more most must my myself neither no nor not now of off on once only or other our
		ours ourselves out over own per same shall she should so some such than that the their theirs them themselves
		then there these they this those through thus to too under until up upon us very via was we were what when where
		whether which while who whom whose why will with within without would yet you your yours yourself yourselves
		s t don't can't won't isn't aren't wasn't weren't doesn't didn't hasn't haven't hadn't shouldn't wouldn't
		couldn't it's that's there's also however therefore moreover whereas hereby herein thereof`) {
		m[w] = true
	}
	return m
}()

// contentWords returns the words of s that are not stop words, lightly
// stemmed so plurals and simple inflections meet.
func contentWords(s string) []string {
	ws := splitWords(s)
	out := ws[:0]
	for _, w := range ws {
		if stopWords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips the commonest English endings; enough to match "sanctions"
// with "sanction" and "guarantees" with "guaranteed" without a dictionary.
func stem(w string) string {
	if len(w) <= 4 || !isLetters(w) {
		return w
	}
	for _, suf := range []string{"ies", "ied"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-3] + "y"
		}
	}
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 && !strings.HasSuffix(w, "ss") {
			b := w[:len(w)-len(suf)]
			if suf == "es" && !strings.HasSuffix(b, "s") && !strings.HasSuffix(b, "x") && !strings.HasSuffix(b, "ch") && !strings.HasSuffix(b, "sh") {
				b = w[:len(w)-1] // "guarantees" → "guarantee"
			}
			if (suf == "ed" || suf == "ing") && !strings.HasSuffix(b, "e") && len(b) > 2 && b[len(b)-1] == b[len(b)-2] {
				b = b[:len(b)-1] // "planned" → "plan"
			}
			return strings.TrimSuffix(b, "e")
		}
	}
	return strings.TrimSuffix(w, "e")
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
