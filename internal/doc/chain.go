package doc

import (
	"sort"
)

// Chain orders versions by date (undated versions keep their place after
// the dated ones, in the order given) and gives every unit its lineage
// keys: a unit of the first version, or one added later, gets a key of
// its own ("v1:7"); a unit matched to one of the version before inherits
// its keys; a merged point carries the keys of every part and each piece
// of a split point the keys of the whole. A stance recorded against a key
// thus follows its point through renumbering, rewording, merges and splits.
func Chain(vs []*Version) []*Version {
	out := append([]*Version(nil), vs...)
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := out[i].Date, out[j].Date
		switch {
		case di == "" || dj == "":
			return di != "" && dj == ""
		default:
			return di < dj
		}
	})
	for k, v := range out {
		for i := range v.Units {
			v.Units[i].Keys = nil
		}
		if k > 0 {
			prev := out[k-1]
			for _, p := range matchUnits(prev.Units, v.Units) {
				var keys []string
				for _, i := range p.old {
					keys = union(keys, prev.Units[i].Keys)
				}
				for _, j := range p.new {
					v.Units[j].Keys = append([]string(nil), keys...)
				}
			}
		}
		for i := range v.Units {
			if len(v.Units[i].Keys) == 0 {
				v.Units[i].Keys = []string{v.Label + ":" + v.Units[i].ID}
			}
		}
	}
	return out
}

// InForce returns the version in force on date (ISO): the latest dated on
// or before it, else the first. vs must be ordered as Chain orders them.
// An empty date means the latest version.
func InForce(vs []*Version, date string) *Version {
	if len(vs) == 0 {
		return nil
	}
	if date == "" {
		return vs[len(vs)-1]
	}
	cur := vs[0]
	for _, v := range vs {
		if v.Date == "" || v.Date[:min(len(v.Date), len(date))] <= date {
			cur = v
		}
	}
	return cur
}
