package actor

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/dict"
	"github.com/sitrep/sitrep/internal/shared"
)

// phoenixFiles are the production dictionaries the load benchmark reads
// beside the default ones.
var phoenixFiles = []struct {
	rel  string
	load func(r *bytes.Reader, name string) (*Dict, error)
}{
	{"eventcoding/petrarch2/Phoenix.International.actors.txt", func(r *bytes.Reader, n string) (*Dict, error) { return LoadPETRARCHActors(r, n) }},
	{"eventcoding/petrarch2/Phoenix.Countries.actors.txt", func(r *bytes.Reader, n string) (*Dict, error) { return LoadPETRARCHActors(r, n) }},
	{"eventcoding/petrarch2/Phoenix.agents.txt", func(r *bytes.Reader, n string) (*Dict, error) { return LoadPETRARCHAgents(r, n) }},
}

func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFS(dict.FS, DefaultDir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDefaultAndPhoenix reads the default dictionaries and the full
// Phoenix International, Countries and agents files from memory and builds
// one matcher over them all: the work of starting a coder.
func BenchmarkLoadDefaultAndPhoenix(b *testing.B) {
	var data [][]byte
	for _, f := range phoenixFiles {
		raw, err := os.ReadFile(shared.Path(b, f.rel))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, raw)
	}
	b.ReportAllocs()
	var m *Matcher
	for b.Loop() {
		dicts := make([]*Dict, 0, 4)
		d, err := LoadFS(dict.FS, DefaultDir)
		if err != nil {
			b.Fatal(err)
		}
		dicts = append(dicts, d)
		for i, f := range phoenixFiles {
			d, _ := f.load(bytes.NewReader(data[i]), f.rel) // their known bad lines are tested elsewhere
			dicts = append(dicts, d)
		}
		m = NewMatcher(dicts...)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMB")
	b.ReportMetric(float64(m.Phrases()), "phrases")
	runtime.KeepAlive(m)
}

var benchSentences = []string{
	"Russian President Vladimir Putin and U.S. President Donald Trump met in Anchorage on Friday to discuss a ceasefire in Ukraine, the Kremlin said.",
	"Ukrainian forces shelled Belgorod overnight, Russia's Defence Ministry said, while Kyiv accused Moscow of striking civilian targets in Kharkiv.",
	"NATO Secretary General Mark Rutte told reporters in Brussels that the alliance would keep supplying air defence systems to Ukraine.",
	"Chinese Foreign Minister Wang Yi called on both sides to show restraint during talks with EU foreign policy chief Kaja Kallas.",
	"The central bank raised interest rates by half a percentage point on Thursday, surprising analysts who had expected a pause.",
	"Israeli Prime Minister Benjamin Netanyahu said Hamas must release all hostages before any ceasefire could take hold in Gaza.",
	"Iran's Foreign Minister Abbas Araghchi said Tehran was ready to resume talks with Washington if sanctions were eased.",
	"Shares in European defence companies rose sharply after the announcement, with Rheinmetall gaining 6 percent in Frankfurt.",
}

func benchTokens() [][]string {
	var out [][]string
	for _, s := range benchSentences {
		out = append(out, toks(s))
	}
	return out
}

func benchMatch(b *testing.B, m *Matcher) {
	sents := benchTokens()
	ntok := 0
	for _, s := range sents {
		ntok += len(s)
	}
	date := time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, s := range sents {
			m.Match(s, date)
		}
		n++
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n*len(sents))/sec, "sentences/s")
	b.ReportMetric(float64(n*ntok)/sec, "tokens/s")
}

func BenchmarkMatchDefault(b *testing.B) { benchMatch(b, DefaultMatcher()) }

func BenchmarkMatchDefaultAndPhoenix(b *testing.B) {
	dicts := []*Dict{Default()}
	for _, f := range phoenixFiles {
		raw, err := os.ReadFile(shared.Path(b, f.rel))
		if err != nil {
			b.Fatal(err)
		}
		d, _ := f.load(bytes.NewReader(raw), f.rel)
		dicts = append(dicts, d)
	}
	benchMatch(b, NewMatcher(dicts...))
}

// TestLongTokenStaysCheap guards the prefix-word bound: a 100 KB token at a
// node with prefix words must not cost a lookup per byte.
func TestLongTokenStaysCheap(t *testing.T) {
	d, err := LoadTABARIActors(strings.NewReader("ARGENTIN [ARG]\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(d)
	long := strings.Repeat("argentinx", 100_000/9)
	start := time.Now()
	for range 100 {
		if got := m.Match([]string{long}, time.Time{}); len(got) != 1 {
			t.Fatalf("matches: %v", got)
		}
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("100 matches of a 100 KB token took %v", el)
	}
}
