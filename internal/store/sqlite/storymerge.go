package sqlite

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.PairEventStore = (*Store)(nil)

// EachEventByPair streams every event, ordered by its unordered actor pair
// (the smaller side's key, then the larger's). SQLite sorts the rows in a
// temporary file beyond its page cache, and this one read goes without the
// store's memory map: it reads the whole events table once, which mapped
// would count every page of it in the process's resident memory.
func (s *Store) EachEventByPair(ctx context.Context, fn func(*record.Event) error) error {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var mmap int64
	if err := conn.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA mmap_size = 0`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA mmap_size = %d`, mmap)) //nolint:errcheck // best effort: a pooled connection keeps working either way
	q := `SELECT ` + dialect.EventSelect() + ` FROM events ORDER BY min(` + store.PairSourceSide + `, ` + store.PairTargetSide + `), max(` +
		store.PairSourceSide + `, ` + store.PairTargetSide + `)`
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.EachRow(rows, store.ScanEvent, fn)
}
