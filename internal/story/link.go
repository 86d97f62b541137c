package story

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// symmetric codes name acts two parties do together, so "A met B" and "B
// met A" (and "A visited B", "B hosted A") report the same happening.
var symmetric = map[string]bool{
	"036": true, "04": true, "040": true, "041": true, "042": true, "043": true, "044": true, "046": true,
	"057": true, "06": true, "061": true, "062": true,
}

// near are the pairs of roots a coder confuses for one happening: a clash
// reported as an assault, a criticism as a rejection.
var near = map[[2]string]bool{
	{"04", "05"}: true, {"06", "07"}: true, {"10", "11"}: true, {"11", "12"}: true,
	{"13", "15"}: true, {"18", "19"}: true, {"19", "20"}: true, {"18", "20"}: true,
}

// Thresholds on the link score (shared sentence words, plus agreement on
// code, named people and place): on the same day a modest overlap is
// enough, a day apart or at coarser precision the wording must agree more.
const (
	sameDayScore = 0.15
	nextDayScore = 0.45
)

// codeBonus is what agreeing on the exact CAMEO code adds to the link
// score: enough on its own for a specific code on the same day (two
// reports of airstrikes by Russia in Syria that day), little for a
// catch-all code ("make statement", "appeal") that many acts share.
func codeBonus(code string) float64 {
	if isSymmetric(code) || (len(code) >= 3 && code[2] != '0') {
		return 0.15
	}
	return 0.05
}

func isSymmetric(code string) bool { return symmetric[code] || symmetric[code[:min(3, len(code))]] }

func compatibleRoots(a, b string) bool {
	if a == b {
		return true
	}
	if a > b {
		a, b = b, a
	}
	return near[[2]string{a, b}]
}

// item is one report in the compact form merging keeps of it: what
// linking compares and what building a story takes, without the event and
// its fields merging never reads. Repeated values (dates, codes, actors,
// places, the actor pair) are shared between items (see Merger); the
// sentence's words live in a shared arena and are dropped once linking is
// done.
type item struct {
	id, text   string
	date       string // as reported, any precision
	code, root string // CAMEO
	plover     string
	src, tgt   *record.Actor
	loc        *record.Location
	art        *Article // nil: none
	words      []uint32 // sorted distinct content words of the sentence
	goldstein  float64
	pair       int32 // index of the actor pair (the two sides' keys, in sorted order)
	day        int32 // days since 1970 for a day-precision date, else -1
	sentence   int32
	clarity    int32 // how plainly the sentence tells it (see clarity)
	quad       int8
	flags      uint8
}

const (
	fForward  = 1 << iota // source is the pair's first side
	fSym                  // a symmetric code
	fNegated              // reported as not having happened
	fHedged               // hedged or conditional
	fDisputed             // the sentence carries a denial, or a denied claim
)

func (it *item) is(f uint8) bool { return it.flags&f != 0 }

func sideKey(a *record.Actor) string {
	if a == nil {
		return ""
	}
	if a.Country != "" {
		return a.Country
	}
	return a.Code
}

// pairKey is the actor pair of an event: the two sides' keys in sorted
// order, and whether the source is the first.
func pairKey(e *record.Event) (string, bool) {
	s, t := sideKey(e.Source), sideKey(e.Target)
	if s <= t {
		return s + "\x00" + t, true
	}
	return t + "\x00" + s, false
}

// dayOf is the days since 1970 of a day-precision date, else -1.
func dayOf(e *record.Event) int32 {
	if e.DatePrecision == "day" || (e.DatePrecision == "" && len(e.Date) == 10) {
		if d, err := time.Parse(time.DateOnly, e.Date); err == nil {
			return int32(d.Unix() / 86400)
		}
	}
	return -1
}

// same reports whether two reports tell the same happening; pair is their
// actor pair.
func same(a, b *item, pair string) bool {
	sameSentence := a.art != nil && b.art != nil && a.art.ID != "" && a.art.ID == b.art.ID && a.sentence == b.sentence
	aligned := a.is(fForward) == b.is(fForward)
	switch {
	case a.src != nil && a.tgt != nil && sideKey(a.src) == sideKey(a.tgt):
		aligned = true // both sides one country: direction says nothing
	case !aligned && !(a.is(fSym) && b.is(fSym)) && !(sameSentence && a.code == b.code):
		return false
	}
	if !compatibleRoots(a.root, b.root) {
		return false
	}
	// The sides as b tells them, lined up with a's.
	bs, bt := b.src, b.tgt
	if !aligned {
		bs, bt = bt, bs
	}
	if conflict(a.src, bs) || conflict(a.tgt, bt) || placesDiffer(pair, a.loc, b.loc) {
		return false
	}
	var need float64
	switch {
	case a.day >= 0 && b.day >= 0 && a.day == b.day:
		need = sameDayScore
	case a.day >= 0 && b.day >= 0 && (a.day-b.day == 1 || b.day-a.day == 1):
		need = nextDayScore
	case a.day < 0 && b.day < 0 && a.date == b.date:
		need = nextDayScore
	default:
		return false
	}
	if sameSentence {
		return true
	}
	score := text.Jaccard(a.words, b.words)
	if a.code == b.code {
		score += codeBonus(a.code)
	}
	if namedAlike(a.src, bs) {
		score += 0.15
	}
	if namedAlike(a.tgt, bt) {
		score += 0.15
	}
	if a.loc != nil && b.loc != nil && a.loc.Name != "" && strings.EqualFold(a.loc.Name, b.loc.Name) {
		score += 0.1
	}
	return score >= need
}

// conflict: both sides name a person or body (a code with agent parts and
// a canonical name) and the names differ: Kerry's call is not Obama's.
func conflict(a, b *record.Actor) bool {
	return a != nil && b != nil && len(a.Code) > 3 && len(b.Code) > 3 && a.Name != "" && b.Name != "" && a.Name != b.Name
}

// namedAlike: both sides name the same person or body (a country's name
// says nothing the pair does not).
func namedAlike(a, b *record.Actor) bool {
	return a != nil && b != nil && len(a.Code) > 3 && a.Name != "" && a.Name == b.Name
}

// placesDiffer: the two reports put it in different countries, one of
// them neither side's (a dateline in one capital and the talks in the
// other is still one agreement; Istanbul and Riyadh are two meetings).
func placesDiffer(pair string, a, b *record.Location) bool {
	if a == nil || b == nil || a.Country == "" || b.Country == "" || a.Country == b.Country {
		return false
	}
	x, y, _ := cutPair(pair)
	own := func(c string) bool { return c == x || c == y }
	return !own(a.Country) || !own(b.Country)
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for that with from this said says will would has have had was were are been
		its their his her they them not but also after before over into about than which who what when where there
		on in at of to by as an be it is or we he she you our your said tuesday monday wednesday thursday friday
		saturday sunday today yesterday reuters told officials official`) {
		if len(w) > 5 {
			w = w[:5] // stems, as appendContentWords cuts them
		}
		m[w] = true
	}
	return m
}()

// appendContentWords appends to out the hashes of the sentence's words of
// three letters or more that are not function words, cut to their first
// five letters (a cheap stem: Russia and Russian, strikes and striking
// agree), sorted and distinct. It reads the sentence once, without
// allocating per word: it runs for every report of a rebuild.
func appendContentWords(out []uint32, s string) []uint32 {
	base := len(out)
	var word [24]byte
	n, letters := 0, 0
	flush := func() {
		if letters >= 3 && !stop[string(word[:n])] {
			const offset, prime = 2166136261, 16777619
			h := uint32(offset)
			for _, c := range word[:n] {
				h = (h ^ uint32(c)) * prime
			}
			out = append(out, h)
		}
		n, letters = 0, 0
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		letters++
		if letters > 5 || n+utf8.UTFMax > len(word) {
			continue // past the stem
		}
		n += utf8.EncodeRune(word[n:], unicode.ToLower(r))
	}
	flush()
	ws := out[base:]
	slices.Sort(ws)
	k := 0
	for i, v := range ws {
		if i == 0 || v != ws[k-1] {
			ws[k] = v
			k++
		}
	}
	return out[:base+k]
}
