package claim

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// sent is one sentence as the claim extractor reads it. Actors, names and
// dates are found only when a claim needs them.
type sent struct {
	idx       int // the caller's sentence index
	at        int // position in the article
	text      string
	toks      []text.Token
	low       []string
	role      []int8 // quotation marks: open, close or either
	double    []bool // quotation marks: a double mark
	inQuote   []bool // the token lies inside a quotation
	paraStart bool   // the sentence opens a paragraph
	contTok   int    // the paragraph's continuation mark, or -1

	analysed bool
	units    []unit
	unitAt   []int32 // token → unit covering it, or -1
	names    []unit  // capitalised names the dictionary does not know
	dates    []text.DateExpr
	dateTok  []bool // token inside a date expression
	mentions []unit // people and bodies named outside quotations, in order
}

// unit is an actor named in the sentence: a dictionary phrase with its
// agents folded in, or a capitalised name the dictionary does not know.
type unit struct {
	start, end int
	actor      record.Actor
	person     bool // a person, known or by the look of the name
	gender     byte // 'm' or 'f' from a title before the name ("Mrs Howard")
	agentOnly  bool // a bare agent ("officials", "the ministry"): who, not which
	name       bool // a name the dictionary does not know
}

func newSent(idx int, s string) *sent {
	st := &sent{idx: idx, text: s, contTok: -1}
	st.toks = text.Tokens(s)
	n := len(st.toks)
	st.low = make([]string, n)
	st.role = make([]int8, n)
	st.double = make([]bool, n)
	st.inQuote = make([]bool, n)
	for i, t := range st.toks {
		st.low[i] = lower(t.Text)
		if t.Kind == text.Quote {
			st.role[i], st.double[i] = markRole(s, t)
		}
	}
	return st
}

// lower returns w in lower case without allocating when it already is.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(w)
		}
	}
	return w
}

// analyse finds the sentence's actors, unknown names and dates.
func (s *sent) analyse(m *actor.Matcher, ref time.Time) {
	if s.analysed {
		return
	}
	s.analysed = true
	words := make([]string, len(s.toks))
	for i, t := range s.toks {
		words[i] = t.Text
	}
	s.dates = text.ResolveDates(s.text, ref)
	s.dateTok = make([]bool, len(s.toks))
	for _, d := range s.dates {
		for k, t := range s.toks {
			if t.Start >= d.Start && t.End <= d.End {
				s.dateTok[k] = true
			}
		}
	}
	s.buildUnits(m.Match(words, ref), words)
	s.findNames(words)
}

// buildUnits joins dictionary matches into units: an actor with the agents
// after it ("Russia's foreign ministry"), an agent then "of" and an actor,
// a title before a person ("Kremlin spokesman Dmitry Peskov" is Peskov).
func (s *sent) buildUnits(ms []actor.Match, words []string) {
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
		c := m.Actor.Code
		if c == "" || c == actor.CodeNull || c == actor.CodeComplex || c == actor.CodeDiscard {
			continue
		}
		u := unit{start: m.Start, end: m.End, actor: toRecord(m.Actor)}
		if m.Agent() {
			if i+1 < len(ms) && !ms[i+1].Agent() && ms[i+1].Start == m.End+1 && s.low[m.End] == "of" && ms[i+1].Actor.Code != "" {
				o := ms[i+1]
				u.actor = toRecord(o.Actor)
				u.actor.Code = actor.WithAgent(o.Actor.Code, m.Entry)
				u.end = o.End
				used[i+1] = true
			} else {
				u.agentOnly = true
				u.actor = record.Actor{Code: c}
			}
		} else {
			j, end := i+1, m.End
			for j < len(ms) && ms[j].Agent() && s.gapOK(end, ms[j].Start) {
				u.actor.Code = actor.WithAgent(u.actor.Code, ms[j].Entry)
				end = ms[j].End
				used[j] = true
				j++
			}
			if j < len(ms) && !ms[j].Agent() && ms[j].Start == end && ms[j].Entry.Kind == actor.KindPerson && ms[j].Actor.Code != "" {
				u.actor = toRecord(ms[j].Actor)
				u.person = true
				end = ms[j].End
				used[j] = true
			}
			u.end = end
			if m.Entry.Kind == actor.KindPerson {
				u.person = true
			}
		}
		u.actor.Text = strings.Join(words[u.start:u.end], " ")
		s.units = append(s.units, u)
	}
	for k, u := range s.units {
		for t := u.start; t < u.end; t++ {
			s.unitAt[t] = int32(k)
		}
	}
}

// gapOK lets an actor and its agent be apart by a possessive or up to two
// plain words ("Russia's foreign ministry", "Russian top diplomats").
func (s *sent) gapOK(from, to int) bool {
	if to < from || to-from > 2 {
		return false
	}
	for k := from; k < to; k++ {
		t := s.toks[k]
		if t.Kind == text.Possessive {
			continue
		}
		if t.Kind != text.Word || stopJoin[s.low[k]] || isCapital(t.Text) {
			return false
		}
		if _, ok := verbs[s.low[k]]; ok {
			return false
		}
	}
	return true
}

var stopJoin = toSet("and or to with by of in on the that said says who which")

func toRecord(a actor.Actor) record.Actor {
	return record.Actor{Code: a.Code, Country: a.Country, Name: a.Name, Text: a.Text, IGO: a.IGO}
}

// findNames finds runs of capitalised words that no dictionary phrase
// covers: the names of people and bodies the dictionary does not know.
func (s *sent) findNames(words []string) {
	first := s.firstWord()
	for k := 0; k < len(s.toks); {
		if !s.nameWord(k, false) {
			k++
			continue
		}
		j := k + 1
		for j < len(s.toks) && (s.nameWord(j, true) || s.particleRun(j) ||
			// "Department of Conservation", "University of Padua"
			(s.low[j] == "of" || s.low[j] == "for") && orgHeads[s.low[j-1]] && j+1 < len(s.toks) && s.orgWord(j+1) ||
			// "Department for Education and Skills"
			(s.low[j] == "and" || s.low[j] == "&") && s.orgRun(k, j) && j+1 < len(s.toks) && s.orgWord(j+1) ||
			s.orgRun(k, j) && s.orgWord(j) && s.unitAt[j] >= 0) {
			j++
		}
		s1 := k
		for s1 < j && nameStop[s.low[s1]] {
			s1++
		}
		a, b := s1, j
		for a < b && (nameStop[s.low[a]] || titles[s.low[a]]) {
			a++
		}
		// "Hydrocarbons Secretary Fabara": the name follows the last title.
		for t := b - 2; t > a; t-- {
			if titles[s.low[t]] {
				a = t + 1
				break
			}
		}
		for b > a && particles[s.low[b-1]] {
			b--
		}
		switch {
		case a >= b:
		case b-a == 1 && a == first && (nameStop[s.low[a]] || descriptors[s.low[a]]):
		case b-a == 1 && len(s.low[a]) < 2:
		default:
			u := unit{end: b, name: true}
			u.person = personLike(s.low[a:b], words[a:b])
			if !u.person {
				// "Cabinet Office", "Foreign Ministry": a capitalised agent
				// word belongs to a body's name.
				for s1 > 0 && s.unitAt[s1-1] >= 0 && s.units[s.unitAt[s1-1]].agentOnly && isCapital(s.toks[s1-1].Text) {
					s1--
					a = s1
				}
			}
			if !u.person || s1 >= 2 && s.low[s1-1] == "of" && orgHeads[s.low[s1-2]] && isCapital(s.toks[s1-2].Text) {
				// "University of North Carolina": the name of a body.
				if s1 >= 2 && s.low[s1-1] == "of" && orgHeads[s.low[s1-2]] && isCapital(s.toks[s1-2].Text) {
					s1 -= 2
					a = s1
				}
				u.person = false
			}
			if a > 0 {
				u.gender = titleGender(s.low[a-1])
			}
			u.start = s1
			u.actor = record.Actor{Name: strings.Join(words[a:b], " "), Text: strings.Join(words[s1:b], " ")}
			if s1 > 0 && placePrep[s.low[s1-1]] || b < len(s.toks) && s.toks[b].Kind == text.Word && !isCapital(s.toks[b].Text) && (s.unitAt[b] >= 0 || descriptors[s.low[b]]) {
				// "in Los Vilos", "San Bernardino deputies": a place.
				u.person = false
			}
			s.names = append(s.names, u)
		}
		k = j
	}
}

// titleGender: the gender a title before a name gives.
func titleGender(w string) byte {
	switch strings.TrimSuffix(w, ".") {
	case "mr", "sir", "lord", "mister", "king", "prince", "father":
		return 'm'
	case "mrs", "ms", "miss", "lady", "dame", "madam", "madame", "queen", "princess":
		return 'f'
	}
	return 0
}

// orgWord: token j may stand in a body's name: a name word, or a
// capitalised agent word ("Education" in "Department for Education").
func (s *sent) orgWord(j int) bool {
	if s.nameWord(j, false) {
		return true
	}
	t := s.toks[j]
	return t.Kind == text.Word && isCapital(t.Text) && !s.inQuote[j] && s.unitAt[j] >= 0 && s.units[s.unitAt[j]].agentOnly
}

// orgRun: tokens [k, j) hold the head word of a body's name.
func (s *sent) orgRun(k, j int) bool {
	for t := k; t < j; t++ {
		if orgHeads[s.low[t]] {
			return true
		}
	}
	return false
}

// particleRun: token j starts particles inside a name: "de la" in
// "Felipe de la Cruz".
func (s *sent) particleRun(j int) bool {
	k := j
	for k < len(s.toks) && k < j+3 && s.toks[k].Kind == text.Word && particles[s.low[k]] {
		k++
	}
	return k > j && k < len(s.toks) && s.nameWord(k, false)
}

// nameWord: token k may be part of a name.
func (s *sent) nameWord(k int, inside bool) bool {
	t := s.toks[k]
	// A dictionary phrase, even a title such as "President", is no part
	// of an unknown name.
	if t.Kind != text.Word || s.inQuote[k] || s.unitAt[k] >= 0 || s.dateTok[k] {
		return false
	}
	if !isCapital(t.Text) {
		return false
	}
	if !inside && (months[s.low[k]] || weekdays[s.low[k]]) {
		return false
	}
	return true
}

// firstWord is the index of the sentence's first word.
func (s *sent) firstWord() int {
	for k, t := range s.toks {
		if t.Kind == text.Word || t.Kind == text.Number {
			return k
		}
	}
	return -1
}

func isCapital(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		return true
	}
	// "al-Assad", "bin-Salman", "de Gaulle" style particles glued on.
	if i := strings.IndexByte(w, '-'); i > 0 && i+1 < len(w) {
		r, _ = utf8.DecodeRuneInString(w[i+1:])
		return unicode.IsUpper(r) && particles[strings.ToLower(w[:i])]
	}
	return false
}

// personLike: a name that reads as a person's rather than a body's.
func personLike(low, words []string) bool {
	if len(low) > 4 {
		return false
	}
	for i, w := range low {
		if orgWords[w] {
			return false
		}
		if len(words[i]) > 1 && strings.ToUpper(words[i]) == words[i] && !strings.HasSuffix(words[i], ".") {
			return false // an acronym: OPEC, NASA
		}
	}
	return true
}

// mentionsOf returns the people and bodies the sentence names outside
// quotations, in order: dictionary actors (not bare agents) and names.
func (s *sent) mentionsOf(m *actor.Matcher, ref time.Time) []unit {
	s.analyse(m, ref)
	if s.mentions != nil {
		return s.mentions
	}
	s.mentions = []unit{}
	i, j := 0, 0
	for i < len(s.units) || j < len(s.names) {
		var u unit
		if j >= len(s.names) || i < len(s.units) && s.units[i].start < s.names[j].start {
			u = s.units[i]
			i++
		} else {
			u = s.names[j]
			j++
		}
		if u.agentOnly || s.inQuote[u.start] {
			continue
		}
		s.mentions = append(s.mentions, u)
	}
	return s.mentions
}

var orgHeads = toSet("department bank university ministry institute commission council committee center centre " +
	"office board court society league federation union association school college academy agency bureau " +
	"organization organisation foundation fund chamber house church party front movement")

var placePrep = toSet("in at near outside inside across around")

var particles = toSet("de da di del della der den van von bin ibn al el le la du dos das abu ben st. st")

var titles = toSet("mr mr. mrs mrs. ms ms. dr dr. sen. rep. gov. gen. lt. col. maj. capt. sgt. cpl. adm. prof. prof rev. " +
	"sir lord lady dame mister madam madame professor doctor secretary minister chancellor spokesman spokeswoman " +
	"spokesperson chairman chairwoman chair director chief analyst economist senator congressman congresswoman " +
	"judge justice general colonel captain lieutenant major sergeant admiral commander ambassador envoy " +
	"president premier governor mayor king queen prince princess sheikh ayatollah pope cardinal bishop father " +
	"deputy vice acting former late interim foreign defence defense interior finance economy trade justice miss " +
	"author writer journalist reporter columnist correspondent editor historian researcher scientist activist " +
	"lawyer attorney founder ceo executive manager head leader candidate nominee officer official mp mep")

// nameStop are capitalised words that start a sentence or clause without
// being a name.
var nameStop = toSet("the a an but and or in on at to for of from by with however meanwhile also it this that these those " +
	"his her their its our my your when while as after before since if so then now still yet earlier later last " +
	"according speaking asked separately there here what why how who where which he she they we i you one " +
	"both all some many most several few no not every each another other such instead indeed moreover " +
	"furthermore nevertheless thus therefore although though because unlike despite during until under over " +
	"amid among between about against across through following in-depth exclusive update breaking watch read " +
	"photo video live analysis opinion editorial comment mr mrs ms dr like just only even translation " +
	"update note editor correction source sources credit caption image images tweet thread " +
	"two three four five six seven eight nine ten dozens hundreds thousands")

var months = toSet("january february march april may june july august september october november december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov nov. dec dec.")
var weekdays = toSet("monday tuesday wednesday thursday friday saturday sunday")

var orgWords = toSet("inc inc. corp corp. co co. ltd ltd. llc plc group bank reserve ministry party association council " +
	"committee commission union department office service agency institute university college foundation fund exchange " +
	"board company corporation times post news journal herald tribune telegraph guardian press network television " +
	"radio tv center centre court house organization organisation federation league alliance front movement army " +
	"force forces police authority authorities club airlines airways motors industries holdings partners capital " +
	"securities trust society church council assembly parliament congress senate government administration " +
	"bureau command brigade battalion regiment coalition campaign watch international national federal state " +
	"republic kingdom daily weekly magazine review report channel media agencies systems energy oil petroleum")

// descriptors are nouns that name a speaker without naming who: they give
// a speaker its words when no name or dictionary actor does.
var descriptors = toSet("analyst analysts expert experts source sources witness witnesses observer observers critic critics " +
	"spokesman spokeswoman spokesperson spokespeople spokesmen company statement report reports paper agency group " +
	"organisation organization committee commission council lawyer lawyers attorney attorneys economist economists " +
	"dealer dealers banker bankers executive executives chairman chairwoman director chief manager adviser advisers " +
	"advisor advisors aide aides representative representatives member members study survey poll letter document " +
	"documents memo filing newspaper daily magazine website broadcaster station channel outlet resident survivor " +
	"survivors relative relatives family families father mother brother sister son daughter wife husband friend " +
	"friends neighbor neighbour neighbours neighbors colleague colleagues teacher nurse man woman men women boy girl " +
	"person someone participants organizers organisers owner owners operator founder founders head spokesperson " +
	"insiders insider source person official officials sources commentators pundits scientists researchers elders elder others " +
	"analysis traders trader bank firm group authorities police ministry government agency office administration " +
	"prosecutor prosecutors investigators investigator unit lab laboratory survey detainee detainees prisoner " +
	"prisoners inmate inmates suspect suspects defendant defendants plaintiff plaintiffs victim victims patient " +
	"patients customer customers voter voters candidate candidates volunteer volunteers veteran veterans " +
	"mourner mourners eyewitness eyewitnesses bystander bystanders passenger passengers driver drivers")

// docNouns after a possessive make the possessor the speaker: "Bob
// Woodward's 2024 book War claimed".
var docNouns = toSet("book books memoir memoirs report reports article articles letter letters statement statements " +
	"study paper column editorial editorials tweet tweets post posts blog essay interview interviews testimony " +
	"investigation analysis survey poll documentary film biography account speech lawsuit complaint indictment " +
	"filing filings website office campaign lawyer lawyers attorney attorneys spokesman spokeswoman spokesperson " +
	"aide aides adviser advisers advisor advisors team camp press service message video podcast op-ed " +
	"newsletter announcement ruling verdict decision findings research note notes communique communiqué")
