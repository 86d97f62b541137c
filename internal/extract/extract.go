// Package extract runs every extractor over one article and returns what
// they found as one Extraction (DESIGN.md): events (the coder), claims
// (who said what, and which statement denies which), deadlines and facts.
package extract

import (
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/claim"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/fact"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// Extractor holds the built extractors; it is safe for concurrent use.
type Extractor struct {
	coder  *coder.Coder
	claims *claim.Extractor
}

// Extraction is everything found in one article.
type Extraction struct {
	Article *article.Article `json:"article"`
	record.Records
}

// New builds an extractor around a coder; claims, deadlines and facts
// resolve actors with the coder's dictionaries.
func New(c *coder.Coder) *Extractor {
	return &Extractor{coder: c, claims: claim.New(c.Matcher())}
}

// RefDate is the date an article's relative expressions resolve against:
// its own date when known to the day, else its publication time, else zero.
func RefDate(a *article.Article) time.Time {
	if len(a.Date) == 10 {
		if t, err := time.Parse("2006-01-02", a.Date); err == nil {
			return t
		}
	}
	if a.Published != nil {
		return a.Published.UTC()
	}
	return time.Time{}
}

// Records extracts the records of one article; it has the shape of
// source.Extractor, so ingest can call it.
func (x *Extractor) Records(a *article.Article) (*record.Records, error) {
	return x.RecordsAt(a, RefDate(a)), nil
}

// RecordsAt extracts with an explicit reference date.
func (x *Extractor) RecordsAt(a *article.Article, ref time.Time) *record.Records {
	txt := a.Text
	if txt == "" {
		txt = a.Title
	}
	sents := text.Sentences(txt)
	recs := &record.Records{}
	recs.Events = x.coder.CodeText(txt, ref)
	recs.Claims = x.claims.Extract(sents, txt, ref)
	recs.Deadlines, recs.Facts = fact.Extract(sents, ref, x.coder.Matcher())
	return recs
}
