package coder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/dict"
	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/shared"
)

// vlCheckCode reports whether a dictionary code is usable: "---" or a code
// of the CAMEO codebook.
func vlCheckCode(code string) bool {
	if code == "---" {
		return true
	}
	_, ok := cameo.Lookup(code)
	return ok
}

func TestDefaultVerbs(t *testing.T) {
	d, err := LoadVerbsFS(dict.FS, DefaultVerbsDir)
	if err != nil {
		t.Fatalf("default verb dictionaries: %v", err)
	}
	if DefaultVerbs() == nil || len(DefaultVerbs().Verbs) != len(d.Verbs) {
		t.Fatal("DefaultVerbs differs from the embedded files")
	}
	patterns, guards := 0, 0
	byRoot := map[string]int{}      // coding patterns and verb codes by root
	verbsInFile := map[string]int{} // "07" → verbs in 07-*.txt
	form := map[string]string{}     // form → the verb that has it
	for _, v := range d.Verbs {
		if !strings.HasPrefix(v.Source, "dict/verbs/") {
			t.Errorf("%s: source does not name the file", v.Source)
		}
		verbsInFile[path.Base(v.Source)[:2]]++
		if !vlCheckCode(v.Code) || (v.Reverse != "" && !vlCheckCode(v.Reverse)) {
			t.Errorf("%s: verb %q: code %q:%q is not in the codebook", v.Source, v.Lemma, v.Code, v.Reverse)
		}
		if v.Code != "---" {
			byRoot[v.Code[:2]]++
		}
		if len(v.Forms) == 0 {
			t.Errorf("%s: verb %q has no forms", v.Source, v.Lemma)
		}
		for _, f := range v.Forms {
			if f != strings.ToLower(f) || strings.ContainsAny(f, "*_|") {
				t.Errorf("%s: form %q: want lower-case plain words", v.Source, f)
			}
			if other, dup := form[f]; dup {
				t.Errorf("form %q belongs to two verbs: %s and %s", f, other, v.Source)
			}
			form[f] = v.Source
		}
		for _, p := range v.Patterns {
			patterns++
			if !vlCheckCode(p.Code) || (p.Reverse != "" && !vlCheckCode(p.Reverse)) {
				t.Errorf("%s: pattern %q: code %q:%q is not in the codebook", p.Source, p.Text, p.Code, p.Reverse)
			}
			if p.Code == "---" {
				guards++
			} else {
				byRoot[p.Code[:2]]++
			}
			verbs := 0
			for _, e := range p.Elems {
				if e.Kind == ElemVerb {
					verbs++
				}
				if e.Kind == ElemWord && (e.Word == "" || e.Word != strings.ToLower(e.Word)) {
					t.Errorf("%s: pattern word %q: want lower case", p.Source, e.Word)
				}
			}
			if verbs != 1 || p.Text == "" || !strings.HasPrefix(p.Source, "dict/verbs/") {
				t.Errorf("%s: malformed pattern %+v", p.Source, p)
			}
		}
	}
	if patterns < 1000 {
		t.Errorf("%d patterns in the default verbs; want at least 1,000", patterns)
	}
	for r := 1; r <= 20; r++ {
		root := fmt.Sprintf("%02d", r)
		if verbsInFile[root] == 0 {
			t.Errorf("no verbs in dict/verbs/%s-*.txt", root)
		}
		if byRoot[root] == 0 {
			t.Errorf("nothing codes root %s", root)
		}
		t.Logf("root %s: %3d verbs in its file, %3d codes (verb defaults and patterns)", root, verbsInFile[root], byRoot[root])
	}
	t.Logf("%d verbs, %d forms, %d patterns (%d of them guards)", len(d.Verbs), len(form), patterns, guards)
}

// vlVerbOf finds the default verb that has a form.
func vlVerbOf(t *testing.T, form string) *Verb {
	t.Helper()
	d := DefaultVerbs()
	for i := range d.Verbs {
		if slices.Contains(d.Verbs[i].Forms, form) {
			return &d.Verbs[i]
		}
	}
	t.Fatalf("no default verb has the form %q", form)
	return nil
}

// vlHasPattern reports whether v has a pattern coding code whose word
// elements, together, offer every one of words.
func vlHasPattern(v *Verb, code string, words ...string) bool {
	for _, p := range v.Patterns {
		if p.Code != code {
			continue
		}
		all := true
		for _, w := range words {
			found := false
			for _, e := range p.Elems {
				if e.Kind == ElemWord && (e.Word == w || slices.Contains(e.Alts, w)) {
					found = true
				}
			}
			all = all && found
		}
		if all {
			return true
		}
	}
	return false
}

// The field's classic false events each have their guard, and the verbs
// the news uses most code what they should.
func TestDefaultVerbsGuards(t *testing.T) {
	guards := []struct {
		form, code string
		words      []string
	}{
		{"attack", "---", []string{"heart"}},
		{"attack", "---", []string{"panic"}},
		{"attack", "---", []string{"goal"}},
		{"strikes", "143", []string{"on"}},
		{"strike", "143", []string{"general"}},
		{"struck", "057", []string{"deal"}},
		{"beat", "---", []string{"final"}},
		{"beat", "---", []string{"on penalties"}},
		{"fired", "---", []string{"coach"}},
		{"fired", "190", []string{"at"}},
		{"charged", "---", []string{"fees"}},
		{"charged", "173", []string{"with"}},
		{"shot", "---", []string{"film"}},
		{"launched", "---", []string{"product"}},
		{"launched", "195", []string{"drone attack"}},
		{"released", "---", []string{"statement"}},
		{"lifted", "085", []string{"sanctions"}},
		{"imposed", "163", []string{"sanctions"}},
		{"called on", "0256", []string{"to", "withdraw"}},
		{"accused", "1124", []string{"of", "war crimes"}},
		{"threatened", "138", []string{"to", "attack"}},
		{"pledged", "0332", []string{"weapons"}},
		{"agreed", "0356", []string{"ceasefire"}},
		{"declared", "0871", []string{"ceasefire"}},
		{"exchanged", "0841", []string{"prisoners"}},
		{"held", "046", []string{"talks"}},
		{"spoke", "041", []string{"phone"}},
		{"signed", "057", []string{"agreement"}},
		{"expelled", "1662", []string{"inspectors"}},
		{"deployed", "074", []string{"peacekeepers"}},
	}
	for _, g := range guards {
		if v := vlVerbOf(t, g.form); !vlHasPattern(v, g.code, g.words...) {
			t.Errorf("verb %q (%s): no pattern coding %s with %q", g.form, v.Source, g.code, g.words)
		}
	}
	// "Japan bought Canadian rapeseed": buying codes nothing without a
	// seller, and no verb is triggered by "rapeseed".
	if v := vlVerbOf(t, "bought"); v.Code != "---" {
		t.Errorf("bought codes %s by default", v.Code)
	}
	// TABARI matched its verb "RAPE" as a stem inside "rapeseed"; sitrep's
	// own forms are whole words.
	for _, v := range DefaultVerbs().Verbs {
		for _, f := range v.Forms {
			if f == "rapeseed" || f == "bought" && v.Code != "---" || strings.HasSuffix(f, "*") {
				t.Errorf("%s: form %q", v.Source, f)
			}
		}
	}
	// Firing an official is no event: the verb's own code is "---".
	if v := vlVerbOf(t, "fired"); v.Code != "---" {
		t.Errorf("fired codes %s by default", v.Code)
	}
	defaults := map[string]string{
		"met": "040", "visited": "042", "criticised": "111", "condemned": "111",
		"denied": "016", "rejected": "120", "vetoed": "129", "recognised": "054",
		"welcomed": "051", "shelled": "194", "bombed": "195", "invaded": "190",
		"killed": "1823", "arrested": "173", "seized": "1711", "urged": "020",
		"demanded": "100", "threatened": "130", "protested": "141", "deployed": "154",
		"expelled": "161", "recalled": "161", "sanctioned": "163",
	}
	for f, want := range defaults {
		if v := vlVerbOf(t, f); v.Code != want {
			t.Errorf("%s: %q codes %s by default, want %s", v.Source, f, v.Code, want)
		}
	}
}

func TestInflect(t *testing.T) {
	cases := []struct {
		lemma string
		want  []string
	}{
		{"meet", []string{"meet", "meets", "met", "meeting"}},
		{"attack", []string{"attack", "attacks", "attacked", "attacking"}},
		{"deny", []string{"deny", "denies", "denied", "denying"}},
		{"deploy", []string{"deploy", "deploys", "deployed", "deploying"}},
		{"push", []string{"push", "pushes", "pushed", "pushing"}},
		{"veto", []string{"veto", "vetoes", "vetoed", "vetoing"}},
		{"agree", []string{"agree", "agrees", "agreed", "agreeing"}},
		{"seize", []string{"seize", "seizes", "seized", "seizing"}},
		{"die", []string{"die", "dies", "died", "dying"}},
		{"ban", []string{"ban", "bans", "banned", "banning"}},
		{"admit", []string{"admit", "admits", "admitted", "admitting"}},
		{"visit", []string{"visit", "visits", "visited", "visiting"}},
		{"target", []string{"target", "targets", "targeted", "targeting"}},
		{"offer", []string{"offer", "offers", "offered", "offering"}},
		{"deter", []string{"deter", "deters", "deterred", "deterring"}},
		{"cancel", []string{"cancel", "cancels", "canceled", "cancelled", "canceling", "cancelling"}},
		{"appeal", []string{"appeal", "appeals", "appealed", "appealing"}},
		{"panic", []string{"panic", "panics", "panicked", "panicking"}},
		{"quit", []string{"quit", "quits", "quitted", "quitting"}},
		{"equip", []string{"equip", "equips", "equipped", "equipping"}},
		{"strike", []string{"strike", "strikes", "struck", "stricken", "striking"}},
		{"withdraw", []string{"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"}},
		{"shoot", []string{"shoot", "shoots", "shot", "shooting"}},
		{"have", []string{"have", "has", "had", "having"}},
		{"pull out", []string{"pull out", "pulls out", "pulled out", "pulling out"}},
		{"carry out", []string{"carry out", "carries out", "carried out", "carrying out"}},
		{"hold talks", []string{"hold talks", "holds talks", "held talks", "holding talks"}},
		{"step down", []string{"step down", "steps down", "stepped down", "stepping down"}},
	}
	for _, c := range cases {
		if got := Inflect(c.lemma); !slices.Equal(got, c.want) {
			t.Errorf("Inflect(%q) = %q, want %q", c.lemma, got, c.want)
		}
	}
}

const vlSample = `# a sample in sitrep's own format
verb meet [040]
  * on_the_sidelines [044]
  * with + [040]   # a comment
verb criticise | criticize [111]
verb hold talks [046]
  forms held
verb visit [042:043]
verb swap [---]
  * prisoners|captives [0841:0841]
  + * $ ... shelling [:194]
verb march [141]
  exact marched | marching
  note the month is not a march
  heart|panic * [---]
  * ... _ on + [141]
`

func TestLoadVerbs(t *testing.T) {
	d, err := LoadVerbs(strings.NewReader(vlSample), "sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	byLemma := map[string]Verb{}
	for _, v := range d.Verbs {
		byLemma[v.Lemma] = v
	}
	meet := byLemma["meet"]
	if meet.Code != "040" || meet.Source != "sample.txt:2" || len(meet.Patterns) != 2 {
		t.Fatalf("meet: %+v", meet)
	}
	p := meet.Patterns[0]
	if p.Text != "* on_the_sidelines" || p.Code != "044" || p.Source != "sample.txt:3" ||
		len(p.Elems) != 2 || p.Elems[1].Word != "on the sidelines" {
		t.Errorf("meet's first pattern: %+v", p)
	}
	if e := meet.Patterns[1].Elems; len(e) != 3 || e[0].Kind != ElemVerb || e[1].Word != "with" || e[2].Kind != ElemTarget {
		t.Errorf("meet's second pattern: %+v", e)
	}
	if f := byLemma["criticise"].Forms; !slices.Contains(f, "criticized") || !slices.Contains(f, "criticises") {
		t.Errorf("criticise | criticize forms: %q", f)
	}
	if f := byLemma["hold talks"].Forms; !slices.Equal(f, []string{"hold talks", "holds talks", "held talks", "holding talks"}) {
		t.Errorf("hold talks forms: %q", f)
	}
	if v := byLemma["visit"]; v.Code != "042" || v.Reverse != "043" {
		t.Errorf("visit: %+v", v)
	}
	swap := byLemma["swap"].Patterns
	if len(swap) != 2 || swap[0].Reverse != "0841" || swap[0].Elems[1].Word != "prisoners" ||
		!slices.Equal(swap[0].Elems[1].Alts, []string{"captives"}) || swap[0].Text != "* prisoners|captives" {
		t.Errorf("swap's first pattern: %+v", swap[0])
	}
	if s := swap[1]; s.Code != "---" || s.Reverse != "194" || s.Elems[0].Kind != ElemTarget || s.Elems[2].Kind != ElemSource || s.Elems[3].Kind != ElemSkip {
		t.Errorf("swap's second pattern: %+v", s)
	}
	march := byLemma["march"]
	if !slices.Equal(march.Forms, []string{"marched", "marching"}) || len(march.Patterns) != 2 {
		t.Errorf("march: %+v", march)
	}
	if e := march.Patterns[1].Elems; e[2].Kind != ElemAny || e[1].Kind != ElemSkip {
		t.Errorf("march's pattern: %+v", e)
	}
}

func TestLoadVerbsErrors(t *testing.T) {
	in := strings.Join([]string{
		"  * with + [040]",      // 1: indented before any entry
		"verb meet [040]",       // 2
		"  * with + [042]",      // 3: fine
		"  * with + 042",        // 4: no [code]
		"  * with + [0999]",     // 5: not in the codebook
		"  with + [042]",        // 6: no verb
		"  * * with + [042]",    // 7: two verbs
		"  * + + [042]",         // 8: two targets
		"  * wi#th [042]",       // 9: a bad word
		"  * [042]",             // 10: nothing but the verb
		"  forms",               // 11: no forms
		"  forms ok | bad*form", // 12: not a plain word
		"noun meet [040]",       // 13: unknown entry
		"  * ignored [040]",     // 14: skipped with its bad header
		"verb empty [---]",      // 15: codes nothing
		"verb see [---]",        // 16
		"  * you [012]",         // 17: fine
		"verb seen [0x1]",       // 18: bad code
		"verb \xff [010]",       // 19: not UTF-8
		"verb talk [040:abc]",   // 20: bad reverse code
		"verb [040]",            // 21: no lemma
	}, "\n")
	d, err := LoadVerbs(strings.NewReader(in), "bad.txt")
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	var lines []int
	for _, p := range le.Problems {
		lines = append(lines, p.Line)
		if !strings.HasPrefix(p.Error(), fmt.Sprintf("bad.txt:%d: ", p.Line)) {
			t.Errorf("problem does not name file and line: %v", p)
		}
	}
	want := []int{1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 18, 19, 20, 21}
	if !slices.Equal(lines, want) {
		t.Errorf("problems on lines %v, want %v:\n%v", lines, want, err)
	}
	// What could be read is kept.
	if len(d.Verbs) != 2 || d.Verbs[0].Lemma != "meet" || len(d.Verbs[0].Patterns) != 1 || d.Verbs[1].Lemma != "see" {
		t.Errorf("kept %+v", d.Verbs)
	}
	if !strings.Contains(err.Error(), "bad.txt:5: code 0999 is not in the CAMEO codebook") {
		t.Errorf("error text:\n%v", err)
	}
}

const vlTABARISample = `<SYNSETS>
&CURRENCY
+DOLLAR
+SWISS_FRANC
&TIES
+MILITARY
+&CURRENCY_LINKS
</SYNSETS>
<TIME>
LAST_WEEK [-7]
</TIME>
ACCUS  [112] ;jw 11/14/91
- * + OF_ WAR_CRIMES  [1124] ;x
- % * EACH OTHER  [112:112]
- * { HAS | HAVE } BEEN ^ +  [110]
- * &TIES  [111]
- SAID_+ * { $ | ACTOR }  [113]
CAST DOUBT  [141]
- * ON +  [142]
CAST  [---]
BREAK_ [1717]
{ BROKE_ BROKEN_DOWN_ }
~~FINISH
NOT READ [010]
`

func TestLoadTABARIVerbs(t *testing.T) {
	d, err := LoadTABARIVerbs(strings.NewReader(vlTABARISample), "demo.verbs")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Verbs) != 3 {
		t.Fatalf("want 3 verbs (ACCUS, CAST, BREAK), got %+v", d.Verbs)
	}
	accus := d.Verbs[0]
	if !slices.Equal(accus.Forms, []string{"accus*"}) || accus.Code != "112" || accus.Source != "demo.verbs:12" {
		t.Errorf("ACCUS: %+v", accus)
	}
	texts := map[string]Pattern{}
	for _, p := range accus.Patterns {
		texts[p.Text] = p
	}
	for _, want := range []string{
		"* + of war crimes*",
		"% * each* other*",
		"* has*|have* been* _ +",
		"* military*|dollar*_links*|swiss_franc*_links*",
		"said + * $",
		"said + * actor*",
	} {
		if _, ok := texts[want]; !ok {
			t.Errorf("ACCUS: no pattern %q in %q", want, slices.Sorted(maps.Keys(texts)))
		}
	}
	if p := texts["% * each* other*"]; p.Elems[0].Kind != ElemCompound || p.Code != "112" || p.Reverse != "112" {
		t.Errorf("compound pattern: %+v", p)
	}
	cast := d.Verbs[1]
	if !slices.Equal(cast.Forms, []string{"cast*"}) || cast.Code != "---" || len(cast.Patterns) != 2 ||
		cast.Patterns[0].Text != "* doubt*" || cast.Patterns[0].Code != "141" || cast.Patterns[1].Text != "* doubt* on* +" {
		t.Errorf("CAST DOUBT and CAST: %+v", cast)
	}
	brk := d.Verbs[2]
	if !slices.Equal(brk.Forms, []string{"break", "broke", "broken down"}) || brk.Code != "1717" {
		t.Errorf("BREAK_: %+v", brk)
	}
}

const vlPETRARCHSample = `<!-- header
over two lines -->
&MILITARY
+ARMY
+NAVAL_FORCES_
&AUX_
+WAS
+WERE

--- MEET [040] ---
MEET {MEETS MET MEETING}
VISIT [042:043]
+CALL_OFF [164]
WIRE_+TAP {WIRE_+TAPPED} # a comment
- * (WITH +) (IN &MILITARY) [044]
- * {PEACE TALKS} [046]
- &AUX * (BY $) [:173]
~ a (b . ATTACK) SAY = a b 112

--- HURRY [---] ---
HURRY
SCRAP {SCRAPPED };shan 8/30/93
- * AID [070]
`

func TestLoadPETRARCHVerbs(t *testing.T) {
	d, err := LoadPETRARCHVerbs(strings.NewReader(vlPETRARCHSample), "CAMEO.test.txt")
	if err != nil {
		t.Fatal(err)
	}
	byLemma := map[string]Verb{}
	for _, v := range d.Verbs {
		byLemma[v.Lemma] = v
	}
	want := map[string]struct {
		forms      []string
		code, rev  string
		npat       int
		firstPatAt string
	}{
		"meet":     {[]string{"meet", "meets", "met", "meeting"}, "040", "", 3, "CAMEO.test.txt:15"},
		"visit":    {[]string{"visit", "visits", "visited", "visiting"}, "042", "043", 3, ""},
		"call off": {[]string{"call off", "calls off", "called off", "calling off"}, "164", "", 3, ""},
		"wire tap": {[]string{"wire tap", "wire tapped"}, "040", "", 3, ""},
		"hurry":    {[]string{"hurry", "hurries", "hurried", "hurrying"}, "---", "", 1, ""},
		"scrap":    {[]string{"scrap", "scrapped"}, "---", "", 1, ""},
	}
	for lemma, w := range want {
		v, ok := byLemma[lemma]
		if !ok {
			t.Errorf("no verb %q in %+v", lemma, d.Verbs)
			continue
		}
		if !slices.Equal(v.Forms, w.forms) || v.Code != w.code || v.Reverse != w.rev || len(v.Patterns) != w.npat {
			t.Errorf("%s: %+v", lemma, v)
		}
		if w.firstPatAt != "" && v.Patterns[0].Source != w.firstPatAt {
			t.Errorf("%s: first pattern at %s", lemma, v.Patterns[0].Source)
		}
	}
	pats := byLemma["meet"].Patterns
	if e := pats[0].Elems; len(e) != 5 || e[3].Word != "in" || e[4].Word != "army" ||
		!slices.Equal(e[4].Alts, []string{"armies", "naval forces"}) {
		t.Errorf("synset with plurals, no plural after _: %+v", e)
	}
	if pats[1].Text != "* peace talks" {
		t.Errorf("noun phrase: %q", pats[1].Text)
	}
	if p := pats[2]; p.Code != "---" || p.Reverse != "173" || p.Elems[0].Word != "was" || !slices.Equal(p.Elems[0].Alts, []string{"were"}) {
		t.Errorf("[:173] with a no-plural synset: %+v", p)
	}
}

func TestLoadFieldVerbsErrors(t *testing.T) {
	tabari := "- * X [010]\nVERB [010]\n- * &NONE [011]\n- * X [012\n- X Y [013]\n- * { A | B [014]\n+MEMBER\n- * + + [015]\n{ FORMS\n"
	_, err := LoadTABARIVerbs(strings.NewReader(tabari), "t.verbs")
	vlWantLines(t, err, "t.verbs", 1, 3, 4, 5, 6, 7, 8, 9)
	petrarch := "- * X [010]\nVERB\n--- [010] ---\nA [010]\n--- OK ---\nA B [010]\n- * &NONE [011]\n- * ( X [012]\n- X [013]\n"
	_, err = LoadPETRARCHVerbs(strings.NewReader(petrarch), "p.txt")
	vlWantLines(t, err, "p.txt", 1, 2, 3, 6, 7, 9)
}

func vlWantLines(t *testing.T, err error, file string, want ...int) {
	t.Helper()
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("%s: want a *LoadError, got %v", file, err)
	}
	var got []int
	for _, p := range le.Problems {
		got = append(got, p.Line)
		if !strings.HasPrefix(p.Error(), fmt.Sprintf("%s:%d: ", file, p.Line)) {
			t.Errorf("problem does not name file and line: %v", p)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: problems on lines %v, want %v:\n%v", file, got, want, err)
	}
}

// vlSharedFile is one of the field's verb dictionaries in ../shared/data,
// with the lines that are genuinely defective in it: patterns with two
// targets or two verbs, "{ A | B ]" typos, an undefined synset, a stray
// byte, verb lines that lack the "+" of a multi-word verb.
type vlSharedFile struct {
	rel      string
	load     func(io.Reader, string) (*VerbDict, error)
	minVerbs int
	bad      []int
}

var vlSharedFiles = []vlSharedFile{
	{"eventcoding/tabari/TABARI.Demo.verbs", LoadTABARIVerbs, 250, nil},
	{"eventcoding/tabari/CAMEO.091003.master.verbs", LoadTABARIVerbs, 1200, []int{
		1165, 1174, 2820, 4981, 6596, 6827, 6987, 7887, 7941, 7964, 7990, 7995, 10190, 11715, 11735, 11991,
		12100, 12242, 12712, 13397, 13706, 14146, 14793, 14916, 14917, 14918, 14919, 14920, 14921, 14922,
		14924, 15835, 15836, 15887, 16330, 16354, 16732}},
	{"eventcoding/petrarch1/PETR.Validate.verbs.txt", LoadPETRARCHVerbs, 250, []int{680, 984, 1017}},
	{"eventcoding/petrarch2/PETR.Validate.verbs.txt", LoadPETRARCHVerbs, 250, []int{688, 992, 1025}},
	{"eventcoding/petrarch2/CAMEO.2.0.txt", LoadPETRARCHVerbs, 1800, []int{8443, 8444}},
	{"eventcoding/petrarch2/CAMEO.verbpatterns.150430.txt", LoadPETRARCHVerbs, 1800, []int{
		2568, 4387, 5860, 6005, 6212, 6267, 6318, 8056, 8394, 8733, 10843, 10884, 11786, 12550, 12935, 14146, 14180}},
	{"eventcoding/universal-petrarch/PETR.Validate.verbs.2.0.txt", LoadPETRARCHVerbs, 100, []int{453, 757, 1108}},
}

// Every shared TABARI and PETRARCH verb file loads; exactly its known
// defective lines are reported, and what they hold is counted.
func TestSharedVerbFiles(t *testing.T) {
	for _, f := range vlSharedFiles {
		t.Run(path.Base(f.rel), func(t *testing.T) {
			raw, err := os.ReadFile(shared.Path(t, f.rel))
			if err != nil {
				t.Fatal(err)
			}
			d, err := f.load(bytes.NewReader(raw), f.rel)
			var got []int
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) {
					t.Fatal(err)
				}
				for _, p := range le.Problems {
					got = append(got, p.Line)
				}
			}
			if !slices.Equal(got, f.bad) {
				t.Errorf("defective lines %v, want %v:\n%v", got, f.bad, err)
			}
			if len(d.Verbs) < f.minVerbs {
				t.Errorf("%d verbs, want at least %d", len(d.Verbs), f.minVerbs)
			}
			// Patterns are shared by the verbs of a PETRARCH block: count
			// each once.
			type key struct {
				src  string
				text string
			}
			uniq := map[key]bool{}
			lines := map[string]bool{}
			stems, compounds := 0, 0
			for _, v := range d.Verbs {
				for _, fm := range v.Forms {
					if strings.HasSuffix(fm, "*") {
						stems++
					}
				}
				for _, p := range v.Patterns {
					k := key{p.Source, p.Text}
					if !uniq[k] && slices.ContainsFunc(p.Elems, func(e Elem) bool { return e.Kind == ElemCompound }) {
						compounds++
					}
					uniq[k] = true
					lines[p.Source] = true
					if n := slices.IndexFunc(p.Elems, func(e Elem) bool { return e.Kind == ElemVerb }); n < 0 {
						t.Fatalf("%s: pattern without the verb", p.Source)
					}
				}
			}
			t.Logf("%s: %d verbs, %d patterns from %d pattern lines, %d stem forms, %d compound-actor patterns, %d defective lines",
				f.rel, len(d.Verbs), len(uniq), len(lines), stems, compounds, len(got))
		})
	}
}

func FuzzLoadVerbs(f *testing.F) {
	for _, s := range []string{vlSample, vlTABARISample, vlPETRARCHSample, "",
		"verb a [01]\n  * b|c_d* ... _ $ + [02:03]\n", "\x00\xff[[[]]]\n\t* {{{ | }\n&X\n+&X_Y\n- * &X [1]\n",
		"&A\n+&B\n&B\n+&A\nV [1]\n- * &A [2]\n"} {
		f.Add(s)
	}
	loaders := map[string]func(io.Reader, string) (*VerbDict, error){
		"own": LoadVerbs, "tabari": LoadTABARIVerbs, "petrarch": LoadPETRARCHVerbs,
	}
	names := slices.Sorted(maps.Keys(loaders))
	f.Fuzz(func(t *testing.T, in string) {
		for _, name := range names {
			d, err := loaders[name](strings.NewReader(in), "fuzz")
			if d == nil {
				t.Fatalf("%s: nil dictionary (err %v)", name, err)
			}
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) || len(le.Problems) == 0 {
					t.Fatalf("%s: error is not a *LoadError: %v", name, err)
				}
				for _, p := range le.Problems {
					if p.File != "fuzz" || p.Line < 1 {
						t.Fatalf("%s: problem without its place: %v", name, p)
					}
				}
			}
			for _, v := range d.Verbs {
				if len(v.Forms) == 0 {
					t.Fatalf("%s: %s: verb %q without forms", name, v.Source, v.Lemma)
				}
				for _, p := range v.Patterns {
					if err := checkElems(p.Elems); err != nil || p.Text == "" {
						t.Fatalf("%s: %s: bad pattern %+v: %v", name, p.Source, p, err)
					}
				}
			}
		}
	})
}

// BenchmarkLoadVerbs reads the default verb dictionaries and the full
// PETRARCH-2 CAMEO.2.0.txt from memory: the verb half of starting a coder
// (the actor half is actor.BenchmarkLoadDefaultAndPhoenix; both together
// should take under 300 ms).
func BenchmarkLoadVerbs(b *testing.B) {
	raw, err := os.ReadFile(shared.Path(b, "eventcoding/petrarch2/CAMEO.2.0.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	patterns := 0
	for b.Loop() {
		own, err := LoadVerbsFS(dict.FS, DefaultVerbsDir)
		if err != nil {
			b.Fatal(err)
		}
		field, _ := LoadPETRARCHVerbs(bytes.NewReader(raw), "CAMEO.2.0.txt") // its two bad lines are tested above
		// A PETRARCH block's verbs share one pattern slice: count it once.
		seen := map[*Pattern]bool{}
		patterns = 0
		for _, d := range []*VerbDict{own, field} {
			for _, v := range d.Verbs {
				if len(v.Patterns) > 0 && !seen[&v.Patterns[0]] {
					seen[&v.Patterns[0]] = true
					patterns += len(v.Patterns)
				}
			}
		}
	}
	b.ReportMetric(float64(patterns), "patterns")
}

// BenchmarkLoadTABARIVerbs reads the production TABARI CAMEO verbs.
func BenchmarkLoadTABARIVerbs(b *testing.B) {
	raw, err := os.ReadFile(shared.Path(b, "eventcoding/tabari/CAMEO.091003.master.verbs"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		LoadTABARIVerbs(bytes.NewReader(raw), "CAMEO.091003.master.verbs")
	}
}
