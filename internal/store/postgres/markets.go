package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.MarketStore = (*Store)(nil)

// PutSeries replaces the series named s.Name, metadata and prices, in one
// transaction; the prices go in with COPY.
func (s *Store) PutSeries(ctx context.Context, ps store.PriceSeries) error {
	if err := store.CheckSeries(ps); err != nil {
		return err
	}
	imported := ps.ImportedAt
	if imported.IsZero() {
		imported = time.Now()
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO market_series (name, source_file, format, value_column, imported_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET source_file = excluded.source_file, format = excluded.format,
			value_column = excluded.value_column, imported_at = excluded.imported_at
		RETURNING id`,
		ps.Name, ps.SourceFile, ps.Format, ps.Column, imported.UTC()).Scan(&id)
	if err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM market_prices WHERE series_id = $1`, id); err != nil {
		return fmt.Errorf("series %s: clear old prices: %w", ps.Name, err)
	}
	rows := make([][]any, len(ps.Prices))
	for i, p := range ps.Prices {
		y, m, d := p.Date.Date()
		rows[i] = []any{id, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), p.Close}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"market_prices"}, []string{"series_id", "date", "close"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("series %s: store prices: %w", ps.Name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	return nil
}

// GetSeries returns one series with its prices by date.
func (s *Store) GetSeries(ctx context.Context, name string) (store.PriceSeries, error) {
	ps := store.PriceSeries{}
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id, name, source_file, format, value_column, imported_at
		FROM market_series WHERE name = $1`, name).
		Scan(&id, &ps.Name, &ps.SourceFile, &ps.Format, &ps.Column, &ps.ImportedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return ps, fmt.Errorf("series %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return ps, fmt.Errorf("series %s: %w", name, err)
	}
	ps.ImportedAt = ps.ImportedAt.UTC()
	rows, err := s.pool.Query(ctx, `SELECT date, close FROM market_prices WHERE series_id = $1 ORDER BY date`, id)
	if err != nil {
		return ps, fmt.Errorf("series %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p store.DailyPrice
		if err := rows.Scan(&p.Date, &p.Close); err != nil {
			return ps, fmt.Errorf("series %s: %w", name, err)
		}
		ps.Prices = append(ps.Prices, p)
	}
	if err := rows.Err(); err != nil {
		return ps, fmt.Errorf("series %s: %w", name, err)
	}
	return ps, nil
}

// ListSeries describes every stored series, by name.
func (s *Store) ListSeries(ctx context.Context) ([]store.SeriesInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.name, s.source_file, s.format, s.value_column, s.imported_at,
			MIN(p.date), MAX(p.date), COUNT(p.date)
		FROM market_series s LEFT JOIN market_prices p ON p.series_id = s.id
		GROUP BY s.id ORDER BY s.name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	defer rows.Close()
	var out []store.SeriesInfo
	for rows.Next() {
		var si store.SeriesInfo
		var first, last *time.Time
		if err := rows.Scan(&si.Name, &si.SourceFile, &si.Format, &si.Column, &si.ImportedAt, &first, &last, &si.Count); err != nil {
			return nil, fmt.Errorf("list series: %w", err)
		}
		si.ImportedAt = si.ImportedAt.UTC()
		if first != nil {
			si.First, si.Last = *first, *last
		}
		out = append(out, si)
	}
	return out, rows.Err()
}

// DeleteSeries removes a series and its prices.
func (s *Store) DeleteSeries(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM market_series WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("series %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("series %s: %w", name, store.ErrNotFound)
	}
	return nil
}
