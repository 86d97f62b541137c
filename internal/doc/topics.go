package doc

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/dict"
)

// Topic is one label points can carry, with the terms that signal it.
type Topic struct {
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Terms []string `json:"terms"`
	Note  string   `json:"note,omitempty"`
}

// Topics labels texts with topics; build it with LoadTopics.
type Topics struct {
	List    []Topic
	byFirst map[string][]termPhrase // phrases by their first word
	byStem  []termPhrase            // phrases whose first word is a prefix
}

type termPhrase struct {
	words  []string
	prefix []bool // the word matches any word it starts ("sanction*")
	topic  int
}

// LoadTopics reads a topic file (format in dict/README.md): a header line
// "topic KEY Label" at the left margin, then indented lines "terms a | b"
// (repeatable; a word ending in * matches any word it begins) and "note".
// name is used in errors, which give the line.
func LoadTopics(r io.Reader, name string) (*Topics, error) {
	t := &Topics{byFirst: map[string][]termPhrase{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	keys := map[string]int{}
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	}
	for sc.Scan() {
		line++
		raw := sc.Text()
		if i := strings.Index(raw, " #"); i >= 0 {
			raw = raw[:i]
		}
		if strings.HasPrefix(strings.TrimSpace(raw), "#") || strings.TrimSpace(raw) == "" {
			continue
		}
		indented := raw[0] == ' ' || raw[0] == '\t'
		word, rest, _ := strings.Cut(strings.TrimSpace(raw), " ")
		rest = strings.TrimSpace(rest)
		switch {
		case !indented && word == "topic":
			key, label, _ := strings.Cut(rest, " ")
			label = strings.TrimSpace(label)
			switch {
			case !validKey(key):
				bad("topic key %q: use lower-case letters, digits and hyphens", key)
				continue
			case label == "":
				bad("topic %s has no label", key)
				continue
			}
			if prev, ok := keys[key]; ok {
				bad("topic %s already defined on line %d", key, prev)
				continue
			}
			keys[key] = line
			t.List = append(t.List, Topic{Key: key, Label: label})
		case indented && (word == "terms" || word == "note"):
			if len(t.List) == 0 {
				bad("%s before any topic line", word)
				continue
			}
			cur := &t.List[len(t.List)-1]
			if word == "note" {
				cur.Note = strings.TrimSpace(cur.Note + " " + rest)
				continue
			}
			for _, term := range strings.Split(rest, "|") {
				term = strings.Join(strings.Fields(term), " ")
				if term == "" {
					bad("empty term in topic %s", cur.Key)
					continue
				}
				if !t.addTerm(term, len(t.List)-1) {
					bad("term %q of topic %s has no words", term, cur.Key)
					continue
				}
				cur.Terms = append(cur.Terms, term)
			}
		default:
			bad("unknown line %q: want \"topic KEY Label\", or indented \"terms\" or \"note\"", strings.TrimSpace(raw))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, tp := range t.List {
		if len(tp.Terms) == 0 {
			problems = append(problems, fmt.Sprintf("%s:%d: topic %s has no terms", name, keys[tp.Key], tp.Key))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	if len(t.List) == 0 {
		return nil, fmt.Errorf("%s: no topics", name)
	}
	return t, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (t *Topics) addTerm(term string, topic int) bool {
	var p termPhrase
	p.topic = topic
	for _, f := range strings.Fields(term) {
		pre := len(f) > 1 && strings.HasSuffix(f, "*")
		ws := splitWords(strings.TrimSuffix(f, "*"))
		for k, w := range ws {
			p.words = append(p.words, w)
			p.prefix = append(p.prefix, pre && k == len(ws)-1)
		}
	}
	if len(p.words) == 0 {
		return false
	}
	if p.prefix[0] {
		t.byStem = append(t.byStem, p)
	} else {
		t.byFirst[p.words[0]] = append(t.byFirst[p.words[0]], p)
	}
	return true
}

// Label returns the label of a topic key, or the key when unknown.
func (t *Topics) Label(key string) string {
	for _, tp := range t.List {
		if tp.Key == key {
			return tp.Label
		}
	}
	return key
}

// Match returns the keys of the topics whose terms occur in text, the
// most mentioned first (ties in the file's order).
func (t *Topics) Match(text string) []string {
	return t.matchWords(splitWords(text))
}

func (t *Topics) matchWords(ws []string) []string {
	if t == nil || len(ws) == 0 {
		return nil
	}
	hits := map[int]int{}
	for i := range ws {
		for _, p := range t.byFirst[ws[i]] {
			if p.at(ws, i) {
				hits[p.topic]++
			}
		}
		for _, p := range t.byStem {
			if p.at(ws, i) {
				hits[p.topic]++
			}
		}
	}
	if len(hits) == 0 {
		return nil
	}
	idx := make([]int, 0, len(hits))
	for k := range hits {
		idx = append(idx, k)
	}
	sort.Slice(idx, func(a, b int) bool {
		if hits[idx[a]] != hits[idx[b]] {
			return hits[idx[a]] > hits[idx[b]]
		}
		return idx[a] < idx[b]
	})
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = t.List[i].Key
	}
	return out
}

func (p termPhrase) at(ws []string, i int) bool {
	if i+len(p.words) > len(ws) {
		return false
	}
	for k, w := range p.words {
		if p.prefix[k] {
			if !strings.HasPrefix(ws[i+k], w) {
				return false
			}
		} else if ws[i+k] != w {
			return false
		}
	}
	return true
}

// LabelVersion sets the topics of every unit of v.
func (t *Topics) LabelVersion(v *Version) {
	for i := range v.Units {
		v.Units[i].Topics = t.Match(v.Units[i].Text)
	}
}

// DefaultTopics returns the topics shipped in dict/topics.txt.
func DefaultTopics() *Topics {
	t, err := LoadTopics(strings.NewReader(dict.Topics), "dict/topics.txt")
	if err != nil {
		panic("doc: embedded topics: " + err.Error()) // the package tests rule this out
	}
	return t
}
