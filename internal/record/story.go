package record

import "time"

// Story statuses: how sure the record is that a happening took place.
const (
	StatusCorroborated = "corroborated"  // two or more independent sources
	StatusSingle       = "single-source" // one independent source
	StatusDisputed     = "disputed"      // a party denies it
	StatusNegated      = "negated"       // reported as not having happened
	StatusHedged       = "hedged"        // only ever reported with hedging
)

// Story is one happening as many reports tell it: the events that report
// the same thing merged, with the articles and outlets behind them.
type Story struct {
	ID            string    `json:"id"`
	Date          string    `json:"date"`
	DatePrecision string    `json:"date_precision"`
	Source        *Actor    `json:"source"`
	Target        *Actor    `json:"target"`
	CAMEO         string    `json:"cameo"`
	Root          string    `json:"root"`
	Quad          int       `json:"quad"`
	Goldstein     float64   `json:"goldstein"`
	PLOVER        string    `json:"plover,omitempty"`
	Label         string    `json:"label"` // the CAMEO code's label
	Text          string    `json:"text"`  // the clearest reporting sentence
	Location      *Location `json:"location"`
	Status        string    `json:"status"`  // one of the Status constants
	Sources       int       `json:"sources"` // independent sources (wire copy counted once)
	Reports       int       `json:"reports"` // events merged into the story
	Outlets       []string  `json:"outlets"`
	FirstSeen     time.Time `json:"first_seen"` // when the earliest report was published or ingested
	UpdatedAt     time.Time `json:"updated_at"` // when the story last changed in the store
	// Articles and EventIDs are filled when one story is fetched whole
	// (GetStory) and may be left empty in lists.
	Articles []StoryArticle `json:"articles,omitempty"`
	EventIDs []string       `json:"events,omitempty"`
}

// StoryArticle is one report behind a story.
type StoryArticle struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Source   string `json:"source"` // outlet
	URL      string `json:"url,omitempty"`
	Date     string `json:"date"`
	Sentence int    `json:"sentence"`
	Text     string `json:"text"` // the sentence reporting the happening
	// Group numbers the independent source this report belongs to:
	// reports sharing a group are copies of the same wire text.
	Group int `json:"group"`
}
