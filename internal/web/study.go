package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// studyParams are the query parameters of a study, named as the flags of
// sitrep study (the event query split into its keys).
var studyParams = []string{"series", "market", "event", "source", "target", "root", "from", "to",
	"model", "estimation", "window", "car", "returns", "convention", "confidence", "after_close", "by_series"}

// studyRequest is a parsed study: the series, the event dates (given or
// taken from stored events) and the spec.
type studyRequest struct {
	Series   []string
	Market   string
	Dates    []string // given event dates
	Events   store.EventFilter
	FromData bool // dates come from stored events matching Events
	BySeries bool
	Spec     market.Spec
}

// maxStudyDates bounds the distinct event dates one study takes.
const maxStudyDates = 5000

func readStudy(q url.Values) (studyRequest, error) {
	p := newParams(q, studyParams...)
	var sr studyRequest
	for _, v := range q["series"] {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(sr.Series, n) {
				sr.Series = append(sr.Series, n)
			}
		}
	}
	sr.Market = p.str("market")
	for _, v := range q["event"] {
		for _, d := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				p.fail("event=%q: want dates as YYYY-MM-DD", d)
			} else if !slices.Contains(sr.Dates, d) {
				sr.Dates = append(sr.Dates, d)
			}
		}
	}
	sr.Events = store.EventFilter{SourceCountry: p.country("source"), TargetCountry: p.country("target"), Root: p.root("root"), From: p.date("from"), To: p.date("to")}
	sr.FromData = sr.Events != (store.EventFilter{})
	sr.BySeries = p.boolean("by_series")
	spec := market.Spec{AfterClose: p.boolean("after_close"), Confidence: 0.95}
	spec.Model = market.Model(p.oneOf("model", "mean", "market", "marketadj", "raw"))
	if (spec.Model == market.MarketModel || spec.Model == market.MarketAdjusted) && sr.Market == "" {
		p.fail("model=%s needs market=NAME, the index the series are measured against", spec.Model)
	}
	spec.Returns = market.ReturnKind(p.oneOf("returns", "log", "simple"))
	if spec.Returns == "" {
		spec.Returns = market.LogReturns
	}
	spec.Convention = market.Convention(p.oneOf("convention", "textbook", "estudy2", "eventstudytools"))
	if spec.Convention == "" {
		spec.Convention = market.Textbook
	}
	window := func(name, def string) market.Window {
		v := p.str(name)
		if v == "" {
			v = def
		}
		if strings.EqualFold(v, "none") {
			return market.Window{}
		}
		w, err := market.ParseWindow(v)
		if err != nil {
			p.fail("%s=%q: %v", name, v, err)
		}
		return w
	}
	spec.Window = window("window", "-1:+1")
	spec.Estimation = window("estimation", "-120:-6")
	for _, c := range q["car"] {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		w, err := market.ParseWindow(c)
		if err != nil {
			p.fail("car=%q: %v", c, err)
			continue
		}
		spec.CARWindows = append(spec.CARWindows, w)
	}
	if v := p.str("confidence"); v != "" {
		c, err := strconv.ParseFloat(v, 64)
		if err != nil || c <= 0 || c >= 1 {
			p.fail("confidence=%q: want a level between 0 and 1, such as 0.95", v)
		}
		spec.Confidence = c
	}
	sr.Spec = spec
	if p.err != nil {
		return sr, p.err
	}
	if len(sr.Series) == 0 {
		return sr, badf("series is required: the stored price series to study (GET /api/v1/series lists them)")
	}
	if len(sr.Dates) == 0 && !sr.FromData {
		return sr, badf("say which events: event=YYYY-MM-DD (repeatable), or source, target, root, from, to to take the dates of stored events")
	}
	if len(sr.Dates) > 0 && sr.FromData {
		return sr, badf("give either event dates or an event query (source, target, root, from, to), not both")
	}
	return sr, nil
}

// studyOutcome is a study's result with the dates it ran on.
type studyOutcome struct {
	Request studyRequest   `json:"-"`
	Dates   []string       `json:"dates"`
	Result  *market.Result `json:"result"`
}

// runStudy loads the series and the event dates and runs the study.
func (s *Server) runStudy(ctx context.Context, sr studyRequest) (*studyOutcome, error) {
	if s.markets == nil {
		return nil, unavailable{"this store keeps no price series"}
	}
	dates := slices.Clone(sr.Dates)
	if sr.FromData {
		var err error
		if dates, err = s.eventDates(ctx, sr.Events); err != nil {
			return nil, err
		}
		if len(dates) == 0 {
			return nil, badf("no stored event matches the event query (negated, conditional and imprecisely dated events are left out)")
		}
	}
	slices.Sort(dates)
	var in market.Input
	load := func(name string) (market.Series, error) {
		ps, err := s.markets.GetSeries(ctx, name)
		if errors.Is(err, store.ErrNotFound) {
			return market.Series{}, badf(fmt.Sprintf("no price series named %s (sitrep market import adds one)", name))
		}
		if err != nil {
			return market.Series{}, err
		}
		ser := market.Series{Name: name, Prices: make([]market.Price, len(ps.Prices))}
		for i, pr := range ps.Prices {
			ser.Prices[i] = market.Price{Date: pr.Date, Close: pr.Close}
		}
		return ser, nil
	}
	for _, n := range sr.Series {
		ser, err := load(n)
		if err != nil {
			return nil, err
		}
		in.Securities = append(in.Securities, ser)
	}
	if sr.Market != "" {
		m, err := load(sr.Market)
		if err != nil {
			return nil, err
		}
		in.Market = &m
	}
	var events []market.Event
	for _, d := range dates {
		t, _ := time.Parse(time.DateOnly, d)
		for _, n := range sr.Series {
			g := ""
			if sr.BySeries {
				g = n
			}
			events = append(events, market.Event{ID: d, Series: n, Date: t, Group: g})
		}
	}
	res, err := market.Study(sr.Spec, in, events)
	if errors.Is(err, market.ErrSpec) {
		return nil, badf(err.Error())
	}
	if err != nil {
		return nil, badf(err.Error())
	}
	return &studyOutcome{Request: sr, Dates: dates, Result: res}, nil
}

var errEnoughDates = errors.New("enough dates")

// eventDates returns the distinct days of the stored events matching f
// that can be studied: not negated or conditional, dated to the day.
func (s *Server) eventDates(ctx context.Context, f store.EventFilter) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	err := s.st.EachEvent(ctx, f, func(e *record.Event) error {
		if e.Negated || e.Conditional || (e.DatePrecision != "" && e.DatePrecision != "day") || len(e.Date) != 10 || seen[e.Date] {
			return nil
		}
		seen[e.Date] = true
		out = append(out, e.Date)
		if len(out) >= maxStudyDates {
			return errEnoughDates
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnoughDates) {
		return nil, err
	}
	return out, nil
}

func (s *Server) apiStudy(w http.ResponseWriter, r *http.Request) {
	sr, err := readStudy(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out, err := s.runStudy(r.Context(), sr)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).err; err != nil {
		s.apiFail(w, r, err)
		return
	}
	if s.markets == nil {
		s.apiFail(w, r, unavailable{"this store keeps no price series"})
		return
	}
	infos, err := s.markets.ListSeries(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]seriesJSON, len(infos))
	for i, in := range infos {
		out[i] = seriesJSON{Name: in.Name, SourceFile: in.SourceFile, Format: in.Format, First: store.DayString(in.First),
			Last: store.DayString(in.Last), Count: in.Count, ImportedAt: in.ImportedAt.UTC().Format(time.RFC3339)}
	}
	writeJSON(w, http.StatusOK, newList(out, ""))
}
