package sqlite_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/storetest"
	"path/filepath"

	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func TestStoryStore(t *testing.T) {
	storetest.RunStories(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
