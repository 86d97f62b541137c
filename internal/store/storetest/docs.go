package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// RunDocs runs the DocStore suite; the factory's stores must implement
// store.DocStore.
func RunDocs(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store, store.DocStore)
	}{
		{"VersionsRoundTrip", testDocVersions},
		{"RefusedVersionLeavesOld", testDocRefused},
		{"AliasesAndDelete", testDocAliases},
		{"Mentions", testDocMentions},
		{"Stances", testDocStances},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			ds, ok := s.(store.DocStore)
			if !ok {
				t.Fatalf("%T does not implement store.DocStore", s)
			}
			tc.fn(t, s, ds)
		})
	}
}

var docAdded = time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC)

func docVersion(label, date, text string) store.DocVersion {
	return store.DocVersion{Doc: "plan", Label: label, Date: date, Source: "testdata/" + label + ".txt", Format: "text",
		Title: "Plan " + label, Text: text, Parsed: []byte(`{"label":"` + label + `","units":[]}`), Hash: "h-" + label, AddedAt: docAdded}
}

func testDocVersions(t *testing.T, _ store.Store, ds store.DocStore) {
	ctx := context.Background()
	// Added out of date order, and one undated: read back by date, undated last.
	for _, v := range []store.DocVersion{docVersion("v2", "2025-11-23", "two"), docVersion("draft", "", "undated"), docVersion("v1", "2025-11-20", "one")} {
		if replaced, err := ds.PutDocVersion(ctx, v); err != nil || replaced {
			t.Fatalf("PutDocVersion(%s) = %v, %v", v.Label, replaced, err)
		}
	}
	d, err := ds.GetDoc(ctx, "plan")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, v := range d.Versions {
		labels = append(labels, v.Label)
	}
	if !reflect.DeepEqual(labels, []string{"v1", "v2", "draft"}) {
		t.Fatalf("versions %v, want [v1 v2 draft]", labels)
	}
	v1 := d.Versions[0]
	want := docVersion("v1", "2025-11-20", "one")
	if v1.Text != want.Text || v1.Date != want.Date || v1.Source != want.Source || v1.Format != want.Format ||
		v1.Title != want.Title || v1.Hash != want.Hash || !v1.AddedAt.Equal(docAdded) || v1.Doc != "plan" {
		t.Errorf("round trip changed the version:\n got %+v\nwant %+v", v1, want)
	}
	var parsed map[string]any
	if err := json.Unmarshal(v1.Parsed, &parsed); err != nil || parsed["label"] != "v1" {
		t.Errorf("parsed = %s (%v)", v1.Parsed, err)
	}
	// The same label again replaces that version whole.
	nv := docVersion("v2", "2025-11-24", "two, revised")
	if replaced, err := ds.PutDocVersion(ctx, nv); err != nil || !replaced {
		t.Fatalf("PutDocVersion(v2 again) = %v, %v; want replaced", replaced, err)
	}
	d, _ = ds.GetDoc(ctx, "plan")
	if len(d.Versions) != 3 || d.Versions[1].Text != "two, revised" || d.Versions[1].Date != "2025-11-24" {
		t.Errorf("after replacing v2: %+v", d.Versions)
	}
	infos, err := ds.ListDocs(ctx)
	if err != nil || len(infos) != 1 {
		t.Fatalf("ListDocs = %v, %v", infos, err)
	}
	if in := infos[0]; in.Name != "plan" || !reflect.DeepEqual(in.Versions, []string{"v1", "v2", "draft"}) ||
		in.First != "2025-11-20" || in.Last != "2025-11-24" || in.Stances != 0 || len(in.Aliases) != 0 {
		t.Errorf("ListDocs()[0] = %+v", in)
	}
	if _, err := ds.GetDoc(ctx, "nothing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetDoc(unknown) = %v, want ErrNotFound", err)
	}
	if err := ds.DeleteDocVersion(ctx, "plan", "draft"); err != nil {
		t.Fatal(err)
	}
	if err := ds.DeleteDocVersion(ctx, "plan", "draft"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second DeleteDocVersion = %v, want ErrNotFound", err)
	}
	if d, _ := ds.GetDoc(ctx, "plan"); len(d.Versions) != 2 {
		t.Errorf("after delete: %d versions, want 2", len(d.Versions))
	}
}

func testDocRefused(t *testing.T, _ store.Store, ds store.DocStore) {
	ctx := context.Background()
	if _, err := ds.PutDocVersion(ctx, docVersion("v1", "2025-11-20", "one")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.DocVersion{docVersion("", "2025-11-21", "x"), docVersion("v1", "21.11.2025", "x"), {Doc: "plan", Label: "v1"}} {
		if _, err := ds.PutDocVersion(ctx, bad); err == nil {
			t.Errorf("PutDocVersion(%+v) stored a bad version", bad)
		}
	}
	d, err := ds.GetDoc(ctx, "plan")
	if err != nil || len(d.Versions) != 1 || d.Versions[0].Text != "one" {
		t.Errorf("after refused versions: %+v, %v", d, err)
	}
}

func testDocAliases(t *testing.T, _ store.Store, ds store.DocStore) {
	ctx := context.Background()
	if err := ds.SetDocAliases(ctx, "plan", []string{"x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetDocAliases(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := ds.PutDocVersion(ctx, docVersion("v1", "2025-11-20", "one")); err != nil {
		t.Fatal(err)
	}
	if err := ds.SetDocAliases(ctx, "plan", []string{"28-point plan", "peace plan"}); err != nil {
		t.Fatal(err)
	}
	d, _ := ds.GetDoc(ctx, "plan")
	if !reflect.DeepEqual(d.Aliases, []string{"28-point plan", "peace plan"}) {
		t.Errorf("aliases = %q", d.Aliases)
	}
	if err := ds.DeleteDoc(ctx, "plan"); err != nil {
		t.Fatal(err)
	}
	if err := ds.DeleteDoc(ctx, "plan"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second DeleteDoc = %v, want ErrNotFound", err)
	}
	if infos, _ := ds.ListDocs(ctx); len(infos) != 0 {
		t.Errorf("ListDocs after delete = %+v", infos)
	}
}

func testDocMentions(t *testing.T, s store.Store, ds store.DocStore) {
	ctx := context.Background()
	speaker := &record.Actor{Code: "UKRGOV", Country: "UKR", Name: "Volodymyr Zelensky", Text: "Zelensky"}
	a1 := NewArticle("Kyiv answers the plan", "2025-11-21", "Ledger", "Zelensky said Ukraine rejects the 28-point plans.")
	id1 := mustPut(t, s, a1, &record.Records{Claims: []record.Claim{{Sentence: 0, Speaker: speaker, Kind: "reported", Verb: "said",
		Text: "Ukraine rejects the 28-point plans", Stance: "assert", Date: "2025-11-21"}}})
	mustPut(t, s, NewArticle("Markets", "2025-11-21", "Ledger", "The rouble rose on Friday."), nil)
	ev := testEvent()
	a3 := NewArticle("Moscow on the peace plan", "2025-11-22", "Wire", "Moscow welcomed the peace plan.")
	id3 := mustPut(t, s, a3, &record.Records{Events: []record.Event{ev}})
	type seen struct {
		id             string
		claims, events int
	}
	walk := func(phrases []string, after int64) ([]seen, []int64) {
		var out []seen
		var seqs []int64
		err := ds.EachDocMention(ctx, phrases, after, func(m *store.DocMention) error {
			out = append(out, seen{m.ArticleID, len(m.Claims), len(m.Events)})
			seqs = append(seqs, m.Seq)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, seqs
	}
	got, seqs := walk([]string{"28-point plan", "peace plan"}, 0)
	// "28-point plan" matches "28-point plans" (stemmed), as search does.
	if want := []seen{{id1, 1, 0}, {id3, 0, 1}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("mentions = %+v, want %+v", got, want)
	}
	if seqs[0] >= seqs[1] {
		t.Errorf("seqs %v not in storage order", seqs)
	}
	if got, _ := walk([]string{"28-point plan", "peace plan"}, seqs[0]); len(got) != 1 || got[0].id != id3 {
		t.Errorf("mentions after %d = %+v, want only %s", seqs[0], got, id3)
	}
	if got, _ := walk([]string{"--", ""}, 0); len(got) != 0 {
		t.Errorf("mentions of no words = %+v", got)
	}
	var m1 *store.DocMention
	ds.EachDocMention(ctx, []string{"28 point"}, 0, func(m *store.DocMention) error { m1 = m; return nil })
	if m1 == nil || m1.Date != "2025-11-21" || m1.Title != a1.Title || m1.Text != a1.Text ||
		len(m1.Claims) != 1 || m1.Claims[0].Speaker == nil || m1.Claims[0].Speaker.Code != "UKRGOV" || m1.Claims[0].Text != "Ukraine rejects the 28-point plans" {
		t.Errorf("mention = %+v", m1)
	}
}

func testDocStances(t *testing.T, s store.Store, ds store.DocStore) {
	ctx := context.Background()
	aid := mustPut(t, s, NewArticle("Kyiv answers", "2025-11-21", "Ledger", "Ukraine rejected point 21."), nil)
	if err := ds.SaveDocStances(ctx, "plan", store.StanceScan{}, store.StanceScan{State: "s1", Seq: 1}, false, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveDocStances(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := ds.PutDocVersion(ctx, docVersion("v1", "2025-11-20", "one")); err != nil {
		t.Fatal(err)
	}
	st := store.DocStance{Actor: "UKR", ActorCode: "UKRGOV", ActorName: "Volodymyr Zelensky", Point: "v1:21", PointID: "21",
		Version: "v1", Topic: "territory", Position: "rejects", Date: "2025-11-21", ArticleID: aid, Sentence: 0,
		Evidence: "Ukraine rejected point 21.", Via: "sentence", RecordID: "", Cue: "rejected", Match: "number"}
	first := store.StanceScan{State: "s1", Seq: 7}
	if err := ds.SaveDocStances(ctx, "plan", store.StanceScan{}, first, true, []store.DocStance{st}); err != nil {
		t.Fatal(err)
	}
	got, scan, err := ds.DocStances(ctx, "plan")
	if err != nil || scan != first || len(got) != 1 || got[0] != st {
		t.Fatalf("DocStances = %+v, %+v, %v", got, scan, err)
	}
	// A step from a scan that is no longer current changes nothing.
	st2 := st
	st2.Position, st2.Date = "supports", "2025-11-30"
	if err := ds.SaveDocStances(ctx, "plan", store.StanceScan{}, store.StanceScan{State: "s1", Seq: 9}, false, []store.DocStance{st2}); !errors.Is(err, store.ErrStaleScan) {
		t.Errorf("stale SaveDocStances = %v, want ErrStaleScan", err)
	}
	// Appending keeps the order stored.
	if err := ds.SaveDocStances(ctx, "plan", first, store.StanceScan{State: "s1", Seq: 9}, false, []store.DocStance{st2}); err != nil {
		t.Fatal(err)
	}
	got, scan, _ = ds.DocStances(ctx, "plan")
	if len(got) != 2 || got[1] != st2 || scan.Seq != 9 {
		t.Errorf("after append: %+v, %+v", got, scan)
	}
	// The matrix's summary: one group per party, point and position, with
	// the latest by date; as of a day, later stances are left out.
	groups, err := ds.DocStanceGroups(ctx, "plan", "", "")
	if err != nil || len(groups) != 2 || groups[0].Position != "rejects" || groups[1].Position != "supports" ||
		groups[1].Count != 1 || groups[1].LastDate != "2025-11-30" || groups[0].LastDate != "2025-11-21" {
		t.Errorf("DocStanceGroups = %+v, %v", groups, err)
	}
	if g, _ := ds.DocStanceGroups(ctx, "plan", "2025-11-25", "UKR"); len(g) != 1 || g[0].Position != "rejects" {
		t.Errorf("DocStanceGroups as of 2025-11-25 = %+v", g)
	}
	if g, _ := ds.DocStanceGroups(ctx, "plan", "", "RUS"); len(g) != 0 {
		t.Errorf("DocStanceGroups of RUS = %+v", g)
	}
	byID, err := ds.DocStancesByID(ctx, "plan", []int64{groups[1].LastID, groups[0].LastID})
	if err != nil || byID[groups[1].LastID] != st2 || byID[groups[0].LastID] != st {
		t.Errorf("DocStancesByID = %+v, %v", byID, err)
	}
	if scan, err := ds.DocStanceScan(ctx, "plan"); err != nil || scan.Seq != 9 {
		t.Errorf("DocStanceScan = %+v, %v", scan, err)
	}
	if infos, _ := ds.ListDocs(ctx); infos[0].Stances != 2 {
		t.Errorf("ListDocs stances = %d, want 2", infos[0].Stances)
	}
	// A new version drops the stances and the scan: they were derived against the old ones.
	if _, err := ds.PutDocVersion(ctx, docVersion("v2", "2025-11-23", "two")); err != nil {
		t.Fatal(err)
	}
	got, scan, _ = ds.DocStances(ctx, "plan")
	if len(got) != 0 || scan != (store.StanceScan{}) {
		t.Errorf("after a new version: %+v, %+v", got, scan)
	}
	// So do new aliases.
	if err := ds.SaveDocStances(ctx, "plan", store.StanceScan{}, first, true, []store.DocStance{st}); err != nil {
		t.Fatal(err)
	}
	if err := ds.SetDocAliases(ctx, "plan", []string{"plan"}); err != nil {
		t.Fatal(err)
	}
	if got, scan, _ = ds.DocStances(ctx, "plan"); len(got) != 0 || scan != (store.StanceScan{}) {
		t.Errorf("after new aliases: %+v, %+v", got, scan)
	}
	// A reset step replaces what was stored.
	ds.SaveDocStances(ctx, "plan", store.StanceScan{}, first, false, []store.DocStance{st, st2})
	if err := ds.SaveDocStances(ctx, "plan", first, store.StanceScan{State: "s2", Seq: 3}, true, []store.DocStance{st2}); err != nil {
		t.Fatal(err)
	}
	if got, scan, _ = ds.DocStances(ctx, "plan"); len(got) != 1 || got[0] != st2 || scan.State != "s2" {
		t.Errorf("after reset: %+v, %+v", got, scan)
	}
}
