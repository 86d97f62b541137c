package coder

import (
	"errors"
	"io"
	"strings"
)

// LoadDiscards reads a PETRARCH discard list (PETR.Validate.discards.txt,
// Phoenix.discards.txt): one phrase a line, "#" comments; a leading "+"
// marks a phrase that discards the whole story rather than the sentence,
// which for a coder given sentences one at a time is the same. The
// phrases are returned lower-case, words separated by single spaces.
func LoadDiscards(r io.Reader, name string) ([]string, error) {
	var out []string
	ps := &problems{file: name}
	eachLine(r, ps, func(n int, line string) bool {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "+"))
		if line == "" {
			return false
		}
		words := strings.Fields(strings.ToLower(strings.ReplaceAll(line, "_", " ")))
		if len(words) == 0 {
			return ps.add(n, errors.New("discard phrase has no words"))
		}
		out = append(out, strings.Join(words, " "))
		return false
	})
	return out, ps.err()
}

// discarded reports whether one of the phrases occurs in the words (lower
// case), word for word.
func discarded(phrases []string, low []string) bool {
	for _, ph := range phrases {
		for i := range low {
			if phraseAt(ph, low, i) > 0 {
				return true
			}
		}
	}
	return false
}
