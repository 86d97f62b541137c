package market

import (
	"fmt"
	"math"
)

// calc holds one event's fit and abnormal returns over the layout's span;
// each worker reuses one from event to event, so events cost no
// allocations.
type calc struct {
	L     *layout
	ru    rules
	model Model
	minM  int

	ar      []float64 // abnormal return per relative day (index τ−base), NaN if none
	mk      []float64 // market return per relative day, NaN if none or no market
	sar     []float64 // standardised AR on event-window days
	scratch []float64

	// the fit
	m             int
	alpha, beta   float64
	sigma2, sigma float64
	params        int     // parameters the model estimates
	mBar, ssm     float64 // market mean and sum of squares for the forecast correction
	estMissing    int
	hasSigma      bool
}

func newCalc(spec Spec, L *layout) *calc {
	return &calc{
		L: L, ru: conventionRules(spec.Convention), model: spec.Model, minM: spec.MinEstimation,
		scratch: make([]float64, L.span), ar: make([]float64, L.span), mk: make([]float64, L.span), sar: make([]float64, L.span),
	}
}

func (c *calc) needsMarket() bool { return c.model == MarketModel || c.model == MarketAdjusted }

// run fits the model for the event at session i0 of t and fills ar, mk
// and sar; it says why when the event cannot be used.
func (c *calc) run(t *track, i0 int) string {
	L := c.L
	for j := range c.ar {
		k := i0 + L.base + j
		x := math.NaN()
		if t.rm != nil {
			x = t.rm[k]
		}
		c.mk[j] = x
	}
	c.hasSigma = false
	c.m, c.alpha, c.beta, c.sigma2, c.sigma, c.estMissing = 0, 0, 0, 0, 0, 0
	c.params = modelParams(c.model)
	if c.model == MarketAdjusted {
		c.beta = 1
	}
	if L.hasEst {
		if why := c.fit(t, i0); why != "" {
			return why
		}
	}
	for j := range c.ar {
		k := i0 + L.base + j
		y, x := t.r[k], c.mk[j]
		switch {
		case isNaN(y), c.needsMarket() && isNaN(x):
			c.ar[j] = math.NaN()
		case c.model == MarketModel:
			c.ar[j] = y - c.alpha - c.beta*x
		case c.model == MarketAdjusted:
			c.ar[j] = y - x
		case c.model == MeanAdjusted:
			c.ar[j] = y - c.alpha
		default:
			c.ar[j] = y
		}
	}
	if c.hasSigma {
		for tau := L.win.From; tau <= L.win.To; tau++ {
			j := tau - L.base
			c.sar[j] = c.ar[j] / (c.sigma * c.scaleC(c.correction(c.mk[j])))
		}
	}
	return ""
}

// fit estimates the model over the estimation window.
func (c *calc) fit(t *track, i0 int) string {
	L := c.L
	lo, hi := i0+L.est.From, i0+L.est.To
	var sx, sy float64
	n := 0
	var mx float64
	nm := 0
	for k := lo; k <= hi; k++ {
		y := t.r[k]
		x := 0.0
		if t.rm != nil && !isNaN(t.rm[k]) {
			mx += t.rm[k]
			nm++
		}
		if c.needsMarket() {
			x = t.rm[k]
		}
		if isNaN(y) || isNaN(x) {
			continue
		}
		sx += x
		sy += y
		n++
	}
	c.m = n
	c.estMissing = L.est.Len() - n
	day0 := func() string { return fmtDate(t.dates[i0]) }
	if n < c.minM || n < c.params+2 {
		return fmt.Sprintf("series %s has %d returns in the estimation window %s before %s; at least %d are needed",
			t.name, n, L.est, day0(), max(c.minM, c.params+2))
	}
	xb, yb := sx/float64(n), sy/float64(n)
	var sxx, sxy, syy float64
	for k := lo; k <= hi; k++ {
		y, x := t.r[k], 0.0
		if c.needsMarket() {
			x = t.rm[k]
		}
		if isNaN(y) || isNaN(x) {
			continue
		}
		dx, dy := x-xb, y-yb
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	var ssr float64
	switch c.model {
	case MarketModel:
		if sxx == 0 {
			return fmt.Sprintf("the market return is constant over the estimation window %s before %s: no beta for series %s",
				L.est, day0(), t.name)
		}
		c.beta = sxy / sxx
		c.alpha = yb - c.beta*xb
		for k := lo; k <= hi; k++ {
			y, x := t.r[k], t.rm[k]
			if isNaN(y) || isNaN(x) {
				continue
			}
			e := y - c.alpha - c.beta*x
			ssr += e * e
		}
	case MeanAdjusted:
		c.alpha = yb
		ssr = syy
	case MarketAdjusted:
		// var(y − x) = syy − 2sxy + sxx
		ssr = syy - 2*sxy + sxx
		ssr = math.Max(ssr, 0)
	case RawReturns:
		ssr = syy
	}
	dof := n - c.params
	if c.ru.sigmaN1 {
		dof = n - 1
	}
	c.sigma2 = ssr / float64(dof)
	c.sigma = math.Sqrt(c.sigma2)
	if !(c.sigma > 0) || !finite(c.sigma) {
		return fmt.Sprintf("series %s has zero variance in the estimation window %s before %s (constant prices?)",
			t.name, L.est, day0())
	}
	c.hasSigma = true
	// The market mean and spread for the forecast-error correction.
	c.mBar, c.ssm = xb, sxx
	if c.ru.marketAllDays && t.rm != nil && nm > 0 {
		c.mBar = mx / float64(nm)
		c.ssm = 0
		for k := lo; k <= hi; k++ {
			if x := t.rm[k]; !isNaN(x) {
				c.ssm += (x - c.mBar) * (x - c.mBar)
			}
		}
	}
	return ""
}

// modelParams is the number of parameters whose estimation costs the
// residual variance a degree of freedom (the mean counts for the models
// whose σ is the spread about the mean).
func modelParams(m Model) int {
	if m == MarketModel {
		return 2
	}
	return 1
}

// correction is C, the forecast-error variance factor of a prediction
// out of the estimation window: 1 + 1/M + (R_m − R̄_m)²/Σ(R_m − R̄_m)² for
// the market model, 1 + 1/M for the mean model, 1 when nothing is
// estimated.
func (c *calc) correction(x float64) float64 {
	switch c.model {
	case MarketModel:
		if c.ssm == 0 || isNaN(x) {
			return 1 + 1/float64(c.m)
		}
		d := x - c.mBar
		return 1 + 1/float64(c.m) + d*d/c.ssm
	case MeanAdjusted:
		return 1 + 1/float64(c.m)
	}
	return 1
}

// scaleC is how C enters the standardisation: √C, or C^¼ under the
// EventStudyTools convention.
func (c *calc) scaleC(C float64) float64 {
	if c.ru.quarterSAR {
		return math.Sqrt(math.Sqrt(C))
	}
	return math.Sqrt(C)
}

// patellVar is the variance of a standardised AR, df/(df−2) with
// df = M − parameters; 0 when undefined.
func (c *calc) patellVar() float64 {
	df := float64(c.m - c.params)
	if df <= 2 {
		return 0
	}
	return df / (df - 2)
}

// window returns the CAR over w and the standardised window statistic
// (ΣSAR/√L, or Σ_j SAR_j/√j under EventStudyTools); ok is false when a
// day of w has no return.
func (c *calc) window(w Window) (car, scar float64, ok bool) {
	L := c.L
	for tau := w.From; tau <= w.To; tau++ {
		j := tau - L.base
		a := c.ar[j]
		if isNaN(a) {
			return 0, 0, false
		}
		car += a
		if c.hasSigma {
			if c.ru.sqrtJ {
				scar += c.sar[j] / math.Sqrt(float64(tau-w.From+1))
			} else {
				scar += c.sar[j]
			}
		}
	}
	if !c.ru.sqrtJ {
		scar /= math.Sqrt(float64(w.Len()))
	}
	if !c.hasSigma {
		scar = math.NaN()
	}
	return car, scar, true
}
