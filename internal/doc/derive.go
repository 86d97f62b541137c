package doc

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Report is a stored article with the records extracted from it: what
// stances are derived from.
type Report struct {
	ArticleID string
	Date      string // ISO, as the article carries it
	Title     string
	Text      string
	Claims    []record.Claim
	Events    []record.Event
}

// Stance is one party's position on one point (or on the whole document),
// as one sentence of one article reports it.
type Stance struct {
	Actor     string `json:"actor"`                // the party: a country code (UKR) or an IGO (EU, NATO)
	ActorCode string `json:"actor_code,omitempty"` // as coded in the sentence: UKRGOV
	ActorName string `json:"actor_name,omitempty"` // the canonical name the dictionary knows
	Point     string `json:"point"`                // lineage key of the point; "" for the document as a whole
	PointID   string `json:"point_id"`             // the point's number in the version in force on the date
	Version   string `json:"version"`              // that version's label
	Topic     string `json:"topic,omitempty"`      // the topic that tied the sentence to the point
	Position  string `json:"position"`             // supports | rejects | conditional | demands_change
	Date      string `json:"date"`
	ArticleID string `json:"article_id"`
	Sentence  int    `json:"sentence"`
	Evidence  string `json:"evidence"`            // the sentence
	Via       string `json:"via"`                 // claim | event | sentence: what named the party
	RecordID  string `json:"record_id,omitempty"` // the claim's or event's id
	Cue       string `json:"cue"`                 // the words that carry the position
	Match     string `json:"match"`               // number | topic | words | document: how the point was found
}

// Deriver turns reports into stances on one document. Build it with
// NewDeriver; it is read-only afterwards and safe for concurrent use.
type Deriver struct {
	versions []*Version
	topics   *Topics
	actors   *actor.Matcher
	aliases  [][]string // each alias as words
	points   map[string]*versionPoints
}

// versionPoints is a version's top-level points prepared for matching.
type versionPoints struct {
	v      *Version
	points []Unit
	bags   []map[string]bool // content words of each point
	idf    map[string]float64
	byNum  map[string]int
}

// NewDeriver prepares stance derivation for a document: its versions as
// Chain ordered and keyed them, the topics, the actor matcher, and the
// phrases that name the document (an article must use one for its
// sentences to count).
func NewDeriver(versions []*Version, topics *Topics, actors *actor.Matcher, aliases []string) *Deriver {
	d := &Deriver{versions: versions, topics: topics, actors: actors, points: map[string]*versionPoints{}}
	for _, a := range aliases {
		if ws := splitWords(a); len(ws) > 0 {
			d.aliases = append(d.aliases, ws)
		}
	}
	for _, v := range versions {
		vp := &versionPoints{v: v, points: v.TopPoints(), idf: map[string]float64{}, byNum: map[string]int{}}
		df := map[string]int{}
		for i, p := range vp.points {
			bag := map[string]bool{}
			for _, w := range contentWords(p.Text) {
				bag[w] = true
			}
			for w := range bag {
				df[w]++
			}
			vp.bags = append(vp.bags, bag)
			num := p.ID
			if k := strings.LastIndex(num, "."); k >= 0 && strings.HasPrefix(num, "§") {
				num = num[k+1:]
			}
			if _, ok := vp.byNum[num]; !ok {
				vp.byNum[strings.ToLower(num)] = i
			}
		}
		n := float64(len(vp.points))
		for w, c := range df {
			vp.idf[w] = math.Log(1 + n/float64(c))
		}
		d.points[v.Label] = vp
	}
	return d
}

// Mentions reports whether a text names the document by one of its aliases.
func (d *Deriver) Mentions(s string) bool {
	ws := splitWords(s)
	for _, a := range d.aliases {
		for i := 0; i+len(a) <= len(ws); i++ {
			match := true
			for k, w := range a {
				if ws[i+k] != w {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// Derive returns the stances a report takes on the document, in sentence
// order. A report whose title and text never name the document gives none.
func (d *Deriver) Derive(r *Report) []Stance {
	if len(d.versions) == 0 || !(d.Mentions(r.Title) || d.Mentions(r.Text)) {
		return nil
	}
	v := InForce(d.versions, r.Date)
	vp := d.points[v.Label]
	date := parseDay(r.Date)
	var out []Stance
	var lastParties []party
	for _, s := range text.Sentences(r.Text) {
		flatText := text.Flat(s.Text)
		ws := splitWords(flatText)
		c, ok := findCue(ws)
		if !ok {
			if st := d.eventStances(r, s.Index, flatText, vp); len(st) > 0 {
				out = append(out, st...)
			}
			lastParties, _ = d.actorsBefore(flatText, "", date)
			continue
		}
		parties, mentions, via, recID := d.parties(r, s.Index, flatText, ws, c, date)
		if len(parties) == 0 && startsWithPronoun(ws) {
			parties, via = lastParties, "sentence"
		}
		if len(parties) > 0 {
			lastParties = parties
		} else {
			lastParties, _ = d.actorsBefore(flatText, "", date)
			continue
		}
		targets := d.targets(flatText, mask(ws, mentions), vp)
		for _, p := range parties {
			for _, t := range targets {
				out = append(out, Stance{Actor: p.key, ActorCode: p.code, ActorName: p.name,
					Point: t.key, PointID: t.id, Version: v.Label, Topic: t.topic, Position: c.position,
					Date: stanceDate(r, s.Index), ArticleID: r.ArticleID, Sentence: s.Index, Evidence: flatText,
					Via: via, RecordID: recID, Cue: c.text, Match: t.match})
			}
		}
	}
	return out
}

// party is who takes a position.
type party struct{ key, code, name string }

// partyOf names an actor's party by its IGO or its country; an actor of
// neither ("diplomats", a company) is no party.
func partyOf(a record.Actor) party {
	key := a.IGO
	if key == "" {
		key = a.Country
	}
	return party{key: key, code: a.Code, name: a.Name}
}

// parties finds who holds the position, and the words that name them
// (kept out of the search for topics: "the European Union supports" is not
// about EU membership). In a claim made in the sentence that carries the
// cue, that is the actor the claim's own words put before the cue ("Peskov
// said Moscow supports…"), else the speaker ("Poland said it would
// accept…"); otherwise the actors named before the cue (several joined by
// "and"), else the source of an event coded in the sentence.
func (d *Deriver) parties(r *Report, idx int, sentence string, ws []string, c cue, date time.Time) ([]party, []string, string, string) {
	cueWord := ws[c.at]
	for _, cl := range r.Claims {
		if cl.Sentence != idx || cl.Speaker == nil || cl.Stance == "deny" || cl.Stance == "retract" {
			continue
		}
		inText := containsWord(splitWords(cl.Text), cueWord)
		if !inText && !containsWord(splitWords(cl.Verb), cueWord) {
			continue
		}
		if inText {
			if ps, ms := d.actorsBefore(cl.Text, cueWord, date); len(ps) > 0 {
				return ps, append(ms, cl.Speaker.Text), "claim", cl.ID
			}
		}
		if p := partyOf(*cl.Speaker); p.key != "" {
			return []party{p}, []string{cl.Speaker.Text}, "claim", cl.ID
		}
	}
	if ps, ms := d.actorsBefore(sentence, cueWord, date); len(ps) > 0 {
		return ps, ms, "sentence", ""
	}
	for _, e := range r.Events {
		if e.Sentence == idx && e.Source != nil && !e.Negated {
			if p := partyOf(*e.Source); p.key != "" {
				return []party{p}, []string{e.Source.Text}, "event", e.ID
			}
		}
	}
	return nil, nil, "", ""
}

// actorsBefore matches actors in the sentence and returns the first one
// before the cue word (all before it when stop is ""), with those joined
// to it by "and" or commas.
func (d *Deriver) actorsBefore(sentence, stop string, date time.Time) ([]party, []string) {
	if d.actors == nil {
		return nil, nil
	}
	toks := text.Tokens(sentence)
	words := make([]string, len(toks))
	lower := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
		lower[i] = strings.ToLower(strings.Trim(t.Text, "-'’."))
	}
	end := len(toks)
	if stop != "" {
		for i, w := range lower {
			if w == stop {
				end = i
				break
			}
		}
	}
	var out []party
	var mentions []string
	last := -1
	for _, m := range d.actors.Match(words[:end], date) {
		if m.Agent() {
			continue
		}
		p := partyOf(record.Actor{Code: m.Actor.Code, Country: m.Actor.Country, Name: m.Actor.Name, IGO: m.Actor.IGO})
		if p.key == "" {
			continue
		}
		switch {
		case last < 0 || joined(lower[last:m.Start]):
			// The first actor, or one in a list with it: "Ukraine and the EU rejected…".
			if !samePartyAs(out, p) {
				out = append(out, p)
			}
		case samePartyAs(out, p):
			// The same party named again: "Ukraine's President Zelensky".
		default:
			return out, mentions
		}
		mentions = append(mentions, m.Actor.Text)
		last = m.End
	}
	return out, mentions
}

func joined(between []string) bool {
	for _, w := range between {
		switch w {
		case "and", "", ",", "the", "as", "well", "s", "'s":
		default:
			return false
		}
	}
	return true
}

func samePartyAs(ps []party, p party) bool {
	for _, q := range ps {
		if q.key == p.key {
			return true
		}
	}
	return false
}

func startsWithPronoun(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	switch ws[0] {
	case "it", "he", "she", "they", "we":
		return true
	}
	return false
}

// eventStances reads a position from an event coded in a sentence that
// carries no wording of its own: a rejection (CAMEO 12) or an endorsement
// or signing (051, 057) of the document.
func (d *Deriver) eventStances(r *Report, idx int, sentence string, vp *versionPoints) []Stance {
	var out []Stance
	for _, e := range r.Events {
		if e.Sentence != idx || e.Source == nil || e.Negated || e.Conditional {
			continue
		}
		pos := ""
		switch {
		case e.Root == "12":
			pos = Rejects
		case e.CAMEO == "051" || e.CAMEO == "057":
			pos = Supports
		default:
			continue
		}
		p := partyOf(*e.Source)
		if p.key == "" {
			continue
		}
		ws := mask(splitWords(sentence), []string{e.Source.Text})
		for _, t := range d.targets(sentence, ws, vp) {
			out = append(out, Stance{Actor: p.key, ActorCode: p.code, ActorName: p.name, Point: t.key, PointID: t.id,
				Version: vp.v.Label, Topic: t.topic, Position: pos, Date: stanceDate(r, idx), ArticleID: r.ArticleID,
				Sentence: idx, Evidence: sentence, Via: "event", RecordID: e.ID, Cue: e.Verb, Match: t.match})
		}
	}
	return out
}

// target is a point a sentence speaks to.
type target struct{ key, id, topic, match string }

var (
	pointRef   = regexp.MustCompile(`(?i)\b(?:points?|items?|clauses?|paragraphs?)\s+(?:no\.?\s*|number\s+)?(\d{1,3}(?:\s*(?:,|and|or|&)\s*\d{1,3})*)\b`)
	ordinalRef = regexp.MustCompile(`(?i)\b([a-z]+(?:-[a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+(?:point|item|clause|paragraph)\b`)
	numbers    = regexp.MustCompile(`\d{1,3}`)
)

// documentWords are the nouns by which a sentence speaks of the document
// as a whole when it names no point.
var documentWords = wordSet(`plan plans proposal proposals draft drafts framework document blueprint initiative
	strategy deal agreement text roadmap settlement terms offer`)

// targets finds what a sentence speaks to: points named by number ("point
// 7", "the seventh point") in the version in force, else the points whose
// topic the sentence names (the best matching by shared words when several
// share it), else a point that shares enough distinctive words, else the
// document as a whole when the sentence speaks of it.
func (d *Deriver) targets(sentence string, ws []string, vp *versionPoints) []target {
	var out []target
	add := func(i int, topic, match string) {
		p := vp.points[i]
		for _, t := range out {
			if t.key == p.Keys[0] {
				return
			}
		}
		out = append(out, target{key: p.Keys[0], id: p.ID, topic: topic, match: match})
	}
	for _, m := range pointRef.FindAllStringSubmatch(sentence, -1) {
		for _, n := range numbers.FindAllString(m[1], -1) {
			if i, ok := vp.byNum[strings.TrimLeft(n, "0")]; ok {
				add(i, "", "number")
			}
		}
	}
	for _, m := range ordinalRef.FindAllStringSubmatch(sentence, -1) {
		if n := ordinalValue(m[1]); n > 0 {
			if i, ok := vp.byNum[strconv.Itoa(n)]; ok {
				add(i, "", "number")
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	content := map[string]bool{}
	for _, w := range ws {
		if !stopWords[w] {
			content[stem(w)] = true
		}
	}
	score := func(i int) float64 {
		s := 0.0
		for w := range content {
			if vp.bags[i][w] {
				s += vp.idf[w]
			}
		}
		return s
	}
	if topics := d.topics.matchWords(ws); len(topics) > 0 {
		var best []int
		bestScore := -1.0
		for i, p := range vp.points {
			shared := ""
			for _, t := range topics {
				if contains(p.Topics, t) {
					shared = t
					break
				}
			}
			if shared == "" {
				continue
			}
			switch s := score(i); {
			case s > bestScore+1e-9:
				best, bestScore = []int{i}, s
			case math.Abs(s-bestScore) <= 1e-9:
				best = append(best, i)
			}
		}
		for _, i := range best {
			for _, t := range topics {
				if contains(vp.points[i].Topics, t) {
					add(i, t, "topic")
					break
				}
			}
		}
		if len(best) > 0 {
			return out
		}
	}
	// Words alone: the best point must share at least two words that
	// few points use, and clearly beat the runner-up.
	type scored struct {
		i int
		s float64
	}
	var ranks []scored
	for i := range vp.points {
		distinctive := 0
		for w := range content {
			if vp.bags[i][w] && vp.idf[w] >= math.Log(1+4) {
				distinctive++
			}
		}
		if distinctive >= 2 {
			ranks = append(ranks, scored{i, score(i)})
		}
	}
	sort.Slice(ranks, func(a, b int) bool { return ranks[a].s > ranks[b].s })
	if len(ranks) > 0 && (len(ranks) == 1 || ranks[0].s >= 1.5*ranks[1].s) {
		add(ranks[0].i, "", "words")
		return out
	}
	for _, w := range ws {
		if documentWords[w] {
			return []target{{key: "", id: "", match: "document"}}
		}
	}
	if d.Mentions(sentence) {
		return []target{{key: "", id: "", match: "document"}}
	}
	return nil
}

var ordinals = func() map[string]int {
	m := map[string]int{}
	for i, w := range strings.Fields(`first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
		thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth`) {
		m[w] = i + 1
	}
	for i, w := range strings.Fields(`first second third fourth fifth sixth seventh eighth ninth`) {
		m["twenty-"+w] = 21 + i
		m["thirty-"+w] = 31 + i
	}
	m["thirtieth"] = 30
	return m
}()

func ordinalValue(s string) int {
	s = strings.ToLower(s)
	if n, ok := ordinals[s]; ok {
		return n
	}
	if len(s) > 2 {
		if n, err := strconv.Atoi(s[:len(s)-2]); err == nil {
			return n
		}
	}
	return 0
}

// stanceDate is the date of a claim made in the sentence when it is known
// to the day, else the article's.
func stanceDate(r *Report, idx int) string {
	for _, c := range r.Claims {
		if c.Sentence == idx && len(c.Date) == len("2006-01-02") {
			return c.Date
		}
	}
	return r.Date
}

func parseDay(s string) time.Time {
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// mask blanks the words of each mention in ws (a copy), so the words
// that name a party do not count as what the sentence is about.
func mask(ws []string, mentions []string) []string {
	out := append([]string(nil), ws...)
	for _, m := range mentions {
		mw := splitWords(m)
		if len(mw) == 0 {
			continue
		}
	next:
		for i := 0; i+len(mw) <= len(out); i++ {
			for k, w := range mw {
				if out[i+k] != w {
					continue next
				}
			}
			for k := range mw {
				out[i+k] = ""
			}
			break
		}
	}
	return out
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
