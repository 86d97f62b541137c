// Package sqlite is the embedded Store: one SQLite file (modernc.org/sqlite,
// pure Go) in WAL mode, with FTS5 for search.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

var dialect = store.Dialect{
	JSON:  func(c string) string { return c },
	Time:  func(c string) string { return c },
	Like:  func(c string) string { return c },
	Param: func(int) string { return "?" },
}

// Store is the SQLite implementation of store.Store.
type Store struct {
	w    *sql.DB // one connection: SQLite has one writer at a time
	r    *sql.DB // readers
	path string
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite %s: create directory: %w", path, err)
		}
	}
	q := url.Values{}
	// A 32 MiB page cache keeps large write batches from spilling to the
	// WAL before they commit.
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-32768)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(2, runtime.NumCPU()))
	s := &Store{w: w, r: r, path: path}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := store.Migrations("sqlite")
	if err != nil {
		return err
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("schema_version: %w", err)
	}
	applied, err := appliedVersions(ctx, s.w)
	if err != nil {
		return err
	}
	pending, err := store.Pending(ms, applied)
	if err != nil {
		return err
	}
	for _, m := range pending {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(version) VALUES (?)`, m.Version); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

func appliedVersions(ctx context.Context, db *sql.DB) (map[int]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_version`)
	if err != nil {
		return nil, fmt.Errorf("schema_version: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// Kind reports "sqlite".
func (s *Store) Kind() string { return "sqlite" }

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
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

// PutArticles stores a batch in one transaction, one savepoint an article.
func (s *Store) PutArticles(ctx context.Context, batch []store.Put) ([]store.PutResult, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO articles (`+store.ArticleInsertColumns+`) VALUES (`+dialect.Params(1, 15)+`) ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	results := make([]store.PutResult, len(batch))
	var seqs []int64
	for i, p := range batch {
		var seq int64
		results[i], seq = s.putOne(ctx, tx, ins, p.Article, p.Records)
		if results[i].Stored {
			seqs = append(seqs, seq)
		}
	}
	if err := indexNew(ctx, tx, seqs); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store %d articles: commit: %w", len(batch), err)
	}
	return results, nil
}

// indexNew adds the articles stored in this transaction to the full-text
// index, in one statement.
func indexNew(ctx context.Context, tx *sql.Tx, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	lo, hi := seqs[0], seqs[0]
	for _, q := range seqs {
		lo, hi = min(lo, q), max(hi, q)
	}
	// One writer at a time: the stored rows of this batch are exactly the
	// ones in [lo, hi] that are new, i.e. all of them (failed ones were
	// rolled back and their rowids are reused only after this commit).
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts(rowid, title, text) SELECT seq, title, text FROM articles WHERE seq BETWEEN ? AND ?`, lo, hi); err != nil {
		return fmt.Errorf("index new articles: %w", err)
	}
	return nil
}

func (s *Store) putOne(ctx context.Context, tx *sql.Tx, ins *sql.Stmt, a *article.Article, recs *record.Records) (r store.PutResult, seq int64) {
	if a.ID == "" {
		a.ID = store.ArticleID(a)
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT article`); err != nil {
		return store.PutResult{Err: err}, 0
	}
	defer func() {
		if r.Err != nil || !r.Stored {
			tx.ExecContext(ctx, `ROLLBACK TO article`)
		}
		tx.ExecContext(ctx, `RELEASE article`)
	}()
	res, err := ins.ExecContext(ctx, store.ArticleArgs(a)...)
	if err != nil {
		return store.PutResult{Err: fmt.Errorf("store article %s: %w", a.ID, err)}, 0
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE id = ? OR hash = ? OR canonical_url = ? LIMIT 1`, a.ID, a.Hash, a.CanonicalURL).Scan(&id)
		if err != nil {
			return store.PutResult{Err: fmt.Errorf("store article %s: find duplicate: %w", a.ID, err)}, 0
		}
		return store.PutResult{ID: id}, 0
	}
	seq, _ = res.LastInsertId()
	if err := insertRecords(ctx, tx, a.ID, recs); err != nil {
		return store.PutResult{Err: err}, 0
	}
	return store.PutResult{ID: a.ID, Stored: true}, seq
}

func insertRecords(ctx context.Context, tx *sql.Tx, articleID string, recs *record.Records) error {
	if recs == nil {
		return nil
	}
	store.PrepareRecords(articleID, recs)
	type table struct {
		name, cols string
		n          int
		args       func(i int) []any
	}
	tables := []table{
		{"events", store.EventInsertColumns, len(recs.Events), func(i int) []any { return store.EventArgs(&recs.Events[i]) }},
		{"claims", store.ClaimInsertColumns, len(recs.Claims), func(i int) []any { return store.ClaimArgs(&recs.Claims[i]) }},
		{"deadlines", store.DeadlineInsertColumns, len(recs.Deadlines), func(i int) []any { return store.DeadlineArgs(&recs.Deadlines[i]) }},
		{"facts", store.FactInsertColumns, len(recs.Facts), func(i int) []any { return store.FactArgs(&recs.Facts[i]) }},
	}
	for _, t := range tables {
		if t.n == 0 {
			continue
		}
		ncol := strings.Count(t.cols, ",") + 1
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+t.name+` (`+t.cols+`) VALUES (`+dialect.Params(1, ncol)+`)`)
		if err != nil {
			return fmt.Errorf("article %s: %s: %w", articleID, t.name, err)
		}
		for i := 0; i < t.n; i++ {
			if _, err := stmt.ExecContext(ctx, t.args(i)...); err != nil {
				stmt.Close()
				return fmt.Errorf("article %s: %s %d: %w", articleID, t.name, i, err)
			}
		}
		stmt.Close()
	}
	return nil
}

// ReplaceRecords swaps an article's records in one transaction.
func (s *Store) ReplaceRecords(ctx context.Context, articleID string, recs *record.Records) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, articleID).Scan(&one); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %s: %w", articleID, store.ErrNotFound)
		}
		return err
	}
	for _, t := range []string{"events", "claims", "deadlines", "facts"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE article_id = ?`, articleID); err != nil {
			return fmt.Errorf("article %s: clear %s: %w", articleID, t, err)
		}
	}
	if err := insertRecords(ctx, tx, articleID, recs); err != nil {
		return err
	}
	return tx.Commit()
}

// GetArticle returns one article by id.
func (s *Store) GetArticle(ctx context.Context, id string) (*article.Article, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+dialect.ArticleSelect("")+` FROM articles WHERE id = ?`, id)
	a, err := store.ScanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
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
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []article.Article
	for rows.Next() {
		a, err := store.ScanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountArticles returns the number of stored articles.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, err
}

// Search ranks articles by BM25 (title weighted over text) with a snippet.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	match, err := store.FTS5Query(store.ParseQuery(q.Text))
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+dialect.ArticleSelect("a.")+`,
		bm25(articles_fts, 5.0, 1.0) AS rank,
		snippet(articles_fts, 1, '[', ']', '…', 16)
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`, match, store.Limit(q.Limit, 20))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var hits []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		var rank float64
		a, err := store.ScanArticle(rows, &rank, &h.Snippet)
		if err != nil {
			return nil, err
		}
		h.Article, h.Score = a, -rank
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
	if recs.Claims, err = queryAll(ctx, s.r, `SELECT `+dialect.ClaimSelect()+` FROM claims WHERE article_id = ? ORDER BY sentence, id`, store.ScanClaim, articleID); err != nil {
		return nil, err
	}
	if recs.Deadlines, err = queryAll(ctx, s.r, `SELECT `+dialect.DeadlineSelect()+` FROM deadlines WHERE article_id = ? ORDER BY sentence, id`, store.ScanDeadline, articleID); err != nil {
		return nil, err
	}
	if recs.Facts, err = queryAll(ctx, s.r, `SELECT `+dialect.FactSelect()+` FROM facts WHERE article_id = ? ORDER BY sentence, id`, store.ScanFact, articleID); err != nil {
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
	return queryAll(ctx, s.r, q, store.ScanEvent, args...)
}

func queryAll[T any](ctx context.Context, db *sql.DB, q string, scan func(store.Scanner) (T, error), args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
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
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := store.ScanEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PutEvents stores article-less events in one transaction, skipping ids
// already stored. Rows go in 64 to a statement: bulk imports (GDELT) are
// bound by per-statement cost.
func (s *Store) PutEvents(ctx context.Context, events []record.Event) (int, error) {
	for i := range events {
		if events[i].ID == "" {
			return 0, fmt.Errorf("event %d of %d has no id", i+1, len(events))
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ncol := strings.Count(store.EventInsertColumns, ",") + 1
	const per = 64
	stmtFor := func(rows int) string {
		var b strings.Builder
		b.WriteString(`INSERT INTO events (` + store.EventInsertColumns + `) VALUES `)
		row := "(" + dialect.Params(1, ncol) + ")"
		for i := 0; i < rows; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(row)
		}
		b.WriteString(` ON CONFLICT (id) DO NOTHING`)
		return b.String()
	}
	full, err := tx.PrepareContext(ctx, stmtFor(per))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	stored := 0
	args := make([]any, 0, per*ncol)
	for start := 0; start < len(events); start += per {
		end := min(start+per, len(events))
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, store.EventArgs(&events[i])...)
		}
		var res sql.Result
		if end-start == per {
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, stmtFor(end-start), args...)
		}
		if err != nil {
			return 0, fmt.Errorf("events %s…%s: %w", events[start].ID, events[end-1].ID, err)
		}
		n, _ := res.RowsAffected()
		stored += int(n)
	}
	return stored, tx.Commit()
}

// EachArticle streams the articles matching f in storage order. Rows are
// read in pages by rowid, so no read transaction is held while fn runs
// (fn may write to the store).
func (s *Store) EachArticle(ctx context.Context, f store.ArticleFilter, fn func(*article.Article) error) error {
	where, args := dialect.ArticleWhere(f)
	if where == "" {
		where = " WHERE 1=1"
	}
	var after int64
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT `+dialect.ArticleSelect("")+`, seq FROM articles`+where+` AND seq > ? ORDER BY seq LIMIT 500`, append(args, after)...)
		if err != nil {
			return err
		}
		var page []article.Article
		for rows.Next() {
			a, err := store.ScanArticle(rows, &after)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
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
	return queryAll(ctx, s.r, q, store.ScanClaim, args...)
}

// Deadlines lists stored deadlines matching f, soonest due first.
func (s *Store) Deadlines(ctx context.Context, f store.RecordFilter) ([]record.Deadline, error) {
	q, args := dialect.RecordQuery("deadlines", f)
	return queryAll(ctx, s.r, q, store.ScanDeadline, args...)
}

// Facts lists stored facts matching f.
func (s *Store) Facts(ctx context.Context, f store.RecordFilter) ([]record.Fact, error) {
	q, args := dialect.RecordQuery("facts", f)
	return queryAll(ctx, s.r, q, store.ScanFact, args...)
}

// LinkClaim records that claimID denies deniesID.
func (s *Store) LinkClaim(ctx context.Context, claimID, deniesID string) error {
	return s.update(ctx, "claim", claimID, `UPDATE claims SET denies = ? WHERE id = ?`, deniesID, claimID)
}

// SetDeadlineStatus records a deadline's status.
func (s *Store) SetDeadlineStatus(ctx context.Context, deadlineID, status string) error {
	return s.update(ctx, "deadline", deadlineID, `UPDATE deadlines SET status = ? WHERE id = ?`, status, deadlineID)
}

func (s *Store) update(ctx context.Context, what, id, q string, a, b any) error {
	res, err := s.w.ExecContext(ctx, q, a, b)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %s: %w", what, id, store.ErrNotFound)
	}
	return nil
}
