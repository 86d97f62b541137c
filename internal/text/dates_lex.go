package text

// kw names the words the date rules look for.
type kw uint8

const (
	kwNone kw = iota
	kwYesterday
	kwToday
	kwTonight
	kwTomorrow
	kwAgo
	kwLast
	kwNext
	kwThis
	kwPast
	kwComing
	kwEarlier
	kwLater
	kwEarly
	kwMid
	kwLate
	kwEnd
	kwBeginning
	kwDay
	kwWeek
	kwMonth
	kwYear
	kwWeekend
	kwNight
	kwPartOfDay
	kwThe
	kwOf
	kwA
	kwFew
	kwSeveral
	kwCouple
	kwNow
	kwFrom
	kwTime
	kwYearEnd
	kwMonthEnd
	kwBefore
	kwAfter
	// Prepositions that may stand before an expression; keep kwIn first.
	kwIn
	kwOn
	kwBy
	kwUntil
	kwSince
	kwDuring
	kwWithin
	kwThrough
	kwFor
	kwOver
	kwAt
	kwTo
	kwBetween
	kwAnd
)

// prepNames gives the Prep field for a preposition keyword.
var prepNames = map[kw]string{
	kwIn: "in", kwOn: "on", kwBy: "by", kwUntil: "until", kwSince: "since", kwDuring: "during",
	kwWithin: "within", kwThrough: "through", kwFor: "for", kwOver: "over", kwAt: "at", kwTo: "to",
	kwFrom: "from", kwBefore: "before", kwAfter: "after", kwBetween: "between",
}

// lexEntry is what the date rules know about a lower-cased word.
type lexEntry struct {
	kw     kw
	month  int8 // 1 … 12; only for a capitalised word
	mabbr  bool // the month is abbreviated ("Jan", "Sept")
	wday   int8 // 1 = Monday … 7 = Sunday; only for a capitalised word
	tense  int8 // tenseFuture or tensePast: a marker of the clause's tense
	report bool // a verb of saying, which often stands outside the clause it reports
	num    int16
}

var dateLex = func() map[string]lexEntry {
	m := map[string]lexEntry{}
	set := func(w string, f func(e *lexEntry)) {
		e, ok := m[w]
		if !ok {
			e.num = -1
		}
		f(&e)
		m[w] = e
	}
	for i, w := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		mo := int8(i + 1)
		set(w, func(e *lexEntry) { e.month = mo })
		if len(w) > 3 && w != "june" && w != "july" {
			set(w[:3], func(e *lexEntry) { e.month, e.mabbr = mo, true })
		}
	}
	set("sept", func(e *lexEntry) { e.month, e.mabbr = 9, true })
	for i, w := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		d := int8(i + 1)
		set(w, func(e *lexEntry) { e.wday = d })
	}
	kws := map[string]kw{
		"yesterday": kwYesterday, "today": kwToday, "tonight": kwTonight, "tomorrow": kwTomorrow,
		"ago": kwAgo, "last": kwLast, "next": kwNext, "this": kwThis, "past": kwPast,
		"coming": kwComing, "earlier": kwEarlier, "later": kwLater, "early": kwEarly, "mid": kwMid,
		"late": kwLate, "end": kwEnd, "beginning": kwBeginning, "start": kwBeginning,
		"day": kwDay, "days": kwDay, "week": kwWeek, "weeks": kwWeek, "month": kwMonth,
		"months": kwMonth, "year": kwYear, "years": kwYear, "weekend": kwWeekend, "night": kwNight,
		"morning": kwPartOfDay, "afternoon": kwPartOfDay, "evening": kwPartOfDay,
		"the": kwThe, "of": kwOf, "a": kwA, "an": kwA, "few": kwFew, "several": kwSeveral,
		"couple": kwCouple, "now": kwNow, "from": kwFrom, "time": kwTime, "year-end": kwYearEnd,
		"month-end": kwMonthEnd, "before": kwBefore, "after": kwAfter,
		"in": kwIn, "on": kwOn, "by": kwBy, "until": kwUntil, "till": kwUntil, "til": kwUntil,
		"since": kwSince, "during": kwDuring, "within": kwWithin, "through": kwThrough,
		"throughout": kwThrough, "for": kwFor, "over": kwOver, "at": kwAt, "to": kwTo,
		"between": kwBetween, "and": kwAnd,
	}
	for w, k := range kws {
		set(w, func(e *lexEntry) { e.kw = k })
	}
	for w, v := range unitWords {
		set(w, func(e *lexEntry) { e.num = int16(v) })
	}
	set("a", func(e *lexEntry) { e.num = 1 })
	set("an", func(e *lexEntry) { e.num = 1 })
	set("dozen", func(e *lexEntry) { e.num = 12 })
	set("hundred", func(e *lexEntry) { e.num = 100 })
	for _, w := range []string{"will", "'ll", "’ll", "shall", "would", "could", "might", "may",
		"scheduled", "slated", "due", "expected", "planned", "plans", "upcoming", "coming",
		"next", "tomorrow", "later", "expires", "expire", "begins", "starts", "opens", "ends",
		"intends", "aims", "hopes", "set", "proposed", "tentatively", "going", "must", "should"} {
		set(w, func(e *lexEntry) { e.tense = tenseFuture })
	}
	for _, w := range []string{"was", "were", "had", "did", "said", "told", "met", "held", "ago",
		"yesterday", "last", "earlier", "previously", "took", "came", "went", "made", "gave",
		"began", "left", "won", "lost", "fell", "rose", "hit", "struck", "saw", "got", "sent",
		"spoke", "wrote", "became", "brought", "found", "led", "kept", "paid", "sold", "bought",
		"shot", "ran", "broke", "knew", "thought", "meant", "chose", "flew", "drew", "grew",
		"ended", "has", "wasn't", "weren't", "didn't", "hadn't", "'ve", "’ve", "been", "seen", "done",
		"gone"} {
		set(w, func(e *lexEntry) { e.tense = tensePast })
	}
	// Present verbs end the search for a marker without a tense: "the
	// merger becomes effective April 14" is not past for a "said" further
	// off.
	for _, w := range []string{"is", "are", "becomes", "remains", "takes", "says", "say"} {
		set(w, func(e *lexEntry) { e.tense = tensePresent })
	}
	for _, w := range []string{"said", "told", "added", "noted", "stated", "says", "say", "reported", "announced"} {
		set(w, func(e *lexEntry) {
			e.report = true
			if e.tense == 0 {
				e.tense = tensePast
			}
		})
	}
	return m
}()

// lookupLex finds the entry for w compared without case; ok is false for
// words the date rules do not know.
func lookupLex(w string) (lexEntry, bool) {
	if len(w) > 12 || len(w) == 0 {
		return lexEntry{}, false
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	e, ok := dateLex[string(buf[:len(w)])]
	return e, ok
}
