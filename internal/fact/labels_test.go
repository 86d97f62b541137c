package fact

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// label is one expected record of testdata/labels.tsv.
type label struct {
	deadline bool
	kind     string
	due      string // a deadline's due date, or a fact's date ("" for none)
	prec     string // a deadline's precision
	status   string
	value    float64
	unit     string
	dir      string
	keywords [][]string // every group must match one of its words
}

// labelledSentence is one line of testdata/labels.tsv.
type labelledSentence struct {
	line     int
	set      int // 0: tuned on; 1: held out, then tuned on; 2: held out, blind
	corpus   string
	article  string
	sentence int
	want     []label
}

// readLabels reads testdata/labels.tsv.
func readLabels(t *testing.T) []labelledSentence {
	t.Helper()
	f, err := os.Open("testdata/labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledSentence
	sc := bufio.NewScanner(f)
	n := 0
	set := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# held-out 2"):
			set = 2
		case strings.HasPrefix(line, "# held-out"):
			set = 1
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("labels.tsv:%d: %d columns, want 4", n, len(cols))
		}
		idx, err := strconv.Atoi(cols[2])
		if err != nil {
			t.Fatalf("labels.tsv:%d: sentence %q: %v", n, cols[2], err)
		}
		ls := labelledSentence{line: n, set: set, corpus: cols[0], article: cols[1], sentence: idx}
		if cols[3] != "-" {
			for _, rec := range strings.Split(cols[3], ";") {
				l, err := parseLabel(strings.TrimSpace(rec))
				if err != nil {
					t.Fatalf("labels.tsv:%d: %v", n, err)
				}
				ls.want = append(ls.want, l)
			}
		}
		out = append(out, ls)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// parseLabel reads "D kind due/prec status ~kw…" or "F kind value unit dir
// date ~kw…".
func parseLabel(s string) (label, error) {
	f := strings.Fields(s)
	var l label
	var rest []string
	switch {
	case len(f) >= 4 && f[0] == "D":
		l.deadline, l.kind, l.status = true, f[1], f[3]
		due, prec, ok := strings.Cut(f[2], "/")
		if !ok {
			return l, fmt.Errorf("%q: due wants date/precision", s)
		}
		l.due, l.prec = due, prec
		rest = f[4:]
	case len(f) >= 6 && f[0] == "F":
		l.kind = f[1]
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return l, fmt.Errorf("%q: value: %w", s, err)
		}
		l.value, l.unit, l.dir, l.due = v, dash(f[3]), dash(f[4]), dash(f[5])
		rest = f[6:]
	default:
		return l, fmt.Errorf("%q: not a D or F record", s)
	}
	for _, k := range rest {
		if !strings.HasPrefix(k, "~") {
			return l, fmt.Errorf("%q: %q is not a ~keyword", s, k)
		}
		l.keywords = append(l.keywords, strings.Split(strings.ToLower(k[1:]), "/"))
	}
	return l, nil
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// matches reports whether a record meets a label; withDate false leaves the
// due date or date out, for the date check.
func (l label) matchesDeadline(d record.Deadline, withDate bool) bool {
	if !l.deadline || d.Kind != l.kind || d.Status != l.status {
		return false
	}
	if withDate && (d.Due != l.due || d.Precision != l.prec) {
		return false
	}
	return l.keywordsIn(d.What)
}

func (l label) matchesFact(f record.Fact, withDate bool) bool {
	if l.deadline || f.Kind != l.kind || f.Unit != l.unit || f.Direction != l.dir {
		return false
	}
	if math.Abs(f.Value-l.value) > 1e-6*math.Max(1, math.Abs(l.value)) {
		return false
	}
	if withDate && f.Date != l.due {
		return false
	}
	return l.keywordsIn(f.Subject)
}

func (l label) keywordsIn(s string) bool {
	s = strings.ToLower(s)
	for _, group := range l.keywords {
		ok := false
		for _, w := range group {
			if strings.Contains(s, w) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// labelScore counts what the extractors got right on the labelled
// sentences.
type labelScore struct {
	sentences, want, got, right int
	dated, datedRight           int // records right but for the date, and those with it right too
}

func (s *labelScore) add(o labelScore) {
	s.sentences += o.sentences
	s.want += o.want
	s.got += o.got
	s.right += o.right
	s.dated += o.dated
	s.datedRight += o.datedRight
}

func (s labelScore) precision() float64 { return ratio(s.right, s.got) }
func (s labelScore) recall() float64    { return ratio(s.right, s.want) }
func (s labelScore) dates() float64     { return ratio(s.datedRight, s.dated) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestLabelled runs both extractors over the hand-labelled corpus sentences
// and checks precision, recall and the dates against floors a little under
// what they reach.
func TestLabelled(t *testing.T) {
	labels := readLabels(t)
	if len(labels) < 100 {
		t.Fatalf("%d labelled sentences, want at least 100", len(labels))
	}
	m := actor.DefaultMatcher()
	// [tuned, held out then tuned, held out blind][deadlines, facts]
	var score [3][2]labelScore
	for _, ls := range labels {
		docs := loadCorpus(t, "corpora/news/"+ls.corpus)
		var art *article
		for i := range docs {
			if docs[i].ID == ls.article {
				art = &docs[i]
				break
			}
		}
		if art == nil {
			t.Fatalf("labels.tsv:%d: article %s not in %s", ls.line, ls.article, ls.corpus)
		}
		sents := text.Sentences(art.Text)
		if ls.sentence >= len(sents) {
			t.Fatalf("labels.tsv:%d: %s has %d sentences", ls.line, ls.article, len(sents))
		}
		var gotD []record.Deadline
		for _, d := range Deadlines(sents, art.Date, m) {
			if d.Sentence == ls.sentence {
				gotD = append(gotD, d)
			}
		}
		var gotF []record.Fact
		for _, f := range Facts(sents, art.Date) {
			if f.Sentence == ls.sentence {
				gotF = append(gotF, f)
			}
		}
		score[ls.set][0].sentences++
		scoreDeadlines(t, ls, gotD, &score[ls.set][0])
		scoreFacts(t, ls, gotF, &score[ls.set][1])
	}
	var all [2]labelScore
	var sets [3]labelScore
	for set := range score {
		for kind := range score[set] {
			all[kind].add(score[set][kind])
			sets[set].add(score[set][kind])
		}
	}
	var total labelScore
	for _, s := range sets {
		total.add(s)
	}
	for _, r := range []struct {
		name string
		s    labelScore
	}{
		{"deadlines", all[0]}, {"facts", all[1]},
		{"tuned", sets[0]}, {"held-out", sets[1]}, {"blind", sets[2]}, {"all", total},
	} {
		t.Logf("%-10s labelled %3d, extracted %3d, right %3d: precision %5.1f%%, recall %5.1f%%, dates right %d/%d",
			r.name, r.s.want, r.s.got, r.s.right, 100*r.s.precision(), 100*r.s.recall(), r.s.datedRight, r.s.dated)
	}
	t.Logf("%d sentences: %d tuned on, %d held out then tuned on, %d held out blind",
		len(labels), sets[0].sentences, sets[1].sentences, sets[2].sentences)
	// Floors a little under what the extractors reach (96.9%, 78.3%, 94/95).
	const (
		minPrecision = 0.93
		minRecall    = 0.72
		minDates     = 0.96
	)
	if total.precision() < minPrecision {
		t.Errorf("precision %.3f, want at least %.2f", total.precision(), minPrecision)
	}
	if total.recall() < minRecall {
		t.Errorf("recall %.3f, want at least %.2f", total.recall(), minRecall)
	}
	if total.dates() < minDates {
		t.Errorf("dates right %.3f, want at least %.2f", total.dates(), minDates)
	}
}

func scoreDeadlines(t *testing.T, ls labelledSentence, got []record.Deadline, s *labelScore) {
	var want []label
	for _, l := range ls.want {
		if l.deadline {
			want = append(want, l)
		}
	}
	s.want += len(want)
	s.got += len(got)
	used := make([]bool, len(want))
	for _, d := range got {
		hit, near := -1, -1
		for i, l := range want {
			if used[i] {
				continue
			}
			if l.matchesDeadline(d, true) {
				hit = i
				break
			}
			if near < 0 && l.matchesDeadline(d, false) {
				near = i
			}
		}
		switch {
		case hit >= 0:
			used[hit] = true
			s.right++
			s.dated++
			s.datedRight++
		case near >= 0:
			used[near] = true
			s.dated++
			t.Logf("labels.tsv:%d: date: got %s/%s, want %s/%s (%s)", ls.line, d.Due, d.Precision, want[near].due, want[near].prec, d.What)
		default:
			t.Logf("labels.tsv:%d: extra: D %s %s/%s %s %q", ls.line, d.Kind, d.Due, d.Precision, d.Status, d.What)
		}
	}
	for i, l := range want {
		if !used[i] {
			t.Logf("labels.tsv:%d: missed: D %s %s/%s %s %v", ls.line, l.kind, l.due, l.prec, l.status, l.keywords)
		}
	}
}

func scoreFacts(t *testing.T, ls labelledSentence, got []record.Fact, s *labelScore) {
	var want []label
	for _, l := range ls.want {
		if !l.deadline {
			want = append(want, l)
		}
	}
	s.want += len(want)
	s.got += len(got)
	used := make([]bool, len(want))
	for _, f := range got {
		hit, near := -1, -1
		for i, l := range want {
			if used[i] {
				continue
			}
			if l.matchesFact(f, true) {
				hit = i
				break
			}
			if near < 0 && l.matchesFact(f, false) {
				near = i
			}
		}
		switch {
		case hit >= 0:
			used[hit] = true
			s.right++
			s.dated++
			s.datedRight++
		case near >= 0:
			used[near] = true
			s.dated++
			t.Logf("labels.tsv:%d: date: got %q, want %q (%s)", ls.line, f.Date, want[near].due, f.Subject)
		default:
			t.Logf("labels.tsv:%d: extra: F %s %q %g %s %q %s", ls.line, f.Kind, f.Subject, f.Value, f.Unit, f.Direction, f.Date)
		}
	}
	for i, l := range want {
		if !used[i] {
			t.Logf("labels.tsv:%d: missed: F %s %g %s %q %s %v", ls.line, l.kind, l.value, l.unit, l.dir, l.due, l.keywords)
		}
	}
}
