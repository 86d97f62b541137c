package actor

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

func findPhrase(d *Dict, text string) *Entry {
	for i := range d.Entries {
		for _, p := range d.Entries[i].Phrases {
			if p.Text == text {
				return &d.Entries[i]
			}
		}
	}
	return nil
}

func TestTABARIDemoActors(t *testing.T) {
	d := loadShared(t, sharedDicts[0])
	gollum := findPhrase(d, "gollum*")
	if gollum == nil {
		t.Fatal("GOLLUM missing")
	}
	if len(gollum.Phrases) != 4 || gollum.Phrases[1].Text != "smeagol*" {
		t.Errorf("GOLLUM synonyms: %+v", gollum.Phrases)
	}
	for date, want := range map[string]string{"1990-01-01": "HOB", "1995-06-01": "HOBGOV", "1999-08-15": "HOBGOV", "1999-08-16": "HOBREB", "2005-01-01": "HOBREB"} {
		if got := gollum.CodeAt(day(date)); got != want {
			t.Errorf("GOLLUM on %s: %q, want %q", date, got, want)
		}
	}
	albright := findPhrase(d, "albright*")
	if albright == nil || albright.Code != CodeNull || albright.CodeAt(day("2000-06-01")) != "USAGOV" || albright.CodeAt(day("2001-01-15")) != CodeNull {
		t.Errorf("ALBRIGHT: %+v", albright)
	}
	if e := findPhrase(d, "al gore*"); e == nil || e.Code != "AGR" {
		t.Errorf("AL_GORE: %+v", e)
	}
	if e := findPhrase(d, "al* gore*"); e == nil || e.Code != "TEN" {
		t.Errorf("AL GORE: %+v", e)
	}
	if e := findPhrase(d, "estonia"); e == nil || e.Code != "EST" {
		t.Errorf("ESTONIA_ (no prefix match): %+v", e)
	}
	if e := findPhrase(d, "lorien*"); e == nil || e.Code != "ELR/GAL" {
		t.Errorf("LORIEN compound: %+v", e)
	}
	if e := findPhrase(d, "zimbabwe*"); e == nil || e.CodeAt(day("1979-01-01")) != "RHO" || e.CodeAt(day("1990-01-01")) != "ZBW" {
		t.Errorf("ZIMBABWE: %+v", e)
	}
	if e := findPhrase(d, "ent*"); e == nil || e.CodeAt(day("1988-01-01")) != CodeDiscard || e.CodeAt(day("1990-01-01")) != "ENT" {
		t.Errorf("ENT: %+v", e)
	}
	if !slices.Contains(d.Nouns, "BEES") || !slices.Contains(d.Adjectives, "LOVELY") || len(d.Nouns) != 8 {
		t.Errorf("nouns %v, adjectives %v", d.Nouns, d.Adjectives)
	}
	if findPhrase(d, "volleyball*") == nil || findPhrase(d, "albrighz*") != nil {
		t.Error("entries after the commented-out lines were not read right")
	}
}

func TestPhoenixCountriesRoles(t *testing.T) {
	d := loadShared(t, sharedDicts[10])
	putin := findPhrase(d, "vladimir putin")
	if putin == nil {
		t.Fatal("VLADIMIR_PUTIN_ missing")
	}
	if putin.Code != "RUSELI" || !slices.ContainsFunc(putin.Phrases, func(p Phrase) bool { return p.Text == "putin" }) {
		t.Errorf("Putin: code %q, phrases %v", putin.Code, putin.Phrases)
	}
	for date, want := range map[string]string{"1985-01-01": "RUSELI", "2004-01-01": "RUSGOV", "2008-05-07": "RUSGOV", "2008-05-08": "RUSGOV", "2015-01-01": "RUSGOV"} {
		if got := putin.CodeAt(day(date)); got != want {
			t.Errorf("Putin on %s: %s, want %s", date, got, want)
		}
	}
	obama := findPhrase(d, "barack obama")
	if obama == nil || obama.CodeAt(day("2010-01-01")) != "USAGOV" || obama.CodeAt(day("2005-01-01")) != "" {
		t.Errorf("Obama: %+v", obama)
	}
	wallace := findPhrase(d, "henry a. wallace")
	if wallace == nil || wallace.CodeAt(day("1910-01-01")) != "USAELI" {
		t.Errorf("8-digit dates: %+v", wallace)
	}
	if e := findPhrase(d, "afghanistan"); e == nil || e.Code != "AFG" || len(e.Phrases) < 5 {
		t.Errorf("AFGHANISTAN_: %+v", e)
	}
}

func TestPETRARCHAgents(t *testing.T) {
	d := loadShared(t, sharedDicts[9])
	if e := findPhrase(d, "attorneys general"); e == nil || e.Code != "GOV" || e.Phrases[0].Text != "attorney general" {
		t.Errorf("explicit plural: %+v", e)
	}
	if e := findPhrase(d, "media"); e == nil || len(e.Phrases) != 1 {
		t.Errorf("{} means no plural: %+v", e)
	}
	if e := findPhrase(d, "ambassadors"); e == nil || e.Code != "GOV" {
		t.Errorf("automatic plural: %+v", e)
	}
	if e := findPhrase(d, "congresses"); e == nil || e.Code != "LEG" {
		t.Errorf("plural of a word ending in s: %+v", e)
	}
	if e := findPhrase(d, "congresswomen"); e == nil || e.Code != "LEG" {
		t.Errorf("substitution marker: %+v", e)
	}
	if e := findPhrase(d, "ministries of silly walks"); e == nil || e.Code != "GOV" {
		t.Errorf("marker at the start: %+v", e)
	}
	if e := findPhrase(d, "human rights body"); e == nil || e.Code != "NGO" || !e.AgentFirst {
		t.Errorf("[NGO~]: %+v", e)
	}
}

func TestTABARIAgents(t *testing.T) {
	d := loadShared(t, sharedDicts[1])
	e := findPhrase(d, "parliamentary opposition")
	if e == nil || e.Code != "OPP" || e.Kind != KindAgent || len(e.Phrases) != 2 || e.Phrases[1].Text != "parliamentary oppositions" {
		t.Errorf("PARLIAMENTARY_OPPOSITION_: %+v", e)
	}
	if e := findPhrase(d, "human rights activists"); e == nil || e.Code != "NGM" || !e.AgentFirst {
		t.Errorf("[  NGM~]: %+v", e)
	}
}

func TestBracketedErrors(t *testing.T) {
	actors := []struct{ in, want string }{
		{"RUSSIA [RUS\n", `f:1: code block "[RUS" has no closing ]`},
		{"+RUSSIAN\n", "f:1: synonym line (+) before any entry"},
		{"\t[RUS]\n", "f:1: indented code line before any entry"},
		{"PUTIN\n\tRUSGOV\n", `f:2: indented line "RUSGOV": want a [CODE] block`},
		{"X [USA 991301-000101]\n", `f:1: date "991301" is not a calendar day`},
		{"X [USA 20000101-19990101]\n", `f:1: date restriction "20000101-19990101" ends before it starts`},
		{"X []\n", "f:1: empty code block []"},
		{"X [990101-000101]\n", `f:1: code "990101-000101" starts with a digit`},
		{"X [USA 99010-990101]\n", `f:1: date "99010": want YYMMDD or YYYYMMDD`},
		{"X [USA 99010]\n", `f:1: date restriction "99010": want <DATE, >DATE or DATE-DATE`},
		{"X [USA >9901O1]\n", `f:1: date "9901O1": want YYMMDD or YYYYMMDD digits`},
		{"X [USA ~990101]\n", `f:1: date restriction "~990101": want <DATE, >DATE or DATE-DATE`},
		{"X [US-A]\n", `f:1: code "US-A": want letters and digits`},
		{" [USA]\n", "f:1: indented code line before any entry"},
		{"[USA]\n", "f:1: entry has no phrase before its code"},
		{"<!-- open\nX [USA]\n", "f:2: comment opened with <!-- is never closed"},
		{"A|B [USA]\n", `f:1: phrase "A|B": "a|b" holds a reserved character`},
	}
	for _, c := range actors {
		for _, load := range []func(r *strings.Reader) error{
			func(r *strings.Reader) error { _, err := LoadTABARIActors(r, "f"); return err },
			func(r *strings.Reader) error { _, err := LoadPETRARCHActors(r, "f"); return err },
		} {
			err := load(strings.NewReader(c.in))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("actors %q:\n got %v\nwant %s", c.in, err, c.want)
			}
		}
	}
	agents := []struct{ in, want string }{
		{"GOVERNMENT [GOV]\n", "f:1: agent code [GOV]: want [~CODE] or [CODE~]"},
		{"GOVERNMENT\n", `f:1: agent "GOVERNMENT" has no [~CODE]`},
		{"GOVERNMENT [~GOV\n", "f:1: code block [~GOV has no closing ]"},
		{"GOVERNMENT [~GOV] junk\n", `f:1: unexpected "junk" after the agent code`},
		{"GOVERNMENT [~]\n", `f:1: agent code "": want letters and digits`},
		{"GOVERNMENT {GOVTS [~GOV]\n", "f:1: {plural} has no closing }"},
		{"!X! = \n", "f:1: substitution marker !X! has no words"},
		{"!X = A, B\n", `f:1: substitution marker "!X": want !NAME! = word, word`},
		{"!UNDEF!_MAN [~GOV]\n", "f:1: substitution marker !UNDEF! is not defined above"},
		{"CATTLE!MAN [~AGR]\n", `f:1: substitution marker in "CATTLE!MAN" is not closed`},
		{"[~GOV]\n", "f:1: agent has no phrase before its code"},
	}
	for _, c := range agents {
		for _, load := range []func(r *strings.Reader) error{
			func(r *strings.Reader) error { _, err := LoadTABARIAgents(r, "f"); return err },
			func(r *strings.Reader) error { _, err := LoadPETRARCHAgents(r, "f"); return err },
		} {
			err := load(strings.NewReader(c.in))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("agents %q:\n got %v\nwant %s", c.in, err, c.want)
			}
		}
	}
}

func TestBracketedDateForms(t *testing.T) {
	in := "A [AAA <200101]\nB [BBB > 19990601]\nC\n\t[CCC 990101 - 991231]\n\t[CCX]\nD [DDD 270101-730717]\nE [EEE 040931-041231]\n"
	d, err := LoadTABARIActors(strings.NewReader(in), "f")
	if err != nil {
		t.Fatal(err)
	}
	check := func(phrase, date, want string) {
		t.Helper()
		e := findPhrase(d, phrase)
		if e == nil {
			t.Fatalf("%s missing", phrase)
		}
		if got := e.CodeAt(day(date)); got != want {
			t.Errorf("%s on %s: %q, want %q", phrase, date, got, want)
		}
	}
	check("a*", "2019-12-31", "AAA")
	check("a*", "2020-01-01", "")
	check("b*", "1999-05-31", "")
	check("b*", "1999-06-01", "BBB")
	check("c*", "1999-12-31", "CCC") // an interval includes its last day
	check("c*", "2000-01-01", "CCX")
	check("d*", "1950-01-01", "DDD") // a start in the 2000s past its end is of the 1900s
	check("d*", "1974-01-01", "")
	check("e*", "2004-10-01", "EEE") // September 31 rolls into October, as in TABARI
	check("e*", "2004-09-30", "")
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{
		"x/TABARI.Demo.actors": FormatTABARIActors, "PSU.120522.agents": FormatTABARIAgents,
		"Phoenix.Countries.actors.txt": FormatPETRARCHActors, "Phoenix.agents.txt": FormatPETRARCHAgents,
		"PLOVER_agents.txt": FormatPETRARCHAgents, "mine.txt": FormatSitrep, "people": FormatSitrep,
	} {
		if got := FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %s, want %s", name, got, want)
		}
	}
	if _, err := LoadReader(strings.NewReader(""), "x", Format("nope")); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestLoadFile(t *testing.T) {
	path := shared.Path(t, "eventcoding/petrarch2/Phoenix.MilNonState.actors.txt")
	d, err := LoadFile(path)
	if err != nil || d.Len() < 500 {
		t.Fatalf("LoadFile: %v, %d entries", err, d.Len())
	}
	if _, err := LoadFile(path + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	_ = time.Now
}
