package story

import (
	"math/rand/v2"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
)

// TestMergerByParts: reports handed to a Merger a share of the actor pairs
// at a time, flushed between shares, give the stories Merge gives for all
// of them at once (reports of different pairs never merge).
func TestMergerByParts(t *testing.T) {
	const n = 5000
	want := dump(Merge(Synthetic(rand.New(rand.NewPCG(1, 2)), n), Options{}))
	for _, parts := range []int{1, 3, 8} {
		var got []record.Story
		m := NewMerger(Options{})
		for part := 0; part < parts; part++ {
			SyntheticPart(rand.New(rand.NewPCG(1, 2)), n, part, parts, m.Add)
			if err := m.Flush(func(s *record.Story) error { got = append(got, *s); return nil }); err != nil {
				t.Fatal(err)
			}
		}
		sortStories(got)
		if dump(got) != want {
			t.Errorf("%d parts: other stories than Merge's", parts)
		}
	}
}
