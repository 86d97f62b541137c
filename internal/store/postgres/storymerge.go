package postgres

import (
	"context"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var _ store.PairEventStore = (*Store)(nil)

// EachEventByPair streams every event, ordered by its unordered actor pair
// (the smaller side's key, then the larger's, byte order). PostgreSQL sorts
// beyond work_mem on disk, and the rows come in batches, so the client's
// memory stays bounded.
func (s *Store) EachEventByPair(ctx context.Context, fn func(*record.Event) error) error {
	src, tgt := `(`+store.PairSourceSide+`) COLLATE "C"`, `(`+store.PairTargetSide+`) COLLATE "C"`
	q := `SELECT ` + dialect.EventSelect() + ` FROM events ORDER BY LEAST(` + src + `, ` + tgt + `), GREATEST(` + src + `, ` + tgt + `)`
	rows, err := s.pool.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.EachRow(rows, store.ScanEvent, fn)
}
