package market

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// wilcoxonExactMax is the largest sample for the exact null law, as in R.
const wilcoxonExactMax = 50

// signedRank is the Wilcoxon signed-rank statistic of the finite values in
// xs: W+ (the sum of the ranks of |x| over the positive x, zeros dropped,
// ties averaged), the number of nonzero values, and Σ(t³−t) over tie
// groups. buf is scratch.
func signedRank(xs []float64, buf []float64) (wplus float64, n int, tieSum float64) {
	// Positives and |negatives| sorted apart, then walked together in
	// order of magnitude.
	buf = buf[:0]
	for _, x := range xs {
		if finite(x) && x > 0 {
			buf = append(buf, x)
		}
	}
	np := len(buf)
	for _, x := range xs {
		if finite(x) && x < 0 {
			buf = append(buf, -x)
		}
	}
	pos, neg := buf[:np], buf[np:]
	slices.Sort(pos)
	slices.Sort(neg)
	n = len(buf)
	i, j, done := 0, 0, 0
	for i < len(pos) || j < len(neg) {
		v := math.Inf(1)
		if i < len(pos) {
			v = pos[i]
		}
		if j < len(neg) && neg[j] < v {
			v = neg[j]
		}
		cp, cn := 0, 0
		for i < len(pos) && pos[i] == v {
			i++
			cp++
		}
		for j < len(neg) && neg[j] == v {
			j++
			cn++
		}
		t := cp + cn
		if t > 1 {
			tf := float64(t)
			tieSum += tf*tf*tf - tf
		}
		r := float64(2*done+t+1) / 2 // the average of ranks done+1 … done+t
		wplus += r * float64(cp)
		done += t
	}
	return wplus, n, tieSum
}

// signedRankCounts returns, for n, the number of subsets of {1…n} with
// each sum 0…n(n+1)/2: the exact null law of W+ times 2ⁿ.
func signedRankCounts(n int) []float64 {
	top := n * (n + 1) / 2
	c := make([]float64, top+1)
	c[0] = 1
	for k := 1; k <= n; k++ {
		for s := k * (k + 1) / 2; s >= k; s-- {
			c[s] += c[s-k]
		}
	}
	return c
}

// signedRankLower is P(W+ ≤ w) under the exact null law for n.
func signedRankLower(n int, w float64) float64 {
	c := signedRankCounts(n)
	var acc float64
	for s := 0; s < len(c) && float64(s) <= w; s++ {
		acc += c[s]
	}
	return acc / math.Pow(2, float64(n))
}

// signedRankP is the two-sided p-value of W+: exact for up to 50 values
// without ties, otherwise the normal approximation with the tie and
// continuity corrections (as R's wilcox.test).
func signedRankP(wplus float64, n int, tieSum float64) (p float64, exact bool) {
	if n == 0 {
		return 1, true
	}
	if n <= wilcoxonExactMax && tieSum == 0 {
		lo := signedRankLower(n, wplus)
		hi := 1 - signedRankLower(n, wplus-1)
		return math.Min(1, 2*math.Min(lo, hi)), true
	}
	nf := float64(n)
	mean := nf * (nf + 1) / 4
	sd := math.Sqrt(nf*(nf+1)*(2*nf+1)/24 - tieSum/48)
	d := wplus - mean
	switch {
	case d > 0:
		d -= 0.5
	case d < 0:
		d += 0.5
	}
	z := d / sd
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z)), false
}

// signedRankInterval is the distribution-free confidence interval for the
// centre of xs (sorted in place) that inverts the signed-rank test: the
// k-th smallest and k-th largest of the n(n+1)/2 Walsh averages
// (x_i+x_j)/2, i ≤ j. Up to 50 values k comes from the exact law as in R's
// wilcox.test (which, when even k = 1 falls short of the level, reports the
// level achieved instead); beyond, from the normal approximation.
func signedRankInterval(xs []float64, level float64) (lo, hi, achieved float64) {
	slices.Sort(xs)
	n := len(xs)
	m := n * (n + 1) / 2
	alpha := 1 - level
	var k int
	achieved = level
	if n <= wilcoxonExactMax {
		counts := signedRankCounts(n)
		total := math.Pow(2, float64(n))
		// k: the smallest w with P(W ≤ w) ≥ α/2, at least 1.
		var acc float64
		for w := range counts {
			acc += counts[w]
			if acc/total >= alpha/2 {
				k = w
				break
			}
		}
		if k == 0 {
			k = 1
		}
		achieved = 1 - 2*signedRankLower(n, float64(k-1))
	} else {
		nf := float64(n)
		z := distuv.UnitNormal.Quantile(1 - alpha/2)
		k = int(math.Floor(nf*(nf+1)/4 - z*math.Sqrt(nf*(nf+1)*(2*nf+1)/24)))
		k = max(k, 1)
	}
	return walshKth(xs, k), walshKth(xs, m-k+1), achieved
}

// walshKth is the k-th smallest (1-based) Walsh average of sorted xs,
// found by bisection over the ordered doubles with an O(n) count, so
// without listing the n(n+1)/2 averages.
func walshKth(xs []float64, k int) float64 {
	count := func(v float64) int { // #{i ≤ j : (x_i+x_j)/2 ≤ v}
		c, j := 0, len(xs)-1
		for i := range xs {
			for j >= i && (xs[i]+xs[j])/2 > v {
				j--
			}
			if j < i {
				break
			}
			c += j - i + 1
		}
		return c
	}
	lo, hi := orderedKey(xs[0]), orderedKey(xs[len(xs)-1])
	for lo < hi {
		mid := lo + (hi-lo)/2
		if count(fromOrderedKey(mid)) >= k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return fromOrderedKey(lo)
}

// orderedKey maps a float64 to a uint64 in the same order.
func orderedKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func fromOrderedKey(u uint64) float64 {
	if u>>63 == 1 {
		return math.Float64frombits(u &^ (1 << 63))
	}
	return math.Float64frombits(^u)
}
