package watch_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/watch"
)

func TestParseRuleRoundTrip(t *testing.T) {
	for in, want := range map[string]string{
		"deadline due within 14d involving RUS,USA":                              "deadline due within 14d involving RUS,USA",
		"Deadline passed involving rus status missed, unknown":                   "deadline passed involving RUS status missed,unknown",
		"event dyad USA-RUS root 4 status corroborated":                          "event dyad USA-RUS root 04 status corroborated",
		"event actor RUS and quad 4 and goldstein<=-5 within 3d":                 "event within 3d actor RUS quad 4 goldstein <= -5",
		`event keyword "peace \"plan\"" sources >= 2`:                            `event keyword "peace \"plan\"" sources >= 2`,
		"tone USA-RUS shift by week down beyond 2.5sd window 12":                 "tone USA-RUS by week down beyond 2.5sd window 12",
		"claim denial by RUS":                                                    "claim denial by RUS",
		"claim about USA-UKR within 2d for 30m":                                  "claim about USA-UKR within 2d for 30m",
		"market BRENT beyond 2sd within 3d of event actor RUS root 16 for 1h":    "market BRENT beyond 2sd within 3d of event actor RUS root 16 for 1h",
		"market IMOEX after stories from RUS to UKR cameo 190,195 status single": "market IMOEX of event source RUS target UKR cameo 190,195 status single-source",
		"event dyad usa–rus cameo 042":                                           "event dyad USA-RUS cameo 042",
	} {
		s, err := watch.ParseRule(in)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", in, err)
			continue
		}
		if got := s.String(); got != want {
			t.Errorf("ParseRule(%q).String() = %q, want %q", in, got, want)
		}
		again, err := watch.ParseRule(s.String())
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Errorf("%q does not round-trip: %+v vs %+v (%v)", s.String(), again, s, err)
		}
	}
	s, _ := watch.ParseRule("event actor RUS for 2h")
	if s.For != 2*time.Hour {
		t.Errorf("for: %v", s.For)
	}
}

func TestParseRuleErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "rule kind",
		"alarm USA":                           "unknown rule kind",
		"deadline":                            `"due" or "passed"`,
		"deadline due involving RUS":          "needs a span",
		"deadline due within 3x":              "unknown unit",
		"deadline due within 3d status met":   "status applies to passed",
		"event":                               "matches every story",
		"event root 25":                       "want 01 to 20",
		"event quad 5":                        "quad",
		"event goldstein < -11":               "-10 to +10",
		"event actor R$S":                     "not a country or actor code",
		"event status rumoured":               "story status",
		`event keyword "open`:                 "no closing",
		"event actor RUS actor USA":           "given twice",
		"tone USA":                            "two codes",
		"tone USA-RUS window 1":               "from 2 to 520",
		"claim":                               "matches every claim",
		"claim involving RUS":                 "does not apply",
		"market BRENT beyond 2sd":             "needs the stories",
		"market BRENT of event actor RUS foo": "not a story clause",
	} {
		_, err := watch.ParseRule(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRule(%q) = %v, want an error with %q", in, err, want)
		}
	}
}

// FuzzParseRule: no input panics, and whatever parses prints as text that
// parses to the same rule and prints the same.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"deadline due within 14d involving RUS,USA kind expiry about \"New START\"",
		"deadline passed within 30d status missed",
		"event dyad USA-RUS root 04 status corroborated goldstein >= 1 sources >= 2 keyword summit",
		"tone USA-RUS by month up beyond 3sd window 6 metric sum one-way within 30d",
		"claim denial by RUS about RUS-UKR keyword \"drone\"",
		"market BRENT beyond 2sd within 3d of event actor RUS root 16 for 1h",
		"event actor \"x\\\"y\"", "event <=>=,,", "tone A-B-C", "event cameo 0420",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := watch.ParseRule(in)
		if err != nil {
			return
		}
		text := s.String()
		again, err := watch.ParseRule(text)
		if err != nil {
			t.Fatalf("%q parsed, but its text %q does not: %v", in, text, err)
		}
		if !reflect.DeepEqual(again, s) || again.String() != text {
			t.Fatalf("%q: %q reparses as %q", in, text, again.String())
		}
	})
}

func TestLoadFile(t *testing.T) {
	env := map[string]string{"HOOK": "https://hooks.example.org/x", "SECRET": "abc"}
	f, err := watch.LoadFile(strings.NewReader(`
rules:
  - name: new-start
    rule: deadline due within 30d involving USA,RUS
    for: 1h
  - name: consultations
    kind: event
    dyad: USA-RUS
    root: ["04"]
    status: corroborated
    keyword: peace plan
  - name: hostile
    kind: tone
    dyad: USA-RUS
    by: week
    change: down
  - name: brent
    kind: market
    series: BRENT
    beyond: 2sd
    of: {actor: RUS, root: "16"}
  - name: deny
    kind: claim
    denial: true
    by: [RUS, BLR]
sinks:
  - name: ops
    webhook: ${HOOK}
    secret: ${SECRET}
`), "rules.yaml", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Rules {
		got = append(got, r.Name+": "+r.Spec.String())
	}
	want := []string{
		"new-start: deadline due within 30d involving USA,RUS for 1h",
		`consultations: event dyad USA-RUS root 04 status corroborated keyword "peace plan"`,
		"hostile: tone USA-RUS by week down",
		"brent: market BRENT beyond 2sd of event actor RUS root 16",
		"deny: claim denial by RUS,BLR",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules\n got %q\nwant %q", got, want)
	}
	if len(f.Sinks) != 1 || f.Sinks[0].URL != env["HOOK"] || f.Sinks[0].Secret != "abc" {
		t.Errorf("sinks %+v", f.Sinks)
	}
	for in, want := range map[string]string{
		"rules:\n  - name: a\n    rule: event\n":                                               "rules.yaml:2: rule a: event rule matches every story",
		"rules:\n  - name: a\n    rule: event actor X1\n  - name: a\n    rule: claim denial\n": "already defined on line 2",
		"rulez: []\n": `unknown key "rulez"`,
		"sinks:\n  - name: s\n    webhook: ${NOPE}\n":          "${NOPE} not set",
		"rules:\n  - name: bad name\n    rule: claim denial\n": "name \"bad name\"",
		"rules: [\n": "rules.yaml",
	} {
		_, err := watch.LoadFile(strings.NewReader(in), "rules.yaml", func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadFile(%q) = %v, want %q", in, err, want)
		}
	}
}
