package coder

import (
	"encoding/json"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/dict"
	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/text"
)

// reutersSentences returns pre-split sentences of the Reuters corpus with
// their article dates, and the raw texts.
func reutersSentences(b *testing.B, maxArticles int) (sents []string, refs []time.Time, texts []string) {
	shared.EachLine(b, "corpora/news/reuters21578.jsonl.gz", func(line []byte) {
		var rec struct {
			Date *string `json:"date"`
			Text string  `json:"text"`
		}
		if len(texts) >= maxArticles || json.Unmarshal(line, &rec) != nil || rec.Text == "" {
			return
		}
		var ref time.Time
		if rec.Date != nil && len(*rec.Date) >= 10 {
			ref, _ = time.Parse("2006-01-02", (*rec.Date)[:10])
		}
		texts = append(texts, rec.Text)
		for _, s := range text.Sentences(rec.Text) {
			sents = append(sents, text.Flat(s.Text))
			refs = append(refs, ref)
		}
	})
	return sents, refs, texts
}

func gigawordSentences(b *testing.B) []string {
	raw, err := os.ReadFile(shared.Path(b, "eventcoding/petrarch2/GigaWord.sample.PETR.xml"))
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<Text>(.*?)</Text>`).FindAllStringSubmatch(string(raw), -1) {
		out = append(out, strings.Join(strings.Fields(m[1]), " "))
	}
	return out
}

// BenchmarkCodeSentences: coding pre-split Reuters sentences on one core
// with the default dictionaries (target ≥ 30,000 sentences/s).
func BenchmarkCodeSentences(b *testing.B) {
	sents, refs, _ := reutersSentences(b, 4000)
	sents = append(sents, gigawordSentences(b)...)
	for len(refs) < len(sents) {
		refs = append(refs, time.Date(2008, 8, 6, 0, 0, 0, 0, time.UTC))
	}
	c, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuSeconds()
	n, events := 0, 0
	for i := 0; i < b.N; i++ {
		for j, s := range sents {
			events += len(c.CodeSentence(s, refs[j]))
			n++
		}
	}
	sec := time.Since(start).Seconds()
	b.ReportMetric(float64(n)/sec, "sentences/s")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		// Per CPU second (user+sys of the process): the figure that holds
		// on a machine other work shares.
		b.ReportMetric(float64(n)/cpu, "sentences/cpu-s")
	}
	b.ReportMetric(float64(events)/float64(n), "events/sentence")
}

// BenchmarkCodeTextParallel: the whole raw-text path (split, dates,
// actors, coding) over Reuters articles on every core (target ≥ 15,000
// sentences/s per core).
func BenchmarkCodeTextParallel(b *testing.B) {
	sents, _, texts := reutersSentences(b, 4000)
	c, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ref := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuSeconds()
	for i := 0; i < b.N; i++ {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k := int(next.Add(1)) - 1
					if k >= len(texts) {
						return
					}
					c.CodeText(texts[k], ref)
				}
			}()
		}
		wg.Wait()
	}
	sec := time.Since(start).Seconds()
	total := float64(len(sents) * b.N)
	b.ReportMetric(total/sec, "sentences/s")
	b.ReportMetric(total/sec/float64(runtime.GOMAXPROCS(0)), "sentences/s/core")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(total/cpu, "sentences/cpu-s")
	}
}

// cpuSeconds is the user and system CPU time the process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkLoadDictionaries: the default actor and verb dictionaries plus
// the full PETRARCH CAMEO.2.0 verbs and Phoenix actors (target < 300 ms).
func BenchmarkLoadDictionaries(b *testing.B) {
	paths := []string{
		shared.Path(b, "eventcoding/petrarch2/CAMEO.2.0.txt"),
		shared.Path(b, "eventcoding/petrarch2/Phoenix.International.actors.txt"),
		shared.Path(b, "eventcoding/petrarch2/Phoenix.Countries.actors.txt"),
		shared.Path(b, "eventcoding/petrarch2/Phoenix.agents.txt"),
	}
	for i := 0; i < b.N; i++ {
		d, err := LoadPaths(paths)
		if err != nil && d == nil {
			b.Fatal(err)
		}
		if _, err := New(Options{Actors: append(defaultActorsForBench(), d.Actors...), Verbs: append([]*VerbDict{DefaultVerbs()}, d.Verbs...)}); err != nil {
			b.Fatal(err)
		}
	}
}

// defaultActorsForBench loads the default actor files afresh (Default
// caches them), so the benchmark counts their loading.
func defaultActorsForBench() []*actor.Dict {
	d, err := actor.LoadFS(dict.FS, "actors")
	if err != nil {
		panic(err)
	}
	return []*actor.Dict{d}
}
