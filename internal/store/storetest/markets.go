package storetest

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// RunMarkets runs the MarketStore suite; the factory's stores must
// implement store.MarketStore.
func RunMarkets(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.MarketStore)
	}{
		{"RoundTrip", testSeriesRoundTrip},
		{"ReimportReplaces", testSeriesReplace},
		{"RefusedSeriesLeavesOld", testSeriesRefused},
		{"ListAndDelete", testSeriesList},
		{"NotFound", testSeriesNotFound},
		{"CalendarDayOfOwnZone", testSeriesZone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			ms, ok := s.(store.MarketStore)
			if !ok {
				t.Fatalf("%T does not implement store.MarketStore", s)
			}
			tc.fn(t, ms)
		})
	}
}

var importedAt = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// weekdays returns n prices on consecutive weekdays from start, with
// closes that no float rounding could mistake for one another.
func weekdays(start string, n int, level float64) []store.DailyPrice {
	var out []store.DailyPrice
	for d := day(start); len(out) < n; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		level *= 1 + 0.01*math.Sin(float64(len(out))) + 1e-9/3
		out = append(out, store.DailyPrice{Date: d, Close: level})
	}
	return out
}

func samePrices(t *testing.T, got, want []store.DailyPrice) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d prices back, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Date.Equal(want[i].Date) || got[i].Date.Location() != time.UTC || got[i].Close != want[i].Close {
			t.Fatalf("price %d = %v %.17g, want %v %.17g", i, got[i].Date, got[i].Close, want[i].Date, want[i].Close)
		}
	}
}

func testSeriesRoundTrip(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	// More prices than one insert statement carries.
	in := store.PriceSeries{
		SeriesMeta: store.SeriesMeta{Name: "IMOEX", SourceFile: "IMOEX_daily.csv", Format: "csv", Column: "close", ImportedAt: importedAt},
		Prices:     weekdays("2020-01-01", 1234, 3000),
	}
	if err := ms.PutSeries(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := ms.GetSeries(ctx, "IMOEX")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "IMOEX" || got.SourceFile != "IMOEX_daily.csv" || got.Format != "csv" || got.Column != "close" || !got.ImportedAt.Equal(importedAt) {
		t.Errorf("meta = %+v", got.SeriesMeta)
	}
	samePrices(t, got.Prices, in.Prices)
}

func testSeriesReplace(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	old := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "GOLD", SourceFile: "old.csv", Format: "csv", Column: "close"},
		Prices: weekdays("2024-01-01", 40, 5000)}
	if err := ms.PutSeries(ctx, old); err != nil {
		t.Fatal(err)
	}
	// The new import covers fewer, later days: nothing of the old may remain.
	fresh := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "GOLD", SourceFile: "new.csv", Format: "yahoo", Column: "Close", ImportedAt: importedAt},
		Prices: weekdays("2024-02-15", 7, 6000)}
	if err := ms.PutSeries(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	got, err := ms.GetSeries(ctx, "GOLD")
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceFile != "new.csv" || got.Format != "yahoo" || got.Column != "Close" || !got.ImportedAt.Equal(importedAt) {
		t.Errorf("meta after re-import = %+v", got.SeriesMeta)
	}
	samePrices(t, got.Prices, fresh.Prices)
	list, err := ms.ListSeries(ctx)
	if err != nil || len(list) != 1 || list[0].Count != 7 {
		t.Errorf("list after re-import = %+v, %v", list, err)
	}
}

func testSeriesRefused(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	good := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "BRENT"}, Prices: weekdays("2025-01-01", 10, 80)}
	if err := ms.PutSeries(ctx, good); err != nil {
		t.Fatal(err)
	}
	nan := weekdays("2025-01-01", 5, 80)
	nan[3].Close = math.NaN()
	dup := weekdays("2025-01-01", 5, 80)
	dup[2].Date = dup[1].Date
	backwards := weekdays("2025-01-01", 5, 80)
	backwards[0], backwards[4] = backwards[4], backwards[0]
	for _, bad := range []struct {
		name   string
		prices []store.DailyPrice
		want   string
	}{
		{"NaN", nan, "2025-01-06"},
		{"duplicate", dup, "2025-01-02"},
		{"out of order", backwards, "2025-01-02"},
		{"empty", nil, "no prices"},
	} {
		err := ms.PutSeries(ctx, store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "BRENT", SourceFile: "bad.csv"}, Prices: bad.prices})
		if err == nil || !strings.Contains(err.Error(), "BRENT") || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: PutSeries error %v, want one naming BRENT and %s", bad.name, err, bad.want)
		}
	}
	if err := ms.PutSeries(ctx, store.PriceSeries{Prices: good.Prices}); err == nil {
		t.Error("a series without a name was stored")
	}
	got, err := ms.GetSeries(ctx, "BRENT")
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceFile != "" {
		t.Errorf("a refused import changed the metadata: %+v", got.SeriesMeta)
	}
	samePrices(t, got.Prices, good.Prices)
}

func testSeriesList(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	if list, err := ms.ListSeries(ctx); err != nil || len(list) != 0 {
		t.Fatalf("empty store lists %+v, %v", list, err)
	}
	for _, s := range []store.PriceSeries{
		{SeriesMeta: store.SeriesMeta{Name: "WTI", Format: "eia"}, Prices: weekdays("2025-03-03", 3, 70)},
		{SeriesMeta: store.SeriesMeta{Name: "IMOEX", Format: "csv"}, Prices: weekdays("2025-02-10", 5, 3000)},
		{SeriesMeta: store.SeriesMeta{Name: "USDRUB", Format: "yahoo"}, Prices: weekdays("2025-02-12", 2, 96)},
	} {
		if err := ms.PutSeries(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	list, err := ms.ListSeries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name, format, first, last string
		n                         int
	}
	want := []row{
		{"IMOEX", "csv", "2025-02-10", "2025-02-14", 5},
		{"USDRUB", "yahoo", "2025-02-12", "2025-02-13", 2},
		{"WTI", "eia", "2025-03-03", "2025-03-05", 3},
	}
	if len(list) != len(want) {
		t.Fatalf("listed %d series, want %d: %+v", len(list), len(want), list)
	}
	for i, w := range want {
		g := list[i]
		if got := (row{g.Name, g.Format, store.DayString(g.First), store.DayString(g.Last), g.Count}); got != w {
			t.Errorf("list[%d] = %+v, want %+v", i, got, w)
		}
		if g.ImportedAt.IsZero() {
			t.Errorf("%s: no import time", g.Name)
		}
	}
	if err := ms.DeleteSeries(ctx, "USDRUB"); err != nil {
		t.Fatal(err)
	}
	list, _ = ms.ListSeries(ctx)
	if len(list) != 2 || list[0].Name != "IMOEX" || list[1].Name != "WTI" {
		t.Errorf("after delete: %+v", list)
	}
	if _, err := ms.GetSeries(ctx, "USDRUB"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted series: %v", err)
	}
	// Deleting took the prices with it: a new series of that name starts empty.
	if err := ms.PutSeries(ctx, store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "USDRUB"}, Prices: weekdays("2026-01-05", 1, 80)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ms.GetSeries(ctx, "USDRUB"); len(got.Prices) != 1 {
		t.Errorf("re-created series has %d prices", len(got.Prices))
	}
}

func testSeriesNotFound(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	if _, err := ms.GetSeries(ctx, "NOPE"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("GetSeries(NOPE) = %v", err)
	}
	if err := ms.DeleteSeries(ctx, "NOPE"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteSeries(NOPE) = %v", err)
	}
}

// A price time-stamped in Moscow shortly after midnight belongs to that
// Moscow day, though it is still the day before in UTC.
func testSeriesZone(t *testing.T, ms store.MarketStore) {
	ctx := context.Background()
	msk := time.FixedZone("MSK", 3*3600)
	in := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "MCFTR"}, Prices: []store.DailyPrice{
		{Date: time.Date(2025, 2, 12, 1, 0, 0, 0, msk), Close: 8000.5},
		{Date: time.Date(2025, 2, 13, 1, 0, 0, 0, msk), Close: 8466.25},
	}}
	if err := ms.PutSeries(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := ms.GetSeries(ctx, "MCFTR")
	if err != nil {
		t.Fatal(err)
	}
	samePrices(t, got.Prices, []store.DailyPrice{{Date: day("2025-02-12"), Close: 8000.5}, {Date: day("2025-02-13"), Close: 8466.25}})
}
