package store

import (
	"strings"
	"unicode"
)

// Term is one part of a parsed search query.
type Term struct {
	Words  []string // one word, or the words of a phrase
	Phrase bool
	Not    bool
	Or     bool // joined to the previous term with OR instead of AND
}

// ParseQuery splits web-search syntax into terms. Punctuation inside words
// is dropped (U.S. → U S as a phrase), so no user text reaches a backend's
// query parser unescaped.
func ParseQuery(q string) []Term {
	var terms []Term
	pendingOr := false
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
			continue
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			words := Words(string(rs[i+1 : min(j, len(rs))]))
			if len(words) > 0 {
				terms = append(terms, Term{Words: words, Phrase: true, Or: pendingOr && len(terms) > 0})
				pendingOr = false
			}
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
			j++
		}
		tok := string(rs[i:j])
		i = j
		if tok == "OR" || tok == "|" {
			pendingOr = len(terms) > 0
			continue
		}
		not := false
		if strings.HasPrefix(tok, "-") && len(tok) > 1 {
			not = true
			tok = tok[1:]
		}
		words := Words(tok)
		if len(words) == 0 {
			continue
		}
		terms = append(terms, Term{Words: words, Phrase: len(words) > 1, Not: not, Or: pendingOr && len(terms) > 0 && !not})
		pendingOr = false
	}
	return terms
}

// Words splits s into its letter and digit runs.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
