package doc

import (
	"sort"
	"strings"
)

// Kinds of change between two versions.
const (
	Unchanged = "unchanged"
	Reworded  = "reworded"
	Added     = "added"
	Removed   = "removed"
	Merged    = "merged"
	Split     = "split"
)

// Ref names a unit in one version.
type Ref struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Change is what became of one point or paragraph.
type Change struct {
	Kind       string   `json:"kind"`
	Old        []Ref    `json:"old,omitempty"`
	New        []Ref    `json:"new,omitempty"`
	Similarity float64  `json:"similarity,omitempty"` // of the words, 0–1, for matched units
	Renumbered bool     `json:"renumbered,omitempty"` // a point now under another number
	Moved      bool     `json:"moved,omitempty"`      // out of order relative to the other points
	Diff       []Op     `json:"diff,omitempty"`       // word-level, for reworded, merged and split
	Topics     []string `json:"topics,omitempty"`
}

// VersionInfo sums up one side of a diff.
type VersionInfo struct {
	Label      string `json:"label"`
	Date       string `json:"date,omitempty"`
	Points     int    `json:"points"`     // top-level points
	SubPoints  int    `json:"sub_points"` // points inside points
	Paragraphs int    `json:"paragraphs"`
	Words      int    `json:"words"`
}

// Diff is what changed from one version to the next.
type Diff struct {
	From    VersionInfo    `json:"from"`
	To      VersionInfo    `json:"to"`
	Summary map[string]int `json:"summary"` // per kind, and "moved", "renumbered"
	Changes []Change       `json:"changes"` // in the new version's order, removed units where they stood
	Terms   []TermShift    `json:"terms"`
}

// Compare diffs two versions point by point, matching by content, and
// lists the phrases whose frequency shifted most (at most terms of them).
func Compare(a, b *Version, terms int) *Diff {
	d := &Diff{From: info(a), To: info(b), Summary: map[string]int{}}
	pairs := matchUnits(a.Units, b.Units)
	usedA := make([]bool, len(a.Units))
	var out []Change
	for _, p := range pairs {
		c := Change{Similarity: round3(p.sim), Moved: p.moved, Kind: p.kind}
		var oldText, newText []string
		for _, i := range p.old {
			usedA[i] = true
			c.Old = append(c.Old, ref(a.Units[i]))
			oldText = append(oldText, a.Units[i].Text)
		}
		for _, j := range p.new {
			c.New = append(c.New, ref(b.Units[j]))
			newText = append(newText, b.Units[j].Text)
			c.Topics = union(c.Topics, b.Units[j].Topics)
		}
		ot, nt := strings.Join(oldText, " "), strings.Join(newText, " ")
		if c.Kind == "" {
			c.Kind = Reworded
			if flat(ot) == flat(nt) {
				c.Kind, c.Similarity = Unchanged, 1
			}
			ou, nu := a.Units[p.old[0]], b.Units[p.new[0]]
			c.Renumbered = ou.Kind == KindPoint && nu.Kind == KindPoint && ou.ID != nu.ID
		}
		if c.Kind != Unchanged {
			c.Diff = WordDiff(ot, nt)
		}
		out = append(out, c)
	}
	seenNew := make([]bool, len(b.Units))
	for _, p := range pairs {
		for _, j := range p.new {
			seenNew[j] = true
		}
	}
	for j, u := range b.Units {
		if !seenNew[j] {
			out = append(out, Change{Kind: Added, New: []Ref{ref(u)}, Topics: u.Topics})
		}
	}
	d.Changes = placeRemoved(out, a, b, usedA, pairs)
	for _, c := range d.Changes {
		d.Summary[c.Kind]++
		if c.Moved {
			d.Summary["moved"]++
		}
		if c.Renumbered {
			d.Summary["renumbered"]++
		}
	}
	d.Terms = TermShifts(a, b, terms)
	return d
}

// placeRemoved orders changes by the new version and puts each removed
// unit after the change of the old unit that preceded it.
func placeRemoved(cs []Change, a, b *Version, usedA []bool, pairs []pairing) []Change {
	newPos := map[string]int{}
	for j, u := range b.Units {
		newPos[u.ID] = j
	}
	pos := func(c Change) float64 {
		if len(c.New) > 0 {
			return float64(newPos[c.New[0].ID])
		}
		return -1
	}
	// old index → position in the new order of the change holding it
	oldAt := map[int]float64{}
	for _, p := range pairs {
		for _, i := range p.old {
			oldAt[i] = float64(p.new[0])
		}
	}
	type keyed struct {
		c Change
		k float64
		n int
	}
	var all []keyed
	for _, c := range cs {
		all = append(all, keyed{c, pos(c), 0})
	}
	for i, u := range a.Units {
		if usedA[i] {
			continue
		}
		k := -0.5
		for p := i - 1; p >= 0; p-- {
			if at, ok := oldAt[p]; ok {
				k = at
				break
			}
		}
		all = append(all, keyed{Change{Kind: Removed, Old: []Ref{ref(u)}, Topics: u.Topics}, k, i + 1})
	}
	// By position in the new order; a removed unit after the change it
	// followed, removed units among themselves in their old order.
	sort.SliceStable(all, func(x, y int) bool {
		if all[x].k != all[y].k {
			return all[x].k < all[y].k
		}
		return all[x].n < all[y].n
	})
	out := make([]Change, len(all))
	for i, k := range all {
		out[i] = k.c
	}
	return out
}

func ref(u Unit) Ref { return Ref{ID: u.ID, Kind: u.Kind, Text: u.Text} }

func info(v *Version) VersionInfo {
	vi := VersionInfo{Label: v.Label, Date: v.Date, Words: v.Words()}
	for _, u := range v.Units {
		switch {
		case u.Kind == KindPoint && u.Depth == 1:
			vi.Points++
		case u.Kind == KindPoint:
			vi.SubPoints++
		default:
			vi.Paragraphs++
		}
	}
	return vi
}

func union(a, b []string) []string {
	for _, s := range b {
		if !contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

func round3(x float64) float64 {
	return float64(int64(x*1000+0.5)) / 1000
}
