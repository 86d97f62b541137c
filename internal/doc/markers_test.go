package doc

import "testing"

func TestRoman(t *testing.T) {
	for s, want := range map[string]int{"i": 1, "iv": 4, "ix": 9, "xiv": 14, "XXVIII": 28, "IV": 4} {
		if got, ok := romanValue(s); !ok || got != want {
			t.Errorf("romanValue(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"iiii", "vx", "Iv", "", "abc", "il"} {
		if _, ok := romanValue(s); ok {
			t.Errorf("romanValue(%q) accepted", s)
		}
	}
}
