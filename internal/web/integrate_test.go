package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// get fetches u and returns the response with its body read.
func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestWatchDocumentsBrief checks what serve gained from watch, documents
// and brief, on SQLite and PostgreSQL: the alerts of a real evaluation
// through the API, the alerts page and the Atom feed; the documents API
// and pages; the brief page under its own policy; the timeline alias.
func TestWatchDocumentsBrief(t *testing.T) {
	stores(t, func(t *testing.T, open func(testing.TB) store.Store) {
		f := newFixture(t, open(t))
		firing := addAlerts(t, f.st)
		addPlan(t, f.st)
		_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1, Watching: true})

		t.Run("Alerts", func(t *testing.T) {
			var l list[store.Alert]
			call(t, "GET", ts.URL+"/api/v1/alerts", "", "", &l)
			if len(l.Items) != firing {
				t.Fatalf("%d firing alerts from the API, the evaluation fired %d", len(l.Items), firing)
			}
			for _, a := range l.Items {
				if a.State != store.AlertFiring || a.Rule != "soviet-talks" || a.Title == "" || len(a.Links) == 0 {
					t.Fatalf("alert %+v", a)
				}
			}
			// Paged two at a time, the same alerts in the same order.
			var paged []store.Alert
			for u := ts.URL + "/api/v1/alerts?limit=2"; ; {
				var pg list[store.Alert]
				call(t, "GET", u, "", "", &pg)
				paged = append(paged, pg.Items...)
				if pg.Next == "" || len(paged) > firing {
					break
				}
				u = ts.URL + "/api/v1/alerts?limit=2&cursor=" + pg.Next
			}
			if len(paged) != firing || firing < 3 || paged[0].Fingerprint != l.Items[0].Fingerprint || paged[firing-1].Fingerprint != l.Items[firing-1].Fingerprint {
				t.Fatalf("%d alerts paged two at a time, %d at once (want 3 or more)", len(paged), firing)
			}
			wantError(t, "GET", ts.URL+"/api/v1/alerts?cursor=bogus", "", "", 400, "bad_cursor")
			call(t, "GET", ts.URL+"/api/v1/alerts?state=pending", "", "", &l)
			if len(l.Items) != 0 {
				t.Fatalf("%d pending alerts, want none (the rule has no hold)", len(l.Items))
			}
			wantError(t, "GET", ts.URL+"/api/v1/alerts?state=burning", "", "", 400, "bad_request")
			resp, body := get(t, ts.URL+"/alerts")
			if resp.StatusCode != 200 || strings.Count(body, `class="alert alert-firing"`) != firing {
				t.Fatalf("alerts page: %d, %d firing rows, want %d", resp.StatusCode, strings.Count(body, `class="alert alert-firing"`), firing)
			}
			resp, body = get(t, ts.URL+"/alerts.atom")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("alerts.atom: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if n := strings.Count(body, "<entry>"); n != firing {
				t.Fatalf("%d Atom entries, want a notice per firing alert (%d)", n, firing)
			}
			if !strings.Contains(body, ts.URL+"/alerts.atom") {
				t.Fatal("the feed does not name its own address")
			}
			if strings.Contains(body, "<script>") {
				t.Fatal("the feed carries outside markup unescaped")
			}
		})

		t.Run("Documents", func(t *testing.T) {
			var docs list[store.DocInfo]
			call(t, "GET", ts.URL+"/api/v1/documents", "", "", &docs)
			if len(docs.Items) != 1 || docs.Items[0].Name != "peace-plan" || !slices.Equal(docs.Items[0].Versions, []string{"v1", "geneva", "florida"}) {
				t.Fatalf("documents %+v", docs.Items)
			}
			var sum docSummary
			call(t, "GET", ts.URL+"/api/v1/documents/peace-plan", "", "", &sum)
			if len(sum.Versions) != 3 || sum.Versions[0].Points != 28 || sum.Versions[1].Points != 27 {
				t.Fatalf("versions %+v: want the 28-point draft, then 27 points", sum.Versions)
			}
			var diff doc.Diff
			call(t, "GET", ts.URL+"/api/v1/documents/peace-plan/diff?from=v1&to=geneva", "", "", &diff)
			// As sitrep doc add reports it for the Geneva draft.
			want := map[string]int{"reworded": 8, "added": 1, "removed": 3, "merged": 1, "split": 1, "moved": 1, "renumbered": 8, "unchanged": 19}
			for k, n := range want {
				if diff.Summary[k] != n {
					t.Fatalf("diff v1 → geneva: %s %d, want %d (%v)", k, diff.Summary[k], n, diff.Summary)
				}
			}
			wantError(t, "GET", ts.URL+"/api/v1/documents/peace-plan/diff?from=v1", "", "", 400, "bad_request")
			wantError(t, "GET", ts.URL+"/api/v1/documents/peace-plan/diff?from=v1&to=v9", "", "", 400, "bad_request")
			wantError(t, "GET", ts.URL+"/api/v1/documents/no-such-plan/stances", "", "", 404, "not_found")

			var m docStances
			call(t, "GET", ts.URL+"/api/v1/documents/peace-plan/stances?as_of=2025-11-22", "", "", &m)
			if m.Doc != "peace-plan" || m.Version != "v1" || m.AsOf != "2025-11-22" {
				t.Fatalf("stances as of 22 November: doc %s, version %s, as of %s", m.Doc, m.Version, m.AsOf)
			}
			// internal/doc's own test of these reports, as of that day.
			wantCells := []string{"14 EU demands_change 2025-11-22", "21 UKR rejects 2025-11-21", "6 UKR rejects 2025-11-21", "7 RUS supports 2025-11-21",
				"whole EU conditional 2025-11-22", "whole RUS supports 2025-11-21", "whole UKR rejects 2025-11-21", "whole USA supports 2025-11-22"}
			var got []string
			for _, r := range m.Rows {
				for p, c := range r.Cells {
					id := r.ID
					if r.Point == "" {
						id = "whole"
					}
					got = append(got, id+" "+p+" "+c.Position+" "+c.Date)
					if c.Evidence == "" || c.ArticleID == "" {
						t.Fatalf("cell %s %s has no evidence", id, p)
					}
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, wantCells) {
				t.Fatalf("cells as of 22 November:\n got %q\nwant %q", got, wantCells)
			}
			call(t, "GET", ts.URL+"/api/v1/documents/peace-plan/stances?actor=RUS", "", "", &m)
			if !slices.Equal(m.Parties, []string{"RUS"}) || m.Version != "florida" {
				t.Fatalf("RUS only: parties %v, version %s", m.Parties, m.Version)
			}
			resp, body := get(t, ts.URL+"/documents/peace-plan/diff?from=v1&to=geneva")
			if resp.StatusCode != 200 || !strings.Contains(body, "<del>600,000 personnel.</del>") || !strings.Contains(body, "<ins>800,000 personnel in peacetime.</ins>") {
				t.Fatalf("diff page: %d, no word diff of the force limit", resp.StatusCode)
			}
			if resp, _ := get(t, ts.URL+"/documents/peace-plan?as_of=22-11-2025"); resp.StatusCode != 400 {
				t.Fatalf("a malformed date: %d, want 400", resp.StatusCode)
			}
		})

		t.Run("Brief", func(t *testing.T) {
			resp, body := get(t, ts.URL+"/brief?date=1987-10-21&days=30&actors=USA,USR")
			if resp.StatusCode != 200 {
				t.Fatalf("brief: %d", resp.StatusCode)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); csp != briefCSP {
				t.Fatalf("brief policy %q", csp)
			}
			for _, want := range []string{"Situation report", "1987-09-21 to 1987-10-21", "What happened", "soviet-talks"} {
				if !strings.Contains(body, want) {
					t.Fatalf("brief lacks %q", want)
				}
			}
			if strings.Contains(body, "<script") {
				t.Fatal("the brief carries a script element")
			}
			if resp, _ := get(t, ts.URL+"/brief?actors=U$A"); resp.StatusCode != 400 {
				t.Fatalf("a malformed actor: %d, want 400", resp.StatusCode)
			}
		})

		t.Run("TimelineAlias", func(t *testing.T) {
			q := "?actor=USR&limit=7"
			_, a := get(t, ts.URL+"/api/v1/stories"+q)
			_, b := get(t, ts.URL+"/api/v1/timeline"+q)
			if a != b || !strings.Contains(a, `"next_cursor"`) {
				t.Fatalf("timeline and stories differ, or no next page:\n%s\n%s", a, b)
			}
		})
	})
}

// TestStoriesEncodeAsTheirRecords checks that the pre-encoded story list
// is byte for byte what encoding the records would write, on a first
// (uncached) and a second (cached) request, across pages, for one actor
// and for a dyad both ways (listed by reference, then read by id); and
// that a story saved again is encoded afresh.
func TestStoriesEncodeAsTheirRecords(t *testing.T) {
	stores(t, testStoriesEncodeAsTheirRecords)
}

func testStoriesEncodeAsTheirRecords(t *testing.T, open func(testing.TB) store.Store) {
	f := newFixture(t, open(t))
	s, err := New(Options{Store: f.st, OpenRead: true, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	if s.refs == nil {
		t.Fatal("the store lists no story references")
	}
	ss := f.st.(store.StoryStore)
	ctx := context.Background()
	for _, c := range []struct {
		query  string
		filter store.StoryFilter
	}{
		{"actor=USR&limit=20", store.StoryFilter{Actor: "USR", Limit: 20}},
		{"source=USA&target=USR&both=true&limit=7", store.StoryFilter{Source: "USA", Target: "USR", Both: true, Limit: 7}},
		{"source=USR&target=USA&limit=5&desc=true", store.StoryFilter{Source: "USR", Target: "USA", Limit: 5, Desc: true}},
	} {
		cursor := ""
		for page := 0; page < 4; page++ {
			filter := c.filter
			filter.Cursor = cursor
			items, next, err := ss.Stories(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			if page == 0 && len(items) < filter.Limit {
				t.Fatalf("%s: %d stories, want a full first page", c.query, len(items))
			}
			want := httptest.NewRecorder()
			writeJSON(want, 200, newList(items, next))
			u := "/api/v1/stories?" + c.query
			if cursor != "" {
				u += "&cursor=" + cursor
			}
			for round := 0; round < 2; round++ {
				got := httptest.NewRecorder()
				s.Handler().ServeHTTP(got, httptest.NewRequest("GET", u, nil))
				if got.Code != 200 || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
					t.Fatalf("%s page %d, round %d: %d\n got %s\nwant %s", c.query, page, round, got.Code, got.Body, want.Body)
				}
			}
			if cursor = next; cursor == "" {
				break
			}
		}
	}
	// Saved again with a new sentence: the list shows the new one.
	items, _, _ := ss.Stories(ctx, store.StoryFilter{Actor: "USR", Limit: 1})
	full, err := ss.GetStory(ctx, items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	full.Text = "Rewritten <b>sentence</b> & more."
	if err := ss.SaveStories(ctx, []record.Story{*full}, nil); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/stories?actor=USR&limit=1", nil))
	var l list[record.Story]
	if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil || len(l.Items) != 1 || l.Items[0].Text != full.Text {
		t.Fatalf("after saving again: %v %s", err, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "<b>") {
		t.Fatal("markup in a story went out unescaped")
	}
}

// racingRefs saves stories again between listing a page's references and
// reading the stories, as a merge running beside a request may.
type racingRefs struct {
	store.StoryRefLister
	between func()
}

func (r racingRefs) StoryRefs(ctx context.Context, f store.StoryFilter) ([]store.StoryRef, string, error) {
	refs, next, err := r.StoryRefLister.StoryRefs(ctx, f)
	r.between()
	return refs, next, err
}

// TestStoryRefsNeverMixVersions checks that a page whose stories were
// saved again between the two reads of the reference path is answered
// whole from one query, with the new versions, and that cached versions
// of a story saved since are not served.
func TestStoryRefsNeverMixVersions(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	s, err := New(Options{Store: f.st, OpenRead: true, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	ss := f.st.(store.StoryStore)
	ctx := context.Background()
	const u = "/api/v1/timeline?source=USA&target=USR&both=true&limit=6"
	filter := store.StoryFilter{Source: "USA", Target: "USR", Both: true, Limit: 6}
	rewrite := func(i int, text string) {
		items, _, err := ss.Stories(ctx, filter)
		if err != nil || len(items) <= i {
			t.Fatalf("%d stories: %v", len(items), err)
		}
		full, err := ss.GetStory(ctx, items[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		full.Text = text
		if err := ss.SaveStories(ctx, []record.Story{*full}, nil); err != nil {
			t.Fatal(err)
		}
	}
	answer := func() []byte {
		items, next, err := ss.Stories(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		want := httptest.NewRecorder()
		writeJSON(want, 200, newList(items, next))
		return want.Body.Bytes()
	}
	get := func() []byte {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if rec.Code != 200 {
			t.Fatalf("%d: %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	get() // every story of the page cached
	rewrite(2, "Saved again while nobody asked.")
	if got, want := get(), answer(); !bytes.Equal(got, want) {
		t.Fatalf("after a save:\n got %s\nwant %s", got, want)
	}
	s.enc = newStoryCache(storyCacheSize) // nothing cached: every story read by id
	inner := s.refs
	n := 0
	s.refs = racingRefs{inner, func() { n++; rewrite(4, "Saved again between the two reads.") }}
	got := get()
	if n != 1 {
		t.Fatalf("the references were listed %d times, want 1", n)
	}
	if want := answer(); !bytes.Equal(got, want) || !bytes.Contains(got, []byte("between the two reads")) {
		t.Fatalf("a save between the reads:\n got %s\nwant %s", got, want)
	}
}

// TestPostedArticlesRunAfterStore checks that articles posted to the API
// are handed to AfterStore with their ids (serve links them and merges
// their stories there).
func TestPostedArticlesRunAfterStore(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	var mu sync.Mutex
	var got []string
	_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1, Extract: testExtractor(t), AfterStore: func(_ context.Context, ids []string) error {
		mu.Lock()
		got = append(got, ids...)
		mu.Unlock()
		return nil
	}})
	body := `{"title":"Envoys meet","date":"1987-10-09","text":"American and Soviet envoys met in Geneva on Friday to discuss arms control."}
{"title":"Envoys meet again","date":"1987-10-10","text":"Soviet envoys met American negotiators in Geneva on Saturday."}`
	var res ingestResponse
	if resp := call(t, "POST", ts.URL+"/api/v1/articles", f.token, body, &res); resp.StatusCode != 201 || res.Stored != 2 {
		t.Fatalf("post: %d %+v", resp.StatusCode, res)
	}
	var want []string
	for _, r := range res.Results {
		want = append(want, r.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("AfterStore got %v, want the stored ids %v", got, want)
	}
}
