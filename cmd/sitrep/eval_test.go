package main_test

import (
	"encoding/json"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
)

// evalJSON runs `sitrep eval` with --json and decodes the report.
func evalJSON(t *testing.T, args ...string) (checked int, skipped map[string]int, exact int) {
	t.Helper()
	r := sitrep(t, nil, "", append([]string{"eval", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("eval %v: exit %d: %s", args, r.code, r.stderr)
	}
	var rep struct {
		Checked int            `json:"checked"`
		Skipped map[string]int `json:"skipped"`
		Exact   int            `json:"exact"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("eval %v: %v\n%s", args, err, r.stdout)
	}
	return rep.Checked, rep.Skipped, rep.Exact
}

// The parts of --part K/N split the checked records without overlap, the
// complement !K/N holds the rest, and the same part is the same on every
// run; a malformed spec is a usage error.
func TestEvalPart(t *testing.T) {
	suite := shared.Path(t, "eventcoding/tabari/Validate.text")
	all, _, allExact := evalJSON(t, suite)
	sum, sumExact := 0, 0
	for _, k := range []string{"1/3", "2/3", "3/3"} {
		n, skipped, exact := evalJSON(t, suite, "--part", k)
		if n == 0 || n == all {
			t.Errorf("--part %s checked %d of %d records", k, n, all)
		}
		if skipped["other-part"] != all-n {
			t.Errorf("--part %s: other-part %d, want %d", k, skipped["other-part"], all-n)
		}
		rest, _, restExact := evalJSON(t, suite, "--part", "!"+k)
		if n+rest != all || exact+restExact != allExact {
			t.Errorf("--part %s and !%s: %d+%d records (%d+%d exact), want %d (%d)", k, k, n, rest, exact, restExact, all, allExact)
		}
		again, _, againExact := evalJSON(t, suite, "--part", k)
		if again != n || againExact != exact {
			t.Errorf("--part %s differs between runs: %d/%d then %d/%d", k, exact, n, againExact, again)
		}
		sum += n
		sumExact += exact
	}
	if sum != all || sumExact != allExact {
		t.Errorf("parts hold %d records (%d exact), the suite %d (%d)", sum, sumExact, all, allExact)
	}
	for _, bad := range []string{"0/3", "4/3", "1/1", "x", "1/3/5", "!"} {
		if r := sitrep(t, nil, "", "eval", suite, "--part", bad); r.code != 2 {
			t.Errorf("--part %q: exit %d, want 2 (%s)", bad, r.code, r.stderr)
		}
	}
}
