// Package doc follows negotiation and policy documents through their
// versions: it parses a version (plain text, Markdown or HTML) into
// sections, numbered points with their sub-points, and paragraphs; matches
// points across versions by content, not number (added, removed, reworded
// with a word-level diff, moved, renumbered, merged, split); finds the
// phrases whose frequency shifted most; labels points with topics from an
// editable keyword file; and turns what stored articles report of each
// party's position into stance records, a parties × points matrix as of
// any date, and the history of each position.
//
// Everything but refresh.go is pure logic on values: no clock, no store,
// no network. refresh.go is the small driver that reads the store.
package doc

// Kinds of unit.
const (
	KindPoint     = "point"
	KindParagraph = "paragraph"
)

// Version is one parsed version of a document.
type Version struct {
	Label    string    `json:"label"`
	Date     string    `json:"date,omitempty"` // ISO day the version is dated
	Title    string    `json:"title,omitempty"`
	Format   string    `json:"format"` // text | markdown | html
	Sections []Section `json:"sections,omitempty"`
	Units    []Unit    `json:"units"` // points and paragraphs in document order
}

// Section is a heading and the units under it.
type Section struct {
	Title string `json:"title"`
	Level int    `json:"level"` // 1 for the largest heading
}

// Unit is a numbered point or a paragraph outside any point.
type Unit struct {
	Kind    string   `json:"kind"`             // point | paragraph
	ID      string   `json:"id"`               // "7", "7.a", "II.3", "1.2"; "¶4" for paragraphs
	Marker  string   `json:"marker,omitempty"` // the number as written: "7.", "(a)", "Point 12:"
	Parent  string   `json:"parent,omitempty"` // the enclosing point's ID
	Depth   int      `json:"depth"`            // 1 for top-level points and paragraphs
	Section int      `json:"section"`          // index into Sections, -1 for none
	Text    string   `json:"text"`             // the unit's own words; sub-points are units of their own
	Topics  []string `json:"topics,omitempty"` // topic keys, most mentioned first
	// Keys name the unit's lineage across versions (see Chain): a point
	// matched to one in the version before carries its keys on.
	Keys []string `json:"keys,omitempty"`
}

// Points returns the version's points (every depth).
func (v *Version) Points() []Unit {
	var out []Unit
	for _, u := range v.Units {
		if u.Kind == KindPoint {
			out = append(out, u)
		}
	}
	return out
}

// TopPoints returns the top-level points, each with its sub-points' words
// appended to its own, which is what a report about "point 7" speaks to.
func (v *Version) TopPoints() []Unit {
	var out []Unit
	for _, u := range v.Units {
		if u.Kind != KindPoint {
			continue
		}
		if u.Depth == 1 || len(out) == 0 {
			u.Topics = append([]string(nil), u.Topics...)
			out = append(out, u)
			continue
		}
		last := &out[len(out)-1]
		last.Text += "\n" + u.Text
		for _, t := range u.Topics {
			if !contains(last.Topics, t) {
				last.Topics = append(last.Topics, t)
			}
		}
	}
	return out
}

// Words is the number of words in the version.
func (v *Version) Words() int {
	n := 0
	for _, u := range v.Units {
		n += len(splitWords(u.Text))
	}
	return n
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
