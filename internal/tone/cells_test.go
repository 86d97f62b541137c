package tone

import (
	"testing"

	"github.com/sitrep/sitrep/internal/store"
)

func TestSubtract(t *testing.T) {
	all := []store.ToneCell{
		cell("2025-01-02", "USA", "RUS", 4, 3, -25),
		cell("2025-01-01", "USA", "RUS", 1, 2, 3.8),
		cell("2025-01-01", "USA", "RUS", 1, 1, 1), // the same key again: added
		cell("2025-01-01", "RUS", "USA", 3, 1, -2),
	}
	minus := []store.ToneCell{
		cell("2025-01-02", "USA", "RUS", 4, 1, -10),
		cell("2025-01-01", "RUS", "USA", 3, 1, -2), // empties the cell
		cell("2025-01-05", "USA", "RUS", 2, 1, 5),  // nothing to take from
	}
	got := Subtract(all, minus)
	want := []store.ToneCell{
		cell("2025-01-01", "USA", "RUS", 1, 3, 4.8),
		cell("2025-01-02", "USA", "RUS", 4, 2, -15),
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestListFrom(t *testing.T) {
	for in, want := range map[string]string{"2025-03-01": "2025-03", "2025-01-01": "2025", "2025-03-17": "2025-03-17", "2025-11-01": "2025-11"} {
		if got := listFrom(in); got != want {
			t.Errorf("listFrom(%s) = %s, want %s", in, got, want)
		}
	}
}
