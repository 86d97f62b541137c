package doc

import "strings"

// Positions a party can take on a point.
const (
	Supports      = "supports"
	Rejects       = "rejects"
	Conditional   = "conditional"
	DemandsChange = "demands_change"
)

// PositionLabel is a position in words for people ("demands change").
func PositionLabel(p string) string { return strings.ReplaceAll(p, "_", " ") }

// cue is a stance found in a sentence's words.
type cue struct {
	position string
	at       int    // index of the cue's first word
	text     string // the words that carry it
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	supportWords = wordSet(`support supports supported supporting back backs backed endorse endorses endorsed endorsing
		welcome welcomes welcomed welcoming accept accepts accepted accepting approve approves approved approving
		embrace embraces embraced agree agrees agreed favour favours favoured favor favors favored praise praises
		praised hail hails hailed sign signs`)
	rejectWords = wordSet(`reject rejects rejected rejecting oppose opposes opposed opposing unacceptable dismiss
		dismisses dismissed dismissing denounce denounces denounced condemn condemns condemned spurn spurns spurned
		repudiate repudiates repudiated veto vetoes vetoed vetoing slam slams slammed balk balks balked non-starter
		nonstarter capitulation`)
	rejectPhrases = [][]string{{"rule", "out"}, {"rules", "out"}, {"ruled", "out"}, {"red", "line"}, {"red", "lines"},
		{"pushed", "back"}, {"push", "back"}, {"pushes", "back"}, {"pushing", "back"}, {"hit", "back"}, {"hits", "back"},
		{"pushback"}, {"turned", "down"}, {"turns", "down"}, {"turn", "down"}}
	negators = wordSet(`not never no cannot can't won't wouldn't don't doesn't didn't isn't aren't refuse refuses
		refused refusing declined declines decline unwilling without nor`)
	// A cue after "to" states the party's own will only after these words
	// ("ready to sign"); otherwise it reports what someone is to do ("the
	// plan requires Ukraine to accept").
	willWords = wordSet(`ready willing prepared agreed agree agrees refused refuse refuses refusing declined decline
		declines vowed vow vows promised promise promises pledged pledge pledges want wants wanted intends intend
		intended plans plan planned expected likely unlikely set going able unable happy eager decided decide decides
		would will`)
	conditionPhrases = [][]string{{"only", "if"}, {"provided", "that"}, {"providing", "that"}, {"on", "condition"},
		{"on", "the", "condition"}, {"conditional", "on"}, {"conditioned", "on"}, {"as", "long", "as"}, {"so", "long", "as"},
		{"in", "exchange", "for"}, {"in", "return", "for"}, {"subject", "to"}, {"unless"}, {"only", "after"},
		{"only", "when"}, {"on", "the", "understanding"}, {"with", "conditions"}, {"with", "reservations"}}
	changeWords = wordSet(`change changes changed amendment amendments amend amended amending revision revisions revise
		revised rewrite rewritten rewriting redraft redrafted modification modifications modify modified reworded
		reword reworked rework removed remove removal dropped drop deleted delete struck strike strengthened strengthen
		softened soften tightened tighten scrapped scrap overhaul tweaks tweak`)
	demandWords = wordSet(`demand demands demanded demanding call calls called calling want wants wanted insist insists
		insisted insisting seek seeks sought seeking push pushes pushed pushing press presses pressed pressing urge urges
		urged urging must should needs need propose proposes proposed proposing submitted tabled insistence`)
	counterWords = wordSet(`counter-proposal counterproposal counter-proposals counterproposals counter-offer counteroffer
		counter-plan counterplan counter-draft`)
)

// findCue reads the stance a sentence's words take, if any. Demands for
// change win over a condition, a condition over a plain yes or no: "would
// support it only if…" is conditional, "rejects it and wants it rewritten"
// demands change. A negated yes is a no; a negated no says nothing.
func findCue(ws []string) (cue, bool) {
	var support, reject *cue
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if counterWords[w] {
			return cue{DemandsChange, i, w}, true
		}
		if changeWords[w] {
			for k := max(0, i-12); k < i; k++ {
				if demandWords[ws[k]] {
					return cue{DemandsChange, k, strings.Join(ws[k:i+1], " ")}, true
				}
			}
		}
		if reject == nil {
			if rejectWords[w] && !infinitive(ws, i) {
				if !negated(ws, i) {
					reject = &cue{Rejects, i, w}
				}
			} else if p := phraseAt(ws, i, rejectPhrases); p > 0 {
				reject = &cue{Rejects, i, strings.Join(ws[i:i+p], " ")}
			}
		}
		if support == nil && supportWords[w] && !infinitive(ws, i) && !nounUse(ws, i) {
			if negated(ws, i) {
				if reject == nil {
					k := negator(ws, i)
					reject = &cue{Rejects, k, strings.Join(ws[k:i+1], " ")}
				}
			} else {
				support = &cue{Supports, i, w}
			}
		}
	}
	base := reject
	if base == nil {
		base = support
	}
	if base == nil {
		return cue{}, false
	}
	for i := range ws {
		if p := phraseAt(ws, i, conditionPhrases); p > 0 {
			return cue{Conditional, base.at, base.text + " … " + strings.Join(ws[i:i+p], " ")}, true
		}
	}
	return *base, true
}

func phraseAt(ws []string, i int, phrases [][]string) int {
next:
	for _, p := range phrases {
		if i+len(p) > len(ws) {
			continue
		}
		for k, w := range p {
			if ws[i+k] != w {
				continue next
			}
		}
		return len(p)
	}
	return 0
}

// negated reports a negator among the three words before i.
func negated(ws []string, i int) bool { return negator(ws, i) >= 0 }

func negator(ws []string, i int) int {
	for k := i - 1; k >= max(0, i-3); k-- {
		if negators[ws[k]] {
			return k
		}
	}
	return -1
}

// infinitive reports a cue after "to" that is not the party's own will.
func infinitive(ws []string, i int) bool {
	if i == 0 || ws[i-1] != "to" {
		return false
	}
	return i < 2 || !willWords[ws[i-2]]
}

// nounUse reports support words used as nouns or in other senses: "the
// plan's backers", "back to", "at the back", "his support for".
func nounUse(ws []string, i int) bool {
	w := ws[i]
	next := ""
	if i+1 < len(ws) {
		next = ws[i+1]
	}
	prev := ""
	if i > 0 {
		prev = ws[i-1]
	}
	switch w {
	case "back":
		switch prev {
		case "the", "came", "come", "comes", "go", "goes", "went", "push", "pushed", "pushes", "pushing", "hit", "hits",
			"fell", "fall", "falls", "roll", "rolled", "step", "stepped", "bring", "brought", "get", "got", "changed", "way":
			return true
		}
		return next == "to" || next == "in" || next == "into" || next == "from" || next == "home" || next == "down"
	case "support", "praise", "sign", "signs", "favour", "favor", "welcome":
		if w == "support" && next == "for" {
			return false // "voiced its support for the plan"
		}
		// After an article or possessive the word is a noun ("the support of", "a sign that").
		switch prev {
		case "the", "a", "an", "its", "their", "his", "her", "our", "of", "for", "with", "military", "financial", "broad", "public":
			return true
		}
	}
	return false
}
