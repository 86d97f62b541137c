package source

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseOPML(t *testing.T) {
	doc := `<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0"><head><title>Subscriptions</title></head><body>
  <outline text="World">
    <outline text="Reuters World" type="rss" xmlUrl="https://feeds.example/reuters/world" htmlUrl="https://reuters.example/"/>
    <outline text="Europe">
      <outline title="Le Monde" text="lm" type="rss" xmlurl="https://lemonde.example/rss/une.xml"/>
    </outline>
  </outline>
  <outline text="TASS &#8212; English" type="rss" XMLURL="https://tass.example/rss/v2.xml"/>
  <outline text="A folder with no feeds"/>
  <outline text="Caf` + "\xe9" + `" xmlUrl="https://cafe.example/feed"/>
</body></opml>`
	feeds, err := ParseOPML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []OPMLFeed{
		{URL: "https://feeds.example/reuters/world", Title: "Reuters World", SiteURL: "https://reuters.example/", Category: "World"},
		{URL: "https://lemonde.example/rss/une.xml", Title: "Le Monde", Category: "World / Europe"},
		{URL: "https://tass.example/rss/v2.xml", Title: "TASS — English"},
		{URL: "https://cafe.example/feed", Title: "Café"},
	}
	if len(feeds) != len(want) {
		t.Fatalf("got %d feeds: %+v", len(feeds), feeds)
	}
	for i := range want {
		if feeds[i] != want[i] {
			t.Errorf("feed %d = %+v, want %+v", i, feeds[i], want[i])
		}
	}
	if _, err := ParseOPML(strings.NewReader("<rss></rss>")); err == nil || !strings.Contains(err.Error(), "not an OPML file") {
		t.Errorf("an RSS file as OPML: %v", err)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	in := []OPMLFeed{{URL: "https://a.example/feed?x=1&y=2", Title: "A & B <news>"}, {URL: "https://b.example/atom"}}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "sitrep feeds", in, time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) || !strings.Contains(buf.String(), `<opml version="2.0">`) {
		t.Errorf("OPML:\n%s", buf.String())
	}
	out, err := ParseOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].URL != in[0].URL || out[0].Title != in[0].Title || out[1].URL != in[1].URL || out[1].Title != in[1].URL {
		t.Errorf("round trip: %+v", out)
	}
}
