package store

import (
	"context"
	"fmt"
	"math"
	"time"
)

// MarketStore keeps the daily price series imported for event studies.
// Both stores implement it beside Store; callers reach it with a type
// assertion (st.(store.MarketStore)). The types are the store's own plain
// values, so the store does not depend on the statistics in
// internal/market.
type MarketStore interface {
	// PutSeries stores s under s.Name in one transaction. A series already
	// stored under that name is replaced whole: its metadata and every one
	// of its prices, so no price of the old import survives.
	PutSeries(ctx context.Context, s PriceSeries) error
	// GetSeries returns the named series with its prices by date, or an
	// error wrapping ErrNotFound.
	GetSeries(ctx context.Context, name string) (PriceSeries, error)
	// ListSeries describes every stored series, by name.
	ListSeries(ctx context.Context) ([]SeriesInfo, error)
	// DeleteSeries removes the named series and its prices, or returns an
	// error wrapping ErrNotFound.
	DeleteSeries(ctx context.Context, name string) error
}

// SeriesMeta names a stored series and says where it came from.
type SeriesMeta struct {
	Name       string
	SourceFile string    // the file it was imported from, as given
	Format     string    // the layout it was read as (csv, yahoo, moex, eia)
	Column     string    // the value column it was read from
	ImportedAt time.Time // zero means now, when stored
}

// PriceSeries is a daily series as stored: one closing value per calendar
// day, in ascending date order.
type PriceSeries struct {
	SeriesMeta
	Prices []DailyPrice
}

// DailyPrice is one day's close. Date is the calendar day; the store
// keeps the day only and returns it as midnight UTC.
type DailyPrice struct {
	Date  time.Time
	Close float64
}

// SeriesInfo describes a stored series without its prices.
type SeriesInfo struct {
	SeriesMeta
	First, Last time.Time // the first and last day with a price
	Count       int       // how many days have a price
}

// CheckSeries reports what would make s unfit to store: no name, no
// prices, a non-finite close, or dates not strictly ascending. Both
// stores call it first, so they refuse the same series with the same
// words.
func CheckSeries(s PriceSeries) error {
	if s.Name == "" {
		return fmt.Errorf("series has no name")
	}
	if len(s.Prices) == 0 {
		return fmt.Errorf("series %s: no prices", s.Name)
	}
	for i, p := range s.Prices {
		if math.IsNaN(p.Close) || math.IsInf(p.Close, 0) {
			return fmt.Errorf("series %s: %s: close %v is not a number", s.Name, DayString(p.Date), p.Close)
		}
		if i > 0 {
			prev, cur := DayString(s.Prices[i-1].Date), DayString(p.Date)
			if cur == prev {
				return fmt.Errorf("series %s: %s appears twice", s.Name, cur)
			}
			if cur < prev {
				return fmt.Errorf("series %s: %s comes after %s: prices must be in date order", s.Name, cur, prev)
			}
		}
	}
	return nil
}

// DayString is the ISO calendar day of t, in t's own location: the form
// a stored price's date takes.
func DayString(t time.Time) string { return t.Format(time.DateOnly) }
