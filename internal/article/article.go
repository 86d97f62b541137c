// Package article owns the Article record: what one report says, where it
// came from, and the keys (canonical URL, content hash) that make storing it
// idempotent.
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// Article is one stored report. Text is the cleaned body; everything else is
// metadata about it.
type Article struct {
	ID           string         `json:"id"`
	ExtID        string         `json:"ext_id,omitempty"` // the id the input gave, if any
	Title        string         `json:"title"`
	Byline       string         `json:"byline,omitempty"`
	Source       string         `json:"source,omitempty"` // the outlet
	URL          string         `json:"url,omitempty"`
	CanonicalURL string         `json:"canonical_url,omitempty"`
	Date         string         `json:"date,omitempty"` // ISO 8601 cut to its precision: 2025, 2025-02, 2025-02-12
	Published    *time.Time     `json:"published,omitempty"`
	Lang         string         `json:"lang,omitempty"`
	Text         string         `json:"text"`
	Hash         string         `json:"hash"`
	Origin       string         `json:"origin,omitempty"` // file path, "-" or feed URL it was read from
	Meta         map[string]any `json:"meta,omitempty"`
	IngestedAt   time.Time      `json:"ingested_at"`
}

// ContentHash returns the hex SHA-256 of the text with whitespace collapsed
// and case kept, so re-wrapped copies of one text hash alike.
func ContentHash(text string) string {
	h := sha256.New()
	first := true
	for _, f := range strings.FieldsFunc(text, unicode.IsSpace) {
		if !first {
			h.Write([]byte{' '})
		}
		h.Write([]byte(f))
		first = false
	}
	return hex.EncodeToString(h.Sum(nil))
}
