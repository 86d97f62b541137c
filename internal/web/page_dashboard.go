package web

import (
	"net/http"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// pairTone is one watched pair's recent tone for the dashboard.
type pairTone struct {
	Dyad    tone.Dyad
	Spark   lineChart
	Stories int
	Mean    float64
	Weeks   int
}

type dashboard struct {
	Articles  int
	Stories   []record.Story
	NoStories bool // the store keeps no stories
	Deadlines []record.Deadline
	Alerts    []Alert
	Alerting  bool // an evaluator runs in this process
	Pairs     []pairTone
}

// dashboardWeeks is how far back the sparklines reach.
const dashboardWeeks = 26

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.now().UTC()
	var d dashboard
	var err error
	if d.Articles, err = s.st.CountArticles(ctx); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if s.stories != nil {
		if d.Stories, _, err = s.stories.Stories(ctx, store.StoryFilter{Desc: true, Limit: 12}); err != nil {
			s.pageFail(w, r, err)
			return
		}
	} else {
		d.NoStories = true
	}
	if d.Deadlines, err = s.st.Deadlines(ctx, store.RecordFilter{From: now.Format(time.DateOnly), Limit: 12}); err != nil {
		s.pageFail(w, r, err)
		return
	}
	d.Alerting = s.opt.Alerts != nil
	if d.Alerts, err = s.alerts(r, true); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if s.stories != nil {
		from := now.AddDate(0, 0, -7*dashboardWeeks)
		for _, p := range s.opt.Pairs {
			ser, err := s.toneSeries(ctx, toneQuery{Source: p.Source, Target: p.Target, By: tone.Week,
				From: from.Format(time.DateOnly), To: now.Format(time.DateOnly)})
			if err != nil {
				s.pageFail(w, r, err)
				return
			}
			pt := pairTone{Dyad: p}
			if len(ser.Directions) > 0 {
				dir := ser.Directions[0]
				vals := make([]float64, len(dir.Points))
				for i, pt := range dir.Points {
					vals[i] = pt.GoldsteinMean
				}
				pt.Spark, pt.Stories, pt.Mean, pt.Weeks = sparkline(vals, 160, 32), dir.Stories, dir.GoldsteinMean, len(vals)
			}
			d.Pairs = append(d.Pairs, pt)
		}
	}
	s.render(w, r, "dashboard", pageData{Title: "Dashboard", Nav: "dashboard", Data: d})
}
