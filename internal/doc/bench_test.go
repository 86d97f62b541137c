package doc_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func envInt(b *testing.B, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", name, v)
		}
		return n
	}
	return def
}

// vocabulary is the words of the test documents and articles, so that
// generated text has their spread of common and rare words.
func vocabulary(b *testing.B) []string {
	var words []string
	files, _ := filepath.Glob("testdata/*")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range strings.Fields(string(raw)) {
			w = strings.Trim(w, `.,;:"(){}<>[]!?`)
			if w != "" && !strings.ContainsAny(w, "<>=/{}\"") {
				words = append(words, w)
			}
		}
	}
	return words
}

// bigVersions builds a document of pages × ~500 words as numbered points
// of two to five sentences, and a revision of it: a tenth of the points
// reworded, some removed, added, moved, merged and split.
func bigVersions(b *testing.B, pages int) (string, string) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := vocabulary(b)
	sentence := func() string {
		n := 10 + r.IntN(16)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(ws, " ") + "."
	}
	var points []string
	words := 0
	for words < pages*500 {
		var ss []string
		for k := 2 + r.IntN(4); k > 0; k-- {
			ss = append(ss, sentence())
		}
		p := strings.Join(ss, " ")
		words += len(strings.Fields(p))
		points = append(points, p)
	}
	var revised []string
	for i := 0; i < len(points); i++ {
		p := points[i]
		switch x := r.IntN(100); {
		case x < 10: // reworded: a few words swapped
			ws := strings.Fields(p)
			for k := 0; k < 1+len(ws)/8; k++ {
				ws[r.IntN(len(ws))] = vocab[r.IntN(len(vocab))]
			}
			revised = append(revised, strings.Join(ws, " "))
		case x < 13: // removed
		case x < 16: // added before it
			revised = append(revised, sentence()+" "+sentence(), p)
		case x < 18 && i+1 < len(points): // merged with the next
			revised = append(revised, p+" "+points[i+1])
			i++
		case x < 20: // split
			ss := strings.SplitAfter(p, ". ")
			h := len(ss) / 2
			revised = append(revised, strings.Join(ss[:max(h, 1)], ""), strings.Join(ss[max(h, 1):], ""))
		default:
			revised = append(revised, p)
		}
	}
	for k := 0; k < len(revised)/50; k++ { // a few moved far
		i, j := r.IntN(len(revised)), r.IntN(len(revised))
		revised[i], revised[j] = revised[j], revised[i]
	}
	render := func(title string, ps []string) string {
		var sb strings.Builder
		sb.WriteString(title + "\n\n")
		for i, p := range ps {
			fmt.Fprintf(&sb, "%d. %s\n", i+1, p)
		}
		return sb.String()
	}
	return render("Long Plan", points), render("Long Plan, revised", revised)
}

// BenchmarkDiff50Pages diffs two versions of a document of
// SITREP_BENCH_DOC_PAGES pages (default 50, about 25,000 words) from
// their text: parsing both, labelling topics, matching every point, the
// word diffs and the term shifts.
func BenchmarkDiff50Pages(b *testing.B) {
	pages := envInt(b, "SITREP_BENCH_DOC_PAGES", 50)
	ta, tb := bigVersions(b, pages)
	topics := doc.DefaultTopics()
	var d *doc.Diff
	var va, vb *doc.Version
	start, c0 := time.Now(), cpuSeconds()
	n := 0
	for b.Loop() {
		var err error
		if va, err = doc.Parse([]byte(ta), doc.FormatText); err != nil {
			b.Fatal(err)
		}
		if vb, err = doc.Parse([]byte(tb), doc.FormatText); err != nil {
			b.Fatal(err)
		}
		topics.LabelVersion(va)
		topics.LabelVersion(vb)
		d = doc.Compare(va, vb, 20)
		n++
	}
	el := time.Since(start).Seconds() / float64(n)
	b.ReportMetric(el, "s/diff")
	b.ReportMetric((cpuSeconds()-c0)/float64(n), "cpu-s/diff")
	b.ReportMetric(float64(va.Words()+vb.Words())/el, "words/s")
	b.Logf("%d pages: %d and %d points, %d + %d words; %v", pages, len(va.Units), len(vb.Units), va.Words(), vb.Words(), d.Summary)
}

var benchParties = []string{"Ukraine", "Russia", "The United States", "The European Union", "Germany", "Poland", "France",
	"Britain", "China", "Turkey"}

var benchTopics = []string{"the cap on the armed forces", "the NATO provision", "the security guarantees", "the sanctions relief",
	"the territorial clause on Donetsk", "the elections clause", "the frozen Russian assets", "the Zaporizhzhia nuclear plant",
	"the amnesty", "the return to the G8", "the ceasefire monitoring"}

// benchArticle writes one generated report of positions on the plan.
func benchArticle(r *rand.Rand, i int, points int) *article.Article {
	day := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(100))
	var ss []string
	for k := 0; k < 3; k++ {
		p := benchParties[r.IntN(len(benchParties))]
		switch r.IntN(5) {
		case 0:
			ss = append(ss, fmt.Sprintf("%s rejected point %d of the 28-point plan.", p, 1+r.IntN(points)))
		case 1:
			ss = append(ss, fmt.Sprintf("%s supports %s in the 28-point plan, officials said.", p, benchTopics[r.IntN(len(benchTopics))]))
		case 2:
			ss = append(ss, fmt.Sprintf("%s would accept %s only if the talks continue.", p, benchTopics[r.IntN(len(benchTopics))]))
		case 3:
			ss = append(ss, fmt.Sprintf("%s demanded changes to point %d.", p, 1+r.IntN(points)))
		default:
			ss = append(ss, fmt.Sprintf("%s welcomed the 28-point plan as a basis for talks.", p))
		}
		ss = append(ss, "Diplomats met again on the day, and more meetings are planned for next week in Geneva.")
	}
	a := &article.Article{Title: fmt.Sprintf("Report %d on the plan", i), Date: day.Format(time.DateOnly), Source: "Bench Wire",
		Text: strings.Join(ss, " ") + fmt.Sprintf(" Report number %d.", i), IngestedAt: day}
	a.Hash = article.ContentHash(a.Text)
	return a
}

// cpuSeconds is the CPU time this process has used, user and system: on a
// shared machine the honest measure beside the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkStanceMatrix stores SITREP_BENCH_DOC_ARTICLES generated
// reports (default 2,000; the target is stated for 100,000) in SQLite,
// every one naming a 30-point plan and giving three positions of ten
// parties, then measures: deriving every stance from scratch (read,
// split, match actors and points, store), and what a later 'sitrep doc
// stances' does: an incremental refresh that finds nothing new, reading
// the stored stances and building the 30 × 10 matrix.
func BenchmarkStanceMatrix(b *testing.B) {
	n := envInt(b, "SITREP_BENCH_DOC_ARTICLES", 2000)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "sitrep.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(3, 4))
	const points = 30
	for lo := 0; lo < n; lo += 1000 {
		var batch []store.Put
		for i := lo; i < min(n, lo+1000); i++ {
			batch = append(batch, store.Put{Article: benchArticle(r, i, points)})
		}
		if _, err := st.PutArticles(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	var sb strings.Builder
	sb.WriteString("A 30-point plan\n\n")
	base, _ := os.ReadFile("testdata/plan-v1.txt")
	v1, _ := doc.Parse(base, doc.FormatText)
	for i, p := range v1.TopPoints() {
		fmt.Fprintf(&sb, "%d. %s\n", i+1, strings.ReplaceAll(p.Text, "\n", " "))
	}
	sb.WriteString("29. An international mission will monitor the ceasefire.\n30. Sanctions relief will follow in stages.\n")
	v, err := doc.Parse([]byte(sb.String()), doc.FormatText)
	if err != nil {
		b.Fatal(err)
	}
	enc, _ := doc.EncodeVersion(v)
	if _, err := st.PutDocVersion(ctx, store.DocVersion{Doc: "plan", Label: "v1", Date: "2025-11-20", Format: "text", Text: sb.String(), Parsed: enc, Hash: "h"}); err != nil {
		b.Fatal(err)
	}
	st.SetDocAliases(ctx, "plan", []string{"28-point plan"})
	topics := doc.DefaultTopics()
	d, err := doc.Load(ctx, st, "plan", topics)
	if err != nil {
		b.Fatal(err)
	}
	t0, c0 := time.Now(), cpuSeconds()
	res, err := doc.Refresh(ctx, st, d, topics, actor.DefaultMatcher(), true)
	if err != nil {
		b.Fatal(err)
	}
	derive, deriveCPU := time.Since(t0).Seconds(), cpuSeconds()-c0
	var m *doc.Matrix
	start, c1 := time.Now(), cpuSeconds()
	loops := 0
	for b.Loop() {
		if _, err := doc.Refresh(ctx, st, d, topics, actor.DefaultMatcher(), false); err != nil {
			b.Fatal(err)
		}
		if m, err = doc.MatrixFromStore(ctx, st, d, "2026-01-15", ""); err != nil {
			b.Fatal(err)
		}
		loops++
	}
	matrix := time.Since(start).Seconds() / float64(loops)
	matrixCPU := (cpuSeconds() - c1) / float64(loops)
	filled := 0
	for _, row := range m.Rows {
		filled += len(row.Cells)
	}
	b.ReportMetric(matrix, "s/matrix")
	b.ReportMetric(matrixCPU, "cpu-s/matrix")
	b.ReportMetric(derive, "s/derive-all")
	b.ReportMetric(deriveCPU, "cpu-s/derive-all")
	b.ReportMetric(float64(n)/derive, "articles/s")
	b.Logf("%d articles read, %d stances; matrix %d rows × %d parties, %d cells filled", res.Articles, res.Added, len(m.Rows), len(m.Parties), filled)
}
