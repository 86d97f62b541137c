package actor

import (
	"fmt"
	"strings"
	"testing"
)

// toks splits a test sentence into tokens the way a tokenizer would, leaving
// punctuation attached where it belongs to the word ("U.S.").
func toks(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(w, ",;:!?")
		if strings.HasSuffix(w, ".") && strings.Count(w, ".") == 1 && len(w) > 3 {
			w = strings.TrimSuffix(w, ".")
		}
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

type want struct {
	text, code, country, igo string
}

func matchAll(m *Matcher, sentence, date string) []want {
	var out []want
	for _, mt := range m.Match(toks(sentence), day(date)) {
		out = append(out, want{mt.Actor.Text, mt.Actor.Code, mt.Actor.Country, mt.Actor.IGO})
	}
	return out
}

func TestDefaultMatcher(t *testing.T) {
	m := DefaultMatcher()
	cases := []struct {
		sentence, date string
		want           []want
	}{
		{"Vladimir Putin met Donald Trump in Anchorage", "2025-08-15", []want{
			{"Vladimir Putin", "RUSGOV", "RUS", ""}, {"Donald Trump", "USAGOV", "USA", ""}, {"Anchorage", "USA", "USA", ""}}},
		{"Trump criticised the Fed", "2023-01-01", []want{{"Trump", "USAELI", "USA", ""}, {"the Fed", "USAGOV", "USA", ""}}},
		{"Russian forces shelled Kherson", "2025-03-01", []want{
			{"Russian", "RUS", "RUS", ""}, {"forces", "MIL", "", ""}, {"Kherson", "UKR", "UKR", ""}}},
		{"The Kremlin said Moscow would answer Kyiv and Kiev", "2025-03-01", []want{
			{"The Kremlin", "RUSGOV", "RUS", ""}, {"Moscow", "RUSGOV", "RUS", ""}, {"Kyiv", "UKRGOV", "UKR", ""}, {"Kiev", "UKRGOV", "UKR", ""}}},
		{"The White House and the Pentagon told Washington", "2025-03-01", []want{
			{"The White House", "USAGOV", "USA", ""}, {"the Pentagon", "USAMIL", "USA", ""}, {"Washington", "USAGOV", "USA", ""}}},
		{"NATO and the EU met the UN chief", "2025-03-01", []want{
			{"NATO", "IGOWSTNAT", "WST", "NATO"}, {"EU", "IGOEUREEC", "EUR", "EU"}, {"UN", "IGOUNO", "", "UN"}}},
		{"Mark Rutte spoke", "2025-03-01", []want{{"Mark Rutte", "IGOWSTNAT", "WST", "NATO"}}},
		{"Mark Rutte spoke", "2020-03-01", []want{{"Mark Rutte", "NLDGOV", "NLD", ""}}},
		{"Guterres and the WHO warned us", "2025-03-01", []want{
			{"Guterres", "IGOUNO", "", "UN"}, {"WHO", "IGOUNOHLHWHO", "", "WHO"}}},
		{"who told us about the US and the U.S.", "2025-03-01", []want{{"US", "USA", "USA", ""}, {"U.S.", "USA", "USA", ""}}},
		{"Russia's foreign ministry summoned Germany’s ambassador", "2025-03-01", []want{
			{"Russia's", "RUS", "RUS", ""}, {"foreign ministry", "GOV", "", ""}, {"Germany’s", "DEU", "DEU", ""}, {"ambassador", "GOV", "", ""}}},
		{"Erdoğan and Erdogan", "2025-03-01", []want{{"Erdoğan", "TURGOV", "TUR", ""}, {"Erdogan", "TURGOV", "TUR", ""}}},
		{"Donald Trump Jr. posted", "2025-03-01", []want{{"Donald Trump Jr.", "USAELI", "USA", ""}}},
		{"Kaja Kallas", "2025-03-01", []want{{"Kaja Kallas", "IGOEUREEC", "EUR", "EU"}}},
		{"Hamas and the Taliban", "2020-01-01", []want{{"Hamas", "PSEREBHMS", "PSE", ""}, {"the Taliban", "AFGREB", "AFG", ""}}},
		{"the Taliban", "2022-01-01", []want{{"the Taliban", "AFGGOV", "AFG", ""}}},
		{"North Korea and South Korea and Korea", "2025-03-01", []want{
			{"North Korea", "PRK", "PRK", ""}, {"South Korea", "KOR", "KOR", ""}, {"Korea", "KOR", "KOR", ""}}},
		{"", "2025-03-01", nil},
	}
	for _, c := range cases {
		got := matchAll(m, c.sentence, c.date)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q on %s:\n got %v\nwant %v", c.sentence, c.date, got, c.want)
		}
	}
}

func TestMatcherSpansAndEntries(t *testing.T) {
	m := DefaultMatcher()
	ms := m.Match([]string{"Yesterday", "Russian", "President", "Vladimir", "Putin", "said"}, day("2025-01-01"))
	if len(ms) != 3 {
		t.Fatalf("matches: %+v", ms)
	}
	if ms[0].Start != 1 || ms[0].End != 2 || !ms[0].Adjective || ms[0].Entry.Kind != KindState {
		t.Errorf("Russian: %+v", ms[0])
	}
	if !ms[1].Agent() || ms[1].Actor.Code != "GOV" {
		t.Errorf("President: %+v", ms[1])
	}
	if ms[2].Start != 3 || ms[2].End != 5 || ms[2].Entry.Kind != KindPerson || ms[2].Actor.Name != "Vladimir Putin" {
		t.Errorf("Vladimir Putin: %+v", ms[2])
	}
	if got := WithAgent(ms[0].Actor.Code, ms[1].Entry); got != "RUSGOV" {
		t.Errorf("WithAgent = %s", got)
	}
}

func TestMatcherPrefixWordsOverridesAndUndatedGaps(t *testing.T) {
	tab, err := LoadTABARIActors(strings.NewReader("ARGENTIN [ARG]\nUNITED_STATES_ [USA]\nMAWLAWI [AFGGOV 010416-011113]\nMAWLAWI_KABIR [AFG]\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	own, err := Load(strings.NewReader("state ARG Argentina\n  adj Argentine\nactor XXX United States\n"), "o")
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(tab, own)
	got := matchAll(m, "Argentine officials met United States envoys and Argentinians", "2001-06-01")
	want := []want{{"Argentine", "ARG", "ARG", ""}, {"United States", "XXX", "XXX", ""}, {"Argentinians", "ARG", "ARG", ""}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	// MAWLAWI has a code only in 2001; outside it the shorter phrase is not there either.
	if got := matchAll(m, "Mawlawi spoke", "2001-06-01"); len(got) != 1 || got[0].code != "AFGGOV" {
		t.Errorf("in office: %v", got)
	}
	if got := matchAll(m, "Mawlawi spoke", "2005-06-01"); len(got) != 0 {
		t.Errorf("out of office: %v", got)
	}
	if got := matchAll(m, "Mawlawi Kabir spoke", "2005-06-01"); len(got) != 1 || got[0].code != "AFG" {
		t.Errorf("longer phrase: %v", got)
	}
	if m.Phrases() != 7 {
		t.Errorf("Phrases = %d", m.Phrases())
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Russia": "russia", "russia": "russia", "Russia's": "russia", "Russia’s": "russia", "Ministers'": "ministers",
		"U.S.": "u.s", "U.S": "u.s", "Élysée": "elysee", "Erdoğan": "erdogan", "Łukasz": "lukasz", "Støre": "store",
		"Straße": "strasse", "...": "...", "'s": "'s", "": "", "ÆON": "aeon", "Kyiv.": "kyiv",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := foldCase("ÉLYSÉE’s"); got != "ELYSEE" {
		t.Errorf("foldCase = %q", got)
	}
	if testing.AllocsPerRun(100, func() { Fold("russia") }) != 0 {
		t.Error("Fold allocates for a folded word")
	}
}

func TestActorJSONContract(t *testing.T) {
	a := Actor{Code: "RUSGOV", Country: "RUS", Name: "Vladimir Putin", Text: "Putin"}
	b, err := jsonMarshal(a)
	if err != nil || b != `{"code":"RUSGOV","country":"RUS","name":"Vladimir Putin","text":"Putin"}` {
		t.Errorf("JSON %s, %v", b, err)
	}
	b, _ = jsonMarshal(Actor{Code: "IGOWSTNAT", Country: "WST", Name: "NATO", IGO: "NATO"})
	if b != `{"code":"IGOWSTNAT","country":"WST","name":"NATO","igo":"NATO"}` {
		t.Errorf("JSON %s", b)
	}
}
