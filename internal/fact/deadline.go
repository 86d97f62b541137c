package fact

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Kinds and statuses of a deadline record.
const (
	KindExpiry    = "expiry"
	KindDeadline  = "deadline"
	KindScheduled = "scheduled"
	KindUltimatum = "ultimatum"

	StatusOpen    = "open"    // due on or after the article's date, nothing said of it yet
	StatusMet     = "met"     // what was due happened: the treaty expired, the demand was met
	StatusMissed  = "missed"  // the date went by without it: the deadline passed, the talks were put off
	StatusUnknown = "unknown" // the date is before the article's and the article does not say
)

// Deadlines returns what falls due in an article's sentences (as
// text.Sentences gives them), resolved against ref, the article's date (zero
// when unknown: then only dates the text gives in full are kept). m names
// the actors; nil leaves Actors empty.
//
// A report that a deadline passed, expired or was met without a date of its
// own ("the deadline passed") takes the due date of the nearest earlier
// deadline of the same kind in the article and sets that one's status too;
// with none, its Due is the article's date (it fell due by then), and with no
// article date it is dropped.
func Deadlines(sents []text.Sentence, ref time.Time, m *actor.Matcher) []record.Deadline {
	var x sent
	var out []record.Deadline
	var dateless []bool
	for _, s := range sents {
		if len(s.Text) > maxSentence {
			continue
		}
		var dl []bool
		out, dl = x.deadlines(out, text.Flat(s.Text), s.Index, ref, m)
		dateless = append(dateless, dl...)
	}
	return linkStatuses(out, dateless, ref)
}

// SentenceDeadlines returns the deadlines of one sentence; idx is its index
// in the article. A dateless status report is dated ref (see Deadlines).
func SentenceDeadlines(sentence string, idx int, ref time.Time, m *actor.Matcher) []record.Deadline {
	if len(sentence) > maxSentence {
		return nil
	}
	var x sent
	out, dl := x.deadlines(nil, text.Flat(sentence), idx, ref, m)
	return linkStatuses(out, dl, ref)
}

// cand is a deadline found at a trigger word, before it becomes a record.
type cand struct {
	kind, status string
	t            int       // the trigger token
	date         *dateSpan // the due date, or nil
	due, prec    string    // the due date when it comes from a duration
	what         string
	prio         int
}

// deadlines appends the deadlines of sentence s to out, and for each one
// whether it is a status report without a date of its own.
func (x *sent) deadlines(out []record.Deadline, s string, idx int, ref time.Time, m *actor.Matcher) ([]record.Deadline, []bool) {
	x.reset(s, ref)
	return x.readDeadlines(out, idx, m)
}

// readDeadlines is deadlines on a sentence already read into x.
func (x *sent) readDeadlines(out []record.Deadline, idx int, m *actor.Matcher) ([]record.Deadline, []bool) {
	s, ref := x.s, x.ref
	if !x.hasAny(deadlineTriggers) {
		return out, nil
	}
	x.resolve()
	cs := x.candidates()
	if len(cs) == 0 {
		return out, nil
	}
	var actors []record.Actor
	if m != nil {
		actors = x.actors(m, ref)
	}
	var dateless []bool
	for _, c := range cs {
		d := record.Deadline{
			Sentence: idx,
			Text:     s,
			Kind:     c.kind,
			What:     c.what,
			Actors:   actors,
			Status:   c.status,
		}
		switch {
		case c.date != nil:
			d.Due, d.Precision = c.date.Date, c.date.Precision
		case c.due != "":
			d.Due, d.Precision = c.due, c.prec
		}
		if d.Status == "" {
			d.Status = StatusOpen
			if !ref.IsZero() && periodEnd(d.Due, d.Precision).Before(day(ref)) {
				d.Status = StatusUnknown
			}
		}
		out = append(out, d)
		dateless = append(dateless, d.Due == "")
	}
	return out, dateless
}

// candidates finds the triggers of the sentence, gives each its date and
// What, and keeps one record per date, the most specific.
func (x *sent) candidates() []cand {
	var cs []cand
	for i := range x.toks {
		if x.toks[i].Kind != text.Word && x.toks[i].Kind != text.Clitic {
			continue
		}
		w := x.low[i]
		switch {
		case expiryVerbs[w] || runVerbs[w] && x.word(i+1) == "out" && x.word(i+2) != "of":
			cs = x.expiryVerb(cs, i)
		case expiryNouns[w]:
			cs = x.nounDeadline(cs, i, KindExpiry)
		case deadlineNouns[w] != "":
			cs = x.nounDeadline(cs, i, deadlineNouns[w])
		case giveVerbs[w] || w == "has" || w == "have" || w == "had":
			cs = x.ultimatum(cs, i)
		case scheduleWords[w]:
			cs = x.scheduledWord(cs, i)
		default:
			if scheduleVerbs[w] || strings.HasSuffix(w, "s") && scheduleVerbs[w[:len(w)-1]] {
				cs = x.scheduledVerb(cs, i)
			}
			if eventNouns[w] {
				cs = x.eventNoun(cs, i)
			}
		}
	}
	cs = x.modalDeadlines(cs)
	return x.dedupe(cs)
}

// dedupe keeps one candidate per date (the highest priority) and drops
// candidates whose trigger lies inside a kept one's What.
func (x *sent) dedupe(cs []cand) []cand {
	// "the deadline … for officials to resign lapsed": the lapse is the
	// deadline's, not an expiry of its own.
	for i := range cs {
		c := &cs[i]
		if c.kind != KindExpiry || c.status != StatusMet || !pastExpiry[x.low[c.t]] {
			continue
		}
		for j := range cs {
			o := &cs[j]
			if (o.kind == KindDeadline || o.kind == KindUltimatum) && o.status == "" && o.t < c.t && c.t-o.t <= 16 && !x.stopBetween(o.t, c.t) {
				o.status = StatusMissed
				c.what = ""
			}
		}
	}
	out := cs[:0]
	for i, c := range cs {
		keep := true
		for j, o := range cs {
			if i == j {
				continue
			}
			same := c.date != nil && c.date == o.date || c.date == nil && o.date == nil && c.due != "" && c.due == o.due ||
				c.date == nil && c.due == "" && o.date == nil && o.due == "" && c.status != "" && o.status != ""
			if same && (o.prio > c.prio || o.prio == c.prio && j < i) {
				keep = false
			}
		}
		if keep && c.what != "" {
			out = append(out, c)
		}
	}
	return out
}

// stopBetween reports whether a sentence-internal stop (";", ":") lies
// between tokens a and b.
func (x *sent) stopBetween(a, b int) bool {
	for k := a + 1; k < b; k++ {
		if t := x.toks[k].Text; t == ";" || t == ":" {
			return true
		}
	}
	return false
}

// actors returns the actors the sentence names, each once, without the
// agents ("troops", "ministry") that only qualify them.
func (x *sent) actors(m *actor.Matcher, ref time.Time) []record.Actor {
	words := make([]string, len(x.toks))
	for i, t := range x.toks {
		words[i] = t.Text
	}
	var out []record.Actor
	seen := map[string]bool{}
	for _, mt := range m.Match(words, ref) {
		if mt.Agent() || mt.Actor.Code == "" || strings.HasPrefix(mt.Actor.Code, "-") || strings.HasPrefix(mt.Actor.Code, "#") || strings.HasPrefix(mt.Actor.Code, "+") {
			continue
		}
		if seen[mt.Actor.Code] {
			continue
		}
		seen[mt.Actor.Code] = true
		out = append(out, record.Actor{
			Code:    mt.Actor.Code,
			Country: mt.Actor.Country,
			Name:    mt.Actor.Name,
			Text:    x.s[x.toks[mt.Start].Start:x.toks[mt.End-1].End],
			IGO:     mt.Actor.IGO,
		})
	}
	return out
}
