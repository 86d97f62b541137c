package fact

// The word lists the deadline reader looks for. All are lower case.

// expiryVerbs are the verbs of a thing running out; pastExpiry are their
// past forms, which report that it ran out.
var (
	expiryVerbs = set("expire", "expires", "expired", "expiring", "lapse", "lapses", "lapsed", "lapsing")
	pastExpiry  = set("expired", "lapsed", "ran", "elapsed")
	expiryNouns = set("expiry", "expiration")
	runVerbs    = set("run", "runs", "ran", "running")
)

// deadlineNouns name a deadline; the value is the kind of record.
var deadlineNouns = map[string]string{
	"deadline": "deadline", "deadlines": "deadline",
	"ultimatum": "ultimatum", "ultimatums": "ultimatum",
}

// passedWords after a deadline noun say it went by unmet.
var passedWords = set("passed", "expired", "lapsed", "elapsed", "ran", "came", "went", "expires", "passes")

// missWords before a deadline noun say it was missed; metWords that it was
// met.
var (
	missWords = set("missed", "ignored", "defied", "flouted", "disregarded", "breached")
	metWords  = set("met", "beat", "beaten", "meeting")
)

// extendWords move a deadline: the new date is the one after to/until.
var extendWords = set("extended", "extend", "extends", "extending", "postponed", "pushed", "moved", "deferred", "prolonged")

// cancelWords before or after a scheduled thing say it will not happen then.
var cancelWords = set("rescheduled", "postponed", "delayed", "cancelled", "canceled", "called", "put", "scrapped", "suspended", "deferred", "adjourned")

// giveVerbs open an ultimatum: "gave Russia 50 days".
var giveVerbs = set("gave", "give", "gives", "given", "giving", "granted", "grant", "grants", "allowed", "allow", "allows")

// durationUnits are the units of an ultimatum's time, in days (a month is
// handled as a calendar month).
var durationUnits = map[string]int{
	"day": 1, "days": 1, "week": 7, "weeks": 7, "hour": 0, "hours": 0, "month": 30, "months": 30,
}

// scheduleWords say a thing is planned for a date.
var scheduleWords = set("scheduled", "rescheduled", "slated", "set", "planned", "timetabled", "expected", "due")

// scheduleVerbs are the things that get scheduled: meetings, votes, visits,
// signings, rulings.
var scheduleVerbs = set(
	"meet", "vote", "convene", "reconvene", "hold", "visit", "travel", "sign", "resume",
	"decide", "rule", "debate", "discuss", "elect", "hear", "gather", "assemble", "fly",
	"arrive", "attend", "host", "announce", "testify", "address", "ratify", "negotiate",
	"talk", "confer",
)

// futureAux put a following verb in the future: "will meet", "to meet".
var futureAux = set("will", "would", "shall", "'ll", "to", "must", "should", "may", "might", "could", "can")

// eventNouns are scheduled happenings: "the summit on Friday".
var eventNouns = set(
	"talks", "meeting", "meetings", "summit", "summits", "vote", "votes", "voting", "election",
	"elections", "referendum", "hearing", "hearings", "session", "conference", "negotiations",
	"ballot", "poll", "trial", "visit", "ceremony", "auction", "signing", "inauguration",
	"debate", "parley", "round", "sitting", "plenary", "congress", "convention",
)

// modalWords before "by DATE" make it a deadline: "must reply by Friday".
var modalWords = set(
	"must", "should", "will", "would", "shall", "'ll", "need", "needs", "agreed", "pledged",
	"promised", "vowed", "demanded", "demands", "ordered", "required", "asked", "urged",
	"expects", "expected", "plans", "planned", "aims", "intends", "wants", "hopes",
	"told", "called", "committed", "obliged", "has", "have", "had", "until",
)

// remainVerbs with "until DATE" say a thing lasts until then: an expiry.
var remainVerbs = set("remain", "remains", "stay", "stays", "last", "lasts", "valid", "continue", "continues", "run", "runs", "force", "effect")

// auxWords may stand between a subject and the trigger verb.
var auxWords = set(
	"will", "would", "shall", "'ll", "is", "are", "was", "were", "be", "been", "being",
	"has", "have", "had", "to", "due", "set", "scheduled", "slated", "expected", "likely",
	"not", "also", "still", "already", "now", "then", "again", "originally", "initially",
	"formally", "officially", "tentatively", "just", "going", "planned", "supposed",
	"'s", "'re", "must", "should", "may", "might", "could", "can", "finally", "automatically",
)

// prepositions end an object phrase.
var prepositions = set(
	"in", "at", "on", "for", "to", "by", "until", "till", "from", "with", "of", "after",
	"before", "within", "during", "over", "under", "about", "into", "through", "between",
	"next", "this", "last", "around", "near", "ahead", "amid", "against", "without",
	"towards", "toward", "via", "per", "plus", "including", "excluding", "except", "like", "across",
	"behind", "beyond", "despite", "onto", "upon", "among", "alongside", "versus",
)

// priority orders record kinds sharing one date: the most specific wins.
var priority = map[string]int{"ultimatum": 4, "deadline": 3, "expiry": 2, "scheduled": 1}

// deadlineTriggers are the words without which a sentence holds no
// deadline: the first, cheap look.
var deadlineTriggers = func() map[string]bool {
	m := set("out", "by", "until", "till", "before", "within", "has", "have", "had")
	for w := range scheduleVerbs {
		m[w+"s"] = true
	}
	for _, l := range []map[string]bool{expiryVerbs, expiryNouns, giveVerbs, scheduleWords, scheduleVerbs, eventNouns} {
		for w := range l {
			m[w] = true
		}
	}
	for w := range deadlineNouns {
		m[w] = true
	}
	return m
}()
