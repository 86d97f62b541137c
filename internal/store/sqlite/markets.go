package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.MarketStore = (*Store)(nil)

// priceBatch is how many prices one INSERT carries (3 parameters each,
// well under SQLite's limit of 32,766).
const priceBatch = 500

// PutSeries replaces the series named s.Name, metadata and prices, in one
// transaction.
func (s *Store) PutSeries(ctx context.Context, ps store.PriceSeries) error {
	if err := store.CheckSeries(ps); err != nil {
		return err
	}
	imported := ps.ImportedAt
	if imported.IsZero() {
		imported = time.Now()
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO market_series (name, source_file, format, value_column, imported_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET source_file = excluded.source_file, format = excluded.format,
			value_column = excluded.value_column, imported_at = excluded.imported_at
		RETURNING id`,
		ps.Name, ps.SourceFile, ps.Format, ps.Column, ts(imported)).Scan(&id)
	if err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM market_prices WHERE series_id = ?`, id); err != nil {
		return fmt.Errorf("series %s: clear old prices: %w", ps.Name, err)
	}
	args := make([]any, 0, 3*priceBatch)
	for lo := 0; lo < len(ps.Prices); lo += priceBatch {
		chunk := ps.Prices[lo:min(lo+priceBatch, len(ps.Prices))]
		args = args[:0]
		for _, p := range chunk {
			args = append(args, id, store.DayString(p.Date), p.Close)
		}
		q := `INSERT INTO market_prices (series_id, date, close) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?),", len(chunk)), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("series %s: store prices from %s: %w", ps.Name, store.DayString(chunk[0].Date), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("series %s: %w", ps.Name, err)
	}
	return nil
}

// GetSeries returns one series with its prices by date.
func (s *Store) GetSeries(ctx context.Context, name string) (store.PriceSeries, error) {
	ps := store.PriceSeries{}
	var id int64
	var imported string
	err := s.r.QueryRowContext(ctx, `SELECT id, name, source_file, format, value_column, imported_at
		FROM market_series WHERE name = ?`, name).
		Scan(&id, &ps.Name, &ps.SourceFile, &ps.Format, &ps.Column, &imported)
	if errors.Is(err, sql.ErrNoRows) {
		return ps, fmt.Errorf("series %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return ps, fmt.Errorf("series %s: %w", name, err)
	}
	ps.ImportedAt = parseTS(imported)
	rows, err := s.r.QueryContext(ctx, `SELECT date, close FROM market_prices WHERE series_id = ? ORDER BY date`, id)
	if err != nil {
		return ps, fmt.Errorf("series %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		var p store.DailyPrice
		if err := rows.Scan(&d, &p.Close); err != nil {
			return ps, fmt.Errorf("series %s: %w", name, err)
		}
		if p.Date, err = time.Parse(time.DateOnly, d); err != nil {
			return ps, fmt.Errorf("series %s: stored date %q: %w", name, d, err)
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
	rows, err := s.r.QueryContext(ctx, `SELECT s.name, s.source_file, s.format, s.value_column, s.imported_at,
			MIN(p.date), MAX(p.date), COUNT(p.date)
		FROM market_series s LEFT JOIN market_prices p ON p.series_id = s.id
		GROUP BY s.id ORDER BY s.name`)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	defer rows.Close()
	var out []store.SeriesInfo
	for rows.Next() {
		var si store.SeriesInfo
		var imported string
		var first, last sql.NullString
		if err := rows.Scan(&si.Name, &si.SourceFile, &si.Format, &si.Column, &imported, &first, &last, &si.Count); err != nil {
			return nil, fmt.Errorf("list series: %w", err)
		}
		si.ImportedAt = parseTS(imported)
		si.First, _ = time.Parse(time.DateOnly, first.String)
		si.Last, _ = time.Parse(time.DateOnly, last.String)
		out = append(out, si)
	}
	return out, rows.Err()
}

// DeleteSeries removes a series and its prices.
func (s *Store) DeleteSeries(ctx context.Context, name string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM market_series WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("series %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("series %s: %w", name, store.ErrNotFound)
	}
	return nil
}
