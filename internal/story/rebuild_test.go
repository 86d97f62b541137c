package story_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
)

// plainStore hides the store's pair-ordered stream: a rebuild then holds
// every event at once.
type plainStore struct{ story.Store }

// splitPairs hands the events over "by pair" in date order, which splits
// pairs: a rebuild must notice and start over.
type splitPairs struct{ story.Store }

func (s splitPairs) EachEventByPair(ctx context.Context, fn func(*record.Event) error) error {
	return s.Store.EachEvent(ctx, store.EventFilter{}, fn)
}

// TestRebuildPairByPair: a rebuild reading the store pair by pair and
// merging a few pairs at a time gives the stories of one holding every
// event, on both stores, and so does one whose store splits pairs.
func TestRebuildPairByPair(t *testing.T) {
	lines := readLines(t, reutersFile)
	for _, backend := range []struct {
		name string
		open func(*testing.T) story.Store
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		t.Run(backend.name, func(t *testing.T) {
			ctx := context.Background()
			st := backend.open(t)
			ingestInBatches(t, st, lines, 1)
			if _, ok := st.(store.PairEventStore); !ok {
				t.Fatalf("the %s store does not stream events by pair", backend.name)
			}
			whole, err := story.Rebuild(ctx, plainStore{st}, story.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := snapshot(t, st)
			defer story.SetFlushAt(20)()
			for _, s := range []story.Store{st, splitPairs{st}} {
				sum, err := story.Rebuild(ctx, s, story.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if sum != whole {
					t.Errorf("%T: summary %+v, want %+v", s, sum, whole)
				}
				if got := snapshot(t, st); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("%T: stories differ: %s", s, firstDiff(want, got))
				}
			}
			t.Logf("%d events, %d stories", whole.Events, whole.Stories)
		})
	}
}
