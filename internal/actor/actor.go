// Package actor owns actor dictionaries: who a phrase in the news names
// (a state, a region, an IGO, a government seen through its capital or its
// palace, a person in office) and which CAMEO-style code that is on a given
// date. It reads sitrep's own dictionary format and the field's TABARI and
// PETRARCH/Phoenix formats, and matches phrases over tokens with Matcher.
package actor

import (
	"strconv"
	"strings"
	"time"
)

// Actor is a coded actor as records carry it (see DESIGN.md): Code is
// CAMEO-style (a state, region or IGO code followed by agent codes), Country
// the ISO 3166-1 alpha-3 code of a state or the CAMEO region code, Name the
// canonical name, Text the words of the sentence, IGO the short name of an
// intergovernmental organisation ("NATO") where the actor is one.
type Actor struct {
	Code    string `json:"code"`
	Country string `json:"country"`
	Name    string `json:"name"`
	Text    string `json:"text,omitempty"`
	IGO     string `json:"igo,omitempty"`
}

// Kind says what a dictionary entry names.
type Kind uint8

// The kinds of entry. Entries read from TABARI and PETRARCH files are
// KindActor or KindAgent, as those formats do not say more.
const (
	KindActor  Kind = iota // a named actor: a metonym, a group, an outlet
	KindState              // a state or territory: Code is its ISO alpha-3 code
	KindRegion             // a CAMEO region such as EUR or WST
	KindIGO                // an intergovernmental organisation
	KindPerson             // a person, coded by dated roles
	KindAgent              // a common noun whose code joins an actor's: "troops" → MIL
)

var kindNames = [...]string{"actor", "state", "region", "igo", "person", "agent"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Special codes of the TABARI and PETRARCH formats, kept as they are so the
// coder can act on them.
const (
	CodeNull    = "---" // a phrase known not to be an actor
	CodeDiscard = "###" // discard the sentence
	CodeComplex = "+++" // the sentence is too complex to code
)

// Role is a code an entry holds for a time: a person is USAGOV while in
// office. From is the first day of the role, To the first day it no longer
// holds (the day a successor takes over); a zero From or To leaves that end
// open.
type Role struct {
	Code     string
	From, To time.Time
}

// Open reports whether the role has no dates at all.
func (r Role) Open() bool { return r.From.IsZero() && r.To.IsZero() }

// Covers reports whether the role holds on day t.
func (r Role) Covers(t time.Time) bool {
	if !r.From.IsZero() && t.Before(r.From) {
		return false
	}
	if !r.To.IsZero() && !t.Before(r.To) {
		return false
	}
	return true
}

// Phrase is one way of naming an entry. Text holds its words separated by
// single spaces, as the dictionary wrote them; a word ending in "*" matches
// any word it begins ("Argentin*" matches "Argentina" and "Argentine").
type Phrase struct {
	Text      string
	Adjective bool // an adjective or demonym: "Russian"
	Exact     bool // match letter case as written: "US", "IS", "AU"
	// NoEnding: the last word takes no plural or possessive ending
	// (TABARI's "MOUSE=").
	NoEnding bool
}

// Words returns the phrase's words.
func (p Phrase) Words() []string { return strings.Fields(p.Text) }

// Entry is one dictionary entry: the phrases that name an actor or agent,
// its default code and its dated roles.
type Entry struct {
	Kind    Kind
	Name    string   // canonical name: "Russia", "Vladimir Putin", "government"
	Code    string   // the code when no dated role holds; for agents the agent code ("GOV")
	Country string   // state or region code, where the dictionary says or the code shows it
	IGO     string   // short name of an IGO entry: "NATO"
	Capital string   // a state's capital city
	Phrases []Phrase // every phrase naming the entry, the canonical name first
	Roles   []Role   // dated roles, in the order the dictionary lists them
	// AgentFirst puts an agent's code before the actor's instead of after it
	// (TABARI's "[NGO~]").
	AgentFirst bool
	Source     string // "file:line" of the entry's first line
}

// CodeAt returns the entry's code on day t: the code of the first dated role
// that covers t, or else the default Code. A zero t ignores dated roles. An
// empty result means the entry names no actor on that day.
func (e *Entry) CodeAt(t time.Time) string {
	if !t.IsZero() {
		for _, r := range e.Roles {
			if !r.Open() && r.Covers(t) {
				return r.Code
			}
		}
	}
	return e.Code
}

// Dict is one dictionary: the entries read from one file or from several
// files of one format.
type Dict struct {
	Name    string // where it came from
	Entries []Entry
	// Nouns and Adjectives are the TABARI <NOUN> and <ADJECTIVE> word lists,
	// which mark words that may follow or precede an actor.
	Nouns, Adjectives []string
}

// Len returns the number of entries.
func (d *Dict) Len() int { return len(d.Entries) }

// Count returns how many entries are of kind k.
func (d *Dict) Count(k Kind) int {
	n := 0
	for i := range d.Entries {
		if d.Entries[i].Kind == k {
			n++
		}
	}
	return n
}

// Find returns the first entry of kind k whose canonical name is name
// (compared without regard to case), or nil.
func (d *Dict) Find(k Kind, name string) *Entry {
	for i := range d.Entries {
		e := &d.Entries[i]
		if e.Kind == k && strings.EqualFold(e.Name, name) {
			return e
		}
	}
	return nil
}

// Merge returns a dictionary holding the entries of all the given ones, in
// order; a Matcher built from it lets later entries override earlier ones.
func Merge(name string, dicts ...*Dict) *Dict {
	n := 0
	for _, d := range dicts {
		n += len(d.Entries)
	}
	out := &Dict{Name: name, Entries: make([]Entry, 0, n)}
	for _, d := range dicts {
		out.Entries = append(out.Entries, d.Entries...)
		out.Nouns = append(out.Nouns, d.Nouns...)
		out.Adjectives = append(out.Adjectives, d.Adjectives...)
	}
	return out
}

// WithAgent returns actor code joined with an agent's code: RUS and MIL give
// RUSMIL; an AgentFirst agent such as NGO goes in front. An actor that
// already ends in the agent code is left as it is.
func WithAgent(code string, agent *Entry) string {
	if agent == nil || agent.Code == "" {
		return code
	}
	if agent.AgentFirst {
		if strings.HasPrefix(code, agent.Code) {
			return code
		}
		return agent.Code + code
	}
	if strings.HasSuffix(code, agent.Code) && len(code) > len(agent.Code) {
		return code
	}
	return code + agent.Code
}
