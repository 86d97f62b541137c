package tone

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// yearOfCells gives nDyads dyads a year of daily cells each way, each
// quad class present on a day with probability 1/2 (fixed seed).
func yearOfCells(nDyads int) [][]store.ToneCell {
	rng := rand.New(rand.NewPCG(3, 5))
	out := make([][]store.ToneCell, nDyads)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range nDyads {
		a, b := fmt.Sprintf("A%02d", k), fmt.Sprintf("B%02d", k)
		for d := range 365 {
			date := start.AddDate(0, 0, d).Format(time.DateOnly)
			for _, dir := range [][2]string{{a, b}, {b, a}} {
				for q := 1; q <= 4; q++ {
					if rng.IntN(2) == 0 {
						n := 1 + rng.IntN(5)
						out[k] = append(out[k], store.ToneCell{Date: date, Source: dir[0], Target: dir[1], Quad: q, Count: n,
							GoldsteinSum: float64(n) * float64(rng.IntN(201)-100) / 10})
					}
				}
			}
		}
	}
	return out
}

// BenchmarkBuildShifts builds the daily and the weekly series of 100
// dyads (both directions, a year of cells) and finds their shifts.
func BenchmarkBuildShifts(b *testing.B) {
	dyads := yearOfCells(100)
	cells := 0
	for _, c := range dyads {
		cells += len(c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, by := range []Period{Day, Week} {
			for _, c := range dyads {
				s, err := Build(c, Options{By: by, Directions: []Dyad{{c[0].Source, c[0].Target}, {c[0].Target, c[0].Source}}})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Shifts(s, Detector{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(2*cells)/per, "cells/s")
	b.ReportMetric(per/200*1e6, "µs/dyad-series")
}

// benchStories is how many stories the tone query benchmarks store:
// SITREP_BENCH_TONE_STORIES, 20,000 unless set.
func benchStories(b *testing.B) int {
	n := 20_000
	if v := os.Getenv("SITREP_BENCH_TONE_STORIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("SITREP_BENCH_TONE_STORIES=%q: want a positive number", v)
		}
	}
	return n
}

// fillStories stores n stories over ten years between 60 countries, one
// dyad in twenty-five being USA and RUS either way (a busy relationship),
// in batches, without reports or events (tone reads neither).
func fillStories(b *testing.B, ss store.StoryStore, n int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 13))
	countries := []string{"USA", "RUS"}
	for i := range 58 {
		countries = append(countries, fmt.Sprintf("C%02d", i))
	}
	codes := []string{"010", "020", "036", "042", "043", "051", "057", "061", "071", "111", "112", "120", "130", "138", "141", "163", "173", "180", "190", "195"}
	book := make([]cameo.Code, len(codes))
	for i, c := range codes {
		book[i], _ = cameo.Lookup(c)
	}
	statuses := []string{record.StatusCorroborated, record.StatusSingle, record.StatusSingle, record.StatusDisputed, record.StatusHedged, record.StatusNegated}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 5000
	buf := make([]record.Story, 0, batch)
	for i := range n {
		src, tgt := countries[rng.IntN(len(countries))], countries[rng.IntN(len(countries))]
		if rng.IntN(25) == 0 {
			src, tgt = "USA", "RUS"
			if rng.IntN(2) == 0 {
				src, tgt = tgt, src
			}
		}
		c := book[rng.IntN(len(book))]
		buf = append(buf, record.Story{ID: "s" + strconv.Itoa(i), Date: start.AddDate(0, 0, rng.IntN(3652)).Format(time.DateOnly), DatePrecision: "day",
			Source: &record.Actor{Code: src, Country: src}, Target: &record.Actor{Code: tgt, Country: tgt},
			CAMEO: c.Code, Root: c.Root, Quad: c.Quad, Goldstein: c.Goldstein, Label: c.Label,
			Status: statuses[rng.IntN(len(statuses))], Sources: 1, Reports: 1, FirstSeen: seen})
		if len(buf) == batch || i == n-1 {
			if err := ss.SaveStories(ctx, buf, nil); err != nil {
				b.Fatal(err)
			}
			buf = buf[:0]
		}
	}
}

// toneQuery is what `sitrep tone --dyad USA:RUS --both --by week` asks of
// a store: the cells of every status but negated, in one query with the
// period as hint (Cells), built into weekly series with their shifts.
func toneQuery(b *testing.B, ss store.StoryStore) (cells int) {
	ctx := context.Background()
	f := store.StoryFilter{Source: "USA", Target: "RUS", Both: true}
	c, err := Cells(ctx, ss, f, Week, record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Build(c, Options{By: Week, Directions: []Dyad{{"USA", "RUS"}, {"RUS", "USA"}}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Shifts(s, Detector{}); err != nil {
		b.Fatal(err)
	}
	return len(c)
}

// queryReps is how many times each benchmark iteration asks the query,
// so one iteration (CI's -benchtime 1x) gives a median over a fresh store.
const queryReps = 21

func benchToneQuery(b *testing.B, ss store.StoryStore) {
	n := benchStories(b)
	t0 := time.Now()
	fillStories(b, ss, n)
	fill := time.Since(t0)
	b.Logf("stored %d stories in %v (%.0f stories/s)", n, fill.Round(time.Millisecond), float64(n)/fill.Seconds())
	cells := toneQuery(b, ss) // warm the cache once, as any query after the first finds it
	times := make([]time.Duration, 0, queryReps*b.N)
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		for range queryReps {
			q0 := time.Now()
			toneQuery(b, ss)
			times = append(times, time.Since(q0))
		}
	}
	b.StopTimer() // closing the store is not the query's
	// CPU time of this process per query: on a shared machine the wall
	// time follows the other load, this does not (SQLite runs in-process;
	// for PostgreSQL it is the client's part only).
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(times)), "cpu-ms/query")
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/query(median)")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "ms/query(p90)")
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(float64(n), "stories")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkToneQuerySQLite: SITREP_BENCH_TONE_STORIES=1000000 for a big store.
func BenchmarkToneQuerySQLite(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchToneQuery(b, st)
}

func BenchmarkToneQueryPostgres(b *testing.B) {
	st, err := postgres.Open(context.Background(), pgtest.Schema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchToneQuery(b, st)
}
