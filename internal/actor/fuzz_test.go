package actor

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// checkLoaded holds for any input: the loader returns a dictionary, its
// problems name the input and a line, every entry has phrases, and a matcher
// built on it matches its own phrases without trouble.
func checkLoaded(t *testing.T, d *Dict, err error) {
	t.Helper()
	if d == nil {
		t.Fatalf("nil dictionary (err %v)", err)
	}
	if err != nil {
		var le *LoadError
		if !errors.As(err, &le) || len(le.Problems) == 0 {
			t.Fatalf("error is not a *LoadError: %v", err)
		}
		for _, p := range le.Problems {
			if p.File != "fuzz" || p.Line < 1 || !strings.HasPrefix(p.Error(), "fuzz:") {
				t.Fatalf("problem without its place: %v", p)
			}
		}
	}
	m := NewMatcher(d)
	date := time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC)
	for i := range d.Entries {
		e := &d.Entries[i]
		if len(e.Phrases) == 0 {
			t.Fatalf("%s: entry without phrases", e.Source)
		}
		for _, p := range e.Phrases {
			if strings.TrimSpace(p.Text) == "" {
				t.Fatalf("%s: empty phrase", e.Source)
			}
			words := strings.Fields(strings.ReplaceAll(p.Text, "*", ""))
			for _, mt := range m.Match(words, date) {
				if mt.Start < 0 || mt.End > len(words) || mt.Start >= mt.End {
					t.Fatalf("bad span %d..%d of %d", mt.Start, mt.End, len(words))
				}
			}
		}
	}
}

func fuzzLoader(f *testing.F, load func(io.Reader, string) (*Dict, error), seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add("")
	f.Add("\x00\xff\xfe[[[]]]\t+\n\t[")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := load(strings.NewReader(in), "fuzz")
		checkLoaded(t, d, err)
	})
}

func FuzzLoadActors(f *testing.F) {
	fuzzLoader(f, Load, sample,
		"state RUS Russia\n  capital (Moscow)\n  also =RF | Rus*\n",
		"person USA Joe\n  role USAGOV 2021-01-20..2025-01-20\n  role USAELI\n  country CAN\n",
		"agent GOV government\n  first yes\n  also x | y\n\nbad line\n  also z\n")
}

func FuzzLoadTABARIActors(f *testing.F) {
	fuzzLoader(f, LoadTABARIActors,
		"<NOUN>\nBEES ;x\n</NOUN>\nAL_GORE [AGR] ; c\nGOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 950601 - 990815]\n\t[HOBREB > 990816]\n~~FINISH\nafter",
		"ALBRIGHT  [USAGOV 991201-010114] [---]\nLORIEN [ELR/GAL]\nENT [### <890101] [ENT]\n#X [990101-000101]\n",
		"X\t[MNCMED]\tNewspapers/Magazines\t$137,000,000\n")
}

func FuzzLoadTABARIAgents(f *testing.F) {
	fuzzLoader(f, LoadTABARIAgents,
		"PARLIAMENTARY_OPPOSITION_  [ ~OPP] ;jap\nHUMAN_RIGHTS_ACTIVISTS_   [  NGM~]\n\nARMY [~MIL]\n")
}

func FuzzLoadPETRARCHActors(f *testing.F) {
	fuzzLoader(f, LoadPETRARCHActors,
		"<!-- header\n# x -->\nVLADIMIR_PUTIN_  # CountryInfo.txt\n+PUTIN_\n\t[RUSELI 700101-990809]\n\t[RUSGOV >080508]\n\t[RUSELI]\n---STOP---\n",
		"KOFI_ANNAN_\t\n+K._ANNAN_\n\t[IGOUNO 970101-061231] \n\t[ELI]# IGOrulers.txt\nHENRY_A._WALLACE_\n\t[USAELI 19060101-410120]\n")
}

func FuzzLoadPETRARCHAgents(f *testing.F) {
	fuzzLoader(f, LoadPETRARCHAgents,
		"!PERSON! = MAN, MEN, WOMAN\n!MINST! = MINISTER, MINISTRY\nCATTLE!PERSON! [~AGR]\n!MINST!_OF_X!PERSON! [~GOV]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # c\nMEDIA {} [~MED]\nMSF {}  [NGO~]\nARMY [~MIL]\n")
}

func FuzzMatch(f *testing.F) {
	f.Add("Vladimir Putin met Donald Trump in Anchorage", int64(20250815))
	f.Add("the U.S. and US and us WHO who Russia's Élysée", int64(0))
	f.Add("\xff\xfe ' 's . ... *", int64(-1))
	m := DefaultMatcher()
	f.Fuzz(func(t *testing.T, s string, n int64) {
		toks := strings.Fields(s)
		date := time.Unix(n%(1<<40), 0).UTC()
		prev := 0
		for _, mt := range m.Match(toks, date) {
			if mt.Start < prev || mt.End <= mt.Start || mt.End > len(toks) || mt.Entry == nil {
				t.Fatalf("bad match %+v of %d tokens", mt, len(toks))
			}
			prev = mt.End
		}
	})
}
