// Package shared locates the team's shared test material (../shared/data
// beside the repository) for tests and benchmarks. Where it is absent a test
// skips with a message, except under CI=true, where missing material fails.
package shared

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Root returns the shared/data directory, or "" when it cannot be found.
// SITREP_SHARED_DATA overrides the search.
func Root() string {
	if d := os.Getenv("SITREP_SHARED_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		// The repository root holds go.mod; shared/ sits beside it.
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(filepath.Dir(dir), "shared", "data")
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns the path of rel under shared/data. Where it is missing, the
// test is skipped, or failed when CI=true.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		missing(tb, "shared data directory (../shared/data beside the repository, or SITREP_SHARED_DATA)")
		return ""
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		missing(tb, p)
		return ""
	}
	return p
}

func missing(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("test material missing: %s (CI=true, so this must not skip)", what)
	}
	tb.Skipf("test material missing: %s; skipping (set CI=true to make this fail)", what)
}

// EachLine calls fn with every line of a shared data file (gunzipped when
// its name ends in .gz); a line may be up to 64 MiB. Test helpers use it
// to read the JSON Lines corpora.
func EachLine(tb testing.TB, rel string, fn func(line []byte)) {
	tb.Helper()
	p := Path(tb, rel)
	f, err := os.Open(p)
	if err != nil {
		tb.Fatalf("open %s: %v", p, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(rel, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		defer z.Close()
		r = z
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", p, err)
	}
}
