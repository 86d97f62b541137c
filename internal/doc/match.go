package doc

import (
	"math"
	"sort"
	"strings"
)

// Thresholds of the matcher, on the IDF-weighted Dice similarity of two
// units' content words (1 for the same words, 0 for none in common).
const (
	rewordMin  = 0.4  // a pair this similar is the same point reworded
	gapMin     = 0.2  // or this similar, when it stands where the other stood
	coverMin   = 0.75 // or when this share of the shorter one's words are in the longer
	containMin = 0.6  // a part that has this share of its words in a whole is a piece of it
	pieceGain  = 0.1  // a merge or split must explain the whole this much better than its best piece
	pieceMin   = 0.45 // and reach this similarity with the pieces together
)

// pairing is one link between versions: one old unit and one new unit
// (kept or reworded), several old and one new (merged), one old and
// several new (split).
type pairing struct {
	old, new []int
	sim      float64
	kind     string
	moved    bool
}

// bag is a unit's content words with IDF weights, sorted by term.
type bag struct {
	terms []int32
	w     []float64
	total float64
}

type matcher struct {
	a, b       []Unit
	ba, bb     []bag
	index      [][]posting // term → new units holding it
	normA      []string
	normB      []string
	matchedA   []bool
	matchedB   []bool
	pairs      []pairing
	overlapBuf []float64
}

type posting struct {
	unit int
	w    float64
}

// matchUnits pairs the units of two versions by content.
func matchUnits(a, b []Unit) []pairing {
	m := &matcher{a: a, b: b, matchedA: make([]bool, len(a)), matchedB: make([]bool, len(b))}
	m.bags()
	m.exact()
	m.pieces()
	m.greedy()
	m.fillGaps()
	m.markMoved()
	sort.SliceStable(m.pairs, func(i, j int) bool { return firstNew(m.pairs[i]) < firstNew(m.pairs[j]) })
	return m.pairs
}

func firstNew(p pairing) int {
	if len(p.new) > 0 {
		return p.new[0]
	}
	return -1
}

func (m *matcher) bags() {
	ids := map[string]int32{}
	df := map[int32]int{}
	words := func(us []Unit) [][]int32 {
		out := make([][]int32, len(us))
		for i, u := range us {
			seen := map[int32]bool{}
			for _, w := range contentWords(u.Text) {
				id, ok := ids[w]
				if !ok {
					id = int32(len(ids))
					ids[w] = id
				}
				out[i] = append(out[i], id)
				if !seen[id] {
					seen[id] = true
					df[id]++
				}
			}
		}
		return out
	}
	wa, wb := words(m.a), words(m.b)
	n := float64(len(m.a) + len(m.b))
	idf := make([]float64, len(ids))
	for id, d := range df {
		idf[id] = math.Log(1 + n/float64(d))
	}
	mk := func(ws []int32) bag {
		counts := map[int32]int{}
		for _, t := range ws {
			counts[t]++
		}
		var g bag
		for t := range counts {
			g.terms = append(g.terms, t)
		}
		sort.Slice(g.terms, func(i, j int) bool { return g.terms[i] < g.terms[j] })
		for _, t := range g.terms {
			w := float64(counts[t]) * idf[t]
			g.w = append(g.w, w)
			g.total += w
		}
		return g
	}
	m.ba, m.bb = make([]bag, len(wa)), make([]bag, len(wb))
	for i, ws := range wa {
		m.ba[i] = mk(ws)
	}
	m.index = make([][]posting, len(ids))
	for i, ws := range wb {
		m.bb[i] = mk(ws)
		for k, t := range m.bb[i].terms {
			m.index[t] = append(m.index[t], posting{i, m.bb[i].w[k]})
		}
	}
	m.normA, m.normB = make([]string, len(m.a)), make([]string, len(m.b))
	for i, u := range m.a {
		m.normA[i] = strings.Join(splitWords(u.Text), " ")
	}
	for i, u := range m.b {
		m.normB[i] = strings.Join(splitWords(u.Text), " ")
	}
	m.overlapBuf = make([]float64, len(m.b))
}

// exact pairs units whose words are the same, nearest first.
func (m *matcher) exact() {
	byText := map[string][]int{}
	for j, t := range m.normB {
		byText[t] = append(byText[t], j)
	}
	for i, t := range m.normA {
		js := byText[t]
		if len(js) == 0 {
			continue
		}
		best := 0
		for k, j := range js {
			if m.b[j].ID == m.a[i].ID {
				best = k
				break
			}
		}
		j := js[best]
		byText[t] = append(js[:best:best], js[best+1:]...)
		m.link(pairing{old: []int{i}, new: []int{j}, sim: 1})
	}
}

func (m *matcher) link(p pairing) {
	for _, i := range p.old {
		m.matchedA[i] = true
	}
	for _, j := range p.new {
		m.matchedB[j] = true
	}
	m.pairs = append(m.pairs, p)
}

// overlaps returns, for old unit i, the weighted words it shares with each
// new unit still unmatched (a sparse list of unit, overlap).
func (m *matcher) overlaps(i int) []posting {
	buf := m.overlapBuf
	var touched []int
	g := m.ba[i]
	for k, t := range g.terms {
		for _, p := range m.index[t] {
			if m.matchedB[p.unit] {
				continue
			}
			if buf[p.unit] == 0 {
				touched = append(touched, p.unit)
			}
			buf[p.unit] += math.Min(g.w[k], p.w)
		}
	}
	out := make([]posting, len(touched))
	for k, j := range touched {
		out[k] = posting{j, buf[j]}
		buf[j] = 0
	}
	return out
}

func dice(ov, ta, tb float64) float64 {
	if ta+tb == 0 {
		return 0
	}
	return 2 * ov / (ta + tb)
}

// pieces finds merges (old parts that each sit inside one new unit) and
// splits (new parts that each sit inside one old unit).
func (m *matcher) pieces() {
	type link struct {
		i, j int
		ov   float64
	}
	var links []link
	for i := range m.a {
		if m.matchedA[i] {
			continue
		}
		for _, p := range m.overlaps(i) {
			links = append(links, link{i, p.unit, p.w})
		}
	}
	// For each part, the whole that holds the largest share of it.
	bestOfA, bestOfB := map[int]link{}, map[int]link{}
	for _, l := range links {
		if c := l.ov / m.ba[l.i].total; c >= containMin {
			if cur, ok := bestOfA[l.i]; !ok || l.ov/m.ba[l.i].total > cur.ov/m.ba[l.i].total {
				bestOfA[l.i] = l
			}
		}
		if c := l.ov / m.bb[l.j].total; c >= containMin {
			if cur, ok := bestOfB[l.j]; !ok || l.ov/m.bb[l.j].total > cur.ov/m.bb[l.j].total {
				bestOfB[l.j] = l
			}
		}
	}
	merges := map[int][]link{}
	for _, l := range bestOfA {
		merges[l.j] = append(merges[l.j], l)
	}
	splits := map[int][]link{}
	for _, l := range bestOfB {
		splits[l.i] = append(splits[l.i], l)
	}
	for _, j := range sortedKeys(merges) {
		ls := merges[j]
		if len(ls) < 2 || m.matchedB[j] {
			continue
		}
		var old []int
		best := 0.0
		for _, l := range ls {
			if m.matchedA[l.i] {
				continue
			}
			old = append(old, l.i)
			best = math.Max(best, dice(l.ov, m.ba[l.i].total, m.bb[j].total))
		}
		if len(old) < 2 {
			continue
		}
		sort.Ints(old)
		whole := m.unionSim(old, []int{j})
		if whole >= pieceMin && whole >= best+pieceGain {
			m.link(pairing{old: old, new: []int{j}, sim: whole, kind: "merged"})
		}
	}
	for _, i := range sortedKeys(splits) {
		ls := splits[i]
		if len(ls) < 2 || m.matchedA[i] {
			continue
		}
		var nw []int
		best := 0.0
		for _, l := range ls {
			if m.matchedB[l.j] {
				continue
			}
			nw = append(nw, l.j)
			best = math.Max(best, dice(l.ov, m.ba[i].total, m.bb[l.j].total))
		}
		if len(nw) < 2 {
			continue
		}
		sort.Ints(nw)
		whole := m.unionSim([]int{i}, nw)
		if whole >= pieceMin && whole >= best+pieceGain {
			m.link(pairing{old: []int{i}, new: nw, sim: whole, kind: "split"})
		}
	}
}

func sortedKeys[V any](mp map[int]V) []int {
	ks := make([]int, 0, len(mp))
	for k := range mp {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// unionSim is the similarity of the old units taken together with the new
// units taken together.
func (m *matcher) unionSim(old, nw []int) float64 {
	sum := func(bs []bag, idx []int) map[int32]float64 {
		out := map[int32]float64{}
		for _, i := range idx {
			for k, t := range bs[i].terms {
				out[t] += bs[i].w[k]
			}
		}
		return out
	}
	ua, ub := sum(m.ba, old), sum(m.bb, nw)
	var ov, ta, tb float64
	for t, w := range ua {
		ta += w
		ov += math.Min(w, ub[t])
	}
	for _, w := range ub {
		tb += w
	}
	return dice(ov, ta, tb)
}

// greedy pairs the remaining units most similar first.
func (m *matcher) greedy() {
	type cand struct {
		i, j int
		sim  float64
	}
	var cs []cand
	for i := range m.a {
		if m.matchedA[i] {
			continue
		}
		for _, p := range m.overlaps(i) {
			s := dice(p.w, m.ba[i].total, m.bb[p.unit].total)
			cover := p.w / math.Max(math.Min(m.ba[i].total, m.bb[p.unit].total), 1e-9)
			if s >= rewordMin || (cover >= coverMin && s >= gapMin) {
				cs = append(cs, cand{i, p.unit, s})
			}
		}
	}
	sort.Slice(cs, func(x, y int) bool {
		if cs[x].sim != cs[y].sim {
			return cs[x].sim > cs[y].sim
		}
		dx, dy := abs(cs[x].i-cs[x].j), abs(cs[y].i-cs[y].j)
		if dx != dy {
			return dx < dy
		}
		if cs[x].i != cs[y].i {
			return cs[x].i < cs[y].i
		}
		return cs[x].j < cs[y].j
	})
	for _, c := range cs {
		if m.matchedA[c.i] || m.matchedB[c.j] {
			continue
		}
		m.link(pairing{old: []int{c.i}, new: []int{c.j}, sim: c.sim})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// fillGaps pairs what is left between two points that kept their order:
// an old and a new unit of the same kind standing in the same gap are one
// point rewritten when they still share a fifth of their words.
func (m *matcher) fillGaps() {
	var ones []pairing
	for _, p := range m.pairs {
		if len(p.old) == 1 && len(p.new) == 1 {
			ones = append(ones, p)
		}
	}
	sort.Slice(ones, func(x, y int) bool { return ones[x].old[0] < ones[y].old[0] })
	seq := make([]int, len(ones))
	for k, p := range ones {
		seq[k] = p.new[0]
	}
	keep := lis(seq)
	type anchor struct{ a, b int }
	anchors := []anchor{{-1, -1}}
	for k, p := range ones {
		if keep[k] {
			anchors = append(anchors, anchor{p.old[0], p.new[0]})
		}
	}
	anchors = append(anchors, anchor{len(m.a), len(m.b)})
	for k := 1; k < len(anchors); k++ {
		lo, hi := anchors[k-1], anchors[k]
		j := lo.b + 1
		for i := lo.a + 1; i < hi.a; i++ {
			if m.matchedA[i] {
				continue
			}
			for jj := j; jj < hi.b; jj++ {
				if m.matchedB[jj] || m.b[jj].Kind != m.a[i].Kind {
					continue
				}
				if s := m.pairSim(i, jj); s >= gapMin {
					m.link(pairing{old: []int{i}, new: []int{jj}, sim: s})
					j = jj + 1
					break
				}
			}
		}
	}
}

// pairSim is the similarity of old unit i and new unit j.
func (m *matcher) pairSim(i, j int) float64 {
	a, b := m.ba[i], m.bb[j]
	ov := 0.0
	for x, y := 0, 0; x < len(a.terms) && y < len(b.terms); {
		switch {
		case a.terms[x] == b.terms[y]:
			ov += math.Min(a.w[x], b.w[y])
			x++
			y++
		case a.terms[x] < b.terms[y]:
			x++
		default:
			y++
		}
	}
	return dice(ov, a.total, b.total)
}

// markMoved flags the one-to-one pairs outside the longest run that keeps
// its order: those points moved relative to the rest.
func (m *matcher) markMoved() {
	var ones []int
	for k, p := range m.pairs {
		if len(p.old) == 1 && len(p.new) == 1 {
			ones = append(ones, k)
		}
	}
	sort.Slice(ones, func(x, y int) bool { return m.pairs[ones[x]].old[0] < m.pairs[ones[y]].old[0] })
	seq := make([]int, len(ones))
	for k, idx := range ones {
		seq[k] = m.pairs[idx].new[0]
	}
	keep := lis(seq)
	for k, idx := range ones {
		if !keep[k] {
			m.pairs[idx].moved = true
		}
	}
}

// lis marks one longest strictly increasing subsequence of seq.
func lis(seq []int) []bool {
	n := len(seq)
	tails := []int{} // index into seq of the smallest tail of each length
	prev := make([]int, n)
	for i, v := range seq {
		k := sort.Search(len(tails), func(k int) bool { return seq[tails[k]] >= v })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	keep := make([]bool, n)
	if len(tails) == 0 {
		return keep
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		keep[i] = true
	}
	return keep
}
