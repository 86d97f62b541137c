package store

import (
	"context"

	"github.com/sitrep/sitrep/internal/record"
)

// PairEventStore is implemented by stores that can hand over every stored
// event grouped by its actor pair, so that merging them into stories
// (sitrep restory) holds one pair's events at a time instead of all of
// them. It is optional: callers find it by type assertion.
type PairEventStore interface {
	// EachEventByPair calls fn with every stored event, the events of one
	// unordered pair of sides one after another. A side is the actor's
	// country, else its code ("" for none), as the events table's
	// src_country/src_code and tgt_country/tgt_code columns hold them.
	// The order of the pairs, and of the events within a pair, is the
	// store's own.
	EachEventByPair(ctx context.Context, fn func(*record.Event) error) error
}

// PairSides are the SQL expressions of the two sides' keys an event's actor
// pair is made of: the country, else the code.
const (
	PairSourceSide = "CASE WHEN src_country <> '' THEN src_country ELSE src_code END"
	PairTargetSide = "CASE WHEN tgt_country <> '' THEN tgt_country ELSE tgt_code END"
)
