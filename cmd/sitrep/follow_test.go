package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPollFollowsUpByID polls a feed carrying the summit articles and
// checks that what follows storing ran on the articles the poll stored:
// their events are in stories as an ingest of the same articles puts
// them, without a scan for unstoried events.
func TestPollFollowsUpByID(t *testing.T) {
	type item struct{ ID, Title, Date, Source, Text string }
	var items []item
	for _, l := range strings.Split(strings.TrimSpace(storyArticles+linkArticles), "\n") {
		var it item
		if err := json.Unmarshal([]byte(l), &it); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	// One feed per outlet; items short enough to be taken for summaries
	// are fetched from their page, which the same server has.
	feeds := map[string]*bytes.Buffer{}
	pages := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := feeds[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(b.Bytes())
			return
		}
		if p, ok := pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, p)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	var order []string
	for _, it := range items {
		path := "/feed/" + strings.ReplaceAll(strings.ToLower(it.Source), " ", "-") + ".xml"
		b := feeds[path]
		if b == nil {
			b = &bytes.Buffer{}
			fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>%s</title>`, it.Source)
			feeds[path] = b
			order = append(order, path)
		}
		page := "/article/" + it.ID
		pages[page] = fmt.Sprintf(`<!DOCTYPE html><html><head><title>%s</title><meta property="og:site_name" content="%s"></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`,
			html.EscapeString(it.Title), html.EscapeString(it.Source), html.EscapeString(it.Title), html.EscapeString(it.Text))
		fmt.Fprintf(b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><content:encoded>%s</content:encoded></item>",
			html.EscapeString(it.Title), srv.URL+page, it.ID, dateRFC822(t, it.Date), html.EscapeString("<p>"+it.Text+"</p>"))
	}
	for _, b := range feeds {
		b.WriteString("</channel></rss>")
	}

	dir := t.TempDir()
	polled := filepath.Join(dir, "polled.db")
	env := []string{"SITREP_ALLOW_PRIVATE=1"}
	for _, path := range order {
		if r := sitrep(t, env, "", "--db", polled, "feeds", "add", srv.URL+path); r.code != 0 {
			t.Fatalf("feeds add: %d %s", r.code, r.stderr)
		}
	}
	if r := sitrep(t, env, "", "--db", polled, "poll", "--once", "--quiet"); r.code != 0 {
		t.Fatalf("poll: %d %s", r.code, r.stderr)
	}
	ingested := filepath.Join(dir, "ingested.db")
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(storyArticles+linkArticles), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := sitrep(t, nil, "", "--db", ingested, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	// The stories' ids and articles' ids differ between the two stores (ids
	// come from URLs and texts); what they say must not.
	shape := func(db string) []string {
		r := sitrep(t, nil, "", "--db", db, "timeline", "--json")
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			var s struct {
				Date, CAMEO, Status string
				Sources, Reports    int
				Source, Target      struct{ Code string }
			}
			if err := json.Unmarshal([]byte(l), &s); err != nil {
				t.Fatalf("timeline of %s: %v in %q", db, err, l)
			}
			// A meeting's direction follows whichever report is taken as
			// the clearest, which the ids decide.
			pair := []string{s.Source.Code, s.Target.Code}
			slices.Sort(pair)
			out = append(out, fmt.Sprintf("%s %s %s %s %d/%d", s.Date, strings.Join(pair, "–"), s.CAMEO, s.Status, s.Sources, s.Reports))
		}
		slices.Sort(out)
		return out
	}
	got, want := shape(polled), shape(ingested)
	// The denial links to the claim it denies, and the later report settles
	// the deadline, in the polled store as after an ingest.
	for _, db := range []string{polled, ingested} {
		var denies, met int
		for _, l := range strings.Split(strings.TrimSpace(sitrep(t, nil, "", "--db", db, "claims", "--json").stdout), "\n") {
			var c struct{ Denies string }
			json.Unmarshal([]byte(l), &c)
			if c.Denies != "" {
				denies++
			}
		}
		for _, l := range strings.Split(strings.TrimSpace(sitrep(t, nil, "", "--db", db, "deadlines", "--json").stdout), "\n") {
			var d struct{ Status, Text string }
			json.Unmarshal([]byte(l), &d)
			if d.Status == "met" && strings.Contains(d.Text, "expires on February 5") {
				met++
			}
		}
		if denies != 1 || met != 1 {
			t.Errorf("%s: %d denials linked, %d deadlines met; want 1 and 1", filepath.Base(db), denies, met)
		}
	}
	if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stories after poll:\n%s\nafter ingest of the same articles:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// linkArticles are a claim, its denial and the report that settles a
// deadline (as in internal/link's test).
const linkArticles = `{"id":"b1","title":"Book","date":"2024-10-08","source":"Book Review","text":"Bob Woodward's new book claims that Donald Trump spoke with Vladimir Putin as many as seven times after leaving office.\n\nThe New START treaty expires on February 5, 2026."}
{"id":"b2","title":"Denial","date":"2024-10-09","source":"Northern Wire","text":"The Kremlin denied that Donald Trump and Vladimir Putin had spoken seven times since Trump left office."}
{"id":"b3","title":"Expired","date":"2026-02-06","source":"Daily Ledger","text":"The New START treaty expired on Thursday, leaving no limits on the two arsenals."}
`

func dateRFC822(t *testing.T, day string) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(9 * time.Hour).Format(time.RFC1123Z)
}
