package claim

import "strings"

// Stances a claim can take.
const (
	StanceAssert  = "assert"
	StanceDeny    = "deny"
	StanceConfirm = "confirm"
	StanceRetract = "retract"
)

// Kinds of claim.
const (
	KindQuote    = "quote"
	KindReported = "reported"
)

// verbClass says what a verb of saying needs around it to make a claim.
type verbClass uint8

const (
	vSay    verbClass = iota // said, claimed, insisted: a clause or a quote follows
	vTell                    // told, assured: a hearer, then the clause
	vThat                    // announced, revealed: only with "that" (else it is an event)
	vQuote                   // asked, replied, continued: only beside a direct quote
	vCall                    // called: only with a quoted or dismissive complement
	vObject                  // rejected, dismissed, withdrew: only when the object is a claim
	vAccuse                  // accused Y of …
	vDeny                    // denied: with "that", a claim as object, or a gerund ("denied having")
)

// verb is one form of a verb of saying.
type verb struct {
	stance string
	class  verbClass
	ing    bool // a participle that takes its subject from the main clause: "adding", "saying"
	noun   bool // the form is also a plural noun ("claims", "reports"): a determiner before it makes it one
}

// verbs maps a lower-case form to what it does.
var verbs = map[string]verb{}

func addVerbs(stance string, class verbClass, forms string) {
	for _, f := range strings.Fields(forms) {
		v := verb{stance: stance, class: class}
		if strings.HasSuffix(f, "ing") {
			v.ing = true
		}
		verbs[f] = v
	}
}

func init() {
	addVerbs(StanceAssert, vSay, "said says say saying added adds adding insisted insists insisting insist "+
		"claimed claims claiming claim alleged alleges alleging allege warned warns warning warn "+
		"argued argues arguing argue asserted asserts asserting contended contends countered counters "+
		"complained complains cautioned cautions joked quipped boasted remarked commented confided confides "+
		"confessed confesses "+
		"acknowledging confirming")
	addVerbs(StanceAssert, vThat, "stated noted notes noting explained explains explaining declared declares "+
		"stressed stresses stressing emphasised emphasized emphasises emphasizes wrote writes writing tweeted tweets "+
		"maintained maintains observed reiterated reiterates recalled recalls states")
	addVerbs(StanceAssert, vTell, "told tells tell telling assured assures informed reminded")
	addVerbs(StanceAssert, vThat, "announced announces revealed reveals disclosed predicted predicts suggested suggests "+
		"concluded concludes testified charged reported reports reporting estimated believes cited cites")
	addVerbs(StanceAssert, vQuote, "asked asks replied replies responded responds answered answers continued continues "+
		"shouted yelled posted read reads quoted chimed exclaimed whispered cried interjected interrupted "+
		"rejoined retorted snapped mused laughed sighed pressed persisted offered agreed wondered recounted "+
		"ventured protested objected")
	addVerbs(StanceAssert, vCall, "called calls calling brands branded branding labelled labeled described describes")
	addVerbs(StanceAssert, vAccuse, "accused accuses accuse accusing")
	addVerbs(StanceDeny, vDeny, "denied denies deny denying refuted refutes refute")
	addVerbs(StanceDeny, vObject, "rejected rejects reject rejecting dismissed dismisses dismiss dismissing disputed disputes dispute")
	addVerbs(StanceConfirm, vSay, "confirmed confirms confirm acknowledged acknowledges acknowledge admitted admits admit conceded concedes concede")
	addVerbs(StanceRetract, vSay, "retracted retracts recanted backtracked")
	addVerbs(StanceRetract, vObject, "withdrew withdraws")
	for _, f := range strings.Fields("claims reports notes tweets counters calls answers replies reads denies warning " +
		"claim dispute tell states") {
		if v, ok := verbs[f]; ok {
			v.noun = true
			verbs[f] = v
		}
	}
	verbs["acknowledging"] = verb{stance: StanceConfirm, class: vSay, ing: true}
	verbs["confirming"] = verb{stance: StanceConfirm, class: vSay, ing: true}
}

// claimNouns are objects that make "rejected", "dismissed", "withdrew" and
// "called" speech about a claim.
var claimNouns = toSet("report reports claim claims allegation allegations accusation accusations charge charges " +
	"suggestion suggestions story stories rumour rumours rumor rumors assertion assertions idea notion statement " +
	"statements remark remarks comment comments criticism account accounts version speculation article articles " +
	"information news findings conclusion conclusions it that this these those them")

// denyObjects after "denied" make it a denial of something said or done.
var denyObjects = toSet("involvement wrongdoing responsibility role knowledge link links connection connections " +
	"part participation any allegation allegations accusation accusations charge charges claim claims report reports " +
	"reporting rumours rumors story stories that it this these those them having being ever guilt culpability " +
	"plans plan intention intentions existence")

// denyWords make a statement a denial when it is about something said:
// "called the report pure fiction", "these reports are false".
var denyWords = toSet("fiction fictional fake lie lies lying untrue false falsehood falsehoods baseless groundless " +
	"unfounded nonsense absurd absurdity rubbish fabrication fabrications fabricated invented made-up hoax " +
	"slander slanderous libel libellous libelous disinformation misinformation ridiculous bogus inaccurate incorrect")

// hedgeWords flag a second-hand or unconfirmed report.
var hedgeWords = toSet("allegedly reportedly purportedly supposedly apparently unconfirmed unverified leaked leak " +
	"anonymity anonymous unnamed rumour rumours rumor rumors rumoured rumored")

// reporting are words before "suggest", "say" or "said" that make a hedge
// of their own: "reports suggest", "sources said".
var hedgeSubjects = toSet("reports report sources source insiders")

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
