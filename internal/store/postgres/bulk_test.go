package postgres

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
)

func bulkTestEvents(first, n int) []record.Event {
	out := make([]record.Event, n)
	for i := range out {
		k := first + i
		out[i] = record.Event{ID: fmt.Sprintf("gdelt-%d", k), ExtID: fmt.Sprint(k), Date: "2024-05-01", DatePrecision: "day",
			Source: &record.Actor{Code: "USA", Country: "USA"}, CAMEO: "042", Root: "04", Quad: 1, Goldstein: 1.9,
			Location: &record.Location{Name: "Kyiv, Ukraine", Country: "UKR"}, Hedged: k%3 == 0,
			SourceURL: fmt.Sprintf("https://news.example/%d", k), Extra: map[string]string{"AvgTone": "-2.5", "Note": `a "quoted" value`}}
	}
	return out
}

// A bulk load stores what PutEvents would, skips ids already stored, commits
// as it goes and, rolled back, keeps only what it committed.
func TestEventBulk(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	old := bulkCommitRows
	bulkCommitRows = 100
	defer func() { bulkCommitRows = old }()
	if _, err := s.PutEvents(ctx, bulkTestEvents(0, 10)); err != nil {
		t.Fatal(err)
	}
	b, err := s.BeginEventBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for first := 5; first < 155; first += 50 {
		n, err := b.Put(ctx, bulkTestEvents(first, 50))
		if err != nil {
			t.Fatal(err)
		}
		stored += n
	}
	if stored != 145 || b.Durable() != 95 {
		t.Errorf("stored %d, durable %d; want 145, 95", stored, b.Durable())
	}
	if err := b.Rollback(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Events(ctx, store.EventFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 105 {
		t.Fatalf("%d events after the rollback, want the 105 committed", len(got))
	}
	want := map[string]record.Event{}
	for _, e := range bulkTestEvents(0, 105) {
		want[e.ID] = e
	}
	for _, e := range got {
		if !reflect.DeepEqual(e, want[e.ID]) {
			t.Fatalf("event %s stored as\n%+v\nput as\n%+v", e.ID, e, want[e.ID])
		}
	}
	b, _ = s.BeginEventBulk(ctx)
	if n, err := b.Put(ctx, bulkTestEvents(100, 10)); n != 5 || err != nil {
		t.Errorf("second load: %d %v, want 5", n, err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Events(ctx, store.EventFilter{Limit: -1}); len(got) != 110 {
		t.Errorf("%d events, want 110", len(got))
	}
}
