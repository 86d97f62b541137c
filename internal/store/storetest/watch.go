package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// RunWatch runs the WatchStore suite; the factory's stores must implement
// store.WatchStore.
func RunWatch(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store, store.WatchStore)
	}{
		{"Rules", testWatchRules},
		{"CommitAndConflict", testWatchCommit},
		{"NoticeOnceAndOutbox", testWatchOutbox},
		{"RemoveRule", testWatchRemove},
		{"ClaimsAfter", testWatchClaims},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			ws, ok := s.(store.WatchStore)
			if !ok {
				t.Fatalf("%T does not implement store.WatchStore", s)
			}
			tc.fn(t, s, ws)
		})
	}
}

var watchNow = time.Date(2025, 8, 16, 9, 0, 0, 0, time.UTC)

func testWatchRules(t *testing.T, _ store.Store, ws store.WatchStore) {
	ctx := context.Background()
	if _, err := ws.GetWatchRule(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetWatchRule(missing) = %v, want ErrNotFound", err)
	}
	r := store.WatchRule{Name: "b-deadlines", Text: "deadline due within 14d involving RUS", For: time.Hour}
	if err := ws.PutWatchRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := ws.PutWatchRule(ctx, store.WatchRule{Name: "a-denials", Text: "claim denial by RUS"}); err != nil {
		t.Fatal(err)
	}
	cur, _ := ws.WatchCursor(ctx)
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: cur.Seq, Cursor: store.WatchCursor{EvaluatedAt: watchNow}, Evaluated: []string{"a-denials", "b-deadlines"}}); err != nil {
		t.Fatal(err)
	}
	rules, err := ws.WatchRules(ctx)
	if err != nil || len(rules) != 2 || rules[0].Name != "a-denials" || rules[1].For != time.Hour {
		t.Fatalf("WatchRules = %+v, %v", rules, err)
	}
	if !rules[1].EvaluatedAt.Equal(watchNow) || rules[1].CreatedAt.IsZero() {
		t.Errorf("rule after commit: %+v", rules[1])
	}
	// The same text keeps its evaluation mark; new text clears it.
	if err := ws.PutWatchRule(ctx, store.WatchRule{Name: "b-deadlines", Text: r.Text, For: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	got, _ := ws.GetWatchRule(ctx, "b-deadlines")
	if !got.EvaluatedAt.Equal(watchNow) || got.For != 2*time.Hour {
		t.Errorf("same text replaced: %+v", got)
	}
	if err := ws.PutWatchRule(ctx, store.WatchRule{Name: "b-deadlines", Text: "deadline due within 30d involving RUS"}); err != nil {
		t.Fatal(err)
	}
	got, _ = ws.GetWatchRule(ctx, "b-deadlines")
	if !got.EvaluatedAt.IsZero() || got.Text != "deadline due within 30d involving RUS" || !got.CreatedAt.Equal(rules[1].CreatedAt) {
		t.Errorf("new text: %+v (created %v before)", got, rules[1].CreatedAt)
	}
}

func testAlert(rule, cause, state string, at time.Time) store.Alert {
	return store.Alert{Fingerprint: rule + "/" + cause, Rule: rule, Cause: cause, State: state, Episode: 1,
		ActiveAt: at, FiredAt: at, LastEval: at, Until: at.Add(72 * time.Hour),
		Title: "Deadline <New START> & co", Summary: "due in 3 days",
		Links:  []store.AlertLink{{ArticleID: "a1", URL: "https://example.org/a1", Title: "Treaty"}},
		Detail: json.RawMessage(`{"days_left":3}`)}
}

func testWatchCommit(t *testing.T, _ store.Store, ws store.WatchStore) {
	ctx := context.Background()
	cur, err := ws.WatchCursor(ctx)
	if err != nil || cur.Seq != 0 || !cur.EvaluatedAt.IsZero() {
		t.Fatalf("fresh cursor = %+v, %v", cur, err)
	}
	a := testAlert("r", "deadline:1", store.AlertFiring, watchNow)
	p := testAlert("r", "deadline:2", store.AlertPending, watchNow)
	p.FiredAt = time.Time{}
	mark := watchNow.Add(-time.Minute)
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 0, Cursor: store.WatchCursor{EvaluatedAt: watchNow, StoryMark: mark, ArticleSeq: 42},
		Alerts: []store.Alert{a, p}}); err != nil {
		t.Fatal(err)
	}
	// A second evaluator that read the old cursor loses.
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 0, Alerts: []store.Alert{testAlert("r", "deadline:3", store.AlertFiring, watchNow)}}); !errors.Is(err, store.ErrWatchConflict) {
		t.Fatalf("stale commit = %v, want ErrWatchConflict", err)
	}
	cur, _ = ws.WatchCursor(ctx)
	if cur.Seq != 1 || !cur.EvaluatedAt.Equal(watchNow) || !cur.StoryMark.Equal(mark) || cur.ArticleSeq != 42 {
		t.Errorf("cursor = %+v", cur)
	}
	all, err := ws.Alerts(ctx, store.AlertFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("alerts = %+v, %v (the stale commit must write nothing)", all, err)
	}
	// Paged one at a time, the list is the same, in the same order.
	var paged []store.Alert
	for f := (store.AlertFilter{Limit: 1}); ; {
		pg, err := ws.Alerts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(pg) == 0 {
			break
		}
		paged = append(paged, pg...)
		k := pg[0].Key()
		f.After = &k
		if len(paged) > len(all) {
			t.Fatalf("paging does not end: %+v", paged)
		}
	}
	if len(paged) != len(all) || paged[0].Fingerprint != all[0].Fingerprint || paged[1].Fingerprint != all[1].Fingerprint {
		t.Errorf("alerts paged one at a time: %+v, all at once: %+v", paged, all)
	}
	firing, _ := ws.Alerts(ctx, store.AlertFilter{States: []string{store.AlertFiring}})
	if len(firing) != 1 {
		t.Fatalf("firing = %+v", firing)
	}
	f := firing[0]
	if f.Title != a.Title || !f.FiredAt.Equal(watchNow) || !f.Until.Equal(a.Until) || len(f.Links) != 1 || f.Links[0].URL != a.Links[0].URL || string(f.Detail) != `{"days_left":3}` {
		t.Errorf("alert round trip: %+v", f)
	}
	// Resolve one, drop the pending one.
	later := watchNow.Add(time.Hour)
	a.State, a.ResolvedAt, a.LastEval = store.AlertResolved, later, later
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 1, Cursor: store.WatchCursor{EvaluatedAt: later}, Alerts: []store.Alert{a}, Drop: []string{p.Fingerprint}}); err != nil {
		t.Fatal(err)
	}
	all, _ = ws.Alerts(ctx, store.AlertFilter{Rule: "r"})
	if len(all) != 1 || all[0].State != store.AlertResolved || !all[0].ResolvedAt.Equal(later) {
		t.Errorf("after resolve and drop: %+v", all)
	}
}

func testWatchOutbox(t *testing.T, _ store.Store, ws store.WatchStore) {
	ctx := context.Background()
	for _, k := range []store.WatchSink{{Name: "ops", Kind: "webhook", URL: "https://hooks.example.org/a", Secret: "s3"}, {Name: "dev", Kind: "webhook", URL: "http://127.0.0.1:9/x", AllowPrivate: true}} {
		if err := ws.PutWatchSink(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	sinks, err := ws.WatchSinks(ctx)
	if err != nil || len(sinks) != 2 || sinks[0].Name != "dev" || !sinks[0].AllowPrivate || sinks[1].Secret != "s3" {
		t.Fatalf("sinks = %+v, %v", sinks, err)
	}
	n := store.Notice{Key: "fp1/1/firing", Fingerprint: "fp1", Rule: "r", Cause: "c", Status: "firing", At: watchNow,
		Title: "t", Summary: "s", Links: []store.AlertLink{{ArticleID: "a1"}}}
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 0, Cursor: store.WatchCursor{EvaluatedAt: watchNow}, Notices: []store.Notice{n}}); err != nil {
		t.Fatal(err)
	}
	// The same key again (an evaluation repeated after a crash) adds nothing.
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 1, Cursor: store.WatchCursor{EvaluatedAt: watchNow}, Notices: []store.Notice{n}}); err != nil {
		t.Fatal(err)
	}
	ns, err := ws.Notices(ctx, store.NoticeFilter{})
	if err != nil || len(ns) != 1 || ns[0].Key != n.Key || !ns[0].At.Equal(watchNow) || ns[0].Links[0].ArticleID != "a1" || ns[0].CreatedAt.IsZero() {
		t.Fatalf("notices = %+v, %v", ns, err)
	}
	wall := time.Now()
	due, err := ws.DueDeliveries(ctx, wall, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("due = %+v, %v; want one per sink", due, err)
	}
	if pend, _ := ws.PendingDeliveries(ctx); pend != 2 {
		t.Errorf("pending = %d", pend)
	}
	for _, d := range due {
		if d.Notice.Key != n.Key || d.Attempts != 0 {
			t.Errorf("delivery %+v", d)
		}
	}
	ops := due[0]
	if ops.Sink.Name != "ops" {
		ops = due[1]
	}
	if ops.Sink.Secret != "s3" || ops.Sink.URL != "https://hooks.example.org/a" {
		t.Errorf("delivery sink %+v", ops.Sink)
	}
	// ops fails once and is due again in a minute; dev is delivered.
	retry := wall.Add(time.Minute)
	if err := ws.FinishDelivery(ctx, store.DeliveryResult{ID: ops.ID, Attempts: 1, NextAt: retry, Error: "HTTP 500"}); err != nil {
		t.Fatal(err)
	}
	for _, d := range due {
		if d.ID != ops.ID {
			if err := ws.FinishDelivery(ctx, store.DeliveryResult{ID: d.ID, Attempts: 1, Delivered: wall, NextAt: wall}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if due, _ := ws.DueDeliveries(ctx, wall, 10); len(due) != 0 {
		t.Errorf("due before the retry time: %+v", due)
	}
	due, _ = ws.DueDeliveries(ctx, retry, 10)
	if len(due) != 1 || due[0].ID != ops.ID || due[0].Attempts != 1 {
		t.Fatalf("due at retry: %+v", due)
	}
	if err := ws.FinishDelivery(ctx, store.DeliveryResult{ID: ops.ID, Attempts: 2, NextAt: retry, Dead: true, Error: "HTTP 410"}); err != nil {
		t.Fatal(err)
	}
	if pend, _ := ws.PendingDeliveries(ctx); pend != 0 {
		t.Errorf("pending after delivery and give-up = %d", pend)
	}
	if err := ws.FinishDelivery(ctx, store.DeliveryResult{ID: 987654}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishDelivery(unknown) = %v", err)
	}
	if err := ws.DeleteWatchSink(ctx, "ops"); err != nil {
		t.Fatal(err)
	}
	if err := ws.DeleteWatchSink(ctx, "ops"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice = %v", err)
	}
}

func testWatchRemove(t *testing.T, _ store.Store, ws store.WatchStore) {
	ctx := context.Background()
	for _, name := range []string{"keep", "drop"} {
		if err := ws.PutWatchRule(ctx, store.WatchRule{Name: name, Text: "claim denial by RUS"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 0, Alerts: []store.Alert{
		testAlert("keep", "claim:1", store.AlertFiring, watchNow), testAlert("drop", "claim:1", store.AlertFiring, watchNow)}}); err != nil {
		t.Fatal(err)
	}
	if err := ws.CommitWatch(ctx, store.WatchCommit{Seq: 1, Remove: []string{"drop"}}); err != nil {
		t.Fatal(err)
	}
	rules, _ := ws.WatchRules(ctx)
	alerts, _ := ws.Alerts(ctx, store.AlertFilter{})
	if len(rules) != 1 || rules[0].Name != "keep" || len(alerts) != 1 || alerts[0].Rule != "keep" {
		t.Errorf("after removing a rule: rules %+v alerts %+v", rules, alerts)
	}
}

func testWatchClaims(t *testing.T, s store.Store, ws store.WatchStore) {
	ctx := context.Background()
	if n, err := ws.ArticleSeq(ctx); err != nil || n != 0 {
		t.Fatalf("ArticleSeq of an empty store = %d, %v", n, err)
	}
	first := NewArticle("Kremlin denies", "2025-08-14", "Desk", "The Kremlin denied the report.")
	second := NewArticle("Kyiv says", "2025-08-15", "Desk", "Kyiv said talks would go on.")
	sp := &record.Actor{Code: "RUSGOV", Country: "RUS", Text: "The Kremlin"}
	mustPut(t, s, first, &record.Records{Claims: []record.Claim{{Sentence: 0, Speaker: sp, Kind: "reported", Text: "The Kremlin denied the report.", Stance: "deny", Date: "2025-08-14"}}})
	mark, err := ws.ArticleSeq(ctx)
	if err != nil || mark == 0 {
		t.Fatalf("ArticleSeq after one article = %d, %v", mark, err)
	}
	mustPut(t, s, second, &record.Records{Claims: []record.Claim{{Sentence: 0, Speaker: &record.Actor{Code: "UKR", Country: "UKR"}, Kind: "reported", Text: "Kyiv said talks would go on.", Stance: "assert", Date: "2025-08-15"}}})
	last, _ := ws.ArticleSeq(ctx)
	got, seq, err := ws.ClaimsAfter(ctx, 0, 0)
	if err != nil || len(got) != 2 || got[0].Stance != "deny" || got[0].Speaker == nil || got[0].Speaker.Country != "RUS" || seq != last {
		t.Fatalf("claims after 0 = %+v, %d, %v (last article %d)", got, seq, err, last)
	}
	got, seq, err = ws.ClaimsAfter(ctx, mark, 0)
	if err != nil || len(got) != 1 || got[0].Stance != "assert" || seq != last {
		t.Fatalf("claims after the first = %+v, %d, %v", got, seq, err)
	}
	got, seq, err = ws.ClaimsAfter(ctx, last, 0)
	if err != nil || len(got) != 0 || seq != last {
		t.Fatalf("claims after the last = %+v, %d, %v", got, seq, err)
	}
}
