package store

import (
	"strings"
	"testing"
)

// Both dialects must carry the same migration versions and names.
func TestDialectsInStep(t *testing.T) {
	lite, err := Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := Migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i].Name, pg[i].Name)
		}
	}
}

func TestPending(t *testing.T) {
	ms := []Migration{{Version: 1}, {Version: 2}, {Version: 4}}
	got, err := Pending(ms, map[int]bool{1: true, 4: true})
	if err != nil || len(got) != 1 || got[0].Version != 2 {
		t.Errorf("Pending = %v, %v; want version 2 (landed after 4)", got, err)
	}
	if _, err := Pending(ms, map[int]bool{9: true}); err == nil || !strings.Contains(err.Error(), "upgrade sitrep") {
		t.Errorf("unknown applied version: %v", err)
	}
}
