package web

import "net/http"

// Route is one method and path pattern the server answers.
type Route struct {
	Method  string
	Pattern string // http.ServeMux pattern, e.g. /api/v1/stories/{id}
	Name    string // for metrics: the pattern, never the raw path
	API     bool   // JSON errors; documented in the OpenAPI document
	Write   bool   // needs a token
	Open    bool   // needs nothing, even when reading is closed (assets, health, login)
	handler http.HandlerFunc
}

func (s *Server) routeTable() []Route {
	page := func(method, pattern string, h http.HandlerFunc) Route {
		return Route{Method: method, Pattern: pattern, handler: h, Write: method != http.MethodGet}
	}
	api := func(method, pattern string, h http.HandlerFunc) Route {
		return Route{Method: method, Pattern: pattern, handler: h, API: true, Write: method != http.MethodGet}
	}
	open := func(pattern string, h http.HandlerFunc) Route {
		return Route{Method: http.MethodGet, Pattern: pattern, handler: h, Open: true}
	}
	rs := []Route{
		open("/static/{file}", s.handleStatic),
		open("/healthz", s.handleHealth),
		open("/login", s.handleLoginForm),
		{Method: http.MethodPost, Pattern: "/login", handler: s.handleLogin, Open: true},
		{Method: http.MethodPost, Pattern: "/logout", handler: s.handleLogout, Open: true},
		page("GET", "/metrics", s.handleMetrics),

		page("GET", "/{$}", s.handleDashboard),
		page("GET", "/timeline", s.handleTimeline),
		page("GET", "/stories/{id}", s.handleStory),
		page("GET", "/articles", s.handleArticles),
		page("GET", "/articles/{id}", s.handleArticle),
		page("GET", "/deadlines", s.handleDeadlines),
		page("GET", "/tone", s.handleTone),
		page("GET", "/tone/chart.svg", s.handleToneChart),
		page("GET", "/alerts", s.handleAlerts),
		page("GET", "/brief", s.handleBrief),
		page("GET", "/documents", s.handleDocuments),
		page("GET", "/documents/{name}", s.handleDocument),
		page("GET", "/documents/{name}/diff", s.handleDocumentDiff),
		page("GET", "/study", s.handleStudy),
		page("GET", "/search", s.handleSearch),
		page("GET", "/feeds", s.handleFeeds),
		page("POST", "/feeds", s.handleFeedAdd),
		page("POST", "/feeds/{id}/delete", s.handleFeedDelete),

		api("GET", "/api/v1/openapi.json", s.handleOpenAPI),
		api("GET", "/api/v1/articles", s.apiArticles),
		api("POST", "/api/v1/articles", s.apiArticlePost),
		api("GET", "/api/v1/articles/{id}", s.apiArticle),
		api("GET", "/api/v1/events", s.apiEvents),
		api("GET", "/api/v1/stories", s.apiStories),
		api("GET", "/api/v1/stories/{id}", s.apiStory),
		api("GET", "/api/v1/timeline", s.apiStories),
		api("GET", "/api/v1/claims", s.apiClaims),
		api("GET", "/api/v1/deadlines", s.apiDeadlines),
		api("GET", "/api/v1/facts", s.apiFacts),
		api("GET", "/api/v1/tone", s.apiTone),
		api("GET", "/api/v1/series", s.apiSeries),
		api("GET", "/api/v1/study", s.apiStudy),
		api("GET", "/api/v1/search", s.apiSearch),
		api("GET", "/api/v1/feeds", s.apiFeeds),
		api("POST", "/api/v1/feeds", s.apiFeedPost),
		api("DELETE", "/api/v1/feeds/{id}", s.apiFeedDelete),
		api("GET", "/api/v1/alerts", s.apiAlerts),
		api("GET", "/api/v1/documents", s.apiDocuments),
		api("GET", "/api/v1/documents/{name}", s.apiDocument),
		api("GET", "/api/v1/documents/{name}/diff", s.apiDocumentDiff),
		api("GET", "/api/v1/documents/{name}/stances", s.apiDocumentStances),
		page("GET", "/alerts.atom", s.handleAlertsAtom),
	}
	for i := range rs {
		rs[i].Name = rs[i].Method + " " + rs[i].Pattern
	}
	return rs
}
