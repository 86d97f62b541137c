package market

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// A naive, matrix-at-a-time reading of the Textbook formulas, written
// apart from the streaming code, checks it on data with missing returns,
// repeated events and windows of several days.

type refEvent struct {
	ar, sar []float64 // over the span (estimation … event window), NaN if missing
	m       int
	sigma   float64
}

func refAverageRanks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && xs[idx[j]] == xs[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			r[idx[k]] = float64(i+j+1) / 2
		}
		i = j
	}
	return r
}

func refSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

func TestTextbookAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const nDays = 700
	start := date("2020-01-01")
	var cal []time.Time
	for d := start; len(cal) < nDays; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			cal = append(cal, d)
		}
	}
	mkt := Returns{Name: "M", Dates: cal, Values: make([]float64, nDays)}
	for i := range mkt.Values {
		mkt.Values[i] = 0.01 * rng.NormFloat64()
	}
	var secs []Returns
	full := map[string][]float64{} // by name, NaN where missing
	for s := range 4 {
		name := string(rune('A' + s))
		r := Returns{Name: name}
		vals := make([]float64, nDays)
		for i := range vals {
			vals[i] = 0.0003 + (0.5+0.3*float64(s))*mkt.Values[i] + 0.015*rng.NormFloat64()
			if rng.Float64() < 0.03 { // a missing day now and then
				vals[i] = math.NaN()
				continue
			}
			r.Dates = append(r.Dates, cal[i])
			r.Values = append(r.Values, vals[i])
		}
		secs = append(secs, r)
		full[name] = vals
	}
	spec := Spec{Model: MarketModel, Estimation: Window{-80, -4}, Window: Window{-2, 3},
		CARWindows: []Window{{-1, 1}, {0, 3}}, Tests: []TestName{TestBMP, TestPatell, TestRank, TestGRankT, TestT}}
	var events []Event
	var i0s []int
	for k := range 60 {
		i0 := 90 + rng.IntN(nDays-100)
		if k%7 == 0 && k > 0 {
			i0 = i0s[k-1] // the same series and session again
		}
		s := secs[k%4].Name
		if k%7 == 0 && k > 0 {
			s = events[k-1].Series
		}
		events = append(events, Event{Series: s, Date: cal[i0]})
		i0s = append(i0s, i0)
	}
	res, err := StudyReturns(spec, ReturnsInput{Securities: secs, Market: &mkt}, events)
	if err != nil {
		t.Fatal(err)
	}

	// The reference: every event's ARs over the whole span at once.
	L := newLayout(func() Spec { s, _ := spec.resolved(true); return s }())
	var refs []refEvent
	for k, e := range events {
		if res.Events[k].Skipped != "" {
			continue
		}
		y := full[e.Series]
		i0 := i0s[k]
		var xs, ys []float64
		for tau := L.est.From; tau <= L.est.To; tau++ {
			if v := y[i0+tau]; !math.IsNaN(v) {
				xs = append(xs, mkt.Values[i0+tau])
				ys = append(ys, v)
			}
		}
		xb, _ := refSD(xs)
		yb, _ := refSD(ys)
		var sxx, sxy float64
		for i := range xs {
			sxx += (xs[i] - xb) * (xs[i] - xb)
			sxy += (xs[i] - xb) * (ys[i] - yb)
		}
		beta := sxy / sxx
		alpha := yb - beta*xb
		var ssr float64
		for i := range xs {
			e := ys[i] - alpha - beta*xs[i]
			ssr += e * e
		}
		m := len(xs)
		sigma := math.Sqrt(ssr / float64(m-2))
		re := refEvent{m: m, sigma: sigma}
		for tau := L.base; tau <= L.win.To; tau++ {
			x := mkt.Values[i0+tau]
			a := y[i0+tau] - alpha - beta*x
			c := 1 + 1/float64(m) + (x-xb)*(x-xb)/sxx
			s := a / sigma
			if tau >= L.win.From {
				s = a / (sigma * math.Sqrt(c))
			}
			re.ar = append(re.ar, a)
			re.sar = append(re.sar, s)
		}
		refs = append(refs, re)
	}
	if len(refs) != res.Groups[0].Events {
		t.Fatalf("reference has %d events, study %d", len(refs), res.Groups[0].Events)
	}

	// Corrado's rank: ranks over estimation and event windows.
	span := L.span
	kbar := make([]float64, span)
	kcnt := make([]float64, span)
	for _, re := range refs {
		var vals []float64
		var js []int
		for j := range span {
			if L.inFull(L.base+j) && !math.IsNaN(re.ar[j]) {
				vals = append(vals, re.ar[j])
				js = append(js, j)
			}
		}
		r := refAverageRanks(vals)
		for i, j := range js {
			kbar[j] += r[i] - float64(len(vals)+1)/2
			kcnt[j]++
		}
	}
	var ss, days float64
	for j := range span {
		if kcnt[j] > 0 {
			kbar[j] /= kcnt[j]
			ss += kbar[j] * kbar[j]
			days++
		}
	}
	rankScale := math.Sqrt(ss / days)

	g := res.Groups[0]
	stats := append(append([]Stat{}, g.Days...), g.Windows...)
	for _, st := range stats {
		w := st.Window
		lf := float64(w.Len())
		var scars, cars []float64
		var patellVar float64
		var members []refEvent
		for _, re := range refs {
			var car, sum float64
			ok := true
			for tau := w.From; tau <= w.To; tau++ {
				j := tau - L.base
				if math.IsNaN(re.ar[j]) {
					ok = false
					break
				}
				car += re.ar[j]
				sum += re.sar[j]
			}
			if !ok {
				continue
			}
			cars = append(cars, car)
			scars = append(scars, sum/math.Sqrt(lf))
			patellVar += float64(re.m-2) / float64(re.m-4)
			members = append(members, re)
		}
		want := map[TestName]float64{}
		mc, sc := refSD(cars)
		want[TestT] = mc / (sc / math.Sqrt(float64(len(cars))))
		ms, ssd := refSD(scars)
		want[TestBMP] = ms / (ssd / math.Sqrt(float64(len(scars))))
		var sumS float64
		for _, s := range scars {
			sumS += s
		}
		want[TestPatell] = sumS / math.Sqrt(patellVar)
		var ksum float64
		for tau := w.From; tau <= w.To; tau++ {
			ksum += kbar[tau-L.base]
		}
		want[TestRank] = ksum / (math.Sqrt(lf) * rankScale)

		// GRANK-T (Kolari–Pynnönen 2011): estimation SARs and SCAR* ranked together.
		nEst := L.est.Len()
		ubar := make([]float64, nEst)
		ucnt := make([]float64, nEst)
		var u0 float64
		for i, re := range members {
			var vals []float64
			var ks []int
			for tau := L.est.From; tau <= L.est.To; tau++ {
				if v := re.sar[tau-L.base]; !math.IsNaN(v) {
					vals = append(vals, v)
					ks = append(ks, tau-L.est.From)
				}
			}
			vals = append(vals, scars[i]/ssd)
			r := refAverageRanks(vals)
			n := float64(len(vals) + 1)
			for q, k := range ks {
				ubar[k] += r[q]/n - 0.5
				ucnt[k]++
			}
			u0 += r[len(vals)-1]/n - 0.5
		}
		N := float64(len(members))
		u0 /= N
		ss, T := u0*u0, 1.0
		for k := range ubar {
			if ucnt[k] > 0 {
				u := ubar[k] / ucnt[k]
				ss += ucnt[k] / N * u * u
				T++
			}
		}
		z := u0 / math.Sqrt(ss/T)
		want[TestGRankT] = z * math.Sqrt((T-2)/(T-1-z*z))

		if st.N != len(cars) {
			t.Errorf("%s: N %d, reference %d", w, st.N, len(cars))
		}
		for name, v := range want {
			tr := mustTest(t, st, name)
			if math.Abs(tr.Stat-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Errorf("%s %s = %.12f, reference %.12f", w, name, tr.Stat, v)
			}
		}
	}
}

// The helper's "textbook sum" rank figures for the estudy2 example
// (expected.md) differ from estudy2's by the N/N_t scaling only; they kept
// estudy2's 1/mean(n_i) in the scale where Textbook divides by the number
// of days T = 245. So Textbook × √(T / mean(n_i)) … reverses that.
func TestEstudy2TextbookRankSums(t *testing.T) {
	secs, mkt := estudy2Returns(t)
	var names []string
	for _, s := range secs {
		names = append(names, s.Name)
	}
	spec := estudy2Spec
	spec.Convention = Textbook
	res, err := StudyReturns(spec, ReturnsInput{Securities: secs, Market: &mkt}, estudy2Events(names))
	if err != nil {
		t.Fatal(err)
	}
	// n_i: 240 estimation + 5 event returns, ZM and UBER fewer.
	var nFull float64
	for _, e := range res.Events {
		nFull += float64(e.Fit.N + 5)
	}
	factor := math.Sqrt(nFull / 7 / 245)
	helper := map[TestName][]float64{ // expected.md, "With the textbook sum instead"
		TestCSign: {0.8858512621, 0.2952837540, 0.8858512621, 1.4764187700, 2.0669862780},
		TestRank:  {0.8165954622, -0.1904760778, 1.0466754770, 2.1669011230, 3.0004697010},
		TestMRank: {0.8673323652, -0.2330658946, 1.0067232020, 2.2109112120, 3.0396746570},
	}
	for name, vals := range helper {
		for d, want := range vals {
			got := mustTest(t, res.Groups[0].Days[d], name).Stat * factor
			if math.Abs(got-want) > 5e-10 {
				t.Errorf("day %d %s: %.10f, helper %.10f", d, name, got, want)
			}
		}
	}
}
