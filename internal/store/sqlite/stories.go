package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var (
	_ store.StoryStore     = (*Store)(nil)
	_ store.StoryLinks     = (*Store)(nil)
	_ store.StoryRefLister = (*Store)(nil)
)

func tsArg(t time.Time) any { return ts(t) }

// Stories lists stories matching f in (date, id) order, one page at a time.
func (s *Store) Stories(ctx context.Context, f store.StoryFilter) ([]record.Story, string, error) {
	q, args, err := dialect.StoriesQuery(f, tsArg)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, s.r, q, store.ScanStory, args...)
	if err != nil {
		return nil, "", fmt.Errorf("stories: %w", err)
	}
	return store.StoryPage(out, f)
}

// StoryRefs lists the page Stories would give as references, from the
// index alone for a dyad.
func (s *Store) StoryRefs(ctx context.Context, f store.StoryFilter) ([]store.StoryRef, string, error) {
	q, args, err := dialect.StoryRefsQuery(f, tsArg)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, s.r, q, store.ScanStoryRef, args...)
	if err != nil {
		return nil, "", fmt.Errorf("stories: %w", err)
	}
	refs, next := store.StoryRefPage(out, f)
	return refs, next, nil
}

// StoriesByID returns the stored stories among ids.
func (s *Store) StoriesByID(ctx context.Context, ids []string) ([]record.Story, error) {
	var out []record.Story
	for _, chunk := range chunks(ids) {
		part, err := queryAll(ctx, s.r, `SELECT `+dialect.StorySelect()+` FROM stories WHERE id IN (`+marks(len(chunk))+`)`, store.ScanStory, anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("stories by id: %w", err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// GetStory returns one story with its reports and event ids.
func (s *Store) GetStory(ctx context.Context, id string) (*record.Story, error) {
	st, err := store.ScanStory(s.r.QueryRowContext(ctx, `SELECT `+dialect.StorySelect()+` FROM stories WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("story %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", id, err)
	}
	if st.Articles, err = queryAll(ctx, s.r, `SELECT `+store.StoryArticleSelect+` FROM story_articles WHERE story_id = ? ORDER BY pos`, store.ScanStoryArticle, id); err != nil {
		return nil, fmt.Errorf("story %s: reports: %w", id, err)
	}
	scanID := func(r store.Scanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	}
	if st.EventIDs, err = queryAll(ctx, s.r, `SELECT event_id FROM story_events WHERE story_id = ? ORDER BY event_id`, scanID, id); err != nil {
		return nil, fmt.Errorf("story %s: events: %w", id, err)
	}
	return &st, nil
}

// ToneCells sums stories per day (or week or month, f.Period), direction
// and quad class.
func (s *Store) ToneCells(ctx context.Context, f store.StoryFilter) ([]store.ToneCell, error) {
	q, args, scan, err := dialect.ToneCellsQuery(f, tsArg)
	if err != nil {
		return nil, err
	}
	cells, err := queryAll(ctx, s.r, q, scan, args...)
	if err != nil {
		return nil, fmt.Errorf("tone cells: %w", err)
	}
	store.SortToneCells(cells)
	return cells, nil
}

// SaveStories replaces and removes stories in one transaction, keeping
// story_tone in step.
func (s *Store) SaveStories(ctx context.Context, upsert []record.Story, remove []string) error {
	if err := store.CheckStories(upsert); err != nil {
		return err
	}
	now := time.Now()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save stories: %w", err)
	}
	defer tx.Rollback()
	gone := make([]string, 0, len(upsert)+len(remove))
	for i := range upsert {
		gone = append(gone, upsert[i].ID)
	}
	gone = append(gone, remove...)
	tone := map[store.ToneKey]store.ToneDelta{}
	if err := s.takeAway(ctx, tx, gone, tone); err != nil {
		return err
	}
	if err := insertStories(ctx, tx, upsert, now, tone); err != nil {
		return err
	}
	if err := applyTone(ctx, tx, tone); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save %d stories: commit: %w", len(upsert), err)
	}
	for i := range upsert {
		upsert[i].UpdatedAt = now.UTC()
	}
	return nil
}

// takeAway deletes the named stories (their reports and event rows go
// with them) and subtracts them from the tone cells.
func (s *Store) takeAway(ctx context.Context, tx *sql.Tx, ids []string, tone map[store.ToneKey]store.ToneDelta) error {
	const per = 500
	for lo := 0; lo < len(ids); lo += per {
		chunk := ids[lo:min(lo+per, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		rows, err := tx.QueryContext(ctx, `SELECT src_country, tgt_country, date, root, status, quad, goldstein FROM stories WHERE id IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("save stories: read old: %w", err)
		}
		for rows.Next() {
			var st record.Story
			st.Source, st.Target = &record.Actor{}, &record.Actor{}
			if err := rows.Scan(&st.Source.Country, &st.Target.Country, &st.Date, &st.Root, &st.Status, &st.Quad, &st.Goldstein); err != nil {
				rows.Close()
				return fmt.Errorf("save stories: read old: %w", err)
			}
			store.AddTone(tone, &st, -1)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("save stories: read old: %w", err)
		}
		for _, t := range []string{"story_events", "story_articles", "stories"} {
			col := "story_id"
			if t == "stories" {
				col = "id"
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE `+col+` IN (`+in+`)`, args...); err != nil {
				return fmt.Errorf("save stories: delete old %s: %w", t, err)
			}
		}
	}
	return nil
}

func insertStories(ctx context.Context, tx *sql.Tx, stories []record.Story, now time.Time, tone map[store.ToneKey]store.ToneDelta) error {
	if len(stories) == 0 {
		return nil
	}
	rows := make([][]any, len(stories))
	var arts, evs [][]any
	for i := range stories {
		st := stories[i]
		st.UpdatedAt = now
		rows[i] = store.StoryArgs(&st, tsArg)
		for j := range st.Articles {
			arts = append(arts, store.StoryArticleArgs(st.ID, j, &st.Articles[j]))
		}
		for _, e := range st.EventIDs {
			evs = append(evs, []any{e, st.ID})
		}
		store.AddTone(tone, &st, +1)
	}
	what := fmt.Sprintf("save %d stories from %s", len(stories), stories[0].ID)
	if err := insertMany(ctx, tx, `INSERT INTO stories (`+store.StoryInsertColumns+`) VALUES `, "", rows); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := insertMany(ctx, tx, `INSERT INTO story_articles (`+store.StoryArticleInsertColumns+`) VALUES `, "", arts); err != nil {
		return fmt.Errorf("%s: reports: %w", what, err)
	}
	// An event moves to the story saved last when two claim it.
	if err := insertMany(ctx, tx, `INSERT INTO story_events (event_id, story_id) VALUES `,
		` ON CONFLICT (event_id) DO UPDATE SET story_id = excluded.story_id`, evs); err != nil {
		return fmt.Errorf("%s: events: %w", what, err)
	}
	return nil
}

// insertMany runs head, then rows as "(?, …), (?, …)", then tail, a few
// hundred rows a statement: one statement per row costs the pure-Go
// driver's round trip and SQLite's statement start for every row.
func insertMany(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	ncol := len(rows[0])
	per := max(1, min(256, 30000/ncol)) // under SQLite's 32,766 variables
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	row := "(" + dialect.Params(1, ncol) + ")"
	args := make([]any, 0, per*ncol)
	for lo := 0; lo < len(rows); lo += per {
		chunk := rows[lo:min(lo+per, len(rows))]
		st := stmts[len(chunk)]
		if st == nil {
			var b strings.Builder
			b.WriteString(head)
			for i := range chunk {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(row)
			}
			b.WriteString(tail)
			var err error
			if st, err = tx.PrepareContext(ctx, b.String()); err != nil {
				return err
			}
			stmts[len(chunk)] = st
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// applyTone adds the deltas to story_tone and story_tone_period, and
// drops the cells a negative delta took to zero (only those: a scan for
// every empty cell would read the whole table on every save).
func applyTone(ctx context.Context, tx *sql.Tx, tone map[store.ToneKey]store.ToneDelta) error {
	var rows [][]any
	var drop []store.ToneKey
	for _, k := range store.ToneKeys(tone) {
		d := tone[k]
		if d.Count == 0 && d.Tenths == 0 {
			continue
		}
		rows = append(rows, []any{k.Source, k.Target, k.Day, k.Root, k.Status, k.Quad, d.Count, d.Tenths})
		if d.Count < 0 {
			drop = append(drop, k)
		}
	}
	if err := insertMany(ctx, tx, `INSERT INTO story_tone (src_country, tgt_country, day, root, status, quad, n, goldstein_tenths) VALUES `,
		` ON CONFLICT (src_country, tgt_country, day, root, status) DO UPDATE
		SET n = n + excluded.n, goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths, quad = excluded.quad`, rows); err != nil {
		return fmt.Errorf("save stories: tone: %w", err)
	}
	if len(drop) > 0 {
		del, err := tx.PrepareContext(ctx, `DELETE FROM story_tone WHERE src_country = ? AND tgt_country = ? AND day = ? AND root = ? AND status = ? AND n <= 0`)
		if err != nil {
			return fmt.Errorf("save stories: tone: %w", err)
		}
		defer del.Close()
		for _, k := range drop {
			if _, err := del.ExecContext(ctx, k.Source, k.Target, k.Day, k.Root, k.Status); err != nil {
				return fmt.Errorf("save stories: tone %s %s→%s: %w", k.Day, k.Source, k.Target, err)
			}
		}
	}
	periods := store.TonePeriodDeltas(tone)
	rows, drop = rows[:0], nil
	var dropP []store.TonePeriodKey
	for _, k := range store.TonePeriodKeys(periods) {
		d := periods[k]
		if d.Count == 0 && d.Tenths == 0 {
			continue
		}
		rows = append(rows, []any{k.Source, k.Target, k.Period, k.First, k.Quad, k.Status, d.Count, d.Tenths})
		if d.Count < 0 {
			dropP = append(dropP, k)
		}
	}
	if err := insertMany(ctx, tx, `INSERT INTO story_tone_period (src_country, tgt_country, period, first_day, quad, status, n, goldstein_tenths) VALUES `,
		` ON CONFLICT (src_country, tgt_country, period, first_day, quad, status) DO UPDATE
		SET n = n + excluded.n, goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths`, rows); err != nil {
		return fmt.Errorf("save stories: tone by period: %w", err)
	}
	if len(dropP) > 0 {
		del, err := tx.PrepareContext(ctx, `DELETE FROM story_tone_period WHERE src_country = ? AND tgt_country = ? AND period = ? AND first_day = ? AND quad = ? AND status = ? AND n <= 0`)
		if err != nil {
			return fmt.Errorf("save stories: tone by period: %w", err)
		}
		defer del.Close()
		for _, k := range dropP {
			if _, err := del.ExecContext(ctx, k.Source, k.Target, k.Period, k.First, k.Quad, k.Status); err != nil {
				return fmt.Errorf("save stories: tone by period %s %s→%s: %w", store.DayISO(k.First), k.Source, k.Target, err)
			}
		}
	}
	return nil
}

// ClearStories deletes every story and tone cell.
func (s *Store) ClearStories(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("clear stories: %w", err)
	}
	defer tx.Rollback()
	for _, t := range []string{"story_events", "story_articles", "story_tone", "story_tone_period", "stories"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear stories: %s: %w", t, err)
		}
	}
	return tx.Commit()
}

// StoriesOfEvents maps event ids to the stories holding them.
func (s *Store) StoriesOfEvents(ctx context.Context, eventIDs []string) (map[string]string, error) {
	out := map[string]string{}
	const per = 500
	for lo := 0; lo < len(eventIDs); lo += per {
		chunk := eventIDs[lo:min(lo+per, len(eventIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.r.QueryContext(ctx, `SELECT event_id, story_id FROM story_events WHERE event_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("stories of events: %w", err)
		}
		for rows.Next() {
			var e, st string
			if err := rows.Scan(&e, &st); err != nil {
				rows.Close()
				return nil, fmt.Errorf("stories of events: %w", err)
			}
			out[e] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("stories of events: %w", err)
		}
	}
	return out, nil
}

// StoriesOfArticles returns the stories holding reports of the articles.
func (s *Store) StoriesOfArticles(ctx context.Context, articleIDs []string) ([]string, error) {
	// "article_id <> ''" lets the planner use the partial index on
	// article_id, which an IN list of parameters alone does not.
	return s.idsIn(ctx, "stories of articles", `SELECT DISTINCT story_id FROM story_articles WHERE article_id IN (%s) AND article_id <> '' ORDER BY story_id`, articleIDs)
}

// DeniedArticles returns the articles whose claims these articles deny.
func (s *Store) DeniedArticles(ctx context.Context, articleIDs []string) ([]string, error) {
	return s.idsIn(ctx, "denied articles", store.DeniedArticlesQuery("IN (%s)"), articleIDs)
}

// DisputedSentences returns the sentences carrying denials or denied
// claims.
func (s *Store) DisputedSentences(ctx context.Context, articleIDs []string) ([]store.ArticleSentence, error) {
	scan := func(r store.Scanner) (store.ArticleSentence, error) {
		var a store.ArticleSentence
		return a, r.Scan(&a.ArticleID, &a.Sentence)
	}
	if articleIDs == nil {
		out, err := queryAll(ctx, s.r, store.DisputedQuery(""), scan)
		if err != nil {
			return nil, fmt.Errorf("disputed sentences: %w", err)
		}
		return out, nil
	}
	var out []store.ArticleSentence
	for _, chunk := range chunks(articleIDs) {
		part, err := queryAll(ctx, s.r, store.DisputedQuery("IN ("+marks(len(chunk))+")"), scan, anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("disputed sentences: %w", err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// idsIn runs a query of one text column with an IN list (%s), in chunks,
// and returns the distinct values sorted.
func (s *Store) idsIn(ctx context.Context, what, q string, ids []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	scan := func(r store.Scanner) (string, error) {
		var v string
		return v, r.Scan(&v)
	}
	for _, chunk := range chunks(ids) {
		part, err := queryAll(ctx, s.r, fmt.Sprintf(q, marks(len(chunk))), scan, anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		for _, v := range part {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// chunks splits ids into lists short enough for one IN (…).
func chunks(ids []string) [][]string {
	const per = 500
	var out [][]string
	for lo := 0; lo < len(ids); lo += per {
		out = append(out, ids[lo:min(lo+per, len(ids))])
	}
	return out
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// StoryEvents returns the stored events of one story, by id.
func (s *Store) StoryEvents(ctx context.Context, storyID string) ([]record.Event, error) {
	out, err := queryAll(ctx, s.r, `SELECT `+dialect.EventSelect()+` FROM events WHERE id IN (SELECT event_id FROM story_events WHERE story_id = ?) ORDER BY id`, store.ScanEvent, storyID)
	if err != nil {
		return nil, fmt.Errorf("story %s: events: %w", storyID, err)
	}
	return out, nil
}

// UnstoriedEvents streams the events no story holds.
func (s *Store) UnstoriedEvents(ctx context.Context, fn func(*record.Event) error) error {
	// The anti-join runs over the primary key's index alone (ids and
	// rowids), and only the events it finds are read whole: walking the
	// table in date order to test each event cost seconds at a million.
	rows, err := s.r.QueryContext(ctx, `SELECT `+dialect.EventSelect()+` FROM events WHERE rowid IN
		(SELECT e.rowid FROM events e WHERE NOT EXISTS (SELECT 1 FROM story_events se WHERE se.event_id = e.id)) ORDER BY date, id`)
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
