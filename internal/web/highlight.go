package web

import (
	"fmt"
	"sort"
	"strings"
)

// segment is a run of an article's text, marked when records were
// extracted from it.
type segment struct {
	Text   string
	Marked bool
	Class  string // "mark-event mark-claim …"
	Notes  []string
	Anchor string // id of the first record marked here, for links
}

// span is where one record's evidence lies in the text.
type span struct {
	start, end int
	kind       string
	note       string
	id         string
}

// highlight cuts text into segments, marking where each record's
// evidence (its sentence or quote) is found. A record whose evidence is
// not found verbatim is listed beside the text instead; overlapping
// evidence is merged into one mark.
func highlight(text string, spans []span) (segs []segment, missing []span) {
	var found []span
	for _, sp := range spans {
		if sp.start >= 0 {
			found = append(found, sp)
		} else {
			missing = append(missing, sp)
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].start != found[j].start {
			return found[i].start < found[j].start
		}
		return found[i].end > found[j].end
	})
	pos := 0
	for i := 0; i < len(found); {
		start, end := found[i].start, found[i].end
		j := i
		kinds := map[string]bool{}
		var notes []string
		for j < len(found) && found[j].start < end {
			end = max(end, found[j].end)
			kinds[found[j].kind] = true
			notes = append(notes, found[j].note)
			j++
		}
		if start < pos { // cannot happen after merging; guard anyway
			start = pos
		}
		if start > pos {
			segs = append(segs, segment{Text: text[pos:start]})
		}
		var cls []string
		for _, k := range []string{"event", "claim", "deadline", "fact"} {
			if kinds[k] {
				cls = append(cls, "mark-"+k)
			}
		}
		segs = append(segs, segment{Text: text[start:end], Marked: true, Class: strings.Join(cls, " "), Notes: notes, Anchor: found[i].id})
		pos = end
		i = j
	}
	if pos < len(text) {
		segs = append(segs, segment{Text: text[pos:]})
	}
	return segs, missing
}

// locate finds evidence in text: exactly, else with its whitespace
// collapsed (extractors normalise spaces). -1 when absent.
func locate(text, evidence string) (int, int) {
	evidence = strings.TrimSpace(evidence)
	if evidence == "" {
		return -1, -1
	}
	if i := strings.Index(text, evidence); i >= 0 {
		return i, i + len(evidence)
	}
	// Match word by word, allowing any run of whitespace between words.
	words := strings.Fields(evidence)
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], words[0])
		if i < 0 {
			return -1, -1
		}
		start := from + i
		p := start + len(words[0])
		ok := true
		for _, w := range words[1:] {
			q := p
			for q < len(text) && strings.ContainsRune(" \t\r\n\u00a0", rune(text[q])) {
				q++
			}
			if q == p || !strings.HasPrefix(text[q:], w) {
				ok = false
				break
			}
			p = q + len(w)
		}
		if ok {
			return start, p
		}
		from = start + 1
	}
	return -1, -1
}

// recordSpans turns an article's records into spans of its text.
func recordSpans(text string, a *articleWithRecords) []span {
	var out []span
	add := func(kind, id, evidence, note string) {
		s, e := locate(text, evidence)
		out = append(out, span{start: s, end: e, kind: kind, note: note, id: id})
	}
	for _, e := range a.Events {
		add("event", e.ID, e.Text, fmt.Sprintf("event %s %s → %s (Goldstein %+.1f)", e.CAMEO, actorName(e.Source), actorName(e.Target), e.Goldstein))
	}
	for _, c := range a.Claims {
		add("claim", c.ID, c.Text, fmt.Sprintf("claim (%s) by %s", c.Stance, actorName(c.Speaker)))
	}
	for _, d := range a.Deadlines {
		add("deadline", d.ID, firstNonEmpty(d.Text, d.What), fmt.Sprintf("%s due %s: %s", d.Kind, d.Due, d.What))
	}
	for _, f := range a.Facts {
		add("fact", f.ID, f.Text, fmt.Sprintf("%s: %s %g%s", f.Kind, f.Subject, f.Value, f.Unit))
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// snippetSegments turns a search snippet, whose matched words the store
// wraps in [ ], into segments with the matches marked.
func snippetSegments(snip string) []segment {
	var out []segment
	for snip != "" {
		i := strings.IndexByte(snip, '[')
		if i < 0 {
			out = append(out, segment{Text: snip})
			break
		}
		j := strings.IndexByte(snip[i:], ']')
		if j < 0 {
			out = append(out, segment{Text: snip})
			break
		}
		if i > 0 {
			out = append(out, segment{Text: snip[:i]})
		}
		out = append(out, segment{Text: snip[i+1 : i+j], Marked: true, Class: "mark-hit"})
		snip = snip[i+j+1:]
	}
	return out
}
