package coder

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// sent is one sentence as the coder sees it.
type sent struct {
	text   string
	ref    time.Time // the article's date
	date   time.Time // the date roles are coded on
	toks   []text.Token
	words  []string // token texts
	low    []string // lower-case token texts
	units  []unit
	unitAt []int32 // token → index of the unit covering it, or -1
	verbs  []verbHit
	dates  []text.DateExpr
	// notLiteral: the coder codes news, not a unit suite's literal
	// conventions (Options.LiteralActions unset).
	notLiteral bool
}

// unit is an actor phrase as it acts in the sentence: an actor with the
// agent words around it folded in.
type unit struct {
	start, end int
	actor      record.Actor
	place      bool         // a place, capital or state after "in", "at", "near": where, not who
	group      int          // units joined by "and" or commas share a group
	adjective  bool         // a bare adjective or demonym ("Hungarian")
	region     bool         // a region ("European partners"), no one state; "the West" acts as a bloc
	person     bool         // a named person
	agent      *actor.Entry // the agent folded in, if any
	bare       bool         // an agent with no actor of its own ("rebels"), given the sentence's country
}

// verbHit is a verb form found in the sentence.
type verbHit struct {
	start, end int
	ref        formRef
}

// analyse tokenizes the sentence and finds its actors and verbs; nil means
// there is nothing to code (no actor, or a discarded sentence).
func (c *Coder) analyse(sentence string, ref time.Time) *sent {
	s := &sent{text: sentence, ref: ref, date: ref, notLiteral: !c.opts.LiteralActions}
	s.toks = text.Tokens(sentence)
	if len(s.toks) < 2 {
		return nil
	}
	s.words = make([]string, len(s.toks))
	s.low = make([]string, len(s.toks))
	for i, t := range s.toks {
		s.words[i] = t.Text
		s.low[i] = strings.ToLower(t.Text)
	}
	if discard(s.low) {
		return nil
	}
	s.dates = text.ResolveDates(sentence, ref)
	if ref.IsZero() {
		// With no article date, "on Wednesday" resolves to nothing.
		kept := s.dates[:0]
		for _, d := range s.dates {
			if !d.Relative {
				kept = append(kept, d)
			}
		}
		s.dates = kept
	}
	// Roles are coded on the day the sentence speaks of: "Trump met Putin
	// in 2019" is not a meeting of presidents in office.
	for _, d := range s.dates {
		if boundPrep[d.Prep] {
			continue
		}
		if t, ok := startOf(d.Date); ok {
			s.date = t
		}
		break
	}
	matches := c.actors.Match(s.words, s.date)
	for _, m := range matches {
		if m.Actor.Code == actor.CodeDiscard {
			return nil
		}
	}
	c.buildUnits(s, matches)
	if len(s.units) == 0 {
		return nil
	}
	c.findVerbs(s)
	// With no verb a sentence may still name an event by a noun
	// ("Kim Jong Un's visit to Beijing was his first since 2019").
	if len(s.verbs) == 0 && c.opts.LiteralActions {
		return nil
	}
	return s
}

// boundPrep marks date expressions that bound something else ("until
// Friday", "within 50 days") rather than date the event.
var boundPrep = map[string]bool{"since": true, "until": true, "by": true, "within": true, "before": true, "after": true}

// startOf parses an ISO date cut to any precision as its first day.
func startOf(d string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(d) == len(layout) {
			t, err := time.Parse(layout, d)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// buildUnits joins matches into units: an adjective or state before an
// agent ("Russian forces", "Russia's foreign ministry"), an agent before
// "of" and a state ("the foreign minister of Ukraine"), and titles before a
// person ("Russian President Vladimir Putin", coded as the person).
func (c *Coder) buildUnits(s *sent, ms []actor.Match) {
	s.unitAt = make([]int32, len(s.toks))
	for i := range s.unitAt {
		s.unitAt[i] = -1
	}
	used := make([]bool, len(ms))
	for i := 0; i < len(ms); i++ {
		if used[i] {
			continue
		}
		m := ms[i]
		if m.Actor.Code == "" || m.Actor.Code == actor.CodeNull || m.Actor.Code == actor.CodeComplex {
			continue
		}
		// "western Cambodia", "Eastern Ukraine": a compass word before a
		// state is part of a place, not the West.
		if m.Entry.Kind == actor.KindRegion && compassWords[s.low[m.Start]] && m.End-m.Start == 1 && i+1 < len(ms) && ms[i+1].Start == m.End && ms[i+1].Entry.Kind == actor.KindState {
			continue
		}
		// "ethnic Albanians in Serbia" are not Albania: an ethnic group
		// names no state.
		if m.Start > 0 && s.low[m.Start-1] == "ethnic" && !m.Agent() {
			// "ethnic Albanians in south Serbia" are people of Serbia.
			if u, ok := ethnicIn(s, ms, i); ok && !c.opts.LiteralActions {
				s.units = append(s.units, u)
				used[i+1] = true
			}
			continue
		}
		u := unit{start: m.Start, end: m.End, actor: toRecord(m.Actor), adjective: m.Adjective, region: m.Entry.Kind == actor.KindRegion && m.Entry.Code != "WST"}
		switch {
		case m.Agent():
			// An agent alone names no one; an agent then "of" then an
			// actor does.
			// ("a court in Guyana" too, but "troops in Ukraine" says
			// where they are, not whose.)
			// "rebels in the Ivory Coast", "demonstrators in Baghdad":
			// the agent belongs to the country of the place ("in" a
			// capital is in the country, not in its government).
			gap := 1
			if m.End+1 < len(s.low) && s.low[m.End+1] == "the" {
				gap = 2
			}
			if i+1 < len(ms) && !ms[i+1].Agent() && ms[i+1].Start == m.End+gap && ms[i+1].Actor.Code != "" &&
				(s.low[m.End] == "of" || s.low[m.End] == "in" && m.Entry.Code != "MIL" && c.isPlace(ms[i+1])) {
				o := ms[i+1]
				u.actor = toRecord(o.Actor)
				base := o.Actor.Code
				if s.low[m.End] == "in" && o.Actor.Country != "" {
					base = o.Actor.Country
				}
				u.actor.Code = actor.WithAgent(base, m.Entry)
				u.agent = m.Entry
				u.actor.Text = strings.Join(s.words[m.Start:o.End], " ")
				u.end = o.End
				used[i+1] = true
			} else if p, ok := titledPerson(s, ms, i); ok && !c.opts.LiteralActions {
				// "President Michel Suleiman" where the dictionary has
				// no role for the day: the title says what he is then.
				u.actor = toRecord(p.Actor)
				u.actor.Code = actor.WithAgent(p.Actor.Country, m.Entry)
				u.agent = m.Entry
				u.end = p.End
				u.person = true
				u.actor.Text = strings.Join(s.words[u.start:u.end], " ")
				used[i+1] = true
			} else if n := titledName(s, ms, i); n > 0 && !c.opts.LiteralActions {
				// "President Bouteflika", "Judge Alejandro Rivera": a
				// title before a name the dictionaries do not know is an
				// official of the sentence's one country, settled below.
				u.end = m.End + n
				u.actor = record.Actor{Text: strings.Join(s.words[u.start:u.end], " ")}
				u.agent = m.Entry
				u.bare = true
				u.person = true
			} else if domesticAgents[m.Entry.Code] && !c.opts.LiteralActions {
				// A bare "rebels", "protesters", "police": whose they
				// are is settled below, from the sentence's one country.
				u.actor = record.Actor{Text: u.actor.Text}
				u.agent = m.Entry
				u.bare = true
			} else {
				continue
			}
		default:
			// Actor, then up to two words or a possessive, then agents.
			j := i + 1
			end := m.End
			for j < len(ms) && ms[j].Agent() && c.gapOK(s, end, ms[j].Start) {
				u.actor.Code = actor.WithAgent(u.actor.Code, ms[j].Entry)
				u.agent = ms[j].Entry
				end = ms[j].End
				used[j] = true
				j++
			}
			// "U.S. Secretary of State George Shultz": a title before a
			// name no dictionary knows; the name is part of the actor.
			if u.agent != nil && titleAgents[u.agent.Code] && !c.opts.LiteralActions && (j >= len(ms) || ms[j].Start > end) {
				n := 0
				for k := end; k < len(s.words) && n < 3 && (j >= len(ms) || k < ms[j].Start); k++ {
					if w := s.words[k]; s.toks[k].Kind != text.Word || w == "" || w[0] < 'A' || w[0] > 'Z' {
						break
					}
					n++
				}
				if n > 0 {
					end += n
					u.person = true
				}
			}
			// A title before a named person or group: the person's code.
			if j < len(ms) && !ms[j].Agent() && ms[j].Start == end && ms[j].Entry.Kind == actor.KindPerson && ms[j].Actor.Code != "" {
				p := ms[j]
				title := u.actor.Code
				u.actor = toRecord(p.Actor)
				// "Arab League Secretary-General Chedli Klibi": a title
				// says what the person is on the day of writing; it wins
				// over the dictionary when no dated role holds then.
				if u.agent != nil && strings.HasSuffix(p.Actor.Code, "ELI") && !formerTitle(s, m.Start) {
					u.actor.Code = title
				}
				end = p.End
				used[j] = true
				u.person = true
			} else if m.Entry.Kind == actor.KindPerson {
				u.person = true
			}
			u.end = end
			u.actor.Text = strings.Join(s.words[u.start:u.end], " ")
		}
		// "in Anchorage, Alaska": a place after a place and a comma is
		// part of the same where.
		afterPlace := u.start > 1 && s.low[u.start-1] == "," && len(s.units) > 0 &&
			s.units[len(s.units)-1].place && s.units[len(s.units)-1].end == u.start-1
		// "the northern city of Kirkuk", "the port of Odesa": a place too.
		placeOf := u.start > 1 && s.low[u.start-1] == "of" && placeNouns[s.low[u.start-2]] ||
			// "in the capital Kabul", "near the town of Samarra".
			u.start > 1 && placeNouns[s.low[u.start-1]] && (placePrep[s.low[u.start-2]] || u.start > 2 && s.low[u.start-2] == "the" && placePrep[s.low[u.start-3]])
		// "on the Thai border", "in Ukrainian waters": a demonym before
		// a word for land or sea says where.
		if u.adjective && u.agent == nil && u.end < len(s.low) && borderNouns[s.low[u.end]] && borderPrep(s, u.start) {
			u.place = true
			u.actor.Code = u.actor.Country
		}
		// "signed a peace agreement at the White House", "talks at the
		// Kremlin": a seat of government after "at" is where.
		if m.Entry.Kind == actor.KindActor && u.agent == nil && atBefore(s, u.start) && len(u.actor.Code) == 6 && (strings.HasSuffix(u.actor.Code, "GOV") || strings.HasSuffix(u.actor.Code, "MIL")) && !c.opts.LiteralActions {
			u.place = true
			u.actor.Code = u.actor.Country
		}
		// "an elegant Moscow mansion", "a Gaza hospital": a city before
		// a building or site names where.
		if !c.opts.LiteralActions && u.end < len(s.low) && siteNouns[s.low[u.end]] && c.isPlace(m) && m.Entry.Kind == actor.KindActor {
			u.place = true
			u.actor.Code = u.actor.Country
		}
		// "in western Cambodia", "in the east of Ukraine".
		compass := u.start > 1 && compassWords[s.low[u.start-1]] && placePrep[s.low[u.start-2]] ||
			u.start > 2 && compassWords[s.low[u.start-1]] && s.low[u.start-2] == "the" && placePrep[s.low[u.start-3]]
		if u.start > 0 && (placePrep[s.low[u.start-1]] || afterPlace || placeOf || compass) && c.isPlace(m) {
			// "arrived in Amman": the place stands for its country, not its
			// government, when a pattern makes it a party.
			u.place = true
			u.actor.Code = u.actor.Country
		}
		s.units = append(s.units, u)
	}
	c.settleBare(s)
	if !c.opts.LiteralActions {
		titledAppositives(s)
		mergePossessives(s)
	}
	for k := range s.units {
		for t := s.units[k].start; t < s.units[k].end; t++ {
			s.unitAt[t] = int32(k)
		}
		s.units[k].group = k
		// "…, Reuters reported": a speaker after a comma is no part
		// of the list before it.
		// "Obama and Putin said" is still a compound: only a speaker
		// after a bare comma stands apart.
		// "According to Ukrainian officials, Russia launched …": the
		// source of a report is no part of what follows it.
		if k > 0 && joins(s, s.units[k-1].end, s.units[k].start) && s.units[k-1].place == s.units[k].place && !accordingTo(s, s.units[k-1].start) &&
			(!speaks(s, s.units[k].end) || andBetween(s, s.units[k-1].end, s.units[k].start)) && !appositive(s, k-1, k) {
			s.units[k].group = s.units[k-1].group
		}
	}
	// "Hungarian and Romanian officials": the agent after the last
	// adjective of a compound belongs to every adjective before it.
	for k := len(s.units) - 1; k > 0; k-- {
		last := s.units[k]
		if last.agent == nil || !last.adjective {
			continue
		}
		for j := k - 1; j >= 0 && s.units[j].group == last.group; j-- {
			if s.units[j].adjective && s.units[j].agent == nil {
				s.units[j].actor.Code = actor.WithAgent(s.units[j].actor.Code, last.agent)
				s.units[j].agent = last.agent
			}
		}
	}
}

// atBefore: "at" or "at the" before k (the phrase may hold the "the").
func atBefore(s *sent, k int) bool {
	if k > 0 && s.low[k] == "the" {
		return s.low[k-1] == "at"
	}
	return k > 0 && s.low[k-1] == "at" || k > 1 && s.low[k-1] == "the" && s.low[k-2] == "at"
}

// borderPrep: a preposition of place, perhaps with "the", before k.
func borderPrep(s *sent, k int) bool {
	k--
	if k >= 0 && s.low[k] == "the" {
		k--
	}
	if k < 0 {
		return false
	}
	switch s.low[k] {
	case "in", "on", "at", "near", "along", "across", "into", "over", "from", "inside":
		return true
	}
	return false
}

// ethnicIn reads "ethnic Albanians in (south) Serbia" as the civilians of
// the state named after "in".
func ethnicIn(s *sent, ms []actor.Match, i int) (unit, bool) {
	m := ms[i]
	j := m.End
	if j >= len(s.low) || s.low[j] != "in" || i+1 >= len(ms) {
		return unit{}, false
	}
	j++
	for j < len(s.low) && (s.low[j] == "the" || compassWords[s.low[j]]) {
		j++
	}
	o := ms[i+1]
	if o.Start != j || o.Entry.Kind != actor.KindState || o.Adjective {
		return unit{}, false
	}
	cc := o.Actor.Code
	a := record.Actor{Code: cc + "CVL", Country: cc, Name: o.Actor.Name, Text: strings.Join(s.words[m.Start:o.End], " ")}
	return unit{start: m.Start, end: o.End, actor: a}, true
}

// siteNouns after a city name make it a place.
var siteNouns = toSet("mansion hotel palace hospital airport apartment building residence church mosque school university suburb district street square port camp prison neighbourhood neighborhood region province stadium compound villa")

// compassWords before a place name a part of it.
var compassWords = toSet("western eastern northern southern central northeastern northwestern southeastern southwestern north south east west north-east north-west south-east south-west northeast northwest southeast southwest far upper lower coastal")

// borderNouns after a demonym make it a place: "the Thai border".
var borderNouns = toSet("border borders frontier side territory waters airspace soil coast")

// placeNouns name a kind of place before "of" and its name.
var placeNouns = toSet("city town village province region capital port district enclave state county oblast suburb outskirts area island")

// placePrep are the prepositions before a place that say where.
var placePrep = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "inside": true, "across": true, "throughout": true}

func (c *Coder) isPlace(m actor.Match) bool {
	switch m.Entry.Kind {
	case actor.KindState, actor.KindRegion:
		return !m.Adjective
	case actor.KindActor:
		return c.capitals[m.Entry] || isPlaceEntry(m.Entry)
	}
	return false
}

// isPlaceEntry reports an entry from the places list: coded as a bare
// country, it stands for a city or region.
func isPlaceEntry(e *actor.Entry) bool {
	return len(e.Code) == 3 && (e.Country == "" || e.Country == e.Code)
}

// gapOK allows an actor and its agent to be apart by a possessive or up to
// two plain words ("Russia's foreign ministry", "Russian top diplomats").
func (c *Coder) gapOK(s *sent, from, to int) bool {
	if to < from || to-from > 2 {
		return false
	}
	for k := from; k < to; k++ {
		t := s.toks[k]
		if t.Kind == text.Possessive {
			continue
		}
		// A verb between them ends the actor: "Germany pledged military
		// aid" is Germany pledging, not a German military.
		if t.Kind != text.Word || stopJoin[s.low[k]] || len(c.byFirst[s.low[k]]) > 0 {
			return false
		}
	}
	return true
}

// stopJoin are words that end an actor phrase.
var stopJoin = map[string]bool{"and": true, "or": true, "to": true, "with": true, "by": true, "of": true, "in": true, "on": true, "the": true, "that": true, "said": true, "says": true}

// joins reports two units joined into a compound: "and", "or", a comma, or
// ", and" between them.
func joins(s *sent, from, to int) bool {
	if to <= from || to-from > 3 {
		return false
	}
	sawAnd := false
	for k := from; k < to; k++ {
		switch s.low[k] {
		case "and", "or", "as well as", "&":
			sawAnd = true
		case ",", "the":
		default:
			return false
		}
	}
	return sawAnd || (to-from == 1 && s.low[from] == ",")
}

// accordingTo: "according to" comes right before k.
func accordingTo(s *sent, k int) bool {
	return k > 1 && s.low[k-1] == "to" && s.low[k-2] == "according"
}

// andBetween: "and" or "or" joins the two units.
func andBetween(s *sent, from, to int) bool {
	for k := from; k < to; k++ {
		if s.low[k] == "and" || s.low[k] == "or" || s.low[k] == "&" {
			return true
		}
	}
	return false
}

func toRecord(a actor.Actor) record.Actor {
	return record.Actor{Code: a.Code, Country: a.Country, Name: a.Name, Text: a.Text, IGO: a.IGO}
}

// findVerbs finds every verb form outside actor phrases, longest first.
func (c *Coder) findVerbs(s *sent) {
	for i := 0; i < len(s.low); i++ {
		if s.unitAt[i] >= 0 || s.toks[i].Kind != text.Word {
			continue
		}
		// After a determiner or a number the word is a noun: "an attack",
		// "the talks", "a four-day strike", "two visits".
		if i > 0 && (determiners[s.low[i-1]] || s.toks[i-1].Kind == text.Number || numberWords[s.low[i-1]] || strings.HasSuffix(s.low[i-1], "-day") || strings.HasSuffix(s.low[i-1], "-hour")) {
			continue
		}
		if nominal(s, i) {
			continue
		}
		refs := c.byFirst[s.low[i]]
		if len(c.byStem) > 0 {
			// TABARI stems: "accus*" is every word it begins.
			w := s.low[i]
			for n := min(len(w), c.maxStem); n >= 2; n-- {
				refs = append(refs[:len(refs):len(refs)], c.byStem[w[:n]]...)
			}
		}
		for _, r := range refs {
			if i+len(r.words) > len(s.low) {
				continue
			}
			ok := true
			for k := 1; k < len(r.words); k++ {
				if !formWord(r.words[k], s.low[i+k]) {
					ok = false
					break
				}
			}
			if ok {
				s.verbs = append(s.verbs, verbHit{start: i, end: i + len(r.words), ref: r})
				i += len(r.words) - 1
				break
			}
		}
	}
}

// numberWords are spelled numbers: "two rebel commanders".
var numberWords = toSet("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands dozens dozen million millions")

var determiners = toSet("a an the this that these those its their his her our my your no any every each another such some several many whose")

func formWord(form, w string) bool {
	if n := len(form); n > 1 && form[n-1] == '*' {
		return strings.HasPrefix(w, form[:n-1])
	}
	return form == w
}

// discard reports sentences about sport and entertainment, where conflict
// words are not conflict: a score ("beat Ukraine 2-1") with a sports word,
// or an unmistakable sports or showbusiness term.
func discard(low []string) bool {
	score, sport := false, false
	for _, w := range low {
		if isScore(w) {
			score = true
		}
		if sportWords[w] {
			sport = true
		}
		if showWords[w] {
			return true
		}
	}
	return score && sport
}

func isScore(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	if !ok || len(a) == 0 || len(b) == 0 || len(a) > 2 || len(b) > 2 {
		return false
	}
	for _, r := range a + b {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

var sportWords = toSet("beat beats defeated defeat won win wins draw drew match matches game games cup league goal goals scored score championship championships tournament final finals semi-final semifinal quarter-final olympic olympics world-cup fifa uefa nba nfl nhl coach striker midfielder goalkeeper squad team teams season derby playoff play-off playoffs grand slam wimbledon seed seeded inning innings wicket wickets")
var showWords = toSet("eurovision box-office grammy grammys oscar oscars emmy emmys bafta sitcom")

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// nominal reports a word that, by its place, is a noun rather than a
// verb: right after a possessive ("North Korea's demand", "Russia's
// consistent demand"), or a third-person -s form after a preposition or
// subordinator, where a finite verb would need a subject first ("as
// shells continued crashing", "the rebels").
func nominal(s *sent, i int) bool {
	if i == 0 {
		return false
	}
	if s.toks[i-1].Kind == text.Possessive {
		return true
	}
	// "a naval blockade", "the recent attack", "a deadly attack".
	if i > 1 && determiners[s.low[i-2]] && s.unitAt[i-1] < 0 && (adjectiveLike(s.low[i-1]) || strings.HasSuffix(s.low[i-1], "ly")) {
		return true
	}
	if i > 1 && s.toks[i-2].Kind == text.Possessive && adjectiveLike(s.low[i-1]) {
		return true
	}
	// "halted economic aid", "launched massive strikes": the object of
	// a verb found just before, after its adjective.
	if i > 1 && s.unitAt[i-1] < 0 && adjectiveLike(s.low[i-1]) && !strings.HasSuffix(s.low[i-1], "ed") && !strings.HasSuffix(s.low[i-1], "ing") && isVerbAt(s, i-2) {
		return true
	}
	// "offering further military support": two modifiers after the verb.
	if i > 2 && s.unitAt[i-1] < 0 && s.unitAt[i-2] < 0 && adjectiveLike(s.low[i-1]) && !strings.HasSuffix(s.low[i-1], "ed") && !strings.HasSuffix(s.low[i-1], "ing") &&
		(adjectiveLike(s.low[i-2]) || quantityWords[s.low[i-2]]) && !strings.HasSuffix(s.low[i-2], "ed") && isVerbAt(s, i-3) {
		return true
	}
	// "a possible prisoner exchange": a base form after a determiner
	// and two plain words, the last singular, is a compound noun's head.
	if i > 2 && (s.low[i-3] == "a" || s.low[i-3] == "an" || s.low[i-3] == "the") && plainTok(s, i-2) && plainTok(s, i-1) &&
		!strings.HasSuffix(s.low[i-1], "s") && !strings.HasSuffix(s.low[i], "s") && !strings.HasSuffix(s.low[i], "ed") && !strings.HasSuffix(s.low[i], "ing") {
		return true
	}
	// "suspended talks on joining the EU": a gerund after these
	// prepositions is the topic of a noun.
	if strings.HasSuffix(s.low[i], "ing") && (s.low[i-1] == "on" || s.low[i-1] == "about" || s.low[i-1] == "regarding" || s.low[i-1] == "concerning" || s.low[i-1] == "from") {
		return true
	}
	// "bans on travel to Canada", "talks on trade": a bare verb form
	// right after a preposition is a noun.
	if i > 1 && nounSlot[s.low[i-1]] && s.low[i-1] != "as" && s.low[i-1] != "while" && s.low[i-1] != "when" && s.low[i-1] != "after" && s.low[i-1] != "before" && s.low[i-1] != "until" && s.low[i-1] != "since" && s.low[i-1] != "because" && s.low[i-1] != "unless" && s.low[i-1] != "although" && s.low[i-1] != "though" && s.low[i-1] != "whereas" &&
		!strings.HasSuffix(s.low[i], "ing") && !strings.HasSuffix(s.low[i], "ed") && !strings.HasSuffix(s.low[i], "s") && !strings.HasSuffix(s.low[i], "en") {
		return true
	}
	w := s.low[i]
	// "meet with exiled dissidents", "of wounded soldiers": a past
	// participle after a preposition, before its noun, is an adjective.
	if strings.HasSuffix(w, "ed") && nounSlot[s.low[i-1]] && i+1 < len(s.low) && s.toks[i+1].Kind == text.Word &&
		!nounSlot[s.low[i+1]] && !determiners[s.low[i+1]] && s.low[i+1] != "to" {
		return true
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && nounSlot[s.low[i-1]] {
		return true
	}
	// "stopped attacks on …", "halted strikes", "said talks would …": a
	// third-person form right after a verb is its object (or the subject
	// of its clause), a noun either way.
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") &&
		!auxWords[s.low[i-1]] && isVerbAt(s, i-1) {
		return true
	}
	// "conceded to demands", "agreed to talks": after "to" a verb is
	// an infinitive, so a third-person form is a noun.
	if s.low[i-1] == "to" && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return true
	}
	return false
}

// plainTok: token k is a word that is no actor, verb or auxiliary.
func plainTok(s *sent, k int) bool {
	return s.toks[k].Kind == text.Word && s.unitAt[k] < 0 && !isVerbAt(s, k) && !auxWords[s.low[k]] && !determiners[s.low[k]] && !pronouns[s.low[k]] && !nounSlot[s.low[k]] && s.low[k] != "and" && s.low[k] != "or" && s.low[k] != "to"
}

// quantityWords may stand before a noun's adjective: "further military
// support", "new economic sanctions".
var quantityWords = toSet("further more new additional fresh much little extra greater")

// nounSlot are words after which a third-person verb form cannot start a
// clause.
var nounSlot = toSet("as while when whereas although though because since after before until unless of in on at for with by from into against about among between during without")

// adjectiveLike: a word with an adjective's ending.
func adjectiveLike(w string) bool {
	for _, suf := range []string{"al", "ent", "ant", "ive", "ous", "ic", "ful", "ary", "ed", "est", "ing", "ern", "ial", "ible", "able"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// titledName: the agent match i is a title written before a personal
// name that no dictionary matched ("President Dos Santos"): it returns
// how many capitalised words the name runs to, or 0.
func titledName(s *sent, ms []actor.Match, i int) int {
	m := ms[i]
	if !titleAgents[m.Entry.Code] || m.End-m.Start > 3 {
		return 0
	}
	// The title itself is capitalised, as titles before names are.
	if t := s.words[m.Start]; t == "" || t[0] < 'A' || t[0] > 'Z' {
		return 0
	}
	n := 0
	for k := m.End; k < len(s.words) && n < 4; k++ {
		if i+1 < len(ms) && ms[i+1].Start <= k {
			break
		}
		w := s.words[k]
		if s.toks[k].Kind != text.Word || w == "" || w[0] < 'A' || w[0] > 'Z' {
			break
		}
		n++
	}
	return n
}

// titledPerson: the agent match i is a capitalised title right before a
// named person who holds no dated role on the day (coded an elite).
func titledPerson(s *sent, ms []actor.Match, i int) (actor.Match, bool) {
	m := ms[i]
	if !titleAgents[m.Entry.Code] || i+1 >= len(ms) || formerTitle(s, m.Start) {
		return actor.Match{}, false
	}
	if t := s.words[m.Start]; t == "" || t[0] < 'A' || t[0] > 'Z' {
		return actor.Match{}, false
	}
	p := ms[i+1]
	if p.Start != m.End || p.Entry.Kind != actor.KindPerson || !strings.HasSuffix(p.Actor.Code, "ELI") || len(p.Actor.Country) != 3 {
		return actor.Match{}, false
	}
	return p, true
}

// titledAppositives: "the US commander in Iraq, General David Petraeus,":
// a named person with no role on the day, set off by a comma after an
// official's title, is that official.
func titledAppositives(s *sent) {
	for k := 1; k < len(s.units); k++ {
		p := &s.units[k]
		if !p.person || !strings.HasSuffix(p.actor.Code, "ELI") {
			continue
		}
		j := p.start - 1
		for j >= 0 && s.toks[j].Kind == text.Word && s.words[j] != "" && s.words[j][0] >= 'A' && s.words[j][0] <= 'Z' && j >= p.start-2 {
			j--
		}
		if j < 1 || s.low[j] != "," {
			continue
		}
		t := k - 1
		if s.units[t].place && s.units[t].end == j && t > 0 {
			t--
		}
		tu := s.units[t]
		if tu.agent == nil || tu.person || tu.place || tu.bare || len(tu.actor.Code) <= 3 {
			continue
		}
		if tu.end != j && !(s.units[k-1].place && s.units[k-1].end == j && s.units[k-1].start-tu.end == 1) {
			continue
		}
		p.actor.Code = tu.actor.Code
		p.agent = tu.agent
	}
}

// mergePossessives: "Afghanistan's Taliban government", "Russia's
// Gazprom": an actor after a state's possessive is one actor, the second.
func mergePossessives(s *sent) {
	kept := s.units[:0]
	for _, u := range s.units {
		if n := len(kept); n > 0 {
			p := kept[n-1]
			if p.end+1 == u.start && p.end < len(s.toks) && s.toks[p.end].Kind == text.Possessive && !p.place && !u.place &&
				p.agent == nil && !p.person && !p.adjective && p.actor.Code == unitCountry(p) && (u.actor.Country == "" || u.actor.Country == p.actor.Code) {
				u.start = p.start
				u.actor.Text = strings.Join(s.words[u.start:u.end], " ")
				kept[n-1] = u
				continue
			}
		}
		kept = append(kept, u)
	}
	s.units = kept
}

// titleAgents are the agents whose words are also titles before names.
var titleAgents = toSet("GOV MIL JUD OPP LEG")

// domesticAgents are the agents that, named bare, are nearly always of
// the country the story is about: "rebels blocked roads into Abidjan",
// "police dispersed protesters in Cairo". Governments, armies, companies,
// media and aid groups act abroad as often as at home, so a bare one is
// left uncoded.
var domesticAgents = toSet("CVL OPP REB LAB EDU REL AGR CRM COP JUD LEG HLH REF")

// settleBare gives each bare agent the country of the sentence when the
// sentence names exactly one state (as actor, adjective or place), and
// drops it otherwise: with two states in view there is no telling whose
// the rebels are.
func (c *Coder) settleBare(s *sent) {
	country := ""
	for _, u := range s.units {
		if u.bare {
			continue
		}
		cc := unitCountry(u)
		if cc == "" || country != "" && cc != country {
			country = ""
			break
		}
		country = cc
	}
	kept := s.units[:0]
	for _, u := range s.units {
		if u.bare {
			if country == "" {
				continue
			}
			u.actor.Code = actor.WithAgent(country, u.agent)
			u.actor.Country = country
		}
		kept = append(kept, u)
	}
	s.units = kept
}

// unitCountry is the state a unit belongs to, or "" for an IGO, a region
// or anything not a state.
func unitCountry(u unit) string {
	cc := u.actor.Country
	if cc == "" && len(u.actor.Code) >= 3 {
		cc = u.actor.Code[:3]
	}
	if len(cc) != 3 || u.region {
		return ""
	}
	switch cc {
	case "IGO", "NGO", "IMG", "MNC", "UIS", "WST", "EUR", "AFR", "ASA", "MEA", "SAM", "NAM", "CAS", "SAS", "SEA", "WAF", "EAF", "CAF", "SAF", "NAF", "BLK", "CRB", "CAU", "MDT", "PGS", "SCN", "EEU", "LAM", "---":
		return ""
	}
	return cc
}

// formerTitle: the title starting at k is one held before ("former
// President", "ex-Prime Minister", "the late King").
func formerTitle(s *sent, k int) bool {
	return k > 0 && (s.low[k-1] == "former" || s.low[k-1] == "late" || s.low[k-1] == "ex" || strings.HasPrefix(s.low[k], "ex-"))
}

// appositive: unit b, after a named person a and a comma, is the person's
// title rather than a second party: "Kenzo Oshima, the United Nations
// Emergency Relief Coordinator, demanded …". The title runs on to a comma
// with no "and" or "or" on the way.
func appositive(s *sent, a, b int) bool {
	// "Putin, Trump to meet in Budapest": two named people are two.
	if !s.units[a].person || s.units[b].person || s.low[s.units[a].end] != "," {
		return false
	}
	for k := s.units[b].end; k < len(s.low) && k <= s.units[b].end+5; k++ {
		switch s.low[k] {
		case ",":
			return true
		case "and", "or", "&":
			return false
		}
	}
	return false
}
