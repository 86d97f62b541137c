package actor

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

const sample = `# a comment
state RUS Russia
  also Russian Federation | the Russian Federation   # trailing comment
  adj Russian | Russians
  capital Moscow

igo IGOWSTNAT NATO
  also North Atlantic Treaty Organization
igo IGOUNOHLHWHO =WHO
person USA Donald Trump
  also Trump
  role USAGOV 2017-01-20..2021-01-20
  role USAGOV 2025-01-20..
person USA Elon Musk
  role USAGOV 2025-01-20..2025-05-30
  role USABUS
agent MIL military
  also troops | forces
agent NGO aid groups
  first yes
actor UKR Argentin*
  note a prefix word
`

func TestLoadOwnFormat(t *testing.T) {
	d, err := Load(strings.NewReader(sample), "sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 9 {
		t.Fatalf("%d entries, want 9 (the capital adds one)", d.Len())
	}
	rus := d.Find(KindState, "russia")
	if rus == nil || rus.Code != "RUS" || rus.Country != "RUS" || rus.Capital != "Moscow" || len(rus.Phrases) != 5 {
		t.Fatalf("Russia: %+v", rus)
	}
	if !rus.Phrases[3].Adjective || rus.Phrases[1].Adjective {
		t.Errorf("adjective flags: %+v", rus.Phrases)
	}
	if rus.Source != "sample.txt:2" {
		t.Errorf("source %q", rus.Source)
	}
	moscow := d.Find(KindActor, "Moscow")
	if moscow == nil || moscow.Code != "RUSGOV" || moscow.Country != "RUS" {
		t.Errorf("Moscow metonym: %+v", moscow)
	}
	who := d.Find(KindIGO, "WHO")
	if who == nil || !who.Phrases[0].Exact || who.IGO != "WHO" || who.Phrases[0].Text != "WHO" {
		t.Errorf("WHO: %+v", who)
	}
	trump := d.Find(KindPerson, "Donald Trump")
	if trump == nil || trump.Code != "USAELI" || trump.Country != "USA" || len(trump.Roles) != 2 {
		t.Fatalf("Trump: %+v", trump)
	}
	for date, want := range map[string]string{
		"2016-12-31": "USAELI", "2017-01-20": "USAGOV", "2021-01-19": "USAGOV", "2021-01-20": "USAELI",
		"2023-01-01": "USAELI", "2025-01-20": "USAGOV", "2025-08-15": "USAGOV", "2031-01-01": "USAGOV",
	} {
		if got := trump.CodeAt(day(date)); got != want {
			t.Errorf("Trump on %s: %s, want %s", date, got, want)
		}
	}
	if got := trump.CodeAt(time.Time{}); got != "USAELI" {
		t.Errorf("Trump on no date: %s", got)
	}
	musk := d.Find(KindPerson, "Elon Musk")
	if musk.Code != "USABUS" || musk.CodeAt(day("2025-03-01")) != "USAGOV" || musk.CodeAt(day("2025-06-01")) != "USABUS" {
		t.Errorf("Musk: %+v", musk)
	}
	if ngo := d.Find(KindAgent, "aid groups"); ngo == nil || !ngo.AgentFirst {
		t.Errorf("NGO agent: %+v", ngo)
	}
	if p := d.Find(KindActor, "Argentin*"); p == nil || p.Phrases[0].Text != "Argentin*" {
		t.Errorf("prefix phrase: %+v", p)
	}
}

func TestLoadOwnFormatErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  also Russia\n", "x.txt:1: indented line before any entry header"},
		{"country RUS Russia\n", `x.txt:1: unknown entry kind "country"`},
		{"state RUS\n", "x.txt:1: state header needs a code and a name"},
		{"state rus Russia\n", `x.txt:1: code "rus": want upper-case letters or digits only`},
		{"state RUSS Russia\n", `x.txt:1: state code "RUSS": want three letters`},
		{"state RUS Russia\n  colour red\n", `x.txt:2: unknown attribute "colour"`},
		{"state RUS Russia\n  also\n", `x.txt:2: "also" needs a value`},
		{"state RUS Russia\n  also a || b\n", "x.txt:2: empty phrase"},
		{"person USA Joe\n  role USAGOV 2021-01-20\n", `x.txt:2: role dates "2021-01-20": want FROM..TO`},
		{"person USA Joe\n  role USAGOV 2021-13-20..\n", `x.txt:2: date "2021-13-20": want YYYY-MM-DD`},
		{"person USA Joe\n  role USAGOV 2025-01-20..2021-01-20\n", "x.txt:2: role dates \"2025-01-20..2021-01-20\": the start is not before the end"},
		{"person USA Joe\n  role USAGOV ..\n", "x.txt:2: role dates \"..\": at least one end must be given"},
		{"person USA Joe\n  role USAGOV 2021-01-20.. extra\n", "x.txt:2: role \"USAGOV 2021-01-20.. extra\""},
		{"person USA Joe\n  role USAELI\n  role USABUS\n", "x.txt:3: a second undated role"},
		{"agent GOV government\n  role USAGOV 2021-01-01..\n", "x.txt:2: agents take no roles"},
		{"agent GOV government\n  adj governmental\n", "x.txt:2: agents take no adjectives"},
		{"region EUR Europe\n  capital Brussels\n", "x.txt:2: capital on a region entry"},
		{"state RUS Russia\n  capital Moscow\n  capital Kazan\n", "x.txt:3: a second capital"},
		{"state RUS Russia\n  also Rus*sia\n", `x.txt:2: phrase "Rus*sia": "*" may only end a word`},
		{"state RUS Russia\n  igo RUS\n", "x.txt:2: igo label on a state entry"},
		{"state RUS Russia\n  country USA\n", "x.txt:2: a state is its own country"},
		{"person USA Joe\n  country US\n", `x.txt:2: country "US": want a three-letter code`},
		{"person US Joe\n", `x.txt:1: code "US": want 3 to 30`},
		{"agent GOV government\n  first no\n", `x.txt:2: "first yes" is for agents`},
		{"state RUS Russia\n  also \xff\n", "x.txt:2: line is not valid UTF-8"},
		{"state RUS Russia\n  also a\x01b\n", `x.txt:2: phrase "a\x01b" holds a control character`},
	}
	for _, c := range cases {
		_, err := Load(strings.NewReader(c.in), "x.txt")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Load(%q):\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

func TestLoadReportsEveryProblemAndKeepsTheRest(t *testing.T) {
	in := "state RUS Russia\n  colour red\nstate XX Nowhere\n  also Nowhere land\nstate UKR Ukraine\n  also Ukraina\n"
	d, err := Load(strings.NewReader(in), "x.txt")
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 2 {
		t.Fatalf("err = %v", err)
	}
	if le.Problems[0].Line != 2 || le.Problems[1].Line != 3 {
		t.Errorf("problem lines %d, %d", le.Problems[0].Line, le.Problems[1].Line)
	}
	if d == nil || d.Find(KindState, "Ukraine") == nil || d.Find(KindState, "Russia") == nil {
		t.Fatalf("good entries lost: %+v", d)
	}
	if d.Find(KindState, "Nowhere") != nil || d.Count(KindState) != 2 {
		t.Errorf("bad header's block was kept: %+v", d.Entries)
	}
	if !strings.Contains(err.Error(), "x.txt:2: ") || !strings.Contains(err.Error(), "\nx.txt:3: ") {
		t.Errorf("error text: %q", err.Error())
	}
}
