package sqlite

import (
	"context"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.Pager = (*Store)(nil)

// pages is the shared keyset pager on the read connections; events page
// in storage order within a date.
func (s *Store) pages() store.KeysetPages {
	return store.KeysetPages{Dialect: dialect, EventKey: "rowid",
		Query: func(ctx context.Context, q string, args []any) (store.PageRows, func(), error) {
			rows, err := s.r.QueryContext(ctx, q, args...)
			if err != nil {
				return nil, nil, err
			}
			return rows, func() { rows.Close() }, nil
		}}
}

// ArticlesPage pages through articles newest first.
func (s *Store) ArticlesPage(ctx context.Context, f store.ArticleFilter, cursor string, limit int) ([]article.Article, string, error) {
	return s.pages().ArticlesPage(ctx, f, cursor, limit)
}

// EventsPage pages through events by date, then storage order.
func (s *Store) EventsPage(ctx context.Context, f store.EventFilter, cursor string, limit int) ([]record.Event, string, error) {
	return s.pages().EventsPage(ctx, f, cursor, limit)
}

// ClaimsPage pages through claims by date.
func (s *Store) ClaimsPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Claim, string, error) {
	return s.pages().ClaimsPage(ctx, f, cursor, limit)
}

// DeadlinesPage pages through deadlines by due date.
func (s *Store) DeadlinesPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Deadline, string, error) {
	return s.pages().DeadlinesPage(ctx, f, cursor, limit)
}

// FactsPage pages through facts by date.
func (s *Store) FactsPage(ctx context.Context, f store.RecordFilter, cursor string, limit int) ([]record.Fact, string, error) {
	return s.pages().FactsPage(ctx, f, cursor, limit)
}
