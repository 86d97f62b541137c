package market

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// pNormal is the two-sided p-value of z under the standard normal.
func pNormal(z float64) float64 {
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// pStudent is the two-sided p-value of t under Student's t with df degrees.
func pStudent(t, df float64) float64 {
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-math.Abs(t))
}

// tQuantile is the p-quantile of Student's t with df degrees.
func tQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// meanSD returns the mean and the n−1 standard deviation of the finite
// values in xs, and how many there were.
func meanSD(xs []float64) (mean, sd float64, n int) {
	for _, x := range xs {
		if finite(x) {
			mean += x
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	mean /= float64(n)
	if n < 2 {
		return mean, 0, n
	}
	var ss float64
	for _, x := range xs {
		if finite(x) {
			d := x - mean
			ss += d * d
		}
	}
	return mean, math.Sqrt(ss / float64(n-1)), n
}

// welford accumulates a running mean and sum of squared deviations.
type welford struct {
	n    int
	mean float64
	m2   float64
}

func (w *welford) add(x float64) {
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

func (w welford) sd() float64 {
	if w.n < 2 {
		return 0
	}
	return math.Sqrt(w.m2 / float64(w.n-1))
}

// median of xs, which it reorders (selection, O(n)).
func median(xs []float64) float64 {
	n := len(xs)
	hi := selectKth(xs, n/2)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest of the values left of n/2.
	return (slices.Max(xs[:n/2]) + hi) / 2
}

// selectKth reorders xs so that xs[k] is the value a sort would put
// there, with no larger value before it and no smaller after, and
// returns it (Hoare's selection with a median-of-three pivot).
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for hi-lo > 8 {
		m := lo + (hi-lo)/2
		if xs[m] < xs[lo] {
			xs[m], xs[lo] = xs[lo], xs[m]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[m] {
			xs[hi], xs[m] = xs[m], xs[hi]
		}
		pivot := xs[m]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k] // between j and i: equal to the pivot
		}
	}
	slices.Sort(xs[lo : hi+1])
	return xs[k]
}
