package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Bulk event loads (GDELT imports). PutEvents sends one INSERT a row; a
// bulk load COPYs each batch into a temporary table of the events table's
// shape and moves it over with one INSERT … SELECT that skips ids already
// stored. The indexes stay: dropping one takes a lock that stops every
// reader of the table, and PostgreSQL maintains them well enough.

var _ store.EventBulkLoader = (*Store)(nil)

// bulkCommitRows is how many rows a bulk load puts in one transaction.
var bulkCommitRows = 100_000

// BeginEventBulk starts a bulk load on a connection of its own.
func (s *Store) BeginEventBulk(ctx context.Context) (store.EventBulk, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	// The staging table lives until the load ends; its rows are gone at
	// each commit, and with them whatever a failed transaction left.
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS events_bulk (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`); err != nil {
		conn.Release()
		return nil, fmt.Errorf("bulk load: staging table: %w", err)
	}
	return &eventBulk{conn: conn}, nil
}

type eventBulk struct {
	conn    *pgxpool.Conn
	tx      pgx.Tx
	txRows  int // rows put in the open transaction
	durable int // rows stored by committed transactions
	pending int // rows stored by the open transaction
	closed  bool
}

var eventColumnNames = strings.Split(strings.ReplaceAll(store.EventInsertColumns, " ", ""), ",")

// Put stores events, skipping ids already stored.
func (b *eventBulk) Put(ctx context.Context, events []record.Event) (int, error) {
	if b.closed {
		return 0, errors.New("bulk load: already ended")
	}
	for i := range events {
		if events[i].ID == "" {
			return 0, fmt.Errorf("event %d of %d has no id", i+1, len(events))
		}
	}
	if len(events) == 0 {
		return 0, nil
	}
	if b.tx == nil {
		tx, err := b.conn.Begin(ctx)
		if err != nil {
			return 0, b.fail(err)
		}
		b.tx, b.txRows = tx, 0
	}
	i := 0
	rows := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(events) {
			return nil, nil
		}
		i++
		return store.EventArgs(&events[i-1]), nil
	})
	if _, err := b.tx.CopyFrom(ctx, pgx.Identifier{"events_bulk"}, eventColumnNames, rows); err != nil {
		return 0, b.fail(fmt.Errorf("events %s…%s: copy: %w", events[0].ID, events[len(events)-1].ID, err))
	}
	tag, err := b.tx.Exec(ctx, `INSERT INTO events (`+store.EventInsertColumns+`) SELECT `+store.EventInsertColumns+` FROM events_bulk ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return 0, b.fail(fmt.Errorf("events %s…%s: %w", events[0].ID, events[len(events)-1].ID, err))
	}
	if _, err := b.tx.Exec(ctx, `TRUNCATE events_bulk`); err != nil {
		return 0, b.fail(err)
	}
	stored := int(tag.RowsAffected())
	b.pending += stored
	b.txRows += len(events)
	if b.txRows >= bulkCommitRows {
		if err := b.commit(ctx); err != nil {
			return stored, b.fail(err)
		}
	}
	return stored, nil
}

func (b *eventBulk) commit(ctx context.Context) error {
	tx := b.tx
	b.tx = nil
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("bulk load: commit: %w", err)
	}
	b.durable += b.pending
	b.pending = 0
	return nil
}

func (b *eventBulk) fail(err error) error {
	b.Rollback()
	return err
}

// Durable is how many stored rows are committed.
func (b *eventBulk) Durable() int { return b.durable }

// Commit commits what is left and ends the load.
func (b *eventBulk) Commit(ctx context.Context) error {
	if b.closed {
		return errors.New("bulk load: already ended")
	}
	if b.tx != nil {
		if err := b.commit(ctx); err != nil {
			return b.fail(err)
		}
	}
	b.release()
	return nil
}

// Rollback abandons the open transaction, if any, and ends the load.
func (b *eventBulk) Rollback() error {
	if b.closed {
		return nil
	}
	var err error
	if b.tx != nil {
		err = b.tx.Rollback(context.Background())
		b.tx = nil
		b.pending = 0
	}
	b.release()
	return err
}

func (b *eventBulk) release() {
	b.closed = true
	// The connection goes back to the pool as it came.
	if _, err := b.conn.Exec(context.Background(), `DROP TABLE IF EXISTS events_bulk`); err != nil {
		b.conn.Conn().Close(context.Background())
	}
	b.conn.Release()
}
