package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// Options configure a Server. Store is required; the zero value of every
// other field has a working default.
type Options struct {
	Store store.Store
	Log   *slog.Logger
	// Metrics are the collectors this server updates and serves at
	// /metrics; nil makes a fresh set on its own registry.
	Metrics *Metrics
	// Now is the clock (countdowns, token use); nil means time.Now.
	Now func() time.Time
	// OpenRead lets anyone read (pages and GET of the API) without a
	// token: right for a server bound to loopback. Writing always needs
	// a token.
	OpenRead bool
	// Rate and Burst bound each client's requests (token bucket per
	// client: its token, else its IP address). Rate 0 means 50 requests
	// a second; a negative Rate turns limiting off.
	Rate  float64
	Burst int
	// Pairs are the dyads the dashboard draws tone sparklines for.
	Pairs []tone.Dyad
	// Extract runs on articles posted to the API; nil stores them without
	// records.
	Extract source.Extractor
	// Alerts lists alerts for the dashboard and /api/v1/alerts; nil means
	// none are evaluated in this process.
	Alerts AlertSource
	// AlertsAtom, when set, serves /alerts.atom.
	AlertsAtom http.Handler
}

// AlertSource is what the server needs of an alert evaluator.
type AlertSource interface {
	// Alerts returns alerts newest first; firing keeps only those firing.
	Alerts(ctx context.Context, firing bool) ([]Alert, error)
}

// Alert is one alert as the server shows it.
type Alert struct {
	ID      string    `json:"id"`
	Rule    string    `json:"rule"`
	State   string    `json:"state"` // pending, firing, resolved
	Summary string    `json:"summary"`
	Since   time.Time `json:"since"`
	Link    string    `json:"link,omitempty"` // a story or article path on this server
}

// Server is the web UI and API over one store.
type Server struct {
	opt     Options
	st      store.Store
	stories store.StoryStore // nil when the store keeps no stories
	pager   store.Pager      // nil when the store cannot page by key
	feeds   store.FeedStore
	markets store.MarketStore
	tokens  store.TokenStore
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time
	limiter *limiter
	tcache  tokenCache
	pages   map[string]*template.Template
	routes  []Route
	mux     *http.ServeMux
}

// New builds a server; its Handler serves everything.
func New(opt Options) (*Server, error) {
	if opt.Store == nil {
		return nil, errors.New("web: a store is required")
	}
	s := &Server{opt: opt, st: opt.Store, log: opt.Log, metrics: opt.Metrics, now: opt.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.metrics == nil {
		s.metrics = NewMetrics(prometheus.NewRegistry())
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.stories, _ = opt.Store.(store.StoryStore)
	s.pager, _ = opt.Store.(store.Pager)
	s.feeds, _ = opt.Store.(store.FeedStore)
	s.markets, _ = opt.Store.(store.MarketStore)
	s.tokens, _ = opt.Store.(store.TokenStore)
	rate, burst := opt.Rate, opt.Burst
	if rate == 0 {
		rate = 50
	}
	if burst <= 0 {
		burst = max(int(rate*2), 1)
	}
	if rate > 0 {
		s.limiter = newLimiter(rate, burst, s.now)
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s.mux = http.NewServeMux()
	for _, r := range s.routeTable() {
		s.routes = append(s.routes, r)
		s.mux.Handle(r.Method+" "+r.Pattern, s.wrap(r))
	}
	return s, nil
}

// Handler serves the pages, the API, the assets and /metrics.
func (s *Server) Handler() http.Handler { return s.mux }

// Routes lists every route the server answers, for documentation checks.
func (s *Server) Routes() []Route { return s.routes }
