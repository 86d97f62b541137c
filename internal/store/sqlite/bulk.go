package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Bulk event loads (GDELT imports). PutEvents, batch after batch of 5,000,
// writes the same pages again and again: every commit puts into the WAL
// each page of the six secondary indexes that its rows touched, and with
// rows in random order of country, root and date that is most of them. A
// bulk load commits once every bulkCommitRows rows instead, with a page
// cache that holds the indexes meanwhile; it binds only the columns an
// imported event fills, journals no statement (see BeginEventBulk), and
// encodes the next rows while SQLite stores the ones before.
//
// Dropping the secondary indexes for the load and building them again at
// its end (inside the one transaction) was measured too, and lost: the
// rows are large (about 1.3 KB, most of it the GDELT columns kept in
// extra) and the indexes small, so each build spends its time reading the
// whole table back, more than keeping the indexes cost.

var _ store.EventBulkLoader = (*Store)(nil)

var (
	// bulkCommitRows is how many rows one transaction of a load takes: a
	// killed load loses at most that many, another writer waits at most
	// about that long, and the WAL grows to about their size (it is cut
	// back to bulkWALLimit after).
	bulkCommitRows = 250_000
	// bulkCommitEvery bounds a transaction in time too (once it holds a
	// tenth of bulkCommitRows), so that another writer (serve's poller)
	// waits a few seconds at most, well inside its busy timeout, however
	// slow the machine.
	bulkCommitEvery = 3 * time.Second
	// bulkCacheKiB is the page cache of the writing connection during a
	// load (the store's default is 32 MiB). 64 MiB loaded 1M rows as fast
	// as 256 MiB did, with 350 MB less memory.
	bulkCacheKiB = 64 << 10
	// bulkWALLimit is the size the WAL file is cut back to once a
	// checkpoint has copied it into the database.
	bulkWALLimit = 64 << 20
)

// BeginEventBulk starts a bulk load. The load holds the store's one
// writing connection until it ends.
func (s *Store) BeginEventBulk(ctx context.Context) (store.EventBulk, error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return nil, err
	}
	b := &eventBulk{conn: conn}
	err = conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&b.cache)
	if err == nil {
		err = conn.QueryRowContext(ctx, `PRAGMA journal_size_limit`).Scan(&b.walLimit)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&b.foreignKeys)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	// Scoped to this connection, and put back when the load ends.
	//
	// A statement that inserts many rows and may fail half way journals
	// each page it changes, so it can be undone alone: a copy of every
	// page of the indexes it touches, a good part of what an insert
	// costs. Its rows can fail only on a foreign key (an event's
	// article; nothing else, see eventInsertSQL), so the load checks
	// those itself (checkArticles) and SQLite's check is off while it
	// runs: then no statement needs a journal. Should one be needed
	// after all, temporary storage in memory keeps it a copy rather than
	// a file; it holds nothing that outlives the connection.
	for _, p := range []string{
		`PRAGMA cache_size = -` + strconv.Itoa(bulkCacheKiB),
		`PRAGMA journal_size_limit = ` + strconv.Itoa(bulkWALLimit),
		`PRAGMA temp_store = MEMORY`,
		`PRAGMA foreign_keys = OFF`,
	} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			b.release()
			return nil, err
		}
	}
	return b, nil
}

type eventBulk struct {
	conn     *sql.Conn
	cache    int // the connection's cache_size before the load
	walLimit int // and its journal_size_limit
	// and whether it enforced foreign keys
	foreignKeys bool
	durable     int // rows stored by committed transactions
	pending     int // rows stored by the open transaction

	tx      *sql.Tx
	txRows  int       // rows put in this transaction
	txStart time.Time // when it began
	// the INSERTs of eventRowsPerInsert rows, of any shape and compact
	full, fullCompact *sql.Stmt
	enc               eventEncoder
	free              [][]any // argument slices for reuse
	closed            bool
}

// commit commits the open transaction.
func (b *eventBulk) commit() error {
	b.closeStmts()
	tx := b.tx
	b.tx = nil
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bulk load: commit: %w", err)
	}
	b.durable += b.pending
	b.pending = 0
	return nil
}

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
	stored := 0
	for len(events) > 0 {
		if b.tx == nil {
			tx, err := b.conn.BeginTx(ctx, nil)
			if err != nil {
				return stored, b.fail(ctx, err)
			}
			b.tx, b.txRows, b.txStart = tx, 0, time.Now()
		}
		n := min(len(events), bulkCommitRows-b.txRows)
		if err := b.checkArticles(ctx, events[:n]); err != nil {
			return stored, b.fail(ctx, err)
		}
		got, err := b.insert(ctx, events[:n])
		if err != nil {
			return stored, b.fail(ctx, err)
		}
		stored += got
		b.pending += got
		b.txRows += n
		events = events[n:]
		if b.txRows >= bulkCommitRows || b.txRows >= bulkCommitRows/10 && time.Since(b.txStart) >= bulkCommitEvery {
			if err := b.commit(); err != nil {
				return stored, b.fail(ctx, err)
			}
		}
	}
	return stored, nil
}

// checkArticles does what the foreign key on events.article_id would:
// an event's article must be stored. Imported events have none.
func (b *eventBulk) checkArticles(ctx context.Context, events []record.Event) error {
	last := ""
	for i := range events {
		id := events[i].ArticleID
		if id == "" || id == last {
			continue
		}
		var one int
		err := b.tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("event %s: article %s: %w", events[i].ID, id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		last = id
	}
	return nil
}

// insert writes events, many rows to a statement. The rows' values are
// encoded on another goroutine, one statement ahead of SQLite.
func (b *eventBulk) insert(ctx context.Context, events []record.Event) (int, error) {
	type chunk struct {
		start, end int
		compact    bool
		args       []any
	}
	per := eventRowsPerInsert
	chunks := make(chan chunk, 2)
	stop := make(chan struct{})
	defer func() {
		// Stop the encoder and wait for it: events are the caller's again
		// once Put returns.
		close(stop)
		for c := range chunks {
			clear(c.args)
			b.free = append(b.free, c.args[:0])
		}
	}()
	free := make(chan []any, 4)
	for len(b.free) > 0 && len(free) < cap(free) {
		free <- b.free[len(b.free)-1]
		b.free = b.free[:len(b.free)-1]
	}
	enc := &b.enc
	go func() {
		defer close(chunks)
		for start := 0; start < len(events); start += per {
			end := min(start+per, len(events))
			var args []any
			select {
			case args = <-free:
			default:
				args = make([]any, 0, per*eventColumns)
			}
			compact := true
			for i := start; i < end && compact; i++ {
				compact = importedShape(&events[i])
			}
			for i := start; i < end; i++ {
				args = enc.appendArgs(args, &events[i])
				if compact {
					args = dropConstants(args)
				}
			}
			select {
			case chunks <- chunk{start, end, compact, args}:
			case <-stop:
				return
			}
		}
	}()
	stored := 0
	for c := range chunks {
		var res sql.Result
		var err error
		if c.end-c.start == per {
			st := &b.full
			if c.compact {
				st = &b.fullCompact
			}
			if *st == nil {
				if *st, err = b.tx.PrepareContext(ctx, eventInsertSQL(per, c.compact)); err != nil {
					return stored, err
				}
			}
			res, err = (*st).ExecContext(ctx, c.args...)
		} else {
			res, err = b.tx.ExecContext(ctx, eventInsertSQL(c.end-c.start, c.compact), c.args...)
		}
		clear(c.args)
		select {
		case free <- c.args[:0]:
		default:
		}
		if err != nil {
			return stored, fmt.Errorf("events %s…%s: %w", events[c.start].ID, events[c.end-1].ID, err)
		}
		n, _ := res.RowsAffected()
		stored += int(n)
	}
	for len(free) > 0 {
		b.free = append(b.free, <-free)
	}
	return stored, nil
}

// eventColumns is the number of store.EventInsertColumns.
var eventColumns = strings.Count(store.EventInsertColumns, ",") + 1

// Imported events (GDELT) have no article, sentence, text, verb, modality,
// attribution or rule: a statement for rows of that shape writes those
// columns as constants, so a row binds 17 values instead of 27 (binding
// is a good part of what an insert costs).
var eventConstants = [...]struct {
	col int    // index in store.EventInsertColumns
	sql string // the value every imported event has
}{{1, "NULL"}, {2, "0"}, {3, "''"}, {5, "'day'"}, {17, "''"}, {19, "0"}, {20, "0"}, {21, "0"}, {22, "NULL"}, {23, "NULL"}}

// importedShape reports whether e has the constant columns' values.
func importedShape(e *record.Event) bool {
	return e.ArticleID == "" && e.Sentence == 0 && e.Text == "" && e.DatePrecision == "day" && e.Verb == "" &&
		!e.Negated && !e.Hedged && !e.Conditional && e.AttributedTo == nil && e.Rule == nil
}

// dropConstants removes the constant columns' values from the row that
// ends args.
func dropConstants(args []any) []any {
	row := args[len(args)-eventColumns:]
	k, c := 0, 0
	for i, v := range row {
		if c < len(eventConstants) && eventConstants[c].col == i {
			c++
			continue
		}
		row[k] = v
		k++
	}
	clear(row[k:])
	return args[:len(args)-eventColumns+k]
}

// eventInsertSQL is an INSERT of rows events that skips ids already
// stored; compact rows bind only the columns that are not constants. OR
// IGNORE skips a row that breaks any constraint but the foreign key, not
// only the primary key as ON CONFLICT (id) would: the others are NOT NULL
// ones, and eventEncoder never gives NULL for those columns.
func eventInsertSQL(rows int, compact bool) string {
	var row strings.Builder
	row.WriteByte('(')
	c := 0
	for i := 0; i < eventColumns; i++ {
		if i > 0 {
			row.WriteByte(',')
		}
		if compact && c < len(eventConstants) && eventConstants[c].col == i {
			row.WriteString(eventConstants[c].sql)
			c++
			continue
		}
		row.WriteByte('?')
	}
	row.WriteByte(')')
	var b strings.Builder
	b.Grow(64 + len(store.EventInsertColumns) + rows*(row.Len()+1))
	b.WriteString(`INSERT OR IGNORE INTO events (` + store.EventInsertColumns + `) VALUES `)
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row.String())
	}
	return b.String()
}

// fail rolls the load back after an error and returns the error: the
// context's, where it ended (database/sql then rolls back by itself and
// closes the statements, and those are the errors that come first).
func (b *eventBulk) fail(ctx context.Context, err error) error {
	b.Rollback()
	if ctx.Err() != nil {
		return ctx.Err()
	}
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
		if err := b.commit(); err != nil {
			return b.fail(ctx, err)
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
		b.closeStmts()
		err = b.tx.Rollback()
		b.tx = nil
		b.pending = 0
	}
	b.release()
	return err
}

// release puts the connection's settings back and returns it to the pool.
func (b *eventBulk) release() {
	b.closed = true
	ctx := context.Background()
	restore := []string{
		`PRAGMA cache_size = ` + strconv.Itoa(b.cache),
		`PRAGMA journal_size_limit = ` + strconv.Itoa(b.walLimit),
		`PRAGMA temp_store = DEFAULT`,
	}
	if b.foreignKeys {
		restore = append(restore, `PRAGMA foreign_keys = ON`)
	}
	for _, p := range restore {
		if _, err := b.conn.ExecContext(ctx, p); err != nil {
			// A connection that may still have the load's settings
			// (foreign keys off) must not be used again.
			b.conn.Raw(func(any) error { return driver.ErrBadConn })
			break
		}
	}
	b.conn.Close()
}

func (b *eventBulk) closeStmts() {
	for _, st := range []**sql.Stmt{&b.full, &b.fullCompact} {
		if *st != nil {
			(*st).Close()
			*st = nil
		}
	}
}
