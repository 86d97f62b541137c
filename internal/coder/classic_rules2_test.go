package coder

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
)

// Dictionaries for the TABARI rules added after the first classic mode:
// gapped actor phrases, noun endings, "=" words, hyphens in patterns,
// paired commas and multi-word headwords.
const classicActors2 = `ARNOR_ [ARN]
GONDOR_ [GON]
LIBYA_ [LBY]
ITHILEN_ [ITH]
ITHILEN GOVERNMENT RADIO_ [ITHRAD]
PRINCE DOL_AMROTH [DOL]
AL GORE [TEN]
MOUSE= [MUS]
ELROND_ [ELF]
GANDALF_ [WIZ]
CALIMEHTAR_ [CAL]
MORDOR_ [MOR]
`

const classicVerbs2 = `WARN [160]
- * AT ^ + [162]
RESTOR [064]
PARADE [017]
- ANTI- + * [111]
BRUSH ASIDE REPORTS [142]
ATTACK [223]
BAN [191]
`

func TestClassicRulesTABARI2(t *testing.T) {
	c := classicCoder(t, classicActors2, classicAgents, classicVerbs2)
	cases := []struct {
		name, text string
		want       []string
	}{
		{"words of a spaced phrase may stand apart", "Arnor warned at the Gondor of the Prince of Dol Amroth on Sunday.", []string{"ARN DOL 162"}},
		{"a spaced phrase skips quoted words", "Arnor warned Al \"The Weasel\" Gore about the border on Sunday.", []string{"ARN TEN 160"}},
		{"plural ending on an exact last word", "Arnor is about to restore full diplomatic ties with Libyas after many years.", []string{"ARN LBY 064"}},
		{"possessive ends a phrase", "Arnor is about to restore full diplomatic ties with Ithilen's government radio at last.", []string{"ARN ITH 064"}},
		{"phrase without a possessive", "Arnor is about to restore full diplomatic ties with Ithilen government radio at last.", []string{"ARN ITHRAD 064"}},
		{"= word is an actor with no endings", "Mouse will ban Libya almost five years after crowds trashed its embassy.", []string{"MUS LBY 191"}},
		{"= word takes no ending", "Mouses will ban Libya almost five years after crowds trashed its embassy.", nil},
		{"hyphen in a pattern ties the words", "Arnor took part in an anti-Gondor parade on Saturday in the capital.", []string{"ARN GON 111"}},
		{"commas pair: the closing one opens no clause", "Elrond brushed aside reports, rumored to originate in Mordor, that Calimehtar attacked Gandalf", []string{"ELF CAL 142"}},
		{"a headword phrase does not run across a comma", "Elrond brushed, aside reports rumored to originate in Mordor, that Calimehtar attacked Gandalf", []string{"ELF WIZ 223"}},
	}
	for _, tc := range cases {
		if got := codeTuples(c, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q\n got %v\nwant %v", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestClassicGappedStopsAtComma(t *testing.T) {
	c := classicCoder(t, classicActors2, classicAgents, classicVerbs2)
	p := c.classicParse("Arnor warned Gondor about the Prince, not Dol Amroth, on Sunday in the hills.", testDay)
	if p == nil {
		t.Fatal("no parse")
	}
	for _, sp := range p.spans {
		if sp.code == "DOL" {
			t.Errorf("PRINCE DOL_AMROTH matched across a comma: tokens %d..%d", sp.start, sp.end)
		}
	}
	p = c.classicParse("Arnor warned Gondor about the Prince of Dol Amroth on Sunday in the hills.", testDay)
	var got []string
	for _, sp := range p.spans {
		got = append(got, sp.code)
	}
	if !slices.Contains(got, "DOL") {
		t.Errorf("PRINCE DOL_AMROTH not matched: spans %v", got)
	}
}

var testDay = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

func TestClassicPETRARCHContractions(t *testing.T) {
	a, err := actor.LoadPETRARCHActors(strings.NewReader("BREE_ [BRE]\nERIADOR_ [ERI]\n"), "test.actors")
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadPETRARCHVerbs(strings.NewReader(`&NEGAUX
+DID N'T
+WO N'T
+CA N'T

--- CLASH  [223] ---
CLASH
- &NEGAUX EVER * OVER EFFORTS  [905]
- &NEGAUX * OVER EFFORTS  [904]
- * OVER EFFORTS  [121]
`), "test.verbs")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{Actors: []*actor.Dict{a}, Verbs: []*VerbDict{v}})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string][]string{
		"Bree didn't clash over the efforts of Eriador.":     {"BRE ERI 904"},
		"Bree can't ever clash over the efforts of Eriador.": {"BRE ERI 905"},
		"Bree won't clash over the efforts of Eriador.":      {"BRE ERI 904"},
		"Bree will clash over the efforts of Eriador.":       {"BRE ERI 121"},
	} {
		if got := codeTuples(c, text); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", text, got, want)
		}
	}
	if got := treebankContractions([]string{"didn't", "go", "n't"}); !slices.Equal(got, []string{"did", "n't", "go", "n't"}) {
		t.Errorf("treebankContractions = %q", got)
	}
}
