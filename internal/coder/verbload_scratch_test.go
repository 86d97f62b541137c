package coder

import (
	"os"
	"testing"
	"fmt"
	"github.com/sitrep/sitrep/internal/shared"
)

func TestScratchShared(t *testing.T) {
	for _, f := range []struct{rel string; tab bool}{
		{"eventcoding/tabari/TABARI.Demo.verbs", true},
		{"eventcoding/tabari/CAMEO.091003.master.verbs", true},
		{"eventcoding/petrarch1/PETR.Validate.verbs.txt", false},
		{"eventcoding/petrarch2/PETR.Validate.verbs.txt", false},
		{"eventcoding/petrarch2/CAMEO.2.0.txt", false},
		{"eventcoding/petrarch2/CAMEO.verbpatterns.150430.txt", false},
		{"eventcoding/universal-petrarch/PETR.Validate.verbs.2.0.txt", false},
	} {
		r, err := os.Open(shared.Path(t, f.rel))
		if err != nil { t.Fatal(err) }
		var d *VerbDict
		if f.tab { d, err = LoadTABARIVerbs(r, f.rel) } else { d, err = LoadPETRARCHVerbs(r, f.rel) }
		r.Close()
		np := 0
		for _, v := range d.Verbs { np += len(v.Patterns) }
		fmt.Printf("%s: %d verbs %d patterns\n%v\n", f.rel, len(d.Verbs), np, err)
	}
}
