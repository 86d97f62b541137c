package market

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// chunkSize is how many events one worker aggregates before its partial
// sums are merged. It is fixed, and partial sums are merged in event order,
// so a study's figures do not depend on the number of CPUs.
const chunkSize = 1024

// groupRun aggregates the events of one group in two streaming passes.
// Pass 1 fits each event's model and keeps only its CAR and standardised
// CAR per window; pass 2 (rank tests only) refits and ranks, once the
// cross-sectional spread of the standardised CARs that GRANK-T needs is
// known. Memory is the series plus two numbers per event and window.
type groupRun struct {
	spec    Spec
	L       *layout
	ru      rules
	res     *Result
	members []placed
	order   []int32 // members by series, then session: events that share both are computed once
	want    [testNameCount]bool
	nwin    int
	nEst    int

	wantRank, wantGRank bool

	car, scar []float64 // per member × window, NaN where unavailable
	okMember  []bool
	tot       *acc
	gScale    []float64 // per window: SCAR → SCAR* for GRANK-T

	colCar, colScar, buf []float64
}

// acc is the additive part of a group's aggregation.
type acc struct {
	nUsed, maxM    int
	sumM, sumNFull float64
	sumSig2, sumV  []float64 // per window
	cnt            []int     // per span day: events with an abnormal return (estimation and event windows)
	sumAR          []float64 // per span day: Σ AR (estimation days)
	sumK, sumU     []float64 // Corrado rank and modified rank sums
	sumG           []float64 // Corrado–Zivney sign sums
	sumZ           []float64 // standardised estimation ARs, for ρ̄
	sumQ, sumInvM  []float64 // per event day, for Lamb
	cntL           []int
	sumZZ          float64
	nZ             int
	posEst, totEst float64
	sumFrac        float64
	nFrac          int
	// common says whether every event so far has the same session dates
	// over the event window; first is the first event's.
	common bool
	first  *placed
	// GRANK-T: the ranks U of each estimation day without SCAR* (base) and
	// per window the change SCAR* makes.
	gBaseU []float64
	gBaseC []int
	gSumU  []float64 // window × estimation day
	gCnt   []int
	gSumU0 []float64 // per window: Σ U of SCAR*
	gAll   []float64 // per window: an increment every estimation day gets
	gN0    []int
}

func newAcc(g *groupRun, ranks bool) *acc {
	L := g.L
	a := &acc{common: true}
	if !ranks {
		a.sumSig2 = make([]float64, g.nwin)
		a.sumV = make([]float64, g.nwin)
		a.cnt = make([]int, L.span)
		a.sumAR = make([]float64, L.span)
		a.sumZ = make([]float64, L.span)
		a.sumQ = make([]float64, L.nDays)
		a.sumInvM = make([]float64, L.nDays)
		a.cntL = make([]int, L.nDays)
		return a
	}
	a.sumK = make([]float64, L.span)
	a.sumU = make([]float64, L.span)
	a.sumG = make([]float64, L.span)
	if g.wantGRank {
		a.gBaseU = make([]float64, g.nEst)
		a.gBaseC = make([]int, g.nEst)
		a.gSumU = make([]float64, g.nwin*g.nEst)
		a.gCnt = make([]int, g.nwin*g.nEst)
		a.gSumU0 = make([]float64, g.nwin)
		a.gAll = make([]float64, g.nwin)
		a.gN0 = make([]int, g.nwin)
	}
	return a
}

func addFloats(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

func addInts(dst, src []int) {
	for i, v := range src {
		dst[i] += v
	}
}

// merge adds b (the later events) into a.
func (a *acc) merge(b *acc, L *layout) {
	a.nUsed += b.nUsed
	a.maxM = max(a.maxM, b.maxM)
	a.sumM += b.sumM
	a.sumNFull += b.sumNFull
	for _, p := range [][2][]float64{{a.sumSig2, b.sumSig2}, {a.sumV, b.sumV}, {a.sumAR, b.sumAR}, {a.sumK, b.sumK},
		{a.sumU, b.sumU}, {a.sumG, b.sumG}, {a.sumZ, b.sumZ}, {a.sumQ, b.sumQ}, {a.sumInvM, b.sumInvM},
		{a.gBaseU, b.gBaseU}, {a.gSumU, b.gSumU}, {a.gSumU0, b.gSumU0}, {a.gAll, b.gAll}} {
		addFloats(p[0], p[1])
	}
	for _, p := range [][2][]int{{a.cnt, b.cnt}, {a.cntL, b.cntL}, {a.gBaseC, b.gBaseC}, {a.gCnt, b.gCnt}, {a.gN0, b.gN0}} {
		addInts(p[0], p[1])
	}
	a.sumZZ += b.sumZZ
	a.nZ += b.nZ
	a.posEst += b.posEst
	a.totEst += b.totEst
	a.sumFrac += b.sumFrac
	a.nFrac += b.nFrac
	switch {
	case b.first == nil:
	case a.first == nil:
		a.common, a.first = b.common, b.first
	default:
		a.common = a.common && b.common && sameSessions(*a.first, *b.first, L)
	}
}

// sameSessions says whether two events' event windows fall on the same dates.
func sameSessions(x, y placed, L *layout) bool {
	for tau := L.win.From; tau <= L.win.To; tau++ {
		if !x.t.dates[x.i0+tau].Equal(y.t.dates[y.i0+tau]) {
			return false
		}
	}
	return true
}

// worker holds one goroutine's scratch.
type worker struct {
	c       *calc
	vals    []float64 // full-period ARs of the event
	taus    []int     // their relative days
	isEst   []bool
	perm    []int32
	sorted  []float64
	rank    []float64 // full-period rank of each value
	rankEst []float64 // estimation-only rank (estimation values only)
	estPre  []int     // number of estimation values among sorted[:k]
	estDays []int32   // the estimation values' days (index into the window), in sorted order
	n, nEst int       // values, and estimation values, of the prepared event
}

func newWorker(g *groupRun) *worker {
	n := g.L.span
	return &worker{c: newCalc(g.spec, g.L), vals: make([]float64, 0, n), taus: make([]int, 0, n),
		isEst: make([]bool, 0, n), perm: make([]int32, n), sorted: make([]float64, n), rank: make([]float64, n),
		rankEst: make([]float64, n), estPre: make([]int, n+1), estDays: make([]int32, 0, n)}
}

func newGroupRun(spec Spec, L *layout, res *Result, members []placed, order []int32) *groupRun {
	g := &groupRun{spec: spec, L: L, ru: conventionRules(spec.Convention), res: res, members: members, nwin: len(L.wins)}
	if L.hasEst {
		g.nEst = L.est.Len()
	}
	for _, t := range spec.Tests {
		g.want[testIndex(t)] = true
	}
	g.wantRank = L.hasEst && (g.want[testIndex(TestRank)] || g.want[testIndex(TestMRank)] || g.want[testIndex(TestCSign)])
	g.wantGRank = L.hasEst && g.want[testIndex(TestGRankT)]
	n := len(members)
	g.order = order
	g.car = make([]float64, n*g.nwin)
	g.scar = make([]float64, n*g.nwin)
	g.okMember = make([]bool, n)
	return g
}

// forChunks runs f over the members in fixed chunks on every CPU and
// merges the chunks' sums in order.
func (g *groupRun) forChunks(ranks bool, f func(w *worker, a *acc, lo, hi int)) *acc {
	n := len(g.members)
	chunks := (n + chunkSize - 1) / chunkSize
	parts := make([]*acc, chunks)
	next := make(chan int, chunks)
	for i := range chunks {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(chunks, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(g)
			for i := range next {
				a := newAcc(g, ranks)
				f(w, a, i*chunkSize, min(n, (i+1)*chunkSize))
				parts[i] = a
			}
		}()
	}
	wg.Wait()
	total := newAcc(g, ranks)
	for _, p := range parts {
		total.merge(p, g.L)
	}
	return total
}

func (g *groupRun) run() {
	g.tot = g.forChunks(false, g.pass1)
	if g.wantRank || g.wantGRank {
		g.prepareGRank()
		r := g.forChunks(true, g.pass2)
		g.tot.sumK, g.tot.sumU, g.tot.sumG = r.sumK, r.sumU, r.sumG
		g.tot.gBaseU, g.tot.gBaseC, g.tot.gSumU, g.tot.gCnt, g.tot.gSumU0, g.tot.gN0 = r.gBaseU, r.gBaseC, r.gSumU, r.gCnt, r.gSumU0, r.gN0
		g.tot.gAll = r.gAll
	}
}

func (g *groupRun) pass1(wk *worker, a *acc, lo, hi int) {
	L, c := g.L, wk.c
	var prev *placed
	why := ""
	for _, o := range g.order[lo:hi] {
		mi := int(o)
		m := g.members[mi]
		er := &g.res.Events[m.ev]
		row := g.car[mi*g.nwin : (mi+1)*g.nwin]
		srow := g.scar[mi*g.nwin : (mi+1)*g.nwin]
		if prev == nil || prev.t != m.t || prev.i0 != m.i0 {
			why = c.run(m.t, m.i0)
		}
		prev = &g.members[mi]
		if why != "" {
			er.Skipped, er.CARs = why, nil
			for w := range row {
				row[w], srow[w] = math.NaN(), math.NaN()
			}
			continue
		}
		g.okMember[mi] = true
		g.describe(c, er, m)
		for w, win := range L.wins {
			car, scar, ok := c.window(win)
			if !ok {
				row[w], srow[w] = math.NaN(), math.NaN()
				if w >= L.nDays {
					er.CARs[w-L.nDays] = Value{Unavailable: "a day of the window has no return"}
				}
				continue
			}
			row[w], srow[w] = car, scar
			if w >= L.nDays {
				er.CARs[w-L.nDays] = Value{Value: car}
			}
			if c.hasSigma {
				a.sumSig2[w] += c.sigma2
				a.sumV[w] += c.patellVar()
			}
		}
		g.accumulate(c, a, mi)
	}
}

// describe fills the event's fit, missing days and gaps.
func (g *groupRun) describe(c *calc, er *EventResult, m placed) {
	L := g.L
	if L.hasEst {
		er.Fit = Fit{From: m.t.dates[m.i0+L.est.From], To: m.t.dates[m.i0+L.est.To], N: c.m,
			Alpha: c.alpha, Beta: c.beta, Sigma: c.sigma}
		er.EstimationMissing = c.estMissing
	}
	for tau := L.win.From; tau <= L.win.To; tau++ {
		if isNaN(c.ar[tau-L.base]) {
			er.Missing = append(er.Missing, tau)
		}
	}
	er.Gaps = m.t.gapsIn(m.i0+L.base, m.i0+L.win.To)
	if g.spec.KeepAR {
		er.AR = make([]Value, L.nDays)
		for d := range er.AR {
			if v := c.ar[L.win.From+d-L.base]; isNaN(v) {
				er.AR[d] = Value{Unavailable: "no return"}
			} else {
				er.AR[d] = Value{Value: v}
			}
		}
	}
}

// accumulate adds one event's estimation and event-window figures.
func (g *groupRun) accumulate(c *calc, a *acc, mi int) {
	L := g.L
	m := &g.members[mi]
	a.nUsed++
	a.sumM += float64(c.m)
	a.maxM = max(a.maxM, c.m)
	if a.first == nil {
		a.first = m
	} else if a.common && !sameSessions(*a.first, *m, L) {
		a.common = false
	}
	nFull := 0
	for j, in := range L.full {
		if in && !isNaN(c.ar[j]) {
			a.cnt[j]++
			nFull++
		}
	}
	a.sumNFull += float64(nFull)
	if !L.hasEst {
		return
	}
	// Brown–Warner 1985 and the generalised sign.
	var pos, tot float64
	for tau := L.est.From; tau <= L.est.To; tau++ {
		v := c.ar[tau-L.base]
		if isNaN(v) {
			continue
		}
		a.sumAR[tau-L.base] += v
		tot++
		if v > 0 {
			pos++
		}
	}
	a.posEst += pos
	a.totEst += tot
	if tot > 0 {
		a.sumFrac += pos / tot
		a.nFrac++
	}
	g.correlate(c, a)
	// Lamb: the forecast correction on each event day.
	for d := range L.nDays {
		j := L.win.From + d - L.base
		if isNaN(c.ar[j]) {
			continue
		}
		q := 0.0
		if c.model == MarketModel && c.ssm > 0 {
			q = (c.mk[j] - c.mBar) * (c.mk[j] - c.mBar) / c.ssm
		}
		if c.model == MarketModel || c.model == MeanAdjusted {
			a.sumInvM[d] += 1 / float64(c.m)
		}
		a.sumQ[d] += q
		a.cntL[d]++
	}
}

// correlate adds the event's standardised estimation abnormal returns to
// the sums behind ρ̄: z_τ = (s_τ − s̄)/√Σ(s − s̄)², so that Σ_τ z_iτ·z_jτ is
// the Pearson correlation of events i and j. Under EventStudyTools the
// estimation SARs carry the (1+adj)^¼ factor too, as in Stata eventstudy2.
func (g *groupRun) correlate(c *calc, a *acc) {
	L := g.L
	var mean float64
	n := 0
	s := c.scratch[:g.nEst]
	for tau := L.est.From; tau <= L.est.To; tau++ {
		j := tau - L.base
		v := c.ar[j]
		if !isNaN(v) && g.ru.quarterSAR {
			v /= c.scaleC(c.correction(c.mk[j]))
		}
		s[tau-L.est.From] = v
		if !isNaN(v) {
			mean += v
			n++
		}
	}
	if n < 2 {
		return
	}
	mean /= float64(n)
	var ss float64
	for _, v := range s {
		if !isNaN(v) {
			ss += (v - mean) * (v - mean)
		}
	}
	if !(ss > 0) {
		return
	}
	norm := 1 / math.Sqrt(ss)
	var zz float64
	for i, v := range s {
		if !isNaN(v) {
			z := (v - mean) * norm
			a.sumZ[L.est.From+i-L.base] += z
			zz += z * z
		}
	}
	a.sumZZ += zz
	a.nZ++
}

// prepareGRank sets, per window, the factor that turns an event's
// standardised CAR into GRANK-T's SCAR*.
func (g *groupRun) prepareGRank() {
	g.gScale = make([]float64, g.nwin)
	for w := range g.nwin {
		g.colScar = g.column(g.scar, w, g.colScar)
		_, sd, n := meanSD(g.colScar)
		switch {
		case n < 2 || !(sd > 0):
			g.gScale[w] = math.NaN()
		case g.ru.grankEst:
			g.gScale[w] = g.kpFactor(n) * math.Sqrt(float64(n)) / sd
		default:
			g.gScale[w] = 1 / sd
		}
	}
}

// pass2 ranks each event's abnormal returns once: over the estimation and
// event windows for the Corrado tests, over the estimation window with
// SCAR* for GRANK-T.
func (g *groupRun) pass2(wk *worker, a *acc, lo, hi int) {
	L, c := g.L, wk.c
	var prev *placed
	for _, o := range g.order[lo:hi] {
		mi := int(o)
		if !g.okMember[mi] {
			continue
		}
		m := g.members[mi]
		same := prev != nil && prev.t == m.t && prev.i0 == m.i0
		prev = &g.members[mi]
		if !same {
			c.run(m.t, m.i0)
			wk.prepare(c, L)
		}
		if wk.n == 0 {
			continue
		}
		n, nEst := wk.n, wk.nEst
		if g.wantRank {
			sorted := wk.sorted[:n]
			md := sorted[n/2]
			if n%2 == 0 {
				md = (sorted[n/2-1] + sorted[n/2]) / 2
			}
			nf := float64(n)
			for i, tau := range wk.taus {
				j := tau - L.base
				a.sumK[j] += wk.rank[i] - (nf+1)/2
				a.sumU[j] += wk.rank[i]/(nf+1) - 0.5
				switch v := wk.vals[i]; {
				case v > md:
					a.sumG[j]++
				case v < md:
					a.sumG[j]--
				}
			}
		}
		if g.wantGRank && nEst > 0 {
			g.grank(wk, c, a, mi, n, nEst)
		}
	}
}

// prepare collects the event's abnormal returns over the estimation and
// event windows and ranks them.
func (wk *worker) prepare(c *calc, L *layout) {
	wk.vals, wk.taus, wk.isEst = wk.vals[:0], wk.taus[:0], wk.isEst[:0]
	wk.nEst = 0
	for j, in := range L.full {
		tau := L.base + j
		if !in || isNaN(c.ar[j]) {
			continue
		}
		est := tau <= L.est.To
		wk.vals = append(wk.vals, c.ar[j])
		wk.taus = append(wk.taus, tau)
		wk.isEst = append(wk.isEst, est)
		if est {
			wk.nEst++
		}
	}
	wk.n = len(wk.vals)
	if wk.n > 0 {
		wk.rankAll(wk.n)
	}
}

// grank adds one event's generalised ranks (Kolari–Pynnönen 2011): each
// estimation SAR and SCAR* ranked together, U = rank/(n+2) − ½.
func (g *groupRun) grank(wk *worker, c *calc, a *acc, mi, n, nEst int) {
	L := g.L
	inc := 1 / float64(nEst+2)
	complete := nEst == g.nEst
	// Without SCAR* the estimation ranks are rankEst; SCAR* adds one to
	// the ranks of the values above it (a half to equal ones, or nothing
	// under ordinal ranks, where SCAR* comes last).
	for i := range n {
		if wk.isEst[i] {
			k := wk.taus[i] - L.est.From
			a.gBaseU[k] += wk.rankEst[i]*inc - 0.5
			a.gBaseC[k]++
		}
	}
	sorted := wk.sorted[:n]
	for w := range g.nwin {
		su, gc := a.gSumU[w*g.nEst:(w+1)*g.nEst], a.gCnt[w*g.nEst:(w+1)*g.nEst]
		s := g.scar[mi*g.nwin+w] * g.gScale[w]
		if isNaN(s) {
			// Not in this window's cross-section: take the base back out.
			for i := range n {
				if wk.isEst[i] {
					k := wk.taus[i] - L.est.From
					su[k] -= wk.rankEst[i]*inc - 0.5
					gc[k]--
				}
			}
			continue
		}
		thr := s * c.sigma // compare in AR units: SAR = AR/σ
		lb := lowerBound(sorted, thr)
		ub := lb
		for ub < n && sorted[ub] == thr {
			ub++
		}
		below, eq := wk.estPre[lb], wk.estPre[ub]-wk.estPre[lb]
		r0 := float64(below) + 1 + float64(eq)/2
		if g.ru.grankEst {
			r0 = float64(below+eq) + 1
		}
		a.gSumU0[w] += r0*inc - 0.5
		a.gN0[w]++
		// The estimation values above SCAR*, in sorted order, are
		// wk.estDays[below+eq:].
		if above := wk.estDays[below+eq:]; complete && 2*len(above) > nEst {
			// Cheaper from below: every day gets inc, the values at or
			// under SCAR* give it back.
			a.gAll[w] += inc
			for _, d := range wk.estDays[:below+eq] {
				su[d] -= inc
			}
		} else {
			for _, d := range above {
				su[d] += inc
			}
		}
		if eq > 0 && !g.ru.grankEst {
			for _, d := range wk.estDays[below : below+eq] {
				su[d] += inc / 2
			}
		}
	}
}

// rankAll sorts the worker's n values once and derives from the order the
// average ranks over all values, the ranks among the estimation values
// (average, or ordinal under EventStudyTools) and the running count of
// estimation values.
func (wk *worker) rankAll(n int) {
	perm, sorted := wk.perm[:n], wk.sorted[:n]
	for i := range perm {
		perm[i] = int32(i)
	}
	copy(sorted, wk.vals)
	sortPairs(sorted, perm)
	ordinal := wk.c.ru.grankEst
	estFrom := wk.c.L.est.From
	wk.estDays = wk.estDays[:0]
	estSeen := 0
	wk.estPre[0] = 0
	for k0 := 0; k0 < n; {
		k1 := k0 + 1
		for k1 < n && sorted[k1] == sorted[k0] {
			k1++
		}
		r := float64(k0+1+k1) / 2
		e := 0
		for k := k0; k < k1; k++ {
			i := perm[k]
			wk.rank[i] = r
			if wk.isEst[i] {
				e++
			}
		}
		if e > 0 {
			if ordinal && e > 1 {
				// ties among estimation values: by position in time
				slices.Sort(perm[k0:k1])
				next := estSeen + 1
				for k := k0; k < k1; k++ {
					if i := perm[k]; wk.isEst[i] {
						wk.rankEst[i] = float64(next)
						next++
					}
				}
			} else {
				re := float64(estSeen) + float64(e+1)/2
				for k := k0; k < k1; k++ {
					if i := perm[k]; wk.isEst[i] {
						wk.rankEst[i] = re
					}
				}
			}
		}
		for k := k0; k < k1; k++ {
			if i := perm[k]; wk.isEst[i] {
				estSeen++
				wk.estDays = append(wk.estDays, int32(wk.taus[i]-estFrom))
			}
			wk.estPre[k+1] = estSeen
		}
		k0 = k1
	}
}

// lowerBound is the first index k with xs[k] ≥ v.
func lowerBound(xs []float64, v float64) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if xs[mid] < v {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// sortPairs sorts v ascending and applies the same moves to p: a plain
// quicksort with insertion sort for short runs, faster here than the
// generic sorts with a comparison function.
func sortPairs(v []float64, p []int32) {
	for len(v) > 12 {
		// median of three as pivot
		m := len(v) / 2
		last := len(v) - 1
		if v[m] < v[0] {
			v[m], v[0], p[m], p[0] = v[0], v[m], p[0], p[m]
		}
		if v[last] < v[0] {
			v[last], v[0], p[last], p[0] = v[0], v[last], p[0], p[last]
		}
		if v[last] < v[m] {
			v[last], v[m], p[last], p[m] = v[m], v[last], p[m], p[last]
		}
		pivot := v[m]
		i, j := 0, last
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j], p[i], p[j] = v[j], v[i], p[j], p[i]
				i++
				j--
			}
		}
		// recurse into the smaller side, loop on the larger
		if j+1 < len(v)-i {
			sortPairs(v[:j+1], p[:j+1])
			v, p = v[i:], p[i:]
		} else {
			sortPairs(v[i:], p[i:])
			v, p = v[:j+1], p[:j+1]
		}
	}
	for i := 1; i < len(v); i++ {
		for k := i; k > 0 && v[k] < v[k-1]; k-- {
			v[k], v[k-1], p[k], p[k-1] = v[k-1], v[k], p[k-1], p[k]
		}
	}
}

// column copies into dst the available values of window w from a
// member × window table.
func (g *groupRun) column(tab []float64, w int, dst []float64) []float64 {
	dst = dst[:0]
	for i := range g.members {
		if v := tab[i*g.nwin+w]; !isNaN(v) {
			dst = append(dst, v)
		}
	}
	return dst
}

// rhoBar is the mean pairwise correlation of the events' estimation ARs,
// from Σ_{i<j} z_i·z_j = (|Σ z_i|² − Σ|z_i|²)/2. Where events miss days,
// the missing terms count as zero.
func (g *groupRun) rhoBar() (float64, bool) {
	a := g.tot
	if a.nZ < 2 {
		return 0, false
	}
	var s float64
	for _, z := range a.sumZ {
		s += z * z
	}
	n := float64(a.nZ)
	return (s - a.sumZZ) / (n * (n - 1)), true
}

// kpFactor is √((1−ρ̄)/(1+(n−1)ρ̄)); NaN when ρ̄ is unknown or the
// expression is not real.
func (g *groupRun) kpFactor(n int) float64 {
	rho, ok := g.rhoBar()
	if !ok {
		return math.NaN()
	}
	den := 1 + float64(n-1)*rho
	if den <= 0 || rho > 1 {
		return math.NaN()
	}
	return math.Sqrt((1 - rho) / den)
}
