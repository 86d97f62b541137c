package text

import "testing"

func TestJaccard(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want float64
	}{
		{[]string{"kremlin", "talks", "trump"}, []string{"putin", "talks", "trump"}, 0.5},
		{[]string{"a"}, []string{"a"}, 1},
		{[]string{"a"}, []string{"b"}, 0},
		{nil, []string{"b"}, 0},
	} {
		if got := Jaccard(c.a, c.b); got != c.want {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if got := Jaccard([]uint32{1, 2, 3, 4}, []uint32{3, 4, 5}); got != 0.4 {
		t.Errorf("Jaccard of hashes = %v, want 0.4", got)
	}
}
