package web

import (
	"fmt"
	"math"
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
	Shifts  int // weeks whose tone shifted (sitrep tone's test)
}

type dashboard struct {
	Articles  int
	Stories   []record.Story
	NoStories bool // the store keeps no stories
	Deadlines []record.Deadline
	Alerts    []store.Alert // firing
	Pending   int
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
	d.Alerting = s.opt.Watching
	active, err := s.alerts(ctx, store.AlertFilter{States: []string{store.AlertFiring, store.AlertPending}, Limit: 200})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, a := range active {
		if a.State == store.AlertFiring && len(d.Alerts) < 10 {
			d.Alerts = append(d.Alerts, a)
		} else if a.State == store.AlertPending {
			d.Pending++
		}
	}
	if s.stories != nil {
		if d.Pairs, err = s.pairTones(r, now); err != nil {
			s.pageFail(w, r, err)
			return
		}
	}
	s.render(w, r, "dashboard", pageData{Title: "Dashboard", Nav: "dashboard", Data: d})
}

// pairTones builds each watched pair's weekly tone over the last
// dashboardWeeks weeks with internal/tone, as sitrep tone would (the
// window of the first weeks reaching back before them), and draws it as a
// sparkline with its shifts ringed.
func (s *Server) pairTones(r *http.Request, now time.Time) ([]pairTone, error) {
	var out []pairTone
	from := tone.Week.Add(tone.Week.Start(now), -(dashboardWeeks - 1))
	for _, p := range s.opt.Pairs {
		q := toneQuery{Source: p.Source, Target: p.Target, By: tone.Week, From: from.Format(time.DateOnly), To: now.Format(time.DateOnly),
			Statuses: toneStatuses, Detector: tone.DefaultDetector()}
		rep, err := s.toneOf(r.Context(), q, false)
		if err != nil {
			return nil, err
		}
		pt := pairTone{Dyad: p}
		if len(rep.Directions) > 0 {
			dir := rep.Directions[0]
			vals := make([]float64, len(dir.Points))
			at := map[string]int{}
			for i, pt := range dir.Points {
				vals[i], at[pt.Period] = pt.GoldsteinMean, i
				if pt.Stories == 0 {
					vals[i] = math.NaN() // silence has no mean
				}
			}
			marks := map[int]string{}
			for _, sh := range rep.Shifts {
				if i, ok := at[sh.Period]; ok && sh.Dyad == p {
					marks[i] = fmt.Sprintf("%s: shifted %s, mean %+.1f against %+.1f (z %+.1f)", sh.Period, sh.Change, sh.Score.Value, sh.Score.Baseline, sh.Score.Z)
				}
			}
			pt.Spark, pt.Stories, pt.Mean, pt.Weeks, pt.Shifts = sparkline(vals, 160, 32, marks), dir.Stories, dir.GoldsteinMean, len(vals), len(marks)
		}
		out = append(out, pt)
	}
	return out, nil
}
