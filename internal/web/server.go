package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/doc"
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
	// Watching says that a watch evaluator runs beside this server (sitrep
	// serve without --no-watch), so the dashboard can tell "no alert is
	// firing" from "no rule is evaluated here".
	Watching bool
	// AfterStore runs after articles posted to the API were stored, with
	// their ids (linking denials, merging stories); nil does nothing.
	AfterStore func(ctx context.Context, ids []string) error
	// Matcher finds the parties named in articles for document stances;
	// nil loads the default dictionaries the first time one is needed.
	Matcher func() *actor.Matcher
	// Topics label document points; nil means the built-in topic list.
	Topics *doc.Topics
}

// Server is the web UI and API over one store.
type Server struct {
	opt     Options
	st      store.Store
	stories store.StoryStore     // nil when the store keeps no stories
	refs    store.StoryRefLister // nil when the store cannot list stories by reference
	pager   store.Pager          // nil when the store cannot page by key
	feeds   store.FeedStore
	markets store.MarketStore
	tokens  store.TokenStore
	watch   store.WatchStore // nil when the store keeps no alerts
	docs    store.DocStore   // nil when the store keeps no documents
	matcher func() *actor.Matcher
	topics  *doc.Topics
	enc     *storyCache
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
	if s.stories != nil {
		s.refs, _ = opt.Store.(store.StoryRefLister)
	}
	s.pager, _ = opt.Store.(store.Pager)
	s.feeds, _ = opt.Store.(store.FeedStore)
	s.markets, _ = opt.Store.(store.MarketStore)
	s.tokens, _ = opt.Store.(store.TokenStore)
	s.watch, _ = opt.Store.(store.WatchStore)
	s.docs, _ = opt.Store.(store.DocStore)
	s.matcher, s.topics = opt.Matcher, opt.Topics
	if s.matcher == nil {
		s.matcher = sync.OnceValue(actor.DefaultMatcher)
	}
	if s.topics == nil {
		s.topics = doc.DefaultTopics()
	}
	s.enc = newStoryCache(storyCacheSize)
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
