package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
)

// Three outlets report one summit (two of them the same wire text), a
// fourth article a criticism the day after; a denial disputes a strike.
const storyArticles = `{"id":"w1","title":"Leaders meet in Anchorage","date":"2025-08-15","source":"Northern Wire","url":"https://wire.example/anchorage","text":"Donald Trump and Vladimir Putin met at a military base in Anchorage, Alaska, on Friday. The talks lasted nearly three hours and ended without an agreement on a ceasefire in Ukraine, officials on both sides said afterwards, adding that further meetings were possible."}
{"id":"w2","title":"Summit in Alaska","date":"2025-08-15","source":"Daily Ledger","url":"https://ledger.example/alaska","text":"Donald Trump and Vladimir Putin met at a military base in Anchorage, Alaska, on Friday. The talks lasted nearly three hours and ended without an agreement on a ceasefire in Ukraine, officials on both sides said afterwards, adding that further meetings were possible. The Ledger's correspondent contributed."}
{"id":"p1","title":"Putin flies to Alaska","date":"2025-08-15","source":"Pacific Courier","url":"https://courier.example/putin-alaska","text":"Vladimir Putin met Donald Trump in Anchorage on Friday for talks on the war in Ukraine."}
{"id":"c1","title":"Moscow criticises sanctions","date":"2025-08-16","source":"Northern Wire","text":"The Kremlin criticized Washington on Saturday over new sanctions on Russian oil companies."}
`

func TestTimelineAndStory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(storyArticles), 0o644); err != nil {
		t.Fatal(err)
	}
	r := sitrep(t, nil, "", "--db", db, "ingest", "--json", in)
	if r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	var ing struct {
		Stored  int `json:"stored"`
		Stories struct {
			Events  int `json:"events"`
			Stories int `json:"stories"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ing); err != nil || ing.Stored != 4 || ing.Stories.Stories == 0 {
		t.Fatalf("ingest summary %q: %v", r.stdout, err)
	}

	r = sitrep(t, nil, "", "--db", db, "timeline", "--json", "--dyad", "USA:RUS", "--both", "--code", "04")
	if r.code != 0 {
		t.Fatalf("timeline: %d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 1 {
		t.Fatalf("the summit should be one story, got %d:\n%s", len(lines), r.stdout)
	}
	var summit record.Story
	if err := json.Unmarshal([]byte(lines[0]), &summit); err != nil {
		t.Fatal(err)
	}
	if summit.Date != "2025-08-15" || summit.Sources != 2 || len(summit.Articles) != 3 || summit.Status != record.StatusCorroborated {
		t.Errorf("summit: %s, %d sources, %d articles, %s; want 2025-08-15, 2 (wire copy once), 3, corroborated", summit.Date, summit.Sources, len(summit.Articles), summit.Status)
	}

	// Text and Markdown views name the reports and their links.
	r = sitrep(t, nil, "", "--db", db, "timeline", "--actor", "RUS")
	if r.code != 0 || !strings.Contains(r.stdout, "corroborated, 2 independent sources") || !strings.Contains(r.stdout, "https://wire.example/anchorage") {
		t.Errorf("timeline text:\n%s%s", r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", "--db", db, "timeline", "--md", "--dyad", "USA:RUS", "--both")
	if r.code != 0 || !strings.Contains(r.stdout, "# Timeline: USA ↔ RUS") || !strings.Contains(r.stdout, "](https://courier.example/putin-alaska)") {
		t.Errorf("timeline --md:\n%s%s", r.stdout, r.stderr)
	}

	r = sitrep(t, nil, "", "--db", db, "story", summit.ID)
	if r.code != 0 || !strings.Contains(r.stdout, "Pacific Courier") || !strings.Contains(r.stdout, "events: ") {
		t.Errorf("story:\n%s%s", r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", "--db", db, "story", "--json", summit.ID)
	var whole record.Story
	if err := json.Unmarshal([]byte(r.stdout), &whole); err != nil || len(whole.EventIDs) != summit.Reports {
		t.Errorf("story --json: %v, %d events for %d reports", err, len(whole.EventIDs), summit.Reports)
	}

	// restory gives the same stories.
	before := sitrep(t, nil, "", "--db", db, "timeline", "--json").stdout
	if r = sitrep(t, nil, "", "--db", db, "restory"); r.code != 0 || !strings.Contains(r.stdout, "stories") {
		t.Fatalf("restory: %d %s %s", r.code, r.stdout, r.stderr)
	}
	after := sitrep(t, nil, "", "--db", db, "timeline", "--json").stdout
	if stripTimes(before) != stripTimes(after) {
		t.Errorf("restory changed the stories:\n%s\n%s", before, after)
	}
}

// stripTimes drops updated_at, which a rebuild sets anew.
func stripTimes(jsonl string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var s record.Story
		json.Unmarshal([]byte(l), &s)
		s.UpdatedAt = s.FirstSeen
		b, _ := json.Marshal(s)
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

func TestStoryCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"timeline", "--dyad", "USA-RUS"}, 2, "--dyad"},
		{[]string{"timeline", "--actor", "russia"}, 2, "--actor"},
		{[]string{"timeline", "--both"}, 2, "--both needs --dyad"},
		{[]string{"timeline", "--from", "15/09/2015"}, 2, "--from"},
		{[]string{"timeline", "--code", "4x"}, 2, "--code"},
		{[]string{"timeline", "--status", "confirmed"}, 2, "--status"},
		{[]string{"timeline", "--json", "--md"}, 2, "choose one"},
		{[]string{"story", "nope"}, 1, `no story "nope"`},
		{[]string{"story"}, 2, ""},
	} {
		r := sitrep(t, nil, "", append([]string{"--db", db}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("sitrep %v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	if r := sitrep(t, nil, "", "--db", db, "timeline"); r.code != 0 || !strings.Contains(r.stdout, "no stories match") {
		t.Errorf("empty timeline: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
