package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// toneParams are the parameters of the tone API, page and chart: those of
// sitrep tone.
var toneParams = []string{"source", "target", "both", "by", "from", "to", "status", "metric", "window", "threshold", "min_stories", "stories"}

// toneStatuses are counted unless status says otherwise: every story but
// those reported as not having happened (as sitrep tone).
var toneStatuses = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged}

// toneQuery is a dyad's tone request.
type toneQuery struct {
	Source, Target string
	Both           bool
	By             tone.Period
	From, To       string
	Statuses       []string
	Detector       tone.Detector
	Drivers        int // stories listed for each shift
}

func readToneQuery(p *params) toneQuery {
	q := toneQuery{Source: p.country("source"), Target: p.country("target"), Both: p.boolean("both"),
		By: tone.Period(p.oneOf("by", "day", "week", "month")), From: p.date("from"), To: p.date("to"),
		Drivers: p.intIn("stories", 3, 0, 20)}
	if q.By == "" {
		q.By = tone.Week
	}
	def := tone.DefaultDetector()
	det := tone.Detector{Metric: p.oneOf("metric", tone.MetricMean, tone.MetricSum), Window: p.intIn("window", def.Window, 2, 104),
		Threshold: p.float("threshold", def.Threshold, 0.1, 20), MinStories: p.intIn("min_stories", def.MinStories, 1, 1000)}
	var err error
	if q.Detector, err = det.Resolved(); err != nil {
		p.fail("%v", err)
	}
	q.Statuses = toneStatuses
	if v := p.str("status"); v != "" {
		q.Statuses = nil
		for _, s := range strings.Split(v, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if !slices.Contains(storyStatuses, s) {
				p.fail("status=%q: want some of %s, comma-separated", s, strings.Join(storyStatuses, ", "))
				break
			}
			if !slices.Contains(q.Statuses, s) {
				q.Statuses = append(q.Statuses, s)
			}
		}
	}
	if p.err == nil && (q.Source == "" || q.Target == "") {
		p.fail("source and target are required, e.g. source=USA&target=RUS")
	}
	if p.err == nil && q.From != "" && q.To != "" && q.To < q.From {
		p.fail("from=%s is after to=%s", q.From, q.To)
	}
	return q
}

// toneReport is what GET /api/v1/tone answers: the series of each
// direction with each period's test, and the shifts with the stories that
// drove them (sitrep tone --json).
type toneReport struct {
	Source     string           `json:"source"`
	Target     string           `json:"target"`
	Both       bool             `json:"both"`
	By         tone.Period      `json:"by"`
	From       string           `json:"from"`
	To         string           `json:"to"`
	Statuses   []string         `json:"statuses"`
	Method     tone.Detector    `json:"method"`
	Directions []tone.Direction `json:"directions"`
	Shifts     []tone.Shift     `json:"shifts"`
}

// toneCells reads the cells of the chosen statuses in one query, summed by
// the period where the store keeps that period's aggregate.
func (s *Server) toneCells(ctx context.Context, f store.StoryFilter, by tone.Period, statuses []string) ([]store.ToneCell, error) {
	return tone.Cells(ctx, s.stories, f, by, statuses...)
}

// toneOf builds the query's series with internal/tone, tests every period
// (the window of the first ones reaching back before from) and, when
// explain is set, finds the stories behind each shift.
func (s *Server) toneOf(ctx context.Context, q toneQuery, explain bool) (*toneReport, error) {
	if err := s.needStories(); err != nil {
		return nil, err
	}
	dirs := []tone.Dyad{{Source: q.Source, Target: q.Target}}
	if q.Both && q.Source != q.Target {
		dirs = append(dirs, tone.Dyad{Source: q.Target, Target: q.Source})
	}
	o := tone.Options{By: q.By, Directions: dirs}
	f := store.StoryFilter{Source: q.Source, Target: q.Target, Both: q.Both}
	if q.From != "" {
		o.From, _ = time.Parse(time.DateOnly, q.From)
		o.Lead = q.Detector.Window
		f.From = q.By.Add(q.By.Start(o.From), -o.Lead).Format(time.DateOnly)
	}
	if q.To != "" {
		o.To, _ = time.Parse(time.DateOnly, q.To)
		f.To = q.By.End(q.By.Start(o.To)).Format(time.DateOnly)
	}
	cells, err := s.toneCells(ctx, f, q.By, q.Statuses)
	if err != nil {
		return nil, err
	}
	ser, err := tone.Build(cells, o)
	if err != nil {
		return nil, badf(err.Error())
	}
	shifts, err := tone.Shifts(ser, q.Detector)
	if err != nil {
		return nil, badf(err.Error())
	}
	if explain && q.Drivers > 0 {
		if err := tone.Explain(ctx, s.stories, shifts, q.Drivers, q.Statuses...); err != nil {
			return nil, err
		}
	}
	if shifts == nil {
		shifts = []tone.Shift{}
	}
	for i := range shifts {
		if shifts[i].Drivers == nil {
			shifts[i].Drivers = []record.Story{}
		}
	}
	return &toneReport{Source: q.Source, Target: q.Target, Both: q.Both, By: ser.By, From: ser.From, To: ser.To,
		Statuses: q.Statuses, Method: q.Detector, Directions: ser.Directions, Shifts: shifts}, nil
}

// series is the report as the tone.Series it was built from.
func (t *toneReport) series() *tone.Series {
	return &tone.Series{By: t.By, From: t.From, To: t.To, Directions: t.Directions}
}

func (s *Server) apiTone(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), toneParams...)
	q := readToneQuery(p)
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	rep, err := s.toneOf(r.Context(), q, true)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
