package coder

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// TestRecallRules checks the rules that find events news states without
// a verb of its own for them (obligation.go, inner.go, the unit rules in
// sentence.go) on real news sentences, with the exact events wanted.
func TestRecallRules(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	y2000 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	y2024 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		rule, sentence string
		ref            time.Time
		want           []want
	}{
		// What a speaker says another must do is a demand on it; two
		// parties of one country are two demands.
		{"must", "British Foreign Secretary Jack Straw said on Friday that the Sudanese government and the rebels in Darfur must reach an agreement that stops the conflict for good.", y2000,
			[]want{{"GBRGOV", "SDNGOV", "100", nil}, {"GBRGOV", "SDNREB", "100", nil}}},
		{"must, current news", "Blinken said on Monday that Israel must do more to protect civilians in Gaza.", y2024,
			[]want{{"USAGOV", "ISR", "100", nil}}},
		{"demand noun", "The International Labor Office (ILO) reiterated its demand today that Israel ease restrictions on the movement of Palestinian workers.", y2000,
			[]want{{"IGOUNOLAB", "ISR", "010", nil}, {"IGOUNOLAB", "ISR", "100", nil}}},
		{"a state on itself", "Putin said Russia must respond to the deployment.", y2024, nil},
		// An intent's object past a verb that codes nothing.
		{"object past the inner verb", "Libya has offered to hand over to Great Britain two of its nationals suspected by the West of blowing up a Pan Am plane in 1988, a state-owned Egyptian newspaper said.", y2000,
			[]want{{"LBY", "GBR", "030", nil}}},
		// A compound's own country as object is what it talks about.
		{"compound on a member", "Israel and Lebanon renewed negotiations today on an Israeli troop pullback from Lebanon and their future relations.", y2000,
			[]want{{"ISR", "LBN", "046", nil}, {"LBN", "ISR", "046", nil}}},
		// A region named as a describing word does not act.
		{"region adjective", "The Turkish and Greek sides of the divided Mediterranean island of Cyprus have agreed to share information Friday on missing people from both communities, a UN official said on Monday.", y2000,
			[]want{{"TUR", "GRC", "030", nil}, {"GRC", "TUR", "030", nil}}},
		// A title holds when the person's dated roles do not.
		{"title over an undated person", "Arab League Secretary-General Chedli Klibi today urged the European Community to support the Palestinian Liberation Organization (PLO).", y2000,
			[]want{{"IGOMEAARLGOV", "IGOEUREEC", "022", nil}, {"IGOEUREEC", "PSE", "051", nil}}},
		// "X, the Y Coordinator," is one actor, not a compound.
		{"appositive", "Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded parties to the conflict in Iraq to allow humanitarian workers the freedom of movement.", y2000, nil},
		// A participle describing its noun is no verb of the subject.
		{"reduced relative", "President Omar El Bashir on Thursday shortened by one hour the nightly curfew imposed in Sudan after a June 30 coup toppled the civilian government.", y2000, nil},
		// A pattern's words do not reach into a clause with its own verb.
		{"clause of its own", "President Laurent Gbagbo announced on Sunday that he will extend the night-time curfew in Abidjan in response to recent unrest within the city.", y2000,
			[]want{{"CIVGOV", "CIV", "137", nil}}}, // the title says what he is on the day
		// A verb form after an adjective after a verb is that verb's object.
		{"adjective and noun", "Japan said on Tuesday it had halted economic aid to Serbia in line with Western efforts to end the fighting there.", y2000,
			[]want{{"JPN", "SRB", "1621", nil}}},
		// A participle after a preposition and before its noun is an adjective.
		{"participle adjective", "Before leaving for Beijing on Thursday, President Bush scheduled to give a speech here on US relations with Asia and meet with exiled dissidents from military-ruled Myanmar.", time.Date(2008, 8, 6, 0, 0, 0, 0, time.UTC),
			[]want{{"USAGOV", "MMR", "040", nil}}},
		// Spellings common in wire copy; inspectors sent.
		{"misspelt state", "Quatar's emir, Sheikh Hamad bin Khalifa al-Thani launched a mediation effort on Saturday between the Emirates and Saudi Arabia.", y2000,
			[]want{{"QATGOV", "ARE", "046", nil}, {"QATGOV", "SAU", "046", nil}}},
		{"inspectors sent", "The IAEA has dispatched inspectors to Iran to monitor the resumption of nuclear work.", y2000,
			[]want{{"IGOUNOIAE", "IRN", "090", nil}}},
		{"investigators sent", "Germany sent investigators to Poland on Monday.", y2024,
			[]want{{"DEU", "POL", "090", nil}}},
	}
	for _, tc := range cases {
		got := c.CodeSentence(tc.sentence, tc.ref)
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
