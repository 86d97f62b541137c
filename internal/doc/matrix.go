package doc

import (
	"sort"
)

// Cell is one party's latest position on one row as of the matrix date.
type Cell struct {
	Stance
	Previous string `json:"previous,omitempty"` // the position before the latest, when it differed
	Reports  int    `json:"reports"`            // stances recorded for this cell up to the date
}

// Row is a point of the version in force (or the document as a whole, or
// a point no longer in it that parties spoke to).
type Row struct {
	Point   string           `json:"point"` // lineage key; "" for the whole document
	ID      string           `json:"id"`    // number in the version shown; "" for the whole document
	Text    string           `json:"text,omitempty"`
	Topics  []string         `json:"topics,omitempty"`
	Removed bool             `json:"removed,omitempty"` // not in the version shown
	Cells   map[string]*Cell `json:"cells"`             // by party
	keys    []string
}

// Matrix is parties × points as of a date.
type Matrix struct {
	AsOf    string   `json:"as_of,omitempty"`
	Version string   `json:"version"` // the version whose points are the rows
	Parties []string `json:"parties"` // most reported first
	Rows    []Row    `json:"rows"`
}

// SortStances orders stances by date, keeping the given order (the order
// articles were stored and sentences read) within a day.
func SortStances(ss []Stance) {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].Date < ss[j].Date })
}

// BuildMatrix lays out stances (sorted by SortStances) as parties × points
// as of asOf (ISO day; "" for everything): the rows are the whole document
// and then the top-level points of the version in force on that date, a
// stance on an earlier point shown on the row its lineage leads to (a
// point no longer in that version gets a row of its own, marked removed);
// each cell holds the latest stance dated on or before asOf, the position
// before it where that differed, and how many reports there are. actor,
// when set, keeps one party.
func BuildMatrix(versions []*Version, ss []Stance, asOf, actor string) *Matrix {
	type gk struct{ actor, point, position string }
	idx := map[gk]int{}
	var groups []StanceGroup
	for i, s := range ss {
		if (asOf != "" && s.Date > asOf && !prefixOf(s.Date, asOf)) || (actor != "" && s.Actor != actor) {
			continue
		}
		k := gk{s.Actor, s.Point, s.Position}
		g, ok := idx[k]
		if !ok {
			g = len(groups)
			idx[k] = g
			groups = append(groups, StanceGroup{Actor: s.Actor, Point: s.Point, Position: s.Position})
		}
		groups[g].Count++
		groups[g].LastDate, groups[g].LastID = s.Date, int64(i)
	}
	m, _ := assembleMatrix(versions, asOf, groups, func(ids []int64) (map[int64]Stance, error) {
		out := make(map[int64]Stance, len(ids))
		for _, id := range ids {
			out[id] = ss[id]
		}
		return out, nil
	})
	return m
}

// StanceGroup is the stances of one party, point and position: how many,
// and the order key (date, then storage order) of the latest.
type StanceGroup struct {
	Actor, Point, Position string
	Count                  int
	LastDate               string
	LastID                 int64
}

// later reports whether group a's latest stance comes after b's.
func later(a, b *StanceGroup) bool {
	if a.LastDate != b.LastDate {
		return a.LastDate > b.LastDate
	}
	return a.LastID > b.LastID
}

// assembleMatrix builds the matrix from stance groups; fetch returns the
// stances with the given order keys (the latest of each cell, and of each
// removed point's row).
func assembleMatrix(versions []*Version, asOf string, groups []StanceGroup, fetch func([]int64) (map[int64]Stance, error)) (*Matrix, error) {
	v := InForce(versions, asOf)
	m := &Matrix{AsOf: asOf}
	rowsByKey := map[string][]int{"": {0}}
	m.Rows = append(m.Rows, Row{Cells: map[string]*Cell{}})
	if v != nil {
		m.Version = v.Label
		for _, p := range v.TopPoints() {
			m.Rows = append(m.Rows, Row{Point: p.Keys[0], ID: p.ID, Text: p.Text, Topics: p.Topics, Cells: map[string]*Cell{}, keys: p.Keys})
			for _, k := range p.Keys {
				rowsByKey[k] = append(rowsByKey[k], len(m.Rows)-1)
			}
		}
	}
	var removed []string
	for _, g := range groups {
		if _, ok := rowsByKey[g.Point]; !ok {
			removed = append(removed, g.Point)
			rowsByKey[g.Point] = nil
		}
	}
	sort.Strings(removed)
	rowLatest := map[int]*StanceGroup{}
	for _, k := range removed {
		m.Rows = append(m.Rows, Row{Point: k, Removed: true, Cells: map[string]*Cell{}, keys: []string{k}})
		rowsByKey[k] = []int{len(m.Rows) - 1}
	}
	type cellAgg struct {
		latest, previous *StanceGroup
		reports          int
	}
	cells := map[int]map[string]*cellAgg{}
	counts := map[string]int{}
	for i := range groups {
		g := &groups[i]
		counts[g.Actor] += g.Count
		for _, ri := range rowsByKey[g.Point] {
			if cells[ri] == nil {
				cells[ri] = map[string]*cellAgg{}
			}
			c := cells[ri][g.Actor]
			if c == nil {
				c = &cellAgg{}
				cells[ri][g.Actor] = c
			}
			c.reports += g.Count
			if c.latest == nil || later(g, c.latest) {
				c.latest = g
			}
			if m.Rows[ri].Removed && (rowLatest[ri] == nil || later(g, rowLatest[ri])) {
				rowLatest[ri] = g
			}
		}
	}
	// The position before the latest is the most recent one that differs.
	for i := range groups {
		g := &groups[i]
		for _, ri := range rowsByKey[g.Point] {
			c := cells[ri][g.Actor]
			if g.Position != c.latest.Position && (c.previous == nil || later(g, c.previous)) {
				c.previous = g
			}
		}
	}
	var ids []int64
	for _, byParty := range cells {
		for _, c := range byParty {
			ids = append(ids, c.latest.LastID)
		}
	}
	for _, g := range rowLatest {
		ids = append(ids, g.LastID)
	}
	got, err := fetch(ids)
	if err != nil {
		return nil, err
	}
	for ri, byParty := range cells {
		for p, c := range byParty {
			cell := &Cell{Stance: got[c.latest.LastID], Reports: c.reports}
			if c.previous != nil {
				cell.Previous = c.previous.Position
			}
			m.Rows[ri].Cells[p] = cell
		}
	}
	for ri, g := range rowLatest {
		s := got[g.LastID]
		m.Rows[ri].ID = s.PointID + " (" + s.Version + ")"
	}
	for p := range counts {
		m.Parties = append(m.Parties, p)
	}
	sort.Slice(m.Parties, func(i, j int) bool {
		if counts[m.Parties[i]] != counts[m.Parties[j]] {
			return counts[m.Parties[i]] > counts[m.Parties[j]]
		}
		return m.Parties[i] < m.Parties[j]
	})
	return m, nil
}

// prefixOf reports a date cut to a coarser precision that contains day
// ("2025-11" contains "2025-11-20"): such a date is not after it.
func prefixOf(coarse, day string) bool {
	return len(coarse) < len(day) && day[:len(coarse)] == coarse
}

// Step is one stance in a position's history, marking where it changed.
type Step struct {
	Stance
	Changed bool `json:"changed"` // the position differs from the one before (false for the first)
}

// Track is how one party's position on one point moved over time.
type Track struct {
	Actor   string `json:"actor"`
	Point   string `json:"point"`
	PointID string `json:"point_id"` // its number in the version in force at the end
	Steps   []Step `json:"steps"`
}

// History returns each party's positions on each row of the matrix as of
// asOf, in date order: one track per party and row that has any.
func History(versions []*Version, ss []Stance, asOf, actor string) []Track {
	m, _ := assembleMatrix(versions, asOf, nil, func([]int64) (map[int64]Stance, error) { return nil, nil })
	rowOf := map[string][]int{"": {0}}
	for i, r := range m.Rows {
		for _, k := range r.keys {
			rowOf[k] = append(rowOf[k], i)
		}
	}
	type key struct {
		actor string
		row   int
	}
	tracks := map[key]*Track{}
	var order []key
	extra := map[string]int{}
	for _, s := range ss {
		if (asOf != "" && s.Date > asOf && !prefixOf(s.Date, asOf)) || (actor != "" && s.Actor != actor) {
			continue
		}
		rows, ok := rowOf[s.Point]
		if !ok {
			n, seen := extra[s.Point]
			if !seen {
				n = len(m.Rows) + len(extra)
				extra[s.Point] = n
			}
			rows = []int{n}
		}
		for _, ri := range rows {
			k := key{s.Actor, ri}
			t := tracks[k]
			if t == nil {
				id := s.PointID + " (" + s.Version + ")"
				if ri < len(m.Rows) {
					id = m.Rows[ri].ID
				}
				t = &Track{Actor: s.Actor, Point: s.Point, PointID: id}
				if ri < len(m.Rows) {
					t.Point = m.Rows[ri].Point
				}
				tracks[k] = t
				order = append(order, k)
			}
			changed := len(t.Steps) > 0 && t.Steps[len(t.Steps)-1].Position != s.Position
			t.Steps = append(t.Steps, Step{Stance: s, Changed: changed})
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].row != order[j].row {
			return order[i].row < order[j].row
		}
		return order[i].actor < order[j].actor
	})
	out := make([]Track, len(order))
	for i, k := range order {
		out[i] = *tracks[k]
	}
	return out
}
