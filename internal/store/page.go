package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
)

// Pager pages through stored records by key (keyset pagination): each page
// ends with an opaque cursor that starts the next, so paging stays as fast
// on the millionth page as on the first and has no depth limit. Both
// stores implement it beside Store; callers reach it with a type assertion
// (st.(store.Pager)). Filters are those of the list methods; their Limit
// and Offset are ignored in favour of limit and the cursor. next is ""
// after the last page.
type Pager interface {
	// ArticlesPage pages through articles newest first, as ListArticles.
	ArticlesPage(ctx context.Context, f ArticleFilter, cursor string, limit int) (page []article.Article, next string, err error)
	// EventsPage pages through events by date.
	EventsPage(ctx context.Context, f EventFilter, cursor string, limit int) (page []record.Event, next string, err error)
	// ClaimsPage, DeadlinesPage and FactsPage page through records by
	// date (deadlines by due date).
	ClaimsPage(ctx context.Context, f RecordFilter, cursor string, limit int) (page []record.Claim, next string, err error)
	DeadlinesPage(ctx context.Context, f RecordFilter, cursor string, limit int) (page []record.Deadline, next string, err error)
	FactsPage(ctx context.Context, f RecordFilter, cursor string, limit int) (page []record.Fact, next string, err error)
}

// ErrBadCursor is wrapped by errors about a cursor that this store did not
// hand out (mangled, or from another kind of list).
var ErrBadCursor = errors.New("invalid cursor")

// EncodeCursor packs the sort key of the last row of a page, tagged with
// the list it belongs to, into an opaque URL-safe string.
func EncodeCursor(list string, key ...any) string {
	b, _ := json.Marshal(append([]any{list}, key...))
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor unpacks a cursor of EncodeCursor into key's pointers,
// checking that it belongs to list.
func DecodeCursor(cursor, list string, key ...any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return fmt.Errorf("cursor %q: %w", cursor, ErrBadCursor)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != len(key)+1 {
		return fmt.Errorf("cursor %q: %w", cursor, ErrBadCursor)
	}
	var tag string
	if err := json.Unmarshal(parts[0], &tag); err != nil || tag != list {
		return fmt.Errorf("cursor %q is not a cursor of %s: %w", cursor, list, ErrBadCursor)
	}
	for i, k := range key {
		if err := json.Unmarshal(parts[i+1], k); err != nil {
			return fmt.Errorf("cursor %q: %w", cursor, ErrBadCursor)
		}
	}
	return nil
}

// PageQuery builds a keyset query: the select list sel from table with the
// filter's WHERE clause (where, args, using d's placeholders), rows after
// the cursor key (after holds the key values; empty for the first page)
// in the order of keyCols (ascending, or descending when desc), limit+1
// rows so the caller knows whether another page follows.
func (d Dialect) PageQuery(sel, table, where string, args []any, keyCols []string, after []any, desc bool, limit int) (string, []any) {
	q := "SELECT " + sel + " FROM " + table + where
	if len(after) > 0 {
		op := ">"
		if desc {
			op = "<"
		}
		// (a, b) > (x, y) spelt out, as both dialects read it alike.
		cond := ""
		for i := range keyCols {
			part := ""
			for j := 0; j < i; j++ {
				args = append(args, after[j])
				part += keyCols[j] + " = " + d.Param(len(args)) + " AND "
			}
			args = append(args, after[i])
			part += keyCols[i] + " " + op + " " + d.Param(len(args))
			if cond != "" {
				cond += " OR "
			}
			cond += "(" + part + ")"
		}
		if where == "" {
			q += " WHERE (" + cond + ")"
		} else {
			q += " AND (" + cond + ")"
		}
	}
	q += " ORDER BY "
	for i, c := range keyCols {
		if i > 0 {
			q += ", "
		}
		q += c
		if desc {
			q += " DESC"
		}
	}
	q += fmt.Sprintf(" LIMIT %d", limit+1)
	return q, args
}

// RecordWhere builds the WHERE clause of RecordQuery for table (claims,
// deadlines or facts), without order or limit.
func (d Dialect) RecordWhere(table string, f RecordFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, replaceParam(cond, d.Param(len(args))))
	}
	dateCol, kindCol := RecordDateColumn(table), "kind"
	switch table {
	case "claims":
		kindCol = "stance"
		if f.Country != "" {
			add("speaker_country = ?", f.Country)
		}
	case "deadlines":
		if f.Country != "" {
			add(d.JSONContains("actors", `"country":"`)+" ?", "%\"country\":\""+f.Country+"\"%")
		}
	}
	if f.From != "" {
		add(dateCol+" >= ?", f.From)
	}
	if f.To != "" {
		add(dateCol+" <= ?", f.To)
	}
	if f.Kind != "" {
		add(kindCol+" = ?", f.Kind)
	}
	if len(conds) == 0 {
		return "", nil
	}
	w := " WHERE " + conds[0]
	for _, c := range conds[1:] {
		w += " AND " + c
	}
	return w, args
}

// RecordDateColumn is the column claims, deadlines and facts are ordered by.
func RecordDateColumn(table string) string {
	if table == "deadlines" {
		return "due"
	}
	return "date"
}

func replaceParam(cond, p string) string {
	for i := 0; i < len(cond); i++ {
		if cond[i] == '?' {
			return cond[:i] + p + cond[i+1:]
		}
	}
	return cond
}
