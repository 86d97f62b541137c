package source

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// GDELT event exports: reading them into events (ImportGDELT) and writing
// events back in the same layout (ExportGDELT). A GDELT 2.0 export row has
// 61 tab-separated columns; GDELT 1.0 rows have 57 or 58 (no ADM2 codes,
// and the oldest files no SOURCEURL). Columns the record has a place for
// fill it; every other non-empty column is kept in Event.Extra under its
// header name, so an imported row exports again byte for byte.

// GDELTColumns are the GDELT 2.0 event export's columns, in file order.
var GDELTColumns = []string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
	"NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// gdeltRole says where a column goes in the record.
type gdeltRole uint8

const (
	roleExtra gdeltRole = iota // kept in Extra
	roleID
	roleDate
	roleSrcCode
	roleSrcName
	roleSrcCountry
	roleTgtCode
	roleTgtName
	roleTgtCountry
	roleCAMEO
	roleRoot
	roleQuad
	roleGoldstein
	roleGeoName
	roleURL
)

// gdeltCheck is what a column's text must look like.
type gdeltCheck uint8

const (
	checkNone  gdeltCheck = iota
	checkInt              // a whole number, or empty
	checkFloat            // a finite number, or empty
)

var gdeltRoles = map[string]gdeltRole{
	"GLOBALEVENTID": roleID, "SQLDATE": roleDate,
	"Actor1Code": roleSrcCode, "Actor1Name": roleSrcName, "Actor1CountryCode": roleSrcCountry,
	"Actor2Code": roleTgtCode, "Actor2Name": roleTgtName, "Actor2CountryCode": roleTgtCountry,
	"EventCode": roleCAMEO, "EventRootCode": roleRoot, "QuadClass": roleQuad, "GoldsteinScale": roleGoldstein,
	"ActionGeo_FullName": roleGeoName, "SOURCEURL": roleURL,
}

func gdeltCheckOf(name string) gdeltCheck {
	switch {
	case name == "MonthYear" || name == "Year" || name == "IsRootEvent" || name == "NumMentions" ||
		name == "NumSources" || name == "NumArticles" || strings.HasSuffix(name, "Geo_Type") || name == "DATEADDED":
		return checkInt
	case name == "FractionDate" || name == "AvgTone" || strings.HasSuffix(name, "_Lat") || strings.HasSuffix(name, "_Long"):
		return checkFloat
	}
	return checkNone
}

// gdeltLayout is one of the row shapes GDELT has published.
type gdeltLayout struct {
	names  []string
	roles  []gdeltRole
	checks []gdeltCheck
}

func newGDELTLayout(names []string) *gdeltLayout {
	l := &gdeltLayout{names: names, roles: make([]gdeltRole, len(names)), checks: make([]gdeltCheck, len(names))}
	for i, n := range names {
		l.roles[i] = gdeltRoles[n]
		l.checks[i] = gdeltCheckOf(n)
	}
	return l
}

var (
	gdelt2Layout = newGDELTLayout(GDELTColumns)
	// GDELT 1.0 is the 2.0 layout without the three ADM2 columns; its
	// daily files before April 2013 also lack SOURCEURL.
	gdelt1Names   = gdeltWithout(GDELTColumns, "Actor1Geo_ADM2Code", "Actor2Geo_ADM2Code", "ActionGeo_ADM2Code")
	gdelt1Layout  = newGDELTLayout(gdelt1Names)
	gdelt1Layout0 = newGDELTLayout(gdelt1Names[:len(gdelt1Names)-1])
)

func gdeltWithout(names []string, drop ...string) []string {
	var out []string
next:
	for _, n := range names {
		for _, d := range drop {
			if n == d {
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}

// GDELTRowError is a malformed export row: where it is and what is wrong.
type GDELTRowError struct {
	Where  string // FILE:LINE
	Column int    // 1-based column number; 0 when the row as a whole is wrong
	Name   string // the column's header name
	Err    error
}

func (e *GDELTRowError) Error() string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, "column %d (%s): ", e.Column, e.Name)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *GDELTRowError) Unwrap() error { return e.Err }

// ParseGDELTRow reads one export row (no line end) into an event with id
// "gdelt-<GLOBALEVENTID>". A malformed row gives a *GDELTRowError naming
// the column.
func ParseGDELTRow(line string) (record.Event, error) {
	var buf [64]string
	var e record.Event
	if err := gdeltParseInto(&e, gdeltSplit(buf[:0], line)); err != nil {
		return record.Event{}, err
	}
	return e, nil
}

func gdeltSplit(dst []string, s string) []string {
	for {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}

// gdeltParseInto parses the fields of one row into e. The map and the
// actor and location records e holds from an earlier row are cleared and
// used again; on an error e holds no meaningful event.
func gdeltParseInto(e *record.Event, f []string) error {
	var l *gdeltLayout
	switch len(f) {
	case len(gdelt2Layout.names):
		l = gdelt2Layout
	case len(gdelt1Layout.names):
		l = gdelt1Layout
	case len(gdelt1Layout0.names):
		l = gdelt1Layout0
	default:
		return &GDELTRowError{Err: fmt.Errorf("%d columns, want 61 (GDELT 2.0) or 57/58 (GDELT 1.0)", len(f))}
	}
	extra := e.Extra
	if extra == nil {
		extra = make(map[string]string, 48)
	} else {
		clear(extra)
	}
	oldSrc, oldTgt, oldLoc := e.Source, e.Target, e.Location
	*e = record.Event{DatePrecision: "day", Extra: extra}
	var src, tgt record.Actor
	var geoName string
	bad := func(i int, format string, args ...any) error {
		return &GDELTRowError{Column: i + 1, Name: l.names[i], Err: fmt.Errorf(format, args...)}
	}
	for i, v := range f {
		if !utf8.ValidString(v) {
			return bad(i, "not UTF-8 text")
		}
		if strings.IndexByte(v, 0) >= 0 {
			return bad(i, "holds a NUL byte")
		}
		switch l.roles[i] {
		case roleExtra:
			if err := gdeltCheckValue(v, l.checks[i]); err != nil {
				return bad(i, "%v", err)
			}
			if v != "" {
				e.Extra[l.names[i]] = v
			}
		case roleID:
			if v == "" || !gdeltDigits(v) {
				return bad(i, "%q is not a whole number", v)
			}
			e.ID, e.ExtID = "gdelt-"+v, v
		case roleDate:
			d, ok := gdeltDate(v)
			if !ok {
				return bad(i, "%q is not a date (YYYYMMDD)", v)
			}
			e.Date = d
		case roleSrcCode:
			src.Code = v
		case roleSrcName:
			src.Name = v
		case roleSrcCountry:
			src.Country = v
		case roleTgtCode:
			tgt.Code = v
		case roleTgtName:
			tgt.Name = v
		case roleTgtCountry:
			tgt.Country = v
		case roleCAMEO:
			e.CAMEO = v
		case roleRoot:
			e.Root = v
		case roleQuad:
			q, err := strconv.Atoi(v)
			if err != nil || q < 1 || q > 4 {
				return bad(i, "%q is not a quad class (1-4)", v)
			}
			e.Quad = q
			if strconv.Itoa(q) != v {
				e.Extra[l.names[i]] = v // keep the text as written, e.g. "01"
			}
		case roleGoldstein:
			g, err := gdeltFloat(v)
			if err != nil || g < -10 || g > 10 {
				return bad(i, "%q is not a Goldstein value (-10 to 10)", v)
			}
			e.Goldstein = g
			if gdeltGoldstein(g) != v {
				e.Extra[l.names[i]] = v // keep the text as written, e.g. GDELT 1.0's "4"
			}
		case roleGeoName:
			geoName = v
		case roleURL:
			e.SourceURL = v
		}
	}
	if src != (record.Actor{}) {
		e.Source = gdeltReuse(oldSrc)
		*e.Source = src
	}
	if tgt != (record.Actor{}) {
		e.Target = gdeltReuse(oldTgt)
		*e.Target = tgt
	}
	if fips := e.Extra["ActionGeo_CountryCode"]; geoName != "" || fips != "" {
		e.Location = gdeltReuse(oldLoc)
		*e.Location = record.Location{Name: geoName, Country: fipsToISO3[fips]}
	}
	if c, ok := cameo.Default().Nearest(e.CAMEO); ok {
		e.PLOVER = c.PLOVER
	}
	return nil
}

// gdeltReuse returns p, or a new T where p is nil.
func gdeltReuse[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}

func gdeltCheckValue(v string, c gdeltCheck) error {
	if v == "" {
		return nil // GDELT leaves numbers out where it has none (no geography, no coordinates)
	}
	switch c {
	case checkInt:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
	case checkFloat:
		if _, err := gdeltFloat(v); err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
	}
	return nil
}

// gdeltFloat parses a decimal number, refusing NaN, infinities and the
// hexadecimal and underscore forms Go accepts but GDELT never writes.
func gdeltFloat(s string) (float64, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, errors.New("not a number")
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, errors.New("not a number")
	}
	return f, nil
}

func gdeltDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// gdeltDate turns SQLDATE (YYYYMMDD) into an ISO date; GDELT's back-dated
// events keep the date GDELT gave them.
func gdeltDate(v string) (string, bool) {
	if len(v) != 8 || !gdeltDigits(v) {
		return "", false
	}
	if _, err := time.Parse("20060102", v); err != nil {
		return "", false
	}
	return v[:4] + "-" + v[4:6] + "-" + v[6:], true
}

// gdeltGoldstein writes a Goldstein value as GDELT does: shortest form,
// always with a decimal point ("-2.0", "3.4").
func gdeltGoldstein(g float64) string {
	s := strconv.FormatFloat(g, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// GDELTOptions configure ImportGDELT.
type GDELTOptions struct {
	BatchSize int       // events handed to the store at a time; 0 means 5,000
	Stdin     io.Reader // read for "-"; nil means os.Stdin
	// OnError is called for each malformed row (a *GDELTRowError) and each
	// file that cannot be read, from one goroutine.
	OnError func(error)
	// OnStored is called after each batch is stored with the rows it held
	// (with a bulk load, stored in its open transaction).
	OnStored func(rows int)
}

// ImportGDELT reads GDELT event export files (plain, or .zip archives as
// GDELT publishes them; "-" is stdin) and stores their rows as events.
// Rows already stored (same GLOBALEVENTID) are counted as duplicates. A
// malformed row is reported and counted as failed, and the rest of the file
// still goes in; a file that cannot be read counts as one failure. A store
// with a bulk path (store.EventBulkLoader) takes the rows through it, in
// transactions as large as it sees fit; other stores get one transaction a
// batch (PutEvents). When the import stops on an error, Stored counts only
// the rows that stay stored. The error is non-nil only when storing fails
// or the context ends.
func ImportGDELT(ctx context.Context, st store.Store, paths []string, opt GDELTOptions) (Summary, error) {
	size := opt.BatchSize
	if size <= 0 {
		size = 5000
	}
	report := func(err error) {
		if opt.OnError != nil {
			opt.OnError(err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A store with a bulk path loads the whole import through it.
	put := st.PutEvents
	var bulk store.EventBulk
	if bl, ok := st.(store.EventBulkLoader); ok {
		var err error
		if bulk, err = bl.BeginEventBulk(ctx); err != nil {
			return Summary{}, fmt.Errorf("store events: %w", err)
		}
		defer bulk.Rollback()
		put = bulk.Put
	}
	// Parsing runs ahead of storing on its own goroutine, so the two
	// overlap. A bulk load keeps nothing of a batch once it is stored, so
	// its batches go back to the reader, which parses rows into them again
	// (their maps and records included) instead of making new ones.
	batches := make(chan []record.Event, 2)
	free := make(chan []record.Event, 3)
	var sum Summary
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		defer close(batches)
		batch := make([]record.Event, 0, size)
		slot := func() *record.Event { return &batch[:len(batch)+1][len(batch)] }
		emit := func(err error) bool {
			sum.Read++
			if err != nil {
				sum.Failed++
				report(err)
				return true
			}
			batch = batch[:len(batch)+1]
			if len(batch) == size {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return false
				}
				select {
				case batch = <-free:
				default:
					batch = make([]record.Event, 0, size)
				}
			}
			return true
		}
		for _, p := range paths {
			if err := gdeltReadPath(p, opt.Stdin, slot, emit); err != nil {
				sum.Failed++
				report(err)
			}
			if ctx.Err() != nil {
				return
			}
		}
		if len(batch) > 0 {
			select {
			case batches <- batch:
			case <-ctx.Done():
			}
		}
	}()
	var stored, handed int
	var err error
	for b := range batches {
		if err != nil {
			continue // drain so the reader can finish
		}
		var n int
		n, err = put(ctx, b)
		if err != nil {
			err = fmt.Errorf("store events: %w", err)
			cancel()
			continue
		}
		stored += n
		handed += len(b)
		if opt.OnStored != nil {
			opt.OnStored(len(b))
		}
		if bulk != nil && len(b) == size {
			select {
			case free <- b[:0]:
			default:
			}
		}
	}
	<-readDone
	if err == nil {
		err = ctx.Err()
	}
	if bulk != nil {
		if err == nil {
			if err = bulk.Commit(ctx); err != nil {
				err = fmt.Errorf("store events: %w", err)
			}
		}
		if err != nil {
			// What the load had not made durable is gone.
			bulk.Rollback()
			lost := stored - bulk.Durable()
			stored -= lost
			handed -= lost
		}
	}
	sum.Stored = stored
	sum.Duplicates = handed - stored
	return sum, err
}

// gdeltReadPath reads one input; the error is for the input as a whole.
func gdeltReadPath(path string, stdin io.Reader, slot func() *record.Event, emit func(error) bool) error {
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		return gdeltRead(stdin, "-", slot, emit)
	}
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		return gdeltReadZip(path, slot, emit)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, cleanPathErr(err))
	}
	defer f.Close()
	return gdeltRead(f, path, slot, emit)
}

// gdeltReadZip reads every file in a zip archive. GDELT's archives hold
// one export each; its rows are then named by the archive's path alone.
func gdeltReadZip(path string, slot func() *record.Event, emit func(error) bool) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, cleanPathErr(err))
	}
	defer zr.Close()
	var files []*zip.File
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: the archive holds no file", path)
	}
	for _, f := range files {
		where := path
		if len(files) > 1 {
			where = path + "!" + f.Name
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		err = gdeltRead(rc, where, slot, emit)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// gdeltMaxLine bounds one row; real rows are well under 2 KB.
const gdeltMaxLine = 1 << 20

// gdeltRead reads rows from r, named where in errors. Each row is parsed
// into the event slot gives and handed over with emit(nil), or reported
// with emit(err) (a *GDELTRowError), after which the slot is free again.
// emit returning false stops.
func gdeltRead(r io.Reader, where string, slot func() *record.Event, emit func(error) bool) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var fields []string
	var long []byte
	for lineNo := 1; ; lineNo++ {
		chunk, err := br.ReadSlice('\n')
		tooLong := false
		if err == bufio.ErrBufferFull {
			long = append(long[:0], chunk...)
			for err == bufio.ErrBufferFull {
				chunk, err = br.ReadSlice('\n')
				if len(long) <= gdeltMaxLine {
					long = append(long, chunk...)
				}
			}
			tooLong = len(long) > gdeltMaxLine
			chunk = long
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %w", where, lineNo, err)
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(chunk, []byte("\n")), []byte("\r"))
		if len(line) > 0 || tooLong {
			var perr error
			if tooLong {
				perr = &GDELTRowError{Err: fmt.Errorf("line longer than %d bytes", gdeltMaxLine)}
			} else {
				fields = gdeltSplit(fields[:0], string(line))
				perr = gdeltParseInto(slot(), fields)
			}
			if perr != nil {
				var re *GDELTRowError
				if errors.As(perr, &re) {
					re.Where = where + ":" + strconv.Itoa(lineNo)
				}
			}
			if !emit(perr) {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// GDELTWriter writes events as GDELT 2.0 export rows.
//
// An imported GDELT event gives back its row as it was read. Events sitrep
// coded itself fill the columns that map — GLOBALEVENTID, the dates,
// both actors' code, name and country, the event, base and root codes, quad
// class, Goldstein value, ActionGeo_FullName and ActionGeo_CountryCode (ISO
// back to FIPS), SOURCEURL — and leave the rest empty. Their GLOBALEVENTID
// is 10^12 plus the first 52 bits of the SHA-256 of the event id: stable
// from one export to the next, and far above GDELT's own ids.
type GDELTWriter struct {
	w   *bufio.Writer
	buf []byte
	// ArticleURL, when set, gives the URL of an event's article for
	// SOURCEURL where the event has none of its own.
	ArticleURL func(articleID string) string
}

// NewGDELTWriter writes to w; header adds a first line of column names.
func NewGDELTWriter(w io.Writer, header bool) (*GDELTWriter, error) {
	gw := &GDELTWriter{w: bufio.NewWriterSize(w, 64<<10)}
	if header {
		if _, err := gw.w.WriteString(strings.Join(GDELTColumns, "\t") + "\n"); err != nil {
			return nil, err
		}
	}
	return gw, nil
}

// Write writes one event as one row.
func (gw *GDELTWriter) Write(e *record.Event) error {
	url := e.SourceURL
	if url == "" && e.ArticleID != "" && gw.ArticleURL != nil {
		url = gw.ArticleURL(e.ArticleID)
	}
	gw.buf = gdeltAppendRow(gw.buf[:0], e, url)
	gw.buf = append(gw.buf, '\n')
	_, err := gw.w.Write(gw.buf)
	return err
}

// Flush writes out what is buffered.
func (gw *GDELTWriter) Flush() error { return gw.w.Flush() }

// FormatGDELTRow returns the event as one GDELT 2.0 export row, without a
// line end.
func FormatGDELTRow(e *record.Event) string {
	return string(gdeltAppendRow(nil, e, e.SourceURL))
}

func gdeltAppendRow(dst []byte, e *record.Event, url string) []byte {
	// An imported GDELT row gives back what it held; for other events the
	// columns that follow from the record are derived.
	own := !strings.HasPrefix(e.ID, "gdelt-")
	var src, tgt record.Actor
	if e.Source != nil {
		src = *e.Source
	}
	if e.Target != nil {
		tgt = *e.Target
	}
	var geoName, geoISO string
	if e.Location != nil {
		geoName, geoISO = e.Location.Name, e.Location.Country
	}
	for i, name := range GDELTColumns {
		if i > 0 {
			dst = append(dst, '\t')
		}
		var v string
		switch gdelt2Layout.roles[i] {
		case roleID:
			v = gdeltID(e)
		case roleDate:
			v = strings.ReplaceAll(gdeltFirstDay(e.Date), "-", "")
		case roleSrcCode:
			v = src.Code
		case roleSrcName:
			v = src.Name
		case roleSrcCountry:
			v = src.Country
		case roleTgtCode:
			v = tgt.Code
		case roleTgtName:
			v = tgt.Name
		case roleTgtCountry:
			v = tgt.Country
		case roleCAMEO:
			v = e.CAMEO
		case roleRoot:
			v = e.Root
		case roleQuad:
			v = strconv.Itoa(e.Quad)
			if raw, ok := e.Extra[name]; ok {
				if q, err := strconv.Atoi(raw); err == nil && q == e.Quad {
					v = raw
				}
			}
		case roleGoldstein:
			v = gdeltGoldstein(e.Goldstein)
			if raw, ok := e.Extra[name]; ok {
				if g, err := gdeltFloat(raw); err == nil && g == e.Goldstein {
					v = raw
				}
			}
		case roleGeoName:
			v = geoName
		case roleURL:
			v = url
		default:
			if own {
				v = gdeltDerived(name, e, geoISO)
			} else {
				v = e.Extra[name]
			}
		}
		dst = gdeltAppendField(dst, v)
	}
	return dst
}

// gdeltAppendField appends v with tabs and line ends turned into spaces, so a
// value from sitrep's own records cannot break the row apart.
func gdeltAppendField(dst []byte, v string) []byte {
	if strings.ContainsAny(v, "\t\r\n") {
		v = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\n' {
				return ' '
			}
			return r
		}, v)
	}
	return append(dst, v...)
}

// gdeltDerived fills the columns of an own event that follow from
// its record; the others stay empty.
func gdeltDerived(name string, e *record.Event, geoISO string) string {
	switch name {
	case "MonthYear", "Year", "FractionDate":
		t, err := time.Parse("2006-01-02", gdeltFirstDay(e.Date))
		if err != nil {
			return ""
		}
		switch name {
		case "MonthYear":
			return t.Format("200601")
		case "Year":
			return t.Format("2006")
		}
		// GDELT's approximation: the year plus (30-day months + day) / 365.
		f := float64(t.Year()) + float64((int(t.Month())-1)*30+t.Day())/365
		return strconv.FormatFloat(f, 'f', 4, 64)
	case "EventBaseCode":
		if len(e.CAMEO) >= 3 {
			return e.CAMEO[:3]
		}
		return e.CAMEO
	case "ActionGeo_CountryCode":
		return iso3ToFIPS[geoISO]
	}
	return ""
}

// gdeltFirstDay widens a date cut to its precision ("2025", "2025-02") to its
// first day: GDELT dates are always days.
func gdeltFirstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}

// gdeltOwnIDBase puts the GLOBALEVENTIDs of sitrep's own events above GDELT's.
const gdeltOwnIDBase = 1_000_000_000_000

func gdeltID(e *record.Event) string {
	if gdeltDigits(e.ExtID) {
		return e.ExtID
	}
	sum := sha256.Sum256([]byte(e.ID))
	return strconv.FormatUint(gdeltOwnIDBase+binary.BigEndian.Uint64(sum[:8])>>12, 10)
}

// GDELTExport says which events ExportGDELT writes and how.
type GDELTExport struct {
	Filter store.EventFilter
	// Actor keeps events where either side's country is this code.
	Actor  string
	Header bool
}

// ExportGDELT writes the stored events matching x to w as GDELT 2.0 export
// rows, streaming them in date order, and returns how many it wrote. Events
// without a SOURCEURL of their own get their article's URL.
func ExportGDELT(ctx context.Context, st store.Store, w io.Writer, x GDELTExport) (int, error) {
	gw, err := NewGDELTWriter(w, x.Header)
	if err != nil {
		return 0, err
	}
	// Events come in date order, so an article's events come close
	// together: a small cache saves most look-ups.
	urls := map[string]string{}
	gw.ArticleURL = func(id string) string {
		if u, ok := urls[id]; ok {
			return u
		}
		if len(urls) >= 4096 {
			clear(urls)
		}
		var u string
		if a, err := st.GetArticle(ctx, id); err == nil {
			u = a.URL
			if u == "" {
				u = a.CanonicalURL
			}
		}
		urls[id] = u
		return u
	}
	f := x.Filter
	limit := f.Limit
	if x.Actor != "" {
		f.Limit = 0 // the actor test runs here, so the limit must too
	}
	n := 0
	errEnough := errors.New("enough")
	err = st.EachEvent(ctx, f, func(e *record.Event) error {
		if x.Actor != "" && !gdeltHasCountry(e, x.Actor) {
			return nil
		}
		if err := gw.Write(e); err != nil {
			return err
		}
		n++
		if limit > 0 && n >= limit {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	if ferr := gw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

func gdeltHasCountry(e *record.Event, cc string) bool {
	return e.Source != nil && e.Source.Country == cc || e.Target != nil && e.Target.Country == cc
}
