// Package market owns daily price series, returns and event studies: how
// did a market react to what happened? It is pure logic: values in, values
// out, no database, clock or network.
//
// # Series
//
// ParseSeries reads a daily series from CSV in one of the layouts of
// shared/data/markets (FormatCSV date,value…; FormatYahoo OHLC; FormatMOEX
// ISS exports with ';' and decimal commas; FormatEIA Date,Price), detected
// from the header unless ParseOptions.Format names it. ParseOptions.Column
// picks the value column (GPR files have several). Errors are *ParseError
// values that name the series, the line and the problem (unreadable
// number or date, NaN, zero or negative price, duplicate or out-of-order
// date). A file in strictly descending date order is reversed; any other
// disorder is an error. Empty and NA cells are days without a value.
//
// Series.Returns turns prices into Returns: LogReturns (the default,
// additive over days, so a CAR is a log cumulative return) or
// SimpleReturns.
//
// # Studies
//
//	res, err := market.Study(market.Spec{
//		Model:      market.MarketModel,
//		Estimation: market.Window{From: -120, To: -6},
//		Window:     market.Window{From: -1, To: 1},
//	}, market.Input{Securities: []market.Series{imoex}, Market: &index}, events)
//
// Study takes prices; StudyReturns takes returns computed elsewhere. Days
// are trading sessions: with a market, the market's sessions are every
// security's calendar and a return needs prices on two consecutive
// sessions (a missing price leaves its two returns missing); without one,
// each series is its own calendar. An event maps to the last session on
// or before its date, or with AfterClose to the first session after it.
// Windows count sessions from that day 0 (ParseWindow reads "-120:-6").
//
// Models: MeanAdjusted, MarketModel (OLS α, β), MarketAdjusted and
// RawReturns (no model, as xKDR's "None"). The default is the market model
// when a market is given, else the mean model.
//
// An event that cannot be studied — unknown series, date outside the
// data, too few estimation returns, zero variance — stays in Result.Events
// with a Skipped sentence naming series and date; Study fails only for a
// bad Spec or series, or when no event is usable (ErrNoEvents, ErrSpec,
// ErrEmpty, ErrTooShort, ErrNotFinite, ErrNonPositive). Missing returns
// in the windows, gaps between sessions longer than Spec.MaxGapDays and
// events of the same series overlapping another's windows are reported
// per event (Missing, EstimationMissing, Gaps, Overlaps), never silently
// dropped; a day or window without a return for some event leaves that
// event out of that cross-section only.
//
// # Results
//
// Result.Groups holds, per Event.Group: for each day of the event window
// and each Spec.CARWindows window the AAR or CAAR, N and every test with
// its statistic and two-sided p-value (Student t with DF, else normal, or
// the exact law for Wilcoxon with up to 50 events); the CAAR path with a
// cross-sectional Student-t band at Spec.Confidence (CARChart draws it);
// ρ̄ and the Kolari–Pynnönen factor; p̂. Tests: TestT, TestBW1980,
// TestBW1985, TestPatell, TestBMP, TestKPBMP, TestLamb, TestSign,
// TestGSign, TestCSign, TestRank, TestMRank, TestGRankT, TestWilcoxon
// (statistic W+). No result holds NaN or ±Inf: a figure that cannot be
// computed has an Unavailable reason instead.
//
// # Conventions
//
// Where published packages depart from the papers, Spec.Convention picks:
// Textbook (the default), Estudy2 (R estudy2 0.10) or EventStudyTools
// (EventStudyTools / Stata eventstudy2 as EventStudy.jl ports them). The
// Convention constants list the differences. The tests reproduce the three
// reference studies of shared/data/eventstudy to their printed digits:
// estudy2's COVID example (Estudy2), EventStudyTools' S&P 500 additions
// (EventStudyTools) and xKDR's inference fixture (RawReturns).
//
// # Cost
//
// Events stream through two passes in fixed chunks spread over the CPUs;
// per event the study keeps its EventResult and two numbers per window,
// never a path over the series (Spec.KeepAR keeps the event-window ARs).
// Events on the same series and session are fitted and ranked once.
// Figures do not depend on the number of CPUs.
package market
