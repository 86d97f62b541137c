package actor

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/dict"
)

func TestDefaultLoadsCleanly(t *testing.T) {
	d, err := LoadFS(dict.FS, DefaultDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries: %d states, %d regions, %d IGOs, %d people, %d agents, %d other actors",
		d.Len(), d.Count(KindState), d.Count(KindRegion), d.Count(KindIGO), d.Count(KindPerson), d.Count(KindAgent), d.Count(KindActor))
}

// phraseKey is a phrase as the matcher sees it.
func phraseKey(p Phrase) string {
	var b []byte
	for i, w := range p.Words() {
		if i > 0 {
			b = append(b, ' ')
		}
		if p.Exact {
			b = append(b, foldCase(w)...)
		} else {
			b = append(b, Fold(w)...)
		}
	}
	if p.Exact {
		return "=" + string(b)
	}
	return string(b)
}

func TestDefaultPhrasesNameOneEntry(t *testing.T) {
	d := Default()
	seen := map[string]*Entry{}
	for i := range d.Entries {
		e := &d.Entries[i]
		mine := map[string]bool{}
		for _, p := range e.Phrases {
			k := phraseKey(p)
			if mine[k] {
				t.Errorf("%s: %s lists %q twice", e.Source, e.Name, p.Text)
			}
			mine[k] = true
			if o, ok := seen[k]; ok {
				t.Errorf("%q names both %s (%s) and %s (%s)", p.Text, o.Name, o.Source, e.Name, e.Source)
				continue
			}
			seen[k] = e
		}
	}
}

// unMembers are the 193 member states of the United Nations.
var unMembers = strings.Fields(`AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD
DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI
HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX
MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD
NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE
SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR
ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE`)

func TestDefaultHasEveryState(t *testing.T) {
	if len(unMembers) != 193 {
		t.Fatalf("the test lists %d UN members", len(unMembers))
	}
	d := Default()
	states := map[string]*Entry{}
	for i := range d.Entries {
		if e := &d.Entries[i]; e.Kind == KindState {
			if _, dup := states[e.Code]; dup {
				t.Errorf("state %s listed twice", e.Code)
			}
			states[e.Code] = e
		}
	}
	for _, c := range append(unMembers, "VAT", "PSE") {
		e, ok := states[c]
		if !ok {
			t.Errorf("state %s missing", c)
			continue
		}
		if e.Country != c || len(e.Phrases) < 2 {
			t.Errorf("state %s: %+v", c, e)
		}
	}
	capitals := 0
	for _, e := range states {
		if e.Capital != "" {
			capitals++
		}
	}
	if capitals < 200 {
		t.Errorf("only %d states have a capital", capitals)
	}
}

func TestDefaultCounts(t *testing.T) {
	d := Default()
	for k, min := range map[Kind]int{KindState: 200, KindRegion: 20, KindIGO: 50, KindPerson: 500, KindAgent: 15, KindActor: 400} {
		if n := d.Count(k); n < min {
			t.Errorf("%d %s entries, want at least %d", n, k, min)
		}
	}
}

// TestDefaultRoleCodes checks that every code in the people files starts
// with a known state, region or IGO code and that dated roles do not overlap
// with different codes, which would make the answer depend on their order.
func TestDefaultRoleCodes(t *testing.T) {
	d := Default()
	m := DefaultMatcher()
	known := func(code string) bool {
		return m.country[code[:3]] || m.IGOOf(code) != "" || intlPrefixes[code[:3]]
	}
	for i := range d.Entries {
		e := &d.Entries[i]
		if e.Kind == KindAgent {
			continue
		}
		if !known(e.Code) {
			t.Errorf("%s: %s has code %s of no known state, region or IGO", e.Source, e.Name, e.Code)
		}
		if e.Kind == KindPerson && !m.country[e.Country] {
			t.Errorf("%s: %s has unknown country %s", e.Source, e.Name, e.Country)
		}
		for j, r := range e.Roles {
			if !known(r.Code) {
				t.Errorf("%s: %s has role %s of no known state, region or IGO", e.Source, e.Name, r.Code)
			}
			if r.From.IsZero() && r.To.IsZero() {
				t.Errorf("%s: %s has an undated role in Roles", e.Source, e.Name)
			}
			for _, o := range e.Roles[j+1:] {
				overlap := (o.To.IsZero() || r.From.Before(o.To)) && (r.To.IsZero() || o.From.Before(r.To))
				if overlap && o.Code != r.Code {
					t.Errorf("%s: %s holds %s and %s at once", e.Source, e.Name, r.Code, o.Code)
				}
			}
		}
	}
}

func TestDefaultLeadersOnTheirDates(t *testing.T) {
	d := Default()
	cases := []struct {
		name, date, want string
	}{
		{"Donald Trump", "2025-08-15", "USAGOV"},
		{"Donald Trump", "2023-01-01", "USAELI"},
		{"Donald Trump", "2017-01-20", "USAGOV"},
		{"Donald Trump", "2021-01-20", "USAELI"},
		{"Joe Biden", "2023-01-01", "USAGOV"},
		{"Joe Biden", "2025-08-15", "USAELI"},
		{"Vladimir Putin", "2025-08-15", "RUSGOV"},
		{"Volodymyr Zelensky", "2019-05-19", "UKRELI"},
		{"Volodymyr Zelensky", "2019-05-20", "UKRGOV"},
		{"Petro Poroshenko", "2018-01-01", "UKRGOV"},
		{"Steve Witkoff", "2025-08-06", "USAGOV"},
		{"Kirill Dmitriev", "2025-04-02", "RUSGOV"},
		{"Kirill Dmitriev", "2024-04-02", "RUSBUS"},
		{"Dmitry Peskov", "2025-08-15", "RUSGOV"},
		{"Sergei Lavrov", "2015-01-01", "RUSGOV"},
		{"Marco Rubio", "2024-06-01", "USALEG"},
		{"Marco Rubio", "2025-06-01", "USAGOV"},
		{"Keir Starmer", "2023-06-01", "GBROPP"},
		{"Keir Starmer", "2025-06-01", "GBRGOV"},
		{"Emmanuel Macron", "2025-06-01", "FRAGOV"},
		{"Friedrich Merz", "2025-05-06", "DEUGOV"},
		{"Olaf Scholz", "2025-05-06", "DEUELI"},
		{"Xi Jinping", "2025-06-01", "CHNGOV"},
		{"Narendra Modi", "2025-06-01", "INDGOV"},
		{"Recep Tayyip Erdoğan", "2025-06-01", "TURGOV"},
		{"Benjamin Netanyahu", "2022-01-01", "ISROPP"},
		{"Benjamin Netanyahu", "2024-01-01", "ISRGOV"},
		{"Mark Rutte", "2020-01-01", "NLDGOV"},
		{"Mark Rutte", "2025-06-01", "IGOWSTNAT"},
		{"Jens Stoltenberg", "2020-01-01", "IGOWSTNAT"},
		{"Jens Stoltenberg", "2025-06-01", "NORGOV"},
		{"Ursula von der Leyen", "2025-06-01", "IGOEUREEC"},
		{"Kaja Kallas", "2022-01-01", "ESTGOV"},
		{"Kaja Kallas", "2025-06-01", "IGOEUREEC"},
		{"António Guterres", "2025-06-01", "IGOUNO"},
		{"Pete Hegseth", "2025-06-01", "USAMIL"},
		{"Bashar al-Assad", "2024-12-09", "SYRELI"},
		{"Ahmed al-Sharaa", "2024-12-01", "SYRREB"},
		{"Ahmed al-Sharaa", "2025-06-01", "SYRGOV"},
		{"Nicolás Maduro", "2025-12-01", "VENGOV"},
		{"Nicolás Maduro", "2026-02-01", "VENELI"},
		{"Kyrylo Budanov", "2025-06-01", "UKRMIL"},
		{"Kyrylo Budanov", "2026-02-01", "UKRGOV"},
		{"Ali Khamenei", "2026-02-27", "IRNGOV"},
		{"Ali Khamenei", "2026-03-01", "IRNELI"},
		{"Andriy Yermak", "2025-11-27", "UKRGOV"},
		{"Andriy Yermak", "2025-11-28", "UKRELI"},
	}
	for _, c := range cases {
		e := d.Find(KindPerson, c.name)
		if e == nil {
			t.Errorf("%s missing", c.name)
			continue
		}
		if got := e.CodeAt(day(c.date)); got != c.want {
			t.Errorf("%s on %s: %s, want %s", c.name, c.date, got, c.want)
		}
	}
}
