package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/storetest"
)

// bulkEvents makes n article-less events numbered from first; every
// seventh is not of the imported shape (it has a text and a sentence).
func bulkEvents(first, n int) []record.Event {
	countries := []string{"USA", "RUS", "CHN", "UKR", "FRA", "IRN"}
	out := make([]record.Event, n)
	for i := range out {
		k := first + i
		e := record.Event{
			ID: fmt.Sprintf("gdelt-%d", 1000+k), ExtID: fmt.Sprint(1000 + k), Date: fmt.Sprintf("2024-%02d-%02d", 1+k%12, 1+k%28), DatePrecision: "day",
			Source: &record.Actor{Code: countries[k%6] + "GOV", Country: countries[k%6], Name: "A"},
			Target: &record.Actor{Code: countries[(k/6)%6], Country: countries[(k/6)%6]},
			CAMEO:  fmt.Sprintf("%02d0", 1+k%20), Root: fmt.Sprintf("%02d", 1+k%20), Quad: 1 + k%4, Goldstein: float64(k%20) - 10,
			PLOVER: "CONSULT", Location: &record.Location{Name: "Kyiv, Ukraine", Country: "UKR"},
			SourceURL: fmt.Sprintf("https://news.example/%d", k), Extra: map[string]string{"AvgTone": "-1.5", "NumMentions": fmt.Sprint(k % 9)},
		}
		if k%7 == 0 {
			e.Text, e.Sentence, e.Hedged = "A sentence with \"quotes\".", 2, true
		}
		out[i] = e
	}
	return out
}

func openBulkStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// eventIndexes lists the events table's indexes and their SQL.
func eventIndexes(t *testing.T, s *Store) map[string]string {
	t.Helper()
	rows, err := s.r.Query(`SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, q string
		rows.Scan(&n, &q)
		out[n] = q
	}
	return out
}

// checkStore checks that the store holds exactly want (by id, field by
// field), has the indexes it had before, that a dyad query uses its index,
// and that SQLite finds the file sound.
func checkStore(t *testing.T, s *Store, want []record.Event, indexes map[string]string) {
	t.Helper()
	ctx := context.Background()
	if got := eventIndexes(t, s); !reflect.DeepEqual(got, indexes) {
		t.Errorf("indexes after the load:\n%v\nwant\n%v", got, indexes)
	}
	var ok string
	if err := s.r.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
	var plan strings.Builder
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN SELECT id FROM events WHERE src_country = 'USA' AND tgt_country = 'RUS' AND date >= '2024-03-01'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan.WriteString(detail)
	}
	rows.Close()
	if !strings.Contains(plan.String(), "events_dyad_date") {
		t.Errorf("a dyad query does not use events_dyad_date: %s", plan.String())
	}
	got, err := s.Events(ctx, store.EventFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d events stored, want %d", len(got), len(want))
	}
	byID := map[string]record.Event{}
	for _, e := range want {
		byID[e.ID] = e
	}
	for _, e := range got {
		w, found := byID[e.ID]
		if !found {
			t.Fatalf("event %s was not put", e.ID)
		}
		if !reflect.DeepEqual(e, w) {
			t.Fatalf("event %s stored as\n%+v\nput as\n%+v", e.ID, e, w)
		}
	}
}

func withCommitRows(t *testing.T, n int) {
	old := bulkCommitRows
	bulkCommitRows = n
	t.Cleanup(func() { bulkCommitRows = old })
}

func bulkPut(t *testing.T, b store.EventBulk, events []record.Event, batch int) (stored int) {
	t.Helper()
	for len(events) > 0 {
		n := min(batch, len(events))
		got, err := b.Put(context.Background(), events[:n])
		if err != nil {
			t.Fatal(err)
		}
		stored += got
		events = events[n:]
	}
	return stored
}

// A bulk load, in one transaction or several, leaves the store as
// PutEvents would: ids already stored are skipped, rows of any shape
// store field for field, the indexes are there and used.
func TestEventBulkLoads(t *testing.T) {
	for _, c := range []struct {
		name       string
		have, add  int
		commitRows int
	}{
		{"one transaction", 100, 1000, 10_000},
		{"several transactions", 1000, 700, 128},
	} {
		t.Run(c.name, func(t *testing.T) {
			withCommitRows(t, c.commitRows)
			ctx := context.Background()
			s := openBulkStore(t)
			old := bulkEvents(0, c.have)
			if n, err := s.PutEvents(ctx, old); err != nil || n != c.have {
				t.Fatalf("PutEvents: %d %v", n, err)
			}
			indexes := eventIndexes(t, s)
			// The new events overlap the old by 50.
			add := bulkEvents(c.have-50, c.add)
			b, err := s.BeginEventBulk(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Rollback()
			if n := bulkPut(t, b, add, 257); n != c.add-50 {
				t.Errorf("stored %d, want %d", n, c.add-50)
			}
			if err := b.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if b.Durable() != c.add-50 {
				t.Errorf("durable %d, want %d", b.Durable(), c.add-50)
			}
			checkStore(t, s, bulkEvents(0, c.have-50+c.add), indexes)
			// Again: nothing new.
			b, _ = s.BeginEventBulk(ctx)
			if n := bulkPut(t, b, add, 1000); n != 0 {
				t.Errorf("second load stored %d", n)
			}
			b.Commit(ctx)
			// The writing connection has its settings back.
			var cache, limit, temp, fk int
			s.w.QueryRow(`PRAGMA cache_size`).Scan(&cache)
			s.w.QueryRow(`PRAGMA journal_size_limit`).Scan(&limit)
			s.w.QueryRow(`PRAGMA temp_store`).Scan(&temp)
			s.w.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
			if cache != -32768 || limit != -1 || temp != 0 || fk != 1 {
				t.Errorf("cache_size %d, journal_size_limit %d, temp_store %d, foreign_keys %d after the load", cache, limit, temp, fk)
			}
		})
	}
}

// A load rolled back leaves the store as it was but for the transactions
// it committed before.
func TestEventBulkRollback(t *testing.T) {
	for _, c := range []struct {
		name       string
		commitRows int
		keepsFirst int
	}{{"one transaction", 10_000, 0}, {"several", 400, 400}} {
		t.Run(c.name, func(t *testing.T) {
			withCommitRows(t, c.commitRows)
			ctx := context.Background()
			s := openBulkStore(t)
			old := bulkEvents(0, 100)
			s.PutEvents(ctx, old)
			indexes := eventIndexes(t, s)
			b, err := s.BeginEventBulk(ctx)
			if err != nil {
				t.Fatal(err)
			}
			bulkPut(t, b, bulkEvents(100, 700), 100)
			if err := b.Rollback(); err != nil {
				t.Fatal(err)
			}
			if b.Durable() != c.keepsFirst {
				t.Errorf("durable %d, want %d", b.Durable(), c.keepsFirst)
			}
			checkStore(t, s, bulkEvents(0, 100+c.keepsFirst), indexes)
			if _, err := b.Put(ctx, old); err == nil {
				t.Error("Put after Rollback works")
			}
			// The store takes writes again.
			if n, err := s.PutEvents(ctx, bulkEvents(5000, 3)); n != 3 || err != nil {
				t.Errorf("PutEvents after the load: %d %v", n, err)
			}
		})
	}
}

// The load checks an event's article as the foreign key would.
func TestEventBulkArticles(t *testing.T) {
	ctx := context.Background()
	s := openBulkStore(t)
	a := storetest.NewArticle("Talks", "2024-03-01", "Wire", "The ministers met.")
	if _, _, err := s.PutArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	events := bulkEvents(0, 20)
	for i := range events {
		events[i].ArticleID = a.ID
	}
	b, err := s.BeginEventBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := b.Put(ctx, events); n != 20 || err != nil {
		t.Fatalf("events of a stored article: %d %v", n, err)
	}
	bad := bulkEvents(100, 3)
	bad[1].ArticleID = "no-such-article"
	if _, err := b.Put(ctx, bad); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "no-such-article") {
		t.Errorf("event of a missing article: %v", err)
	}
	if n := countEvents(t, s); n != 0 {
		t.Errorf("%d events stored after the failed load", n)
	}
}

func countEvents(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
