// Package record holds the records extractors produce and the store keeps:
// events, claims, deadlines and facts, shaped as the JSON contracts in
// DESIGN.md. It has no logic beyond the types, so every stage can share them.
package record

// Actor is a political actor as a sentence names it.
type Actor struct {
	Code    string `json:"code"`              // CAMEO-style: country or IGO code, then agent codes (RUSGOV)
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-3, or a CAMEO region code
	Name    string `json:"name,omitempty"`    // canonical name where the dictionary knows one
	Text    string `json:"text,omitempty"`    // the words in the sentence
	IGO     string `json:"igo,omitempty"`     // NATO, EU, … for intergovernmental bodies
}

// Location is where an event took place.
type Location struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// Rule says why an event was coded: the pattern and the dictionary line.
type Rule struct {
	Pattern string `json:"pattern"`
	Dict    string `json:"dict"`
}

// Event is who did what to whom, when and where.
type Event struct {
	ID            string    `json:"id"`
	ArticleID     string    `json:"article_id"`
	Sentence      int       `json:"sentence"`
	Text          string    `json:"text"`
	Date          string    `json:"date"`
	DatePrecision string    `json:"date_precision"`
	Source        *Actor    `json:"source"`
	Target        *Actor    `json:"target"`
	CAMEO         string    `json:"cameo"`
	Root          string    `json:"root"`
	Quad          int       `json:"quad"`
	Goldstein     float64   `json:"goldstein"`
	PLOVER        string    `json:"plover,omitempty"`
	Verb          string    `json:"verb,omitempty"`
	Location      *Location `json:"location"`
	Negated       bool      `json:"negated"`
	Hedged        bool      `json:"hedged"`
	Conditional   bool      `json:"conditional"`
	AttributedTo  *Actor    `json:"attributed_to"`
	Rule          *Rule     `json:"rule,omitempty"`
	// ExtID and SourceURL keep an imported event's own identity (GDELT's
	// GLOBALEVENTID and SOURCEURL).
	ExtID     string `json:"ext_id,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
	// Extra keeps fields of an imported format that the record has no
	// place for, by the format's own column names.
	Extra map[string]string `json:"extra,omitempty"`
}

// Claim is who said what, with its stance and the claim it denies.
type Claim struct {
	ID        string `json:"id"`
	ArticleID string `json:"article_id"`
	Sentence  int    `json:"sentence"`
	Speaker   *Actor `json:"speaker"`
	Kind      string `json:"kind"` // quote | reported
	Verb      string `json:"verb,omitempty"`
	Text      string `json:"text"`
	Stance    string `json:"stance"` // assert | deny | confirm | retract
	Hedged    bool   `json:"hedged"`
	Date      string `json:"date"`
	Denies    string `json:"denies"` // claim id, or "" (null in JSON contract)
}

// Deadline is something that falls due on a date.
type Deadline struct {
	ID        string  `json:"id"`
	ArticleID string  `json:"article_id"`
	Sentence  int     `json:"sentence"`
	Text      string  `json:"text,omitempty"`
	Due       string  `json:"due"`
	Precision string  `json:"precision"`
	Kind      string  `json:"kind"` // expiry | deadline | scheduled | ultimatum
	What      string  `json:"what"`
	Actors    []Actor `json:"actors"`
	Status    string  `json:"status,omitempty"` // open | met | missed | unknown
}

// Fact is a number the news reports: a market move, an amount, a count.
type Fact struct {
	ID        string  `json:"id"`
	ArticleID string  `json:"article_id"`
	Sentence  int     `json:"sentence"`
	Text      string  `json:"text,omitempty"`
	Kind      string  `json:"kind"` // market_move | amount | count | casualties
	Subject   string  `json:"subject"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Direction string  `json:"direction,omitempty"`
	Date      string  `json:"date"`
	Precision string  `json:"precision"`
}

// Records is everything extracted from one article; it is stored with the
// article in one transaction.
type Records struct {
	Events    []Event    `json:"events"`
	Claims    []Claim    `json:"claims"`
	Deadlines []Deadline `json:"deadlines"`
	Facts     []Fact     `json:"facts"`
}
