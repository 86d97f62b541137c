package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

var bin string

// TestMain builds the real binary, pure Go (CGO_ENABLED=0), and the tests
// run it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sitrep-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "sitrep")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic("build sitrep: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func sitrep(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	r := sitrep(t, nil, "", "demo", "--dir", dir)
	if r.code != 0 {
		t.Fatalf("demo exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"read 14, stored 13, duplicates 1, failed 0", "07-alaska-republished.md repeats", "[New START]", "US sanctions Russia's two largest oil companies"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, r.stdout)
		}
	}
	// The demo leaves a database the other commands read.
	db := filepath.Join(dir, "sitrep.db")
	r = sitrep(t, nil, "", "--db", db, "search", "--json", "Zelensky")
	if r.code != 0 || strings.Count(r.stdout, "\n") < 5 {
		t.Errorf("search the demo db: exit %d, %q %s", r.code, r.stdout, r.stderr)
	}
	// Running it again starts fresh and prints the same.
	again := sitrep(t, nil, "", "demo", "--dir", dir)
	first := sitrep(t, nil, "", "demo", "--dir", dir)
	if again.stdout != first.stdout {
		t.Error("demo output differs between runs")
	}
}

func TestIngestListShowSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	env := []string{"SITREP_DB=" + db}
	r := sitrep(t, env, "Istanbul talks\n\nRussian and Ukrainian delegations met in Istanbul on Friday.\n", "ingest", "--json", "--date", "2025-05-16", "--source", "Desk", "-")
	var sum struct {
		Read, Stored int
		Links        map[string]int `json:"links"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &sum) != nil || sum.Stored != 1 || sum.Read != 1 || sum.Links == nil {
		t.Fatalf("ingest stdin: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "articles", "--json", "--since", "2025-05-01", "--source", "Desk")
	var art map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &art) != nil || art["title"] != "Istanbul talks" || art["date"] != "2025-05-16" {
		t.Fatalf("articles --json: %q %s", r.stdout, r.stderr)
	}
	id := art["id"].(string)
	r = sitrep(t, env, "", "show", "--json", id)
	var shown struct {
		Article   map[string]any `json:"article"`
		Events    []any          `json:"events"`
		Claims    []any          `json:"claims"`
		Deadlines []any          `json:"deadlines"`
		Facts     []any          `json:"facts"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &shown) != nil || shown.Article["id"] != id || shown.Events == nil || shown.Facts == nil {
		t.Errorf("show --json: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "show", id)
	if r.code != 0 || !strings.Contains(r.stdout, "Russian and Ukrainian delegations") || !strings.Contains(r.stdout, "Desk") {
		t.Errorf("show: %q", r.stdout)
	}
	r = sitrep(t, env, "", "search", "delegations", "istanbul")
	if r.code != 0 || !strings.Contains(r.stdout, "Istanbul talks") || !strings.Contains(r.stdout, "[delegations]") {
		t.Errorf("search: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "show", "ffffffffffffffff")
	if r.code != 1 || !strings.Contains(r.stderr, "no article with id ffffffffffffffff") {
		t.Errorf("show missing: exit %d %q", r.code, r.stderr)
	}
}

// A bad file is named with its reason, the rest still goes in, and the exit
// code says something failed.
func TestIngestBadFileExitCode(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("# Good\n\nA readable article."), 0o644)
	os.WriteFile(filepath.Join(dir, "junk.bin"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 500), 0o644)
	db := filepath.Join(t.TempDir(), "s.db")
	r := sitrep(t, nil, "", "--db", db, "ingest", "-q", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "junk.bin: binary data") || !strings.Contains(r.stdout, "read 2, stored 1, duplicates 0, failed 1") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", "--db", db, "articles")
	if !strings.Contains(r.stdout, "Good") {
		t.Errorf("the good file was lost: %q", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	db := "--db=" + filepath.Join(t.TempDir(), "s.db")
	for _, args := range [][]string{
		{"ingest"},
		{"nosuchcommand"},
		{"ingest", "--date", "2025-13-01", "x"},
		{"articles", "--since", "yesterday-ish"},
		{"search"},
		{"search", "-treaty"},
		{"show"},
		{"articles", "--bogus-flag"},
	} {
		r := sitrep(t, nil, "", append([]string{db}, args...)...)
		if r.code != 2 || r.stderr == "" {
			t.Errorf("sitrep %v: exit %d, stderr %q; want 2 and a message", args, r.code, r.stderr)
		}
	}
}

func TestConfigFileAndPrecedence(t *testing.T) {
	dir := t.TempDir()
	fileDB, envDB := filepath.Join(dir, "file.db"), filepath.Join(dir, "env.db")
	conf := filepath.Join(dir, "sitrep.conf")
	os.WriteFile(conf, []byte("db = "+fileDB+"\n"), 0o644)
	sitrep(t, nil, "A\n\nstored via the config file", "--config", conf, "ingest", "-")
	if _, err := os.Stat(fileDB); err != nil {
		t.Errorf("config file db not used: %v", err)
	}
	sitrep(t, []string{"SITREP_DB=" + envDB}, "B\n\nstored via the environment", "--config", conf, "ingest", "-")
	if _, err := os.Stat(envDB); err != nil {
		t.Errorf("env should beat the file: %v", err)
	}
	r := sitrep(t, nil, "", "--config", filepath.Join(dir, "missing.conf"), "articles")
	if r.code != 1 || !strings.Contains(r.stderr, "missing.conf") {
		t.Errorf("missing config: exit %d %q", r.code, r.stderr)
	}
}

func TestPostgresThroughCLI(t *testing.T) {
	dsn := pgtest.Schema(t)
	path := shared.Path(t, "corpora/news/reportedly_2015-09.jsonl")
	r := sitrep(t, []string{"SITREP_DSN=" + dsn}, "", "ingest", "--json", path)
	if r.code != 0 || !strings.Contains(r.stdout, `"stored":46`) {
		t.Fatalf("ingest into postgres: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", "--dsn", dsn, "search", "refugees")
	if r.code != 0 || !strings.Contains(r.stdout, " 1. ") {
		t.Errorf("search on postgres: %q %s", r.stdout, r.stderr)
	}
}
