package claim

import (
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/text"
)

// Roles of a quotation mark.
const (
	roleEither int8 = iota // a straight mark with no telling context
	roleOpen
	roleClose
)

// qspan is one quotation: from the token after its opening mark to its
// closing mark, possibly over several sentences and paragraphs.
type qspan struct {
	startSent, openTok int // the opening mark
	endSent, closeTok  int // the closing mark; closeTok is -1 when the quote was never closed
	single             bool
	cont               []int // sentences whose first token is a paragraph's continuation mark
}

// markRole tells an opening mark from a closing one by its glyph and by
// the characters beside it, so that misused curly marks ("”Hello,” he
// said") and straight marks still pair.
func markRole(s string, t text.Token) (role int8, double bool) {
	before, after := ' ', ' '
	if t.Start > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:t.Start])
	}
	if t.End < len(s) {
		after, _ = utf8.DecodeRuneInString(s[t.End:])
	}
	openCtx := opensBefore(before) && !closesAfter(after)
	closeCtx := !opensBefore(before) && closesAfter(after)
	switch t.Text {
	case "“", "„", "«":
		if closeCtx {
			return roleClose, true
		}
		return roleOpen, true
	case "”", "»":
		if openCtx {
			return roleOpen, true
		}
		return roleClose, true
	case "‘", "‚", "‹":
		if closeCtx {
			return roleClose, false
		}
		return roleOpen, false
	case "’", "›":
		if openCtx {
			return roleOpen, false
		}
		return roleClose, false
	}
	double = t.Text != "'"
	switch {
	case openCtx:
		return roleOpen, double
	case closeCtx:
		return roleClose, double
	}
	return roleEither, double
}

// opensBefore: a character after which a quotation may open.
func opensBefore(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', '“', '‘', '"', '\'', '«', '„':
		return true
	}
	return unicode.IsSpace(r)
}

// closesAfter: a character before which a quotation may close.
func closesAfter(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '”', '’', '"', '\'', '»':
		return true
	}
	return unicode.IsSpace(r)
}

// findQuotes pairs the quotation marks of an article. Double marks pair
// across sentences; a quote still open at the end of a paragraph goes on
// when the next paragraph opens with a mark (the news convention for a
// quote of several paragraphs) and ends there otherwise. Single marks pair
// only within one sentence and outside double quotes.
func findQuotes(ss []*sent) []qspan {
	var spans []qspan
	cur := -1 // index in spans of the open double quote
	for si, s := range ss {
		if cur >= 0 && s.paraStart {
			sp := &spans[cur]
			if k := firstMark(s); k >= 0 && s.role[k] != roleClose && s.double[k] {
				sp.cont = append(sp.cont, si)
				s.contTok = k
			} else {
				// Unclosed at the paragraph's end.
				sp.endSent, sp.closeTok = si-1, -1
				cur = -1
			}
		}
		for k, t := range s.toks {
			if t.Kind != text.Quote || !s.double[k] || k == s.contTok {
				continue
			}
			r := s.role[k]
			switch {
			case cur < 0 && r != roleClose:
				spans = append(spans, qspan{startSent: si, openTok: k, endSent: -1, closeTok: -1})
				cur = len(spans) - 1
			case cur < 0:
				// A closing mark with nothing open: the quote began before
				// the text we have, or the mark is stray.
			case r != roleOpen:
				spans[cur].endSent, spans[cur].closeTok = si, k
				cur = -1
			default:
				// An opening mark while one is open: the first was never
				// closed. End it here and start again.
				spans[cur].endSent, spans[cur].closeTok = si, -1
				if k == 0 && si > 0 {
					spans[cur].endSent = si - 1
				}
				spans = append(spans, qspan{startSent: si, openTok: k, endSent: -1, closeTok: -1})
				cur = len(spans) - 1
			}
		}
	}
	if cur >= 0 {
		spans[cur].endSent, spans[cur].closeTok = len(ss)-1, -1
	}
	// A quotation never closed but followed, in its first sentence, by an
	// attribution ("We will fight on, Zelensky said.") lost its closing
	// mark before the comma.
	for i := range spans {
		if sp := &spans[i]; sp.closeTok < 0 {
			if c := attributionComma(ss[sp.startSent], sp.openTok+1); c >= 0 {
				sp.endSent, sp.closeTok = sp.startSent, c
			}
		}
	}
	// Mark what lies inside double quotes, then pair single marks outside.
	for i := range spans {
		markInside(ss, &spans[i])
	}
	var out []qspan
	d := 0
	for si, s := range ss {
		for d < len(spans) && spans[d].startSent < si {
			out = append(out, spans[d])
			d++
		}
		open := -1
		for k, t := range s.toks {
			if t.Kind != text.Quote || s.double[k] || s.inQuote[k] {
				continue
			}
			r := s.role[k]
			switch {
			case open < 0 && r == roleOpen:
				open = k
			case open >= 0 && r != roleOpen:
				sp := qspan{startSent: si, openTok: open, endSent: si, closeTok: k, single: true}
				markInside(ss, &sp)
				out = append(out, sp)
				open = -1
			case r == roleOpen:
				open = k
			}
		}
	}
	out = append(out, spans[d:]...)
	sortSpans(out)
	return out
}

// attributionComma finds, from token k on, a comma followed by a short
// subject and a verb of saying, or by the verb and a name; -1 if none.
func attributionComma(s *sent, k int) int {
	for c := k; c < len(s.toks); c++ {
		if s.toks[c].Kind == text.Quote {
			return -1
		}
		if s.low[c] != "," {
			continue
		}
		for j := c + 1; j < len(s.toks) && j <= c+5; j++ {
			t := s.toks[j]
			if v, ok := verbs[s.low[j]]; ok && !v.noun && !v.ing && (v.class == vSay || v.class == vQuote || v.class == vTell) {
				if j == c+1 && (j+1 >= len(s.toks) || !isCapital(s.toks[j+1].Text)) {
					break // "…, said the …" needs a name after it here
				}
				return c
			}
			if t.Kind != text.Word || !isCapital(t.Text) && !pronouns[s.low[j]] && s.low[j] != "the" && !preVerb[s.low[j]] {
				break
			}
		}
	}
	return -1
}

// sortSpans orders spans by where they open (insertion sort: few spans,
// nearly in order already).
func sortSpans(sp []qspan) {
	for i := 1; i < len(sp); i++ {
		for j := i; j > 0 && before(sp[j], sp[j-1]); j-- {
			sp[j], sp[j-1] = sp[j-1], sp[j]
		}
	}
}

func before(a, b qspan) bool {
	if a.startSent != b.startSent {
		return a.startSent < b.startSent
	}
	return a.openTok < b.openTok
}

// firstMark returns the index of the sentence's first token when it is a
// quotation mark, else -1.
func firstMark(s *sent) int {
	if len(s.toks) > 0 && s.toks[0].Kind == text.Quote {
		return 0
	}
	return -1
}

// markInside flags the tokens inside a quote.
func markInside(ss []*sent, sp *qspan) {
	for si := sp.startSent; si <= sp.endSent && si < len(ss); si++ {
		s := ss[si]
		from, to := 0, len(s.toks)
		if si == sp.startSent {
			from = sp.openTok + 1
		}
		if si == sp.endSent && sp.closeTok >= 0 {
			to = sp.closeTok
		}
		for k := from; k < to; k++ {
			s.inQuote[k] = true
		}
	}
}
