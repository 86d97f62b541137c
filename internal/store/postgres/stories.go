package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var (
	_ store.StoryStore     = (*Store)(nil)
	_ store.StoryLinks     = (*Store)(nil)
	_ store.StoryRefLister = (*Store)(nil)
)

func timeArg(t time.Time) any { return t.UTC() }

// Stories lists stories matching f in (date, id) order, one page at a time.
func (s *Store) Stories(ctx context.Context, f store.StoryFilter) ([]record.Story, string, error) {
	q, args, err := dialect.StoriesQuery(f, timeArg)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, s.pool, q, store.ScanStory, args...)
	if err != nil {
		return nil, "", fmt.Errorf("stories: %w", err)
	}
	return store.StoryPage(out, f)
}

// StoryRefs lists the page Stories would give as references, from the
// index alone for a dyad.
func (s *Store) StoryRefs(ctx context.Context, f store.StoryFilter) ([]store.StoryRef, string, error) {
	q, args, err := dialect.StoryRefsQuery(f, timeArg)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, s.pool, q, store.ScanStoryRef, args...)
	if err != nil {
		return nil, "", fmt.Errorf("stories: %w", err)
	}
	refs, next := store.StoryRefPage(out, f)
	return refs, next, nil
}

// StoriesByID returns the stored stories among ids.
func (s *Store) StoriesByID(ctx context.Context, ids []string) ([]record.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := queryAll(ctx, s.pool, `SELECT `+dialect.StorySelect()+` FROM stories WHERE id = ANY($1)`, store.ScanStory, ids)
	if err != nil {
		return nil, fmt.Errorf("stories by id: %w", err)
	}
	return out, nil
}

// GetStory returns one story with its reports and event ids.
func (s *Store) GetStory(ctx context.Context, id string) (*record.Story, error) {
	st, err := store.ScanStory(s.pool.QueryRow(ctx, `SELECT `+dialect.StorySelect()+` FROM stories WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("story %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	if st.Articles, err = queryAll(ctx, s.pool, `SELECT `+store.StoryArticleSelect+` FROM story_articles WHERE story_id = $1 ORDER BY pos`, store.ScanStoryArticle, id); err != nil {
		return nil, fmt.Errorf("story %s: reports: %w", id, err)
	}
	scanID := func(r store.Scanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	}
	if st.EventIDs, err = queryAll(ctx, s.pool, `SELECT event_id FROM story_events WHERE story_id = $1 ORDER BY event_id COLLATE "C"`, scanID, id); err != nil {
		return nil, fmt.Errorf("story %s: events: %w", id, err)
	}
	return &st, nil
}

// ToneCells sums stories per day (or week or month, f.Period), direction
// and quad class.
func (s *Store) ToneCells(ctx context.Context, f store.StoryFilter) ([]store.ToneCell, error) {
	q, args, scan, err := dialect.ToneCellsQuery(f, timeArg)
	if err != nil {
		return nil, err
	}
	cells, err := queryAll(ctx, s.pool, q, scan, args...)
	if err != nil {
		return nil, fmt.Errorf("tone cells: %w", err)
	}
	store.SortToneCells(cells)
	return cells, nil
}

// SaveStories replaces and removes stories in one transaction, keeping
// story_tone in step. New rows go in with COPY.
func (s *Store) SaveStories(ctx context.Context, upsert []record.Story, remove []string) error {
	if err := store.CheckStories(upsert); err != nil {
		return err
	}
	now := time.Now().UTC()
	var err error
	for attempt := 0; attempt < 6; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 20 * time.Millisecond):
			}
		}
		if err = s.saveStoriesOnce(ctx, upsert, remove, now); err == nil || !transient(err) {
			break
		}
	}
	if err != nil {
		return err
	}
	for i := range upsert {
		upsert[i].UpdatedAt = now
	}
	return nil
}

func (s *Store) saveStoriesOnce(ctx context.Context, upsert []record.Story, remove []string, now time.Time) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("save stories: %w", err)
	}
	defer tx.Rollback(ctx)
	gone := make([]string, 0, len(upsert)+len(remove))
	var events []string
	for i := range upsert {
		gone = append(gone, upsert[i].ID)
		events = append(events, upsert[i].EventIDs...)
	}
	gone = append(gone, remove...)
	tone := map[store.ToneKey]store.ToneDelta{}
	rows, err := tx.Query(ctx, `DELETE FROM stories WHERE id = ANY($1)
		RETURNING src_country, tgt_country, date, root, status, quad, goldstein`, gone)
	if err != nil {
		return fmt.Errorf("save stories: delete old: %w", err)
	}
	for rows.Next() {
		var st record.Story
		st.Source, st.Target = &record.Actor{}, &record.Actor{}
		if err := rows.Scan(&st.Source.Country, &st.Target.Country, &st.Date, &st.Root, &st.Status, &st.Quad, &st.Goldstein); err != nil {
			rows.Close()
			return fmt.Errorf("save stories: delete old: %w", err)
		}
		store.AddTone(tone, &st, -1)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("save stories: delete old: %w", err)
	}
	// An event moves to the story saved now when another still claims it.
	if len(events) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM story_events WHERE event_id = ANY($1)`, events); err != nil {
			return fmt.Errorf("save stories: move events: %w", err)
		}
	}
	if err := copyStories(ctx, tx, upsert, now, tone); err != nil {
		return err
	}
	if err := applyTone(ctx, tx, tone); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("save %d stories: commit: %w", len(upsert), err)
	}
	return nil
}

func copyStories(ctx context.Context, tx pgx.Tx, stories []record.Story, now time.Time, tone map[store.ToneKey]store.ToneDelta) error {
	if len(stories) == 0 {
		return nil
	}
	rows := make([][]any, len(stories))
	var arts, evs [][]any
	for i := range stories {
		st := stories[i]
		st.UpdatedAt = now
		rows[i] = store.StoryArgs(&st, timeArg)
		for j := range st.Articles {
			arts = append(arts, store.StoryArticleArgs(st.ID, j, &st.Articles[j]))
		}
		for _, e := range st.EventIDs {
			evs = append(evs, []any{e, st.ID})
		}
		store.AddTone(tone, &st, +1)
	}
	cols := splitColumns(store.StoryInsertColumns)
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stories"}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("save %d stories from %s: %w", len(stories), stories[0].ID, err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"story_articles"}, splitColumns(store.StoryArticleInsertColumns), pgx.CopyFromRows(arts)); err != nil {
		return fmt.Errorf("save %d stories from %s: reports: %w", len(stories), stories[0].ID, err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"story_events"}, []string{"event_id", "story_id"}, pgx.CopyFromRows(evs)); err != nil {
		return fmt.Errorf("save %d stories from %s: events: %w", len(stories), stories[0].ID, err)
	}
	return nil
}

// applyTone adds the deltas to story_tone and story_tone_period, one
// statement each, then drops the cells a negative delta took to zero (only
// those: a scan for every empty cell would read the whole table).
func applyTone(ctx context.Context, tx pgx.Tx, tone map[store.ToneKey]store.ToneDelta) error {
	var src, tgt, day, root, status []string
	var quad []int32
	var n, tenths []int64
	var dSrc, dTgt, dDay, dRoot, dStatus []string
	for _, k := range store.ToneKeys(tone) {
		d := tone[k]
		if d.Count == 0 && d.Tenths == 0 {
			continue
		}
		src, tgt, day, root, status = append(src, k.Source), append(tgt, k.Target), append(day, k.Day), append(root, k.Root), append(status, k.Status)
		quad, n, tenths = append(quad, int32(k.Quad)), append(n, int64(d.Count)), append(tenths, d.Tenths)
		if d.Count < 0 {
			dSrc, dTgt, dDay, dRoot, dStatus = append(dSrc, k.Source), append(dTgt, k.Target), append(dDay, k.Day), append(dRoot, k.Root), append(dStatus, k.Status)
		}
	}
	if len(src) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO story_tone (src_country, tgt_country, day, root, status, quad, n, goldstein_tenths)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])
		ON CONFLICT (src_country, tgt_country, day, root, status) DO UPDATE
		SET n = story_tone.n + excluded.n, goldstein_tenths = story_tone.goldstein_tenths + excluded.goldstein_tenths, quad = excluded.quad`,
		src, tgt, day, root, status, quad, n, tenths)
	if err != nil {
		return fmt.Errorf("save stories: tone: %w", err)
	}
	if len(dSrc) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM story_tone t
			USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS k(src, tgt, day, root, status)
			WHERE t.src_country = k.src AND t.tgt_country = k.tgt AND t.day = k.day AND t.root = k.root AND t.status = k.status AND t.n <= 0`,
			dSrc, dTgt, dDay, dRoot, dStatus); err != nil {
			return fmt.Errorf("save stories: tone: %w", err)
		}
	}
	return applyTonePeriods(ctx, tx, store.TonePeriodDeltas(tone))
}

func applyTonePeriods(ctx context.Context, tx pgx.Tx, deltas map[store.TonePeriodKey]store.ToneDelta) error {
	var src, tgt, period, status []string
	var first, quad []int32
	var n, tenths []int64
	var dSrc, dTgt, dPeriod, dStatus []string
	var dFirst, dQuad []int32
	for _, k := range store.TonePeriodKeys(deltas) {
		d := deltas[k]
		if d.Count == 0 && d.Tenths == 0 {
			continue
		}
		src, tgt, period, status = append(src, k.Source), append(tgt, k.Target), append(period, k.Period), append(status, k.Status)
		first, quad, n, tenths = append(first, int32(k.First)), append(quad, int32(k.Quad)), append(n, int64(d.Count)), append(tenths, d.Tenths)
		if d.Count < 0 {
			dSrc, dTgt, dPeriod, dStatus = append(dSrc, k.Source), append(dTgt, k.Target), append(dPeriod, k.Period), append(dStatus, k.Status)
			dFirst, dQuad = append(dFirst, int32(k.First)), append(dQuad, int32(k.Quad))
		}
	}
	if len(src) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO story_tone_period (src_country, tgt_country, period, first_day, quad, status, n, goldstein_tenths)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::bigint[], $8::bigint[])
		ON CONFLICT (src_country, tgt_country, period, first_day, quad, status) DO UPDATE
		SET n = story_tone_period.n + excluded.n, goldstein_tenths = story_tone_period.goldstein_tenths + excluded.goldstein_tenths`,
		src, tgt, period, first, quad, status, n, tenths)
	if err != nil {
		return fmt.Errorf("save stories: tone by period: %w", err)
	}
	if len(dSrc) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM story_tone_period t
			USING unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) AS k(src, tgt, period, first_day, quad, status)
			WHERE t.src_country = k.src AND t.tgt_country = k.tgt AND t.period = k.period AND t.first_day = k.first_day
				AND t.quad = k.quad AND t.status = k.status AND t.n <= 0`,
			dSrc, dTgt, dPeriod, dFirst, dQuad, dStatus); err != nil {
			return fmt.Errorf("save stories: tone by period: %w", err)
		}
	}
	return nil
}

// splitColumns turns a column list ("a, b, c") into COPY's column names.
func splitColumns(cols string) []string {
	out := strings.Split(cols, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// ClearStories deletes every story and tone cell.
func (s *Store) ClearStories(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `TRUNCATE story_events, story_articles, story_tone, story_tone_period, stories`); err != nil {
		return fmt.Errorf("clear stories: %w", err)
	}
	return nil
}

// StoriesOfEvents maps event ids to the stories holding them.
func (s *Store) StoriesOfEvents(ctx context.Context, eventIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(eventIDs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT event_id, story_id FROM story_events WHERE event_id = ANY($1)`, eventIDs)
	if err != nil {
		return nil, fmt.Errorf("stories of events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e, st string
		if err := rows.Scan(&e, &st); err != nil {
			return nil, fmt.Errorf("stories of events: %w", err)
		}
		out[e] = st
	}
	return out, rows.Err()
}

// StoriesOfArticles returns the stories holding reports of the articles.
func (s *Store) StoriesOfArticles(ctx context.Context, articleIDs []string) ([]string, error) {
	// "article_id <> ''" lets the planner use the partial index on
	// article_id, which an IN list of parameters alone does not.
	return s.ids(ctx, "stories of articles", `SELECT DISTINCT story_id FROM story_articles WHERE article_id = ANY($1) AND article_id <> '' ORDER BY story_id`, articleIDs)
}

// DeniedArticles returns the articles whose claims these articles deny.
func (s *Store) DeniedArticles(ctx context.Context, articleIDs []string) ([]string, error) {
	return s.ids(ctx, "denied articles", store.DeniedArticlesQuery("= ANY($1)"), articleIDs)
}

// DisputedSentences returns the sentences carrying denials or denied
// claims.
func (s *Store) DisputedSentences(ctx context.Context, articleIDs []string) ([]store.ArticleSentence, error) {
	scan := func(r store.Scanner) (store.ArticleSentence, error) {
		var a store.ArticleSentence
		return a, r.Scan(&a.ArticleID, &a.Sentence)
	}
	q, args := store.DisputedQuery(""), []any(nil)
	if articleIDs != nil {
		q, args = store.DisputedQuery("= ANY($1)"), []any{articleIDs}
	}
	out, err := queryAll(ctx, s.pool, q, scan, args...)
	if err != nil {
		return nil, fmt.Errorf("disputed sentences: %w", err)
	}
	return out, nil
}

func (s *Store) ids(ctx context.Context, what, q string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := queryAll(ctx, s.pool, q, func(r store.Scanner) (string, error) {
		var v string
		return v, r.Scan(&v)
	}, ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	sort.Strings(out) // byte order, whatever the database's collation
	return out, nil
}

// StoryEvents returns the stored events of one story, by id.
func (s *Store) StoryEvents(ctx context.Context, storyID string) ([]record.Event, error) {
	out, err := queryAll(ctx, s.pool, `SELECT `+dialect.EventSelect()+` FROM events WHERE id IN (SELECT event_id FROM story_events WHERE story_id = $1) ORDER BY id COLLATE "C"`, store.ScanEvent, storyID)
	if err != nil {
		return nil, fmt.Errorf("story %s: events: %w", storyID, err)
	}
	return out, nil
}

// UnstoriedEvents streams the events no story holds.
func (s *Store) UnstoriedEvents(ctx context.Context, fn func(*record.Event) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+dialect.EventSelect()+` FROM events e WHERE NOT EXISTS (SELECT 1 FROM story_events se WHERE se.event_id = e.id) ORDER BY date, id COLLATE "C"`)
	if err != nil {
		return fmt.Errorf("events outside stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		ev, err := store.ScanEvent(rows)
		if err != nil {
			return fmt.Errorf("events outside stories: %w", err)
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return rows.Err()
}
