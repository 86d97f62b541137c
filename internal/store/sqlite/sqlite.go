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
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// The writer's 32 MiB page cache keeps large write batches from
	// spilling to the WAL before they commit; each reader keeps 8 MiB.
	// Readers read pages through a memory map (the first 2 GiB of the
	// file, SQLite's limit) instead of a read call each: a page the system
	// already caches costs a copy, not a call. The writer does not: a
	// rebuild that clears and rewrites the story tables would otherwise
	// count every page it touched in the process's resident memory.
	dsn := func(cacheKiB int, mmap bool) string {
		q := url.Values{}
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)",
			"cache_size(-" + strconv.Itoa(cacheKiB) + ")"} {
			q.Add("_pragma", p)
		}
		if mmap {
			q.Add("_pragma", "mmap_size(2147418112)")
		}
		q.Set("_txlock", "immediate")
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn(32768, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn(8192, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	// WAL lets readers run beside the writer and each other, so the pool
	// is wider than the cores: a long read (a merge streaming every event
	// no story holds, a tone series) must not queue the short ones behind
	// it. Idle connections stay open, or each burst would open new ones
	// (a file, pragmas and the schema parsed again).
	readers := max(8, 4*runtime.NumCPU())
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
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
	return store.EachRow(rows, store.ScanEvent, fn)
}

// PutEvents stores article-less events in one transaction, skipping ids
// already stored. Bulk imports (GDELT) are bound by per-statement and
// per-value cost, so rows go many to a statement, and their values are
// encoded on another goroutine while SQLite stores the rows before them.
func (s *Store) PutEvents(ctx context.Context, events []record.Event) (int, error) {
	for i := range events {
		if events[i].ID == "" {
			return 0, fmt.Errorf("event %d of %d has no id", i+1, len(events))
		}
	}
	// Each multi-row INSERT keeps a statement journal of the pages it
	// changes (so it can be undone alone); kept in a temporary file it
	// costs a write per page, kept in memory a copy. Temporary storage
	// holds nothing that outlives the connection, so this costs no
	// durability; it is put back once the events are stored.
	if _, err := s.w.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return 0, err
	}
	defer s.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = DEFAULT`)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ncol := strings.Count(store.EventInsertColumns, ",") + 1
	per := eventRowsPerInsert
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
	var full *sql.Stmt
	if len(events) >= per {
		if full, err = tx.PrepareContext(ctx, stmtFor(per)); err != nil {
			return 0, err
		}
		defer full.Close()
	}
	// The encoder runs one chunk ahead at most; argument slices go back
	// to it for reuse.
	type chunk struct {
		start, end int
		args       []any
	}
	chunks := make(chan chunk, 2)
	free := make(chan []any, 3)
	stop := make(chan struct{})
	defer func() {
		// Stop the encoder and wait for it: events are the caller's again
		// once PutEvents returns.
		close(stop)
		for range chunks {
		}
	}()
	go func() {
		defer close(chunks)
		var enc eventEncoder
		for start := 0; start < len(events); start += per {
			end := min(start+per, len(events))
			var args []any
			select {
			case args = <-free:
			default:
				args = make([]any, 0, per*ncol)
			}
			for i := start; i < end; i++ {
				args = enc.appendArgs(args, &events[i])
			}
			select {
			case chunks <- chunk{start, end, args}:
			case <-stop:
				return
			}
		}
	}()
	stored := 0
	for c := range chunks {
		var res sql.Result
		if c.end-c.start == per {
			res, err = full.ExecContext(ctx, c.args...)
		} else {
			res, err = tx.ExecContext(ctx, stmtFor(c.end-c.start), c.args...)
		}
		if err != nil {
			return 0, fmt.Errorf("events %s…%s: %w", events[c.start].ID, events[c.end-1].ID, err)
		}
		n, _ := res.RowsAffected()
		stored += int(n)
		clear(c.args)
		select {
		case free <- c.args[:0]:
		default:
		}
	}
	return stored, tx.Commit()
}

// eventRowsPerInsert is how many rows one INSERT of PutEvents holds, well
// under SQLite's limit of 32,766 parameters.
const eventRowsPerInsert = 256

// eventEncoder turns events into the values for store.EventInsertColumns,
// exactly as store.EventArgs does, without its per-value allocations: the
// JSON columns of a row are written to one buffer and sliced from one
// string, and the extra map's keys are written in an order learnt once
// (sorted) instead of being sorted for every row.
type eventEncoder struct {
	buf     []byte
	keys    []string // sorted union of the extra keys seen so far
	keyJSON []string // each of keys as JSON, with the colon after it
	ends    [6]int
}

// appendArgs appends e's values for store.EventInsertColumns to args.
func (c *eventEncoder) appendArgs(args []any, e *record.Event) []any {
	var art any
	if e.ArticleID != "" {
		art = e.ArticleID
	}
	var sc, sco, tc, tco string
	if e.Source != nil {
		sc, sco = e.Source.Code, e.Source.Country
	}
	if e.Target != nil {
		tc, tco = e.Target.Code, e.Target.Country
	}
	b := c.buf[:0]
	b = appendActorJSON(b, e.Source)
	c.ends[0] = len(b)
	b = appendActorJSON(b, e.Target)
	c.ends[1] = len(b)
	if l := e.Location; l != nil {
		b = append(b, `{"name":`...)
		b = appendJSONString(b, l.Name)
		if l.Country != "" {
			b = append(b, `,"country":`...)
			b = appendJSONString(b, l.Country)
		}
		b = append(b, '}')
	}
	c.ends[2] = len(b)
	b = appendActorJSON(b, e.AttributedTo)
	c.ends[3] = len(b)
	if r := e.Rule; r != nil {
		b = append(b, `{"pattern":`...)
		b = appendJSONString(b, r.Pattern)
		b = append(b, `,"dict":`...)
		b = appendJSONString(b, r.Dict)
		b = append(b, '}')
	}
	c.ends[4] = len(b)
	b = c.appendExtra(b, e.Extra)
	c.ends[5] = len(b)
	c.buf = b
	all := string(b)
	var vals [6]any
	from := 0
	for i, to := range c.ends {
		if to > from {
			vals[i] = all[from:to]
		}
		from = to
	}
	return append(args, e.ID, art, e.Sentence, e.Text, e.Date, e.DatePrecision, sc, sco, tc, tco,
		vals[0], vals[1], e.CAMEO, e.Root, e.Quad, e.Goldstein, e.PLOVER, e.Verb,
		vals[2], e.Negated, e.Hedged, e.Conditional, vals[3], vals[4], e.ExtID, e.SourceURL, vals[5])
}

func appendActorJSON(b []byte, a *record.Actor) []byte {
	if a == nil {
		return b
	}
	b = append(b, `{"code":`...)
	b = appendJSONString(b, a.Code)
	for _, f := range [...]struct{ name, val string }{{`,"country":`, a.Country}, {`,"name":`, a.Name}, {`,"text":`, a.Text}, {`,"igo":`, a.IGO}} {
		if f.val != "" {
			b = append(b, f.name...)
			b = appendJSONString(b, f.val)
		}
	}
	return append(b, '}')
}

// appendExtra writes m as a JSON object with its keys sorted (nothing for
// an empty map).
func (c *eventEncoder) appendExtra(b []byte, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	start := len(b)
	b = append(b, '{')
	n := 0
	for i, k := range c.keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, c.keyJSON[i]...)
		b = appendJSONString(b, v)
		n++
	}
	if n == len(m) {
		return append(b, '}')
	}
	// A key not seen before: learn it and write the row again.
	known := make(map[string]bool, len(c.keys))
	for _, k := range c.keys {
		known[k] = true
	}
	for k := range m {
		if !known[k] {
			c.keys = append(c.keys, k)
		}
	}
	sort.Strings(c.keys)
	c.keyJSON = c.keyJSON[:0]
	for _, k := range c.keys {
		c.keyJSON = append(c.keyJSON, string(append(appendJSONString(nil, k), ':')))
	}
	return c.appendExtra(b[:start], m)
}

// jsonPlain marks the ASCII bytes that go into a JSON string as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString writes s as a JSON string, invalid UTF-8 replaced by
// U+FFFD, as store's encoder does.
func appendJSONString(b []byte, s string) []byte {
	q := len(b)
	b = append(b, '"')
	start := 0
	checked := false // whether s is known to be valid UTF-8
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c >= utf8.RuneSelf {
			if checked {
				continue
			}
			if !utf8.ValidString(s[i:]) {
				return appendJSONString(b[:q], strings.ToValidUTF8(s, "\uFFFD"))
			}
			checked = true
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\t':
			b = append(b, `\t`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
