package fact

import (
	"encoding/json"
	"fmt"
	"os"
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
