package web

import (
	"context"
	"net/http"
	"time"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// toneQuery is a dyad's tone series request.
type toneQuery struct {
	Source, Target string
	Both           bool
	By             tone.Period
	From, To       string
}

func readToneQuery(p *params) toneQuery {
	q := toneQuery{Source: p.country("source"), Target: p.country("target"), Both: p.boolean("both"),
		By: tone.Period(p.oneOf("by", "day", "week", "month")), From: p.date("from"), To: p.date("to")}
	if q.By == "" {
		q.By = tone.Week
	}
	if p.err == nil && (q.Source == "" || q.Target == "") {
		p.fail("source and target are required, e.g. source=USA&target=RUS")
	}
	return q
}

// series builds the tone series of the query from the stored stories.
func (s *Server) toneSeries(ctx context.Context, q toneQuery) (*tone.Series, error) {
	if err := s.needStories(); err != nil {
		return nil, err
	}
	cells, err := s.stories.ToneCells(ctx, store.StoryFilter{Source: q.Source, Target: q.Target, Both: q.Both, From: q.From, To: q.To})
	if err != nil {
		return nil, err
	}
	o := tone.Options{By: q.By, Directions: []tone.Dyad{{Source: q.Source, Target: q.Target}}}
	if q.Both {
		o.Directions = append(o.Directions, tone.Dyad{Source: q.Target, Target: q.Source})
	}
	if q.From != "" {
		o.From, _ = time.Parse(time.DateOnly, q.From)
	}
	if q.To != "" {
		o.To, _ = time.Parse(time.DateOnly, q.To)
	}
	ser, err := tone.Build(cells, o)
	if err != nil {
		return nil, badf(err.Error())
	}
	return ser, nil
}

func (s *Server) apiTone(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "source", "target", "both", "by", "from", "to")
	q := readToneQuery(p)
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	ser, err := s.toneSeries(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ser)
}
