// Package claim finds who said what in an article: direct quotations and
// reported speech, each with its speaker resolved to an actor, the verb of
// saying, the date of the statement, a stance and a hedge flag; and it links
// a denial to the claim it denies. It is pure logic: sentences and the
// article's date in, records out, no clock.
//
// # What it reads
//
// Direct quotations, in straight or curly marks (and « », „ “): `"…,"
// Putin said`, `"…", said Peskov`, `Trump told reporters: "…"`, `Putin:
// "…"`, a quotation over several sentences (one claim, at the sentence
// where it opens), a quotation continued into the next paragraph by an
// opening mark (the news convention), `"…," he said, "…"` (one claim), and a
// quotation opening a sentence just after a claim (`"…," he said. "…"`),
// which takes that claim's speaker. Short quotations no attribution claims
// (scare quotes, titles) make no claim.
//
// Reported speech: `X said (that) …`, `X told Y (that) …`, `…, X said.`,
// `…, said X.`, `The plan, X said, will fail.`, `according to X, …`, `X's
// book claimed …`, `X accused Y of …`, `X denied …`, `X called the report
// "pure fiction"`, and a participle hanging on a clause (`…, adding that …`).
// Verbs that take an event as well as speech ("announced", "declared",
// "wrote") count only with "that" or a clause; "rejected", "dismissed" and
// "withdrew" only with a claim as their object; "called" only with a
// quotation or a dismissive word. A negated, passive or infinitive verb
// ("did not say", "was said to", "declined to say") makes no claim.
//
// # Speakers
//
// The speaker is the subject of the verb of saying (or the phrase after
// "said" or "according to"): the last name in it, a dictionary actor (with
// its agents: "Russia's foreign ministry" is RUSGOV), the possessor of a
// document ("Bob Woodward's 2024 book War" is Bob Woodward), the name in an
// appositive ("the Kremlin's spokesman, Dmitry Peskov"). A relation of a
// named owner ("Putin's spokesman", "Gordon Brown's closest ally") speaks
// with the owner's code and its own words, but not the owner's name. A name the
// dictionary does not know still makes a speaker: Name is the name
// ("analyst Jane Smith" → "Jane Smith"), Code the code of a state or agent
// beside it ("Ukrainian adviser …" → UKR) or empty. A phrase that names no
// one ("officials", "a police spokesman", "people familiar with the matter")
// gives a speaker with Text only, and the agent's code where there is one
// (GOV). He, she, it and they resolve to the last speaker of the right sort,
// unless a sentence since names another person (or body), when the first
// one it names stands; "the company", "the minister", "the paper" resolve to
// the last speaker they describe. A resolved pronoun keeps its own words as
// Text ("he") and takes the antecedent's Name and Code. Where nothing
// resolves, the speaker is the pronoun alone, never nil.
//
// # Stance and hedges
//
// Deny: denied, rejected, dismissed, refuted, disputed, "called … fiction"
// (or fake, lies, baseless, untrue, nonsense …), "no truth", and a short
// statement that dismisses something said ("These reports are false").
// Confirm: confirmed, acknowledged, admitted, conceded. Retract: retracted,
// withdrew (a claim), walked back, recanted. Else assert. Hedged: allegedly,
// reportedly, leaked, unnamed or anonymous sources, "people familiar with",
// "sources close to", "reports suggest", "is said to", in the attribution
// (not inside the quoted words).
//
// # Dates
//
// A claim's Date is the date its attribution gives ("said on Friday",
// resolved against the article's date), else the article's date, else "".
//
// # IDs and denial links: a convention the store must follow
//
// Extract leaves Claim.ID empty; the store's PrepareRecords names a claim
// articleID + "-c" + its index in the slice. A denial whose object is an
// earlier claim of the same article gets Denies = "#<index>", the index in
// the same slice of the claim it denies ("#0" for the first). The store must
// rewrite "#<index>" to the stored ID of that claim (articleID + "-c" +
// index) when it stores the article; any other value of Denies is already a
// claim ID. Within an article a denial links to the earlier claim of another
// speaker, not itself a denial nor made by someone who had just denied
// something, that best matches it: shared content words, plus a bonus for a
// denial that refers back ("the report", "that", "these claims") that fades
// with the distance in sentences, plus a bonus when the denial names the
// claim's speaker; nothing links below a score of 0.1.
//
// # Across articles
//
// Match(a, b) scores two claims from 0 to 1:
//
//	0.6 × wording  Jaccard of their content words (lower case, folded, no
//	               stop words, verbs of saying or dismissive words, plural -s off)
//	0.25 × subject Jaccard of the actors their words name (dictionary country
//	               codes, else capitalised words); the wording again when
//	               neither names one
//	0.15 × speaker 1 when both speakers are the same actor
//
// The store links a new denial to the stored claim of another speaker with
// the highest Match of at least DenialLink (0.3); two claims of the same
// speaker with a Match of at least SameClaim (0.5) are one claim reported
// again. Claims whose words are a bare "pure fiction" cannot link across
// articles; the link within their own article is the one to keep.
package claim
