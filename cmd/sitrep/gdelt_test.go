package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

// sortedRows returns a TSV text's rows, sorted.
func sortedRows(text string) []string {
	rows := strings.Split(strings.TrimRight(text, "\r\n"), "\n")
	for i := range rows {
		rows[i] = strings.TrimSuffix(rows[i], "\r")
	}
	sort.Strings(rows)
	return rows
}

func testGDELTThroughCLI(t *testing.T, env []string) {
	path := shared.Path(t, "corpora/gdelt/20191024143000.export.CSV")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := sitrep(t, env, "", "import-gdelt", "--json", path)
	var sum map[string]int
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &sum) != nil || sum["read"] != 2111 || sum["stored"] != 2111 || sum["failed"] != 0 {
		t.Fatalf("import-gdelt: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "export-gdelt")
	if r.code != 0 {
		t.Fatalf("export-gdelt: exit %d %s", r.code, r.stderr)
	}
	got, want := sortedRows(r.stdout), sortedRows(string(orig))
	if len(got) != len(want) {
		t.Fatalf("exported %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("exported row differs from the original:\n got %q\nwant %q", got[i], want[i])
		}
	}
	r = sitrep(t, env, string(orig), "import-gdelt", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "read 2111, stored 0, duplicates 2111, failed 0") {
		t.Errorf("re-import from stdin: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "export-gdelt", "--actor", "rus")
	if n := strings.Count(r.stdout, "\n"); r.code != 0 || n != 91 {
		t.Errorf("--actor rus: exit %d, %d rows, want 91", r.code, n)
	}
	r = sitrep(t, env, "", "export-gdelt", "--header", "--dyad", "USA:RUS", "--root", "04", "--from", "2019-10-01", "--to", "2019-10-31")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || !strings.HasPrefix(lines[0], "GLOBALEVENTID\tSQLDATE\t") {
		t.Fatalf("--header --dyad: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 61 || f[7] != "USA" || f[17] != "RUS" || f[28] != "04" || f[1] < "20191001" || f[1] > "20191031" {
			t.Errorf("row outside the filters: %q", l)
		}
	}
}

// The real binary imports the 2,111-row GDELT export and writes it back
// row for row, on SQLite and on PostgreSQL.
func TestGDELTThroughCLISQLite(t *testing.T) {
	testGDELTThroughCLI(t, []string{"SITREP_DB=" + filepath.Join(t.TempDir(), "s.db")})
}

func TestGDELTThroughCLIPostgres(t *testing.T) {
	testGDELTThroughCLI(t, []string{"SITREP_DSN=" + pgtest.Schema(t)})
}

// Bad rows are named FILE:LINE with their column on stderr, the good ones
// are stored, and the exit code is 1.
func TestImportGDELTBadRowsCLI(t *testing.T) {
	path := shared.Path(t, "corpora/gdelt/20191024143000.export.CSV")
	orig, _ := os.ReadFile(path)
	rows := strings.SplitN(string(orig), "\n", 4)[:3]
	f := strings.Split(rows[1], "\t")
	f[30] = "lots" // GoldsteinScale
	rows[1] = strings.Join(f, "\t")
	rows = append(rows, "just\tthree\tcolumns")
	bad := filepath.Join(t.TempDir(), "bad.CSV")
	os.WriteFile(bad, []byte(strings.Join(rows, "\n")+"\n"), 0o644)
	db := "--db=" + filepath.Join(t.TempDir(), "s.db")
	r := sitrep(t, nil, "", db, "import-gdelt", bad)
	if r.code != 1 || !strings.Contains(r.stdout, "read 4, stored 2, duplicates 0, failed 2") ||
		!strings.Contains(r.stderr, bad+`:2: column 31 (GoldsteinScale): "lots" is not a Goldstein value`) ||
		!strings.Contains(r.stderr, bad+":4: 3 columns, want 61") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, nil, "", db, "export-gdelt")
	if strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("want the 2 good rows exported, got %q", r.stdout)
	}
}

func TestGDELTUsageErrors(t *testing.T) {
	db := "--db=" + filepath.Join(t.TempDir(), "s.db")
	for _, args := range [][]string{
		{"import-gdelt"},
		{"export-gdelt", "--actor", "RUSSIA"},
		{"export-gdelt", "--dyad", "USA"},
		{"export-gdelt", "--dyad", "USA:R1S"},
		{"export-gdelt", "--root", "4"},
		{"export-gdelt", "--root", "21"},
		{"export-gdelt", "--from", "2019-10"},
		{"export-gdelt", "--to", "yesterday"},
		{"export-gdelt", "extra-arg"},
	} {
		r := sitrep(t, nil, "", append([]string{db}, args...)...)
		if r.code != 2 || r.stderr == "" {
			t.Errorf("sitrep %v: exit %d, stderr %q; want 2 and a message", args, r.code, r.stderr)
		}
	}
}
