package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// paramDoc documents one query or path parameter.
type paramDoc struct {
	Name     string
	Desc     string
	Type     string // string (default), integer, boolean
	Format   string // date for ISO days
	Enum     []string
	Required bool
	Repeat   bool // may be given several times
	Example  string
	Path     bool
}

// opDoc documents one operation.
type opDoc struct {
	Summary   string
	Params    []paramDoc
	Body      any    // a value of the JSON request body's type, or a string content type
	BodyDesc  string // what the body holds
	OK        int    // the success status
	Result    any    // a value of the response type; nil for no content
	Errors    []int  // error statuses besides 400, 401 and 429, which every operation can answer
	NotLoaded bool   // answers 501 when the store lacks the feature
}

var (
	pCursor  = paramDoc{Name: "cursor", Desc: "the next_cursor of the previous page; absent for the first page"}
	pLimit   = paramDoc{Name: "limit", Type: "integer", Desc: "rows per page, 1–1000 (default 100)", Example: "50"}
	pFrom    = paramDoc{Name: "from", Format: "date", Desc: "on or after this day", Example: "2025-01-01"}
	pTo      = paramDoc{Name: "to", Format: "date", Desc: "on or before this day", Example: "2026-12-31"}
	pActor   = paramDoc{Name: "actor", Desc: "country code of the speaker (claims) or of any actor (deadlines); any side (stories)", Example: "RUS"}
	pSource  = paramDoc{Name: "source", Desc: "country code of the source side", Example: "USA"}
	pTarget  = paramDoc{Name: "target", Desc: "country code of the target side", Example: "RUS"}
	pRoot    = paramDoc{Name: "root", Desc: "two-digit CAMEO root code", Example: "04"}
	pID      = paramDoc{Name: "id", Path: true, Required: true, Desc: "the record's id"}
	pDocName = paramDoc{Name: "name", Path: true, Required: true, Desc: "the document's name"}
)

func storyDocs() []paramDoc {
	return []paramDoc{pActor, pSource, pTarget, {Name: "both", Type: "boolean", Desc: "the source–target pair in either direction"}, pFrom, pTo, pRoot,
		{Name: "quad", Type: "integer", Desc: "CAMEO quad class 1–4"}, {Name: "status", Enum: storyStatuses}, {Name: "desc", Type: "boolean", Desc: "newest first"}, pCursor, pLimit}
}

func recordDocs(kinds ...string) []paramDoc {
	return []paramDoc{pActor, pFrom, pTo, {Name: "kind", Enum: kinds, Desc: "a claim stance, deadline kind or fact kind"}, pCursor, pLimit}
}

// apiDocs documents every API route, keyed by Route.Name. A test checks
// that every API route has an entry and that the server answers as each
// entry says.
func apiDocs() map[string]opDoc {
	return map[string]opDoc{
		"GET /api/v1/openapi.json": {Summary: "This document", OK: 200, Result: map[string]any{}},
		"GET /api/v1/articles": {Summary: "Articles, newest first (metadata; the text is in GET /articles/{id})", OK: 200, Result: list[article.Article]{},
			Params: []paramDoc{{Name: "since", Format: "date", Desc: "dated on or after", Example: "2025-01-01"}, {Name: "until", Format: "date", Desc: "dated before", Example: "2030-01-01"}, {Name: "source", Desc: "the outlet, exactly"}, pCursor, pLimit}},
		"POST /api/v1/articles": {Summary: "Ingest articles as sitrep ingest reads a file; needs a token", OK: 201, Result: ingestResponse{}, Errors: []int{413, 422},
			Body: "application/x-ndjson", BodyDesc: `JSON Lines, one {"title","date","source","url","text"} object a line (an HTML page or plain text also work)`,
			Params: []paramDoc{{Name: "date", Format: "date", Desc: "date for articles that carry none"}, {Name: "source", Desc: "outlet for articles that name none"}}},
		"GET /api/v1/articles/{id}": {Summary: "One article with its extracted records and where it was seen", OK: 200, Result: articleWithRecords{}, Errors: []int{404}, Params: []paramDoc{pID}},
		"GET /api/v1/events": {Summary: "Coded events by date", OK: 200, Result: list[record.Event]{},
			Params: []paramDoc{{Name: "article", Desc: "only events from this article"}, pSource, pTarget, pRoot, pFrom, pTo, pCursor, pLimit}},
		"GET /api/v1/stories": {Summary: "A timeline: stories (merged reports) by date", OK: 200, Result: list[record.Story]{}, NotLoaded: true,
			Params: storyDocs()},
		"GET /api/v1/timeline": {Summary: "The same as GET /stories: a timeline of stories by date", OK: 200, Result: list[record.Story]{}, NotLoaded: true,
			Params: storyDocs()},
		"GET /api/v1/stories/{id}": {Summary: "One story with its reports", OK: 200, Result: record.Story{}, Errors: []int{404}, NotLoaded: true, Params: []paramDoc{pID}},
		"GET /api/v1/claims":       {Summary: "Claims: who said what, with stance and denial links", OK: 200, Result: list[record.Claim]{}, Params: recordDocs("assert", "deny", "confirm", "retract")},
		"GET /api/v1/deadlines":    {Summary: "Deadlines, soonest due first", OK: 200, Result: list[record.Deadline]{}, Params: recordDocs("expiry", "deadline", "scheduled", "ultimatum")},
		"GET /api/v1/facts":        {Summary: "Numeric facts", OK: 200, Result: list[record.Fact]{}, Params: recordDocs("market_move", "amount", "count", "casualties")},
		"GET /api/v1/tone": {Summary: "Tone of a dyad period by period, each period tested against its trailing window, and the shifts with the stories behind them (as sitrep tone --json)",
			OK: 200, Result: toneReport{}, NotLoaded: true,
			Params: []paramDoc{{Name: "source", Required: true, Example: "USA", Desc: "source country"}, {Name: "target", Required: true, Example: "USR", Desc: "target country"},
				{Name: "both", Type: "boolean", Desc: "also the other direction"}, {Name: "by", Enum: []string{"day", "week", "month"}, Desc: "period (default week)"},
				{Name: "from", Format: "date", Desc: "first day; its whole period is included", Example: "1987-01-01"}, {Name: "to", Format: "date", Desc: "last day; its whole period is included", Example: "1987-12-31"},
				{Name: "status", Desc: "story statuses counted, comma-separated (default all but negated)"},
				{Name: "metric", Enum: []string{"mean", "sum"}, Desc: "what is tested: the Goldstein mean (default) or sum"},
				{Name: "window", Type: "integer", Desc: "trailing periods each period is tested against (default 8)"},
				{Name: "threshold", Type: "number", Desc: "|z| at which a period is a shift (default 2)"},
				{Name: "min_stories", Type: "integer", Desc: "stories a period needs to be tested (default 3)"},
				{Name: "stories", Type: "integer", Desc: "stories listed for each shift, 0–20 (default 3)"}}},
		"GET /api/v1/series": {Summary: "Stored price series", OK: 200, Result: list[seriesJSON]{}},
		"GET /api/v1/study": {Summary: "An event study of stored price series (as sitrep study)", OK: 200, Result: studyOutcome{},
			Params: []paramDoc{{Name: "series", Required: true, Repeat: true, Desc: "series names, comma-separated or repeated", Example: "WTI"},
				{Name: "market", Desc: "a market index series"}, {Name: "event", Repeat: true, Desc: "event dates YYYY-MM-DD, repeated or comma-separated", Example: "1987-10-19"},
				{Name: "source", Desc: "take dates from stored events with this source country"}, {Name: "target", Desc: "… and this target country"}, {Name: "root", Desc: "… and this CAMEO root"},
				{Name: "from", Format: "date", Desc: "… dated on or after"}, {Name: "to", Format: "date", Desc: "… dated on or before"},
				{Name: "model", Enum: []string{"mean", "market", "marketadj", "raw"}}, {Name: "estimation", Desc: "estimation window, e.g. -120:-6, or none"},
				{Name: "window", Desc: "event window, e.g. -1:+1"}, {Name: "car", Repeat: true, Desc: "CAR window, e.g. 0:+1"},
				{Name: "returns", Enum: []string{"log", "simple"}}, {Name: "convention", Enum: []string{"textbook", "estudy2", "eventstudytools"}},
				{Name: "confidence", Desc: "level of the CAAR band, default 0.95"}, {Name: "after_close", Type: "boolean"}, {Name: "by_series", Type: "boolean"}}},
		"GET /api/v1/search": {Summary: "Full-text search, best first (web-search syntax)", OK: 200, Result: list[store.SearchHit]{},
			Params: []paramDoc{{Name: "q", Required: true, Desc: `words (all required), "phrases", OR, -exclusions`, Example: "Soviet"}, pCursor, {Name: "limit", Type: "integer", Desc: "hits per page, 1–1000 (default 20)"}}},
		"GET /api/v1/feeds":  {Summary: "Subscribed feeds and their polling state", OK: 200, Result: list[feedJSON]{}},
		"POST /api/v1/feeds": {Summary: "Subscribe to a feed (200 when already subscribed); needs a token", OK: 201, Result: feedJSON{}, Body: feedRequest{}, BodyDesc: "the feed's URL and polling interval"},
		"DELETE /api/v1/feeds/{id}": {Summary: "Unsubscribe (the articles stay); needs a token", OK: 204, Errors: []int{404},
			Params: []paramDoc{{Name: "id", Path: true, Required: true, Type: "integer", Desc: "the feed's id"}}},
		"GET /api/v1/alerts": {Summary: "Alerts of the watch rules (evaluated by sitrep serve, or sitrep watch run), most recently active first", OK: 200, Result: list[store.Alert]{},
			Params: []paramDoc{{Name: "state", Enum: alertStates, Desc: "firing (default), pending, resolved, active (firing and pending) or all"},
				{Name: "rule", Desc: "one rule's alerts"}, pCursor, {Name: "limit", Type: "integer", Desc: "at most this many a page, 1–1000 (default 100)"}}},
		"GET /api/v1/documents": {Summary: "Stored negotiation and policy documents", OK: 200, Result: list[store.DocInfo]{}, NotLoaded: true},
		"GET /api/v1/documents/{name}": {Summary: "One document: its aliases and each version's size", OK: 200, Result: docSummary{}, Errors: []int{404}, NotLoaded: true,
			Params: []paramDoc{pDocName}},
		"GET /api/v1/documents/{name}/diff": {Summary: "What changed between two versions, point by point, and the phrases whose use shifted (as sitrep doc diff --json)",
			OK: 200, Result: doc.Diff{}, Errors: []int{404}, NotLoaded: true,
			Params: []paramDoc{pDocName, {Name: "from", Desc: "the older version's label (with to; neither: the last two versions)"},
				{Name: "to", Desc: "the newer version's label"}, {Name: "terms", Type: "integer", Desc: "phrase shifts listed each way, 0–200 (default 12)"}}},
		"GET /api/v1/documents/{name}/stances": {Summary: "Each party's latest position on each point as of a date, with its evidence (as sitrep doc stances --json)",
			OK: 200, Result: docStances{}, Errors: []int{404}, NotLoaded: true,
			Params: []paramDoc{pDocName, {Name: "as_of", Format: "date", Desc: "positions as they stood on this day (default: every report)", Example: "2025-11-25"},
				{Name: "actor", Desc: "one party, a country code or an organisation such as EU"}}},
	}
}

// seriesJSON is a stored price series as the API lists it.
type seriesJSON struct {
	Name       string `json:"name"`
	SourceFile string `json:"source_file,omitempty"`
	Format     string `json:"format,omitempty"`
	First      string `json:"first"`
	Last       string `json:"last"`
	Count      int    `json:"count"`
	ImportedAt string `json:"imported_at"`
}

// openAPIDocument builds the OpenAPI 3.0 document of the routes given.
func openAPIDocument(routes []Route) map[string]any {
	docs := apiDocs()
	sch := newSchemas()
	errRef := sch.ref(apiError{})
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	paths := map[string]any{}
	for _, rt := range routes {
		if !rt.API {
			continue
		}
		d, ok := docs[rt.Name]
		if !ok {
			continue // the test reports it
		}
		op := map[string]any{"summary": d.Summary, "operationId": operationID(rt)}
		var params []any
		for _, p := range d.Params {
			s := map[string]any{"type": "string"}
			if p.Type != "" {
				s["type"] = p.Type
			}
			if p.Format != "" {
				s["format"] = p.Format
			}
			if len(p.Enum) > 0 {
				s["enum"] = p.Enum
			}
			if p.Repeat {
				s = map[string]any{"type": "array", "items": s}
			}
			in := "query"
			if p.Path {
				in = "path"
			}
			pd := map[string]any{"name": p.Name, "in": in, "required": p.Required, "schema": s}
			if p.Desc != "" {
				pd["description"] = p.Desc
			}
			if p.Example != "" {
				pd["example"] = p.Example
			}
			if p.Repeat {
				pd["explode"] = true
			}
			params = append(params, pd)
		}
		if params != nil {
			op["parameters"] = params
		}
		if d.Body != nil {
			var content map[string]any
			if ct, ok := d.Body.(string); ok {
				content = map[string]any{ct: map[string]any{"schema": map[string]any{"type": "string"}}}
			} else {
				content = map[string]any{"application/json": map[string]any{"schema": sch.ref(d.Body)}}
			}
			op["requestBody"] = map[string]any{"required": true, "description": d.BodyDesc, "content": content}
		}
		resp := map[string]any{}
		okResp := map[string]any{"description": "success"}
		if d.Result != nil {
			okResp["content"] = map[string]any{"application/json": map[string]any{"schema": sch.ref(d.Result)}}
		}
		resp[itoa(d.OK)] = okResp
		if d.OK == 201 && d.Result != nil {
			resp["200"] = okResp // already stored: nothing new
		}
		resp["400"] = errResp("bad parameters or body: the message names the input")
		resp["401"] = errResp("a token is needed (writing, or reading on a closed server) or the token is not valid")
		resp["429"] = errResp("this client sent too many requests; Retry-After says when to try again")
		resp["500"] = errResp("the server failed")
		for _, e := range d.Errors {
			resp[itoa(e)] = errResp(http.StatusText(e))
		}
		if d.NotLoaded {
			resp["501"] = errResp("the store does not keep what this needs")
		}
		if rt.Write {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		op["responses"] = resp
		path := strings.TrimSuffix(rt.Pattern, "{$}")
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "sitrep API", "version": "1",
			"description": "The record sitrep keeps: articles, coded events, stories, claims, deadlines, facts, tone, event studies, feeds, alerts and documents. " +
				"Lists are paged by an opaque cursor (next_cursor) with no limit on depth. Errors are {\"error\":{\"code\",\"message\"}}. " +
				"Reading is open on a server bound to loopback; writing always needs a bearer token (sitrep token create)."},
		"servers":    []any{map[string]any{"url": "/"}},
		"paths":      paths,
		"components": map[string]any{"schemas": sch.components, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func operationID(rt Route) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.Pattern)
	return strings.ToLower(rt.Method) + "_" + p
}

func itoa(n int) string { return strconv.Itoa(n) }

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).err; err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, openAPIDocument(s.routes))
}
