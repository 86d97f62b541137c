package main_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

func docTestdata(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "internal", "doc", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantPlanCells is the stance matrix the test articles give for the test
// plan, latest positions on the points of its third version.
var wantPlanCells = []string{
	"10 UKR conditional 2025-12-01",
	"13 RUS supports 2025-12-03",
	"14 DEU supports 2025-11-27",
	"14 EU supports 2025-12-05",
	"20 RUS demands_change 2025-12-03",
	"20 UKR rejects 2025-11-24",
	"5 UKR supports 2025-11-24",
	"5 USA supports 2025-12-06",
	"6 RUS demands_change 2025-11-25",
	"6 UKR rejects 2025-11-21",
	"7 POL conditional 2025-11-26",
	"7 RUS supports 2025-11-21",
	"whole EU conditional 2025-11-22",
	"whole RUS rejects 2025-11-25",
	"whole UKR rejects 2025-11-21",
	"whole USA supports 2025-11-22",
}

func TestDocCommandsSQLite(t *testing.T) {
	testDocCommands(t, []string{"SITREP_DB=" + filepath.Join(t.TempDir(), "sitrep.db")})
}

func TestDocCommandsPostgres(t *testing.T) {
	testDocCommands(t, []string{"SITREP_DSN=" + pgtest.Schema(t)})
}

func testDocCommands(t *testing.T, env []string) {
	run := func(args ...string) result {
		t.Helper()
		return sitrep(t, env, "", args...)
	}
	ok := func(r result, what string) {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", what, r.code, r.stdout, r.stderr)
		}
	}
	ok(run("ingest", docTestdata(t, "articles.jsonl")), "ingest")
	r := run("doc", "add", docTestdata(t, "plan-v1.txt"), "--name", "peace-plan", "--date", "2025-11-20", "--alias", "28-point plan", "--alias", "peace plan")
	ok(r, "doc add v1")
	if !strings.Contains(r.stdout, "stored peace-plan v1 (2025-11-20, text): 28 points (3 sub-points), 2 paragraphs, 0 sections") {
		t.Errorf("doc add v1 said:\n%s", r.stdout)
	}
	r = run("doc", "add", docTestdata(t, "plan-v2.md"), "--name", "peace-plan", "--date", "2025-11-23")
	ok(r, "doc add v2")
	if !strings.Contains(r.stdout, "against v1: 8 reworded, 1 added, 3 removed, 1 merged, 1 split, 1 moved, 8 renumbered, 19 unchanged") {
		t.Errorf("doc add v2 said:\n%s", r.stdout)
	}

	// The third version comes from a web server: refused on a private
	// address unless allowed, as for sitrep fetch.
	page, err := os.ReadFile(docTestdata(t, "plan-v3.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	r = run("doc", "add", srv.URL+"/plan", "--name", "peace-plan", "--version", "florida", "--date", "2025-12-02")
	if r.code != 1 || !strings.Contains(r.stderr, srv.URL) {
		t.Errorf("private address: exit %d, %s", r.code, r.stderr)
	}
	ok(run("doc", "add", srv.URL+"/plan", "--name", "peace-plan", "--version", "florida", "--date", "2025-12-02", "--allow-private"), "doc add URL")

	// Bad input: clear errors, nothing stored lost.
	bin := filepath.Join(t.TempDir(), "plan.bin")
	os.WriteFile(bin, []byte("PK\x03\x04\x00\x00binary"), 0o644)
	if r = run("doc", "add", bin, "--name", "peace-plan"); r.code != 1 || !strings.Contains(r.stderr, bin) {
		t.Errorf("binary file: exit %d, %s", r.code, r.stderr)
	}
	if r = run("doc", "add", docTestdata(t, "plan-v1.txt")); r.code != 2 || !strings.Contains(r.stderr, "--name") {
		t.Errorf("no --name: exit %d, %s", r.code, r.stderr)
	}
	if r = run("doc", "add", docTestdata(t, "plan-v1.txt"), "--name", "x", "--date", "20.11.2025"); r.code != 2 {
		t.Errorf("bad --date: exit %d, %s", r.code, r.stderr)
	}
	r = run("doc", "list", "--json")
	ok(r, "doc list")
	var info struct {
		Name     string   `json:"name"`
		Versions []string `json:"versions"`
		Aliases  []string `json:"aliases"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || info.Name != "peace-plan" ||
		!reflect.DeepEqual(info.Versions, []string{"v1", "v2", "florida"}) || !reflect.DeepEqual(info.Aliases, []string{"28-point plan", "peace plan"}) {
		t.Errorf("doc list: %+v (%v) from %s", info, err, r.stdout)
	}

	// The diff, as JSON and as text.
	r = run("doc", "diff", "peace-plan", "v1", "v2", "--json")
	ok(r, "doc diff --json")
	var diff struct {
		Summary map[string]int `json:"summary"`
		Changes []struct {
			Kind string `json:"kind"`
			Old  []struct {
				ID string `json:"id"`
			} `json:"old"`
			New []struct {
				ID string `json:"id"`
			} `json:"new"`
		} `json:"changes"`
		Terms []struct {
			Phrase string `json:"phrase"`
		} `json:"terms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &diff); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"added": 1, "merged": 1, "moved": 1, "removed": 3, "renumbered": 8, "reworded": 8, "split": 1, "unchanged": 19}; !reflect.DeepEqual(diff.Summary, want) {
		t.Errorf("diff summary %v, want %v", diff.Summary, want)
	}
	r = run("doc", "diff", "peace-plan")
	ok(r, "doc diff")
	for _, want := range []string{"peace-plan: v2 (2025-11-23", "→ florida (2025-12-02", "reworded 21 → 20 (renumbered, 48% alike)",
		"removed 16", "added 24", "term shifts"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doc diff lacks %q:\n%s", want, r.stdout)
		}
	}
	if r = run("doc", "diff", "peace-plan", "v1", "v9"); r.code != 2 || !strings.Contains(r.stderr, "versions: v1, v2, florida") {
		t.Errorf("unknown version: exit %d, %s", r.code, r.stderr)
	}
	if r = run("doc", "diff", "nothing"); r.code != 1 || !strings.Contains(r.stderr, "nothing") {
		t.Errorf("unknown document: exit %d, %s", r.code, r.stderr)
	}

	// The stance matrix and the history.
	r = run("doc", "stances", "peace-plan", "--json")
	ok(r, "doc stances")
	var m struct {
		Version string   `json:"version"`
		Parties []string `json:"parties"`
		Rows    []struct {
			Point string `json:"point"`
			ID    string `json:"id"`
			Cells map[string]struct {
				Position string `json:"position"`
				Date     string `json:"date"`
				Evidence string `json:"evidence"`
			} `json:"cells"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range m.Rows {
		name := row.ID
		if row.Point == "" {
			name = "whole"
		}
		for p, c := range row.Cells {
			got = append(got, name+" "+p+" "+c.Position+" "+c.Date)
		}
	}
	sort.Strings(got)
	if m.Version != "florida" || !reflect.DeepEqual(got, wantPlanCells) {
		t.Errorf("stances (%s):\n got %q\nwant %q", m.Version, got, wantPlanCells)
	}
	r = run("doc", "stances", "peace-plan", "--actor", "eu", "--history")
	ok(r, "doc stances --history")
	for _, want := range []string{"EU on 14", "2025-11-22 demands change", "* 2025-12-05 supports", "EU leaders demanded changes to the provision on frozen Russian assets"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("history lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run("doc", "stances", "peace-plan", "--as-of", "2025-11-22")
	ok(r, "doc stances --as-of")
	if !strings.Contains(r.stdout, "points of v1") || !strings.Contains(r.stdout, "21     -") && !strings.Contains(r.stdout, "rejects 2025-11-21") {
		t.Errorf("as of 2025-11-22:\n%s", r.stdout)
	}
	if r = run("doc", "stances", "peace-plan", "--as-of", "yesterday"); r.code != 2 {
		t.Errorf("bad --as-of: exit %d", r.code)
	}
	ok(run("doc", "remove", "peace-plan", "--version", "florida"), "doc remove --version")
	r = run("doc", "stances", "peace-plan", "--json")
	ok(r, "doc stances after removing a version")
	if !strings.Contains(r.stdout, `"version":"v2"`) {
		t.Errorf("after removing florida the rows should be v2's: %.200s", r.stdout)
	}
}
