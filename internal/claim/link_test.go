package claim

import (
	"testing"

	"github.com/sitrep/sitrep/internal/record"
)

func TestMatch(t *testing.T) {
	putin := &record.Actor{Code: "RUSGOV", Name: "Vladimir Putin", Text: "Putin"}
	putin2 := &record.Actor{Code: "RUSGOV", Name: "Vladimir Putin", Text: "the Russian president"}
	peskov := &record.Actor{Code: "RUSGOV", Name: "Dmitry Peskov", Text: "Peskov"}
	times := &record.Actor{Code: "USAMED", Name: "New York Times"}
	claim := func(sp *record.Actor, txt string) record.Claim { return record.Claim{Speaker: sp, Text: txt} }

	reported := claim(times, "Russia has moved nuclear missiles to Belarus")
	again := claim(times, "Russia moved its nuclear missiles to Belarus last month")
	denial := claim(peskov, "Russia had moved nuclear missiles to Belarus")
	other := claim(peskov, "the grain deal will not be extended")
	sameSpeaker := claim(putin, "the sanctions against Russia have failed")
	sameSpeaker2 := claim(putin2, "Western sanctions against Russia failed")

	for _, c := range []struct {
		name     string
		a, b     record.Claim
		min, max float64
	}{
		{"same claim reported again", reported, again, SameClaim, 1},
		{"same speaker, same claim", sameSpeaker, sameSpeaker2, SameClaim, 1},
		{"denial of the claim", denial, reported, DenialLink, 1},
		{"unrelated", other, reported, 0, DenialLink - 0.01},
		{"unrelated, same speaker", other, denial, 0, DenialLink - 0.01},
		{"empty", record.Claim{}, record.Claim{}, 0, 0},
	} {
		got := Match(c.a, c.b)
		t.Logf("%s: %.3f", c.name, got)
		if got < c.min || got > c.max {
			t.Errorf("%s: Match = %.3f, want in [%.2f, %.2f]", c.name, got, c.min, c.max)
		}
		if back := Match(c.b, c.a); back != got {
			t.Errorf("%s: Match is not symmetric: %.3f and %.3f", c.name, got, back)
		}
	}
}

func TestContentWords(t *testing.T) {
	got := contentWords("The Kremlin said that the reports were pure fiction, and Russia's troops stayed.")
	want := []string{"kremlin", "report", "russia", "stayed", "troop"}
	if len(got) != len(want) {
		t.Fatalf("contentWords = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("contentWords = %q, want %q", got, want)
		}
	}
}
