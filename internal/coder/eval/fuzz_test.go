package eval

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

// addSharedSeed adds the first n bytes of a shared suite file as a seed,
// where the shared data is present.
func addSharedSeed(f *testing.F, rel string, n int) {
	root := shared.Root()
	if root == "" {
		return
	}
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return
	}
	f.Add(b[:min(n, len(b))])
}

// checkParsed holds for any input a parser accepts or rejects: an error is
// a *ParseError naming the input; accepted cases have IDs and complete
// tuples, and a coder returning each checked case's own tuples is exact on
// every case.
func checkParsed(t *testing.T, format Format, cases []Case, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != "fuzz" || !strings.HasPrefix(err.Error(), "fuzz") {
			t.Fatalf("error without its place: %v", err)
		}
		return
	}
	s := &Suite{Format: format, Cases: cases, PLOVER: map[string]string{}}
	var want [][]Tuple
	for _, c := range cases {
		if c.Line < 1 {
			t.Fatalf("case %q without a line", c.ID)
		}
		if _, ok := SkipReasons[SkipKey(c.Skip)]; !ok && c.Skip != "" {
			t.Fatalf("undocumented skip %q", c.Skip)
		}
		for _, tu := range c.Expected {
			if tu.Source == "" || tu.Target == "" || tu.Code == "" {
				t.Fatalf("case %q: incomplete tuple %v", c.ID, tu)
			}
		}
		if c.Checked() {
			want = append(want, c.Expected)
		}
	}
	i := 0
	r := Score(s, func(string, time.Time) []Tuple { i++; return slices.Clone(want[i-1]) })
	if r.Exact != r.Checked || r.Checked != len(want) {
		t.Fatalf("the suite's own tuples are exact on %d of %d records", r.Exact, r.Checked)
	}
}

func FuzzParseTABARI(f *testing.F) {
	f.Add([]byte(tabariSample))
	f.Add([]byte("950101  X\ntext /* \\n{ A / B / 010 } */ more\n\n20150607 Y\n/*\\n{ OPTION: SET: YYYY = TRUE */\n"))
	f.Add([]byte("1\n/*\n\\n-{ --- / --- / 000 }\n\\n{+++}\n\\n{###}"))
	f.Add([]byte("950101 Z\n/*\\n{ OPTION: COMMA: MIN = 4 MAX = 0 } \\n{ OPTION: FORWARD: ^^ OFF }"))
	addSharedSeed(f, "eventcoding/tabari/Validate.text", 8000)
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := parseTABARI("fuzz", data, newTABARIOptions())
		checkParsed(t, FormatTABARI, cases, err)
	})
}

func FuzzParsePETRARCH(f *testing.F) {
	f.Add([]byte(`<Validation><Environment><Include>valid A</Include></Environment><Sentences>
<Sentence date="19950101" id="A-1" category="A" valid="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor &amp; Gondor.</Text><Parse>(ROOT (S))</Parse></Sentence>
<Config option="comma_max" value="0"/>
<Sentence date="080804" id="B" evaluate="true"/><EventCoding noevents="True"/><Text/><Parse>
1	Hi	hi	X	X	_	0	root	_	SpaceAfter=No
</Parse></Sentence><Stop/></Sentences></Validation>`))
	f.Add([]byte("<Validation><Sentence id='x' date = '20000101'><Skip/><!-- c --><![CDATA[q]]></Validation>"))
	addSharedSeed(f, "eventcoding/universal-petrarch/PETR2_GSR_validation.xml", 6000)
	addSharedSeed(f, "eventcoding/petrarch1/PETR.UnitTest.records.xml", 6000)
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, _, err := parsePETRARCH("fuzz", data)
		checkParsed(t, FormatPETRARCH, cases, err)
	})
}

func FuzzParsePLOVER(f *testing.F) {
	f.Add([]byte(`[{"id":"D","event":"DOCUMENT"},
{"id":"A","date":"2000-01-01","event":"AGREE","text":"x","source":[{"code":"HUN","sector":"GOV"},{"code":"ROU"}],"target":""},
{"id":"B","event":"FIGHT","source":[{"code":"SRB","sector":"***"}],"target":[{"code":"MNE"}]},
{"id":"C","event":"RETREAT","source":null}]`))
	f.Add([]byte(`[{"id":"A","event":"010"}]`))
	addSharedSeed(f, "eventcoding/plover/PLOVER_GSR_CAMEO.txt", 5000)
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := parsePLOVER("fuzz", data)
		checkParsed(t, FormatPLOVER, cases, err)
	})
}

func FuzzParseCAMEO2PLOVER(f *testing.F) {
	f.Add([]byte("# head\n03: AGREE\n030: AGREE,  , diplomatic # x\n08: CONCEDE\n08: RETREAT\n~~~~~\n"))
	f.Add([]byte("x: Y\n"))
	addSharedSeed(f, "eventcoding/plover/CAMEO2PLOVER-2021.txt", 4000)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseCAMEO2PLOVER("fuzz", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) && !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error without its place: %v", err)
			}
			return
		}
		for code, cat := range m {
			if !allDigits(code) || cat == "" {
				t.Fatalf("entry %q → %q", code, cat)
			}
			if got := PLOVERCategory(m, code); got != cat {
				t.Fatalf("PLOVERCategory(%q) = %q, table says %q", code, got, cat)
			}
		}
	})
}
