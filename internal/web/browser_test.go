package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/tone"
)

// TestBrowser loads the main pages of a store built from real articles in
// headless chromium and checks what is on screen, saving a screenshot of
// each (to $SITREP_SCREENSHOTS, else the test's temporary folder).
func TestBrowser(t *testing.T) {
	b := startBrowser(t)
	f := newFixture(t, openSQLite(t))
	firing := addAlerts(t, f.st)
	addPlan(t, f.st)
	_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1, Watching: true, Pairs: []tone.Dyad{{Source: "USA", Target: "USR"}, {Source: "USR", Target: "USA"}}})

	t.Run("Dashboard", func(t *testing.T) {
		b.open(ts.URL + "/")
		if got := b.text("h1"); got != "Dashboard" {
			t.Fatalf("h1 %q", got)
		}
		if n := b.count("ul.stories li.story"); n < 5 {
			t.Fatalf("%d stories on the dashboard, want the latest", n)
		}
		if n := b.count("table.deadlines tbody tr"); n == 0 {
			t.Fatal("no deadline ahead of 1 October 1987 on the dashboard")
		}
		if n := b.count("svg.spark polyline"); n != 2 {
			t.Fatalf("%d sparklines, want one per watched pair", n)
		}
		// The watch rule's alerts, read from the store.
		if n := b.count("ul.alerts li.alert-firing"); n != min(firing, 10) {
			t.Fatalf("%d firing alerts on the dashboard, want %d", n, min(firing, 10))
		}
		// The countdown script ran (it rewrites each countdown from the
		// browser's clock; the server's was 1 October 1987).
		if got := b.eval(`return document.querySelector("[data-due]").textContent`).(string); !strings.Contains(got, "ago") {
			t.Fatalf("countdown %q: want the script to count from today", got)
		}
		b.screenshot("dashboard")
	})

	t.Run("TimelineFiltersAndStory", func(t *testing.T) {
		b.open(ts.URL + "/timeline")
		b.typeInto(`input[name=actor]`, "USR")
		b.typeInto(`input[name=from]`, "01/01/1987")
		b.follow(`form.filters button`)
		u, _ := url.Parse(b.url())
		if u.Query().Get("actor") != "USR" || u.Query().Get("from") != "1987-01-01" {
			t.Fatalf("filter form went to %s", u)
		}
		n := b.count("ul.stories li.story")
		if n < 5 {
			t.Fatalf("%d stories of the Soviet Union since 1987", n)
		}
		for i, sides := range b.eval(`return Array.from(document.querySelectorAll("li.story")).map(e => e.dataset.source + " " + e.dataset.target)`).([]any) {
			if !strings.Contains(sides.(string), "USR") {
				t.Fatalf("story %d (%s) does not involve the Soviet Union", i, sides)
			}
		}
		b.screenshot("timeline")
		title := b.text("li.story .story-title")
		b.follow("li.story .story-title")
		if !strings.Contains(b.url(), "/stories/") {
			t.Fatalf("clicking a story went to %s", b.url())
		}
		if h1 := b.text("h1"); h1 == "" || !strings.Contains(title, h1) {
			t.Fatalf("story page h1 %q, from the timeline's %q", h1, title)
		}
		if n := b.count("table.reports tbody tr"); n == 0 {
			t.Fatal("the story page lists no report")
		}
		if outlet := b.text("table.reports tbody tr td:nth-child(2)"); !strings.Contains(outlet, "Reuters") {
			t.Fatalf("report outlet %q", outlet)
		}
		b.screenshot("story")
	})

	t.Run("Tone", func(t *testing.T) {
		b.open(ts.URL + "/tone")
		b.typeInto(`input[name=source]`, "USA")
		b.typeInto(`input[name=target]`, "USR")
		b.eval(`document.querySelector("input[name=both]").checked = true; document.querySelector("select[name=by]").value = "month"`)
		b.typeInto(`input[name=from]`, "01/01/1987")
		b.typeInto(`input[name=to]`, "12/31/1987")
		b.follow(`form.filters button`)
		if h1 := b.text("h1"); h1 != "Tone USA–USR" {
			t.Fatalf("h1 %q", h1)
		}
		// The chart internal/tone draws, loaded as an image.
		b.eval(`return new Promise(r => { const i = document.querySelector("img.tone-chart"); i.complete ? r() : i.onload = r })`)
		if w := b.eval(`return document.querySelector("img.tone-chart").naturalWidth`).(float64); w < 300 {
			t.Fatalf("tone chart %v pixels wide: not drawn", w)
		}
		// Twelve months of 1987, each direction's counts in its columns.
		if n := b.count("table.tone tbody tr"); n != 12 {
			t.Fatalf("%d months in the tone table, want 12", n)
		}
		legend := b.text("p.legend")
		if !strings.Contains(legend, "USA → USR") || !strings.Contains(legend, "USR → USA") {
			t.Fatalf("legend %q: want both directions", legend)
		}
		b.screenshot("tone")
	})

	t.Run("Documents", func(t *testing.T) {
		b.open(ts.URL + "/documents")
		if got := b.text("table.documents a.doc-name"); got != "peace-plan" {
			t.Fatalf("documents list %q", got)
		}
		b.follow("table.documents a.doc-name")
		if n := b.count("table.versions tbody tr"); n != 3 {
			t.Fatalf("%d versions listed, want 3", n)
		}
		// The latest positions: points down, parties across.
		parties := b.eval(`return Array.from(document.querySelectorAll("table.matrix thead th")).slice(1).map(e => e.textContent)`).([]any)
		if len(parties) < 4 || parties[0] != "RUS" || parties[1] != "UKR" {
			t.Fatalf("parties across the table %v, want the most reported first (RUS, UKR, …)", parties)
		}
		whole := b.text("table.matrix tbody tr:first-child th")
		if !strings.HasPrefix(whole, "whole") {
			t.Fatalf("first row %q, want the whole document", whole)
		}
		if n := b.count("table.matrix td.pos q.evidence"); n < 5 {
			t.Fatalf("%d cells with evidence", n)
		}
		b.screenshot("document")
		// As it stood on 22 November, under the first draft.
		b.typeInto(`form.asof input[name=as_of]`, "11/22/2025")
		b.follow(`form.asof button`)
		if u := b.url(); !strings.Contains(u, "as_of=2025-11-22") {
			t.Fatalf("date picker went to %s", u)
		}
		if meta := b.text("p.meta"); !strings.Contains(meta, "as of 2025-11-22") || !strings.Contains(meta, "version v1") {
			t.Fatalf("as-of note %q", meta)
		}
		if n := b.count("table.matrix td.pos strong"); n != 8 {
			t.Fatalf("%d positions as of 22 November, want 8", n)
		}
		b.screenshot("document-as-of")
	})

	t.Run("Study", func(t *testing.T) {
		b.open(ts.URL + "/study")
		b.eval(`document.querySelector("select[name=series] option[value=WTI]").selected = true`)
		b.typeInto(`textarea[name=event]`, "1987-10-19 1987-10-20")
		b.typeInto(`input[name=estimation]`, "-60:-6")
		b.typeInto(`input[name=window]`, "-1:+3")
		b.follow(`form.study button`)
		if n := b.waitCount("svg.chart polyline.line"); n != 1 {
			t.Fatalf("%d CAAR lines drawn", n)
		}
		if n := b.count("svg.chart polygon.band"); n != 1 {
			t.Fatal("no confidence band drawn")
		}
		lead := b.text("p.lead")
		if !strings.Contains(lead, "2 event dates: 1987-10-19, 1987-10-20") {
			t.Fatalf("study summary %q", lead)
		}
		if got := b.text("table.tests tbody tr td:nth-child(4)"); got != "t" {
			t.Fatalf("first test %q, want the t-test", got)
		}
		b.screenshot("study")
	})

	t.Run("HostileContentIsText", func(t *testing.T) {
		for _, page := range []string{"/articles/" + f.hostileID, "/deadlines?from=1987-11-01", "/search?q=Geneva+useful", "/timeline?source=USA&target=USR&from=1987-10-02&to=1987-10-02", "/alerts", "/"} {
			b.open(ts.URL + page)
			if got := b.eval(`return typeof window.__pwned`); got != "undefined" {
				t.Fatalf("%s: window.__pwned is %v: hostile markup ran", page, got)
			}
			if n := b.eval(`return document.scripts.length`).(float64); n != 1 {
				t.Fatalf("%s: %v script elements, want only the site's own", page, n)
			}
			if n := b.eval(`return Array.from(document.querySelectorAll("a[href],img[src]")).filter(e => /^javascript:/i.test(e.getAttribute("href")||"") || e.getAttribute("src")==="x").length`).(float64); n != 0 {
				t.Fatalf("%s: %v live javascript: links or injected images", page, n)
			}
		}
		b.open(ts.URL + "/articles/" + f.hostileID)
		if got := b.text("h1"); got != `<script>window.__pwned=1</script>Talks & "entities" &amp; <b>bold</b>` {
			t.Fatalf("title shown as %q, want it as typed", got)
		}
		body := b.text(".article-text")
		for _, want := range []string{`<script>window.__pwned = 1</script>`, `<a href="javascript:window.__pwned=2">`, `<img src=x onerror="window.__pwned=3">`, `&lt;b&gt; &amp; &#x27;`} {
			if !strings.Contains(body, want) {
				t.Fatalf("article text lacks %q as text:\n%s", want, body)
			}
		}
		if n := b.count(".article-text mark.mark-event"); n != 1 {
			t.Fatalf("%d event marks in the hostile article, want its one event highlighted", n)
		}
		b.screenshot("hostile-article")
	})
}
