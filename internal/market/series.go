package market

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Price is one daily observation of a series: the closing level on Date.
// Date is a calendar day at midnight UTC.
type Price struct {
	Date  time.Time
	Close float64
}

// Series is a named daily price (or index level) series in strictly
// ascending date order.
type Series struct {
	Name   string
	Prices []Price
}

// Returns is a named series of one-period returns. Values[i] is the return
// over the period that ends on Dates[i]. A day without a return is simply
// absent. Dates are strictly ascending, values finite.
type Returns struct {
	Name   string
	Dates  []time.Time
	Values []float64
}

// ReturnKind says how a return is computed from two prices.
type ReturnKind string

const (
	// LogReturns: r = ln(P_t / P_{t-1}). The default: log returns add up
	// over time, so a CAR is the log of the cumulative gross return.
	LogReturns ReturnKind = "log"
	// SimpleReturns: r = P_t / P_{t-1} − 1.
	SimpleReturns ReturnKind = "simple"
)

// Sentinel errors; the concrete errors wrap them and name the series,
// the line or the date.
var (
	ErrEmpty       = errors.New("no prices")
	ErrTooShort    = errors.New("fewer than two prices")
	ErrNotFinite   = errors.New("value is NaN or infinite")
	ErrNonPositive = errors.New("price is zero or negative")
	ErrDuplicate   = errors.New("duplicate date")
	ErrOutOfOrder  = errors.New("date out of order")
)

// Day returns t's calendar day (in t's own location) as midnight UTC, the
// form every date in this package takes.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func fmtDate(t time.Time) string { return t.Format(time.DateOnly) }

// Validate reports the first problem that would make s unusable for a
// study: no prices, a single price, unsorted or repeated dates, and
// non-finite or non-positive prices. Each error names the series and date.
func (s Series) Validate() error {
	switch len(s.Prices) {
	case 0:
		return fmt.Errorf("series %s: %w", s.Name, ErrEmpty)
	case 1:
		return fmt.Errorf("series %s: only one price (%s): %w", s.Name, fmtDate(s.Prices[0].Date), ErrTooShort)
	}
	for i, p := range s.Prices {
		if math.IsNaN(p.Close) || math.IsInf(p.Close, 0) {
			return fmt.Errorf("series %s: %s: %w", s.Name, fmtDate(p.Date), ErrNotFinite)
		}
		if p.Close <= 0 {
			return fmt.Errorf("series %s: %s: price %v: %w", s.Name, fmtDate(p.Date), p.Close, ErrNonPositive)
		}
		if i > 0 {
			prev := s.Prices[i-1].Date
			if p.Date.Equal(prev) {
				return fmt.Errorf("series %s: %s: %w", s.Name, fmtDate(p.Date), ErrDuplicate)
			}
			if p.Date.Before(prev) {
				return fmt.Errorf("series %s: %s comes after %s: %w", s.Name, fmtDate(p.Date), fmtDate(prev), ErrOutOfOrder)
			}
		}
	}
	return nil
}

// Returns computes the return between each pair of consecutive prices,
// dated at the later price. It validates s first.
func (s Series) Returns(kind ReturnKind) (Returns, error) {
	if err := s.Validate(); err != nil {
		return Returns{}, err
	}
	if err := kind.check(); err != nil {
		return Returns{}, err
	}
	n := len(s.Prices) - 1
	out := Returns{Name: s.Name, Dates: make([]time.Time, n), Values: make([]float64, n)}
	for i := 1; i <= n; i++ {
		out.Dates[i-1] = s.Prices[i].Date
		out.Values[i-1] = kind.of(s.Prices[i-1].Close, s.Prices[i].Close)
	}
	return out, nil
}

func (k ReturnKind) check() error {
	switch k {
	case LogReturns, SimpleReturns:
		return nil
	}
	return fmt.Errorf("unknown return kind %q (want log or simple)", string(k))
}

func (k ReturnKind) of(prev, cur float64) float64 {
	if k == SimpleReturns {
		return cur/prev - 1
	}
	return math.Log(cur / prev)
}

// Validate reports unsorted or repeated dates, mismatched lengths and
// non-finite values, naming the series and date.
func (r Returns) Validate() error {
	if len(r.Dates) != len(r.Values) {
		return fmt.Errorf("returns %s: %d dates but %d values", r.Name, len(r.Dates), len(r.Values))
	}
	if len(r.Dates) == 0 {
		return fmt.Errorf("returns %s: %w", r.Name, ErrEmpty)
	}
	for i, v := range r.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("returns %s: %s: %w", r.Name, fmtDate(r.Dates[i]), ErrNotFinite)
		}
		if i > 0 && !r.Dates[i].After(r.Dates[i-1]) {
			if r.Dates[i].Equal(r.Dates[i-1]) {
				return fmt.Errorf("returns %s: %s: %w", r.Name, fmtDate(r.Dates[i]), ErrDuplicate)
			}
			return fmt.Errorf("returns %s: %s comes after %s: %w", r.Name, fmtDate(r.Dates[i]), fmtDate(r.Dates[i-1]), ErrOutOfOrder)
		}
	}
	return nil
}
