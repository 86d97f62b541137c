package story

import (
	"sort"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
)

// Options tune merging. The zero value uses the default codebook.
type Options struct {
	Codebook *cameo.Codebook // labels, Goldstein values, quad classes
}

func (o Options) book() *cameo.Codebook {
	if o.Codebook != nil {
		return o.Codebook
	}
	return cameo.Default()
}

// Merge groups reports into stories, in (date, id) order. The result
// depends only on the set of reports, never on their order.
//
// An event with no date (its article carried none and its sentence named
// none) cannot be placed on a timeline, so it stays out of stories.
func Merge(reports []Report, opt Options) []record.Story {
	items := make([]item, 0, len(reports))
	for i := range reports {
		if reports[i].Event.Date == "" {
			continue
		}
		items = append(items, newItem(&reports[i]))
	}
	groups := components(items)
	for i := range items {
		items[i].words = nil // linking is done; the stories need less
	}
	book := opt.book()
	out := make([]record.Story, len(groups))
	for i, g := range groups {
		members := make([]*item, len(g))
		for j, k := range g {
			members[j] = &items[k]
		}
		out[i] = build(members, book)
	}
	sortStories(out)
	return out
}

func sortStories(s []record.Story) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Date != s[j].Date {
			return s[i].Date < s[j].Date
		}
		return s[i].ID < s[j].ID
	})
}

// components returns the connected components of the same-happening
// relation, each as indices into items. Only reports of one actor pair
// whose dates are a day apart at most (or equal, for coarser dates) can
// link, so each pair's reports are walked day by day.
func components(items []item) [][]int {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(x, y int) bool {
		a, b := &items[idx[x]], &items[idx[y]]
		if a.pair != b.pair {
			return a.pair < b.pair
		}
		if a.day != b.day {
			return a.day < b.day
		}
		if a.r.Event.Date != b.r.Event.Date {
			return a.r.Event.Date < b.r.Event.Date
		}
		return a.r.Event.ID < b.r.Event.ID
	})
	uf := newUnionFind(len(items))
	for lo := 0; lo < len(idx); {
		hi := lo
		for hi < len(idx) && items[idx[hi]].pair == items[idx[lo]].pair {
			hi++
		}
		linkBlock(items, idx[lo:hi], uf)
		lo = hi
	}
	byRoot := map[int][]int{}
	for _, i := range idx {
		r := uf.find(i)
		byRoot[r] = append(byRoot[r], i)
	}
	out := make([][]int, 0, len(byRoot))
	for _, g := range byRoot {
		out = append(out, g)
	}
	return out
}

// linkBlock links the reports of one actor pair, sorted by day then date.
func linkBlock(items []item, block []int, uf *unionFind) {
	// Day-precision reports come first (day ≥ 0 sorts after -1: find the
	// start), each compared with its own day and the next.
	start := sort.Search(len(block), func(k int) bool { return items[block[k]].day >= 0 })
	coarse, days := block[:start], block[start:]
	for i := 0; i < len(days); i++ {
		a := &items[days[i]]
		for j := i + 1; j < len(days); j++ {
			b := &items[days[j]]
			if b.day > a.day+1 {
				break
			}
			if uf.find(days[i]) != uf.find(days[j]) && same(a, b) {
				uf.union(days[i], days[j])
			}
		}
	}
	for i := 0; i < len(coarse); i++ {
		a := &items[coarse[i]]
		for j := i + 1; j < len(coarse); j++ {
			b := &items[coarse[j]]
			if b.r.Event.Date != a.r.Event.Date {
				break
			}
			if uf.find(coarse[i]) != uf.find(coarse[j]) && same(a, b) {
				uf.union(coarse[i], coarse[j])
			}
		}
	}
}

type unionFind struct{ parent, rank []int32 }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), rank: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
	}
	return u
}

func (u *unionFind) find(i int) int {
	for int(u.parent[i]) != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = int(u.parent[i])
	}
	return i
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.rank[a] < u.rank[b] {
		a, b = b, a
	}
	u.parent[b] = int32(a)
	if u.rank[a] == u.rank[b] {
		u.rank[a]++
	}
}
