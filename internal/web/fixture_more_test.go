package web

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

// alertsAt is when addAlerts evaluates its rule: three weeks after the
// fixture's clock, so that October 1987's stories fall in its window.
var alertsAt = time.Date(1987, 10, 21, 12, 0, 0, 0, time.UTC)

// addAlerts stores a watch rule over the fixture's stories (anything the
// Soviet Union did or had done to it within 30 days) and evaluates it at
// alertsAt, so that alerts fire; it returns how many.
func addAlerts(t testing.TB, st store.Store) int {
	t.Helper()
	ctx := context.Background()
	spec, err := watch.ParseRule("event actor USR within 30d")
	if err != nil {
		t.Fatal(err)
	}
	ws := st.(store.WatchStore)
	if err := ws.PutWatchRule(ctx, store.WatchRule{Name: "soviet-talks", Text: spec.String(), For: spec.For}); err != nil {
		t.Fatal(err)
	}
	e, err := watch.NewEvaluator(watch.Options{Store: st, Clock: func() time.Time { return alertsAt }})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.EvaluateOnce(ctx, alertsAt)
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("evaluate: %v %v", err, res.Errors)
	}
	if res.Firing() == 0 {
		t.Fatal("no alert fired for the Soviet Union's stories of October 1987")
	}
	return res.Firing()
}

// planVersions are the sitrep team's fictional 28-point plan in three
// versions (internal/doc/testdata), as the doc tests store them.
var planVersions = []struct{ path, label, date string }{
	{"../doc/testdata/plan-v1.txt", "v1", "2025-11-20"},
	{"../doc/testdata/plan-v2.md", "geneva", "2025-11-23"},
	{"../doc/testdata/plan-v3.html", "florida", "2025-12-02"},
}

// addPlan stores the plan's versions with its alias and ingests the
// reports of the parties' positions with the real extractors.
func addPlan(t testing.TB, st store.Store) {
	t.Helper()
	ctx := context.Background()
	sum, err := source.Ingest(ctx, st, []string{"../doc/testdata/articles.jsonl"}, source.IngestOptions{Extract: testExtractor(t), Now: func() time.Time { return fixedNow }})
	if err != nil || sum.Stored < 10 {
		t.Fatalf("ingest the plan's reports: %+v %v", sum, err)
	}
	ds := st.(store.DocStore)
	for _, f := range planVersions {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := doc.Parse(b, "")
		if err != nil {
			t.Fatal(err)
		}
		enc, err := doc.EncodeVersion(v)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ds.PutDocVersion(ctx, store.DocVersion{Doc: "peace-plan", Label: f.label, Date: f.date, Source: f.path, Format: v.Format,
			Title: v.Title, Text: string(b), Parsed: enc, Hash: f.label, AddedAt: fixedNow}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ds.SetDocAliases(ctx, "peace-plan", []string{"28-point plan", "peace plan"}); err != nil {
		t.Fatal(err)
	}
}
