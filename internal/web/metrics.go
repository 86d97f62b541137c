package web

import (
	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus collectors of one sitrep process: the web
// server updates the request histogram, the poller the rest.
type Metrics struct {
	reg              *prometheus.Registry
	ArticlesIngested prometheus.Counter
	EventsCoded      prometheus.Counter
	PollErrors       prometheus.Counter
	requests         *prometheus.HistogramVec
}

// NewMetrics registers sitrep's collectors, with the Go runtime's and the
// process's, on reg.
func NewMetrics(reg *prometheus.Registry) *Metrics {
	m := &Metrics{
		reg: reg,
		ArticlesIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sitrep_articles_ingested_total", Help: "Articles stored (duplicates not counted)."}),
		EventsCoded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sitrep_events_coded_total", Help: "Events coded from ingested articles."}),
		PollErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sitrep_poll_errors_total", Help: "Feed polls that failed."}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sitrep_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "code"}),
	}
	reg.MustRegister(m.ArticlesIngested, m.EventsCoded, m.PollErrors, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observer returns the function that records one request of a route.
func (m *Metrics) observer(route string) func(code string, d time.Duration) {
	return func(code string, d time.Duration) {
		m.requests.WithLabelValues(route, code).Observe(d.Seconds())
	}
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// Extractor wraps ex to count the events it codes; nil stays nil.
func (m *Metrics) Extractor(ex source.Extractor) source.Extractor {
	if ex == nil {
		return nil
	}
	return func(a *article.Article) (*record.Records, error) {
		recs, err := ex(a)
		if err == nil && recs != nil {
			m.EventsCoded.Add(float64(len(recs.Events)))
		}
		return recs, err
	}
}
