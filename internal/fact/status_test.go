package fact

import (
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

func TestSameDeadline(t *testing.T) {
	start := record.Deadline{Kind: KindExpiry, Due: "2026-02-05", Precision: "day", What: "New START treaty expires"}
	rus := []record.Actor{{Code: "RUS"}}
	for _, tc := range []struct {
		name string
		b    record.Deadline
		want bool
	}{
		{"same day and words", record.Deadline{Kind: KindExpiry, Due: "2026-02-05", Precision: "day", What: "the New START treaty expired"}, true},
		{"month holds the day", record.Deadline{Kind: KindExpiry, Due: "2026-02", Precision: "month", What: "New START expires"}, true},
		{"year holds the day", record.Deadline{Kind: KindExpiry, Due: "2026", Precision: "year", What: "New START treaty lapses"}, true},
		{"week holds the day", record.Deadline{Kind: KindExpiry, Due: "2026-02-02", Precision: "week", What: "New START treaty expires"}, true},
		{"other day", record.Deadline{Kind: KindExpiry, Due: "2026-02-06", Precision: "day", What: "New START treaty expires"}, false},
		{"other thing", record.Deadline{Kind: KindExpiry, Due: "2026-02-05", Precision: "day", What: "tender offer expires"}, false},
		{"other kind", record.Deadline{Kind: KindScheduled, Due: "2026-02-05", Precision: "day", What: "New START talks"}, false},
	} {
		if got := SameDeadline(start, tc.b); got != tc.want {
			t.Errorf("%s: SameDeadline = %v, want %v", tc.name, got, tc.want)
		}
	}
	// A deadline and an ultimatum go together; a common actor is enough.
	a := record.Deadline{Kind: KindUltimatum, Due: "2025-09-02", Precision: "day", What: "Trump gave Russia 50 days to reach a deal", Actors: rus}
	b := record.Deadline{Kind: KindDeadline, Due: "2025-09", Precision: "month", What: "Moscow's deadline", Actors: rus}
	if !SameDeadline(a, b) {
		t.Errorf("ultimatum and deadline with a common actor: not the same")
	}
}

func TestUpdateStatus(t *testing.T) {
	m := actor.DefaultMatcher()
	at := func(day string) time.Time {
		d, err := time.Parse("2006-01-02", day)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	open := SentenceDeadlines("Trump gave Russia 50 days to reach a deal.", 0, at("2025-07-14"), m)
	if len(open) != 1 || open[0].Due != "2025-09-02" || open[0].Status != StatusOpen {
		t.Fatalf("open deadline: %+v", open)
	}
	for _, tc := range []struct {
		sentence, date string
		status         string
		ok             bool
	}{
		{"Russia missed the deadline.", "2025-09-05", StatusMissed, true},
		{"Russia missed Trump's deadline on September 2.", "2025-09-04", StatusMissed, true},
		{"Russia missed the deadline.", "2025-08-01", StatusOpen, false},        // not yet due: another deadline
		{"Russia missed the deadline.", "2025-11-20", StatusOpen, false},        // long after: another deadline
		{"Russia met the deadline.", "2025-08-20", StatusMet, true},             // met early
		{"Iran missed the deadline.", "2025-09-05", StatusOpen, false},          // someone else's
		{"Russia faces a deadline on Friday.", "2025-08-26", StatusOpen, false}, // still open: nothing changes
	} {
		later := SentenceDeadlines(tc.sentence, 0, at(tc.date), m)
		if len(later) != 1 {
			t.Fatalf("%q: %d deadlines, want 1: %+v", tc.sentence, len(later), later)
		}
		status, ok := UpdateStatus(open[0], later[0])
		if status != tc.status || ok != tc.ok {
			t.Errorf("%q on %s: UpdateStatus = %q, %v; want %q, %v (later %s)", tc.sentence, tc.date, status, ok, tc.status, tc.ok, deadlineString(later[0]))
		}
	}
}

// TestDeadlinesLinkStatus checks that a dateless report of a deadline
// passing takes the date of the deadline the article gave before, and
// settles it.
func TestDeadlinesLinkStatus(t *testing.T) {
	art := "Trump gave Russia 50 days to reach a deal. Officials said the talks went nowhere. The deadline passed without a deal."
	got := Deadlines(text.Sentences(art), tableRef, actor.DefaultMatcher())
	var s []string
	for _, d := range got {
		s = append(s, deadlineString(d))
	}
	want := []string{
		`ultimatum 2025-09-02/day missed "Trump gave Russia 50 days to reach a deal" [USAGOV RUS]`,
		`deadline 2025-09-02/day missed "deadline passed" []`,
	}
	if len(s) != len(want) {
		t.Fatalf("got %q, want %q", s, want)
	}
	for i := range want {
		if s[i] != want[i] {
			t.Errorf("record %d: got %s, want %s", i, s[i], want[i])
		}
	}
	if got[1].Sentence != 2 {
		t.Errorf("status record in sentence %d, want 2", got[1].Sentence)
	}
	// Without an earlier deadline and without an article date, a dateless
	// report has nothing to be dated by and is dropped.
	if d := Deadlines(text.Sentences("The deadline passed."), time.Time{}, nil); len(d) != 0 {
		t.Errorf("dateless report without article date: %+v", d)
	}
}

// TestExtractSame checks that Extract, which reads each sentence once,
// returns what Deadlines and Facts return on their own, on Reuters.
func TestExtractSame(t *testing.T) {
	docs := loadCorpus(t, reutersPath)
	m := actor.DefaultMatcher()
	for _, d := range docs[:min(len(docs), 2000)] {
		sents := text.Sentences(d.Text)
		ds, fs := Extract(sents, d.Date, m)
		wantD, wantF := Deadlines(sents, d.Date, m), Facts(sents, d.Date)
		if !slices.EqualFunc(ds, wantD, func(a, b record.Deadline) bool {
			return deadlineString(a) == deadlineString(b) && a.Sentence == b.Sentence
		}) ||
			!slices.EqualFunc(fs, wantF, func(a, b record.Fact) bool { return a == b }) {
			t.Fatalf("%s: Extract differs from Deadlines and Facts", d.ID)
		}
	}
}
