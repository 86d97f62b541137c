package watch

import (
	"github.com/sitrep/sitrep/internal/record"
)

// storyIndex finds the stories a pattern may match without scanning them
// all: by the countries (and IGOs) of their sides.
type storyIndex struct {
	all   []record.Story
	by    map[string][]int32
	ids   map[string]bool // "story:ID" of every story indexed
	stamp []uint32
	gen   uint32
}

func newStoryIndex(stories []record.Story) *storyIndex {
	x := &storyIndex{all: stories, by: map[string][]int32{}, ids: make(map[string]bool, len(stories)), stamp: make([]uint32, len(stories))}
	for i := range stories {
		s := &stories[i]
		x.ids["story:"+s.ID] = true
		for _, a := range []*record.Actor{s.Source, s.Target} {
			if a == nil {
				continue
			}
			for _, k := range []string{a.Country, a.IGO} {
				if k != "" {
					if l := x.by[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
						x.by[k] = append(l, int32(i))
					}
				}
			}
		}
	}
	return x
}

// indexKey is the key a code finds its stories under: a country or IGO
// as is, an actor code (RUSGOV) by its country part.
func indexKey(code string) string {
	if len(code) > 3 {
		if len(code) == 4 && code != "" {
			return code // IGO codes such as NATO
		}
		return code[:3]
	}
	return code
}

// candidates returns the positions of the stories that can match m.
func (x *storyIndex) candidates(m StoryMatch) []int32 {
	var codes []string
	switch {
	case !m.Dyad.IsZero():
		codes = []string{m.Dyad.A}
	case len(m.Sources) > 0:
		codes = m.Sources
	case len(m.Targets) > 0:
		codes = m.Targets
	case len(m.Actors) > 0:
		codes = m.Actors
	default:
		all := make([]int32, len(x.all))
		for i := range all {
			all[i] = int32(i)
		}
		return all
	}
	if len(codes) == 1 && len(codes[0]) <= 3 {
		return x.by[codes[0]]
	}
	x.gen++
	var out []int32
	for _, c := range codes {
		for _, k := range []string{indexKey(c), c} {
			for _, i := range x.by[k] {
				if x.stamp[i] != x.gen {
					x.stamp[i] = x.gen
					out = append(out, i)
				}
			}
		}
	}
	return out
}
