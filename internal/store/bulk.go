package store

import (
	"context"

	"github.com/sitrep/sitrep/internal/record"
)

// EventBulkLoader is implemented by stores that load many article-less
// events (GDELT imports) faster than batch after batch of PutEvents. It is
// optional: callers find it by type assertion and fall back to PutEvents.
type EventBulkLoader interface {
	// BeginEventBulk starts a bulk load. Until Commit or Rollback the load
	// may hold the store's write lock.
	BeginEventBulk(ctx context.Context) (EventBulk, error)
}

// EventBulk is a bulk load of events in progress. What Put stores is
// durable once Commit returns; a load that ends otherwise (Rollback, an
// error, a killed process) may leave out rows it stored, never half a row,
// never a row twice, and never anything that was stored before it.
type EventBulk interface {
	// Put stores events, skipping ids already stored, and returns how many
	// were new. It keeps no reference to events once it returns.
	Put(ctx context.Context, events []record.Event) (stored int, err error)
	// Durable is how many of the events Put stored are durable already
	// (a load may commit as it goes); after Rollback, how many stay.
	Durable() int
	// Commit makes what Put stored durable and leaves the store as a
	// sequence of PutEvents calls would have (indexes included).
	Commit(ctx context.Context) error
	// Rollback abandons what has not been made durable and releases the
	// store; after Commit it does nothing. It is safe to defer.
	Rollback() error
}
