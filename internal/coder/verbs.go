package coder

import "strings"

// VerbDict is a verb-pattern dictionary: the verbs (and multi-word verb
// phrases) that signal events, each with a default CAMEO code and the
// patterns that refine it.
type VerbDict struct {
	Name  string
	Verbs []Verb
	// Style is the format the dictionary was read from: "" for sitrep's
	// own, StyleTABARI or StylePETRARCH. A coder built only from TABARI or
	// PETRARCH verb dictionaries codes as those coders do (see classic.go).
	Style string
}

// The styles of VerbDict.Style.
const (
	StyleTABARI   = "tabari"
	StylePETRARCH = "petrarch"
)

// Verb is one verb: every form it takes in text and its patterns.
type Verb struct {
	Lemma string // "meet", "pull out"
	// Forms are the inflected forms that trigger it, lower-case, words
	// separated by single spaces: "meet", "meets", "met", "meeting". Only
	// TABARI dictionaries, which match stems, have a word ending in "*":
	// it matches any word it begins ("accus*": accuse, accused, accusing).
	Forms []string
	// Code is the CAMEO code when no pattern matches; "" or "---" means
	// the verb codes nothing on its own (only its patterns do).
	Code string
	// Reverse, when set, codes a second event from the target back to the
	// source (TABARI and PETRARCH "[042:043]": "X visited Y" is also
	// "Y hosted X").
	Reverse  string
	Patterns []Pattern
	Source   string // "file:line" of the verb's entry
}

// Pattern refines a verb by the words around it. Elements are matched in
// order around the verb; see ElemKind.
type Pattern struct {
	Elems []Elem
	Code  string // CAMEO code; "---" means the pattern matches but codes nothing
	// Reverse, when set, codes a second event from the target back to the
	// source, as Verb.Reverse does.
	Reverse string
	Source  string // "file:line"
	Text    string // the pattern as written, for the event's rule
	// Chars is the pattern's length as TABARI measures it to order a
	// verb's patterns (letters, digits, "_" and "'", counting the longest
	// of each {…|…} group), and HasAlt says it has such a group; both are
	// zero for sitrep's own patterns.
	Chars  int
	HasAlt bool
	// Phrase marks the pattern that holds the rest of a multi-word TABARI
	// headword ("BRUSH ASIDE REPORTS"): TABARI matches it as one phrase of
	// the text, never across a comma.
	Phrase bool
}

// ElemKind is what one pattern element matches.
type ElemKind uint8

const (
	ElemWord   ElemKind = iota // a literal word (lower-case); Word ending in "*" matches any word it begins
	ElemVerb                   // the verb itself ("*" in the pattern text); exactly one per pattern
	ElemTarget                 // the target actor ("+")
	ElemSource                 // the source actor ("$")
	ElemAny                    // any one word ("_")
	ElemSkip                   // zero to a few words ("...")
	// ElemCompound is a compound actor ("%" in TABARI and PETRARCH
	// patterns: "Israel and Syria accused each other"); it matches only
	// "A and B", takes the place of the source before the verb and of the
	// target after it, and the event runs between the members.
	ElemCompound
)

// Elem is one pattern element.
type Elem struct {
	Kind ElemKind
	Word string // for ElemWord
	// Alts, for ElemWord, are alternatives to Word: the element matches
	// Word or any of them ("sanctions on|against +", a TABARI or PETRARCH
	// synset such as &CURRENCY). An alternative of several words separated
	// by spaces ("blue helmets") matches them on consecutive tokens. Word
	// itself may be such a phrase when it is the first alternative. Alts
	// slices are shared between patterns: read them, never change them.
	Alts []string
	// Tight, in TABARI and PETRARCH patterns, says the next element must
	// follow this one with no word between ("IN_*", "SUGGESTED_+"); without
	// it the classic matcher skips words to find the next element.
	Tight bool
}

// MatchAt reports how many tokens, from low[i] on, a word element matches:
// Word or the first of Alts that matches, compared word by word ("*" at
// the end of a word matches any token it begins); 0 means no match. low
// holds lower-case tokens.
func (e *Elem) MatchAt(low []string, i int) int {
	if n := phraseAt(e.Word, low, i); n > 0 {
		return n
	}
	for _, a := range e.Alts {
		if n := phraseAt(a, low, i); n > 0 {
			return n
		}
	}
	return 0
}

// phraseAt matches the space-separated words of phrase on low from i and
// returns how many tokens it took, or 0.
func phraseAt(phrase string, low []string, i int) int {
	n := 0
	for len(phrase) > 0 {
		w := phrase
		if k := strings.IndexByte(phrase, ' '); k >= 0 {
			w, phrase = phrase[:k], phrase[k+1:]
		} else {
			phrase = ""
		}
		if i+n >= len(low) {
			return 0
		}
		if k := len(w); k > 1 && w[k-1] == '*' {
			if !strings.HasPrefix(low[i+n], w[:k-1]) {
				return 0
			}
		} else if w != low[i+n] {
			return 0
		}
		n++
	}
	return n
}
