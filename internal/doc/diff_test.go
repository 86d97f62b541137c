package doc

import (
	"reflect"
	"strings"
	"testing"
)

// changeLines renders the changes of a diff one a line, leaving out
// units that stayed as they were.
func changeLines(d *Diff) []string {
	var out []string
	for _, c := range d.Changes {
		if c.Kind == Unchanged && !c.Renumbered && !c.Moved {
			continue
		}
		ids := func(rs []Ref) string {
			var s []string
			for _, r := range rs {
				s = append(s, r.ID)
			}
			return strings.Join(s, "+")
		}
		l := c.Kind + " " + ids(c.Old) + ">" + ids(c.New)
		if c.Renumbered {
			l += " renumbered"
		}
		if c.Moved {
			l += " moved"
		}
		out = append(out, l)
	}
	return out
}

func planVersions(t testing.TB) []*Version {
	t.Helper()
	var vs []*Version
	for _, f := range []struct{ path, label, date string }{
		{"testdata/plan-v1.txt", "v1", "2025-11-20"},
		{"testdata/plan-v3.html", "v3", "2025-12-02"}, // out of order: Chain sorts by date
		{"testdata/plan-v2.md", "v2", "2025-11-23"},
	} {
		v := readVersion(t, f.path)
		v.Label, v.Date = f.label, f.date
		DefaultTopics().LabelVersion(v)
		vs = append(vs, v)
	}
	return Chain(vs)
}

func TestDiffPlanRevisions(t *testing.T) {
	vs := planVersions(t)
	if vs[0].Label != "v1" || vs[1].Label != "v2" || vs[2].Label != "v3" {
		t.Fatalf("Chain order %s %s %s", vs[0].Label, vs[1].Label, vs[2].Label)
	}
	d := Compare(vs[0], vs[1], 0)
	want := []string{
		"reworded ¶1>¶1",
		"reworded 2>2",
		"reworded 5>5",
		"reworded 6>6",
		"merged 7+8>7",
		"removed 9>",
		"unchanged 10>8 renumbered",
		"reworded 10.a>8.a renumbered",
		"unchanged 10.b>8.b renumbered",
		"unchanged 10.c>8.c renumbered",
		"unchanged 11>9 renumbered",
		"unchanged 25>10 renumbered moved",
		"removed 26>",
		"split 12>11+12",
		"reworded 14>14",
		"reworded 19>19",
		"reworded 21>21",
		"added >25",
		"unchanged 27>26 renumbered",
		"unchanged 28>27 renumbered",
		"removed ¶2>",
	}
	if got := changeLines(d); !reflect.DeepEqual(got, want) {
		t.Errorf("v1 → v2 changes:\n got %q\nwant %q", got, want)
	}
	wantSum := map[string]int{"added": 1, "merged": 1, "moved": 1, "removed": 3, "renumbered": 8, "reworded": 8, "split": 1, "unchanged": 19}
	if !reflect.DeepEqual(d.Summary, wantSum) {
		t.Errorf("summary %v, want %v", d.Summary, wantSum)
	}
	// The force cap: one number changed and two words added.
	for _, c := range d.Changes {
		if c.Kind == Reworded && c.Old[0].ID == "6" {
			want := []Op{{"=", "The size of the Armed Forces of Ukraine will be capped at"}, {"-", "600,000 personnel."}, {"+", "800,000 personnel in peacetime."}}
			if !reflect.DeepEqual(c.Diff, want) {
				t.Errorf("diff of point 6 = %q", c.Diff)
			}
			if !reflect.DeepEqual(c.Topics, []string{"forces"}) {
				t.Errorf("topics of point 6 = %q", c.Topics)
			}
		}
	}
	d = Compare(vs[1], vs[2], 0)
	want = []string{
		"reworded ¶1>¶1",
		"reworded 13>13",
		"removed 16>",
		"unchanged 17>16 renumbered",
		"unchanged 18>17 renumbered",
		"unchanged 19>18 renumbered",
		"unchanged 20>19 renumbered",
		"reworded 21>20 renumbered",
		"unchanged 22>21 renumbered",
		"unchanged 23>22 renumbered",
		"unchanged 24>23 renumbered",
		"added >24",
		"added >¶2",
	}
	if got := changeLines(d); !reflect.DeepEqual(got, want) {
		t.Errorf("v2 → v3 changes:\n got %q\nwant %q", got, want)
	}
}

func TestChainKeysFollowPoints(t *testing.T) {
	vs := planVersions(t)
	key := func(v *Version, id string) []string {
		for _, u := range v.Units {
			if u.ID == id {
				return u.Keys
			}
		}
		t.Fatalf("%s has no %s", v.Label, id)
		return nil
	}
	for _, tc := range []struct {
		v    int
		id   string
		want []string
	}{
		{2, "20", []string{"v1:21"}},       // territory: reworded twice, renumbered once
		{2, "7", []string{"v1:7", "v1:8"}}, // the merged NATO point carries both
		{1, "11", []string{"v1:12"}},       // each piece of a split carries the whole
		{1, "12", []string{"v1:12"}},
		{2, "10", []string{"v1:25"}},    // elections, moved up
		{2, "24", []string{"v3:24"}},    // new in v3
		{1, "25", []string{"v2:25"}},    // new in v2
		{2, "8.a", []string{"v1:10.a"}}, // sub-points too
		{2, "¶1", []string{"v1:¶1"}},    // and paragraphs
		{0, "26", []string{"v1:26"}},    // removed later, keyed all the same
		{2, "27", []string{"v1:28"}},
		{2, "6", []string{"v1:6"}},
		{2, "13", []string{"v1:13"}},
		{2, "14", []string{"v1:14"}},
		{2, "5", []string{"v1:5"}},
		{2, "1", []string{"v1:1"}},
		{2, "26", []string{"v1:27"}},
		{2, "9", []string{"v1:11"}},
		{2, "25", []string{"v2:25"}},
		{2, "21", []string{"v1:22"}},
		{2, "16", []string{"v1:17"}},
		{2, "17", []string{"v1:18"}},
		{2, "18", []string{"v1:19"}},
		{2, "19", []string{"v1:20"}},
		{2, "22", []string{"v1:23"}},
		{2, "23", []string{"v1:24"}},
		{2, "15", []string{"v1:15"}},
		{2, "2", []string{"v1:2"}},
		{2, "3", []string{"v1:3"}},
		{2, "4", []string{"v1:4"}},
		{2, "8", []string{"v1:10"}},
		{2, "11", []string{"v1:12"}},
		{2, "12", []string{"v1:12"}},
		{2, "8.c", []string{"v1:10.c"}},
	} {
		if got := key(vs[tc.v], tc.id); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %s keys %q, want %q", vs[tc.v].Label, tc.id, got, tc.want)
		}
	}
}

func TestWordDiff(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want []Op
	}{
		{"a b c", "a b c", []Op{{"=", "a b c"}}},
		{"a b c", "a x c", []Op{{"=", "a"}, {"-", "b"}, {"+", "x"}, {"=", "c"}}},
		{"", "new words", []Op{{"+", "new words"}}},
		{"old words", "", []Op{{"-", "old words"}}},
		{"keep this, drop that", "keep this; drop that and more", []Op{{"=", "keep"}, {"-", "this,"}, {"+", "this;"}, {"=", "drop that"}, {"+", "and more"}}},
	} {
		if got := WordDiff(tc.a, tc.b); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("WordDiff(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestTermShiftsStrategy(t *testing.T) {
	a := readVersion(t, "testdata/strategy-2022.md")
	b := readVersion(t, "testdata/strategy-2025.md")
	type row struct {
		phrase, change string
		old, new       int
	}
	var got []row
	for _, ts := range TermShifts(a, b, 6) {
		got = append(got, row{ts.Phrase, ts.Change, ts.Old, ts.New})
	}
	want := []row{
		{"major power competition", "gone", 3, 0},
		{"strategic competitors", "gone", 2, 0},
		{"aggression", "gone", 2, 0},
		{"international", "gone", 2, 0},
		{"remains", "gone", 2, 0},
		{"open", "fewer", 4, 1},
		{"burden", "new", 0, 4},
		{"spheres of influence", "new", 0, 3},
		{"burden sharing", "new", 0, 3},
		{"stability", "new", 0, 3},
		{"managing european relations with russia", "new", 0, 2},
		{"world of spheres", "new", 0, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("term shifts:\n got %v\nwant %v", got, want)
	}
	// "power competition" and "major power" only ever occur inside "major
	// power competition", so the longer phrase stands for them.
	for _, ts := range TermShifts(a, b, 1000) {
		if ts.Phrase == "power competition" || ts.Phrase == "major power" || ts.Phrase == "competition" {
			t.Errorf("sub-phrase %q listed beside its phrase", ts.Phrase)
		}
	}
}
