package coder

import "strings"

// Inflect returns the forms of an English verb or verb phrase: the lemma,
// the third person ("-s"), the past and past participle ("-ed", or the
// irregular forms) and the "-ing" form, in that order and without repeats.
// A phrase inflects its first word: "pull out" → "pulls out", "pulled
// out", "pulling out".
func Inflect(lemma string) []string {
	first, rest, multi := strings.Cut(lemma, " ")
	var forms []string
	add := func(w string) {
		if multi {
			w += " " + rest
		}
		for _, f := range forms {
			if f == w {
				return
			}
		}
		forms = append(forms, w)
	}
	add(first)
	add(thirdPerson(first))
	if irr, ok := irregular[first]; ok {
		for _, w := range strings.FieldsFunc(irr, func(r rune) bool { return r == '|' || r == '/' }) {
			add(w)
		}
	} else {
		for _, w := range pastForms(first) {
			add(w)
		}
	}
	for _, w := range ingForms(first) {
		add(w)
	}
	return forms
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// thirdPerson: "meets", "pushes", "denies", "vetoes", "has".
func thirdPerson(w string) string {
	n := len(w)
	switch {
	case w == "have":
		return "has"
	case w == "be":
		return "is"
	case n == 0:
		return w
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case n >= 2 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	case n >= 2 && w[n-1] == 'o' && !isVowel(w[n-2]):
		return w + "es"
	}
	return w + "s"
}

// pastForms: "deployed", "agreed", "denied", "banned", "panicked", and both
// spellings where British English doubles a final l ("canceled",
// "cancelled").
func pastForms(w string) []string {
	n := len(w)
	switch {
	case n == 0:
		return nil
	case w[n-1] == 'e':
		return []string{w + "d"}
	case n >= 2 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return []string{w[:n-1] + "ied"}
	case strings.HasSuffix(w, "ic"):
		return []string{w + "ked"}
	}
	switch doubling(w) {
	case doubleAlways:
		return []string{w + w[n-1:] + "ed"}
	case doubleBritish:
		return []string{w + "ed", w + "led"}
	}
	return []string{w + "ed"}
}

// ingForms: "meeting", "making", "agreeing", "dying", "banning".
func ingForms(w string) []string {
	n := len(w)
	switch {
	case n == 0:
		return nil
	case strings.HasSuffix(w, "ie"):
		return []string{w[:n-2] + "ying"}
	case w[n-1] == 'e' && n > 2 && w[n-2] != 'e' && w[n-2] != 'o' && w[n-2] != 'y':
		return []string{w[:n-1] + "ing"}
	case strings.HasSuffix(w, "ic"):
		return []string{w + "king"}
	}
	switch doubling(w) {
	case doubleAlways:
		return []string{w + w[n-1:] + "ing"}
	case doubleBritish:
		return []string{w + "ing", w + "ling"}
	}
	return []string{w + "ing"}
}

type doubleKind uint8

const (
	doubleNever   doubleKind = iota
	doubleAlways             // "ban" → "banned", "admit" → "admitted"
	doubleBritish            // "cancel" → "canceled" and "cancelled"
)

// doubling says whether a verb doubles its final consonant before -ed and
// -ing. A one-syllable verb ending consonant–vowel–consonant does ("ban",
// "stop", "quit"); a longer one does when its last syllable is stressed,
// which spelling cannot tell, so those are listed; a longer one ending in
// a single vowel and l doubles in British spelling only.
func doubling(w string) doubleKind {
	n := len(w)
	if n < 3 {
		return doubleNever
	}
	last, mid, before := w[n-1], w[n-2], w[n-3]
	if isVowel(last) || last == 'w' || last == 'x' || last == 'y' || !isVowel(mid) {
		return doubleNever
	}
	// "qu" acts as a consonant: "quit" → "quitting", "equip" → "equipped".
	if isVowel(before) && !(before == 'u' && n >= 4 && w[n-4] == 'q') {
		return doubleNever
	}
	if stressedLast[w] {
		return doubleAlways
	}
	if syllables(w[:n-1]) <= 1 {
		return doubleAlways
	}
	if last == 'l' {
		return doubleBritish
	}
	return doubleNever
}

// syllables counts vowel groups, a rough syllable count that is enough to
// tell "ban" from "open".
func syllables(w string) int {
	n, in := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || (w[i] == 'y' && i > 0)
		if w[i] == 'u' && i > 0 && w[i-1] == 'q' {
			v = false
		}
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// stressedLast lists longer verbs stressed on the last syllable, which
// double their final consonant ("admitted", "deterred", "patrolled"), and
// a few that double anyway ("kidnapped", "worshipped").
var stressedLast = wordSet(`abet acquit admit annul appal commit compel concur confer control
	deter defer dispel embed emit enrol equip excel expel extol handicap incur infer
	kidnap occur omit outbid outstrip overlap overstep patrol permit prefer propel rebel recur
	refer regret remit repel submit transfer transmit unwrap worship`)

// irregular gives the past and past participle of irregular verbs news
// uses, "past|participle", with "/" between variants. "lie" and "wind" are
// left regular: news means "lied" and "winded", and "lay" and "wound" are
// verbs of their own.
var irregular = map[string]string{
	"arise": "arose|arisen", "awake": "awoke|awoken", "be": "was/were|been",
	"bear": "bore|borne/born", "beat": "beat|beaten", "become": "became|become",
	"begin": "began|begun", "bend": "bent|bent", "beset": "beset|beset", "bet": "bet|bet",
	"bid": "bid|bid", "bind": "bound|bound", "bite": "bit|bitten", "bleed": "bled|bled",
	"blow": "blew|blown", "break": "broke|broken", "breed": "bred|bred", "bring": "brought|brought",
	"broadcast": "broadcast|broadcast", "build": "built|built", "burn": "burned/burnt|burned/burnt",
	"burst": "burst|burst", "buy": "bought|bought", "cast": "cast|cast", "catch": "caught|caught",
	"choose": "chose|chosen", "cling": "clung|clung", "come": "came|come", "cost": "cost|cost",
	"creep": "crept|crept", "cut": "cut|cut", "deal": "dealt|dealt", "dig": "dug|dug",
	"do": "did|done", "draw": "drew|drawn", "dream": "dreamed/dreamt|dreamed/dreamt",
	"drink": "drank|drunk", "drive": "drove|driven", "eat": "ate|eaten", "fall": "fell|fallen",
	"feed": "fed|fed", "feel": "felt|felt", "fight": "fought|fought", "find": "found|found",
	"flee": "fled|fled", "fling": "flung|flung", "fly": "flew|flown", "forbid": "forbade|forbidden",
	"forecast": "forecast|forecast", "foresee": "foresaw|foreseen", "forget": "forgot|forgotten",
	"forgive": "forgave|forgiven", "forgo": "forwent|forgone", "forsake": "forsook|forsaken",
	"freeze": "froze|frozen", "get": "got|got/gotten", "give": "gave|given", "go": "went|gone",
	"grind": "ground|ground", "grow": "grew|grown", "hang": "hung/hanged|hung/hanged",
	"have": "had|had", "hear": "heard|heard", "hide": "hid|hidden", "hit": "hit|hit",
	"hold": "held|held", "hurt": "hurt|hurt", "keep": "kept|kept", "kneel": "knelt/kneeled|knelt/kneeled",
	"know": "knew|known", "lay": "laid|laid", "lead": "led|led", "lean": "leaned/leant|leaned/leant",
	"leap": "leapt/leaped|leapt/leaped", "learn": "learned/learnt|learned/learnt", "leave": "left|left",
	"lend": "lent|lent", "let": "let|let", "light": "lit/lighted|lit/lighted",
	"lose": "lost|lost", "make": "made|made", "mean": "meant|meant", "meet": "met|met",
	"mislead": "misled|misled", "mistake": "mistook|mistaken", "misunderstand": "misunderstood|misunderstood",
	"offset": "offset|offset", "outrun": "outran|outrun", "overcome": "overcame|overcome",
	"override": "overrode|overridden", "overrun": "overran|overrun", "oversee": "oversaw|overseen",
	"overtake": "overtook|overtaken", "overthrow": "overthrew|overthrown", "pay": "paid|paid",
	"prove": "proved|proved/proven", "put": "put|put", "quit": "quit/quitted|quit/quitted",
	"read": "read|read", "rebuild": "rebuilt|rebuilt", "recast": "recast|recast",
	"redo": "redid|redone", "rehear": "reheard|reheard", "repay": "repaid|repaid",
	"reset": "reset|reset", "retake": "retook|retaken", "rethink": "rethought|rethought",
	"rewrite": "rewrote|rewritten", "rid": "rid|rid", "ride": "rode|ridden", "ring": "rang|rung",
	"rise": "rose|risen", "run": "ran|run", "say": "said|said", "see": "saw|seen",
	"seek": "sought|sought", "sell": "sold|sold", "send": "sent|sent", "set": "set|set",
	"shake": "shook|shaken", "shed": "shed|shed", "shine": "shone|shone", "shoot": "shot|shot",
	"show": "showed|shown/showed", "shrink": "shrank|shrunk", "shut": "shut|shut",
	"sing": "sang|sung", "sink": "sank|sunk", "sit": "sat|sat", "slay": "slew|slain",
	"sleep": "slept|slept", "slide": "slid|slid", "slit": "slit|slit", "speak": "spoke|spoken",
	"speed": "sped/speeded|sped/speeded", "spend": "spent|spent", "spill": "spilled/spilt|spilled/spilt",
	"spin": "spun|spun", "spit": "spat|spat", "split": "split|split", "spoil": "spoiled/spoilt|spoiled/spoilt",
	"spread": "spread|spread", "spring": "sprang|sprung", "stand": "stood|stood",
	"steal": "stole|stolen", "stick": "stuck|stuck", "sting": "stung|stung", "stink": "stank|stunk",
	"stride": "strode|stridden", "strike": "struck|struck/stricken", "string": "strung|strung",
	"strive": "strove/strived|striven/strived", "swear": "swore|sworn", "sweep": "swept|swept",
	"swell": "swelled|swollen/swelled", "swim": "swam|swum", "swing": "swung|swung",
	"take": "took|taken", "teach": "taught|taught", "tear": "tore|torn", "tell": "told|told",
	"think": "thought|thought", "throw": "threw|thrown", "thrust": "thrust|thrust",
	"tread": "trod|trodden", "undercut": "undercut|undercut", "undergo": "underwent|undergone",
	"understand": "understood|understood", "undertake": "undertook|undertaken",
	"underwrite": "underwrote|underwritten", "undo": "undid|undone", "uphold": "upheld|upheld",
	"upset": "upset|upset", "wake": "woke|woken", "wear": "wore|worn", "weave": "wove|woven",
	"wed": "wed/wedded|wed/wedded", "weep": "wept|wept", "win": "won|won",
	"withdraw": "withdrew|withdrawn", "withhold": "withheld|withheld", "withstand": "withstood|withstood",
	"wring": "wrung|wrung", "write": "wrote|written",
}

// wordSet makes a set of the words in s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// nounPlural forms the plural of a noun phrase's last word, for PETRARCH
// synsets: "peacekeeper" → "peacekeepers", "currency" → "currencies".
func nounPlural(phrase string) string {
	n := len(phrase)
	switch {
	case n == 0:
		return phrase
	case strings.HasSuffix(phrase, "s"), strings.HasSuffix(phrase, "x"), strings.HasSuffix(phrase, "z"),
		strings.HasSuffix(phrase, "ch"), strings.HasSuffix(phrase, "sh"):
		return phrase + "es"
	case n >= 2 && phrase[n-1] == 'y' && !isVowel(phrase[n-2]):
		return phrase[:n-1] + "ies"
	}
	return phrase + "s"
}
