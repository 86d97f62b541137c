package doc_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/extract"
	rec "github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

var planFiles = []struct{ path, label, date string }{
	{"testdata/plan-v1.txt", "v1", "2025-11-20"},
	{"testdata/plan-v2.md", "v2", "2025-11-23"},
	{"testdata/plan-v3.html", "v3", "2025-12-02"},
}

var planAliases = []string{"28-point plan", "peace plan"}

func loadPlan(t testing.TB) []*doc.Version {
	t.Helper()
	var vs []*doc.Version
	for _, f := range planFiles {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := doc.Parse(b, "")
		if err != nil {
			t.Fatal(err)
		}
		v.Label, v.Date = f.label, f.date
		doc.DefaultTopics().LabelVersion(v)
		vs = append(vs, v)
	}
	return doc.Chain(vs)
}

// testArticles reads testdata/articles.jsonl (the format sitrep ingest
// reads) and runs every extractor on each article, as ingest does.
func testArticles(t testing.TB) ([]*article.Article, []*recordsT) {
	t.Helper()
	c, err := coder.New(coder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(c)
	f, err := os.Open("testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*article.Article
	var recs []*recordsT
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var raw struct{ ID, Title, Date, Source, URL, Text string }
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		a := &article.Article{ID: raw.ID, Title: raw.Title, Date: raw.Date, Source: raw.Source, URL: raw.URL, Text: raw.Text,
			IngestedAt: time.Date(2025, 12, 10, 0, 0, 0, 0, time.UTC)}
		a.Hash = article.ContentHash(a.Text)
		r, err := x.Records(a)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
		recs = append(recs, r)
	}
	return arts, recs
}

type recordsT = rec.Records

// cells renders a matrix one cell a line: "row party position date".
func cells(m *doc.Matrix) []string {
	var out []string
	for _, r := range m.Rows {
		name := r.ID
		if r.Point == "" {
			name = "whole"
		}
		for p, c := range r.Cells {
			l := name + " " + p + " " + c.Position + " " + c.Date
			if c.Previous != "" {
				l += " (was " + c.Previous + ")"
			}
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func deriveAll(t testing.TB, vs []*doc.Version) []doc.Stance {
	arts, recs := testArticles(t)
	d := doc.NewDeriver(vs, doc.DefaultTopics(), actor.DefaultMatcher(), planAliases)
	var all []doc.Stance
	for i, a := range arts {
		rr := recs[i]
		all = append(all, d.Derive(&doc.Report{ArticleID: a.ID, Date: a.Date, Title: a.Title, Text: a.Text, Claims: rr.Claims, Events: rr.Events})...)
	}
	doc.SortStances(all)
	return all
}

var wantLatest = []string{
	"10 UKR conditional 2025-12-01",
	"13 RUS supports 2025-12-03",
	"14 DEU supports 2025-11-27",
	"14 EU supports 2025-12-05 (was demands_change)",
	"20 RUS demands_change 2025-12-03",
	"20 UKR rejects 2025-11-24",
	"5 UKR supports 2025-11-24",
	"5 USA supports 2025-12-06",
	"6 RUS demands_change 2025-11-25",
	"6 UKR rejects 2025-11-21",
	"7 POL conditional 2025-11-26",
	"7 RUS supports 2025-11-21",
	"whole EU conditional 2025-11-22",
	"whole RUS rejects 2025-11-25 (was supports)",
	"whole UKR rejects 2025-11-21",
	"whole USA supports 2025-11-22",
}

func TestStanceMatrix(t *testing.T) {
	vs := loadPlan(t)
	ss := deriveAll(t, vs)
	m := doc.BuildMatrix(vs, ss, "", "")
	if m.Version != "v3" {
		t.Errorf("rows from %s, want v3", m.Version)
	}
	if got := cells(m); !reflect.DeepEqual(got, wantLatest) {
		t.Errorf("matrix:\n got %q\nwant %q", got, wantLatest)
	}
	if want := []string{"RUS", "UKR", "EU", "USA", "DEU", "POL"}; !reflect.DeepEqual(m.Parties, want) {
		t.Errorf("parties %v, want %v", m.Parties, want)
	}
	// The evidence of one cell, exactly.
	for _, r := range m.Rows {
		if r.ID == "20" {
			c := r.Cells["RUS"]
			if c.ArticleID != "kremlin-territory" || c.Sentence != 1 || c.Point != "v1:21" || c.PointID != "20" || c.Version != "v3" ||
				c.Topic != "territory" || c.Match != "topic" || c.Via != "sentence" ||
				c.Evidence != "Russia demanded that the clause on the line of contact be rewritten to recognise all of Donetsk as Russian." {
				t.Errorf("RUS on 20: %+v", c.Stance)
			}
		}
	}
	// As it stood on 22 November, the first draft's points are the rows.
	m = doc.BuildMatrix(vs, ss, "2025-11-22", "")
	want := []string{
		"14 EU demands_change 2025-11-22",
		"21 UKR rejects 2025-11-21",
		"6 UKR rejects 2025-11-21",
		"7 RUS supports 2025-11-21",
		"whole EU conditional 2025-11-22",
		"whole RUS supports 2025-11-21",
		"whole UKR rejects 2025-11-21",
		"whole USA supports 2025-11-22",
	}
	if m.Version != "v1" || !reflect.DeepEqual(cells(m), want) {
		t.Errorf("as of 2025-11-22 (%s):\n got %q\nwant %q", m.Version, cells(m), want)
	}
	m = doc.BuildMatrix(vs, ss, "", "RUS")
	if got := cells(m); len(got) != 5 || !reflect.DeepEqual(m.Parties, []string{"RUS"}) {
		t.Errorf("--actor RUS: %q %v", got, m.Parties)
	}
}

func TestStanceHistory(t *testing.T) {
	vs := loadPlan(t)
	ss := deriveAll(t, vs)
	var got []string
	for _, tr := range doc.History(vs, ss, "", "") {
		var steps []string
		for _, s := range tr.Steps {
			mark := ""
			if s.Changed {
				mark = "*"
			}
			steps = append(steps, mark+s.Position+"@"+s.Date)
		}
		name := tr.PointID
		if tr.Point == "" {
			name = "whole"
		}
		got = append(got, tr.Actor+" "+name+": "+strings.Join(steps, " "))
	}
	want := []string{
		"EU whole: conditional@2025-11-22",
		"RUS whole: supports@2025-11-21 *rejects@2025-11-25",
		"UKR whole: rejects@2025-11-21",
		"USA whole: supports@2025-11-22",
		"UKR 5: supports@2025-11-24",
		"USA 5: supports@2025-12-06",
		"RUS 6: demands_change@2025-11-25",
		"UKR 6: rejects@2025-11-21",
		"POL 7: conditional@2025-11-26",
		"RUS 7: supports@2025-11-21",
		"UKR 10: conditional@2025-12-01",
		"RUS 13: supports@2025-12-03",
		"DEU 14: supports@2025-11-27",
		"EU 14: demands_change@2025-11-22 *supports@2025-12-05",
		"RUS 20: demands_change@2025-12-03",
		"UKR 20: rejects@2025-11-21 rejects@2025-11-24",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history:\n got %q\nwant %q", got, want)
	}
}

// TestRefreshFromStore derives the same stances through a real SQLite
// store, reads only new articles the second time, and starts over when a
// version is added.
func TestRefreshFromStore(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ds store.DocStore = st
	arts, recs := testArticles(t)
	for i, a := range arts[:len(arts)-1] {
		if _, _, err := st.PutArticle(ctx, a, recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	topics := doc.DefaultTopics()
	for _, f := range planFiles {
		b, _ := os.ReadFile(f.path)
		v, err := doc.Parse(b, "")
		if err != nil {
			t.Fatal(err)
		}
		enc, _ := doc.EncodeVersion(v)
		if _, err := ds.PutDocVersion(ctx, store.DocVersion{Doc: "peace-plan", Label: f.label, Date: f.date, Format: v.Format, Text: string(b), Parsed: enc, Hash: f.label}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ds.SetDocAliases(ctx, "peace-plan", planAliases); err != nil {
		t.Fatal(err)
	}
	d, err := doc.Load(ctx, ds, "peace-plan", topics)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"28-point plan", "peace plan", "28-point", "27-point"}; !reflect.DeepEqual(d.Phrases(), want) {
		t.Errorf("phrases %q, want %q", d.Phrases(), want)
	}
	res, err := doc.Refresh(ctx, ds, d, topics, actor.DefaultMatcher(), false)
	if err != nil {
		t.Fatal(err)
	}
	// Twelve of the articles stored name the plan; one is about gas.
	if !res.Rescanned || res.Articles != 11 {
		t.Errorf("first refresh %+v", res)
	}
	res, err = doc.Refresh(ctx, ds, d, topics, actor.DefaultMatcher(), false)
	if err != nil || res.Rescanned || res.Articles != 0 || res.Added != 0 {
		t.Errorf("second refresh %+v, %v; want nothing read", res, err)
	}
	last := len(arts) - 1
	if _, _, err := st.PutArticle(ctx, arts[last], recs[last]); err != nil {
		t.Fatal(err)
	}
	res, err = doc.Refresh(ctx, ds, d, topics, actor.DefaultMatcher(), false)
	if err != nil || res.Rescanned || res.Articles != 1 || res.Added != 1 {
		t.Errorf("refresh after one new article %+v, %v", res, err)
	}
	ss, err := doc.Stances(ctx, ds, "peace-plan")
	if err != nil {
		t.Fatal(err)
	}
	if got := cells(doc.BuildMatrix(d.Versions, ss, "", "")); !reflect.DeepEqual(got, wantLatest) {
		t.Errorf("matrix from the store's stances:\n got %q\nwant %q", got, wantLatest)
	}
	// The store sums up the same matrix, for every date and party.
	for _, asOf := range []string{"", "2025-11-20", "2025-11-22", "2025-11-25", "2025-12-03"} {
		for _, who := range []string{"", "RUS", "EU", "CHN"} {
			want := doc.BuildMatrix(d.Versions, ss, asOf, who)
			got, err := doc.MatrixFromStore(ctx, ds, d, asOf, who)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("MatrixFromStore(%q, %q) differs from BuildMatrix:\n got %q %v\nwant %q %v", asOf, who, cells(got), got.Parties, cells(want), want.Parties)
			}
		}
	}
	if _, err := ds.PutDocVersion(ctx, store.DocVersion{Doc: "peace-plan", Label: "v3", Date: "2025-12-02", Format: "html", Text: "x", Parsed: []byte(`{"units":[]}`), Hash: "other"}); err != nil {
		t.Fatal(err)
	}
	d, _ = doc.Load(ctx, ds, "peace-plan", topics)
	if res, err = doc.Refresh(ctx, ds, d, topics, actor.DefaultMatcher(), false); err != nil || !res.Rescanned || res.Articles != 12 {
		t.Errorf("refresh after a new version %+v, %v; want a rescan of 12", res, err)
	}
}
