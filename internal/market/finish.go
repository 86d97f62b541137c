package market

import (
	"fmt"
	"math"
)

// summary holds the group-level figures the tests share.
type summary struct {
	meanM  float64
	bwSD   float64 // time-series sd of the mean estimation AR (Brown–Warner 1985)
	bwT    int     // estimation days it runs over
	pHat   float64
	pHatOK bool
	rankD  [3][]float64 // per relative day: rank, mrank, csign numerators (NaN where no event)
	rankS  [3]float64   // and their scales
	rankOK bool
}

const (
	rkRank = iota
	rkMRank
	rkCSign
)

func (g *groupRun) finish(out *GroupResult) {
	L := g.L
	a := g.tot
	out.Events = a.nUsed
	sm := g.summarise()
	if rho, ok := g.rhoBar(); ok {
		out.RhoBar = Value{Value: rho}
		if kp := g.kpFactor(a.nUsed); finite(kp) {
			out.KP = Value{Value: kp}
		} else {
			out.KP = Value{Unavailable: "1+(N−1)ρ̄ is not positive"}
		}
	} else {
		why := "needs an estimation window and two events"
		out.RhoBar, out.KP = Value{Unavailable: why}, Value{Unavailable: why}
	}
	if sm.pHatOK {
		out.PHat = Value{Value: sm.pHat}
	} else {
		out.PHat = Value{Unavailable: "needs estimation abnormal returns of both signs"}
	}
	out.Days = make([]Stat, L.nDays)
	for d := range out.Days {
		out.Days[d] = g.stat(d, sm)
		if a.common && a.first != nil {
			out.Days[d].Date = a.first.t.dates[a.first.i0+L.win.From+d]
		}
	}
	out.Windows = make([]Stat, len(L.wins)-L.nDays)
	for k := range out.Windows {
		out.Windows[k] = g.stat(L.nDays+k, sm)
	}
	out.Path = g.path()
}

// path is the CAAR path: each event's CAR from the first day of the event
// window to each day, summarised across events.
func (g *groupRun) path() []PathPoint {
	L := g.L
	out := make([]PathPoint, L.nDays)
	cum := make([]float64, len(g.members))
	for i := range cum {
		if !g.okMember[i] {
			cum[i] = math.NaN()
		}
	}
	vals := make([]float64, 0, len(g.members))
	for d := range out {
		vals = vals[:0]
		for i := range cum {
			cum[i] += g.car[i*g.nwin+d] // NaN from a missing day on
			if !isNaN(cum[i]) {
				vals = append(vals, cum[i])
			}
		}
		mean, sd, n := meanSD(vals)
		pp := PathPoint{Day: L.win.From + d, N: n, CAAR: mean}
		if n > 0 {
			pp.Median = median(vals)
		}
		centre := pp.CAAR
		if g.spec.Band == BandWilcoxon {
			centre = pp.Median
		}
		pp.Lower, pp.Upper = centre, centre
		switch {
		case n == 0:
			pp.Unavailable = "no event has returns up to this day"
		case n < 2:
			pp.Unavailable = "a band needs two events"
		case g.spec.Band == BandWilcoxon:
			pp.Lower, pp.Upper, pp.Level = signedRankInterval(vals, g.spec.Confidence)
		default:
			h := tQuantile(0.5+g.spec.Confidence/2, float64(n-1)) * sd / math.Sqrt(float64(n))
			pp.Lower, pp.Upper, pp.Level = mean-h, mean+h, g.spec.Confidence
		}
		out[d] = pp
	}
	return out
}

func (g *groupRun) summarise() *summary {
	L, a := g.L, g.tot
	sm := &summary{}
	if a.nUsed > 0 {
		sm.meanM = a.sumM / float64(a.nUsed)
	}
	if !L.hasEst {
		return sm
	}
	var w welford
	for tau := L.est.From; tau <= L.est.To; tau++ {
		j := tau - L.base
		if a.cnt[j] > 0 {
			w.add(a.sumAR[j] / float64(a.cnt[j]))
		}
	}
	sm.bwSD, sm.bwT = w.sd(), w.n
	if g.ru.pooledPHat {
		if a.totEst > 0 {
			sm.pHat = a.posEst / a.totEst
		}
	} else if a.nFrac > 0 {
		sm.pHat = a.sumFrac / float64(a.nFrac)
	}
	sm.pHatOK = sm.pHat > 0 && sm.pHat < 1
	if g.wantRank {
		n := float64(a.nUsed)
		days := 0
		var ss [3]float64
		for k := range sm.rankD {
			sm.rankD[k] = make([]float64, L.span)
		}
		for j := 0; j < L.span; j++ {
			nt := float64(a.cnt[j])
			if nt == 0 || !L.inFull(L.base+j) {
				for k := range sm.rankD {
					sm.rankD[k][j] = math.NaN()
				}
				continue
			}
			days++
			sums := [3]float64{a.sumK[j], a.sumU[j], a.sumG[j]}
			if g.ru.rankScaled {
				for k := range sums {
					sums[k] *= n / nt
				}
			}
			sm.rankD[rkRank][j] = sums[rkRank] / nt
			sm.rankD[rkMRank][j] = sums[rkMRank] / math.Sqrt(nt)
			sm.rankD[rkCSign][j] = sums[rkCSign] / math.Sqrt(nt)
			for k := range ss {
				ss[k] += sm.rankD[k][j] * sm.rankD[k][j]
			}
		}
		T := float64(days)
		if g.ru.rankScaled {
			T = a.sumNFull / n
		}
		for k := range ss {
			sm.rankS[k] = math.Sqrt(ss[k] / T)
		}
		sm.rankOK = days > 0
	}
	return sm
}

// stat is the cross-section of window w (a day when w < nDays).
func (g *groupRun) stat(w int, sm *summary) Stat {
	L := g.L
	win := L.wins[w]
	g.colCar = g.column(g.car, w, g.colCar)
	mean, sd, n := meanSD(g.colCar)
	st := Stat{Window: win, N: n, Mean: mean, Tests: make([]TestResult, 0, len(g.spec.Tests))}
	for _, name := range g.spec.Tests {
		var tr TestResult
		if n == 0 {
			tr = unavailable(name, "no event has a return on every day of the window")
		} else {
			tr = g.test(name, w, win, n, mean, sd, sm)
		}
		st.Tests = append(st.Tests, tr)
	}
	return st
}

func unavailable(name TestName, why string) TestResult {
	return TestResult{Name: name, Unavailable: why}
}

// result checks a computed statistic; a non-finite one becomes unavailable.
func result(name TestName, stat, p, df float64) TestResult {
	if !finite(stat) || !finite(p) {
		return unavailable(name, "not computable for these data (division by zero)")
	}
	return TestResult{Name: name, Stat: stat, P: p, DF: df}
}

func tResult(name TestName, stat, df float64) TestResult {
	if !(df > 0) {
		return unavailable(name, fmt.Sprintf("needs positive degrees of freedom (have %g)", df))
	}
	return result(name, stat, pStudent(stat, df), df)
}

const (
	whyNoEst  = "needs an estimation window"
	whyTwo    = "needs two events"
	whySpread = "the values do not vary across events"
)

func (g *groupRun) test(name TestName, w int, win Window, n int, mean, sd float64, sm *summary) TestResult {
	L := g.L
	nf, lf := float64(n), float64(win.Len())
	needsEst := name != TestT && name != TestSign && name != TestWilcoxon
	if needsEst && !L.hasEst {
		return unavailable(name, whyNoEst)
	}
	switch name {
	case TestT:
		if n < 2 {
			return unavailable(name, whyTwo)
		}
		if sd == 0 {
			return unavailable(name, whySpread)
		}
		return tResult(name, mean/(sd/math.Sqrt(nf)), nf-1)
	case TestBW1980:
		stat := mean / (math.Sqrt(lf*g.tot.sumSig2[w]) / nf)
		df := sm.meanM - 1
		if !g.ru.bwMeanM {
			df = sm.meanM - float64(modelParams(g.spec.Model))
		}
		return tResult(name, stat, df)
	case TestBW1985:
		if sm.bwT < 2 || sm.bwSD == 0 {
			return unavailable(name, "needs estimation days with varying mean abnormal returns")
		}
		df := float64(sm.bwT - 1)
		if g.ru.bwMeanM {
			df = sm.meanM - 1
		}
		return tResult(name, mean/(math.Sqrt(lf)*sm.bwSD), df)
	case TestLamb:
		if w >= L.nDays {
			return unavailable(name, "defined for single days only")
		}
		if sm.bwT < 2 || sm.bwSD == 0 || g.tot.cntL[w] == 0 {
			return unavailable(name, "needs estimation days with varying mean abnormal returns")
		}
		cl := float64(g.tot.cntL[w])
		cbar := 1 + (g.tot.sumInvM[w]+g.tot.sumQ[w])/cl
		if g.ru.bwMeanM && (g.spec.Model == MarketModel || g.spec.Model == MeanAdjusted) {
			cbar = 1 + 1/sm.meanM + g.tot.sumQ[w]/cl
		}
		z := mean / (sm.bwSD * math.Sqrt(cbar))
		return result(name, z, pNormal(z), 0)
	case TestPatell:
		g.colScar = g.column(g.scar, w, g.colScar)
		var sum float64
		for _, s := range g.colScar {
			sum += s
		}
		if g.tot.sumV[w] <= 0 {
			return unavailable(name, "needs more than 4 estimation returns per event")
		}
		z := sum / math.Sqrt(g.tot.sumV[w])
		return result(name, z, pNormal(z), 0)
	case TestBMP, TestKPBMP:
		g.colScar = g.column(g.scar, w, g.colScar)
		m, s, k := meanSD(g.colScar)
		if k < 2 {
			return unavailable(name, whyTwo)
		}
		if s == 0 {
			return unavailable(name, whySpread)
		}
		stat := m / (s / math.Sqrt(float64(k)))
		if name == TestKPBMP {
			kp := g.kpFactor(k)
			if isNaN(kp) {
				return unavailable(name, "the Kolari–Pynnönen factor is undefined (needs two events with estimation data)")
			}
			stat *= kp
		}
		df := float64(k - 1)
		if g.ru.dfEstimation {
			df = float64(g.tot.maxM - 2)
		}
		return tResult(name, stat, df)
	case TestSign, TestGSign:
		pos := 0
		for _, v := range g.colCar {
			if v > 0 {
				pos++
			}
		}
		p := 0.5
		if name == TestGSign {
			if !sm.pHatOK {
				return unavailable(name, "needs estimation abnormal returns of both signs")
			}
			p = sm.pHat
		}
		z := (float64(pos) - nf*p) / math.Sqrt(nf*p*(1-p))
		return result(name, z, pNormal(z), 0)
	case TestRank, TestMRank, TestCSign:
		k := rkRank
		switch name {
		case TestMRank:
			k = rkMRank
		case TestCSign:
			k = rkCSign
		}
		if !sm.rankOK || sm.rankS[k] == 0 {
			return unavailable(name, "the ranks do not vary")
		}
		var sum float64
		for tau := win.From; tau <= win.To; tau++ {
			if d := sm.rankD[k][tau-L.base]; !isNaN(d) {
				sum += d
			}
		}
		z := sum / (math.Sqrt(lf) * sm.rankS[k])
		return result(name, z, pNormal(z), 0)
	case TestGRankT:
		return g.grankT(w)
	case TestWilcoxon:
		if cap(g.buf) < len(g.colCar) {
			g.buf = make([]float64, 0, len(g.colCar))
		}
		wp, k, ties := signedRank(g.colCar, g.buf[:0:cap(g.buf)])
		if k == 0 {
			return unavailable(name, "every value is zero")
		}
		p, _ := signedRankP(wp, k, ties)
		return result(name, wp, p, 0)
	}
	return unavailable(name, "unknown test")
}

// grankT finishes the generalised rank t of window w from pass 2.
func (g *groupRun) grankT(w int) TestResult {
	name, a := TestGRankT, g.tot
	if !g.wantGRank || a.gN0 == nil || a.gN0[w] < 2 {
		return unavailable(name, whyTwo)
	}
	n0 := float64(a.gN0[w])
	u0 := a.gSumU0[w] / n0
	var ss float64
	days := 0
	for k := range g.nEst {
		c := a.gBaseC[k] + a.gCnt[w*g.nEst+k]
		if c == 0 {
			continue
		}
		days++
		u := (a.gBaseU[k] + a.gSumU[w*g.nEst+k] + a.gAll[w]) / float64(c)
		if g.ru.grankEst {
			ss += u * u
		} else {
			ss += float64(c) / n0 * u * u
		}
	}
	T := float64(days)
	if !g.ru.grankEst {
		ss += u0 * u0
		T++
	}
	s := math.Sqrt(ss / T)
	if s == 0 {
		return unavailable(name, "the ranks do not vary")
	}
	z := u0 / s
	den := T - 1 - z*z
	if den <= 0 {
		return unavailable(name, "the rank statistic is at its bound")
	}
	return tResult(name, z*math.Sqrt((T-2)/den), T-2)
}
