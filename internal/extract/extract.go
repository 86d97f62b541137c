// Package extract runs every extractor over one article and returns what
// they found as one Extraction (DESIGN.md): today the event coder; claims,
// deadlines and facts join it as they are built.
package extract

import (
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/record"
)

// Extractor holds the built extractors; it is safe for concurrent use.
type Extractor struct {
	Coder *coder.Coder
}

// Extraction is everything found in one article.
type Extraction struct {
	Article *article.Article `json:"article"`
	record.Records
}

// New builds an extractor with the default dictionaries.
func New() (*Extractor, error) {
	c, err := coder.New(coder.Options{})
	if err != nil {
		return nil, err
	}
	return &Extractor{Coder: c}, nil
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
	ref := RefDate(a)
	recs := &record.Records{}
	if x.Coder != nil {
		txt := a.Text
		if a.Title != "" && a.Text == "" {
			txt = a.Title
		}
		recs.Events = x.Coder.CodeText(txt, ref)
	}
	return recs, nil
}

// Extract returns the Extraction of an article.
func (x *Extractor) Extract(a *article.Article) (*Extraction, error) {
	recs, err := x.Records(a)
	if err != nil {
		return nil, err
	}
	return &Extraction{Article: a, Records: *recs}, nil
}
