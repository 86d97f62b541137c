package market

// rules are a Convention spelled out, one switch per place where a
// reference package departs from the textbook.
type rules struct {
	sigmaN1       bool // σ² = SSR/(M−1) whatever the model (estudy2's sd())
	marketAllDays bool // R̄_m and Σ(R_m−R̄_m)² over every session of the estimation window with a market return (estudy2)
	rankScaled    bool // cross-sectional rank sums N·mean_i, and the scale over mean(n_i) days (estudy2)
	pooledPHat    bool // generalised sign p̂ pooled over all estimation event-days (estudy2)
	bwMeanM       bool // Brown–Warner and Lamb use mean(M): df mean(M)−1 and 1/mean(M) (estudy2)
	quarterSAR    bool // SAR = AR/(σ·C^¼) (Stata eventstudy2 / EventStudyTools)
	sqrtJ         bool // window statistic Σ_j SAR_j/√j (idem)
	dfEstimation  bool // BMP and KP-BMP on t(max M − 2) (idem)
	grankEst      bool // GRANK-T: SCAR* = W·KP/√(var W/N), S over the estimation days only, ordinal ranks (idem)
}

func conventionRules(c Convention) rules {
	switch c {
	case Estudy2:
		return rules{sigmaN1: true, marketAllDays: true, rankScaled: true, pooledPHat: true, bwMeanM: true}
	case EventStudyTools:
		return rules{quarterSAR: true, sqrtJ: true, dfEstimation: true, grankEst: true}
	}
	return rules{}
}
