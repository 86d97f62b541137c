package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The demo store answers the questions its articles raise: who denied
// what, what falls due when, what the markets did.
func TestRecordsOfTheDemo(t *testing.T) {
	dir := t.TempDir()
	if r := sitrep(t, nil, "", "demo", "--dir", dir); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	db := "--db=" + filepath.Join(dir, "sitrep.db")
	r := sitrep(t, nil, "", db, "claims", "--actor", "RUS", "--kind", "deny", "--json")
	var c struct {
		Text    string `json:"text"`
		Denies  string `json:"denies"`
		Speaker struct {
			Name string `json:"name"`
		} `json:"speaker"`
	}
	if r.code != 0 || json.Unmarshal([]byte(strings.SplitN(r.stdout, "\n", 2)[0]), &c) != nil || c.Text != "pure fiction" || c.Denies == "" || c.Speaker.Name != "Dmitry Peskov" {
		t.Errorf("the Kremlin's denial: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", db, "deadlines", "--actor", "RUS")
	if r.code != 0 || !strings.Contains(r.stdout, "2026-02-05") || !strings.Contains(r.stdout, "expiry") {
		t.Errorf("New START deadline: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", db, "facts", "--kind", "market_move", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"value":6,"unit":"%","direction":"up"`) {
		t.Errorf("the 6%% jump: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", db, "deadlines", "--upcoming", "--past")
	if r.code != 2 {
		t.Errorf("--upcoming --past: exit %d", r.code)
	}
}

func TestExtractOneArticle(t *testing.T) {
	dir := t.TempDir()
	sitrep(t, nil, "", "demo", "--dir", dir)
	r := sitrep(t, nil, "", "extract", "--json", filepath.Join(dir, "examples", "12-secret-calls.md"))
	var x struct {
		Article map[string]any   `json:"article"`
		Events  []map[string]any `json:"events"`
		Claims  []struct {
			Stance string `json:"stance"`
			Denies string `json:"denies"`
		} `json:"claims"`
		Deadlines []any `json:"deadlines"`
		Facts     []any `json:"facts"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &x) != nil {
		t.Fatalf("extract --json: %q %s", r.stdout, r.stderr)
	}
	denials := 0
	for _, c := range x.Claims {
		if c.Stance == "deny" && c.Denies != "" {
			denials++
		}
	}
	if x.Article["title"] == nil || denials == 0 || x.Deadlines == nil || x.Facts == nil {
		t.Errorf("extraction: %+v", x)
	}
	// Without a date anywhere, the command says which date it assumed.
	r = sitrep(t, nil, "Talks\n\nRussia and Ukraine met on Friday.", "extract", "-")
	if r.code != 0 || !strings.Contains(r.stderr, "assuming today") {
		t.Errorf("undated extract: exit %d, stderr %q", r.code, r.stderr)
	}
	r = sitrep(t, nil, "", "extract", filepath.Join(dir, "no-such.md"))
	if r.code != 1 || !strings.Contains(r.stderr, "no-such.md") {
		t.Errorf("missing file: exit %d %q", r.code, r.stderr)
	}
}
