package market

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// syntheticStudy builds nSeries random-walk price series and a market over
// nDays sessions (fixed seed), and nEvents event dates, each studied on
// every series.
func syntheticStudy(nSeries, nDays, nEvents int) (Input, []Event) {
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	dates := make([]time.Time, 0, nDays)
	for d := start; len(dates) < nDays; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			dates = append(dates, d)
		}
	}
	walk := func(name string, market []float64, beta float64) (Series, []float64) {
		s := Series{Name: name, Prices: make([]Price, nDays)}
		level := 100.0
		rets := make([]float64, nDays)
		for i := range s.Prices {
			r := 0.0002 + 0.01*rng.NormFloat64()
			if market != nil {
				r += beta * market[i]
			}
			rets[i] = r
			level *= math.Exp(r)
			s.Prices[i] = Price{Date: dates[i], Close: level}
		}
		return s, rets
	}
	mkt, mret := walk("MKT", nil, 0)
	in := Input{Market: &mkt}
	for i := range nSeries {
		s, _ := walk("S"+strconv.Itoa(i), mret, 0.5+rng.Float64())
		in.Securities = append(in.Securities, s)
	}
	events := make([]Event, 0, nEvents*nSeries)
	for range nEvents {
		d := dates[130+rng.IntN(nDays-140)]
		for _, s := range in.Securities {
			events = append(events, Event{Series: s.Name, Date: d})
		}
	}
	return in, events
}

var benchSpec = Spec{
	Model:      MarketModel,
	Estimation: Window{-120, -6},
	Window:     Window{-5, 5},
	CARWindows: []Window{{-1, 1}, {0, 1}},
}

// BenchmarkStudy: 10,000 events × 10 series of 3,000 sessions, every test.
func BenchmarkStudy(b *testing.B) {
	in, events := syntheticStudy(10, 3000, 10000)
	b.ReportAllocs()
	var res *Result
	cpu0 := cpuSeconds()
	for b.Loop() {
		var err error
		res, err = Study(benchSpec, in, events)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/study")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/study")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMiB")
	b.ReportMetric(float64(ms.HeapAlloc)/float64(len(events)), "heapB/event")
	if res.Groups[0].Events != len(events) {
		b.Fatalf("%d of %d events used", res.Groups[0].Events, len(events))
	}
}

// cpuSeconds is the process's user and system CPU time: on a shared
// machine a steadier measure than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
