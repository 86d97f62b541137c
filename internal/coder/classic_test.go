package coder

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
)

// classicCoder builds a coder from small TABARI dictionaries, as the
// validation suite's are built.
func classicCoder(t *testing.T, actors, agents, verbs string, discards ...string) *Coder {
	t.Helper()
	a, err := actor.LoadTABARIActors(strings.NewReader(actors), "test.actors")
	if err != nil {
		t.Fatal(err)
	}
	g, err := actor.LoadTABARIAgents(strings.NewReader(agents), "test.agents")
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadTABARIVerbs(strings.NewReader(verbs), "test.verbs")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{Actors: []*actor.Dict{a, g}, Verbs: []*VerbDict{v}, Discards: discards})
	if err != nil {
		t.Fatal(err)
	}
	if c.classic == nil {
		t.Fatal("TABARI verbs did not switch classic mode on")
	}
	return c
}

const classicActors = `<NOUN>
SHEEP
</NOUN>
<ADJECTIVE>
EVIL
</ADJECTIVE>
ARNOR_ [ARN]
GONDOR [GON]
OSGILIATH [OSG]
ERIADOR [ERI]
LORIEN [ELR/GAL]
WHITE_HOUSE [USAGOV]
BOROMIR [---]
`

const classicAgents = `PRESIDENT_ [~GOVPRS]
OFFICIALS_ [~GOV]
POLICE_ [~COP]
`

const classicVerbs = `ACCORD [---]
- IN_* [075]
- IN_ * [075A]
ATTACK [223]
DEPART_ [032]
RESTOR [064]
MEET [031:031]
WARN [160]
- * OF + [162]
SAID [023?]
PRAISE [051!]
`

func codeTuples(c *Coder, s string) []string {
	var out []string
	for _, e := range c.CodeSentence(s, time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)) {
		out = append(out, e.Source.Code+" "+e.Target.Code+" "+e.CAMEO)
	}
	slices.Sort(out)
	return out
}

func TestClassicRules(t *testing.T) {
	c := classicCoder(t, classicActors, classicAgents, classicVerbs)
	cases := []struct {
		name, text string
		want       []string
	}{
		{"source before, target after", "Arnor is about to restore full diplomatic ties with Gondor after all these long years.", []string{"ARN GON 064"}},
		{"compound source acts on the target", "Arnor and Osgiliath attacked Gondor yesterday in the early hours of the day.", []string{"ARN GON 223", "OSG GON 223"}},
		{"compound alone acts on itself", "Arnor, Osgiliath and Gondor will meet on Sunday in a small town near the border.", []string{
			"ARN GON 031", "ARN OSG 031", "GON ARN 031", "GON OSG 031", "OSG ARN 031", "OSG GON 031"}},
		{"coded compound actor", "Lorien attacked Gondor yesterday in the early hours of the day.", []string{"ELR GON 223", "GAL GON 223"}},
		{"passive: was ... by", "Gondor was attacked by Arnor yesterday in the early hours of the day.", []string{"ARN GON 223"}},
		{"agent after the actor", "Gondor police attacked Arnor yesterday in the early hours of the day.", []string{"GONCOP ARN 223"}},
		{"agent before the actor, across of", "The president of Gondor attacked Arnor yesterday in the early hours of the day.", []string{"GONGOVPRS ARN 223"}},
		{"former makes the agent elite", "Former Gondor officials attacked Arnor yesterday in the early hours of the day.", []string{"GONELI ARN 223"}},
		{"an agent the code holds is not repeated", "White House officials attacked Arnor yesterday in the early hours of the day.", []string{"USAGOV ARN 223"}},
		{"inner comma clause is skipped", "Arnor, which Gondor attacked last year, will meet Eriador on Sunday in the capital of the old northern kingdom.", []string{"ARN ERI 031", "ERI ARN 031"}},
		{"tied connector IN_*", "Gondor was in accord with Arnor on the question of the northern border.", []string{"GON ARN 075"}},
		{"untied connector IN_ *", "Gondor was in full accord with Arnor on the question of the northern border.", []string{"GON ARN 075A"}},
		{"pattern target with +", "Gondor warned Eriador of Osgiliath and its plans for the northern border.", []string{"GON OSG 162"}},
		{"regular verb endings on DEPART_", "Gondor departed from Arnor after all these long and difficult years.", []string{"GON ARN 032"}},
		{"no irregular ending on DEPART_", "Gondor departx from Arnor after all these long and difficult years.", nil},
		{"stem RESTOR takes any ending", "Gondor restores its old ties with Arnor after all these long years.", []string{"GON ARN 064"}},
		{"verb after a determiner is a noun", "Gondor condemned the attack on Arnor after all these long years.", nil},
		{"subordinate code dropped beside a main one", "Gondor said it attacked Arnor yesterday in the early hours of the day.", []string{"GON ARN 223"}},
		{"subordinate code alone is kept", "Gondor said on Monday that Arnor was a friend of old.", []string{"GON ARN 023"}},
		{"dominant code cancels the rest", "Gondor attacked Arnor but Osgiliath will praise Eriador in the early hours.", []string{"OSG ERI 051"}},
		{"null-coded actor is a noun", "Boromir attacked Gondor yesterday in the early hours of the day.", nil},
		{"pronoun stands for the first actor", "Gondor said it would meet Arnor on Sunday in a small town near the border.", []string{"ARN GON 031", "GON ARN 031"}},
		{"a short final comma clause is skipped too", "Arnor will meet Eriador on Sunday, Gondor attacked Osgiliath last week.", []string{"ARN ERI 031", "ERI ARN 031"}},
		{"too short for TABARI", "Gondor attacked Arnor.", nil},
	}
	for _, tc := range cases {
		if got := codeTuples(c, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q\n got %v\nwant %v", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestClassicDiscards(t *testing.T) {
	c := classicCoder(t, classicActors, classicAgents, classicVerbs, "typhoon", "african nations cup")
	for _, s := range []string{
		"Arnor attacked Gondor after a typhoon hit the coast near the border.",
		"Arnor attacked Gondor in the African Nations Cup final on Sunday night.",
	} {
		if got := codeTuples(c, s); got != nil {
			t.Errorf("%q: discarded sentence coded %v", s, got)
		}
	}
	list, err := LoadDiscards(strings.NewReader("# comment\n+TYPHOON  # story\nAFRICAN NATIONS CUP\n\n"), "d.txt")
	if err != nil || !slices.Equal(list, []string{"typhoon", "african nations cup"}) {
		t.Errorf("LoadDiscards = %v, %v", list, err)
	}
}

func TestClassicOnlyForFieldDictionaries(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.classic != nil {
		t.Error("the default dictionaries switched classic mode on")
	}
}

func FuzzClassicFilter(f *testing.F) {
	for _, s := range []string{"Gondor's (new) president; said: \"no\" /* x */ 1,000.5 U.S.", "", "/*", "a,b,,c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range classicFilter(s) {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("bad word %q", w)
			}
		}
	})
}
