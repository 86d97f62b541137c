package market

import (
	"time"
)

// Result is what a study found. No field holds NaN or an infinity: a
// figure that cannot be computed carries an Unavailable reason instead.
type Result struct {
	Spec   Spec          `json:"spec"`   // the spec as run, defaults filled in
	Events []EventResult `json:"events"` // one per input event, in input order
	Groups []GroupResult `json:"groups"` // one per event group, in order of first appearance
	Notes  []string      `json:"notes,omitempty"`
}

// Group returns the result of the named event group.
func (r *Result) Group(name string) (GroupResult, bool) {
	for _, g := range r.Groups {
		if g.Group == name {
			return g, true
		}
	}
	return GroupResult{}, false
}

// EventResult is one event's part in the study.
type EventResult struct {
	Event Event `json:"event"`
	// Skipped says why the event was left out of the study (in words that
	// name the series and the date); empty when it was used.
	Skipped string    `json:"skipped,omitempty"`
	Day0    time.Time `json:"day0"` // the session the event maps to
	Fit     Fit       `json:"fit"`
	// CARs holds one cumulative abnormal return per Spec.CARWindows.
	CARs []Value `json:"cars,omitempty"`
	// AR holds the abnormal return of each event-window day, when Spec.KeepAR.
	AR []Value `json:"ar,omitempty"`
	// Missing lists the event-window days (relative) without a return.
	Missing []int `json:"missing,omitempty"`
	// EstimationMissing counts estimation-window sessions without a return.
	EstimationMissing int `json:"estimation_missing,omitempty"`
	// Gaps lists sessions inside the estimation or event window that lie
	// more than Spec.MaxGapDays calendar days after the one before (trading
	// halts, holidays, missing data): their return spans the whole gap.
	Gaps []Gap `json:"gaps,omitempty"`
	// Overlaps counts the other events of the same series and group whose
	// event window falls in this event's estimation or event window;
	// OverlapsWith gives the first three as indices into Result.Events.
	Overlaps     int   `json:"overlaps,omitempty"`
	OverlapsWith []int `json:"overlaps_with,omitempty"`
}

// Fit is the normal-return model fitted over an event's estimation window.
type Fit struct {
	From  time.Time `json:"from,omitzero"` // first session of the estimation window
	To    time.Time `json:"to,omitzero"`   // last session
	N     int       `json:"n"`             // sessions with a return, the M of the formulas
	Alpha float64   `json:"alpha"`         // mean return (mean model) or intercept (market model)
	Beta  float64   `json:"beta"`          // market model slope; 1 for market-adjusted
	Sigma float64   `json:"sigma"`         // residual standard deviation, as the convention computes it
}

// Value is a figure that may be unavailable.
type Value struct {
	Value       float64 `json:"value"`
	Unavailable string  `json:"unavailable,omitempty"`
}

// Gap is a stretch without sessions inside an event's windows.
type Gap struct {
	From time.Time `json:"from"` // the last session before the gap
	To   time.Time `json:"to"`   // the session after it
	Days int       `json:"days"` // calendar days between them
}

// GroupResult aggregates the events of one group.
type GroupResult struct {
	Group  string `json:"group"`
	Events int    `json:"events"` // events used (not skipped)
	// Days holds one Stat per day of the event window: AAR and the tests.
	Days []Stat `json:"days"`
	// Windows holds one Stat per CAR window: CAAR and the tests.
	Windows []Stat `json:"windows"`
	// Path is the CAAR path over the event window, cumulated from its
	// first day, with its band (Spec.Band) at Spec.Confidence.
	Path []PathPoint `json:"path"`
	// RhoBar is the mean pairwise correlation of the events' estimation
	// abnormal returns and KP the Kolari–Pynnönen factor
	// √((1−ρ̄)/(1+(N−1)ρ̄)) applied to BMP and used in GRANK-T.
	RhoBar Value `json:"rho_bar"`
	KP     Value `json:"kp"`
	// PHat is the share of positive estimation abnormal returns that the
	// generalised sign test expects.
	PHat Value `json:"p_hat"`
}

// Stat is the cross-section of one day or one window.
type Stat struct {
	Window Window `json:"window"`
	// Date is the calendar date of a day when all the group's events share
	// it (a common event date); zero otherwise.
	Date  time.Time    `json:"date,omitzero"`
	N     int          `json:"n"`    // events with a return on every day of the window
	Mean  float64      `json:"mean"` // AAR (a day) or CAAR (a window)
	Tests []TestResult `json:"tests"`
}

// Test returns the named test, if the stat carries it.
func (s Stat) Test(name TestName) (TestResult, bool) {
	for _, t := range s.Tests {
		if t.Name == name {
			return t, true
		}
	}
	return TestResult{}, false
}

// TestResult is one test's statistic and two-sided p-value.
type TestResult struct {
	Name TestName `json:"name"`
	Stat float64  `json:"stat"`
	P    float64  `json:"p"`
	// DF is the degrees of freedom where P comes from Student's t; zero
	// where it comes from the normal or (Wilcoxon, small N) the exact law.
	DF          float64 `json:"df,omitempty"`
	Unavailable string  `json:"unavailable,omitempty"`
}

// PathPoint is one day of the CAAR path: the cross-section of the events'
// CARs from the first day of the event window to Day.
type PathPoint struct {
	Day    int     `json:"day"`
	N      int     `json:"n"`
	CAAR   float64 `json:"caar"`   // the mean
	Median float64 `json:"median"` // the median, the centre of a Wilcoxon band
	Lower  float64 `json:"lower"`  // the band at Spec.Confidence
	Upper  float64 `json:"upper"`
	// Level is the band's confidence level: Spec.Confidence, or with few
	// events under BandWilcoxon the exact level achievable, as R reports it.
	Level       float64 `json:"level,omitempty"`
	Unavailable string  `json:"unavailable,omitempty"` // why there is no band (then Lower = Upper = the centre)
}
