package tone

import (
	"cmp"
	"slices"

	"github.com/sitrep/sitrep/internal/store"
)

type cellKey struct {
	date, source, target string
	quad                 int
}

// Subtract returns the cells of all less those of minus (cells with the
// same day, direction and quad class), dropping cells left empty, in the
// store's order (date, source, target, quad). It is how a caller counts
// every story but some statuses with one query per status left out.
func Subtract(all, minus []store.ToneCell) []store.ToneCell {
	m := make(map[cellKey]store.ToneCell, len(all))
	for _, c := range all {
		k := cellKey{c.Date, c.Source, c.Target, c.Quad}
		acc := m[k]
		acc.Date, acc.Source, acc.Target, acc.Quad = c.Date, c.Source, c.Target, c.Quad
		acc.Count += c.Count
		acc.GoldsteinSum += c.GoldsteinSum
		m[k] = acc
	}
	for _, c := range minus {
		k := cellKey{c.Date, c.Source, c.Target, c.Quad}
		acc, ok := m[k]
		if !ok {
			continue
		}
		acc.Count -= c.Count
		acc.GoldsteinSum -= c.GoldsteinSum
		m[k] = acc
	}
	out := make([]store.ToneCell, 0, len(m))
	for _, c := range m {
		if c.Count > 0 {
			c.GoldsteinSum = round(c.GoldsteinSum, 1e6)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b store.ToneCell) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Quad, b.Quad))
	})
	return out
}
