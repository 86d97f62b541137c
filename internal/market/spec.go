package market

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Window is a span of trading days relative to the event day (day 0),
// both ends included: Window{-1, 1} is the day before, the day and the day
// after.
type Window struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Len is the number of trading days in w.
func (w Window) Len() int { return w.To - w.From + 1 }

// IsZero reports whether w is the zero Window, which means "none" for an
// estimation window.
func (w Window) IsZero() bool { return w == Window{} }

func (w Window) String() string { return fmt.Sprintf("%+d:%+d", w.From, w.To) }

func (w Window) overlaps(o Window) bool { return w.From <= o.To && o.From <= w.To }

// ParseWindow reads a window written as FROM:TO in trading days, such as
// "-120:-6", "-1:+1" or "0:1". A single number is a one-day window.
func ParseWindow(s string) (Window, error) {
	a, b, found := strings.Cut(strings.TrimSpace(s), ":")
	if !found {
		b = a
	}
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return Window{}, fmt.Errorf("window %q: want FROM:TO in trading days, such as -1:+1", s)
	}
	if from > to {
		return Window{}, fmt.Errorf("window %q ends before it starts", s)
	}
	return Window{from, to}, nil
}

// Model is how normal (expected) returns are estimated.
type Model string

const (
	// MeanAdjusted: normal return = the mean return over the estimation window.
	MeanAdjusted Model = "mean"
	// MarketModel: normal return = α + β·R_m, fitted by OLS over the estimation window.
	MarketModel Model = "market"
	// MarketAdjusted: normal return = the market return (α = 0, β = 1).
	MarketAdjusted Model = "marketadj"
	// RawReturns: normal return = 0, so the abnormal return is the return
	// itself (xKDR eventstudies' "None" model).
	RawReturns Model = "raw"
)

// Convention picks the variant of each formula where the reference
// packages differ from the textbook. Textbook is the default (the empty
// Convention means Textbook).
type Convention string

const (
	// Textbook follows the papers: σ² with n−k degrees of freedom (k model
	// parameters), market mean and sum of squares over the security's own
	// estimation days, plain cross-sectional rank sums over T days, Cowan's
	// generalised-sign p̂ (mean of the events' shares), SAR = AR/(σ√C),
	// CSAR = ΣSAR/√L, BMP and KP-BMP on t(N−1), and Kolari–Pynnönen's
	// GRANK-T with SCAR* = SCAR/sd(SCAR) and S over estimation days and the
	// window point (T = L₁+1).
	Textbook Convention = "textbook"
	// Estudy2 reproduces R estudy2 0.10: σ with n−1, the market mean and
	// sum of squares over every index day of the estimation window,
	// cross-sectional rank sums scaled by N/N_t with the scale over the
	// mean number of days per security, pooled generalised-sign p̂, and
	// Brown–Warner p-values on t(mean(M)−1).
	Estudy2 Convention = "estudy2"
	// EventStudyTools reproduces EventStudyTools / Stata eventstudy2 as
	// EventStudy.jl ports them: SAR = AR/(σ(1+adj)^¼), window statistic
	// W = Σ_j SAR_j/√j, BMP and KP-BMP on t(L₁−2), GRANK-T with
	// SCAR* = W·KP/√(var(W)/N), ordinal ranks, and S over the L₁
	// estimation days only.
	EventStudyTools Convention = "eventstudytools"
)

// Band is how the CAAR path's confidence band is drawn.
type Band string

const (
	// BandT: mean ± Student-t quantile × cross-sectional standard error
	// (xKDR eventstudies' "classic" inference).
	BandT Band = "t"
	// BandWilcoxon: the Wilcoxon signed-rank confidence interval of the
	// path's centre (xKDR's "wilcox"): exact from the Walsh averages for up
	// to 50 events, as R's wilcox.test, else from the normal approximation
	// to the bound's rank.
	BandWilcoxon Band = "wilcoxon"
)

// TestName names a significance test.
type TestName string

const (
	TestT         TestName = "t"        // cross-sectional t-test
	TestBW1980    TestName = "bw1980"   // Brown–Warner 1980: independent securities, σ from each estimation window
	TestBW1985    TestName = "bw1985"   // Brown–Warner 1985: crude dependence adjustment (time-series sd of the mean AR)
	TestPatell    TestName = "patell"   // Patell 1976 standardised residuals
	TestBMP       TestName = "bmp"      // Boehmer–Musumeci–Poulsen 1991 standardised cross-sectional
	TestKPBMP     TestName = "kp-bmp"   // Kolari–Pynnönen 2010 correlation-adjusted BMP
	TestLamb      TestName = "lamb"     // Lamb 1995 (single days only), as estudy2 prints it
	TestSign      TestName = "sign"     // binomial sign test against ½
	TestGSign     TestName = "gsign"    // Cowan 1992 generalised sign test
	TestCSign     TestName = "csign"    // Corrado–Zivney 1992 sign test
	TestRank      TestName = "rank"     // Corrado 1989 rank test
	TestMRank     TestName = "mrank"    // Campbell–Wasley 1993 modified (standardised) rank test
	TestGRankT    TestName = "grank-t"  // Kolari–Pynnönen 2011 generalised rank t
	TestWilcoxon  TestName = "wilcoxon" // Wilcoxon signed-rank; Stat is W+, the sum of positive ranks
	testNameCount          = 14
)

// AllTests lists every test in the order results carry them.
var AllTests = []TestName{TestT, TestBW1980, TestBW1985, TestPatell, TestBMP, TestKPBMP, TestLamb,
	TestSign, TestGSign, TestCSign, TestRank, TestMRank, TestGRankT, TestWilcoxon}

// Spec says how to run a study. The zero value of each field has a
// default, noted beside it.
type Spec struct {
	Model      Model      `json:"model"`       // default: MarketModel when a market is given, else MeanAdjusted
	Returns    ReturnKind `json:"returns"`     // how Study turns prices into returns; default LogReturns
	Estimation Window     `json:"estimation"`  // e.g. {-120, -6}; the zero Window means none (RawReturns and MarketAdjusted only)
	Window     Window     `json:"window"`      // the event window, e.g. {-1, 1}; AAR and the tests are given for each day in it
	CARWindows []Window   `json:"car_windows"` // windows for CAR, CAAR and their tests; default: Window itself
	// AfterClose maps every event to the first session after its date,
	// as for news that broke after the market closed. Event.AfterClose
	// does the same for one event.
	AfterClose bool       `json:"after_close,omitempty"`
	Convention Convention `json:"convention"` // default Textbook
	Tests      []TestName `json:"tests"`      // default AllTests
	// Confidence is the level of the CAAR band; default 0.95.
	Confidence float64 `json:"confidence"`
	Band       Band    `json:"band"` // default BandT
	// MinEstimation is the fewest estimation days with a return an event
	// needs; default half the estimation window, and never fewer than 5.
	MinEstimation int `json:"min_estimation"`
	// MaxGapDays: consecutive sessions further apart than this many
	// calendar days are reported as a gap; default 10.
	MaxGapDays int `json:"max_gap_days"`
	// KeepAR keeps each event's abnormal returns over the event window in
	// its EventResult. Off by default, to keep memory to the series.
	KeepAR bool `json:"keep_ar,omitempty"`
}

// Event is one thing that happened, to be studied on one series.
type Event struct {
	ID         string    `json:"id,omitempty"`
	Series     string    `json:"series"`
	Date       time.Time `json:"date"`
	Group      string    `json:"group,omitempty"`       // events are aggregated per group
	AfterClose bool      `json:"after_close,omitempty"` // news after the close: the event day is the next session
}

// ErrSpec is wrapped by every error about a Spec.
var ErrSpec = errors.New("invalid study specification")

// resolved fills in defaults and checks the spec; hasMarket says whether
// a market series was given.
func (s Spec) resolved(hasMarket bool) (Spec, error) {
	bad := func(format string, a ...any) (Spec, error) {
		return s, fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, a...))
	}
	if s.Model == "" {
		s.Model = MeanAdjusted
		if hasMarket {
			s.Model = MarketModel
		}
	}
	switch s.Model {
	case MeanAdjusted, RawReturns:
	case MarketModel, MarketAdjusted:
		if !hasMarket {
			return bad("model %s needs a market series", s.Model)
		}
	default:
		return bad("unknown model %q (want mean, market, marketadj or raw)", string(s.Model))
	}
	if s.Returns == "" {
		s.Returns = LogReturns
	}
	if err := s.Returns.check(); err != nil {
		return bad("%v", err)
	}
	switch s.Convention {
	case "":
		s.Convention = Textbook
	case Textbook, Estudy2, EventStudyTools:
	default:
		return bad("unknown convention %q (want textbook, estudy2 or eventstudytools)", string(s.Convention))
	}
	if s.Window.From > s.Window.To {
		return bad("event window %s ends before it starts", s.Window)
	}
	if s.Estimation.IsZero() {
		if s.Model == MeanAdjusted || s.Model == MarketModel {
			return bad("model %s needs an estimation window", s.Model)
		}
	} else {
		if s.Estimation.From > s.Estimation.To {
			return bad("estimation window %s ends before it starts", s.Estimation)
		}
		if s.Estimation.overlaps(s.Window) {
			return bad("estimation window %s overlaps event window %s", s.Estimation, s.Window)
		}
		if s.Estimation.From > s.Window.To {
			return bad("estimation window %s comes after event window %s", s.Estimation, s.Window)
		}
	}
	if len(s.CARWindows) == 0 {
		s.CARWindows = []Window{s.Window}
	}
	for _, w := range s.CARWindows {
		if w.From > w.To || w.From < s.Window.From || w.To > s.Window.To {
			return bad("CAR window %s must lie inside event window %s", w, s.Window)
		}
	}
	if len(s.Tests) == 0 {
		s.Tests = AllTests
	}
	for _, t := range s.Tests {
		if testIndex(t) < 0 {
			return bad("unknown test %q", string(t))
		}
	}
	if s.Confidence == 0 {
		s.Confidence = 0.95
	}
	if s.Confidence <= 0 || s.Confidence >= 1 {
		return bad("confidence %v must lie between 0 and 1", s.Confidence)
	}
	switch s.Band {
	case "":
		s.Band = BandT
	case BandT, BandWilcoxon:
	default:
		return bad("unknown band %q (want t or wilcoxon)", string(s.Band))
	}
	if s.MinEstimation == 0 {
		s.MinEstimation = max(5, (s.Estimation.Len()+1)/2)
		if s.Estimation.IsZero() {
			s.MinEstimation = 0
		}
	}
	if s.MinEstimation < 0 {
		return bad("MinEstimation %d is negative", s.MinEstimation)
	}
	if s.MaxGapDays == 0 {
		s.MaxGapDays = 10
	}
	return s, nil
}

func testIndex(t TestName) int {
	for i, n := range AllTests {
		if n == t {
			return i
		}
	}
	return -1
}
