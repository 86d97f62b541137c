package story

import (
	"cmp"
	"slices"
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
	m := NewMerger(opt)
	m.Grow(len(reports))
	for i := range reports {
		m.Add(&reports[i])
	}
	groups := m.link()
	out := make([]record.Story, 0, len(groups))
	_ = m.build(groups, func(s *record.Story) error { // never fails: emit does not
		out = append(out, *s)
		return nil
	})
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

// Merger merges reports handed to it one at a time, so that they need not
// all be held at once: it keeps of each report only what merging reads
// (see item), with repeated values (dates, codes, actors, places, actor
// pairs) shared. The caller may drop or reuse a report once Add returns,
// but its Article is kept as it is (articles are shared by their events).
//
// Reports of different actor pairs never join one story, so a caller that
// hands them over pair by pair (restory reads the store that way) may
// Flush between pairs and hold one pair's reports at a time: the stories
// are the ones Merge would give for all of them.
type Merger struct {
	opt     Options
	items   []item
	pairs   []string         // by item.pair
	pairIdx map[string]int32 // the reverse
	strs    map[string]string
	actors  map[record.Actor]*record.Actor
	places  map[record.Location]*record.Location
	words   []uint32 // the arena chunk items' words are cut from
	scratch []uint32
	key     []byte
}

// NewMerger returns an empty Merger.
func NewMerger(opt Options) *Merger {
	m := &Merger{opt: opt}
	m.reset()
	return m
}

func (m *Merger) reset() {
	clear(m.items)
	m.items = m.items[:0]
	m.pairs = nil
	m.pairIdx = map[string]int32{}
	m.strs = map[string]string{}
	m.actors = map[record.Actor]*record.Actor{}
	m.places = map[record.Location]*record.Location{}
	m.words = nil
}

// Grow makes room for n more reports.
func (m *Merger) Grow(n int) { m.items = slices.Grow(m.items, n) }

// Len is how many reports the Merger holds.
func (m *Merger) Len() int { return len(m.items) }

// Add takes one report. An event without a date is left out (see Merge).
func (m *Merger) Add(r *Report) {
	if r.Event.Date == "" {
		return
	}
	m.add(r)
}

func (m *Merger) add(r *Report) {
	e := r.Event
	s, t := sideKey(e.Source), sideKey(e.Target)
	fwd := s <= t
	if !fwd {
		s, t = t, s
	}
	m.key = append(append(append(m.key[:0], s...), 0), t...)
	p, ok := m.pairIdx[string(m.key)]
	if !ok {
		p = int32(len(m.pairs))
		m.pairs = append(m.pairs, string(m.key))
		m.pairIdx[m.pairs[p]] = p
	}
	it := item{
		id: e.ID, text: e.Text, date: m.str(e.Date), code: m.str(e.CAMEO), root: m.str(e.Root), plover: m.str(e.PLOVER),
		src: m.actor(e.Source), tgt: m.actor(e.Target), loc: m.place(e.Location), art: r.Article,
		goldstein: e.Goldstein, pair: p, day: dayOf(e), sentence: int32(e.Sentence), clarity: int32(clarity(e)), quad: int8(e.Quad),
	}
	if fwd {
		it.flags |= fForward
	}
	if isSymmetric(e.CAMEO) {
		it.flags |= fSym
	}
	if e.Negated {
		it.flags |= fNegated
	}
	if e.Hedged || e.Conditional {
		it.flags |= fHedged
	}
	if r.Disputed {
		it.flags |= fDisputed
	}
	m.scratch = appendContentWords(m.scratch[:0], e.Text)
	if n := len(m.scratch); n > 0 {
		if cap(m.words)-len(m.words) < n {
			m.words = make([]uint32, 0, max(1<<16, n))
		}
		lo := len(m.words)
		m.words = append(m.words, m.scratch...)
		it.words = m.words[lo:len(m.words):len(m.words)]
	}
	m.items = append(m.items, it)
}

func (m *Merger) str(s string) string {
	if v, ok := m.strs[s]; ok {
		return v
	}
	m.strs[s] = s
	return s
}

func (m *Merger) actor(a *record.Actor) *record.Actor {
	if a == nil {
		return nil
	}
	if v, ok := m.actors[*a]; ok {
		return v
	}
	m.actors[*a] = a
	return a
}

func (m *Merger) place(l *record.Location) *record.Location {
	if l == nil {
		return nil
	}
	if v, ok := m.places[*l]; ok {
		return v
	}
	m.places[*l] = l
	return l
}

// Flush merges the reports added since the last Flush into stories, hands
// each to emit (in no particular order), and forgets the reports. It stops
// at emit's first error.
func (m *Merger) Flush(emit func(*record.Story) error) error {
	return m.build(m.link(), emit)
}

// link returns the stories' groups of reports (see groups) and drops what
// only linking needed.
func (m *Merger) link() [][]int32 {
	groups := m.groups()
	for i := range m.items {
		m.items[i].words = nil // linking is done; the stories need less
	}
	m.words, m.scratch = nil, nil
	return groups
}

// build makes a story of each group, hands it to emit, and forgets the
// reports.
func (m *Merger) build(groups [][]int32, emit func(*record.Story) error) error {
	defer m.reset()
	book := m.opt.book()
	var members []*item
	for _, g := range groups {
		members = members[:0]
		for _, k := range g {
			members = append(members, &m.items[k])
		}
		st := build(members, book)
		if err := emit(&st); err != nil {
			return err
		}
	}
	return nil
}

// groups returns the connected components of the same-happening relation,
// each as indices into m.items. Only reports of one actor pair whose dates
// are a day apart at most (or equal, for coarser dates) can link, so each
// pair's reports are walked day by day.
func (m *Merger) groups() [][]int32 {
	items := m.items
	idx := make([]int32, len(items))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(x, y int32) int {
		a, b := &items[x], &items[y]
		if c := cmp.Compare(a.pair, b.pair); c != 0 {
			return c
		}
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		return cmp.Compare(a.date, b.date)
	})
	uf := newUnionFind(len(items))
	for lo := 0; lo < len(idx); {
		hi := lo
		p := items[idx[lo]].pair
		for hi < len(idx) && items[idx[hi]].pair == p {
			hi++
		}
		linkBlock(items, idx[lo:hi], uf, m.pairs[p])
		lo = hi
	}
	// Members of one component together: a counting sort by root.
	start := make([]int32, len(items)+1)
	for i := range items {
		start[uf.find(i)+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	order := idx // reused: every index is placed once
	next := slices.Clone(start[:len(items)])
	for i := range items {
		r := uf.find(i)
		order[next[r]] = int32(i)
		next[r]++
	}
	var out [][]int32
	for r := range items {
		if lo, hi := start[r], start[r+1]; hi > lo {
			out = append(out, order[lo:hi:hi])
		}
	}
	return out
}

// linkBlock links the reports of one actor pair, sorted by day then date.
func linkBlock(items []item, block []int32, uf *unionFind, pair string) {
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
			if uf.find(int(days[i])) != uf.find(int(days[j])) && same(a, b, pair) {
				uf.union(int(days[i]), int(days[j]))
			}
		}
	}
	for i := 0; i < len(coarse); i++ {
		a := &items[coarse[i]]
		for j := i + 1; j < len(coarse); j++ {
			b := &items[coarse[j]]
			if b.date != a.date {
				break
			}
			if uf.find(int(coarse[i])) != uf.find(int(coarse[j])) && same(a, b, pair) {
				uf.union(int(coarse[i]), int(coarse[j]))
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
