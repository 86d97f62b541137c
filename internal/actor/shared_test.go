package actor

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
)

// sharedFile is one of the field's dictionaries in ../shared/data, with the
// lines that are genuinely malformed in it (an interval that ends before it
// starts, a 7-digit date, a code block closed by "}"). The loaders report
// those lines and read the rest, as TABARI and PETRARCH do.
type sharedFile struct {
	rel   string
	load  func(io.Reader, string) (*Dict, error)
	min   int // at least this many entries
	agent bool
	bad   []int // the malformed lines
}

var sharedDicts = []sharedFile{
	{"eventcoding/tabari/TABARI.Demo.actors", LoadTABARIActors, 100, false, nil},
	{"eventcoding/tabari/Validate.agents", LoadTABARIAgents, 80, true, nil},
	{"eventcoding/tabari-dictionaries/Internatnl.120521.actors", LoadTABARIActors, 5000, false, nil},
	{"eventcoding/tabari-dictionaries/Levant.080629.actors", LoadTABARIActors, 2000, false, []int{3639, 4558, 5236}},
	{"eventcoding/tabari-dictionaries/PSU.120522.agents", LoadTABARIAgents, 1000, true, nil},
	{"eventcoding/tabari-dictionaries/CountryInfo.120116.actors.zip", LoadTABARIActors, 10000, false,
		[]int{5162, 15027, 24094, 32715, 49215, 49254, 49258, 49262, 49568, 49958, 49962, 49975, 49978, 50026}},
	{"eventcoding/petrarch1/PETR.Validate.actors.txt", LoadPETRARCHActors, 100, false, nil},
	{"eventcoding/petrarch1/PETR.Validate.agents.txt", LoadPETRARCHAgents, 50, true, nil},
	{"eventcoding/petrarch2/PETR.Validate.actors.txt", LoadPETRARCHActors, 100, false, nil},
	{"eventcoding/petrarch2/PETR.Validate.agents.txt", LoadPETRARCHAgents, 50, true, nil},
	{"eventcoding/petrarch2/Phoenix.Countries.actors.txt", LoadPETRARCHActors, 15000, false,
		[]int{2039, 14190, 15346, 18010, 22508, 22519, 31715, 43613, 51384}},
	{"eventcoding/petrarch2/Phoenix.International.actors.txt", LoadPETRARCHActors, 5000, false, []int{40, 267}},
	{"eventcoding/petrarch2/Phoenix.MilNonState.actors.txt", LoadPETRARCHActors, 500, false, nil},
	{"eventcoding/petrarch2/Phoenix.agents.txt", LoadPETRARCHAgents, 1500, true, []int{544, 1927}},
	{"eventcoding/universal-petrarch/PETR.Validate.actors.txt", LoadPETRARCHActors, 100, false, nil},
	{"eventcoding/ngec/PLOVER_agents.txt", LoadPETRARCHAgents, 1500, true, nil},
}

// loadShared loads one of the field's dictionaries and checks that exactly
// its known malformed lines were reported.
func loadShared(tb testing.TB, f sharedFile) *Dict {
	tb.Helper()
	path := shared.Path(tb, f.rel)
	var d *Dict
	var err error
	if strings.HasSuffix(path, ".zip") {
		d, err = loadZip(tb, path, f)
	} else {
		r, oerr := os.Open(path)
		if oerr != nil {
			tb.Fatal(oerr)
		}
		defer r.Close()
		d, err = f.load(r, f.rel)
	}
	var got []int
	if err != nil {
		var le *LoadError
		if !errors.As(err, &le) {
			tb.Fatalf("%s: %v", f.rel, err)
		}
		for _, p := range le.Problems {
			if !strings.HasPrefix(p.Error(), f.rel) {
				tb.Errorf("problem does not name the file: %v", p)
			}
			got = append(got, p.Line)
		}
	}
	if !slices.Equal(got, f.bad) {
		tb.Errorf("%s: malformed lines %v, want %v; %v", f.rel, got, f.bad, err)
	}
	return d
}

func loadZip(tb testing.TB, path string, f sharedFile) (*Dict, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	var all []*Dict
	var errs []error
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		d, err := f.load(r, f.rel)
		r.Close()
		all = append(all, d)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 1 {
		tb.Fatalf("zip holds %d dictionaries with problems", len(errs))
	}
	if len(errs) == 1 {
		return Merge(f.rel, all...), errs[0]
	}
	return Merge(f.rel, all...), nil
}

func TestLoadTheFieldsDictionaries(t *testing.T) {
	for _, f := range sharedDicts {
		t.Run(f.rel[strings.LastIndexByte(f.rel, '/')+1:], func(t *testing.T) {
			d := loadShared(t, f)
			if d.Len() < f.min {
				t.Errorf("%d entries, want at least %d", d.Len(), f.min)
			}
			phrases := 0
			for i := range d.Entries {
				e := &d.Entries[i]
				if (e.Kind == KindAgent) != f.agent {
					t.Fatalf("%s: kind %v", e.Source, e.Kind)
				}
				if len(e.Phrases) == 0 {
					t.Fatalf("%s: no phrases", e.Source)
				}
				phrases += len(e.Phrases)
			}
			t.Logf("%d entries, %d phrases", d.Len(), phrases)
		})
	}
}
