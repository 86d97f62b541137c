package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
)

// The column lists and row codecs below are shared by both SQL dialects so
// the two stores cannot drift apart in what they keep.

// Scanner is a row: *sql.Row, *sql.Rows and pgx.Rows all fit.
type Scanner interface {
	Scan(dest ...any) error
}

// Dialect says how one backend spells the few things that differ.
type Dialect struct {
	// JSON wraps a JSON column for reading it back as text.
	JSON func(col string) string
	// Time wraps a timestamp column for reading it back as RFC 3339 text.
	Time func(col string) string
	// Param returns the placeholder for the n-th (1-based) argument.
	Param func(n int) string
	// Like is how a JSON column is compared with a LIKE pattern.
	Like func(col string) string
}

// JSONContains returns the left side of a LIKE test on a JSON column; the
// needle argument is only documentation of what the pattern holds.
func (d Dialect) JSONContains(col, needle string) string {
	return d.Like(col) + " LIKE"
}

// Params returns n placeholders starting at from, comma-separated.
func (d Dialect) Params(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Param(from + i))
	}
	return b.String()
}

// ArticleInsertColumns are written by PutArticle, in ArticleArgs order.
const ArticleInsertColumns = "id, ext_id, source, title, byline, url, canonical_url, date, published, lang, text, hash, origin, meta, ingested_at"

// ArticleArgs returns the values for ArticleInsertColumns.
func ArticleArgs(a *article.Article) []any {
	var canon, pub, meta any
	if a.CanonicalURL != "" {
		canon = a.CanonicalURL
	}
	if a.Published != nil {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	if len(a.Meta) > 0 {
		if b, err := json.Marshal(a.Meta); err == nil {
			meta = string(b)
		}
	}
	return []any{a.ID, a.ExtID, a.Source, a.Title, a.Byline, a.URL, canon, a.Date, pub, a.Lang, a.Text, a.Hash, a.Origin, meta, a.IngestedAt.UTC().Format(time.RFC3339Nano)}
}

// ArticleSelect returns the select list that ScanArticle reads.
func (d Dialect) ArticleSelect(prefix string) string {
	p := prefix
	return strings.Join([]string{p + "id", p + "ext_id", p + "source", p + "title", p + "byline", p + "url",
		"COALESCE(" + p + "canonical_url, '')", p + "date", d.Time(p + "published"), p + "lang", p + "text", p + "hash",
		p + "origin", d.JSON(p + "meta"), d.Time(p + "ingested_at")}, ", ")
}

// ScanArticle reads one row of ArticleSelect.
func ScanArticle(s Scanner, extra ...any) (article.Article, error) {
	var a article.Article
	var pub, meta sql.NullString
	var ingested string
	dest := []any{&a.ID, &a.ExtID, &a.Source, &a.Title, &a.Byline, &a.URL, &a.CanonicalURL, &a.Date, &pub, &a.Lang, &a.Text, &a.Hash, &a.Origin, &meta, &ingested}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return a, err
	}
	if pub.Valid && pub.String != "" {
		if t, err := parseTime(pub.String); err == nil {
			a.Published = &t
		}
	}
	if meta.Valid && meta.String != "" {
		if err := json.Unmarshal([]byte(meta.String), &a.Meta); err != nil {
			return a, fmt.Errorf("article %s: meta: %w", a.ID, err)
		}
	}
	a.IngestedAt, _ = parseTime(ingested)
	return a, nil
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05-07", "2006-01-02T15:04:05.999999999-07", "2006-01-02 15:04:05.999999999-07"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}

// jsonArg encodes a JSON column's value; the record types of every event
// are written by hand (they are the bulk of an import's encoding work),
// anything else through encoding/json.
func jsonArg(v any) any {
	var b strings.Builder
	field := func(name, val string, always bool) {
		if val == "" && !always {
			return
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		writeJSONString(&b, name)
		b.WriteByte(':')
		writeJSONString(&b, val)
	}
	switch x := v.(type) {
	case *record.Actor:
		if x == nil {
			return nil
		}
		b.WriteByte('{')
		field("code", x.Code, true)
		field("country", x.Country, false)
		field("name", x.Name, false)
		field("text", x.Text, false)
		field("igo", x.IGO, false)
		b.WriteByte('}')
		return b.String()
	case *record.Location:
		if x == nil {
			return nil
		}
		b.WriteByte('{')
		field("name", x.Name, true)
		field("country", x.Country, false)
		b.WriteByte('}')
		return b.String()
	case *record.Rule:
		if x == nil {
			return nil
		}
		b.WriteByte('{')
		field("pattern", x.Pattern, true)
		field("dict", x.Dict, true)
		b.WriteByte('}')
		return b.String()
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(raw)
}

func jsonScan[T any](s sql.NullString, into **T) error {
	if !s.Valid || s.String == "" || s.String == "null" {
		return nil
	}
	v := new(T)
	if err := json.Unmarshal([]byte(s.String), v); err != nil {
		return err
	}
	*into = v
	return nil
}

// EventInsertColumns are written for each event, in EventArgs order.
const EventInsertColumns = "id, article_id, sentence, text, date, date_precision, src_code, src_country, tgt_code, tgt_country, source_actor, target_actor, cameo, root, quad, goldstein, plover, verb, location, negated, hedged, conditional, attributed_to, rule, ext_id, source_url, extra"

// EventArgs returns the values for EventInsertColumns.
func EventArgs(e *record.Event) []any {
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
	return []any{e.ID, art, e.Sentence, e.Text, e.Date, e.DatePrecision, sc, sco, tc, tco,
		jsonArg(e.Source), jsonArg(e.Target), e.CAMEO, e.Root, e.Quad, e.Goldstein, e.PLOVER, e.Verb,
		jsonArg(e.Location), e.Negated, e.Hedged, e.Conditional, jsonArg(e.AttributedTo), jsonArg(e.Rule), e.ExtID, e.SourceURL, extraArg(e.Extra)}
}

func extraArg(m map[string]string) any {
	if len(m) == 0 {
		return nil
	}
	return encodeStringMap(m)
}

// encodeStringMap writes a JSON object of strings, keys sorted; it is the
// hot path of bulk event imports, where reflection-based encoding of each
// row's extra fields cost more than storing the row.
func encodeStringMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	n := 2
	for k, v := range m {
		keys = append(keys, k)
		n += len(k) + len(v) + 6
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		writeJSONString(&b, m[k])
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSONString(b *strings.Builder, s string) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			const hex = "0123456789abcdef"
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// EventSelect returns the select list that ScanEvent reads.
func (d Dialect) EventSelect() string {
	return "id, COALESCE(article_id, ''), sentence, text, date, date_precision, " + d.JSON("source_actor") + ", " + d.JSON("target_actor") +
		", cameo, root, quad, goldstein, plover, verb, " + d.JSON("location") + ", negated, hedged, conditional, " +
		d.JSON("attributed_to") + ", " + d.JSON("rule") + ", ext_id, source_url, " + d.JSON("extra")
}

// ScanEvent reads one row of EventSelect.
func ScanEvent(s Scanner) (record.Event, error) {
	var e record.Event
	var src, tgt, loc, attr, rule, extra sql.NullString
	if err := s.Scan(&e.ID, &e.ArticleID, &e.Sentence, &e.Text, &e.Date, &e.DatePrecision, &src, &tgt,
		&e.CAMEO, &e.Root, &e.Quad, &e.Goldstein, &e.PLOVER, &e.Verb, &loc, &e.Negated, &e.Hedged, &e.Conditional,
		&attr, &rule, &e.ExtID, &e.SourceURL, &extra); err != nil {
		return e, err
	}
	if extra.Valid && extra.String != "" {
		if err := json.Unmarshal([]byte(extra.String), &e.Extra); err != nil {
			return e, fmt.Errorf("event %s: extra: %w", e.ID, err)
		}
	}
	for _, err := range []error{jsonScan(src, &e.Source), jsonScan(tgt, &e.Target), jsonScan(loc, &e.Location), jsonScan(attr, &e.AttributedTo), jsonScan(rule, &e.Rule)} {
		if err != nil {
			return e, fmt.Errorf("event %s: %w", e.ID, err)
		}
	}
	return e, nil
}

// ClaimInsertColumns are written for each claim, in ClaimArgs order.
const ClaimInsertColumns = "id, article_id, sentence, speaker, speaker_code, speaker_country, kind, verb, text, stance, hedged, date, denies"

// ClaimArgs returns the values for ClaimInsertColumns.
func ClaimArgs(c *record.Claim) []any {
	var code, country string
	if c.Speaker != nil {
		code, country = c.Speaker.Code, c.Speaker.Country
	}
	return []any{c.ID, c.ArticleID, c.Sentence, jsonArg(c.Speaker), code, country, c.Kind, c.Verb, c.Text, c.Stance, c.Hedged, c.Date, c.Denies}
}

// ClaimSelect returns the select list that ScanClaim reads.
func (d Dialect) ClaimSelect() string {
	return "id, article_id, sentence, " + d.JSON("speaker") + ", kind, verb, text, stance, hedged, date, denies"
}

// ScanClaim reads one row of ClaimSelect.
func ScanClaim(s Scanner) (record.Claim, error) {
	var c record.Claim
	var sp sql.NullString
	if err := s.Scan(&c.ID, &c.ArticleID, &c.Sentence, &sp, &c.Kind, &c.Verb, &c.Text, &c.Stance, &c.Hedged, &c.Date, &c.Denies); err != nil {
		return c, err
	}
	return c, jsonScan(sp, &c.Speaker)
}

// DeadlineInsertColumns are written for each deadline, in DeadlineArgs order.
const DeadlineInsertColumns = "id, article_id, sentence, text, due, precision, kind, what, actors, status"

// DeadlineArgs returns the values for DeadlineInsertColumns.
func DeadlineArgs(d *record.Deadline) []any {
	status := d.Status
	if status == "" {
		status = "open"
	}
	actors := d.Actors
	if actors == nil {
		actors = []record.Actor{}
	}
	return []any{d.ID, d.ArticleID, d.Sentence, d.Text, d.Due, d.Precision, d.Kind, d.What, jsonArg(actors), status}
}

// DeadlineSelect returns the select list that ScanDeadline reads.
func (d Dialect) DeadlineSelect() string {
	return "id, article_id, sentence, text, due, precision, kind, what, " + d.JSON("actors") + ", status"
}

// ScanDeadline reads one row of DeadlineSelect.
func ScanDeadline(s Scanner) (record.Deadline, error) {
	var d record.Deadline
	var actors sql.NullString
	if err := s.Scan(&d.ID, &d.ArticleID, &d.Sentence, &d.Text, &d.Due, &d.Precision, &d.Kind, &d.What, &actors, &d.Status); err != nil {
		return d, err
	}
	if actors.Valid && actors.String != "" {
		if err := json.Unmarshal([]byte(actors.String), &d.Actors); err != nil {
			return d, fmt.Errorf("deadline %s: actors: %w", d.ID, err)
		}
	}
	return d, nil
}

// FactInsertColumns are written for each fact, in FactArgs order.
const FactInsertColumns = "id, article_id, sentence, text, kind, subject, value, unit, direction, date, precision"

// FactArgs returns the values for FactInsertColumns.
func FactArgs(f *record.Fact) []any {
	return []any{f.ID, f.ArticleID, f.Sentence, f.Text, f.Kind, f.Subject, f.Value, f.Unit, f.Direction, f.Date, f.Precision}
}

// FactSelect returns the select list that ScanFact reads.
func (d Dialect) FactSelect() string { return FactInsertColumns }

// ScanFact reads one row of FactSelect.
func ScanFact(s Scanner) (record.Fact, error) {
	var f record.Fact
	err := s.Scan(&f.ID, &f.ArticleID, &f.Sentence, &f.Text, &f.Kind, &f.Subject, &f.Value, &f.Unit, &f.Direction, &f.Date, &f.Precision)
	return f, err
}

// PrepareRecords gives every record its article id and, where missing, a
// stable id derived from the article id, so re-extraction reproduces ids.
func PrepareRecords(articleID string, recs *record.Records) {
	if recs == nil {
		return
	}
	for i := range recs.Events {
		e := &recs.Events[i]
		e.ArticleID = articleID
		if e.ID == "" {
			e.ID = articleID + "-e" + strconv.Itoa(i)
		}
	}
	for i := range recs.Claims {
		c := &recs.Claims[i]
		c.ArticleID = articleID
		if c.ID == "" {
			c.ID = articleID + "-c" + strconv.Itoa(i)
		}
		// A denial of a claim in the same article names it by its index
		// ("#2"), since ids exist only once the article has one.
		if k, ok := strings.CutPrefix(c.Denies, "#"); ok {
			if n, err := strconv.Atoi(k); err == nil && n >= 0 && n < len(recs.Claims) {
				c.Denies = recs.Claims[n].ID
				if c.Denies == "" {
					c.Denies = articleID + "-c" + k
				}
			} else {
				c.Denies = ""
			}
		}
	}
	for i := range recs.Deadlines {
		d := &recs.Deadlines[i]
		d.ArticleID = articleID
		if d.ID == "" {
			d.ID = articleID + "-d" + strconv.Itoa(i)
		}
	}
	for i := range recs.Facts {
		f := &recs.Facts[i]
		f.ArticleID = articleID
		if f.ID == "" {
			f.ID = articleID + "-f" + strconv.Itoa(i)
		}
	}
}

// ArticleKey returns the identity an article is stored under: its
// canonical URL when it has one, else its content hash. The article id is
// derived from it, so the same report always gets the same id.
func ArticleKey(a *article.Article) string {
	if a.CanonicalURL != "" {
		return "url:" + a.CanonicalURL
	}
	return "hash:" + a.Hash
}

// EventWhere builds the WHERE clause and arguments for an EventFilter.
func (d Dialect) EventWhere(f EventFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", d.Param(len(args))))
	}
	if f.ArticleID != "" {
		add("article_id = ?", f.ArticleID)
	}
	if f.SourceCountry != "" {
		add("src_country = ?", f.SourceCountry)
	}
	if f.TargetCountry != "" {
		add("tgt_country = ?", f.TargetCountry)
	}
	if f.Root != "" {
		add("root = ?", f.Root)
	}
	if f.From != "" {
		add("date >= ?", f.From)
	}
	if f.To != "" {
		add("date <= ?", f.To)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ArticleWhere builds the WHERE clause and arguments for an ArticleFilter.
func (d Dialect) ArticleWhere(f ArticleFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", d.Param(len(args))))
	}
	if !f.Since.IsZero() {
		add("date >= ?", f.Since.Format("2006-01-02"))
	}
	if !f.Until.IsZero() {
		add("date < ?", f.Until.Format("2006-01-02"))
	}
	if f.Source != "" {
		add("source = ?", f.Source)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ArticleID returns the stable id for an article: 16 hex digits of the
// SHA-256 of its ArticleKey.
func ArticleID(a *article.Article) string {
	sum := sha256.Sum256([]byte(ArticleKey(a)))
	return hex.EncodeToString(sum[:8])
}

// RecordQuery builds the query for Claims, Deadlines or Facts.
func (d Dialect) RecordQuery(table string, f RecordFilter) (string, []any) {
	var sel, dateCol, kindCol, countryCond string
	switch table {
	case "claims":
		sel, dateCol, kindCol, countryCond = d.ClaimSelect(), "date", "stance", "speaker_country = ?"
	case "deadlines":
		sel, dateCol, kindCol = d.DeadlineSelect(), "due", "kind"
		countryCond = d.JSONContains("actors", `"country":"`) + " ?"
	default:
		sel, dateCol, kindCol = d.FactSelect(), "date", "kind"
	}
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", d.Param(len(args))))
	}
	if f.Country != "" && countryCond != "" {
		if table == "deadlines" {
			add(countryCond, "%\"country\":\""+f.Country+"\"%")
		} else {
			add(countryCond, f.Country)
		}
	}
	if f.From != "" {
		add(dateCol+" >= ?", f.From)
	}
	if f.To != "" {
		add(dateCol+" <= ?", f.To)
	}
	if f.Kind != "" {
		add(kindCol+" = ?", f.Kind)
	}
	q := "SELECT " + sel + " FROM " + table
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY " + dateCol + ", article_id, sentence, id LIMIT " + strconv.Itoa(Limit(f.Limit, 200))
	return q, args
}
