package store

import (
	"errors"
	"strings"
)

// ErrEmptyQuery is returned for a query with no term to look for.
var ErrEmptyQuery = errors.New("search query has no words to look for (a query of only -excluded terms matches nothing)")

// FTS5Query renders parsed terms as an SQLite FTS5 MATCH expression. Every
// word is quoted, so FTS5 operators in user text are taken as words.
func FTS5Query(terms []Term) (string, error) {
	var pos, neg []string
	for _, t := range terms {
		q := `"` + strings.Join(t.Words, " ") + `"`
		if t.Not {
			neg = append(neg, q)
			continue
		}
		if t.Or && len(pos) > 0 {
			pos[len(pos)-1] = pos[len(pos)-1] + " OR " + q
			continue
		}
		pos = append(pos, q)
	}
	if len(pos) == 0 {
		return "", ErrEmptyQuery
	}
	var b strings.Builder
	for i, p := range pos {
		if i > 0 {
			b.WriteString(" AND ")
		}
		if strings.Contains(p, " OR ") {
			b.WriteString("(" + p + ")")
		} else {
			b.WriteString(p)
		}
	}
	for _, n := range neg {
		b.WriteString(" NOT " + n)
	}
	return b.String(), nil
}

// WebSearchQuery renders parsed terms in PostgreSQL websearch_to_tsquery
// syntax, rebuilt from the words alone.
func WebSearchQuery(terms []Term) (string, error) {
	var parts []string
	hasPos := false
	for _, t := range terms {
		w := strings.Join(t.Words, " ")
		if t.Phrase {
			w = `"` + w + `"`
		}
		switch {
		case t.Not:
			w = "-" + w
		case t.Or && len(parts) > 0:
			parts = append(parts, "or")
			hasPos = true
		default:
			hasPos = true
		}
		parts = append(parts, w)
	}
	if !hasPos {
		return "", ErrEmptyQuery
	}
	return strings.Join(parts, " "), nil
}
