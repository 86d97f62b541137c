package claim

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Thresholds on Match, for the store.
const (
	// DenialLink is the least Match at which a denial links to a claim
	// stored from an earlier article.
	DenialLink = 0.3
	// SameClaim is the least Match at which two claims of the same speaker
	// are the one claim reported again.
	SameClaim = 0.5
)

// linkDenials points each denial at the earlier claim of the article it
// denies: the claim of another speaker that shares most words with the
// denial, the sentence before it counting for a denial that refers back
// ("called that pure fiction", "denied the report").
func (a *article) linkDenials(cs []record.Claim) {
	var sets [][]string
	for i := range cs {
		if cs[i].Stance != StanceDeny {
			continue
		}
		if sets == nil {
			sets = make([][]string, len(cs))
			for j := range cs {
				sets[j] = contentWords(cs[j].Text)
			}
		}
		d := &a.drafts[i]
		refers := refersBack(a.ss[d.attSent], d)
		spSent := a.ss[d.attSent]
		best, bestScore := -1, 0.0
		for j := i - 1; j >= 0 && j >= i-50; j-- {
			c := &cs[j]
			if c.Stance == StanceDeny || sameSpeaker(c.Speaker, cs[i].Speaker) || deniedBefore(cs, j) {
				continue
			}
			score := text.Jaccard(sets[i], sets[j])
			if refers {
				dist := d.sent - a.drafts[j].lastSent
				if dist < 0 {
					dist = 0
				}
				score += 0.3 / (1 + 0.5*float64(dist))
			}
			if c.Speaker != nil && c.Speaker.Name != "" && mentions(spSent, c.Speaker.Name) {
				score += 0.3
			}
			if score > bestScore {
				best, bestScore = j, score
			}
		}
		if best >= 0 && bestScore >= 0.1 {
			cs[i].Denies = "#" + strconv.Itoa(best)
		}
	}
}

// deniedBefore: the speaker of claim j had denied something before it,
// so j stands on the denying side ("Peskov called the claim fiction and
// said the men had not spoken").
func deniedBefore(cs []record.Claim, j int) bool {
	for k := j - 1; k >= 0 && k >= j-10; k-- {
		if cs[k].Stance == StanceDeny && cs[k].Denies != "" && sameSpeaker(cs[k].Speaker, cs[j].Speaker) {
			return true
		}
	}
	return false
}

// refersBack: the denial's object is something said before ("that", "the
// report", "these claims").
func refersBack(s *sent, d *draft) bool {
	lo, hi := 0, len(s.toks)
	if d.attVerb >= 0 {
		lo, hi = d.attVerb+1, min(d.attVerb+6, len(s.toks))
	}
	for k := lo; k < hi; k++ {
		if claimNouns[s.low[k]] {
			return true
		}
	}
	for _, w := range strings.Fields(strings.ToLower(d.text)) {
		if claimNouns[strings.Trim(w, ".,;:!?\"“”'‘’")] {
			return true
		}
	}
	return false
}

// mentions reports whether the sentence names a speaker (by surname).
func mentions(s *sent, name string) bool {
	w := strings.ToLower(lastWord(name))
	for k, l := range s.low {
		if l == w && !s.inQuote[k] {
			return true
		}
	}
	return false
}

func sameSpeaker(a, b *record.Actor) bool {
	if a == nil || b == nil {
		return false
	}
	if a.Name != "" || b.Name != "" {
		return sameActor(a.Name, a.Code, b.Name, b.Code)
	}
	return a.Code == b.Code && strings.EqualFold(a.Text, b.Text)
}

// Match scores how far two claims are the same statement, from 0 to 1:
//
//	0.6 × wording  (Jaccard of the content words of their Text)
//	0.25 × subject (Jaccard of the actors their Text names, by code or name)
//	0.15 × speaker (1 when the speakers are the same actor)
//
// A denial in a later article links to the stored claim, of another
// speaker, with the highest Match of at least DenialLink; two claims of
// the same speaker with a Match of at least SameClaim are one claim
// reported twice.
func Match(a, b record.Claim) float64 {
	wa, wb := contentWords(a.Text), contentWords(b.Text)
	score := 0.6 * text.Jaccard(wa, wb)
	aa, ab := textActors(a.Text), textActors(b.Text)
	if len(aa) > 0 || len(ab) > 0 {
		score += 0.25 * text.Jaccard(aa, ab)
	} else {
		// No actors to compare: the wording stands for them.
		score += 0.25 * text.Jaccard(wa, wb)
	}
	if sameSpeaker(a.Speaker, b.Speaker) {
		score += 0.15
	}
	return score
}

// textActors returns the sorted, distinct actors a claim's words name:
// dictionary codes, else capitalised names.
func textActors(s string) []string {
	toks := text.Tokens(s)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	var out []string
	covered := make([]bool, len(toks))
	for _, m := range actor.DefaultMatcher().Match(words, time.Time{}) {
		if m.Agent() || m.Actor.Code == "" || strings.HasPrefix(m.Actor.Code, "---") {
			continue
		}
		c := m.Actor.Code
		if len(c) > 3 {
			c = c[:3]
		}
		out = append(out, c)
		for k := m.Start; k < m.End; k++ {
			covered[k] = true
		}
	}
	for i, t := range toks {
		if !covered[i] && t.Kind == text.Word && i > 0 && isCapital(t.Text) && !nameStop[strings.ToLower(t.Text)] {
			out = append(out, strings.ToLower(t.Text))
		}
	}
	return sortUniq(out)
}

// contentWords returns the sorted, distinct content words of s: lower
// case, without stop words, verbs of saying and a plural "s".
func contentWords(s string) []string {
	var out []string
	for _, t := range text.Tokens(s) {
		if t.Kind != text.Word && t.Kind != text.Number {
			continue
		}
		w := actor.Fold(t.Text)
		if len(w) < 2 || stopWords[w] || denyWords[w] {
			continue
		}
		if v, ok := verbs[w]; ok && !v.noun {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return sortUniq(out)
}

func sortUniq(s []string) []string {
	if len(s) < 2 {
		return s
	}
	// Insertion sort: claims have few words.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	out := s[:1]
	for _, w := range s[1:] {
		if w != out[len(out)-1] {
			out = append(out, w)
		}
	}
	return out
}

var stopWords = toSet("the a an and or but of to in on at for from by with about as into over after before " +
	"is are was were be been being has have had do does did will would can could should may might must shall " +
	"that this these those it its it's he she they them his her their we our us i me my you your " +
	"not no nor so than then there here what which who whom whose when where why how all any both each " +
	"few more most other some such only own same too very just also again further once up down out off " +
	"if because while until against between through during above below under since without within " +
	"one two three mr mrs ms dr pure absolutely completely totally utterly")
