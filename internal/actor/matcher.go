package actor

import (
	"strings"
	"time"
)

// Matcher finds dictionary phrases in a sentence's tokens, longest match
// first, and codes them on the sentence's date. It is built once from one or
// more dictionaries and is then read-only and safe for concurrent use.
//
// Phrases are stored in a trie keyed by folded word (see Fold), so a lookup
// costs one map probe per token; words ending in "*" (prefix words) and
// words matched case and all ("=US") sit on their own edges and are only
// tried at nodes that have such edges.
type Matcher struct {
	edges   map[edgeKey]int32
	nodes   []mnode
	targets []target
	country map[string]bool   // known state and region codes
	igo     map[string]string // IGO code → short name
}

type edgeKind uint8

const (
	edgeWord  edgeKind = iota // a folded word
	edgeStem                  // a folded word prefix
	edgeExact                 // a word with its letter case
)

type edgeKey struct {
	from int32
	kind edgeKind
	word string
}

type mnode struct {
	term     int32 // index into targets, or -1
	maxStem  int32 // length of the longest prefix word on an edge from here; 0 for none
	hasExact bool
}

type target struct {
	entry     *Entry
	adjective bool
}

// Match is one dictionary phrase found in the tokens.
type Match struct {
	Start, End int    // the phrase is tokens[Start:End]
	Actor      Actor  // the actor on the date; for an agent, Code is the agent code
	Entry      *Entry // the dictionary entry that matched
	Adjective  bool   // the phrase is an adjective or demonym form ("Russian")
}

// Agent reports whether the match is an agent ("troops", "ministry") whose
// code joins a neighbouring actor's.
func (m Match) Agent() bool { return m.Entry.Kind == KindAgent }

// NewMatcher builds a matcher over the dictionaries' entries. Where two
// entries share a phrase, the later one wins, so a user's dictionary given
// after the default one overrides it.
func NewMatcher(dicts ...*Dict) *Matcher {
	n := 0
	for _, d := range dicts {
		n += len(d.Entries)
	}
	m := &Matcher{
		edges:   make(map[edgeKey]int32, 2*n),
		nodes:   make([]mnode, 1, 2*n+1),
		targets: make([]target, 0, n+n/2),
		country: map[string]bool{},
		igo:     map[string]string{},
	}
	m.nodes[0].term = -1
	for _, d := range dicts {
		for i := range d.Entries {
			e := &d.Entries[i]
			switch e.Kind {
			case KindState, KindRegion:
				m.country[e.Code] = true
			case KindIGO:
				if _, ok := m.igo[e.Code]; !ok && e.IGO != "" {
					m.igo[e.Code] = e.IGO
				}
			}
			for _, p := range e.Phrases {
				m.add(p, e)
				// "People's Liberation Army", "Kurdistan Workers' Party":
				// sentences come tokenized with the possessive split off
				// ("People" "'s"), and Fold drops it from the written
				// word, so the phrase is also entered with the ending as
				// a word of its own.
				if sp, ok := splitPossessive(p); ok {
					m.add(sp, e)
				}
			}
		}
	}
	return m
}

// splitPossessive returns p with each inner possessive ending ("'s",
// "'" after a plural) written as a word of its own, and whether there was
// one.
func splitPossessive(p Phrase) (Phrase, bool) {
	if !strings.ContainsAny(p.Text, "'\u2019") {
		return p, false
	}
	words := strings.Fields(p.Text)
	out := make([]string, 0, len(words)+1)
	split := false
	for i, w := range words {
		w2 := strings.ReplaceAll(w, "\u2019", "'")
		switch {
		case i == len(words)-1:
			out = append(out, w)
		case len(w2) > 2 && (strings.HasSuffix(w2, "'s") || strings.HasSuffix(w2, "'S")):
			out = append(out, w2[:len(w2)-2], "'s")
			split = true
		case len(w2) > 1 && strings.HasSuffix(w2, "'"):
			out = append(out, w2[:len(w2)-1], "'")
			split = true
		default:
			out = append(out, w)
		}
	}
	if !split {
		return p, false
	}
	p.Text = strings.Join(out, " ")
	return p, true
}

func (m *Matcher) add(p Phrase, e *Entry) {
	var node int32
	for w := range strings.FieldsSeq(p.Text) {
		k := edgeKey{from: node, kind: edgeWord}
		switch {
		case p.Exact:
			k.kind, k.word = edgeExact, foldCase(w)
			m.nodes[node].hasExact = true
		case len(w) > 1 && strings.HasSuffix(w, "*"):
			k.kind, k.word = edgeStem, Fold(strings.TrimSuffix(w, "*"))
			m.nodes[node].maxStem = max(m.nodes[node].maxStem, int32(len(k.word)))
		default:
			k.word = Fold(w)
		}
		next, ok := m.edges[k]
		if !ok {
			next = int32(len(m.nodes))
			m.nodes = append(m.nodes, mnode{term: -1})
			m.edges[k] = next
		}
		node = next
	}
	if node == 0 {
		return
	}
	m.targets = append(m.targets, target{entry: e, adjective: p.Adjective})
	m.nodes[node].term = int32(len(m.targets) - 1)
}

// Match returns the phrases found in tokens, left to right and without
// overlap, each the longest that starts at its place and names an actor or
// agent on date (entries whose roles give no code that day are passed over).
// date is the day the sentence speaks of; dated roles apply on it.
func (m *Matcher) Match(tokens []string, date time.Time) []Match {
	if len(tokens) == 0 {
		return nil
	}
	s := search{m: m, raw: tokens, date: date, folded: make([]string, len(tokens))}
	for i, t := range tokens {
		s.folded[i] = Fold(t)
		// "Saudi-led", "US-led": the leader names the actor.
		if f := s.folded[i]; len(f) > 5 && strings.HasSuffix(f, "-led") {
			s.folded[i] = f[:len(f)-4]
		}
	}
	var out []Match
	for i := 0; i < len(tokens); {
		s.bestEnd, s.best = -1, -1
		s.walk(0, i)
		if s.best < 0 {
			i++
			continue
		}
		tg := m.targets[s.best]
		out = append(out, Match{
			Start: i, End: s.bestEnd, Entry: tg.entry, Adjective: tg.adjective,
			Actor: m.actorOf(tg.entry, tg.entry.CodeAt(date), strings.Join(tokens[i:s.bestEnd], " ")),
		})
		i = s.bestEnd
	}
	return out
}

type search struct {
	m       *Matcher
	raw     []string
	folded  []string
	date    time.Time
	best    int32
	bestEnd int
}

// walk follows every edge from node that token j can take, remembering the
// longest phrase that ends with a code on the date.
func (s *search) walk(node int32, j int) {
	nd := s.m.nodes[node]
	if nd.term >= 0 && j > s.bestEnd && s.m.targets[nd.term].entry.CodeAt(s.date) != "" {
		s.best, s.bestEnd = nd.term, j
	}
	if j >= len(s.raw) {
		return
	}
	w := s.folded[j]
	if next, ok := s.m.edges[edgeKey{node, edgeWord, w}]; ok {
		s.walk(next, j+1)
	}
	if nd.hasExact {
		raw := s.raw[j]
		if len(raw) > 5 && strings.HasSuffix(raw, "-led") {
			raw = raw[:len(raw)-4]
		}
		if next, ok := s.m.edges[edgeKey{node, edgeExact, foldCase(raw)}]; ok {
			s.walk(next, j+1)
		}
	}
	if nd.maxStem > 0 {
		// Only prefixes as long as the longest prefix word here can match,
		// which keeps a 100 KB token from costing 100,000 lookups.
		for n := min(len(w), int(nd.maxStem)); n > 0; n-- {
			if next, ok := s.m.edges[edgeKey{node, edgeStem, w[:n]}]; ok {
				s.walk(next, j+1)
			}
		}
	}
}

// intlPrefixes open codes of actors that belong to no one state: the state
// or region, if any, follows them ("IGOWSTNAT" is a Western IGO).
var intlPrefixes = map[string]bool{"IGO": true, "NGO": true, "NGM": true, "IMG": true, "MNC": true, "UIS": true}

func (m *Matcher) actorOf(e *Entry, code, text string) Actor {
	a := Actor{Code: code, Name: e.Name, Text: text}
	switch e.Kind {
	case KindAgent:
		return a
	case KindState, KindRegion:
		a.Country = e.Country
		return a
	}
	a.Country = m.CountryOf(code)
	if e.Kind == KindIGO && code == e.Code {
		a.IGO = e.IGO
	} else {
		a.IGO = m.IGOOf(code)
	}
	return a
}

// CountryOf returns the state or region a code belongs to: its first
// three-letter group, or for an international code (IGO, NGO, ...) the group
// after that when it is a known state or region. It returns "" for the
// special codes and for international codes of no one place.
func (m *Matcher) CountryOf(code string) string {
	if len(code) < 3 {
		return ""
	}
	p := code[:3]
	switch {
	case m.country[p]:
		return p
	case intlPrefixes[p]:
		if len(code) >= 6 && m.country[code[3:6]] {
			return code[3:6]
		}
		return ""
	case p == CodeNull || p == CodeDiscard || p == CodeComplex:
		return ""
	}
	return p
}

// IGOOf returns the short name of the IGO a code belongs to ("NATO" for
// IGOWSTNAT and IGOWSTNATMIL), or "".
func (m *Matcher) IGOOf(code string) string {
	for n := len(code); n >= 6; n -= 3 {
		if name, ok := m.igo[code[:n]]; ok {
			return name
		}
	}
	return ""
}

// Phrases returns how many phrases the matcher holds.
func (m *Matcher) Phrases() int { return len(m.targets) }
