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
	_, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1, Pairs: []tone.Dyad{{Source: "USA", Target: "USR"}, {Source: "USR", Target: "USA"}}})

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
		b.click(`form.filters button`)
		u, _ := url.Parse(b.url())
		if u.Query().Get("actor") != "USR" || u.Query().Get("from") != "1987-01-01" {
			t.Fatalf("filter form went to %s", u)
		}
		n := b.count("ul.stories li.story")
		if n < 5 {
			t.Fatalf("%d stories of the Soviet Union since 1987", n)
		}
		for i, txt := range b.eval(`return Array.from(document.querySelectorAll("li.story .story-title")).map(e => e.textContent)`).([]any) {
			if !strings.Contains(txt.(string), "Soviet") {
				t.Fatalf("story %d %q does not involve the Soviet Union", i, txt)
			}
		}
		b.screenshot("timeline")
		title := b.text("li.story .story-title")
		b.click("li.story .story-title")
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

	t.Run("Study", func(t *testing.T) {
		b.open(ts.URL + "/study")
		b.eval(`document.querySelector("select[name=series] option[value=WTI]").selected = true`)
		b.typeInto(`textarea[name=event]`, "1987-10-19 1987-10-20")
		b.typeInto(`input[name=estimation]`, "-60:-6")
		b.typeInto(`input[name=window]`, "-1:+3")
		b.click(`form.study button`)
		if n := b.count("svg.chart polyline.line"); n != 1 {
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
		for _, page := range []string{"/articles/" + f.hostileID, "/deadlines?from=1987-11-01", "/search?q=Geneva+useful", "/timeline?source=USA&target=USR&from=1987-10-02&to=1987-10-02"} {
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
