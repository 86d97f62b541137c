package claim

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// want is what a test expects of one claim; empty fields are not checked.
type want struct {
	sent    int
	speaker string // Name, or Text where the speaker has no name
	code    string
	kind    string
	verb    string
	stance  string
	text    string // a part of the claim's words
	hedged  bool
	denies  string
	date    string
}

var ref = time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC) // a Wednesday

func extract(in string) []record.Claim {
	return New(nil).Extract(text.Sentences(in), in, ref)
}

func describe(cs []record.Claim) string {
	var b strings.Builder
	for i, c := range cs {
		sp := "<none>"
		if c.Speaker != nil {
			sp = fmt.Sprintf("%s|%s|%s", c.Speaker.Name, c.Speaker.Code, c.Speaker.Text)
		}
		fmt.Fprintf(&b, "\n  #%d s%d %s %s verb=%q %s hedged=%v date=%s denies=%q %q", i, c.Sentence, sp, c.Kind, c.Verb, c.Stance, c.Hedged, c.Date, c.Denies, c.Text)
	}
	return b.String()
}

func speakerName(a *record.Actor) string {
	if a == nil {
		return ""
	}
	if a.Name != "" {
		return a.Name
	}
	return a.Text
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"quote then said", `"We will never accept this," Putin said.`,
			[]want{{speaker: "Vladimir Putin", code: "RUSGOV", kind: KindQuote, verb: "said", stance: StanceAssert, text: "We will never accept this", date: "2025-08-20"}}},
		{"said with a date", `"We will never accept this," Putin said on Friday.`,
			[]want{{speaker: "Vladimir Putin", date: "2025-08-15"}}},
		{"told reporters colon", `Trump told reporters: "It was a great meeting."`,
			[]want{{speaker: "Donald Trump", kind: KindQuote, verb: "told", text: "It was a great meeting"}}},
		{"said then name", `"It was a disaster", said Peskov.`,
			[]want{{speaker: "Dmitry Peskov", kind: KindQuote, verb: "said"}}},
		{"said then name and apposition", `"It was a disaster," said Dmitry Peskov, the Kremlin spokesman.`,
			[]want{{speaker: "Dmitry Peskov"}}},
		{"curly quotes", `“The talks are over,” Lavrov said.`,
			[]want{{speaker: "Sergei Lavrov", kind: KindQuote, text: "The talks are over"}}},
		{"misused closing marks", `”The talks are over,” Lavrov said.`,
			[]want{{speaker: "Sergei Lavrov", kind: KindQuote}}},
		{"quote over sentences", `"We came to talk. We will stay until it is done. Then we go home," Zelensky said.`,
			[]want{{sent: 0, speaker: "Volodymyr Zelensky", kind: KindQuote, text: "Then we go home"}}},
		{"paragraph-opening continued quote", "Lavrov said: \"We are ready to talk.\n\n\"But not on these terms.\"\n\nThe meeting ended.",
			[]want{{sent: 0, speaker: "Sergei Lavrov", kind: KindQuote, text: "We are ready to talk. But not on these terms"}}},
		{"interrupted quote", `"We are ready," Peskov said, "but not on these terms."`,
			[]want{{speaker: "Dmitry Peskov", text: "We are ready but not on these terms"}}},
		{"continued quote after attribution", `"We are ready," Peskov said. "But not on these terms."`,
			[]want{{sent: 0, speaker: "Dmitry Peskov"}, {sent: 1, speaker: "Dmitry Peskov", kind: KindQuote, verb: ""}}},
		{"pronoun he", `Peskov met reporters in Moscow. "We are ready," he said.`,
			[]want{{sent: 1, speaker: "Dmitry Peskov", kind: KindQuote}}},
		{"pronoun she, gender", `Mr Smith met Mrs Jones on Monday. "We agreed on nothing," she said.`,
			[]want{{sent: 1, speaker: "Jones"}}},
		{"pronoun to the last speaker", `"The plan is dead," Lavrov said. Officials in Kyiv met on Friday. "It will not come back," he added.`,
			[]want{{sent: 0, speaker: "Sergei Lavrov"}, {sent: 2, speaker: "Sergei Lavrov", verb: "added"}}},
		{"reported said that", `Putin said that the sanctions had failed.`,
			[]want{{speaker: "Vladimir Putin", kind: KindReported, verb: "said", text: "the sanctions had failed"}}},
		{"reported said without that", `Putin said the sanctions had failed.`,
			[]want{{speaker: "Vladimir Putin", kind: KindReported, text: "the sanctions had failed"}}},
		{"told someone that", `Zelensky told lawmakers that Ukraine would not cede territory.`,
			[]want{{speaker: "Volodymyr Zelensky", kind: KindReported, verb: "told", text: "Ukraine would not cede territory"}}},
		{"trailing attribution", `The plan will fail, Lavrov said on Tuesday.`,
			[]want{{speaker: "Sergei Lavrov", kind: KindReported, text: "The plan will fail", date: "2025-08-19"}}},
		{"parenthetical attribution", `The plan, Lavrov said, will fail.`,
			[]want{{speaker: "Sergei Lavrov", text: "The plan will fail"}}},
		{"inverted trailing", `The talks will resume next week, said the Kremlin.`,
			[]want{{speaker: "Kremlin", text: "The talks will resume next week"}}},
		{"according to first", `According to Lavrov, the sanctions are illegal.`,
			[]want{{speaker: "Sergei Lavrov", kind: KindReported, verb: "according to", text: "the sanctions are illegal"}}},
		{"according to last", `The sanctions are illegal, according to the Kremlin.`,
			[]want{{speaker: "Kremlin", text: "The sanctions are illegal"}}},
		{"book claimed", `Bob Woodward's 2024 book War claimed that Trump sent Putin test machines.`,
			[]want{{speaker: "Bob Woodward", verb: "claimed", text: "Trump sent Putin test machines"}}},
		{"unknown analyst", `Analyst Jane Smith said the talks had failed.`,
			[]want{{speaker: "Jane Smith", code: ""}}},
		{"unknown name with state adjective", `Ukrainian adviser Mykola Petrenko said the talks had failed.`,
			[]want{{speaker: "Mykola Petrenko", code: "UKR"}}},
		{"appositive", `Yvonne Fabara, Ecuador's hydrocarbons secretary, said there was no road.`,
			[]want{{speaker: "Yvonne Fabara"}}},
		{"spokesman of", `The Kremlin's spokesman, Dmitry Peskov, said the claims were absurd.`,
			[]want{{speaker: "Dmitry Peskov", stance: StanceDeny}}},
		{"outlet", `The New York Times reported that the talks had stalled.`,
			[]want{{speaker: "New York Times", verb: "reported"}}},
		{"institution", `The Kremlin said the talks would go on.`,
			[]want{{speaker: "Kremlin", code: "RUSGOV"}}},
		{"agent with state", `Russia's foreign ministry said the talks would go on.`,
			[]want{{code: "RUSGOV", speaker: "Russia"}}},
		{"officials unnamed", `Officials said the deal was off.`,
			[]want{{speaker: "Officials", code: "GOV"}}},
		{"accused of", `Kyiv accused Moscow of violating the ceasefire.`,
			[]want{{verb: "accused", stance: StanceAssert, text: "Moscow of violating the ceasefire"}}},
		{"denied that", `Peskov denied that Russia had sent troops.`,
			[]want{{speaker: "Dmitry Peskov", verb: "denied", stance: StanceDeny, text: "Russia had sent troops"}}},
		{"denied on a day that", `The Kremlin denied on Tuesday that Russian forces had shelled Kherson.`,
			[]want{{speaker: "Kremlin", verb: "denied", stance: StanceDeny, text: "Russian forces had shelled Kherson"}}},
		{"denied the report", `Peskov denied the report.`,
			[]want{{stance: StanceDeny, text: "the report"}}},
		{"denied a motion is no claim", `The judge denied a motion to dismiss the case.`, nil},
		{"called it fiction", `The Kremlin called the report "pure fiction".`,
			[]want{{speaker: "Kremlin", kind: KindQuote, verb: "called", stance: StanceDeny, text: "pure fiction"}}},
		{"called for is no claim", `The Kremlin called for calm.`, nil},
		{"rejected the claims", `Moscow rejected the claims as baseless.`,
			[]want{{stance: StanceDeny, verb: "rejected"}}},
		{"rejected a proposal is no claim", `Moscow rejected the proposal.`, nil},
		{"dismissed", `Peskov dismissed the allegations.`,
			[]want{{stance: StanceDeny, verb: "dismissed"}}},
		{"refuted", `The ministry refuted claims that the base had fallen.`,
			[]want{{stance: StanceDeny, verb: "refuted"}}},
		{"no truth", `Peskov said there was no truth in the reports.`,
			[]want{{stance: StanceDeny}}},
		{"confirmed", `The ministry confirmed that two soldiers had died.`,
			[]want{{stance: StanceConfirm, verb: "confirmed"}}},
		{"acknowledged", `Zelensky acknowledged that the front was under pressure.`,
			[]want{{stance: StanceConfirm}}},
		{"admitted", `The minister admitted the figures were wrong.`,
			[]want{{stance: StanceConfirm}}},
		{"retracted", `The newspaper retracted the story.`,
			[]want{{stance: StanceRetract, verb: "retracted"}}},
		{"withdrew the claim", `The agency withdrew its claim that the plant was hit.`,
			[]want{{stance: StanceRetract, verb: "withdrew"}}},
		{"withdrew troops is no claim", `Russia withdrew troops from the region.`, nil},
		{"walked back", `The White House walked back the remarks on Friday.`,
			[]want{{stance: StanceRetract, verb: "walked back"}}},
		{"insisted", `Lavrov insisted that Moscow had done nothing wrong.`,
			[]want{{verb: "insisted"}}},
		{"warned", `NATO warned that Russia was massing troops.`,
			[]want{{verb: "warned", speaker: "NATO"}}},
		{"hedged reportedly", `Russia reportedly said the talks were over.`,
			[]want{{hedged: true}}},
		{"hedged sources", `The talks were over, people familiar with the matter said.`,
			[]want{{hedged: true, speaker: "people familiar with the matter"}}},
		{"hedged unnamed official", `"We are done," an official said on condition of anonymity.`,
			[]want{{hedged: true}}},
		{"hedged leaked", `A leaked memo said the army was short of shells.`,
			[]want{{hedged: true}}},
		{"not hedged", `The ministry said the talks were over.`,
			[]want{{hedged: false}}},
		{"denial link", `Bob Woodward's book claimed that Trump sent Putin test machines. The Kremlin called that "pure fiction".`,
			[]want{{sent: 0, speaker: "Bob Woodward"}, {sent: 1, speaker: "Kremlin", stance: StanceDeny, denies: "#0"}}},
		{"denial of the report", `The Times reported that Russia had moved missiles to Belarus. Peskov denied the report.`,
			[]want{{sent: 0}, {sent: 1, stance: StanceDeny, denies: "#0"}}},
		{"denial by the accused", `Kyiv accused Moscow of shelling the plant. Moscow denied the accusation.`,
			[]want{{sent: 0}, {sent: 1, stance: StanceDeny, denies: "#0"}}},
		{"two denials of one claim", "Bob Woodward's new book War claims that Donald Trump spoke with Vladimir Putin seven times.\n\n" +
			`Kremlin spokesman Dmitry Peskov called the claim "pure fiction" on Tuesday and said the two men had not spoken. Trump's campaign also denied the report.`,
			[]want{{sent: 0, speaker: "Bob Woodward", verb: "claims"}, {sent: 1, speaker: "Dmitry Peskov", stance: StanceDeny, denies: "#0", date: "2025-08-19"},
				{sent: 1, speaker: "Dmitry Peskov", stance: StanceAssert}, {sent: 2, stance: StanceDeny, denies: "#0"}}},
		{"declined to say is no claim", `Peskov declined to say whether talks would resume.`, nil},
		{"did not say is no claim", `Peskov did not say whether talks would resume.`, nil},
		{"passive is no claim", `It was said that the talks had failed.`, nil},
		{"scare quotes are no claim", `The so-called "peace plan" was published on Friday.`, nil},
		{"writer's own words are no claim", `"Where are you from?" I asked.`, nil},
		{"claims as a noun", `The claims were false.`, nil},
		{"unclosed quote", `"We will fight on, Zelensky said. The war goes on.`,
			[]want{{speaker: "Volodymyr Zelensky"}}},
		{"non-English", `Путин заявил: «Мы никогда не согласимся».`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := extract(tc.in)
			if len(cs) != len(tc.want) {
				t.Fatalf("%d claims, want %d:%s", len(cs), len(tc.want), describe(cs))
			}
			for i, w := range tc.want {
				c := cs[i]
				check := func(field, got, want string) {
					if want != "" && got != want {
						t.Errorf("claim %d: %s %q, want %q:%s", i, field, got, want, describe(cs))
					}
				}
				if c.Sentence != w.sent {
					t.Errorf("claim %d: sentence %d, want %d:%s", i, c.Sentence, w.sent, describe(cs))
				}
				check("speaker", speakerName(c.Speaker), w.speaker)
				if w.code != "" || w.speaker != "" {
					if c.Speaker == nil {
						t.Errorf("claim %d: no speaker:%s", i, describe(cs))
					} else if w.code != "" && c.Speaker.Code != w.code {
						t.Errorf("claim %d: code %q, want %q:%s", i, c.Speaker.Code, w.code, describe(cs))
					}
				}
				check("kind", c.Kind, w.kind)
				if w.verb != "" || w.kind == KindQuote && w.verb == "" && strings.Contains(tc.name, "continued") {
					check("verb", c.Verb, w.verb)
				}
				check("stance", c.Stance, w.stance)
				check("denies", c.Denies, w.denies)
				check("date", c.Date, w.date)
				if w.text != "" && !strings.Contains(c.Text, w.text) {
					t.Errorf("claim %d: text %q, want it to hold %q", i, c.Text, w.text)
				}
				if c.Hedged != w.hedged {
					t.Errorf("claim %d: hedged %v, want %v:%s", i, c.Hedged, w.hedged, describe(cs))
				}
				if c.ID != "" {
					t.Errorf("claim %d: ID %q, want it left to the store", i, c.ID)
				}
			}
		})
	}
}

// TestNoDate: without an article date, a claim's date is empty unless the
// sentence gives a full one.
func TestNoDate(t *testing.T) {
	in := `Putin said on January 8, 2026 that the talks had failed. Lavrov said the talks had failed.`
	cs := New(nil).Extract(text.Sentences(in), in, time.Time{})
	if len(cs) != 2 || cs[0].Date != "2026-01-08" || cs[1].Date != "" {
		t.Fatalf("dates:%s", describe(cs))
	}
}

// TestSentenceIndex: claims carry the caller's sentence indexes, so a
// caller may pass part of an article.
func TestSentenceIndex(t *testing.T) {
	in := `The day was quiet. Putin said the talks had failed.`
	ss := text.Sentences(in)[1:]
	ss[0].Index = 7
	cs := New(nil).Extract(ss, in, ref)
	if len(cs) != 1 || cs[0].Sentence != 7 {
		t.Fatalf("sentence:%s", describe(cs))
	}
	if New(nil).Extract(nil, "", ref) != nil {
		t.Fatal("claims from no sentences")
	}
}
