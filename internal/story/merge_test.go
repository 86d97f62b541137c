package story

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

func actor(code, name string) *record.Actor {
	return &record.Actor{Code: code, Country: code[:3], Name: name}
}

func ev(id, date, src, tgt, code, text string) record.Event {
	prec := "day"
	switch len(date) {
	case 7:
		prec = "month"
	case 4:
		prec = "year"
	}
	e := record.Event{ID: id, ArticleID: id[:strings.IndexByte(id+"-", '-')], Date: date, DatePrecision: prec,
		Source: actor(src, ""), Target: actor(tgt, ""), CAMEO: code, Root: code[:2], Text: text}
	return e
}

func art(id, outlet, text string) *Article {
	return &Article{ID: id, Title: id, Outlet: outlet, Date: "2025-08-15", Seen: time.Date(2025, 8, 15, 12, 0, 0, 0, time.UTC), Sig: Sign(text)}
}

const wireText = `Donald Trump and Vladimir Putin met at a military base in Anchorage, Alaska, on Friday,
the first meeting of the two presidents since 2019. The talks lasted nearly three hours and ended
without an agreement on a ceasefire in Ukraine, officials on both sides said afterwards.`

func TestMergeOneHappening(t *testing.T) {
	// One summit: a wire story republished by a second outlet (one source),
	// an independent report that tells it the other way round (B met A),
	// and a next-day report in similar words. A criticism the same day is
	// another story.
	evs := []record.Event{
		ev("a1-e0", "2025-08-15", "USA", "RUS", "040", "Donald Trump and Vladimir Putin met at a military base in Anchorage, Alaska."),
		ev("a2-e0", "2025-08-15", "USA", "RUS", "040", "Donald Trump and Vladimir Putin met at a military base in Anchorage, Alaska."),
		ev("a3-e0", "2025-08-15", "RUS", "USA", "042", "Putin flew to Alaska to meet Trump at Joint Base Elmendorf-Richardson."),
		ev("a4-e0", "2025-08-16", "USA", "RUS", "040", "Trump met Putin at a military base in Alaska, the first summit since 2019."),
		ev("a5-e0", "2025-08-15", "RUS", "USA", "111", "Moscow criticized Washington over new sanctions."),
	}
	arts := map[string]*Article{
		"a1": art("a1", "Northern Wire", wireText),
		"a2": art("a2", "Daily Ledger", wireText+"\nThe Ledger adds its own closing line."),
		"a3": art("a3", "Pacific Courier", "Putin flew to Alaska to meet Trump at Joint Base Elmendorf-Richardson, where the two leaders spoke for three hours."),
		"a4": art("a4", "Evening Post", "Trump met Putin at a military base in Alaska, the first summit since 2019, and said talks were productive."),
		"a5": art("a5", "Northern Wire", "Moscow criticized Washington over new sanctions."),
	}
	var reports []Report
	for i := range evs {
		reports = append(reports, Report{Event: &evs[i], Article: arts[evs[i].ArticleID]})
	}
	stories := Merge(reports, Options{})
	if len(stories) != 2 {
		t.Fatalf("%d stories, want 2:\n%s", len(stories), dump(stories))
	}
	var summit *record.Story
	for i := range stories {
		if stories[i].Root == "04" {
			summit = &stories[i]
		}
	}
	if summit == nil {
		t.Fatalf("no meeting story:\n%s", dump(stories))
	}
	if summit.Reports != 4 || len(summit.Articles) != 4 || summit.Sources != 3 {
		t.Errorf("summit: %d reports, %d articles, %d sources; want 4, 4, 3 (wire copy counted once)", summit.Reports, len(summit.Articles), summit.Sources)
	}
	if summit.Status != record.StatusCorroborated || summit.Date != "2025-08-15" || summit.CAMEO != "040" || summit.Label == "040" {
		t.Errorf("summit: status %s, date %s, code %s %q", summit.Status, summit.Date, summit.CAMEO, summit.Label)
	}
	groups := map[string]int{}
	for _, a := range summit.Articles {
		groups[a.ID] = a.Group
	}
	if groups["a1"] != groups["a2"] || groups["a1"] == groups["a3"] || groups["a3"] == groups["a4"] {
		t.Errorf("source groups = %v: a1 and a2 (wire copy) together, the rest apart", groups)
	}
	if summit.ID != ID("a1-e0") || strings.Join(summit.EventIDs, " ") != "a1-e0 a2-e0 a3-e0 a4-e0" {
		t.Errorf("summit id %s events %v", summit.ID, summit.EventIDs)
	}
	if strings.Join(summit.Outlets, ",") != "Daily Ledger,Evening Post,Northern Wire,Pacific Courier" {
		t.Errorf("outlets = %v", summit.Outlets)
	}
}

func dump(s []record.Story) string {
	b, _ := json.MarshalIndent(s, "", " ")
	return string(b)
}

func TestMergeKeepsApart(t *testing.T) {
	cases := []struct {
		name string
		a, b record.Event
	}{
		{"three days apart", ev("a1-e0", "2025-08-15", "USA", "RUS", "040", "Trump met Putin in Alaska."),
			ev("a2-e0", "2025-08-18", "USA", "RUS", "040", "Trump met Putin in Alaska.")},
		{"a directed act the other way round", ev("a1-e0", "2025-08-15", "USA", "RUS", "111", "Washington criticized Moscow over the strikes."),
			ev("a2-e0", "2025-08-15", "RUS", "USA", "111", "Moscow criticized Washington over the strikes.")},
		{"codes of unrelated roots", ev("a1-e0", "2025-08-15", "USA", "RUS", "040", "The US and Russia held talks on the strikes."),
			ev("a2-e0", "2025-08-15", "USA", "RUS", "163", "The US imposed sanctions on Russia over the strikes.")},
		{"other people", func() record.Event {
			e := ev("a1-e0", "2025-02-18", "USAGOV", "RUSGOV", "041", "Kerry spoke with Lavrov by phone.")
			e.Source.Name, e.Target.Name = "John Kerry", "Sergei Lavrov"
			return e
		}(), func() record.Event {
			e := ev("a2-e0", "2025-02-18", "USAGOV", "RUSGOV", "041", "Obama spoke with Putin by phone.")
			e.Source.Name, e.Target.Name = "Barack Obama", "Vladimir Putin"
			return e
		}()},
		{"other places", func() record.Event {
			e := ev("a1-e0", "2025-05-16", "RUS", "UKR", "040", "Delegations met for talks.")
			e.Location = &record.Location{Name: "Istanbul", Country: "TUR"}
			return e
		}(), func() record.Event {
			e := ev("a2-e0", "2025-05-16", "RUS", "UKR", "040", "Delegations met for talks.")
			e.Location = &record.Location{Name: "Riyadh", Country: "SAU"}
			return e
		}()},
		{"a month and a day", ev("a1-e0", "2025-08", "USA", "RUS", "040", "Trump met Putin in Alaska."),
			ev("a2-e0", "2025-08-15", "USA", "RUS", "040", "Trump met Putin in Alaska.")},
		{"a catch-all code in other words", ev("a1-e0", "2025-08-15", "USA", "RUS", "010", "The State Department commented on grain exports to Moscow."),
			ev("a2-e0", "2025-08-15", "USA", "RUS", "010", "Washington released a forecast of the Soviet cotton crop.")},
	}
	for _, c := range cases {
		reports := []Report{{Event: &c.a, Article: art("a1", "One", c.a.Text)}, {Event: &c.b, Article: art("a2", "Two", c.b.Text)}}
		if got := Merge(reports, Options{}); len(got) != 2 {
			t.Errorf("%s: merged into %d story, want 2 stories", c.name, len(got))
		}
	}
}

func TestMergeSameSentenceBothWays(t *testing.T) {
	// The coder reads "A and B will resume talks" both ways; a directed
	// code from one sentence is still one report.
	a := ev("a1-e0", "1987-03-10", "USA", "USR", "137", "American and Soviet negotiators will resume talks tomorrow.")
	b := ev("a1-e1", "1987-03-10", "USR", "USA", "137", "American and Soviet negotiators will resume talks tomorrow.")
	x := art("a1", "Reuters", a.Text)
	if got := Merge([]Report{{Event: &a, Article: x}, {Event: &b, Article: x}}, Options{}); len(got) != 1 || got[0].Reports != 2 {
		t.Errorf("one sentence read both ways: %d stories", len(got))
	}
}

func TestStatus(t *testing.T) {
	mk := func(neg, hedged, disputed []bool, outlets ...string) string {
		var reports []Report
		for i := range neg {
			e := ev(fmt.Sprintf("a%d-e0", i), "2025-03-18", "RUS", "UKR", "195", "Russian jets struck the power station near Kharkiv.")
			e.Negated, e.Hedged = neg[i], hedged[i]
			reports = append(reports, Report{Event: &e, Article: art(fmt.Sprintf("a%d", i), outlets[i], fmt.Sprint("independent text ", i)), Disputed: disputed[i]})
		}
		got := Merge(reports, Options{})
		if len(got) != 1 {
			t.Fatalf("%d stories, want 1", len(got))
		}
		return got[0].Status
	}
	f, tr := false, true
	cases := []struct {
		neg, hedged, disputed []bool
		outlets               []string
		want                  string
	}{
		{[]bool{f}, []bool{f}, []bool{f}, []string{"A"}, record.StatusSingle},
		{[]bool{f, f}, []bool{f, f}, []bool{f, f}, []string{"A", "B"}, record.StatusCorroborated},
		{[]bool{f, f}, []bool{f, f}, []bool{f, f}, []string{"A", "A"}, record.StatusSingle},
		{[]bool{f, f}, []bool{tr, tr}, []bool{f, f}, []string{"A", "B"}, record.StatusHedged},
		{[]bool{f, f}, []bool{tr, f}, []bool{f, f}, []string{"A", "B"}, record.StatusCorroborated},
		{[]bool{tr, tr}, []bool{f, f}, []bool{f, f}, []string{"A", "B"}, record.StatusNegated},
		{[]bool{tr, f}, []bool{f, f}, []bool{f, f}, []string{"A", "B"}, record.StatusDisputed},
		{[]bool{f, f}, []bool{f, f}, []bool{f, tr}, []string{"A", "B"}, record.StatusDisputed},
	}
	for i, c := range cases {
		if got := mk(c.neg, c.hedged, c.disputed, c.outlets...); got != c.want {
			t.Errorf("case %d (negated %v hedged %v disputed %v outlets %v): %s, want %s", i, c.neg, c.hedged, c.disputed, c.outlets, got, c.want)
		}
	}
}

func TestMergeIgnoresOrder(t *testing.T) {
	reports := Synthetic(rand.New(rand.NewPCG(1, 2)), 3000)
	want := dump(Merge(reports, Options{}))
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 5; round++ {
		shuffled := append([]Report(nil), reports...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := dump(Merge(shuffled, Options{})); got != want {
			t.Fatalf("round %d: shuffled input gave other stories", round)
		}
	}
	// Every report lands in exactly one story.
	stories := Merge(reports, Options{})
	n := 0
	for _, s := range stories {
		n += s.Reports
	}
	if n != len(reports) {
		t.Errorf("stories hold %d reports, %d went in", n, len(reports))
	}
}

func TestSignature(t *testing.T) {
	a, b := Sign(wireText), Sign(wireText+" Reporting by A. Writer; editing by B. Editor.")
	c := Sign("Ukraine's parliament passed a budget on Thursday after a long debate over defence spending and pensions.")
	if s := a.Similarity(&b); s < NearDuplicate {
		t.Errorf("wire copy with a credit line: similarity %.2f, want ≥ %.2f", s, NearDuplicate)
	}
	if s := a.Similarity(&c); s > 0.1 {
		t.Errorf("unrelated texts: similarity %.2f", s)
	}
	var zero Signature
	if s := zero.Similarity(&zero); s != 0 {
		t.Errorf("empty texts: similarity %.2f, want 0", s)
	}
}

func TestMergeLeavesUndatedOut(t *testing.T) {
	// A feed item with no date yields events with no date; they cannot be
	// placed on a timeline and must not stop the dated ones from merging.
	evs := []record.Event{
		ev("a1-e0", "2025-08-15", "USA", "RUS", "040", "Donald Trump and Vladimir Putin met in Anchorage."),
		ev("a2-e0", "", "USA", "RUS", "040", "Donald Trump and Vladimir Putin met in Anchorage."),
	}
	evs[1].DatePrecision = ""
	reports := []Report{
		{Event: &evs[0], Article: art("a1", "Northern Wire", wireText)},
		{Event: &evs[1], Article: &Article{ID: "a2", Outlet: "Undated Daily"}},
	}
	got := Merge(reports, Options{})
	if len(got) != 1 || got[0].Date != "2025-08-15" || got[0].Reports != 1 {
		t.Fatalf("want one dated story of one report, got %+v", got)
	}
}
