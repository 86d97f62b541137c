package coder

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// TestContentRules checks the rules of content.go against the default
// dictionaries on current-news sentences, with the exact events wanted.
func TestContentRules(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		rule, sentence string
		want           []want
	}{
		// What a document or proposal says is not an event, nor is the
		// document named as the object of the event.
		{"content of a plan", "Germany said it will support a European Union plan that aims to impose a price cap on Russian oil.",
			[]want{{"DEU", "IGOEUREEC", "032", nil}}},
		{"content after by", "Poland demanded an admission by Moscow that Soviet forces killed thousands of Polish officers in 1940.",
			[]want{{"POL", "RUSGOV", "100", nil}}},
		{"object noun", "Ukraine rejected a Russian ultimatum to surrender Mariupol.",
			[]want{{"UKR", "RUS", "124", nil}}},
		// The purpose of a call or a meeting is the same meeting.
		// A telephone call is both sides' (as both gold standards code it).
		{"meeting purpose", "Antony Blinken telephoned Sergei Lavrov on Tuesday to discuss a ceasefire in Gaza.",
			[]want{{"USAGOV", "RUSGOV", "041", nil}, {"RUSGOV", "USAGOV", "041", nil}}},
		// Agreeing to a ceasefire is a commitment to de-escalate.
		{"agree to a ceasefire", "Armenia and Azerbaijan agreed to a ceasefire on Wednesday after two days of fighting.",
			[]want{{"ARM", "AZE", "0356", nil}, {"AZE", "ARM", "0356", nil}}},
		// Not content: a verb joined by "and" to a coded verb is its own event.
		{"not an object noun", "Ukraine condemned Russia and attacked Belgorod on Monday.",
			[]want{{"UKR", "RUS", "111", nil}, {"UKR", "RUS", "190", nil}}},
	}
	for _, tc := range cases {
		got := c.CodeSentence(tc.sentence, ref)
		var plain []record.Event
		for _, e := range got {
			if !e.Negated && !e.Conditional {
				plain = append(plain, e)
			}
		}
		ok := len(plain) == len(tc.want)
		for i := 0; ok && i < len(plain); i++ {
			e, w := plain[i], tc.want[i]
			ok = code(e.Source) == w.src && code(e.Target) == w.tgt && e.CAMEO == w.code
		}
		if !ok {
			t.Errorf("%s: %s\n  got %s", tc.rule, tc.sentence, summary(got))
		}
	}
}
