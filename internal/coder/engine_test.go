package coder

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// pat builds a pattern from its written form, for engine tests that must
// not depend on the default dictionaries.
func pat(code, text string) Pattern {
	p := Pattern{Code: code, Text: text, Source: "engine_test"}
	for _, w := range strings.Fields(text) {
		switch w {
		case "*":
			p.Elems = append(p.Elems, Elem{Kind: ElemVerb})
		case "+":
			p.Elems = append(p.Elems, Elem{Kind: ElemTarget})
		case "$":
			p.Elems = append(p.Elems, Elem{Kind: ElemSource})
		case "_":
			p.Elems = append(p.Elems, Elem{Kind: ElemAny})
		case "...":
			p.Elems = append(p.Elems, Elem{Kind: ElemSkip})
		default:
			p.Elems = append(p.Elems, Elem{Kind: ElemWord, Word: w})
		}
	}
	return p
}

func engineCoder(t *testing.T) *Coder {
	t.Helper()
	vd := &VerbDict{Name: "engine_test", Verbs: []Verb{
		{Lemma: "meet", Forms: []string{"meet", "met", "meets", "meeting"}, Code: "040", Patterns: []Pattern{pat("042", "* with +")}},
		{Lemma: "shell", Forms: []string{"shell", "shelled", "shells", "shelling"}, Code: "195"},
		{Lemma: "exchange", Forms: []string{"exchanged", "exchange"}, Code: "---", Patterns: []Pattern{pat("057", "* prisoners")}},
		{Lemma: "call on", Forms: []string{"called on", "calls on"}, Code: "025"},
		{Lemma: "impose", Forms: []string{"imposed", "impose"}, Code: "---", Patterns: []Pattern{pat("163", "* sanctions on +")}},
		{Lemma: "beat", Forms: []string{"beat"}, Code: "180"},
		{Lemma: "buy", Forms: []string{"bought"}, Code: "---", Patterns: []Pattern{pat("---", "* ...")}},
		{Lemma: "accuse", Forms: []string{"accused", "accuse"}, Code: "112"},
		{Lemma: "protest", Forms: []string{"protested"}, Code: "141"},
		{Lemma: "kill", Forms: []string{"killed", "killing"}, Code: "1823"},
		{Lemma: "deploy", Forms: []string{"deployed", "deploy"}, Code: "154"},
		{Lemma: "threaten", Forms: []string{"threatened"}, Code: "130"},
		{Lemma: "send", Forms: []string{"send", "sent"}, Code: "---"},
		{Lemma: "aid", Forms: []string{"aid"}, Code: "070"},
		{Lemma: "wound", Forms: []string{"wounded", "wounding"}, Code: "182"},
	}}
	c, err := New(Options{Verbs: []*VerbDict{vd}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type want struct {
	src, tgt, code string
	check          func(record.Event) string
}

func TestEngine(t *testing.T) {
	c := engineCoder(t)
	ref := time.Date(2025, 8, 16, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		sentence string
		want     []want
	}{
		{"Russian President Vladimir Putin met with Donald Trump in Moscow on Friday.", []want{{"RUSGOV", "USAGOV", "042", func(e record.Event) string {
			if e.Date != "2025-08-15" || e.DatePrecision != "day" {
				return "date " + e.Date
			}
			if e.Location == nil || e.Location.Country != "RUS" {
				return "location should be Moscow, not a target"
			}
			if e.Rule == nil || e.Rule.Pattern != "* with +" {
				return "rule"
			}
			return ""
		}}}},
		// Passive: the by-agent is the source.
		{"Kherson was shelled by Russian forces on Tuesday.", []want{{"RUSMIL", "UKR", "195", nil}}},
		// A compound subject acting on itself: both directions.
		{"Russia and Ukraine exchanged prisoners last week.", []want{{"RUS", "UKR", "057", nil}, {"UKR", "RUS", "057", nil}}},
		// A compound target: one event each.
		{"China called on Russia and Ukraine to talk.", []want{{"CHN", "RUS", "025", nil}, {"CHN", "UKR", "025", nil}}},
		{"Putin did not meet Zelensky, the Kremlin said.", []want{{"RUSGOV", "UKRGOV", "040", func(e record.Event) string {
			if !e.Negated || e.AttributedTo == nil || e.AttributedTo.Code != "RUSGOV" || e.AttributedTo.Text != "the Kremlin" {
				return "negation and attribution"
			}
			return ""
		}}}},
		{"The United States would impose sanctions on Russia if talks fail.", []want{{"USA", "RUS", "163", func(e record.Event) string {
			if !e.Conditional {
				return "conditional"
			}
			return ""
		}}}},
		{"Ukraine allegedly shelled Donetsk.", []want{{"UKR", "UKR", "", nil}}[:0]},
		{"Ukrainian forces allegedly shelled Russian positions.", []want{{"UKRMIL", "RUS", "195", func(e record.Event) string {
			if !e.Hedged {
				return "hedged"
			}
			return ""
		}}}},
		// Sport and trade are not conflict.
		{"Russia beat Ukraine 2-1 in the final.", nil},
		{"Japan bought Canadian rapeseed.", nil},
		// An agent, "of", and a state.
		{"The foreign minister of Ukraine accused Russia of lying.", []want{{"UKRGOV", "RUS", "112", nil}}},
		// "in Anchorage, Alaska" is where, twice; a compound meets itself.
		{"Donald Trump and Vladimir Putin met at a base in Anchorage, Alaska, on Friday.", []want{{"USAGOV", "RUSGOV", "040", nil}, {"RUSGOV", "USAGOV", "040", nil}}},
		// An agent in a state is that state's.
		{"A court in Guyana accused Brazil of fraud.", []want{{"GUYJUD", "BRA", "112", nil}}},
		// A protest in a place is a protest against its country.
		{"Hungarian activists protested in Moscow on Monday.", []want{{"HUNHRI", "RUS", "141", nil}}},
		// The subject of a verb of saying is a speaker, not an object.
		{"Ukrainian forces shelled positions overnight, Russia's defence ministry said.", nil},
		// What is demanded has not happened.
		{"Ukraine demanded that Russia impose sanctions on Belarus.", nil},
		{"Ukraine demanded on Monday that Russia drop plans to meet Belarus.", nil},
		// … but saying another must do it is a demand on it.
		{"Ukraine said Russia must be ready to meet Belarus.", []want{{"UKR", "RUS", "100", nil}}},
		// Adverbials between the intent and its "to".
		{"Russia agreed on Friday to meet Ukraine.", []want{{"RUS", "UKR", "036", nil}}},
		// An ethnic group is not its kin state.
		{"Ethnic Hungarians protested in Kyiv.", nil},
		// A participle after a comma shares the clause's subject.
		{"Russian forces shelled Kharkiv, killing five Ukrainian soldiers.", []want{{"RUSMIL", "UKR", "195", nil}, {"RUSMIL", "UKRMIL", "1823", nil}}},
		// Verbs joined by "or" share a subject.
		{"Russian forces shelled Kharkiv, killing or wounding five Ukrainian soldiers.", []want{{"RUSMIL", "UKR", "195", nil}, {"RUSMIL", "UKRMIL", "182", nil}}},
		// A speaker noun and a verb of saying: a speaker, not an object.
		{"Ukrainian forces shelled positions overnight, Russian military sources said.", nil},
		// Force announced is force threatened; a posture announced is
		// not yet taken.
		{"Russian forces will shell Kharkiv.", []want{{"RUSMIL", "UKR", "138", nil}}},
		{"Russia is ready to deploy troops to Belarus.", nil},
		// The verb after "threatened to" is the threat's; its object too.
		{"Russia threatened on Monday to shell Kharkiv.", []want{{"RUS", "UKR", "130", nil}}},
		// A verb form just after a governed verb shares its governance.
		{"Russia agreed to send aid to Belarus.", []want{{"RUS", "BLR", "033", nil}}},
		// The object is in the verb's own clause.
		{"Ukrainian forces shelled villages while Russian troops retreated.", nil},
		// A participle after its noun, with a by-agent: a passive.
		{"China mourned Ukrainian soldiers killed by Russian forces.", []want{{"RUSMIL", "UKRMIL", "1823", nil}}},
		// A speaker after a comma is no part of the list before it.
		{"Putin met Xi Jinping, Reuters reported.", []want{{"RUSGOV", "CHNGOV", "040", nil}}},
		{"Russia met China on Tuesday to accuse Ukraine.", []want{{"RUS", "CHN", "040", nil}, {"RUS", "UKR", "112", nil}}},
		// A noun after "of" has no subject before it.
		{"Russia met China after days of shelling Ukrainian positions.", []want{{"RUS", "CHN", "040", nil}}},
		{"Russia met China after days of heavy shelling of Ukrainian positions.", []want{{"RUS", "CHN", "040", nil}}},
		// A speaker with its acronym in brackets.
		{"Russian forces shelled positions overnight, Human Rights Watch (HRW) said.", nil},
		// "said it would": the future of reported speech is an intent.
		{"Russia said on Monday it would meet Ukraine.", []want{{"RUS", "UKR", "036", nil}}},
		// One event per dyad and root in a sentence.
		{"Putin met with Xi Jinping, meeting Xi Jinping again.", []want{{"RUSGOV", "CHNGOV", "042", nil}}},
		// The participle's clause is the last finite verb's, not a noun's.
		{"Russian forces shelled Kharkiv during the meeting with Ukraine, killing five Ukrainian soldiers.", []want{{"RUSMIL", "UKR", "195", nil}, {"RUSMIL", "UKRMIL", "1823", nil}}},
		// A purpose after an object is the subject's.
		{"Russia met China to accuse Ukraine.", []want{{"RUS", "CHN", "040", nil}, {"RUS", "UKR", "112", nil}}},
		// A claim is coded by the claiming, not as the deed: a hostile
		// deed alleged is an accusation of its doer.
		{"Russia claimed that Ukrainian forces shelled Russian positions.", []want{{"RUS", "UKRMIL", "112", nil}}},
		// What someone is accused of is the accusation's, not an event.
		{"Ukraine accused Russia of shelling Kharkiv.", []want{{"UKR", "RUS", "112", nil}}},
		// A region is no party to a news event.
		{"Russia accused Europeans of lying.", nil},
		// … but "the West" acts as a bloc.
		{"Russia accused the West of lying.", []want{{"RUS", "WST", "112", nil}}},
		// Dated roles: Trump was not in office in 2023.
		{"Donald Trump met with Vladimir Putin on 3 March 2023.", []want{{"USAELI", "RUSGOV", "042", nil}}},
	}
	for _, tc := range cases {
		got := c.CodeSentence(tc.sentence, ref)
		if len(got) != len(tc.want) {
			t.Errorf("%s\n  got %d events %s, want %d", tc.sentence, len(got), summary(got), len(tc.want))
			continue
		}
		for i, w := range tc.want {
			e := got[i]
			if code(e.Source) != w.src || code(e.Target) != w.tgt || e.CAMEO != w.code {
				t.Errorf("%s\n  event %d = %s, want %s→%s %s", tc.sentence, i, summary(got[i:i+1]), w.src, w.tgt, w.code)
				continue
			}
			if w.check != nil {
				if msg := w.check(e); msg != "" {
					t.Errorf("%s\n  %s: %+v", tc.sentence, msg, e)
				}
			}
		}
	}
}

func code(a *record.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

func summary(evs []record.Event) string {
	var parts []string
	for _, e := range evs {
		parts = append(parts, code(e.Source)+"→"+code(e.Target)+" "+e.CAMEO)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Odd input never panics or hangs.
func FuzzCodeSentence(f *testing.F) {
	for _, s := range []string{"", "Putin met Trump.", "\x00\xff\xfe", strings.Repeat("Russia and ", 500) + "Ukraine met.", "\"Unbalanced quote met Putin", "met met met with with +"} {
		f.Add(s)
	}
	c, err := New(Options{Verbs: []*VerbDict{{Verbs: []Verb{
		{Lemma: "meet", Forms: []string{"meet", "met"}, Code: "040", Patterns: []Pattern{pat("042", "* with +"), pat("043", "$ ... * _ +")}},
	}}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range c.CodeText(s, time.Time{}) {
			if e.Source == nil || e.CAMEO == "" {
				t.Fatalf("event without source or code: %+v", e)
			}
		}
	})
}

func TestNoArticleDate(t *testing.T) {
	c := engineCoder(t)
	for _, e := range c.CodeSentence("Senior Hungarian and Romanian officials met on Wednesday.", time.Time{}) {
		if e.Date != "" {
			t.Errorf("a weekday with no article date resolved to %q", e.Date)
		}
		if e.Source.Code != "HUNGOV" && e.Source.Code != "ROUGOV" {
			t.Errorf("the shared agent: source %s", e.Source.Code)
		}
	}
	evs := c.CodeSentence("Putin met with Trump on 15 August 2025.", time.Time{})
	if len(evs) != 1 || evs[0].Date != "2025-08-15" {
		t.Errorf("a full date needs no article date: %+v", evs)
	}
}
