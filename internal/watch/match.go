package watch

import (
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// actorIs reports whether a names code: its country, its IGO, or an actor
// code that starts with code (RUSGOV matches RUS and RUSGOV).
func actorIs(a *record.Actor, code string) bool {
	if a == nil || code == "" {
		return false
	}
	return a.Country == code || a.IGO == code || strings.HasPrefix(a.Code, code)
}

func actorIsAny(a *record.Actor, codes []string) bool {
	for _, c := range codes {
		if actorIs(a, c) {
			return true
		}
	}
	return false
}

// Matches reports whether the story fits the pattern.
func (m StoryMatch) Matches(s *record.Story) bool {
	if len(m.Actors) > 0 && !actorIsAny(s.Source, m.Actors) && !actorIsAny(s.Target, m.Actors) {
		return false
	}
	if len(m.Sources) > 0 && !actorIsAny(s.Source, m.Sources) {
		return false
	}
	if len(m.Targets) > 0 && !actorIsAny(s.Target, m.Targets) {
		return false
	}
	if !m.Dyad.IsZero() {
		a, b := m.Dyad.A, m.Dyad.B
		if !(actorIs(s.Source, a) && actorIs(s.Target, b)) && !(actorIs(s.Source, b) && actorIs(s.Target, a)) {
			return false
		}
	}
	if len(m.Codes) > 0 && !slices.ContainsFunc(m.Codes, func(c string) bool { return strings.HasPrefix(s.CAMEO, c) }) {
		return false
	}
	if len(m.Roots) > 0 && !slices.Contains(m.Roots, s.Root) {
		return false
	}
	if len(m.Quads) > 0 && !slices.Contains(m.Quads, s.Quad) {
		return false
	}
	if m.Goldstein != nil && !m.Goldstein.Holds(s.Goldstein) {
		return false
	}
	if len(m.Statuses) > 0 && !slices.Contains(m.Statuses, s.Status) {
		return false
	}
	if m.MinSources > 0 && s.Sources < m.MinSources {
		return false
	}
	if m.Keyword != "" && !containsPhrase(s.Text+" \n "+s.Label, m.Keyword) {
		return false
	}
	return true
}

// containsPhrase reports whether the words of phrase appear in order,
// side by side, in s, ignoring case and punctuation.
func containsPhrase(s, phrase string) bool {
	want := foldWords(phrase)
	if len(want) == 0 {
		return false
	}
	have := foldWords(s)
	for i := 0; i+len(want) <= len(have); i++ {
		if slices.Equal(have[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func foldWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && r != '\u2019' && r != '\u201c' && r != '\u201d')
	})
}

// mentions returns the countries (and IGOs) the matcher finds in s.
func mentions(m *actor.Matcher, s string, date time.Time) []string {
	if m == nil {
		return nil
	}
	toks := text.Tokens(s)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	var out []string
	for _, mt := range m.Match(words, date) {
		for _, c := range []string{mt.Actor.Country, mt.Actor.IGO} {
			if c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}
