package tone

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

func chartSeries(t *testing.T) (*Series, []Shift) {
	t.Helper()
	var cells []store.ToneCell
	for i := range 10 {
		d := day("2025-01-06").AddDate(0, 0, 7*i).Format("2006-01-02")
		if i == 4 {
			continue // a silent week: the mean line breaks
		}
		cells = append(cells, cell(d, "USA", "RUS", 1, 3, 9+float64(i%2)), cell(d, "RUS", "USA", 3, 1, -2))
	}
	cells = append(cells, cell("2025-03-17", "USA", "RUS", 4, 5, -50))
	s, err := Build(cells, Options{By: Week, Directions: usaRus})
	if err != nil {
		t.Fatal(err)
	}
	shifts, err := Shifts(s, Detector{})
	if err != nil || len(shifts) == 0 {
		t.Fatalf("shifts %+v, %v", shifts, err)
	}
	shifts[0].Drivers = []record.Story{{ID: "x", Date: "2025-03-18", Label: `Use conventional military force <script>alert("x")</script> & more`, Goldstein: -10}}
	return s, shifts
}

// The SVG is well-formed XML whose root is svg, and outside text in a
// label comes out escaped.
func TestChartSVG(t *testing.T) {
	s, shifts := chartSeries(t)
	var buf bytes.Buffer
	if err := Chart(&buf, "svg", s, shifts, ShiftLabels(shifts, 1), ChartOptions{}); err != nil {
		t.Fatal(err)
	}
	root := ""
	texts := ""
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = v.Name.Local
			}
			if v.Name.Local == "script" {
				t.Error("a label became a script element")
			}
		case xml.CharData:
			texts += string(v) + "|"
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	for _, want := range []string{"Tone: USA→RUS, RUS→USA, by week", "USA→RUS", "shift", "2025-03-18 Use conventional military force <scr…", "Goldstein mean", "stories"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the chart's text lacks %q: %s", want, texts)
		}
	}
}

func TestChartPNG(t *testing.T) {
	s, shifts := chartSeries(t)
	var buf bytes.Buffer
	if err := Chart(&buf, "png", s, shifts, ShiftLabels(shifts, 1), ChartOptions{Metric: MetricSum, Width: 20, Height: 12}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// 20 × 12 cm at 120 dpi.
	if b := img.Bounds(); b.Dx() != 945 || b.Dy() != 567 {
		t.Errorf("PNG is %v", b)
	}
}

func TestChartEdgeCases(t *testing.T) {
	s, shifts := chartSeries(t)
	if err := Chart(io.Discard, "gif", s, shifts, nil, ChartOptions{}); err == nil || !strings.Contains(err.Error(), `"gif"`) {
		t.Errorf("gif: %v", err)
	}
	if err := Chart(io.Discard, "svg", s, shifts, nil, ChartOptions{Metric: "median"}); err == nil {
		t.Error("metric median drawn")
	}
	if err := Chart(io.Discard, "svg", s, nil, []Label{{Dyad: usaRus[0], Date: "March", Text: "x"}}, ChartOptions{}); err == nil || !strings.Contains(err.Error(), `"March"`) {
		t.Errorf("bad label date: %v", err)
	}
	// An empty series and a one-period series still draw.
	empty, _ := Build(nil, Options{By: Month, Directions: usaRus})
	one, _ := Build([]store.ToneCell{cell("2025-01-01", "USA", "RUS", 1, 1, 3)}, Options{By: Month, Directions: usaRus})
	for name, s := range map[string]*Series{"empty": empty, "one period": one} {
		var buf bytes.Buffer
		if err := Chart(&buf, "svg", s, nil, nil, ChartOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if name == "empty" && !strings.Contains(buf.String(), "no stories") {
			t.Error("an empty chart does not say so")
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b\nc\u2028d":      "a b c d",
		"bad \xff utf8":         "bad � utf8",
		strings.Repeat("é", 60): strings.Repeat("é", 47) + "…",
	} {
		if got := cleanText(in, labelRunes); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
