package watch_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

var benchCountries = []string{"USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "SYR", "IND", "PAK", "JPN", "KOR", "PRK", "BLR", "POL", "SAU", "EGY"}

func benchActor(r *rand.Rand) *record.Actor {
	c := benchCountries[r.IntN(len(benchCountries))]
	return &record.Actor{Code: c, Country: c}
}

// benchStore builds a store of n imported events merged two to a story
// over two years, priced series, and 1,000 rules of every kind.
func benchStore(b *testing.B, n int) (store.Store, time.Time) {
	ctx := context.Background()
	st := openDB(b, filepath.Join(b.TempDir(), "bench.db"))
	r := rand.New(rand.NewPCG(1, 2))
	start := at("2023-09-01T00:00:00Z")
	roots := []string{"01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14", "17", "18", "19"}
	statuses := []string{record.StatusCorroborated, record.StatusSingle, record.StatusSingle, record.StatusDisputed}
	const chunk = 20000
	for lo := 0; lo < n; lo += chunk {
		var evs []record.Event
		var stories []record.Story
		for i := lo; i < min(n, lo+chunk); i += 2 {
			src, tgt := benchActor(r), benchActor(r)
			root := roots[r.IntN(len(roots))]
			date := start.AddDate(0, 0, r.IntN(730)).Format(time.DateOnly)
			g := math.Round((r.Float64()*20-10)*10) / 10
			quad := 1 + r.IntN(4)
			var ids []string
			for k := 0; k < 2 && i+k < n; k++ {
				id := "e" + strconv.Itoa(i+k)
				ids = append(ids, id)
				evs = append(evs, record.Event{ID: id, Date: date, DatePrecision: "day", Source: src, Target: tgt, CAMEO: root + "0", Root: root, Quad: quad, Goldstein: g, Text: "synthetic"})
			}
			stories = append(stories, record.Story{ID: "s" + strconv.Itoa(i), Date: date, DatePrecision: "day", Source: src, Target: tgt, CAMEO: root + "0", Root: root,
				Quad: quad, Goldstein: g, Text: "synthetic story", Status: statuses[r.IntN(len(statuses))], Sources: 1 + r.IntN(3), Reports: len(ids), EventIDs: ids})
		}
		if _, err := st.PutEvents(ctx, evs); err != nil {
			b.Fatal(err)
		}
		if err := st.(store.StoryStore).SaveStories(ctx, stories, nil); err != nil {
			b.Fatal(err)
		}
	}
	ms := st.(store.MarketStore)
	for k := 0; k < 5; k++ {
		ps := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "S" + strconv.Itoa(k)}}
		level := 100.0
		for d := start; d.Before(start.AddDate(2, 1, 0)); d = d.AddDate(0, 0, 1) {
			level *= math.Exp(r.NormFloat64() * 0.01)
			ps.Prices = append(ps.Prices, store.DailyPrice{Date: d, Close: level})
		}
		if err := ms.PutSeries(ctx, ps); err != nil {
			b.Fatal(err)
		}
	}
	ws := st.(store.WatchStore)
	pick := func() string { return benchCountries[r.IntN(len(benchCountries))] }
	for i := 0; i < 1000; i++ {
		var text string
		switch {
		case i < 500:
			text = fmt.Sprintf("event dyad %s-%s root %s", pick(), pick(), roots[r.IntN(len(roots))])
			if i%3 == 0 {
				text += " status corroborated"
			}
		case i < 650:
			text = fmt.Sprintf("deadline due within %dd involving %s", 7+r.IntN(60), pick())
		case i < 700:
			text = fmt.Sprintf("deadline passed involving %s status missed,unknown", pick())
		case i < 850:
			text = fmt.Sprintf("claim denial by %s", pick())
		case i < 950:
			text = fmt.Sprintf("tone %s-%s by week beyond 2sd", pick(), pick())
		default:
			text = fmt.Sprintf("market S%d beyond 2sd within 3d of event actor %s quad 4", r.IntN(5), pick())
		}
		spec, err := watch.ParseRule(text)
		if err != nil {
			b.Fatalf("%q: %v", text, err)
		}
		if err := ws.PutWatchRule(ctx, store.WatchRule{Name: fmt.Sprintf("r%04d", i), Text: spec.String()}); err != nil {
			b.Fatal(err)
		}
	}
	return st, start.AddDate(2, 0, 0)
}

// BenchmarkEvaluateBatch measures one evaluation of 1,000 rules after a
// batch of 20 new articles (with their events, stories, claims and
// deadlines) lands in a store of SITREP_BENCH_EVENTS events (default
// 20,000; the target is 1,000,000 under 1 s a batch).
func BenchmarkEvaluateBatch(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	st, now := benchStore(b, n)
	defer st.Close()
	e := evaluator(b, st)
	t0 := time.Now()
	if _, err := e.EvaluateOnce(ctx, now); err != nil { // every rule new: whole windows
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Milliseconds()), "first-eval-ms")
	r := rand.New(rand.NewPCG(3, 4))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		now = now.Add(10 * time.Minute)
		var stories []record.Story
		for k := 0; k < 20; k++ {
			src, tgt := benchActor(r), benchActor(r)
			day := now.Format(time.DateOnly)
			text := fmt.Sprintf("Batch %d article %d: %s officials denied the report. The deadline is in ten days.", i, k, src.Country)
			id := putArticle(b, st, fmt.Sprintf("batch %d/%d", i, k), day, "Bench", "", text, &record.Records{
				Claims:    []record.Claim{{Sentence: 0, Speaker: src, Kind: "reported", Text: text, Stance: "deny", Date: day}},
				Deadlines: []record.Deadline{{Sentence: 1, Due: now.AddDate(0, 0, 10).Format(time.DateOnly), Precision: "day", Kind: "deadline", What: "talks", Actors: []record.Actor{*src, *tgt}}},
			})
			stories = append(stories, record.Story{ID: fmt.Sprintf("b%d-%d", i, k), Date: day, DatePrecision: "day", Source: src, Target: tgt, CAMEO: "040", Root: "04", Quad: 1,
				Goldstein: 1, Text: text, Status: record.StatusCorroborated, Sources: 2, Reports: 1,
				Articles: []record.StoryArticle{{ID: id, Title: "batch", Source: "Bench", Date: day, Group: 1}}})
		}
		if err := st.(store.StoryStore).SaveStories(ctx, stories, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := e.EvaluateOnce(ctx, now)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors[0])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/batch")
	b.ReportMetric(float64(n), "events")
	b.ReportMetric(1000, "rules")
}
