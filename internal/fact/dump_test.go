package fact

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/text"
)

func TestDump(t *testing.T) {
	in := os.Getenv("DUMP")
	if in == "" {
		t.Skip()
	}
	ref := time.Date(2025, 7, 14, 0, 0, 0, 0, time.UTC)
	if r := os.Getenv("REF"); r != "" {
		ref, _ = time.Parse("2006-01-02", r)
	}
	m := actor.DefaultMatcher()
	for _, s := range strings.Split(in, "\n") {
		if s == "" {
			continue
		}
		fmt.Println(">>", s)
		for _, d := range SentenceDeadlines(s, 0, ref, m) {
			d.Text = ""
			var codes []string
			for _, a := range d.Actors {
				codes = append(codes, a.Code)
			}
			d.Actors = nil
			b, _ := json.Marshal(d)
			fmt.Println("  D", string(b), codes)
		}
		for _, f := range SentenceFacts(s, 0, ref) {
			f.Text = ""
			b, _ := json.Marshal(f)
			fmt.Println("  F", string(b))
		}
	}
}

func TestCorpusDump(t *testing.T) {
	rel := os.Getenv("CORPUS")
	if rel == "" {
		t.Skip()
	}
	m := actor.DefaultMatcher()
	docs := loadCorpus(t, rel)
	from, n := 0, 50
	fmt.Sscan(os.Getenv("FROM"), &from)
	fmt.Sscan(os.Getenv("N"), &n)
	what := os.Getenv("WHAT")
	for _, d := range docs[from:min(len(docs), from+n)] {
		ss := text.Sentences(d.Text)
		if what != "F" {
			for _, r := range Deadlines(ss, d.Date, m) {
				fmt.Printf("%s\t%d\tD %s %s %s %s %q\t%s\n", d.ID, r.Sentence, r.Kind, r.Due, r.Precision, r.Status, r.What, text.Flat(r.Text))
			}
		}
		if what != "D" {
			for _, r := range Facts(ss, d.Date) {
				fmt.Printf("%s\t%d\tF %s %q %g %s %s %s\t%s\n", d.ID, r.Sentence, r.Kind, r.Subject, r.Value, r.Unit, r.Direction, r.Date, text.Flat(r.Text))
			}
		}
	}
}

func TestSample(t *testing.T) {
	rel := os.Getenv("SAMPLE")
	if rel == "" {
		t.Skip()
	}
	re := regexp.MustCompile(os.Getenv("RE"))
	docs := loadCorpus(t, rel)
	n := 30
	fmt.Sscan(os.Getenv("N"), &n)
	var seed int64 = 1
	fmt.Sscan(os.Getenv("SEED"), &seed)
	rng := rand.New(rand.NewSource(seed))
	type hit struct {
		id  string
		i   int
		s   string
		ref string
	}
	var hits []hit
	for _, d := range docs {
		for _, s := range text.Sentences(d.Text) {
			f := text.Flat(s.Text)
			if len(f) < 400 && re.MatchString(f) {
				hits = append(hits, hit{d.ID, s.Index, f, d.Date.Format("2006-01-02 Mon")})
			}
		}
	}
	rng.Shuffle(len(hits), func(i, j int) { hits[i], hits[j] = hits[j], hits[i] })
	fmt.Println(len(hits), "hits")
	for _, h := range hits[:min(n, len(hits))] {
		fmt.Printf("%s\t%d\t%s\t%s\n", h.id, h.i, h.ref, h.s)
	}
}
