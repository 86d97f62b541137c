package story

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// Signature is a MinHash sketch of a text's five-word shingles: the share
// of positions two signatures agree on estimates the Jaccard similarity of
// their shingle sets, which is near 1 for wire copy republished with small
// edits and near 0 for two reporters' own words about the same happening.
type Signature [sigSize]uint32

const (
	sigSize     = 64
	shingleSize = 5
	// NearDuplicate is the estimated shingle similarity from which two
	// articles count as one source.
	NearDuplicate = 0.5
)

// seeds are fixed, so signatures stored or computed at different times
// compare.
var seeds = func() (s [sigSize]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x = splitmix(x)
		s[i] = x
	}
	return s
}()

func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// Sign computes the signature of a text; a text without words has the
// zero signature, which matches nothing.
func Sign(text string) Signature {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var sig Signature
	if len(words) == 0 {
		return sig
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	n := max(1, len(words)-shingleSize+1)
	h := fnv.New64a()
	for i := 0; i < n; i++ {
		h.Reset()
		for _, w := range words[i:min(i+shingleSize, len(words))] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		base := h.Sum64()
		for j := range sig {
			if v := uint32(splitmix(base ^ seeds[j])); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// Similarity estimates the Jaccard similarity of two texts' shingles; it is
// 0 when either has no words.
func (s *Signature) Similarity(o *Signature) float64 {
	if s.zero() || o.zero() {
		return 0
	}
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / sigSize
}

func (s *Signature) zero() bool { return *s == Signature{} }
