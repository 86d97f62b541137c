package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// call makes one request and decodes a JSON answer into out (when not nil).
func call(t *testing.T, method, u, token, body string, out any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" && strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d, body not JSON: %v\n%s", method, u, resp.StatusCode, err, b)
		}
	}
	return resp
}

type errBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func wantError(t *testing.T, method, u, token, body string, status int, code string) errBody {
	t.Helper()
	var e errBody
	resp := call(t, method, u, token, body, &e)
	if resp.StatusCode != status || e.Error.Code != code || e.Error.Message == "" {
		t.Fatalf("%s %s: %d %+v, want %d with code %s and a message", method, u, resp.StatusCode, e, status, code)
	}
	return e
}

// walkPages follows next_cursor to the end and returns every item.
func walkPages[T any](t *testing.T, base string) []T {
	t.Helper()
	var all []T
	cursor := ""
	for pages := 0; ; pages++ {
		u := base
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var page list[T]
		if resp := call(t, "GET", u, "", "", &page); resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", u, resp.StatusCode)
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			return all
		}
		if pages > 10000 {
			t.Fatal("paging does not end")
		}
		cursor = page.Next
	}
}

func TestAPI(t *testing.T) {
	stores(t, func(t *testing.T, open func(testing.TB) store.Store) {
		f := newFixture(t, open(t))
		_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1})
		api := ts.URL + "/api/v1"

		t.Run("ArticlesPageToTheEnd", func(t *testing.T) {
			n, _ := f.st.CountArticles(t.Context())
			got := walkPages[struct {
				ID   string `json:"id"`
				Date string `json:"date"`
				Text string `json:"text"`
			}](t, api+"/articles?limit=37")
			seen := map[string]bool{}
			for i, a := range got {
				if seen[a.ID] || a.Text != "" || (i > 0 && a.Date > got[i-1].Date) {
					t.Fatalf("article %d %s: repeated, carries text, or out of order", i, a.ID)
				}
				seen[a.ID] = true
			}
			if len(got) != n {
				t.Fatalf("paged %d articles, the store has %d", len(got), n)
			}
		})
		t.Run("EventsFilteredAndPaged", func(t *testing.T) {
			type ev struct {
				Date   string `json:"date"`
				Root   string `json:"root"`
				Source struct {
					Country string `json:"country"`
				} `json:"source"`
			}
			all := walkPages[ev](t, api+"/events?source=USA&from=1987-01-01&limit=9")
			if len(all) < 10 {
				t.Fatalf("only %d events with source USA", len(all))
			}
			for _, e := range all {
				if e.Source.Country != "USA" || e.Date < "1987-01-01" {
					t.Fatalf("event %+v does not match the filter", e)
				}
			}
		})
		t.Run("Stories", func(t *testing.T) {
			type st struct {
				ID     string                   `json:"id"`
				Date   string                   `json:"date"`
				Status string                   `json:"status"`
				Source struct{ Country string } `json:"source"`
				Target struct{ Country string } `json:"target"`
			}
			all := walkPages[st](t, api+"/stories?actor=USR&limit=4")
			if len(all) < 5 {
				t.Fatalf("only %d stories with the Soviet Union", len(all))
			}
			for _, s := range all {
				if s.Source.Country != "USR" && s.Target.Country != "USR" {
					t.Fatalf("story %+v has no USR side", s)
				}
			}
			var one struct {
				ID       string `json:"id"`
				Articles []struct {
					ID, Title string
				} `json:"articles"`
			}
			if resp := call(t, "GET", api+"/stories/"+all[0].ID, "", "", &one); resp.StatusCode != 200 || one.ID != all[0].ID || len(one.Articles) == 0 {
				t.Fatalf("GET story %s: %d %+v", all[0].ID, resp.StatusCode, one)
			}
			wantError(t, "GET", api+"/stories/nosuchstory", "", "", 404, "not_found")
			wantError(t, "GET", api+"/stories?status=rumour", "", "", 400, "bad_request")
		})
		t.Run("RecordLists", func(t *testing.T) {
			claims := walkPages[struct{ Stance string }](t, api+"/claims?limit=50")
			deadlines := walkPages[struct{ Due string }](t, api+"/deadlines?kind=deadline&limit=50")
			facts := walkPages[struct{ Kind string }](t, api+"/facts?kind=amount&limit=50")
			if len(claims) == 0 || len(deadlines) == 0 || len(facts) == 0 {
				t.Fatalf("claims %d, deadlines %d, facts %d: want some of each from the corpus", len(claims), len(deadlines), len(facts))
			}
			for _, f := range facts {
				if f.Kind != "amount" {
					t.Fatalf("fact kind %q under kind=amount", f.Kind)
				}
			}
		})
		t.Run("Search", func(t *testing.T) {
			var p1, p2 list[store.SearchHit]
			call(t, "GET", api+"/search?q=Gorbachev&limit=3", "", "", &p1)
			if len(p1.Items) != 3 || p1.Next == "" {
				t.Fatalf("search page 1: %d hits, next %q", len(p1.Items), p1.Next)
			}
			call(t, "GET", api+"/search?q=Gorbachev&limit=3&cursor="+url.QueryEscape(p1.Next), "", "", &p2)
			if len(p2.Items) == 0 || p2.Items[0].Article.ID == p1.Items[0].Article.ID || p2.Items[0].Score > p1.Items[2].Score {
				t.Fatalf("search page 2 does not follow page 1: %+v", p2.Items)
			}
			wantError(t, "GET", api+"/search", "", "", 400, "bad_request")
		})
		t.Run("Tone", func(t *testing.T) {
			var ser struct {
				By         string `json:"by"`
				Directions []struct {
					Source, Target string
					Stories        int `json:"stories"`
					Points         []struct{ Stories int }
				} `json:"directions"`
			}
			if resp := call(t, "GET", api+"/tone?source=USA&target=USR&both=true&by=month", "", "", &ser); resp.StatusCode != 200 {
				t.Fatalf("tone: %d", resp.StatusCode)
			}
			if ser.By != "month" || len(ser.Directions) != 2 || ser.Directions[0].Stories+ser.Directions[1].Stories == 0 {
				t.Fatalf("tone USA–USR: %+v", ser)
			}
			wantError(t, "GET", api+"/tone?source=USA", "", "", 400, "bad_request")
		})
		t.Run("Study", func(t *testing.T) {
			// Black Monday, 19 October 1987, on WTI.
			var out studyOutcome
			var raw json.RawMessage
			u := api + "/study?series=WTI&event=1987-10-19&event=1987-10-20&estimation=-60:-6&window=-1:%2B3&model=mean"
			call(t, "GET", u, "", "", &raw)
			resp := call(t, "GET", u, "", "", &out)
			if resp.StatusCode != 200 || out.Result == nil || len(out.Result.Groups) != 1 || len(out.Result.Groups[0].Path) != 5 {
				t.Fatalf("study: %d %s", resp.StatusCode, raw)
			}
			wantError(t, "GET", api+"/study?series=NOPE&event=1987-10-19", "", "", 400, "bad_request")
			wantError(t, "GET", api+"/study?series=WTI", "", "", 400, "bad_request")
			var fromEvents studyOutcome
			if resp := call(t, "GET", api+"/study?series=WTI&source=USA&target=USR&window=0:%2B1&estimation=-60:-6", "", "", &fromEvents); resp.StatusCode != 200 || len(fromEvents.Dates) == 0 {
				t.Fatalf("study from stored events: %d %+v", resp.StatusCode, fromEvents.Dates)
			}
		})
		t.Run("BadInput", func(t *testing.T) {
			wantError(t, "GET", api+"/events?bogus=1", "", "", 400, "bad_request")
			wantError(t, "GET", api+"/events?from=yesterday", "", "", 400, "bad_request")
			wantError(t, "GET", api+"/events?limit=100000", "", "", 400, "bad_request")
			wantError(t, "GET", api+"/events?cursor=garbage!", "", "", 400, "bad_cursor")
			var p list[struct{ ID string }]
			call(t, "GET", api+"/claims?limit=1", "", "", &p)
			wantError(t, "GET", api+"/facts?cursor="+url.QueryEscape(p.Next), "", "", 400, "bad_cursor")
			wantError(t, "GET", api+"/articles/nosuch", "", "", 404, "not_found")
		})
		t.Run("WritesNeedAToken", func(t *testing.T) {
			body := `{"url":"https://example.org/feed.xml","interval":"30m"}`
			wantError(t, "POST", api+"/feeds", "", body, 401, "unauthorized")
			wantError(t, "POST", api+"/feeds", "sitrep_wrong", body, 401, "unauthorized")
			var fd feedJSON
			if resp := call(t, "POST", api+"/feeds", f.token, body, &fd); resp.StatusCode != 201 || fd.ID == 0 || fd.Interval != "30m0s" {
				t.Fatalf("add feed: %d %+v", resp.StatusCode, fd)
			}
			if resp := call(t, "POST", api+"/feeds", f.token, body, nil); resp.StatusCode != 200 {
				t.Fatalf("add the same feed again: %d, want 200", resp.StatusCode)
			}
			wantError(t, "POST", api+"/feeds", f.token, `{"url":"ftp://x"}`, 400, "bad_request")
			wantError(t, "POST", api+"/feeds", f.token, `{"url":"https://x.org/f","every":"1m"}`, 400, "bad_request")
			var feeds list[feedJSON]
			call(t, "GET", api+"/feeds", "", "", &feeds)
			if len(feeds.Items) != 1 || feeds.Items[0].URL != "https://example.org/feed.xml" {
				t.Fatalf("feeds: %+v", feeds)
			}
			id := strings.TrimSpace(jsonNumber(fd.ID))
			wantError(t, "DELETE", api+"/feeds/"+id, "", "", 401, "unauthorized")
			if resp := call(t, "DELETE", api+"/feeds/"+id, f.token, "", nil); resp.StatusCode != 204 {
				t.Fatalf("delete feed: %d", resp.StatusCode)
			}
			wantError(t, "DELETE", api+"/feeds/"+id, f.token, "", 404, "not_found")
		})
		t.Run("PostArticles", func(t *testing.T) {
			body := `{"title":"Envoys meet in Vienna","date":"1987-10-05","source":"Test Wire","text":"The Soviet Union and the United States held talks in Vienna on Monday, officials said."}
{"title":"Second","date":"1987-10-06","source":"Test Wire","text":"NATO ministers met in Brussels on Tuesday."}`
			wantError(t, "POST", api+"/articles", "", body, 401, "unauthorized")
			var res ingestResponse
			if resp := call(t, "POST", api+"/articles", f.token, body, &res); resp.StatusCode != 201 || res.Stored != 2 || len(res.Results) != 2 {
				t.Fatalf("post articles: %d %+v", resp.StatusCode, res)
			}
			var again ingestResponse
			if resp := call(t, "POST", api+"/articles", f.token, body, &again); resp.StatusCode != 200 || again.Duplicates != 2 || again.Stored != 0 {
				t.Fatalf("post again: %d %+v", resp.StatusCode, again)
			}
			var got articleWithRecords
			call(t, "GET", api+"/articles/"+res.Results[0].ID, "", "", &got)
			if got.Article == nil || got.Article.Title != "Envoys meet in Vienna" {
				t.Fatalf("posted article: %+v", got.Article)
			}
			wantError(t, "POST", api+"/articles", f.token, "  ", 400, "bad_request")
		})
		t.Run("Headers", func(t *testing.T) {
			resp := call(t, "GET", ts.URL+"/", "", "", nil)
			h := resp.Header
			if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") ||
				h.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("security headers: %v", h)
			}
		})
	})
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestClosedReadingNeedsAToken(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	_, ts := newTestServer(t, f, Options{OpenRead: false, Rate: -1})
	wantError(t, "GET", ts.URL+"/api/v1/articles", "", "", 401, "unauthorized")
	if resp := call(t, "GET", ts.URL+"/api/v1/articles?limit=1", f.token, "", nil); resp.StatusCode != 200 {
		t.Fatalf("with a token: %d", resp.StatusCode)
	}
	if resp := call(t, "GET", ts.URL+"/", "", "", nil); resp.StatusCode != 401 {
		t.Fatalf("dashboard without a token: %d, want 401", resp.StatusCode)
	}
	for _, open := range []string{"/healthz", "/static/style.css", "/login"} {
		if resp := call(t, "GET", ts.URL+open, "", "", nil); resp.StatusCode != 200 {
			t.Fatalf("%s: %d, want it open", open, resp.StatusCode)
		}
	}
	// A browser logs in once; the cookie then reads.
	jar := &cookieClient{t: t}
	resp := jar.post(ts.URL+"/login", url.Values{"token": {f.token}, "next": {"/timeline"}})
	if resp.StatusCode != 200 || !strings.Contains(resp.Request.URL.Path, "/timeline") {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	// A revoked token stops working once the cache lapses.
	if err := f.st.(store.TokenStore).RevokeToken(t.Context(), "tests"); err != nil {
		t.Fatal(err)
	}
	_, ts2 := newTestServer(t, f, Options{OpenRead: false, Rate: -1, Now: func() time.Time { return fixedNow.Add(time.Hour) }})
	wantError(t, "GET", ts2.URL+"/api/v1/articles", f.token, "", 401, "unauthorized")
}

func TestRateLimitPerClient(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: 0.5, Burst: 3})
	for i := 0; i < 3; i++ {
		if resp := call(t, "GET", ts.URL+"/api/v1/feeds", "", "", nil); resp.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, resp.StatusCode)
		}
	}
	var e errBody
	resp := call(t, "GET", ts.URL+"/api/v1/feeds", "", "", &e)
	if resp.StatusCode != 429 || e.Error.Code != "rate_limited" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth request: %d %+v Retry-After %q", resp.StatusCode, e, resp.Header.Get("Retry-After"))
	}
	// A token is a client of its own.
	if resp := call(t, "GET", ts.URL+"/api/v1/feeds", f.token, "", nil); resp.StatusCode != 200 {
		t.Fatalf("with a token: %d", resp.StatusCode)
	}
}

func TestMetrics(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	s, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1, Extract: nil})
	s.metrics.PollErrors.Inc()
	call(t, "POST", ts.URL+"/api/v1/articles", f.token, `{"title":"x","text":"A new text for the metrics test."}`, nil)
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"sitrep_articles_ingested_total 1", "sitrep_poll_errors_total 1", "sitrep_events_coded_total 0",
		`sitrep_http_request_duration_seconds_count{code="201",route="POST /api/v1/articles"} 1`} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("metrics lack %q:\n%.2000s", want, b)
		}
	}
}
