// Package postgres is the scale-out Store on PostgreSQL (pgx/v5), with a
// generated tsvector column for search. It runs the same migration steps as
// the SQLite store, in its own dialect.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var dialect = store.Dialect{
	JSON:  func(c string) string { return c + "::text" },
	Time:  func(c string) string { return `to_char(` + c + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` },
	Like:  func(c string) string { return "replace(" + c + "::text, ' ', '')" },
	Param: func(n int) string { return "$" + strconv.Itoa(n) },
}

// migrationLock is the advisory lock key that serialises migrations
// between processes starting at once.
const migrationLock = 0x5174_7265_70

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; search_path may be given in it) and migrates the schema.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad DSN: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", cfg.ConnConfig.Host, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := store.Migrations("postgres")
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("schema_version: %w", err)
	}
	applied := map[int]bool{}
	rows, err := tx.Query(ctx, `SELECT version FROM schema_version`)
	if err != nil {
		return fmt.Errorf("schema_version: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	pending, err := store.Pending(ms, applied)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version(version) VALUES ($1)`, m.Version); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return tx.Commit(ctx)
}

// Kind reports "postgres".
func (s *Store) Kind() string { return "postgres" }

// Pool exposes the connection pool for packages that run their own SQL on
// this database (the job queue).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// ConcurrentWriters tells the ingest pipeline how many batches to write at
// once: PostgreSQL's indexing (tsvector, GIN) is the cost of a write, and
// several transactions spread it over the server's cores.
func (s *Store) ConcurrentWriters() int { return 4 }

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// PutArticle stores a and its records in one transaction, unless an article
// with the same canonical URL or content hash is already there.
func (s *Store) PutArticle(ctx context.Context, a *article.Article, recs *record.Records) (string, bool, error) {
	res, err := s.PutArticles(ctx, []store.Put{{Article: a, Records: recs}})
	if err != nil {
		return "", false, err
	}
	return res[0].ID, res[0].Stored, res[0].Err
}

// PutArticles stores a batch in one transaction. The fast path finds the
// batch's duplicates with one query and sends every insert in one pipelined
// round trip; if anything in it fails (a bad record, or another writer
// storing the same article meanwhile), the transaction is rolled back and
// the batch is stored again article by article, one savepoint each, so a
// failure stays with its own article.
//
// Concurrent writers insert in one order (by article id), and a batch that
// meets a deadlock or serialization failure anyway is retried whole.
func (s *Store) PutArticles(ctx context.Context, batch []store.Put) ([]store.PutResult, error) {
	for _, p := range batch {
		if p.Article.ID == "" {
			p.Article.ID = store.ArticleID(p.Article)
		}
	}
	var res []store.PutResult
	var err error
	for attempt := 0; attempt < 6; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 20 * time.Millisecond):
			}
		}
		res, err = s.putArticlesOnce(ctx, batch)
		if err == nil || !transient(err) {
			return res, err
		}
	}
	return res, err
}

// transient reports a failure that a retry can cure: a deadlock or a
// serialization failure between concurrent writers.
func transient(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

func (s *Store) putArticlesOnce(ctx context.Context, batch []store.Put) ([]store.PutResult, error) {
	if res, err := s.putFast(ctx, batch); err == nil {
		return res, nil
	} else if ctx.Err() != nil {
		return nil, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	results := make([]store.PutResult, len(batch))
	for _, i := range insertOrder(batch) {
		results[i] = putOne(ctx, tx, batch[i].Article, batch[i].Records)
		if transient(results[i].Err) {
			return nil, results[i].Err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("store %d articles: commit: %w", len(batch), err)
	}
	return results, nil
}

// insertOrder lists the batch's indices by article id, the one order every
// writer takes its row locks in. Equal ids keep their batch order, so the
// first copy is the one stored.
func insertOrder(batch []store.Put) []int {
	idx := make([]int, len(batch))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return batch[idx[a]].Article.ID < batch[idx[b]].Article.ID })
	return idx
}

func (s *Store) putFast(ctx context.Context, batch []store.Put) ([]store.PutResult, error) {
	results := make([]store.PutResult, len(batch))
	ids := make([]string, len(batch))
	hashes := make([]string, len(batch))
	urls := make([]string, 0, len(batch))
	for i, p := range batch {
		if p.Article.ID == "" {
			p.Article.ID = store.ArticleID(p.Article)
		}
		ids[i], hashes[i] = p.Article.ID, p.Article.Hash
		if p.Article.CanonicalURL != "" {
			urls = append(urls, p.Article.CanonicalURL)
		}
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	byID, byHash, byURL := map[string]string{}, map[string]string{}, map[string]string{}
	rows, err := tx.Query(ctx, `SELECT id, hash, COALESCE(canonical_url, '') FROM articles WHERE id = ANY($1) OR hash = ANY($2) OR canonical_url = ANY($3)`, ids, hashes, urls)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, h, u string
		if err := rows.Scan(&id, &h, &u); err != nil {
			rows.Close()
			return nil, err
		}
		byID[id], byHash[h] = id, id
		if u != "" {
			byURL[u] = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b := &pgx.Batch{}
	for _, i := range insertOrder(batch) {
		p := batch[i]
		a := p.Article
		if dup := firstOf(byID[a.ID], byHash[a.Hash], byURL[a.CanonicalURL]); dup != "" {
			results[i] = store.PutResult{ID: dup}
			continue
		}
		byID[a.ID], byHash[a.Hash] = a.ID, a.ID // later copies in this batch are duplicates
		if a.CanonicalURL != "" {
			byURL[a.CanonicalURL] = a.ID
		}
		b.Queue(`INSERT INTO articles (`+store.ArticleInsertColumns+`) VALUES (`+dialect.Params(1, 15)+`)`, store.ArticleArgs(a)...)
		queueRecords(b, a.ID, p.Records)
		results[i] = store.PutResult{ID: a.ID, Stored: true}
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return results, nil
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func putOne(ctx context.Context, tx pgx.Tx, a *article.Article, recs *record.Records) store.PutResult {
	if a.ID == "" {
		a.ID = store.ArticleID(a)
	}
	// A nested transaction is a savepoint: a failure rolls back this
	// article alone.
	sp, err := tx.Begin(ctx)
	if err != nil {
		return store.PutResult{Err: err}
	}
	defer sp.Rollback(ctx)
	var id string
	err = sp.QueryRow(ctx, `INSERT INTO articles (`+store.ArticleInsertColumns+`) VALUES (`+dialect.Params(1, 15)+`) ON CONFLICT DO NOTHING RETURNING id`, store.ArticleArgs(a)...).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err := sp.QueryRow(ctx, `SELECT id FROM articles WHERE id = $1 OR hash = $2 OR canonical_url = $3 LIMIT 1`, a.ID, a.Hash, a.CanonicalURL).Scan(&id)
		if err != nil {
			return store.PutResult{Err: fmt.Errorf("store article %s: find duplicate: %w", a.ID, err)}
		}
		return store.PutResult{ID: id}
	}
	if err != nil {
		return store.PutResult{Err: fmt.Errorf("store article %s: %w", a.ID, err)}
	}
	if err := insertRecords(ctx, sp, a.ID, recs); err != nil {
		return store.PutResult{Err: err}
	}
	if err := sp.Commit(ctx); err != nil {
		return store.PutResult{Err: fmt.Errorf("store article %s: %w", a.ID, err)}
	}
	return store.PutResult{ID: a.ID, Stored: true}
}

// insertRecords sends every record insert in one batch: one round trip.
func insertRecords(ctx context.Context, tx pgx.Tx, articleID string, recs *record.Records) error {
	if recs == nil {
		return nil
	}
	b := &pgx.Batch{}
	queueRecords(b, articleID, recs)
	if b.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("article %s: records: %w", articleID, err)
	}
	return nil
}

// queueRecords adds the inserts for an article's records to a batch.
func queueRecords(b *pgx.Batch, articleID string, recs *record.Records) {
	if recs == nil {
		return
	}
	store.PrepareRecords(articleID, recs)
	add := func(table, cols string, args []any) {
		n := strings.Count(cols, ",") + 1
		b.Queue(`INSERT INTO `+table+` (`+cols+`) VALUES (`+dialect.Params(1, n)+`)`, args...)
	}
	for i := range recs.Events {
		add("events", store.EventInsertColumns, store.EventArgs(&recs.Events[i]))
	}
	for i := range recs.Claims {
		add("claims", store.ClaimInsertColumns, store.ClaimArgs(&recs.Claims[i]))
	}
	for i := range recs.Deadlines {
		add("deadlines", store.DeadlineInsertColumns, store.DeadlineArgs(&recs.Deadlines[i]))
	}
	for i := range recs.Facts {
		add("facts", store.FactInsertColumns, store.FactArgs(&recs.Facts[i]))
	}
}

// ReplaceRecords swaps an article's records in one transaction.
func (s *Store) ReplaceRecords(ctx context.Context, articleID string, recs *record.Records) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var one int
	if err := tx.QueryRow(ctx, `SELECT 1 FROM articles WHERE id = $1 FOR UPDATE`, articleID).Scan(&one); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("article %s: %w", articleID, store.ErrNotFound)
		}
		return err
	}
	for _, t := range []string{"events", "claims", "deadlines", "facts"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE article_id = $1`, articleID); err != nil {
			return fmt.Errorf("article %s: clear %s: %w", articleID, t, err)
		}
	}
	if err := insertRecords(ctx, tx, articleID, recs); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// GetArticle returns one article by id.
func (s *Store) GetArticle(ctx context.Context, id string) (*article.Article, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+dialect.ArticleSelect("")+` FROM articles WHERE id = $1`, id)
	a, err := store.ScanArticle(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return &a, nil
}

// ListArticles lists articles newest first.
func (s *Store) ListArticles(ctx context.Context, f store.ArticleFilter) ([]article.Article, error) {
	where, args := dialect.ArticleWhere(f)
	q := `SELECT ` + dialect.ArticleSelect("") + ` FROM articles` + where +
		` ORDER BY date DESC, seq DESC LIMIT ` + strconv.Itoa(store.Limit(f.Limit, 100)) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	return queryAll(ctx, s.pool, q, func(r store.Scanner) (article.Article, error) { return store.ScanArticle(r) }, args...)
}

// CountArticles returns the number of stored articles.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, err
}

// Search ranks articles with ts_rank_cd over the weighted tsvector (title
// A, text B) and marks the matches with ts_headline.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	// websearch_to_tsquery takes raw user text without syntax errors and
	// keeps PostgreSQL's own reading of tokens such as "U.S."; the parse
	// only checks that something is to be looked for.
	if _, err := store.WebSearchQuery(store.ParseQuery(q.Text)); err != nil {
		return nil, err
	}
	ws := strings.ToValidUTF8(strings.ReplaceAll(q.Text, "\x00", ""), "")
	rows, err := s.pool.Query(ctx, `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
		top AS (
			SELECT a.seq, ts_rank_cd(a.tsv, q.query, 1) AS rank
			FROM articles a, q WHERE a.tsv @@ q.query
			ORDER BY rank DESC, a.seq LIMIT $2)
		SELECT `+dialect.ArticleSelect("a.")+`, top.rank::float8,
			ts_headline('english', left(a.text, 100000), q.query, 'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "')
		FROM top JOIN articles a ON a.seq = top.seq, q
		ORDER BY top.rank DESC, a.seq`, ws, store.Limit(q.Limit, 20))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var hits []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		a, err := store.ScanArticle(rows, &h.Score, &h.Snippet)
		if err != nil {
			return nil, err
		}
		h.Article = a
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// Records returns the records extracted from one article.
func (s *Store) Records(ctx context.Context, articleID string) (*record.Records, error) {
	recs := &record.Records{}
	var err error
	if recs.Events, err = s.Events(ctx, store.EventFilter{ArticleID: articleID, Limit: -1}); err != nil {
		return nil, err
	}
	if recs.Claims, err = queryAll(ctx, s.pool, `SELECT `+dialect.ClaimSelect()+` FROM claims WHERE article_id = $1 ORDER BY sentence, id`, store.ScanClaim, articleID); err != nil {
		return nil, err
	}
	if recs.Deadlines, err = queryAll(ctx, s.pool, `SELECT `+dialect.DeadlineSelect()+` FROM deadlines WHERE article_id = $1 ORDER BY sentence, id`, store.ScanDeadline, articleID); err != nil {
		return nil, err
	}
	if recs.Facts, err = queryAll(ctx, s.pool, `SELECT `+dialect.FactSelect()+` FROM facts WHERE article_id = $1 ORDER BY sentence, id`, store.ScanFact, articleID); err != nil {
		return nil, err
	}
	return recs, nil
}

// Events lists events matching f in date order.
func (s *Store) Events(ctx context.Context, f store.EventFilter) ([]record.Event, error) {
	where, args := dialect.EventWhere(f)
	q := `SELECT ` + dialect.EventSelect() + ` FROM events` + where + ` ORDER BY date, article_id, sentence, id`
	if f.Limit >= 0 {
		q += ` LIMIT ` + strconv.Itoa(store.Limit(f.Limit, 1000))
	}
	return queryAll(ctx, s.pool, q, store.ScanEvent, args...)
}

func queryAll[T any](ctx context.Context, pool *pgxpool.Pool, q string, scan func(store.Scanner) (T, error), args ...any) ([]T, error) {
	rows, err := pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// EachEvent streams the events matching f in date order.
func (s *Store) EachEvent(ctx context.Context, f store.EventFilter, fn func(*record.Event) error) error {
	where, args := dialect.EventWhere(f)
	q := `SELECT ` + dialect.EventSelect() + ` FROM events` + where + ` ORDER BY date, article_id, sentence, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.EachRow(rows, store.ScanEvent, fn)
}

// PutEvents stores article-less events in one transaction, skipping ids
// already stored; the inserts go in one pipelined round trip.
func (s *Store) PutEvents(ctx context.Context, events []record.Event) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	n := strings.Count(store.EventInsertColumns, ",") + 1
	q := `INSERT INTO events (` + store.EventInsertColumns + `) VALUES (` + dialect.Params(1, n) + `) ON CONFLICT (id) DO NOTHING`
	b := &pgx.Batch{}
	for i := range events {
		if events[i].ID == "" {
			return 0, fmt.Errorf("event %d of %d has no id", i+1, len(events))
		}
		b.Queue(q, store.EventArgs(&events[i])...)
	}
	br := tx.SendBatch(ctx, b)
	stored := 0
	for i := range events {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return 0, fmt.Errorf("event %s: %w", events[i].ID, err)
		}
		stored += int(tag.RowsAffected())
	}
	if err := br.Close(); err != nil {
		return 0, err
	}
	return stored, tx.Commit(ctx)
}

// EachArticle streams the articles matching f in storage order, a page at
// a time, so fn may write to the store.
func (s *Store) EachArticle(ctx context.Context, f store.ArticleFilter, fn func(*article.Article) error) error {
	where, args := dialect.ArticleWhere(f)
	if where == "" {
		where = " WHERE TRUE"
	}
	var after int64
	for {
		q := `SELECT ` + dialect.ArticleSelect("") + `, seq FROM articles` + where + ` AND seq > ` + dialect.Param(len(args)+1) + ` ORDER BY seq LIMIT 500`
		page, err := queryAll(ctx, s.pool, q, func(r store.Scanner) (article.Article, error) { return store.ScanArticle(r, &after) }, append(args, after)...)
		if err != nil {
			return err
		}
		for i := range page {
			if err := fn(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// Claims lists stored claims matching f.
func (s *Store) Claims(ctx context.Context, f store.RecordFilter) ([]record.Claim, error) {
	q, args := dialect.RecordQuery("claims", f)
	return queryAll(ctx, s.pool, q, store.ScanClaim, args...)
}

// Deadlines lists stored deadlines matching f, soonest due first.
func (s *Store) Deadlines(ctx context.Context, f store.RecordFilter) ([]record.Deadline, error) {
	q, args := dialect.RecordQuery("deadlines", f)
	return queryAll(ctx, s.pool, q, store.ScanDeadline, args...)
}

// Facts lists stored facts matching f.
func (s *Store) Facts(ctx context.Context, f store.RecordFilter) ([]record.Fact, error) {
	q, args := dialect.RecordQuery("facts", f)
	return queryAll(ctx, s.pool, q, store.ScanFact, args...)
}

// LinkClaim records that claimID denies deniesID.
func (s *Store) LinkClaim(ctx context.Context, claimID, deniesID string) error {
	return s.update(ctx, "claim", claimID, `UPDATE claims SET denies = $1 WHERE id = $2`, deniesID, claimID)
}

// SetDeadlineStatus records a deadline's status.
func (s *Store) SetDeadlineStatus(ctx context.Context, deadlineID, status string) error {
	return s.update(ctx, "deadline", deadlineID, `UPDATE deadlines SET status = $1 WHERE id = $2`, status, deadlineID)
}

func (s *Store) update(ctx context.Context, what, id, q string, a, b any) error {
	tag, err := s.pool.Exec(ctx, q, a, b)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s %s: %w", what, id, store.ErrNotFound)
	}
	return nil
}
