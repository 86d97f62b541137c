package claim

import "strings"

// date is the date an attribution gives for the statement ("said on
// Friday"), else the article's date.
func (a *article) date(s *sent, r rng) string {
	a.analyse(s)
	for _, d := range s.dates {
		if boundPrep[d.Prep] {
			continue
		}
		for k := r.lo; k < r.hi && k < len(s.toks); k++ {
			t := s.toks[k]
			if t.Start >= d.Start && t.End <= d.End && !s.inQuote[k] {
				return d.Date
			}
		}
	}
	if a.ref.IsZero() {
		return ""
	}
	return a.ref.Format("2006-01-02")
}

var boundPrep = toSet("since until by within before after through")

// hedged reports hedging words in an attribution or reported clause,
// outside the quoted words: "reportedly", "sources said", "people familiar
// with the matter".
func (a *article) hedged(s *sent, r rng) bool {
	for k := r.lo; k < r.hi && k < len(s.low); k++ {
		if s.inQuote[k] {
			continue
		}
		w := s.low[k]
		switch {
		case hedgeWords[w]:
			return true
		case hedgeSubjects[w] && k+1 < len(s.low) && (reportVerbs[s.low[k+1]]):
			return true
		case (w == "familiar" || w == "knowledge") && k+1 < len(s.low) && (s.low[k+1] == "with" || s.low[k+1] == "of"):
			return true
		case w == "close" && k > 0 && k+1 < len(s.low) && s.low[k+1] == "to" && (s.low[k-1] == "sources" || s.low[k-1] == "source" || s.low[k-1] == "people"):
			return true
		case (w == "said" || w == "believed" || w == "thought" || w == "understood") && k > 0 && k+1 < len(s.low) && s.low[k+1] == "to" &&
			(s.low[k-1] == "is" || s.low[k-1] == "are" || s.low[k-1] == "was" || s.low[k-1] == "were"):
			return true
		case w == "according" && k+3 < len(s.low) && s.low[k+1] == "to" && (hedgeSubjects[s.low[k+2]] || hedgeSubjects[s.low[k+3]]):
			return true
		}
	}
	return false
}

var reportVerbs = toSet("suggest suggests suggested say says said claim claims claimed indicate indicates indicated allege alleged close familiar")

// dismissive reports words that dismiss what was said ("pure fiction",
// "these reports are false") in a statement of at most maxWords words.
func dismissive(s string, maxWords int) bool {
	n := 0
	found, ref := false, false
	for _, f := range strings.Fields(s) {
		w := strings.ToLower(strings.Trim(f, ".,;:!?\"“”‘’'()"))
		n++
		if denyWords[w] {
			found = true
		}
		// "These reports are false", "That is a lie": a claim noun, or a
		// demonstrative opening a short statement.
		if claimNouns[w] && (!demonstrative[w] || n == 1 && strings.Count(s, " ") < 8) {
			ref = true
		}
	}
	if !found {
		for _, p := range []string{"no truth", "not true", "no basis", "no evidence", "without foundation", "no foundation", "never happened", "did not happen", "didn't happen"} {
			if strings.Contains(strings.ToLower(s), p) {
				found, ref = true, true
				break
			}
		}
	}
	return found && (ref || n <= 8) && n <= maxWords
}
