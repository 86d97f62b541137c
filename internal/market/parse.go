package market

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Format names a price-file layout that ParseSeries understands.
type Format string

const (
	FormatAuto  Format = "auto"  // detect from the header (also the zero value)
	FormatCSV   Format = "csv"   // a date column and one or more value columns
	FormatYahoo Format = "yahoo" // Date, Open, High, Low, Close[, Adj Close], Volume …
	FormatMOEX  Format = "moex"  // MOEX ISS export: ';', decimal comma, TRADEDATE dd.mm.yyyy, CLOSE
	FormatEIA   Format = "eia"   // Date, Price (EIA spot prices as datasets/oil-prices packs them)
)

// ParseOptions steer ParseSeries. The zero value detects everything.
type ParseOptions struct {
	Format Format
	// Column is the value column, by header name (case-insensitive) or, for
	// a file without a header, by 1-based position. Empty means the
	// format's close column: CLOSE (moex), Close (yahoo), Price (eia), and
	// for csv a column named close, price or value, or the only value column.
	Column string
	// DateColumn overrides the date column (same rules as Column). Empty
	// means TRADEDATE (moex), else the first column named date, day, month,
	// time or timestamp, else the first column.
	DateColumn string
	// MonthFirst reads slash dates such as 01/02/2025 as month/day/year.
	// Without it a file's slash dates are read day first unless some date
	// in the file (a part above 12) settles the order.
	MonthFirst bool
	// AllowNonPositive accepts zero and negative values: levels that are
	// not prices (indices of news counts, spreads) or the WTI close of
	// 20 April 2020. Returns cannot be computed across such a value.
	AllowNonPositive bool
}

// Parse errors; a *ParseError wraps one of them (or a sentinel from
// series.go) and says which line and column.
var (
	ErrFormat    = errors.New("unrecognised layout")
	ErrNoColumn  = errors.New("no such column")
	ErrBadDate   = errors.New("unreadable date")
	ErrBadNumber = errors.New("unreadable number")
)

// ParseError says what was wrong with which line of which series file.
type ParseError struct {
	Series string // the name given to ParseSeries
	Line   int    // 1-based line in the input; 0 when the whole file is at fault
	Column string // the column's header (or position), when one is at fault
	Value  string // the offending text, when there is one
	Detail string // extra words for a person, may be empty
	Err    error  // the sentinel: ErrBadNumber, ErrDuplicate, …
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("series ")
	b.WriteString(e.Series)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %s", e.Column)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": %q", e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// ParseSeries reads a daily series from r and names it name.
//
// Rows whose value cell is empty or a missing-value marker (NA, N/A, #N/A,
// null, ".", "-") are skipped: they are days without an observation. Any
// other unreadable cell, a NaN or infinite value, a zero or negative value
// (unless opt.AllowNonPositive), a repeated date or a date out of order is
// an error naming the line. Dates must run one way through the whole file:
// a file in strictly descending order (newest first) is accepted and
// reversed; any other disorder is an error. The result holds at least two
// prices.
func ParseSeries(r io.Reader, name string, opt ParseOptions) (Series, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Series{}, fmt.Errorf("series %s: read: %w", name, err)
	}
	p := parser{name: name, opt: opt}
	return p.parse(data)
}

type parser struct {
	name string
	opt  ParseOptions
}

func (p *parser) fail(line int, col, val string, err error, detail string) error {
	return &ParseError{Series: p.name, Line: line, Column: col, Value: val, Err: err, Detail: detail}
}

type rawRow struct {
	line       int
	date, text string
}

func (p *parser) parse(data []byte) (Series, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	delim := sniffDelimiter(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	var header []string
	hasHeader := true
	var rows []rawRow
	dateIdx, valIdx := -1, -1
	colName := ""
	format := p.opt.Format
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return Series{}, p.fail(line, "", "", ErrFormat, err.Error())
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if header == nil {
			header = make([]string, len(rec))
			for i, h := range rec {
				header[i] = strings.TrimSpace(h)
			}
			hasHeader = !looksLikeData(header)
			format, err = p.detect(format, header, hasHeader)
			if err != nil {
				return Series{}, err
			}
			dateIdx, valIdx, err = p.columns(format, header, hasHeader)
			if err != nil {
				return Series{}, err
			}
			colName = columnLabel(header, valIdx, hasHeader)
			if hasHeader {
				continue
			}
		}
		if dateIdx >= len(rec) || valIdx >= len(rec) {
			return Series{}, p.fail(line, "", "", ErrFormat,
				fmt.Sprintf("the row has %d fields but the date and value are in fields %d and %d", len(rec), dateIdx+1, valIdx+1))
		}
		rows = append(rows, rawRow{line: line, date: strings.TrimSpace(rec[dateIdx]), text: strings.TrimSpace(rec[valIdx])})
	}
	if header == nil {
		return Series{}, p.fail(0, "", "", ErrEmpty, "the input is empty")
	}
	monthFirst, err := p.slashOrder(rows)
	if err != nil {
		return Series{}, err
	}
	decimalComma := delim == ';' || format == FormatMOEX
	dateLabel := columnLabel(header, dateIdx, hasHeader)

	s := Series{Name: p.name, Prices: make([]Price, 0, len(rows))}
	var prev time.Time
	prevLine, dir := 0, 0
	for _, row := range rows {
		d, err := parseDate(row.date, monthFirst)
		if err != nil {
			return Series{}, p.fail(row.line, dateLabel, row.date, ErrBadDate, err.Error())
		}
		if prevLine > 0 {
			c := d.Compare(prev)
			switch {
			case c == 0:
				return Series{}, p.fail(row.line, dateLabel, row.date, ErrDuplicate, fmt.Sprintf("already on line %d", prevLine))
			case dir == 0:
				dir = c
			case c != dir:
				way := "ascending"
				if dir < 0 {
					way = "descending"
				}
				return Series{}, p.fail(row.line, dateLabel, row.date, ErrOutOfOrder,
					fmt.Sprintf("the file runs in %s date order but line %d has %s", way, prevLine, fmtDate(prev)))
			}
		}
		prev, prevLine = d, row.line
		if isMissing(row.text) {
			continue
		}
		v, err := parseNumber(row.text, decimalComma)
		if err != nil {
			return Series{}, p.fail(row.line, colName, row.text, err, "")
		}
		if v <= 0 && !p.opt.AllowNonPositive {
			return Series{}, p.fail(row.line, colName, row.text, ErrNonPositive,
				"a price must be positive; set AllowNonPositive (--allow-nonpositive) for levels that are not prices")
		}
		s.Prices = append(s.Prices, Price{Date: d, Close: v})
	}
	if dir < 0 {
		slices.Reverse(s.Prices)
	}
	switch len(s.Prices) {
	case 0:
		return Series{}, p.fail(0, colName, "", ErrEmpty, "no row has a value in this column")
	case 1:
		return Series{}, p.fail(0, colName, "", ErrTooShort, "only "+fmtDate(s.Prices[0].Date)+" has a value; returns need two prices")
	}
	return s, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// sniffDelimiter picks ';', tab or ',' by counting them on the first line.
func sniffDelimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	semi, comma, tab := bytes.Count(line, []byte{';'}), bytes.Count(line, []byte{','}), bytes.Count(line, []byte{'\t'})
	switch {
	case semi > 0 && semi >= comma && semi >= tab:
		return ';'
	case tab > comma:
		return '\t'
	}
	return ','
}

// looksLikeData says whether a first row is data rather than a header: its
// first field reads as a date and some other field as a number.
func looksLikeData(rec []string) bool {
	if len(rec) < 2 {
		return false
	}
	for i, f := range rec {
		if _, err := parseDate(f, false); err != nil {
			continue
		}
		for j, g := range rec {
			if _, err := parseNumber(g, true); err == nil && j != i {
				return true
			}
		}
		return false
	}
	return false
}

func (p *parser) detect(f Format, header []string, hasHeader bool) (Format, error) {
	has := func(names ...string) bool {
		for _, n := range names {
			if findColumn(header, n) < 0 {
				return false
			}
		}
		return true
	}
	switch f {
	case "", FormatAuto:
		switch {
		case !hasHeader:
			return FormatCSV, nil
		case has("TRADEDATE", "CLOSE"):
			return FormatMOEX, nil
		case strings.EqualFold(header[0], "date") && prefixed(header, "open") >= 0 && prefixed(header, "high") >= 0 &&
			prefixed(header, "low") >= 0 && closeColumn(header) >= 0:
			return FormatYahoo, nil
		case len(header) == 2 && has("date", "price"):
			return FormatEIA, nil
		}
		return FormatCSV, nil
	case FormatCSV:
		return f, nil
	case FormatMOEX:
		if !hasHeader || !has("TRADEDATE", "CLOSE") {
			return f, p.fail(1, "", "", ErrFormat, "a MOEX ISS file has TRADEDATE and CLOSE columns; this header has "+strings.Join(header, ", "))
		}
		return f, nil
	case FormatYahoo:
		if !hasHeader || !has("date") || closeColumn(header) < 0 {
			return f, p.fail(1, "", "", ErrFormat, "a Yahoo file has Date and Close columns; this header has "+strings.Join(header, ", "))
		}
		return f, nil
	case FormatEIA:
		if !hasHeader || !has("date", "price") {
			return f, p.fail(1, "", "", ErrFormat, "an EIA file has Date and Price columns; this header has "+strings.Join(header, ", "))
		}
		return f, nil
	}
	return f, p.fail(0, "", string(f), ErrFormat, "format must be auto, csv, yahoo, moex or eia")
}

// columns finds the date and value columns for the format.
func (p *parser) columns(f Format, header []string, hasHeader bool) (dateIdx, valIdx int, err error) {
	pick := func(want string) (int, error) {
		if hasHeader {
			if i := findColumn(header, want); i >= 0 {
				return i, nil
			}
		}
		if n, err := strconv.Atoi(want); err == nil && n >= 1 && n <= len(header) {
			return n - 1, nil
		}
		return -1, p.fail(1, want, "", ErrNoColumn, "columns are "+describeColumns(header, hasHeader))
	}
	if p.opt.DateColumn != "" {
		if dateIdx, err = pick(p.opt.DateColumn); err != nil {
			return
		}
	} else {
		dateIdx = 0
		if hasHeader {
			for _, n := range []string{"tradedate", "date", "day", "month", "time", "timestamp", "datetime"} {
				if i := findColumn(header, n); i >= 0 {
					dateIdx = i
					break
				}
			}
		} else {
			// no header: the first field that reads as a date
			for i, f := range header {
				if _, err := parseDate(f, false); err == nil {
					dateIdx = i
					break
				}
			}
		}
	}
	if p.opt.Column != "" {
		valIdx, err = pick(p.opt.Column)
	} else {
		valIdx = -1
		switch f {
		case FormatMOEX:
			valIdx = findColumn(header, "CLOSE")
		case FormatYahoo:
			valIdx = closeColumn(header)
		case FormatEIA:
			valIdx = findColumn(header, "price")
		default:
			if hasHeader {
				for _, n := range []string{"close", "price", "value"} {
					if valIdx = findColumn(header, n); valIdx >= 0 {
						break
					}
				}
			}
			if valIdx < 0 && len(header) == 2 {
				valIdx = 1 - dateIdx
			}
			if valIdx < 0 && !hasHeader {
				// no header: the one other field that reads as a number
				for i, f := range header {
					if _, err := parseNumber(f, true); err == nil && i != dateIdx {
						if valIdx >= 0 {
							valIdx = -1
							break
						}
						valIdx = i
					}
				}
			}
		}
		if valIdx < 0 {
			err = p.fail(1, "", "", ErrNoColumn, "several value columns; choose one of "+describeColumns(header, hasHeader)+" with Column (--column)")
		}
	}
	if err == nil && valIdx == dateIdx {
		err = p.fail(1, columnLabel(header, valIdx, hasHeader), "", ErrNoColumn, "the value column is the date column")
	}
	return
}

func findColumn(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	return -1
}

// closeColumn finds Yahoo's Close, or a renamed Close_XXX, but never Adj Close.
func closeColumn(header []string) int {
	if i := findColumn(header, "close"); i >= 0 {
		return i
	}
	return prefixed(header, "close")
}

// prefixed finds the first column whose name starts with prefix, ignoring case.
func prefixed(header []string, prefix string) int {
	for i, h := range header {
		if len(h) >= len(prefix) && strings.EqualFold(h[:len(prefix)], prefix) {
			return i
		}
	}
	return -1
}

func columnLabel(header []string, i int, hasHeader bool) string {
	if hasHeader && header[i] != "" {
		return header[i]
	}
	return strconv.Itoa(i + 1)
}

func describeColumns(header []string, hasHeader bool) string {
	if !hasHeader {
		return fmt.Sprintf("1 to %d (the file has no header)", len(header))
	}
	const most = 12
	if len(header) > most {
		return strings.Join(header[:most], ", ") + fmt.Sprintf(" … (%d in all)", len(header))
	}
	return strings.Join(header, ", ")
}

// slashOrder settles whether d/m/yyyy or m/d/yyyy: a part above 12 decides;
// otherwise the option (day first by default).
func (p *parser) slashOrder(rows []rawRow) (monthFirst bool, err error) {
	dayLine, monLine := 0, 0
	for _, r := range rows {
		a, b, ok := slashParts(r.date)
		if !ok {
			continue
		}
		if a > 12 && dayLine == 0 {
			dayLine = r.line
		}
		if b > 12 && monLine == 0 {
			monLine = r.line
		}
	}
	switch {
	case dayLine > 0 && monLine > 0:
		return false, p.fail(monLine, "", "", ErrBadDate,
			fmt.Sprintf("slash dates are day-first on line %d but month-first here", dayLine))
	case dayLine > 0:
		return false, nil
	case monLine > 0:
		return true, nil
	}
	return p.opt.MonthFirst, nil
}

func slashParts(s string) (a, b int, ok bool) {
	s, _, _ = strings.Cut(s, " ")
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	return a, b, err1 == nil && err2 == nil
}

var textLayouts = []string{"Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "02-Jan-2006", "2006-01-02T15:04:05Z07:00"}

// parseDate reads ISO (optionally followed by a time), yyyy/mm/dd,
// dd.mm.yyyy, d/m/yyyy (or m/d/yyyy), yyyymmdd and a few spelled-out forms.
func parseDate(s string, monthFirst bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	head := s
	if i := strings.IndexAny(s, " T"); i > 0 {
		head = s[:i]
	}
	var y, m, d int
	var ok bool
	switch {
	case strings.Count(head, "-") == 2:
		y, m, d, ok = ymd(strings.Split(head, "-"), 0, 1, 2)
	case strings.Count(head, ".") == 2:
		y, m, d, ok = ymd(strings.Split(head, "."), 2, 1, 0)
	case strings.Count(head, "/") == 2:
		parts := strings.Split(head, "/")
		switch {
		case len(parts[0]) == 4:
			y, m, d, ok = ymd(parts, 0, 1, 2)
		case monthFirst:
			y, m, d, ok = ymd(parts, 2, 0, 1)
		default:
			y, m, d, ok = ymd(parts, 2, 1, 0)
		}
	case len(head) == 8 && head == s:
		y, m, d, ok = ymd([]string{head[:4], head[4:6], head[6:]}, 0, 1, 2)
	}
	if !ok {
		for _, l := range textLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return Day(t), nil
			}
		}
		return time.Time{}, errors.New("expected a date such as 2025-02-12, 12.02.2025 or 12/02/2025")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such day: year %d, month %d, day %d", y, m, d)
	}
	return t, nil
}

func ymd(parts []string, yi, mi, di int) (y, m, d int, ok bool) {
	if len(parts) != 3 || len(parts[yi]) != 4 {
		return 0, 0, 0, false
	}
	for _, s := range parts {
		if s == "" || len(s) > 4 || strings.TrimLeft(s, "0123456789") != "" {
			return 0, 0, 0, false
		}
	}
	y, _ = strconv.Atoi(parts[yi])
	m, _ = strconv.Atoi(parts[mi])
	d, _ = strconv.Atoi(parts[di])
	return y, m, d, y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func isMissing(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "#n/a", "null", "none", ".", "-", "—":
		return true
	}
	return false
}

// parseNumber reads a decimal number. Spaces (also no-break spaces) are
// digit-group separators. A comma is the decimal mark where decimalComma
// is set or where the text has no point; with both marks, the later one is
// the decimal mark.
func parseNumber(s string, decimalComma bool) (float64, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '_':
			return -1
		}
		return r
	}, s)
	switch low := strings.ToLower(strings.TrimLeft(s, "+-")); low {
	case "nan":
		return 0, ErrNotFinite
	case "inf", "infinity":
		return 0, ErrNotFinite
	}
	comma, point := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case comma >= 0 && point >= 0:
		if comma > point {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case comma >= 0 && (decimalComma || strings.Count(s, ",") == 1):
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.TrimLeft(s, "0123456789.eE+-") != "" {
		return 0, ErrBadNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, ErrBadNumber
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNotFinite
	}
	return v, nil
}
