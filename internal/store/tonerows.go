package store

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tone by period. story_tone_period (migration 0009) keeps, beside the
// per-day story_tone, the same sums per direction, quad class and status
// for every day, ISO week and month, without the CAMEO root. Its days are
// integers, days since 1970-01-01: they compare and scan cheaper than text,
// which matters most to the pure-Go SQLite driver. ToneCells reads it,
// unless asked for one CAMEO root or for changed stories.

// The periods of story_tone_period, as stored in its period column.
const (
	periodDay   = "d"
	periodWeek  = "w"
	periodMonth = "m"
)

// tonePeriods are the periods every story is summed into.
var tonePeriods = []string{periodDay, periodWeek, periodMonth}

// TonePeriodKey is one row of story_tone_period: a direction, a period
// and its first day, a quad class and a status.
type TonePeriodKey struct {
	Source, Target string
	Period         string // "d", "w" or "m"
	First          int    // days since 1970-01-01
	Quad           int
	Status         string
}

// TonePeriodDeltas turns per-day tone deltas (AddTone's) into the deltas
// of story_tone_period: each day's change counts in its day, its ISO week
// and its month. A day that is not an ISO date is left out (CheckStories
// refuses such stories; one stored before migration 0009 never entered the
// table, so taking it away leaves nothing to undo).
func TonePeriodDeltas(m map[ToneKey]ToneDelta) map[TonePeriodKey]ToneDelta {
	out := make(map[TonePeriodKey]ToneDelta, len(m)*2)
	for k, d := range m {
		if d.Count == 0 && d.Tenths == 0 {
			continue
		}
		day, ok := DayNumber(k.Day)
		if !ok {
			continue
		}
		for _, p := range tonePeriods {
			pk := TonePeriodKey{Source: k.Source, Target: k.Target, Period: p, First: periodStart(p, day), Quad: k.Quad, Status: k.Status}
			acc := out[pk]
			acc.Count += d.Count
			acc.Tenths += d.Tenths
			out[pk] = acc
		}
	}
	return out
}

// TonePeriodKeys returns the keys of a delta map in primary-key order, so
// writers touch rows in one order and concurrent saves cannot deadlock.
func TonePeriodKeys(m map[TonePeriodKey]ToneDelta) []TonePeriodKey {
	keys := make([]TonePeriodKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b TonePeriodKey) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Period, b.Period),
			cmp.Compare(a.First, b.First), cmp.Compare(a.Quad, b.Quad), cmp.Compare(a.Status, b.Status))
	})
	return keys
}

// DayNumber returns the days since 1970-01-01 of the day a story dated
// date counts on (StoryDay), and false when that is not an ISO date. A day
// number past its month's end rolls into the next month, as the date
// arithmetic of migration 0009 does.
func DayNumber(date string) (int, bool) {
	d := StoryDay(date)
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(d[:4])
	m, ok2 := digits(d[5:7])
	day, ok3 := digits(d[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || day < 1 || day > 31 {
		return 0, false
	}
	return daysFromCivil(y, m, 1) + day - 1, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysFromCivil counts days from 1970-01-01 to a proleptic Gregorian
// date, in the era arithmetic of H. Hinnant's date algorithms.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is daysFromCivil's inverse.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// DayISO formats a day number as YYYY-MM-DD.
func DayISO(n int) string {
	y, m, d := civilFromDays(n)
	if y < 0 || y > 9999 {
		return time.Unix(int64(n)*86400, 0).UTC().Format(time.DateOnly)
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

// periodStart is the first day of the period p holding day n: the day
// itself, the Monday of its ISO week (1970-01-01 was a Thursday), or the
// first of its month.
func periodStart(p string, n int) int {
	switch p {
	case periodWeek:
		return n - ((n+3)%7+7)%7
	case periodMonth:
		y, m, _ := civilFromDays(n)
		return daysFromCivil(y, m, 1)
	}
	return n
}

// periodNext is the first day of the period after the one starting on s.
func periodNext(p string, s int) int {
	switch p {
	case periodWeek:
		return s + 7
	case periodMonth:
		y, m, _ := civilFromDays(s)
		if m == 12 {
			return daysFromCivil(y+1, 1, 1)
		}
		return daysFromCivil(y, m+1, 1)
	}
	return s + 1
}

// toneSpan is one range of story_tone_period rows a tone query reads:
// one period's rows whose first day lies in [lo, hi] (open where unset).
type toneSpan struct {
	period       string
	lo, hi       int
	hasLo, hasHi bool
}

// toneSpans splits a filter's date range into what story_tone_period
// answers it with: for weeks or months, the whole periods inside the range
// from their sums, and the days before the first and after the last whole
// period day by day.
func toneSpans(f StoryFilter) ([]toneSpan, error) {
	var p string
	switch strings.ToLower(f.Period) {
	case "", "day":
		p = periodDay
	case "week":
		p = periodWeek
	case "month":
		p = periodMonth
	default:
		return nil, fmt.Errorf("tone period %q: want day, week or month", f.Period)
	}
	var from, to int
	hasFrom, hasTo := f.From != "", f.To != ""
	if hasFrom {
		n, ok := DayNumber(f.From)
		if !ok {
			return nil, fmt.Errorf("tone from %q: not an ISO date", f.From)
		}
		from = n
	}
	if hasTo {
		n, ok := DayNumber(lastDay(f.To))
		if !ok {
			return nil, fmt.Errorf("tone to %q: not an ISO date", f.To)
		}
		to = n
	}
	if hasFrom && hasTo && from > to {
		return nil, nil
	}
	days := func(lo, hi int, hasLo, hasHi bool) toneSpan {
		return toneSpan{period: periodDay, lo: lo, hi: hi, hasLo: hasLo, hasHi: hasHi}
	}
	if p == periodDay {
		return []toneSpan{days(from, to, hasFrom, hasTo)}, nil
	}
	// The whole periods: the first starting on or after from, the last
	// ending on or before to.
	first, last := 0, 0
	if hasFrom {
		first = periodStart(p, from)
		if first < from {
			first = periodNext(p, first)
		}
	}
	if hasTo {
		last = periodStart(p, to)
		if periodNext(p, last)-1 > to {
			last = periodStart(p, last-1)
		}
	}
	if hasFrom && hasTo && first > last {
		return []toneSpan{days(from, to, true, true)}, nil
	}
	var out []toneSpan
	if hasFrom && from < first {
		out = append(out, days(from, first-1, true, true))
	}
	out = append(out, toneSpan{period: p, lo: first, hi: last, hasLo: hasFrom, hasHi: hasTo})
	if hasTo {
		if end := periodNext(p, last) - 1; end < to {
			out = append(out, days(end+1, to, true, true))
		}
	}
	return out, nil
}

// toneSide is one branch of a tone query's actor condition, with the
// countries it fixes: those are not read back for every row.
type toneSide struct {
	src, tgt string
	conds    []string
	args     []any
}

func toneSides(f StoryFilter) []toneSide {
	dyad := func(s, t string) toneSide {
		return toneSide{src: s, tgt: t, conds: []string{"src_country = ?", "tgt_country = ?"}, args: []any{s, t}}
	}
	either := func(c string) []toneSide {
		return []toneSide{
			{src: c, conds: []string{"src_country = ?"}, args: []any{c}},
			{tgt: c, conds: []string{"tgt_country = ?", "src_country <> ?"}, args: []any{c, c}},
		}
	}
	switch {
	case f.Source != "" && f.Target != "":
		out := []toneSide{dyad(f.Source, f.Target)}
		if f.Both && f.Source != f.Target {
			out = append(out, dyad(f.Target, f.Source))
		}
		return out
	case f.Both && (f.Source != "" || f.Target != ""):
		return either(f.Source + f.Target)
	case f.Source != "":
		return []toneSide{{src: f.Source, conds: []string{"src_country = ?"}, args: []any{f.Source}}}
	case f.Target != "":
		return []toneSide{{tgt: f.Target, conds: []string{"tgt_country = ?"}, args: []any{f.Target}}}
	case f.Actor != "":
		return either(f.Actor)
	}
	return []toneSide{{}}
}

// ToneCellsQuery builds the query ToneCells runs and the function that
// reads its rows; the rows come in no particular order (SortToneCells puts
// them in the store's). It reads story_tone_period, one GROUP BY per side
// and span joined with UNION ALL; with a root it reads story_tone, and
// with ChangedSince the stories (ToneQuery).
func (d Dialect) ToneCellsQuery(f StoryFilter, timeArg func(time.Time) any) (string, []any, func(Scanner) (ToneCell, error), error) {
	if f.Root != "" || !f.ChangedSince.IsZero() {
		q, args := d.ToneQuery(f, timeArg)
		return q, args, ScanToneCell, nil
	}
	spans, err := toneSpans(f)
	if err != nil {
		return "", nil, nil, err
	}
	sides := toneSides(f)
	var common storyBranch
	add := func(c string, v ...any) {
		common.conds, common.args = append(common.conds, c), append(common.args, v...)
	}
	if f.Actor != "" && (f.Source != "" || f.Target != "") {
		add("(src_country = ? OR tgt_country = ?)", f.Actor, f.Actor)
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
	// Each row's day, quad class and side travel packed in one integer,
	// and a country only where some side leaves it open: the pure-Go
	// SQLite driver pays for every column of every row it hands over.
	needSrc, needTgt := false, false
	for _, side := range sides {
		needSrc, needTgt = needSrc || side.src == "", needTgt || side.tgt == ""
	}
	nSides := len(sides)
	bd := &binder{d: d}
	var parts []string
	for i, side := range sides {
		cols, group := "", "first_day"
		if needSrc {
			if side.src == "" {
				cols, group = cols+", src_country AS src", group+", src_country"
			} else {
				cols += ", '' AS src"
			}
		}
		if needTgt {
			if side.tgt == "" {
				cols, group = cols+", tgt_country AS tgt", group+", tgt_country"
			} else {
				cols += ", '' AS tgt"
			}
		}
		key := "(first_day * 8 + quad) * " + strconv.Itoa(nSides) + " + " + strconv.Itoa(i)
		for _, sp := range spans {
			span := storyBranch{conds: []string{"period = ?"}, args: []any{sp.period}}
			if sp.hasLo {
				span.conds, span.args = append(span.conds, "first_day >= ?"), append(span.args, sp.lo)
			}
			if sp.hasHi {
				span.conds, span.args = append(span.conds, "first_day <= ?"), append(span.args, sp.hi)
			}
			parts = append(parts, "SELECT "+key+" AS k"+cols+", CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(goldstein_tenths) AS BIGINT) AS tenths FROM story_tone_period"+
				bd.where(storyBranch{conds: side.conds, args: side.args}, span, common)+" GROUP BY "+group+", quad")
		}
	}
	if len(parts) == 0 {
		// An empty range: a query that returns no rows.
		parts = append(parts, "SELECT 0 AS k, 0 AS n, 0 AS tenths WHERE 1 = 0")
		needSrc, needTgt = false, false
	}
	dates := map[int]string{}
	// One set of destinations for every row (rows are read one at a time).
	var key, tenths int64
	var src, tgt string
	var count int
	dest := []any{&key}
	if needSrc {
		dest = append(dest, &src)
	}
	if needTgt {
		dest = append(dest, &tgt)
	}
	dest = append(dest, &count, &tenths)
	scan := func(s Scanner) (ToneCell, error) {
		var c ToneCell
		if err := s.Scan(dest...); err != nil {
			return c, err
		}
		c.Source, c.Target, c.Count = src, tgt, count
		side := int(((key % int64(nSides)) + int64(nSides)) % int64(nSides))
		fq := (key - int64(side)) / int64(nSides)
		q := int(((fq % 8) + 8) % 8)
		day := int((fq - int64(q)) / 8)
		c.Quad = q
		if sd := sides[side]; sd.src != "" {
			c.Source = sd.src
		}
		if sd := sides[side]; sd.tgt != "" {
			c.Target = sd.tgt
		}
		iso, ok := dates[day]
		if !ok {
			iso = DayISO(day)
			dates[day] = iso
		}
		c.Date = iso
		c.GoldsteinSum = float64(tenths) / 10
		return c, nil
	}
	return strings.Join(parts, " UNION ALL "), bd.args, scan, nil
}

func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// SortToneCells puts cells in the store's order: date, source, target,
// quad class.
func SortToneCells(cells []ToneCell) {
	slices.SortFunc(cells, func(a, b ToneCell) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Quad, b.Quad))
	})
}
