package store

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/record"
)

// The story codecs and queries below are shared by both SQL dialects, as
// rows.go is for articles and records.

// StoryInsertColumns are written for each story, in StoryArgs order.
const StoryInsertColumns = "id, date, date_precision, day, src_code, src_country, tgt_code, tgt_country, source_actor, target_actor, cameo, root, quad, goldstein, goldstein_tenths, plover, label, text, location, status, sources, reports, outlets, first_seen, updated_at"

// StoryArgs returns the values for StoryInsertColumns; times are passed
// through timeArg so each dialect stores them its own way.
func StoryArgs(s *record.Story, timeArg func(time.Time) any) []any {
	var sc, sco, tc, tco string
	if s.Source != nil {
		sc, sco = s.Source.Code, s.Source.Country
	}
	if s.Target != nil {
		tc, tco = s.Target.Code, s.Target.Country
	}
	outlets := s.Outlets
	if outlets == nil {
		outlets = []string{}
	}
	return []any{s.ID, s.Date, s.DatePrecision, StoryDay(s.Date), sc, sco, tc, tco,
		jsonArg(s.Source), jsonArg(s.Target), s.CAMEO, s.Root, s.Quad, s.Goldstein, GoldsteinTenths(s.Goldstein), s.PLOVER, s.Label, s.Text,
		jsonArg(s.Location), s.Status, s.Sources, s.Reports, jsonArg(outlets), timeArg(s.FirstSeen), timeArg(s.UpdatedAt)}
}

// StoryDay is the day a story counts on in the tone aggregates: its date
// when that is a day, else the first day of its month or year, so that a
// story known only to its month still counts once.
func StoryDay(date string) string {
	switch len(date) {
	case 4:
		return date + "-01-01"
	case 7:
		return date + "-01"
	}
	if len(date) > 10 {
		return date[:10]
	}
	return date
}

// StorySelect returns the select list that ScanStory reads.
func (d Dialect) StorySelect() string {
	as := func(expr, name string) string { return expr + " AS " + name }
	return "id, date, date_precision, " + as(d.JSON("source_actor"), "source_actor") + ", " + as(d.JSON("target_actor"), "target_actor") +
		", cameo, root, quad, goldstein, plover, label, text, " + as(d.JSON("location"), "location") + ", status, sources, reports, " +
		as(d.JSON("outlets"), "outlets") + ", " + as(d.Time("first_seen"), "first_seen") + ", " + as(d.Time("updated_at"), "updated_at")
}

// ScanStory reads one row of StorySelect.
func ScanStory(s Scanner) (record.Story, error) {
	var st record.Story
	var src, tgt, loc, outlets sql.NullString
	var first, updated string
	if err := s.Scan(&st.ID, &st.Date, &st.DatePrecision, &src, &tgt, &st.CAMEO, &st.Root, &st.Quad, &st.Goldstein,
		&st.PLOVER, &st.Label, &st.Text, &loc, &st.Status, &st.Sources, &st.Reports, &outlets, &first, &updated); err != nil {
		return st, err
	}
	var err error
	if st.Source, err = scanActor(src); err != nil {
		return st, fmt.Errorf("story %s: source: %w", st.ID, err)
	}
	if st.Target, err = scanActor(tgt); err != nil {
		return st, fmt.Errorf("story %s: target: %w", st.ID, err)
	}
	if st.Location, err = scanLocation(loc); err != nil {
		return st, fmt.Errorf("story %s: location: %w", st.ID, err)
	}
	if st.Outlets, err = scanStrings(outlets); err != nil {
		return st, fmt.Errorf("story %s: outlets: %w", st.ID, err)
	}
	st.FirstSeen, st.UpdatedAt = storyTime(first), storyTime(updated)
	return st, nil
}

// storyTime reads a stored time: both dialects select times as UTC text
// in RFC 3339 with microseconds.
func storyTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, _ = parseTime(s)
	}
	return t.UTC()
}

// The JSON columns of a story row (actors, location, outlets) are read by
// hand: they are flat objects and arrays of strings, and decoding them
// through encoding/json's reflection was most of what a timeline page
// cost after the query itself. Anything the fast readers below do not
// expect (an escape, a number, nesting) goes to encoding/json instead,
// so they never read a value differently.

func scanActor(s sql.NullString) (*record.Actor, error) {
	if !s.Valid || s.String == "" || s.String == "null" {
		return nil, nil
	}
	a := new(record.Actor)
	ok := flatObject(s.String, func(k, v string) bool {
		switch k {
		case "code":
			a.Code = v
		case "country":
			a.Country = v
		case "name":
			a.Name = v
		case "text":
			a.Text = v
		case "igo":
			a.IGO = v
		default:
			return false
		}
		return true
	})
	if !ok {
		*a = record.Actor{}
		if err := json.Unmarshal([]byte(s.String), a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func scanLocation(s sql.NullString) (*record.Location, error) {
	if !s.Valid || s.String == "" || s.String == "null" {
		return nil, nil
	}
	l := new(record.Location)
	ok := flatObject(s.String, func(k, v string) bool {
		switch k {
		case "name":
			l.Name = v
		case "country":
			l.Country = v
		default:
			return false
		}
		return true
	})
	if !ok {
		*l = record.Location{}
		if err := json.Unmarshal([]byte(s.String), l); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// scanStrings reads a JSON array of strings; NULL, empty and null are an
// empty list.
func scanStrings(s sql.NullString) ([]string, error) {
	if !s.Valid || s.String == "" || s.String == "null" {
		return []string{}, nil
	}
	if out, ok := flatArray(s.String); ok {
		return out, nil
	}
	out := []string{}
	if err := json.Unmarshal([]byte(s.String), &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// jsonSpace skips JSON whitespace from i.
func jsonSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// plainString reads a JSON string at s[i] that holds no escape and no
// control character, returning it (a substring of s, not a copy) and the
// index after its closing quote; ok is false for anything else.
func plainString(s string, i int) (v string, next int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			v = s[i+1 : j]
			if !utf8.ValidString(v) {
				return "", i, false
			}
			return v, j + 1, true
		case c == '\\' || c < 0x20:
			return "", i, false
		}
	}
	return "", i, false
}

// flatObject calls set for each member of a JSON object whose values are
// all plain strings (see plainString), in order, and reports whether s
// was such an object and set took every member (set returns false for a
// key it does not know, spelled exactly); when it was not, set may have
// been called for some members already.
func flatObject(s string, set func(k, v string) bool) bool {
	i := jsonSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i = jsonSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return jsonSpace(s, i+1) == len(s)
	}
	for {
		k, j, ok := plainString(s, i)
		if !ok {
			return false
		}
		i = jsonSpace(s, j)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		v, j, ok := plainString(s, jsonSpace(s, i+1))
		if !ok {
			return false
		}
		if !set(k, v) {
			return false
		}
		i = jsonSpace(s, j)
		if i >= len(s) {
			return false
		}
		switch s[i] {
		case ',':
			i = jsonSpace(s, i+1)
		case '}':
			return jsonSpace(s, i+1) == len(s)
		default:
			return false
		}
	}
}

// flatArray reads a JSON array of plain strings (see plainString).
func flatArray(s string) ([]string, bool) {
	i := jsonSpace(s, 0)
	if i >= len(s) || s[i] != '[' {
		return nil, false
	}
	out := make([]string, 0, 1+strings.Count(s, ","))
	i = jsonSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return out, jsonSpace(s, i+1) == len(s)
	}
	for {
		v, j, ok := plainString(s, i)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		i = jsonSpace(s, j)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = jsonSpace(s, i+1)
		case ']':
			return out, jsonSpace(s, i+1) == len(s)
		default:
			return nil, false
		}
	}
}

// StoryArticleInsertColumns are written for each report of a story, in
// StoryArticleArgs order.
const StoryArticleInsertColumns = "story_id, pos, article_id, title, source, url, date, sentence, text, grp"

// StoryArticleArgs returns the values for StoryArticleInsertColumns.
func StoryArticleArgs(storyID string, pos int, a *record.StoryArticle) []any {
	return []any{storyID, pos, a.ID, a.Title, a.Source, a.URL, a.Date, a.Sentence, a.Text, a.Group}
}

// StoryArticleSelect is the select list that ScanStoryArticle reads.
const StoryArticleSelect = "article_id, title, source, url, date, sentence, text, grp"

// ScanStoryArticle reads one row of StoryArticleSelect.
func ScanStoryArticle(s Scanner) (record.StoryArticle, error) {
	var a record.StoryArticle
	err := s.Scan(&a.ID, &a.Title, &a.Source, &a.URL, &a.Date, &a.Sentence, &a.Text, &a.Group)
	return a, err
}

// ToneKey is one cell of the pre-aggregated tone table: a direction, a day,
// a CAMEO root and a status. Root and status are part of the key so that
// ToneCells can filter on them without reading the stories.
type ToneKey struct {
	Source, Target, Day, Root, Status string
	Quad                              int
}

// ToneDelta is a change to one tone cell: stories and Goldstein tenths.
type ToneDelta struct {
	Count  int
	Tenths int64
}

// GoldsteinTenths is a Goldstein value in tenths, the unit the tone table
// sums in: CAMEO scores have one decimal, so integer sums stay exact when
// stories are added and taken away again.
func GoldsteinTenths(g float64) int64 { return int64(math.Round(g * 10)) }

// AddTone adds (sign +1) or takes away (sign -1) a story's cell.
func AddTone(m map[ToneKey]ToneDelta, s *record.Story, sign int) {
	var src, tgt string
	if s.Source != nil {
		src = s.Source.Country
	}
	if s.Target != nil {
		tgt = s.Target.Country
	}
	k := ToneKey{Source: src, Target: tgt, Day: StoryDay(s.Date), Root: s.Root, Status: s.Status, Quad: s.Quad}
	d := m[k]
	d.Count += sign
	d.Tenths += int64(sign) * GoldsteinTenths(s.Goldstein)
	m[k] = d
}

// storyCursor is the position after the last story of a page: stories are
// ordered by (date, id), so the next page starts strictly after it.
type storyCursor struct{ date, id string }

// EncodeStoryCursor returns the opaque cursor for the page after s.
func EncodeStoryCursor(s *record.Story) string {
	return base64.RawURLEncoding.EncodeToString([]byte(s.Date + "\x00" + s.ID))
}

func decodeStoryCursor(c string) (storyCursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return storyCursor{}, fmt.Errorf("story cursor %q: not a cursor this store gave out", c)
	}
	date, id, ok := strings.Cut(string(b), "\x00")
	if !ok || id == "" {
		return storyCursor{}, fmt.Errorf("story cursor %q: not a cursor this store gave out", c)
	}
	return storyCursor{date, id}, nil
}

// storyBranch is one side of a possibly two-sided actor condition: a
// dyad in either direction, or an actor on either side, is asked as two
// index-ordered queries joined with UNION ALL, so each reads its own index
// in date order and stops at the page's end, instead of one OR that reads
// and sorts every story of the actor.
type storyBranch struct {
	conds []string
	args  []any
}

func storyBranches(f StoryFilter) []storyBranch {
	dyad := func(src, tgt string) storyBranch {
		return storyBranch{[]string{"src_country = ?", "tgt_country = ?"}, []any{src, tgt}}
	}
	either := func(c string) []storyBranch {
		return []storyBranch{
			{[]string{"src_country = ?"}, []any{c}},
			{[]string{"tgt_country = ?", "src_country <> ?"}, []any{c, c}},
		}
	}
	switch {
	case f.Source != "" && f.Target != "":
		bs := []storyBranch{dyad(f.Source, f.Target)}
		if f.Both && f.Source != f.Target {
			bs = append(bs, dyad(f.Target, f.Source))
		}
		return bs
	case f.Both && (f.Source != "" || f.Target != ""):
		return either(f.Source + f.Target)
	case f.Source != "":
		return []storyBranch{{[]string{"src_country = ?"}, []any{f.Source}}}
	case f.Target != "":
		return []storyBranch{{[]string{"tgt_country = ?"}, []any{f.Target}}}
	case f.Actor != "":
		return either(f.Actor)
	}
	return []storyBranch{{}}
}

// storyConds are the conditions every branch shares (the actor condition
// among them when a dyad filter already chose the branches). day names the
// column dates are compared on: the stories' own date for lists, the day
// column for tone.
func storyConds(f StoryFilter, day bool, timeArg func(time.Time) any) storyBranch {
	var b storyBranch
	add := func(c string, v ...any) { b.conds, b.args = append(b.conds, c), append(b.args, v...) }
	if f.Actor != "" && (f.Source != "" || f.Target != "") {
		add("(src_country = ? OR tgt_country = ?)", f.Actor, f.Actor)
	}
	switch {
	case day:
		if f.From != "" {
			add("day >= ?", StoryDay(f.From))
		}
		if f.To != "" {
			add("day <= ?", lastDay(f.To))
		}
	default:
		if f.From != "" {
			add("date >= ?", f.From)
		}
		if f.To != "" {
			// Every ISO date that starts with To (a day, or a month or
			// year within it) sorts below To+"~".
			add("date <= ?", f.To+"~")
		}
	}
	if f.Root != "" {
		add("root = ?", f.Root)
	}
	if f.Quad != 0 {
		add("quad = ?", f.Quad)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if len(f.Statuses) > 0 {
		add("status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ")+")", anyStrings(f.Statuses)...)
	}
	if !f.ChangedSince.IsZero() && timeArg != nil {
		add("updated_at > ?", timeArg(f.ChangedSince))
	}
	return b
}

// binder numbers placeholders across a whole statement, in text order.
type binder struct {
	d    Dialect
	args []any
}

func (bd *binder) where(parts ...storyBranch) string {
	var conds []string
	for _, p := range parts {
		k := 0
		for _, c := range p.conds {
			n := strings.Count(c, "?")
			for _, v := range p.args[k : k+n] {
				bd.args = append(bd.args, v)
				c = strings.Replace(c, "?", bd.d.Param(len(bd.args)), 1)
			}
			k += n
			conds = append(conds, c)
		}
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// StoriesQuery builds the query for Stories: limit+1 rows, so the caller
// knows whether a page follows.
func (d Dialect) StoriesQuery(f StoryFilter, timeArg func(time.Time) any) (string, []any, error) {
	return d.storiesQuery(f, timeArg, d.StorySelect())
}

// StoryRefsQuery builds the query for StoryRefs: the same rows as
// StoriesQuery, only the columns ScanStoryRef reads, which the dyad index
// holds (migration 0010), so a dyad's page never reads the table.
func (d Dialect) StoryRefsQuery(f StoryFilter, timeArg func(time.Time) any) (string, []any, error) {
	return d.storiesQuery(f, timeArg, "id, date, "+d.Time("updated_at")+" AS updated_at")
}

// ScanStoryRef reads one row of StoryRefsQuery.
func ScanStoryRef(s Scanner) (StoryRef, error) {
	var r StoryRef
	var updated string
	err := s.Scan(&r.ID, &r.Date, &updated)
	r.UpdatedAt = storyTime(updated)
	return r, err
}

// StoryRefPage cuts StoryRefsQuery's limit+1 rows to the page and returns
// the cursor of the page after, as StoryPage does.
func StoryRefPage(rows []StoryRef, f StoryFilter) ([]StoryRef, string) {
	limit := Limit(f.Limit, 100)
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	last := rows[limit-1]
	return rows, EncodeStoryCursor(&record.Story{ID: last.ID, Date: last.Date})
}

func (d Dialect) storiesQuery(f StoryFilter, timeArg func(time.Time) any, sel string) (string, []any, error) {
	limit := strconv.Itoa(Limit(f.Limit, 100) + 1)
	order, cmp := "date, id", ">"
	if f.Desc {
		order, cmp = "date DESC, id DESC", "<"
	}
	common := storyConds(f, false, timeArg)
	if f.Cursor != "" {
		c, err := decodeStoryCursor(f.Cursor)
		if err != nil {
			return "", nil, err
		}
		common.conds = append(common.conds, "(date "+cmp+" ? OR (date = ? AND id "+cmp+" ?))")
		common.args = append(common.args, c.date, c.date, c.id)
	}
	bd := &binder{d: d}
	var parts []string
	for _, b := range storyBranches(f) {
		parts = append(parts, "SELECT "+sel+" FROM stories"+bd.where(b, common)+" ORDER BY "+order+" LIMIT "+limit)
	}
	if len(parts) == 1 {
		return parts[0], bd.args, nil
	}
	var b strings.Builder
	b.WriteString("SELECT * FROM (")
	for i, p := range parts {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, "SELECT * FROM (%s) b%d", p, i)
	}
	b.WriteString(") u ORDER BY " + order + " LIMIT " + limit)
	return b.String(), bd.args, nil
}

// ToneQuery builds the query for ToneCells. It reads the pre-aggregated
// story_tone table, unless the filter asks what only the stories know
// (ChangedSince); then it sums the stories themselves.
func (d Dialect) ToneQuery(f StoryFilter, timeArg func(time.Time) any) (string, []any) {
	table, count := "story_tone", "CAST(SUM(n) AS BIGINT)"
	if !f.ChangedSince.IsZero() {
		table, count = "stories", "COUNT(*)"
	}
	tenths := "CAST(SUM(goldstein_tenths) AS BIGINT)"
	common := storyConds(f, true, timeArg)
	bd := &binder{d: d}
	var parts []string
	for _, b := range storyBranches(f) {
		parts = append(parts, "SELECT day, src_country, tgt_country, quad, "+count+" AS n, "+tenths+" AS tenths FROM "+table+
			bd.where(b, common)+" GROUP BY day, src_country, tgt_country, quad")
	}
	q := strings.Join(parts, " UNION ALL ")
	if len(parts) > 1 {
		q = "SELECT * FROM (" + q + ") u"
	}
	return q + " ORDER BY day, src_country, tgt_country, quad", bd.args
}

// lastDay is the last day an ISO date of any precision covers.
func lastDay(to string) string {
	switch len(to) {
	case 4:
		return to + "-12-31"
	case 7:
		t, err := time.Parse("2006-01", to)
		if err != nil {
			return to + "-31"
		}
		return t.AddDate(0, 1, -1).Format(time.DateOnly)
	}
	return to
}

// ScanToneCell reads one row of ToneQuery.
func ScanToneCell(s Scanner) (ToneCell, error) {
	var c ToneCell
	var tenths int64
	if err := s.Scan(&c.Date, &c.Source, &c.Target, &c.Quad, &c.Count, &tenths); err != nil {
		return c, err
	}
	c.GoldsteinSum = float64(tenths) / 10
	return c, nil
}

// StoryPage cuts a query's limit+1 rows to the page and returns the cursor
// of the page after (empty at the end).
func StoryPage(rows []record.Story, f StoryFilter) ([]record.Story, string, error) {
	limit := Limit(f.Limit, 100)
	if len(rows) <= limit {
		return rows, "", nil
	}
	rows = rows[:limit]
	return rows, EncodeStoryCursor(&rows[limit-1]), nil
}

// CheckStories refuses stories a store could not keep straight: no id, no
// date, a malformed root, or one event claimed by two stories of a batch.
func CheckStories(stories []record.Story) error {
	owner := map[string]string{}
	seen := map[string]bool{}
	for i := range stories {
		s := &stories[i]
		switch {
		case s.ID == "":
			return fmt.Errorf("story %d of %d has no id", i+1, len(stories))
		case seen[s.ID]:
			return fmt.Errorf("story %s is in the batch twice", s.ID)
		case s.Date == "":
			return fmt.Errorf("story %s has no date", s.ID)
		case !validDay(s.Date):
			return fmt.Errorf("story %s: date %q is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", s.ID, s.Date)
		case len(s.Root) != 2:
			return fmt.Errorf("story %s: CAMEO root %q is not two digits", s.ID, s.Root)
		}
		seen[s.ID] = true
		for _, e := range s.EventIDs {
			if o, ok := owner[e]; ok {
				return fmt.Errorf("event %s is in stories %s and %s", e, o, s.ID)
			}
			owner[e] = s.ID
		}
	}
	return nil
}

// validDay reports whether a story's date names a day the tone tables
// can count it on.
func validDay(date string) bool {
	_, ok := DayNumber(date)
	return ok
}

// ToneKeys returns the keys of a delta map in one order, so writers touch
// rows in the same order and concurrent saves cannot deadlock.
func ToneKeys(m map[ToneKey]ToneDelta) []ToneKey {
	keys := make([]ToneKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Root != b.Root {
			return a.Root < b.Root
		}
		return a.Status < b.Status
	})
	return keys
}

// DisputedQuery selects (article_id, sentence) of denials and of denied
// claims; inList is the dialect's "IN (…)"/"= ANY(…)" test on article_id,
// or "" for every article.
func DisputedQuery(inList string) string {
	q := `SELECT DISTINCT c.article_id, c.sentence FROM claims c
		WHERE (c.stance = 'deny' OR EXISTS (SELECT 1 FROM claims d WHERE d.denies = c.id))`
	if inList != "" {
		q += " AND c.article_id " + inList
	}
	return q + " ORDER BY c.article_id, c.sentence"
}

// DeniedArticlesQuery selects the articles of the claims that claims of
// the listed articles deny.
func DeniedArticlesQuery(inList string) string {
	return `SELECT DISTINCT c.article_id FROM claims d JOIN claims c ON c.id = d.denies
		WHERE d.denies <> '' AND d.article_id ` + inList + ` ORDER BY c.article_id`
}
