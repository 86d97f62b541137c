package coder

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// TestNewsRules checks the clause and actor rules for real news against the
// default dictionaries: each sentence is a real news sentence (names and
// places kept) with the events a news coder should record, exactly.
func TestNewsRules(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		rule, sentence string
		want           []want
	}{
		// A threat with its condition is a threat made; only the
		// "if"/"unless" clause itself, or a modal, is conditional.
		{"condition clause", "Iran threatened to launch a new military offensive against Iraq unless Baghdad accepted its conditions.",
			[]want{{"IRN", "IRQ", "138", nil}}},
		// "…, but was still refusing": the main clause's subject.
		{"coordinated verb", "Benin opened its borders to Nigeria, but was still refusing admittance to Ghanaians.",
			[]want{{"BEN", "NGA", "081", nil}, {"BEN", "GHA", "120", nil}}},
		// A relative clause about a noun is not the actor before it.
		{"relative clause of a noun", "Hungary said it will back a U.N. Security Council resolution that aims to impose a naval blockade against Serbia.", nil},
		// "whom authorities blame": the refugees are the object.
		{"whom", "Security forces in Guinea have tortured scores of Liberian refugees, whom authorities blame for a border conflict.",
			[]want{{"GINCOP", "LBRREF", "1822", nil}}},
		// A word after a possessive is a noun.
		{"possessive noun", "South Korea rejected North Korea's demand to sever its alliance with Washington.",
			[]want{{"KOR", "PRK", "124", nil}}},
		// An agent in a country is that country's; the capital names
		// the country, not its government; a protest by a country's own
		// people with no other target is against their state.
		{"agent in a place", "Rebels in the Ivory Coast blocked transport into Abidjan.",
			[]want{{"CIVREB", "CIV", "144", nil}}},
		{"agent in a capital", "Demonstrators in Baghdad blocked a road on Tuesday.",
			[]want{{"IRQCVL", "IRQ", "144", nil}}},
		// A people named by its demonym; "the city of Kirkuk" is a place.
		{"people by demonym", "Young Algerians blocked roads leading to the city centre on Sunday.",
			[]want{{"DZA", "DZA", "144", nil}}},
		{"demonym before a plural", "Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk on Sunday.",
			[]want{{"IRQ", "IRQ", "141", nil}}},
		// What a protest is for is its content, and one protest per
		// pair of countries; the body it is staged at is its target.
		{"protest purpose", "Algerian landowners began a hunger strike outside Parliament to demand the return of their property.",
			[]want{{"DZACVL", "DZALEG", "142", nil}}},
		// Troops arriving are not on a visit.
		{"troops arrive", "A first group of Bangladeshi peacekeeping troops arrived in Sierra Leone on Tuesday.", nil},
		// A bare agent takes the sentence's one country, and none when
		// two are in view.
		{"bare agent, two countries", "Protesters attacked the US embassy in Baghdad.", nil},
		{"bare agent, one country", "Police in Cairo arrested dozens of Islamists on Friday.",
			[]want{{"EGYCOP", "EGYREL", "173", nil}}},
		// A third-person form after a subordinator is a noun, and a
		// clause with its own subject is no actor's.
		{"own subject", "Syrian officers ended mediation efforts in Beirut as shells continued crashing into the port.", nil},
		// Light verbs with event nouns.
		{"mount an invasion", "Israel today mounted its invasion of South Lebanon.",
			[]want{{"ISR", "LBN", "190", nil}}},
		{"force out", "The Israeli army forced out more than 1,000 Palestinian refugees from their homes.",
			[]want{{"ISRMIL", "PSEREF", "174", nil}}},
	}
	for _, tc := range cases {
		got := c.CodeSentence(tc.sentence, ref)
		n := 0
		for _, e := range got {
			if e.Negated || e.Conditional {
				continue // flags are checked in TestEngine
			}
			if n >= len(tc.want) {
				t.Errorf("%s: %s\n  extra event %s", tc.rule, tc.sentence, summary(got))
				break
			}
			w := tc.want[n]
			if code(e.Source) != w.src || code(e.Target) != w.tgt || e.CAMEO != w.code {
				t.Errorf("%s: %s\n  event %d = %s, want %s→%s %s", tc.rule, tc.sentence, n, summary([]record.Event{e}), w.src, w.tgt, w.code)
			}
			n++
		}
		if n < len(tc.want) {
			t.Errorf("%s: %s\n  got %s, want %d events", tc.rule, tc.sentence, summary(got), len(tc.want))
		}
	}
}
