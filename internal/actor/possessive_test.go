package actor

import (
	"testing"
	"time"
)

// Sentences come tokenized with the possessive split off; a dictionary
// phrase with an inner possessive must still match, and "X-led" names X.
func TestPossessivePhrasesAndLed(t *testing.T) {
	m := DefaultMatcher()
	date := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		tokens []string
		code   string
	}{
		{[]string{"the", "Kurdistan", "Workers", "'", "Party", "attacked"}, "TURREB"},
		{[]string{"the", "People", "'s", "Liberation", "Army"}, "CHNMIL"},
		{[]string{"a", "Saudi-led", "coalition"}, "SAU"},
		{[]string{"the", "US-led", "coalition"}, "USA"},
		{[]string{"a", "strict", "Islamic", "state"}, ""},
		{[]string{"the", "Islamic", "State", "group"}, "IMGMOSISI"},
	}
	for _, tc := range cases {
		got := ""
		if ms := m.Match(tc.tokens, date); len(ms) > 0 {
			got = ms[0].Actor.Code
		}
		if got != tc.code {
			t.Errorf("%q: got %q, want %q", tc.tokens, got, tc.code)
		}
	}
}
