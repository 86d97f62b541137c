package watch_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

// oilSeries is a quiet daily series with jumps on the given days.
func oilSeries(imported time.Time, jumps ...string) store.PriceSeries {
	ps := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "OIL", ImportedAt: imported}}
	level := 80.0
	for d, i := at("2025-05-01T00:00:00Z"), 0; d.Before(at("2025-09-01T00:00:00Z")); d, i = d.AddDate(0, 0, 1), i+1 {
		level *= math.Exp(0.004 * math.Sin(float64(i)*1.7))
		if slices.Contains(jumps, d.Format(time.DateOnly)) {
			level *= 1.08
		}
		ps.Prices = append(ps.Prices, store.DailyPrice{Date: d, Close: level})
	}
	return ps
}

func activeCauses(res *watch.Result, rule string) []string {
	var out []string
	for _, a := range res.Active {
		if a.Rule == rule {
			out = append(out, a.State+" "+a.Cause)
		}
	}
	slices.Sort(out)
	return out
}

// TestMarketRuleIncremental: evaluated again on the same day, a market
// rule looks only at the stories that changed and carries its other
// alerts, and comes out as evaluating the whole window would (Test
// evaluates a rule as new): a new story fires, a story that no longer
// fits resolves, new prices are seen.
func TestMarketRuleIncremental(t *testing.T) {
	// Stories saved before an evaluation began are not read again after
	// it, so the next one carries their alerts.
	defer watch.SetStorySlack(0)()
	ctx := context.Background()
	st := openDB(t, filepath.Join(t.TempDir(), "market.db"))
	defer st.Close()
	ms, ss, ws := st.(store.MarketStore), st.(store.StoryStore), st.(store.WatchStore)
	if err := ms.PutSeries(ctx, oilSeries(time.Now().Add(-time.Hour), "2025-08-18")); err != nil {
		t.Fatal(err)
	}
	story := func(id, date string, quad int) record.Story {
		return record.Story{ID: id, Date: date, DatePrecision: "day", Source: ukr, Target: rus, CAMEO: "190", Root: "19", Quad: quad,
			Goldstein: -10, Text: "Ukraine struck a refinery.", Status: record.StatusSingle, Sources: 1, Reports: 1}
	}
	if err := ss.SaveStories(ctx, []record.Story{story("s1", "2025-08-17", 4), story("s0", "2025-08-10", 4)}, nil); err != nil {
		t.Fatal(err)
	}
	spec, err := watch.ParseRule("market OIL beyond 2sd within 3d of event actor UKR quad 4")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.PutWatchRule(ctx, store.WatchRule{Name: "oil", Text: spec.String()}); err != nil {
		t.Fatal(err)
	}
	e := evaluator(t, st)
	steps := []struct {
		now    string
		change func()
		want   []string
	}{
		{"2025-08-19T09:00:00Z", nil, []string{"firing market:OIL:s1"}},
		{"2025-08-19T12:00:00Z", nil, []string{"firing market:OIL:s1"}},
		{"2025-08-19T15:00:00Z", func() {
			if err := ss.SaveStories(ctx, []record.Story{story("s2", "2025-08-18", 4), story("s3", "2025-08-19", 1)}, nil); err != nil {
				t.Fatal(err)
			}
		}, []string{"firing market:OIL:s1", "firing market:OIL:s2"}},
		{"2025-08-19T18:00:00Z", func() {
			if err := ss.SaveStories(ctx, []record.Story{story("s1", "2025-08-17", 1)}, nil); err != nil {
				t.Fatal(err)
			}
		}, []string{"firing market:OIL:s2"}},
		{"2025-08-19T20:00:00Z", func() {
			// New prices: a jump the day of s3, which now fits the rule.
			if err := ss.SaveStories(ctx, []record.Story{story("s3", "2025-08-19", 4)}, nil); err != nil {
				t.Fatal(err)
			}
			if err := ms.PutSeries(ctx, oilSeries(time.Time{}, "2025-08-18", "2025-08-19")); err != nil {
				t.Fatal(err)
			}
		}, []string{"firing market:OIL:s2", "firing market:OIL:s3"}},
		{"2025-08-19T22:00:00Z", nil, []string{"firing market:OIL:s2", "firing market:OIL:s3"}},
		{"2025-08-23T09:00:00Z", nil, nil},
	}
	for _, step := range steps {
		if step.change != nil {
			step.change()
		}
		now := at(step.now)
		whole, err := e.Test(ctx, "oil", now)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.EvaluateOnce(ctx, now)
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("%s: %v %v", step.now, err, res.Errors)
		}
		got := activeCauses(res, "oil")
		if !slices.Equal(got, step.want) {
			t.Errorf("%s: active %q, want %q", step.now, got, step.want)
		}
		if w := activeCauses(whole, "oil"); !slices.Equal(got, w) {
			t.Errorf("%s: evaluated again %q, as new %q", step.now, got, w)
		}
	}
}
