package coder

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestCurrentNews codes sentences written the way 2025–26 news reads, with
// the default dictionaries, and checks the dyads at (source country, target
// country, root) — the level the real-sentence suites are scored at. They
// are no suite's sentences: they keep the coder honest on the news it will
// meet (people in office now, metonyms, nominal events, reported speech).
func TestCurrentNews(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		text string
		want string // "SRC>TGT:root" dyads, sorted, space-separated; "" for none
	}{
		{"Putin and Trump met in Anchorage on Friday.", "RUS>USA:04 USA>RUS:04"},
		// A meeting proposed is no meeting; attacks stopped are no attacks;
		// observing a truce is no symbolic act.
		{"Umerov said the next step should be a meeting between Zelensky and Putin.", ""},
		{"Russia halted strikes on Ukrainian energy sites.", "RUS>UKR:08"},
		{"Vladimir Putin agreed to stop attacks on Ukrainian energy infrastructure.", "RUS>UKR:03"},
		{"Russia observed the truce with Ukraine over Easter.", "RUS>UKR:08"},
		// A verb joined by "and" takes no subject from the object of the
		// verb before it, known to the dictionaries or not.
		{"The plan would cap Ukraine's armed forces at 600,000 troops and lift sanctions on Russia in stages.", ""},
		{"Ukraine's military said Russian forces shelled Kherson overnight.", "RUS>UKR:19"},
		{"China called on Russia and Ukraine to resume talks.", "CHN>RUS:02 CHN>UKR:02"},
		{"Talks between Washington and Moscow resumed in Riyadh on Tuesday.", "RUS>USA:04 USA>RUS:04"},
		{"The attack by Russia on Ukraine's energy grid killed three people.", "RUS>UKR:19"},
		{"Zelensky's visit to Washington ended without a deal.", "UKR>USA:04"},
		{"Israeli strikes on Gaza killed at least 30 people, the health ministry said.", "ISR>PSE:19"},
		{"Russian drones struck Kyiv overnight, killing two civilians, Ukrainian officials said.", "RUS>UKR:19"},
		{"Trump threatened to impose tariffs on India over its purchases of Russian oil.", "USA>IND:13"},
		{"Macron hosted Zelensky at the Elysee Palace on Monday.", "FRA>UKR:04"},
		{"Starmer spoke with Zelensky by phone on Wednesday.", "GBR>UKR:04 UKR>GBR:04"},
		{"Hamas released four Israeli hostages on Saturday.", "PSE>ISR:08"},
		{"India and Pakistan agreed to a ceasefire after four days of fighting.", "IND>PAK:03 PAK>IND:03"},
		{"Pakistan accused India of attacking civilians in Kashmir.", "PAK>IND:11"},
		{"The Pentagon announced it would send Patriot missiles to Ukraine.", "USA>UKR:03"},
		{"Russia and Ukraine exchanged prisoners on Thursday.", "RUS>UKR:08 UKR>RUS:08"},
		{"Witkoff met Putin in Moscow to discuss a peace plan.", "USA>RUS:04"},
		{"Xi Jinping and Trump held talks in Busan.", "CHN>USA:04 USA>CHN:04"},
		{"The United Nations urged Israel to allow aid into Gaza.", "IGO>ISR:02"},
		{"Hamas threatened to resume attacks on Israel.", "PSE>ISR:13"},
		{"Palestinian leaders said they would boycott all official contact with the United States.", "PSE>USA:13"},
		{"Ukrainian forces struck an oil refinery in Russia's Samara region overnight, the general staff said.", "UKR>RUS:19"},
		{"Thailand and Cambodia agreed to an immediate ceasefire after talks in Malaysia.", "KHM>THA:03 THA>KHM:03"},
		{"Pakistan and Afghanistan's Taliban government agreed to a truce after deadly border clashes.", "AFG>PAK:03 PAK>AFG:03"},
		{"Azerbaijan and Armenia signed a peace agreement at the White House.", "ARM>AZE:05 AZE>ARM:05"},
		{"Modi and Xi met on the sidelines of the SCO summit in Tianjin.", "CHN>IND:04 IND>CHN:04"},
		{"The Philippines protested China's actions in the South China Sea.", "PHL>CHN:11"},
		{"Macron said France would recognise a Palestinian state.", "FRA>PSE:03"},
		{"Germany will send additional Patriot systems to Ukraine, Defence Minister Boris Pistorius said.", "DEU>UKR:03"},
		{"Three people were killed in a Russian missile attack on Kyiv, officials said.", "RUS>UKR:19"},
		{"Obama said he would not provide support to Israel.", "USA>ISR:12"},
		{"The US claimed that ISIL had attacked Iraq.", "USA>IMG:11"},
		// Headlines.
		{"Putin, Trump to meet in Budapest, Kremlin says", "RUS>USA:03 USA>RUS:03"},
		{"US, Ukraine sign minerals deal", "UKR>USA:05 USA>UKR:05"},
		{"Ukraine accuses Russia of war crimes", "UKR>RUS:11"},
		{"Israel kills Hamas commander in Gaza strike, military says", "ISR>PSE:19"},
		{"The Houthis claimed responsibility for a drone attack on Eilat.", "YEM>ISR:01"},
		{"Kim Jong Un's visit to Beijing was his first since 2019.", "PRK>CHN:04"},
		{"A new Russian attack on Kyiv killed five people.", "RUS>UKR:19"},
		{"China called for new talks between Russia and Ukraine.", "CHN>RUS:02 CHN>UKR:02"},
		{"Erdogan said Turkey was ready to host peace talks between Russia and Ukraine.", "TUR>RUS:03 TUR>UKR:03"},
		{"Thousands of Russians protested in Moscow.", "RUS>RUS:14"},
		// A deed denied is no deed.
		{"Russia denied targeting civilians.", ""},
		// Awaited or wished-for events named by a noun are not events.
		{"China called for talks between Russia and Ukraine.", "CHN>RUS:02 CHN>UKR:02"},
		{"Preparations for a visit to Beijing by the French president are under way.", ""},
		{"The Kremlin said Putin and Trump discussed a possible prisoner exchange.", "RUS>USA:04 USA>RUS:04"},
		// A state's own name after the verb is a destination, not a party.
		{"The Canadian government announced bans on travel to Canada.", ""},
		// Sport is no conflict.
		{"Russia beat Ukraine 2-1 in the final.", ""},
	}
	for _, tc := range cases {
		var got []string
		seen := map[string]bool{}
		for _, e := range c.CodeSentence(tc.text, ref) {
			if e.Negated || e.Conditional || e.Target == nil {
				continue
			}
			k := fmt.Sprintf("%s>%s:%s", ctry(e.Source.Code), ctry(e.Target.Code), e.Root)
			if !seen[k] {
				seen[k] = true
				got = append(got, k)
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%s\n got  %q\n want %q", tc.text, g, tc.want)
		}
	}
}

func ctry(code string) string {
	if len(code) > 3 {
		return code[:3]
	}
	return code
}

// FuzzCodeNews codes arbitrary text with the default dictionaries, so the
// news rules (nominal events, titles, possessives, places) meet odd input.
func FuzzCodeNews(f *testing.F) {
	for _, s := range []string{
		"", "Talks between", "the attack by", "'s visit to", "President", "ethnic Albanians in",
		"Putin and Trump met in Anchorage on Friday.",
		"Talks between Washington and Moscow resumed in Riyadh on Tuesday.",
		"The attack by Russia on Ukraine's energy grid killed three people.",
		"Four children were killed in Israeli tank shelling in the east of the Gaza Strip.",
		"U.S. Secretary of State George Shultz and Soviet Foreign Minister Eduard Shevardnadze met today.",
		"Ethnic Albanians in south Serbia are demanding a U.N. military presence.",
		"\x00\xff\"Unbalanced 's ' -led", strings.Repeat("Russia's ", 300) + "attack on",
	} {
		f.Add(s)
	}
	c, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	ref := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range c.CodeText(s, ref) {
			if e.Source == nil || e.CAMEO == "" {
				t.Fatalf("event without source or code: %+v", e)
			}
		}
	})
}
