package main_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestCodeCommand codes a thousand lines (several batches for the workers)
// and checks that every line is answered once, in input order, the same
// on one core as on several, and that a broken line is named and does
// not stop the rest.
func TestCodeCommand(t *testing.T) {
	sentences := []string{
		"Russian forces shelled Kherson on Monday.",
		"Vladimir Putin met Donald Trump in Anchorage on Friday.",
		"The Kremlin criticized Washington over new sanctions.",
		"China called on Russia and Ukraine to resume talks.",
		"Japan bought Canadian rapeseed.",
	}
	var in strings.Builder
	const lines = 1000
	for i := 0; i < lines; i++ {
		if i == 777 {
			in.WriteString("{\"id\": \"broken\n")
			continue
		}
		fmt.Fprintf(&in, `{"id":"s%d","date":"2025-08-1%d","text":%q}`+"\n", i, i%10, sentences[i%len(sentences)])
	}
	one := sitrep(t, []string{"GOMAXPROCS=1"}, in.String(), "code", "--json")
	many := sitrep(t, []string{"GOMAXPROCS=4"}, in.String(), "code", "--json")
	for _, r := range []result{one, many} {
		if r.code == 0 || !strings.Contains(r.stderr, "-:778: not a JSON object") {
			t.Fatalf("a broken line: exit %d, stderr %q; want a non-zero exit naming -:778", r.code, r.stderr)
		}
	}
	if one.stdout != many.stdout {
		t.Fatal("coding on four cores gave other output than on one")
	}
	out := strings.Split(strings.TrimSpace(one.stdout), "\n")
	if len(out) != lines-1 {
		t.Fatalf("%d output lines for %d good input lines", len(out), lines-1)
	}
	k := 0
	for i := 0; i < lines; i++ {
		if i == 777 {
			continue
		}
		var got struct {
			ID     string
			Events []struct{ CAMEO, Date string }
		}
		if err := json.Unmarshal([]byte(out[k]), &got); err != nil {
			t.Fatal(err)
		}
		k++
		if got.ID != fmt.Sprintf("s%d", i) {
			t.Fatalf("output line %d is for %s, want s%d (input order)", k, got.ID, i)
		}
		switch i % len(sentences) {
		case 0:
			// "on Monday": the Monday on or before the line's date.
			if len(got.Events) != 1 || got.Events[0].CAMEO != "194" || got.Events[0].Date > fmt.Sprintf("2025-08-1%d", i%10) {
				t.Fatalf("%s: %+v; want one 194 event dated by its line", got.ID, got.Events)
			}
		case 4:
			if len(got.Events) != 0 {
				t.Fatalf("%s (rapeseed): %+v; want no event", got.ID, got.Events)
			}
		}
	}
	// The readable table names the line and the code.
	r := sitrep(t, nil, "Russian forces shelled Kherson on Monday.\n", "code", "--date", "2025-08-13")
	if r.code != 0 || !strings.Contains(r.stdout, "194") || !strings.HasPrefix(strings.Split(r.stdout, "\n")[1], "1 ") {
		t.Fatalf("table: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
