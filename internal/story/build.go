package story

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
)

// ID is a story's id: derived from the smallest id of its events, so a
// rebuild gives every story the id it had.
func ID(smallestEventID string) string {
	sum := sha256.Sum256([]byte("story:" + smallestEventID))
	return "s" + hex.EncodeToString(sum[:8])
}

// build makes one story of a component's reports. Every choice is by a
// total order over the reports, so it depends on the set alone.
func build(members []*item, book *cameo.Codebook) record.Story {
	sort.Slice(members, func(i, j int) bool { return members[i].id < members[j].id })
	// What the story says happened comes from the reports that say it
	// happened, where there are any.
	asserted := make([]*item, 0, len(members))
	for _, m := range members {
		if !m.is(fNegated) {
			asserted = append(asserted, m)
		}
	}
	if len(asserted) == 0 {
		asserted = members
	}
	code := modalCode(asserted)
	rep := clearest(asserted, code)
	st := record.Story{
		ID:       ID(members[0].id),
		CAMEO:    code,
		Root:     code[:2],
		Quad:     int(rep.quad),
		PLOVER:   rep.plover,
		Label:    code,
		Text:     rep.text,
		Location: copyPlace(rep.loc),
		Reports:  len(members),
		Source:   copyActor(rep.src),
		Target:   copyActor(rep.tgt),
	}
	st.Goldstein = rep.goldstein
	if c, ok := book.Nearest(code); ok {
		st.Label, st.Goldstein, st.Quad, st.PLOVER = c.Label, c.Goldstein, c.Quad, c.PLOVER
	}
	if st.Quad == 0 {
		st.Quad = cameo.QuadOfRoot(st.Root)
	}
	if st.Location == nil {
		for _, m := range asserted {
			if m.loc != nil {
				st.Location = copyPlace(m.loc)
				break
			}
		}
	}
	st.Date, st.DatePrecision = storyDate(asserted)
	st.Articles, st.Sources = reportsOf(members)
	outlets := map[string]bool{}
	for _, a := range st.Articles {
		if a.Source != "" {
			outlets[a.Source] = true
		}
	}
	st.Outlets = make([]string, 0, len(outlets))
	for o := range outlets {
		st.Outlets = append(st.Outlets, o)
	}
	sort.Strings(st.Outlets)
	for _, m := range members {
		if a := m.art; a != nil && !a.Seen.IsZero() && (st.FirstSeen.IsZero() || a.Seen.Before(st.FirstSeen)) {
			st.FirstSeen = a.Seen
		}
	}
	st.FirstSeen = st.FirstSeen.UTC()
	st.Status = status(members, st.Sources)
	st.EventIDs = make([]string, len(members))
	for i, m := range members {
		st.EventIDs[i] = m.id
	}
	return st
}

func copyActor(a *record.Actor) *record.Actor {
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

// copyPlace copies a place: reports share theirs (see Merger), a story
// keeps its own.
func copyPlace(l *record.Location) *record.Location {
	if l == nil {
		return nil
	}
	c := *l
	return &c
}

// modalCode is the code most reports give; ties go to the more specific
// code, then the smaller.
func modalCode(ms []*item) string {
	n := map[string]int{}
	for _, m := range ms {
		n[m.code]++
	}
	best := ""
	for c, k := range n {
		switch {
		case best == "", k > n[best],
			k == n[best] && len(c) > len(best),
			k == n[best] && len(c) == len(best) && c < best:
			best = c
		}
	}
	return best
}

// clearest picks the report whose sentence tells the story best: one that
// asserts it plainly, names both sides, sits early in its article, and is
// neither a fragment nor a paragraph.
func clearest(ms []*item, code string) *item {
	var best *item
	bestScore := -1 << 30
	for _, m := range ms {
		if m.code != code {
			continue
		}
		if s := int(m.clarity); best == nil || s > bestScore {
			best, bestScore = m, s
		}
	}
	return best
}

func clarity(e *record.Event) int {
	s := 0
	if !e.Hedged && !e.Conditional {
		s += 40
	}
	if e.Source != nil && e.Target != nil {
		s += 20
	}
	if e.Source != nil && e.Source.Name != "" {
		s += 5
	}
	s -= min(e.Sentence, 10) * 2
	if n := len(e.Text); n < 40 || n > 300 {
		s -= 15
	}
	if shouting(e.Text) {
		s -= 10 // a headline in capitals
	}
	return s
}

// shouting reports a text without lower-case letters.
func shouting(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// storyDate is the date most reports give at the best precision they
// reach; ties go to the earliest (later reports restate earlier events).
func storyDate(ms []*item) (string, string) {
	rank := func(d string) int { return len(d) } // 2025 < 2025-08 < 2025-08-15
	top := 0
	for _, m := range ms {
		top = max(top, rank(m.date))
	}
	n := map[string]int{}
	for _, m := range ms {
		if rank(m.date) == top {
			n[m.date]++
		}
	}
	best := ""
	for d, k := range n {
		if best == "" || k > n[best] || (k == n[best] && d < best) {
			best = d
		}
	}
	switch len(best) {
	case 4:
		return best, "year"
	case 7:
		return best, "month"
	}
	return best, "day"
}

// status says how sure the record is: a denial or reports that it did not
// happen dispute it; reports that all say it did not happen negate it;
// reports that all hedge leave it hedged; else the independent sources
// decide.
func status(ms []*item, sources int) string {
	neg, hedged, disputed := 0, 0, false
	for _, m := range ms {
		if m.is(fDisputed) {
			disputed = true
		}
		switch {
		case m.is(fNegated):
			neg++
		case m.is(fHedged):
			hedged++
		}
	}
	switch {
	case disputed || (neg > 0 && neg < len(ms)):
		return record.StatusDisputed
	case neg == len(ms):
		return record.StatusNegated
	case hedged == len(ms):
		return record.StatusHedged
	case sources >= 2:
		return record.StatusCorroborated
	}
	return record.StatusSingle
}

// reportsOf lists the articles behind a story, one entry per article (its
// clearest sentence), and numbers the independent sources: articles from
// one outlet, or whose texts are near duplicates (wire copy), are one.
func reportsOf(ms []*item) ([]record.StoryArticle, int) {
	type entry struct {
		sa   record.StoryArticle
		art  *Article
		key  string
		seen time.Time
		best int
	}
	byKey := map[string]*entry{}
	for _, m := range ms {
		a := m.art
		if a == nil {
			a = &Article{}
		}
		key := a.ID
		if key == "" {
			key = "url:" + a.URL
			if a.URL == "" {
				key = "event:" + m.id
			}
		}
		c := int(m.clarity)
		if en, ok := byKey[key]; ok && en.best >= c {
			continue
		}
		byKey[key] = &entry{
			sa:  record.StoryArticle{ID: a.ID, Title: a.Title, Source: a.Outlet, URL: a.URL, Date: a.Date, Sentence: int(m.sentence), Text: m.text},
			art: a, key: key, seen: a.Seen, best: c,
		}
	}
	entries := make([]*entry, 0, len(byKey))
	for _, en := range byKey {
		if en.sa.Date == "" {
			en.sa.Date = firstDay(ms[0].date)
		}
		entries = append(entries, en)
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.sa.Date != b.sa.Date {
			return a.sa.Date < b.sa.Date
		}
		if !a.seen.Equal(b.seen) {
			return a.seen.Before(b.seen)
		}
		return a.key < b.key
	})
	uf := newUnionFind(len(entries))
	for i := range entries {
		for j := i + 1; j < len(entries); j++ {
			a, b := entries[i], entries[j]
			if (a.art.Outlet != "" && strings.EqualFold(a.art.Outlet, b.art.Outlet)) ||
				(a.art.URL != "" && a.art.URL == b.art.URL) ||
				a.art.Sig.Similarity(&b.art.Sig) >= NearDuplicate {
				uf.union(i, j)
			}
		}
	}
	group := map[int]int{}
	out := make([]record.StoryArticle, len(entries))
	for i, en := range entries {
		r := uf.find(i)
		if group[r] == 0 {
			group[r] = len(group) + 1
		}
		en.sa.Group = group[r]
		out[i] = en.sa
	}
	return out, len(group)
}
