package sqlite

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.Pager = (*Store)(nil)

// withExtra is a row whose scan also fills the key columns selected after
// a codec's own.
type withExtra struct {
	store.Scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.Scanner.Scan(append(dest, w.extra...)...) }

// page runs a keyset query and returns up to limit rows and the cursor
// after the last, scanning each row with scan and its key into key.
func page[T any](ctx context.Context, s *Store, list, q string, args []any, limit int, scan func(store.Scanner) (T, error), key ...any) ([]T, string, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", list, err)
	}
	defer rows.Close()
	var out []T
	var next string
	for rows.Next() {
		if len(out) == limit {
			next = store.EncodeCursor(list, derefAll(key)...)
			break
		}
		v, err := scan(withExtra{rows, key})
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

func derefAll(ps []any) []any {
	out := make([]any, len(ps))
	for i, p := range ps {
		switch v := p.(type) {
		case *string:
			out[i] = *v
		case *int64:
			out[i] = *v
		}
	}
	return out
}

// ArticlesPage pages through articles newest first.
func (s *Store) ArticlesPage(ctx context.Context, f store.ArticleFilter, cursor string, limit int) ([]article.Article, string, error) {
	var date string
	var seq int64
	var after []any
	if cursor != "" {
		if err := store.DecodeCursor(cursor, "articles", &date, &seq); err != nil {
			return nil, "", err
		}
		after = []any{date, seq}
	}
	where, args := dialect.ArticleWhere(f)
	q, args := dialect.PageQuery(dialect.ArticleSelect("")+", date, seq", "articles", where, args, []string{"date", "seq"}, after, true, limit)
	return page(ctx, s, "articles", q, args, limit, func(sc store.Scanner) (article.Article, error) { return store.ScanArticle(sc) }, &date, &seq)
}

// EventsPage pages through events by date, then storage order.
func (s *Store) EventsPage(ctx context.Context, f store.EventFilter, cursor string, limit int) ([]record.Event, string, error) {
	var date string
	var rowid int64
	var after []any
	if cursor != "" {
		if err := store.DecodeCursor(cursor, "events", &date, &rowid); err != nil {
			return nil, "", err
		}
		after = []any{date, rowid}
	}
	where, args := dialect.EventWhere(f)
	q, args := dialect.PageQuery(dialect.EventSelect()+", date, rowid", "events", where, args, []string{"date", "rowid"}, after, false, limit)
	return page(ctx, s, "events", q, args, limit, store.ScanEvent, &date, &rowid)
}

// ClaimsPage pages through claims by date.
func (s *Store) ClaimsPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Claim, string, error) {
	return recordPage(ctx, s, "claims", dialect.ClaimSelect(), f, cursor, limit, store.ScanClaim)
}

// DeadlinesPage pages through deadlines by due date.
func (s *Store) DeadlinesPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Deadline, string, error) {
	return recordPage(ctx, s, "deadlines", dialect.DeadlineSelect(), f, cursor, limit, store.ScanDeadline)
}

// FactsPage pages through facts by date.
func (s *Store) FactsPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Fact, string, error) {
	return recordPage(ctx, s, "facts", dialect.FactSelect(), f, cursor, limit, store.ScanFact)
}

func recordPage[T any](ctx context.Context, s *Store, table, sel string, f store.RecordFilter, cursor string, limit int, scan func(store.Scanner) (T, error)) ([]T, string, error) {
	var date, id string
	var after []any
	if cursor != "" {
		if err := store.DecodeCursor(cursor, table, &date, &id); err != nil {
			return nil, "", err
		}
		after = []any{date, id}
	}
	col := store.RecordDateColumn(table)
	where, args := dialect.RecordWhere(table, f)
	q, args := dialect.PageQuery(sel+", "+col+", id", table, where, args, []string{col, "id"}, after, false, limit)
	return page(ctx, s, table, q, args, limit, scan, &date, &id)
}
