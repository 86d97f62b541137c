package cameo

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
)

func TestDefaultHasEveryGDELTCodeWithItsGoldstein(t *testing.T) {
	path := shared.Path(t, "eventcoding/cameo-codes/CAMEO.goldsteinscale.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		fields := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(fields) != 2 || fields[0] == "CAMEOEVENTCODE" {
			continue
		}
		want, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			t.Fatalf("GDELT table: %v", err)
		}
		c, ok := Lookup(fields[0])
		if !ok {
			t.Errorf("code %s missing", fields[0])
			continue
		}
		if c.Goldstein != want {
			t.Errorf("code %s: Goldstein %v, GDELT has %v", fields[0], c.Goldstein, want)
		}
		n++
	}
	if n != 311 {
		t.Errorf("checked %d GDELT codes, want 311", n)
	}
}

func TestDefaultLabelsMatchGDELTCodes(t *testing.T) {
	path := shared.Path(t, "eventcoding/cameo-codes/CAMEO.eventcodes.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		code, _, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok {
			continue
		}
		if c, ok := Lookup(code); !ok || c.Label == "" {
			t.Errorf("code %s: missing or unlabelled", code)
		}
	}
}

func TestQuadClassByRoot(t *testing.T) {
	want := map[string]int{"01": 1, "05": 1, "06": 2, "09": 2, "10": 3, "14": 3, "15": 4, "20": 4, "00": 0, "21": 0, "4": 0}
	for root, q := range want {
		if got := QuadOfRoot(root); got != q {
			t.Errorf("QuadOfRoot(%q) = %d, want %d", root, got, q)
		}
	}
	for _, c := range Default().All() {
		if c.Quad != QuadOfRoot(c.Root) {
			t.Errorf("code %s: quad %d, root %s gives %d", c.Code, c.Quad, c.Root, QuadOfRoot(c.Root))
		}
		if !strings.HasPrefix(c.Code, c.Root) {
			t.Errorf("code %s: root %s", c.Code, c.Root)
		}
	}
	for code, q := range map[string]int{"042": 1, "057": 1, "071": 2, "0871": 2, "112": 3, "1411": 3, "163": 4, "190": 4, "2042": 4} {
		if c, _ := Lookup(code); c.Quad != q {
			t.Errorf("%s: quad %d, want %d", code, c.Quad, q)
		}
	}
}

var ploverLine = regexp.MustCompile(`^(\d{2,4}):\s*([A-Z]+)`)

func TestPLOVERFollowsCAMEO2PLOVER(t *testing.T) {
	path := shared.Path(t, "eventcoding/plover/CAMEO2PLOVER-2021.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := ploverLine.FindStringSubmatch(sc.Text())
		if m == nil || seen[m[1]] {
			continue // the table lists root 08 twice; the first (CONCEDE) holds
		}
		seen[m[1]] = true
		c, ok := Lookup(m[1])
		if !ok {
			t.Errorf("CAMEO2PLOVER code %s missing from the codebook", m[1])
			continue
		}
		if c.PLOVER != m[2] {
			t.Errorf("code %s: PLOVER %q, table says %q", m[1], c.PLOVER, m[2])
		}
	}
	if len(seen) < 250 {
		t.Fatalf("read only %d table lines", len(seen))
	}
	for _, c := range Default().All() {
		switch {
		case c.Root == "01" && c.PLOVER != "":
			t.Errorf("code %s: PLOVER %q, want none", c.Code, c.PLOVER)
		case c.Root == "02" && c.PLOVER != "REQUEST":
			t.Errorf("code %s: PLOVER %q, want REQUEST", c.Code, c.PLOVER)
		case c.Root != "01" && c.PLOVER == "":
			t.Errorf("code %s has no PLOVER category", c.Code)
		}
	}
}

func TestDefaultShape(t *testing.T) {
	b := Default()
	if b.Len() != 313 {
		t.Errorf("Len = %d, want 313 (GDELT's 311 plus 1213 and 1214)", b.Len())
	}
	roots := b.Roots()
	if len(roots) != 20 || roots[0].Code != "01" || roots[19].Code != "20" {
		t.Errorf("roots: %d, first %v", len(roots), roots[0])
	}
	c, ok := Lookup("042")
	want := Code{Code: "042", Root: "04", Label: "Make a visit", Quad: 1, Goldstein: 1.9, PLOVER: "CONSULT"}
	if !ok || c != want {
		t.Errorf("Lookup(042) = %+v, %v; want %+v", c, ok, want)
	}
	if _, ok := Lookup("9999"); ok {
		t.Error("Lookup(9999) found a code")
	}
	if c, ok := b.Nearest("1725"); !ok || c.Code != "172" {
		t.Errorf("Nearest(1725) = %v, %v", c.Code, ok)
	}
	if _, ok := b.Nearest("99"); ok {
		t.Error("Nearest(99) found a code")
	}
	all := b.All()
	for i := 1; i < len(all); i++ {
		if all[i-1].Code >= all[i].Code {
			t.Fatalf("All out of order at %s, %s", all[i-1].Code, all[i].Code)
		}
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	cases := map[string]string{
		"042\t04\t1\t1.9\tCONSULT\n":                       "codes.tsv:1: want 6 tab-separated fields",
		"# c\n042\t04\t1\tx\tCONSULT\tVisit\n":             "codes.tsv:2: goldstein \"x\"",
		"042\t05\t1\t1.9\tCONSULT\tVisit\n":                "codes.tsv:1: code 042 does not start with its root 05",
		"042\t04\t7\t1.9\tCONSULT\tVisit\n":                "codes.tsv:1: quad \"7\"",
		"04a\t04\t1\t1.9\tCONSULT\tVisit\n":                "codes.tsv:1: code \"04a\"",
		"042\t04\t1\t1.9\tconsult\tVisit\n":                "codes.tsv:1: plover \"consult\"",
		"042\t04\t1\t1.9\tCONSULT\t\n":                     "codes.tsv:1: code 042 has no label",
		"042\t04\t1\t1.9\tX\tA\n\n042\t04\t1\t1.9\tX\tB\n": "codes.tsv:3: code 042 listed twice",
		"042\t04\t1\t11\tX\tA\n":                           "codes.tsv:1: goldstein \"11\"",
		"# only a comment\n":                               "codes.tsv: no codes",
	}
	for in, want := range cases {
		_, err := Load(strings.NewReader(in), "codes.tsv")
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Load(%q) error %v, want prefix %q", in, err, want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("code\troot\tquad\tgoldstein\tplover\tlabel\n042\t04\t1\t1.9\tCONSULT\tMake a visit\n")
	f.Add("01\t01\t1\t0\t-\tStatement\r\n")
	f.Add("# x\n\n\t\t\t\t\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := Load(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		for _, c := range b.All() {
			if got, ok := b.Lookup(c.Code); !ok || got != c {
				t.Fatalf("Lookup(%s) = %v, %v", c.Code, got, ok)
			}
		}
	})
}

func BenchmarkLoadDefault(b *testing.B) {
	data, err := os.ReadFile("../../dict/" + DefaultFile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(strings.NewReader(string(data)), "codes.tsv"); err != nil {
			b.Fatal(err)
		}
	}
}
