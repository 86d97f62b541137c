package claim

import (
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Extractor finds claims in articles. It is built once and is then
// read-only and safe for concurrent use.
type Extractor struct {
	m *actor.Matcher
}

// New returns an extractor that resolves speakers with m; a nil m means
// the default dictionaries.
func New(m *actor.Matcher) *Extractor {
	if m == nil {
		m = actor.DefaultMatcher()
	}
	return &Extractor{m: m}
}

// maxText caps a claim's words, so that an article that is one long
// quotation does not make a record the size of the article.
const maxText = 4000

// article is the state of one extraction.
type article struct {
	x        *Extractor
	ref      time.Time
	ss       []*sent
	spans    []qspan
	drafts   []draft
	used     map[[2]int]int // (sentence, verb token) → the draft that used the verb
	spanDone []bool         // the quotation is part of a claim
	spanFrom []int          // sentence → index of the first quotation opening in it or later
	surnames map[string]bool
	genders  map[string]byte // name → gender learnt from "he"/"she" and titles
}

// draft is a claim being built.
type draft struct {
	sent     int // sentence position in the article
	pos      int // token where the claim starts, to order claims
	spk      speaker
	kind     string
	verb     string
	stance   string
	text     string
	hedged   bool
	date     string
	textR    rng // the claim's words in sentence sent (reported speech)
	attSent  int // where the attribution is
	attVerb  int
	attR     rng
	lastSent int // the last sentence the claim's words reach
}

// Extract returns the claims of one article: sents are its sentences as
// text.Sentences gives them, full the text they were cut from (for the
// paragraph breaks; "" when unknown) and ref the article's date, against
// which the dates of statements resolve. Claims come in the order their
// words start in the article, with ID left empty and Denies set to
// "#<index>" of the denied claim in the returned slice (see the package
// documentation).
func (x *Extractor) Extract(sents []text.Sentence, full string, ref time.Time) []record.Claim {
	if len(sents) == 0 {
		return nil
	}
	a := &article{x: x, ref: ref, ss: make([]*sent, len(sents)), used: map[[2]int]int{}, surnames: map[string]bool{}, genders: map[string]byte{}}
	for i, s := range sents {
		st := newSent(s.Index, s.Text)
		st.at = i
		st.paraStart = i == 0 || paraBreak(full, sents[i-1], s)
		a.ss[i] = st
	}
	a.spans = findQuotes(a.ss)
	a.spanDone = make([]bool, len(a.spans))
	a.spanFrom = make([]int, len(a.ss)+1)
	for si, q := len(a.ss), len(a.spans); si >= 0; si-- {
		for q > 0 && a.spans[q-1].startSent >= si {
			q--
		}
		a.spanFrom[si] = q
	}
	a.run()
	return a.records()
}

// paraBreak reports a paragraph break between two sentences of full: a
// blank line, or a line break then indentation (a newswire paragraph).
func paraBreak(full string, prev, cur text.Sentence) bool {
	if prev.End > cur.Start || cur.Start > len(full) || prev.End < 0 {
		return false
	}
	gap := full[prev.End:cur.Start]
	i := strings.IndexByte(gap, '\n')
	if i < 0 {
		return false
	}
	rest := gap[i+1:]
	return strings.IndexByte(rest, '\n') >= 0 || strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")
}

// run reads the article sentence by sentence, so that a pronoun resolves
// against the speakers found before it: first the quotations that open in
// the sentence, then its reported speech, then quotations no attribution
// claimed.
func (a *article) run() {
	q := 0
	for si := range a.ss {
		var pending []int
		for q < len(a.spans) && a.spans[q].startSent == si {
			if !a.quote(q) {
				pending = append(pending, q)
			}
			q++
		}
		a.reported(si)
		for _, p := range pending {
			a.unattributed(p)
		}
	}
}

// analyse finds a sentence's actors, names and dates, once.
func (a *article) analyse(s *sent) { s.analyse(a.x.m, a.ref) }

// use records that a verb attributes a claim.
func (a *article) use(si, v int) { a.used[[2]int{si, v}] = len(a.drafts) }

func (a *article) isUsed(si, v int) bool {
	_, ok := a.used[[2]int{si, v}]
	return ok
}

// add appends a draft.
func (a *article) add(d draft) {
	if d.lastSent < d.sent {
		d.lastSent = d.sent
	}
	d.text = strings.TrimSpace(d.text)
	if n := d.spk.a.Name; n != "" {
		a.surnames[strings.ToLower(lastWord(n))] = true
	}
	a.drafts = append(a.drafts, d)
}

// records orders the drafts and turns them into claims, linking denials.
func (a *article) records() []record.Claim {
	if len(a.drafts) == 0 {
		return nil
	}
	sort.SliceStable(a.drafts, func(i, j int) bool {
		if a.drafts[i].sent != a.drafts[j].sent {
			return a.drafts[i].sent < a.drafts[j].sent
		}
		return a.drafts[i].pos < a.drafts[j].pos
	})
	out := make([]record.Claim, 0, len(a.drafts))
	for _, d := range a.drafts {
		c := record.Claim{
			Sentence: a.ss[d.sent].idx,
			Kind:     d.kind,
			Verb:     d.verb,
			Text:     d.text,
			Stance:   d.stance,
			Hedged:   d.hedged,
			Date:     d.date,
		}
		if !d.spk.empty() {
			sp := d.spk.a
			if sp.Text == "" && d.spk.pron != "" {
				sp.Text = d.spk.pron
			}
			c.Speaker = &sp
		}
		out = append(out, c)
	}
	a.linkDenials(out)
	return out
}
