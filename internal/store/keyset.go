package store

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
)

// PageRows is a driver's result set as a keyset page reads it.
type PageRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// PageQuerier runs a page's query on a store's connections; done releases
// the rows.
type PageQuerier func(ctx context.Context, q string, args []any) (rows PageRows, done func(), err error)

// KeysetPages is the Pager both stores share: the queries come from the
// store's dialect and run through its querier. Events page by date, then
// EventKey: "id" (text), or "rowid" (SQLite's storage order, an integer).
type KeysetPages struct {
	Dialect  Dialect
	Query    PageQuerier
	EventKey string
}

// ArticlesPage pages through articles newest first.
func (k KeysetPages) ArticlesPage(ctx context.Context, f ArticleFilter, cursor string, limit int) ([]article.Article, string, error) {
	var date string
	var seq int64
	var after []any
	if cursor != "" {
		if err := DecodeCursor(cursor, "articles", &date, &seq); err != nil {
			return nil, "", err
		}
		after = []any{date, seq}
	}
	where, args := k.Dialect.ArticleWhere(f)
	q, args := k.Dialect.PageQuery(k.Dialect.ArticleSelect("")+", date, seq", "articles", where, args, []string{"date", "seq"}, after, true, limit)
	return keysetPage(ctx, k.Query, "articles", q, args, limit, func(sc Scanner) (article.Article, error) { return ScanArticle(sc) }, &date, &seq)
}

// EventsPage pages through events by date, then EventKey.
func (k KeysetPages) EventsPage(ctx context.Context, f EventFilter, cursor string, limit int) ([]record.Event, string, error) {
	var date, id string
	var rowid int64
	key := any(&id)
	if k.EventKey == "rowid" {
		key = &rowid
	}
	var after []any
	if cursor != "" {
		if err := DecodeCursor(cursor, "events", &date, key); err != nil {
			return nil, "", err
		}
		after = []any{date, deref(key)}
	}
	where, args := k.Dialect.EventWhere(f)
	q, args := k.Dialect.PageQuery(k.Dialect.EventSelect()+", date, "+k.EventKey, "events", where, args, []string{"date", k.EventKey}, after, false, limit)
	return keysetPage(ctx, k.Query, "events", q, args, limit, ScanEvent, &date, key)
}

// ClaimsPage pages through claims by date.
func (k KeysetPages) ClaimsPage(ctx context.Context, f RecordFilter, cursor string, limit int) ([]record.Claim, string, error) {
	return recordPage(ctx, k, "claims", k.Dialect.ClaimSelect(), f, cursor, limit, ScanClaim)
}

// DeadlinesPage pages through deadlines by due date.
func (k KeysetPages) DeadlinesPage(ctx context.Context, f RecordFilter, cursor string, limit int) ([]record.Deadline, string, error) {
	return recordPage(ctx, k, "deadlines", k.Dialect.DeadlineSelect(), f, cursor, limit, ScanDeadline)
}

// FactsPage pages through facts by date.
func (k KeysetPages) FactsPage(ctx context.Context, f RecordFilter, cursor string, limit int) ([]record.Fact, string, error) {
	return recordPage(ctx, k, "facts", k.Dialect.FactSelect(), f, cursor, limit, ScanFact)
}

func recordPage[T any](ctx context.Context, k KeysetPages, table, sel string, f RecordFilter, cursor string, limit int, scan func(Scanner) (T, error)) ([]T, string, error) {
	var date, id string
	var after []any
	if cursor != "" {
		if err := DecodeCursor(cursor, table, &date, &id); err != nil {
			return nil, "", err
		}
		after = []any{date, id}
	}
	col := RecordDateColumn(table)
	where, args := k.Dialect.RecordWhere(table, f)
	q, args := k.Dialect.PageQuery(sel+", "+col+", id", table, where, args, []string{col, "id"}, after, false, limit)
	return keysetPage(ctx, k.Query, table, q, args, limit, scan, &date, &id)
}

// withKey is a row whose scan also fills the key columns selected after
// a codec's own.
type withKey struct {
	PageRows
	key []any
}

func (w withKey) Scan(dest ...any) error { return w.PageRows.Scan(append(dest, w.key...)...) }

// keysetPage runs a keyset query and returns up to limit rows and the
// cursor after the last, scanning each row with scan and its key into key.
func keysetPage[T any](ctx context.Context, query PageQuerier, list, q string, args []any, limit int, scan func(Scanner) (T, error), key ...any) ([]T, string, error) {
	rows, done, err := query(ctx, q, args)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", list, err)
	}
	defer done()
	var out []T
	var next string
	for rows.Next() {
		if len(out) == limit {
			vals := make([]any, len(key))
			for i, p := range key {
				vals[i] = deref(p)
			}
			next = EncodeCursor(list, vals...)
			break
		}
		v, err := scan(withKey{rows, key})
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", list, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", list, err)
	}
	return out, next, nil
}

func deref(p any) any {
	switch v := p.(type) {
	case *string:
		return *v
	case *int64:
		return *v
	}
	return p
}

// EachRow scans every row of rows with scan and hands each value to fn,
// stopping at the first error; the caller closes rows.
func EachRow[T any](rows PageRows, scan func(Scanner) (T, error), fn func(*T) error) error {
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(&v); err != nil {
			return err
		}
	}
	return rows.Err()
}
