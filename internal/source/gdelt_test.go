package source_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

const gdelt2File = "corpora/gdelt/20191024143000.export.CSV"

// readLines returns a file's non-empty lines.
func readLines(tb testing.TB, path string) []string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSuffix(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func importGDELT(tb testing.TB, s store.Store, paths ...string) (source.Summary, []error) {
	tb.Helper()
	var errs []error
	sum, err := source.ImportGDELT(context.Background(), s, paths, source.GDELTOptions{OnError: func(err error) { errs = append(errs, err) }})
	if err != nil {
		tb.Fatal(err)
	}
	return sum, errs
}

func exportGDELT(tb testing.TB, s store.Store, x source.GDELTExport) []string {
	tb.Helper()
	var buf bytes.Buffer
	n, err := source.ExportGDELT(context.Background(), s, &buf, x)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if buf.Len() == 0 {
		lines = nil
	}
	if x.Header {
		n++
	}
	if n != len(lines) {
		tb.Fatalf("ExportGDELT says %d rows, wrote %d lines", n, len(lines))
	}
	return lines
}

// compareRows checks exported rows against the original ones field by
// field, matching them by GLOBALEVENTID, and reports each difference with
// its column name.
func compareRows(t *testing.T, orig, got []string) {
	t.Helper()
	if len(got) != len(orig) {
		t.Errorf("exported %d rows, the original has %d", len(got), len(orig))
	}
	byID := map[string][]string{}
	for _, l := range orig {
		f := strings.Split(l, "\t")
		byID[f[0]] = f
	}
	diffs := 0
	for _, l := range got {
		f := strings.Split(l, "\t")
		if len(f) != len(source.GDELTColumns) {
			t.Fatalf("exported row has %d columns: %q", len(f), l)
		}
		want, ok := byID[f[0]]
		if !ok {
			t.Errorf("exported row %s is not in the original", f[0])
			continue
		}
		delete(byID, f[0])
		for i := range f {
			if f[i] != want[i] {
				if diffs++; diffs <= 10 {
					t.Errorf("event %s, column %d %s: exported %q, original %q", f[0], i+1, source.GDELTColumns[i], f[i], want[i])
				}
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d fields differ", diffs)
	}
	if len(byID) > 0 {
		t.Errorf("%d original rows were not exported", len(byID))
	}
}

func testGDELTRoundTrip(t *testing.T, s store.Store) {
	path := shared.Path(t, gdelt2File)
	orig := readLines(t, path)
	sum, errs := importGDELT(t, s, path)
	if want := (source.Summary{Read: 2111, Stored: 2111}); sum != want || len(errs) > 0 {
		t.Fatalf("import: %+v, want %+v; errors %v", sum, want, errs)
	}
	got := exportGDELT(t, s, source.GDELTExport{})
	compareRows(t, orig, got)
	// Byte for byte, too: only the order differs (date, then id, against
	// GDELT's id order).
	sort.Strings(got)
	sort.Strings(orig)
	if strings.Join(got, "\n") != strings.Join(orig, "\n") {
		t.Error("the export is not the original file's rows, byte for byte")
	}
	again, errs := importGDELT(t, s, path)
	if want := (source.Summary{Read: 2111, Duplicates: 2111}); again != want || len(errs) > 0 {
		t.Errorf("re-import: %+v, want %+v", again, want)
	}
}

// The 2,111-row GDELT 2.0 export round-trips: import, export, every field
// equal to the original; a second import stores nothing.
func TestGDELTRoundTripSQLite(t *testing.T)   { testGDELTRoundTrip(t, openSQLite(t)) }
func TestGDELTRoundTripPostgres(t *testing.T) { testGDELTRoundTrip(t, openPostgres(t)) }

// GDELT 1.0 rows (57 and 58 columns) import too and export in the 2.0
// layout, with the ADM2 columns (and SOURCEURL where 1.0 had none) empty.
func TestGDELT1Rows(t *testing.T) {
	path := shared.Path(t, "corpora/gdelt/gdelt1_events_sample_20160728.tsv")
	s := openSQLite(t)
	sum, errs := importGDELT(t, s, path)
	if want := (source.Summary{Read: 710, Stored: 710}); sum != want || len(errs) > 0 {
		t.Fatalf("import: %+v, want %+v; errors %v", sum, want, errs)
	}
	var want []string
	for _, l := range readLines(t, path) {
		f := strings.Split(l, "\t")
		if len(f) == 57 {
			f = append(f, "")
		}
		// ADM2Code follows each ADM1Code (columns 39, 46, 53 of 1.0's 58).
		var g []string
		for i, v := range f {
			g = append(g, v)
			if i == 38 || i == 45 || i == 52 {
				g = append(g, "")
			}
		}
		want = append(want, strings.Join(g, "\t"))
	}
	compareRows(t, want, exportGDELT(t, s, source.GDELTExport{}))
}

// synthRow is an invented GDELT 2.0 row (a US–Russia meeting in
// Anchorage), with some columns replaced.
func synthRow(over map[string]string) string {
	v := map[string]string{
		"GLOBALEVENTID": "1000001", "SQLDATE": "20250815", "MonthYear": "202508", "Year": "2025", "FractionDate": "2025.6164",
		"Actor1Code": "USAGOV", "Actor1Name": "UNITED STATES", "Actor1CountryCode": "USA", "Actor1Type1Code": "GOV",
		"Actor2Code": "RUSGOV", "Actor2Name": "RUSSIA", "Actor2CountryCode": "RUS", "Actor2Type1Code": "GOV",
		"IsRootEvent": "1", "EventCode": "042", "EventBaseCode": "042", "EventRootCode": "04", "QuadClass": "1",
		"GoldsteinScale": "1.9", "NumMentions": "12", "NumSources": "3", "NumArticles": "12", "AvgTone": "-1.25",
		"Actor1Geo_Type": "3", "Actor1Geo_FullName": "Anchorage, Alaska, United States", "Actor1Geo_CountryCode": "US",
		"Actor1Geo_ADM1Code": "USAK", "Actor1Geo_Lat": "61.2", "Actor1Geo_Long": "-149.9", "Actor1Geo_FeatureID": "1001",
		"Actor2Geo_Type": "0",
		"ActionGeo_Type": "3", "ActionGeo_FullName": "Anchorage, Alaska, United States", "ActionGeo_CountryCode": "US",
		"ActionGeo_ADM1Code": "USAK", "ActionGeo_Lat": "61.2", "ActionGeo_Long": "-149.9", "ActionGeo_FeatureID": "1001",
		"DATEADDED": "20250815120000", "SOURCEURL": "https://news.example/alaska-summit",
	}
	for k, x := range over {
		v[k] = x
	}
	f := make([]string, len(source.GDELTColumns))
	for i, c := range source.GDELTColumns {
		f[i] = v[c]
	}
	return strings.Join(f, "\t")
}

func TestParseGDELTRowFields(t *testing.T) {
	e, err := source.ParseGDELTRow(synthRow(nil))
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "gdelt-1000001" || e.ExtID != "1000001" || e.Date != "2025-08-15" || e.DatePrecision != "day" ||
		e.CAMEO != "042" || e.Root != "04" || e.Quad != 1 || e.Goldstein != 1.9 || e.PLOVER != "CONSULT" ||
		e.SourceURL != "https://news.example/alaska-summit" {
		t.Errorf("event: %+v", e)
	}
	if *e.Source != (record.Actor{Code: "USAGOV", Name: "UNITED STATES", Country: "USA"}) || *e.Target != (record.Actor{Code: "RUSGOV", Name: "RUSSIA", Country: "RUS"}) {
		t.Errorf("actors: %+v %+v", e.Source, e.Target)
	}
	if *e.Location != (record.Location{Name: "Anchorage, Alaska, United States", Country: "USA"}) {
		t.Errorf("location: %+v", e.Location)
	}
	if e.Extra["ActionGeo_CountryCode"] != "US" || e.Extra["AvgTone"] != "-1.25" || e.Extra["Actor1Type1Code"] != "GOV" {
		t.Errorf("extra: %v", e.Extra)
	}
	for k, v := range e.Extra {
		if v == "" {
			t.Errorf("empty column %s kept in Extra", k)
		}
	}
	for _, k := range []string{"GLOBALEVENTID", "SQLDATE", "Actor1Code", "EventCode", "GoldsteinScale", "QuadClass", "SOURCEURL", "ActionGeo_FullName"} {
		if _, ok := e.Extra[k]; ok {
			t.Errorf("%s is in the record and in Extra", k)
		}
	}
	if got := source.FormatGDELTRow(&e); got != synthRow(nil) {
		t.Errorf("format:\n got %q\nwant %q", got, synthRow(nil))
	}
	// No actor: no actor record.
	e, err = source.ParseGDELTRow(synthRow(map[string]string{"Actor2Code": "", "Actor2Name": "", "Actor2CountryCode": "", "Actor2Type1Code": ""}))
	if err != nil || e.Target != nil {
		t.Errorf("empty actor 2: %+v %v", e.Target, err)
	}
}

func TestParseGDELTRowErrors(t *testing.T) {
	for _, c := range []struct {
		row, want string
	}{
		{"1\t2\t3", "3 columns, want 61"},
		{synthRow(map[string]string{"GLOBALEVENTID": "12a"}), `column 1 (GLOBALEVENTID): "12a" is not a whole number`},
		{synthRow(map[string]string{"SQLDATE": "20250230"}), `column 2 (SQLDATE): "20250230" is not a date`},
		{synthRow(map[string]string{"GoldsteinScale": "NaN"}), `column 31 (GoldsteinScale)`},
		{synthRow(map[string]string{"GoldsteinScale": "11.0"}), `column 31 (GoldsteinScale)`},
		{synthRow(map[string]string{"QuadClass": "5"}), `column 30 (QuadClass)`},
		{synthRow(map[string]string{"NumMentions": "many"}), `column 32 (NumMentions): "many" is not a whole number`},
		{synthRow(map[string]string{"AvgTone": "0x1p3"}), `column 35 (AvgTone)`},
		{synthRow(map[string]string{"ActionGeo_Lat": "north"}), `column 57 (ActionGeo_Lat)`},
		{synthRow(map[string]string{"Actor1Name": "BAD\xffNAME"}), `column 7 (Actor1Name): not UTF-8`},
	} {
		_, err := source.ParseGDELTRow(c.row)
		var re *source.GDELTRowError
		if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error containing %q, got %v", c.want, err)
		}
	}
}

// A malformed row is reported with file, line and column; the rest of the
// file still goes in.
func TestImportGDELTBadRows(t *testing.T) {
	orig := readLines(t, shared.Path(t, gdelt2File))
	f := func(i int, col, val string) string {
		fs := strings.Split(orig[i], "\t")
		for j, c := range source.GDELTColumns {
			if c == col {
				fs[j] = val
			}
		}
		return strings.Join(fs, "\t")
	}
	rows := []string{
		orig[0],
		orig[1],
		"", // blank lines are skipped
		strings.Join(strings.Split(orig[2], "\t")[:60], "\t"),
		f(3, "GoldsteinScale", "abc"),
		f(4, "SQLDATE", "2019-10-24"),
		orig[5] + "\r", // CRLF line ends are fine
		orig[6],
	}
	path := filepath.Join(t.TempDir(), "bad.CSV")
	os.WriteFile(path, []byte(strings.Join(rows, "\n")), 0o644)
	s := openSQLite(t)
	sum, errs := importGDELT(t, s, path, filepath.Join(t.TempDir(), "missing.CSV"))
	if want := (source.Summary{Read: 7, Stored: 4, Failed: 4}); sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	want := []string{
		path + ":4: 60 columns, want 61",
		path + `:5: column 31 (GoldsteinScale): "abc" is not a Goldstein value`,
		path + `:6: column 2 (SQLDATE): "2019-10-24" is not a date`,
		"missing.CSV: no such file",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if !strings.Contains(errs[i].Error(), w) {
			t.Errorf("error %d: %q, want it to contain %q", i, errs[i], w)
		}
	}
	var re *source.GDELTRowError
	if !errors.As(errs[1], &re) || re.Column != 31 || re.Name != "GoldsteinScale" || re.Where != path+":5" {
		t.Errorf("row error fields: %+v", re)
	}
	if got := exportGDELT(t, s, source.GDELTExport{}); len(got) != 4 {
		t.Errorf("exported %d rows, want the 4 good ones", len(got))
	}
}

// GDELT publishes its exports zipped; the archive imports as it is.
func TestImportGDELTZip(t *testing.T) {
	src := shared.Path(t, gdelt2File)
	data, _ := os.ReadFile(src)
	path := filepath.Join(t.TempDir(), "20191024143000.export.CSV.zip")
	out, _ := os.Create(path)
	zw := zip.NewWriter(out)
	w, _ := zw.Create("20191024143000.export.CSV")
	w.Write(data)
	zw.Close()
	out.Close()
	sum, errs := importGDELT(t, openSQLite(t), path)
	if sum.Read != 2111 || sum.Stored != 2111 || len(errs) > 0 {
		t.Errorf("zip import: %+v %v", sum, errs)
	}
	os.WriteFile(path, []byte("not a zip"), 0o644)
	sum, errs = importGDELT(t, openSQLite(t), path)
	if sum.Failed != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), path) {
		t.Errorf("bad zip: %+v %v", sum, errs)
	}
}

// The filters: --actor (either side), --dyad (directional), --root, dates.
func TestExportGDELTFilters(t *testing.T) {
	path := shared.Path(t, gdelt2File)
	orig := readLines(t, path)
	s := openSQLite(t)
	importGDELT(t, s, path)
	count := func(keep func(f []string) bool) int {
		n := 0
		for _, l := range orig {
			if keep(strings.Split(l, "\t")) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name string
		x    source.GDELTExport
		keep func(f []string) bool
	}{
		{"actor RUS", source.GDELTExport{Actor: "RUS"}, func(f []string) bool { return f[7] == "RUS" || f[17] == "RUS" }},
		{"dyad USA:RUS", source.GDELTExport{Filter: store.EventFilter{SourceCountry: "USA", TargetCountry: "RUS"}}, func(f []string) bool { return f[7] == "USA" && f[17] == "RUS" }},
		{"dyad RUS:USA", source.GDELTExport{Filter: store.EventFilter{SourceCountry: "RUS", TargetCountry: "USA"}}, func(f []string) bool { return f[7] == "RUS" && f[17] == "USA" }},
		{"root 04", source.GDELTExport{Filter: store.EventFilter{Root: "04"}}, func(f []string) bool { return f[28] == "04" }},
		{"October 2019", source.GDELTExport{Filter: store.EventFilter{From: "2019-10-01", To: "2019-10-31"}}, func(f []string) bool { return f[1] >= "20191001" && f[1] <= "20191031" }},
		{"actor USA, root 19", source.GDELTExport{Actor: "USA", Filter: store.EventFilter{Root: "19"}}, func(f []string) bool { return (f[7] == "USA" || f[17] == "USA") && f[28] == "19" }},
	} {
		got := exportGDELT(t, s, c.x)
		if want := count(c.keep); len(got) != want || want == 0 && c.name == "actor RUS" {
			t.Errorf("%s: %d rows, want %d", c.name, len(got), want)
		}
		for i := 1; i < len(got); i++ {
			if strings.Split(got[i], "\t")[1] < strings.Split(got[i-1], "\t")[1] {
				t.Errorf("%s: rows out of date order", c.name)
				break
			}
		}
	}
	if n := len(exportGDELT(t, s, source.GDELTExport{Actor: "RUS"})); n != 91 {
		t.Errorf("actor RUS: %d events, PROVENANCE.md counts 91", n)
	}
	got := exportGDELT(t, s, source.GDELTExport{Actor: "RUS", Filter: store.EventFilter{Limit: 5}})
	if len(got) != 5 {
		t.Errorf("limit with actor: %d rows", len(got))
	}
	got = exportGDELT(t, s, source.GDELTExport{Header: true, Filter: store.EventFilter{Limit: 1}})
	if len(got) != 2 || got[0] != strings.Join(source.GDELTColumns, "\t") {
		t.Errorf("header: %q", got)
	}
}

// Events sitrep coded itself export with what maps filled in and the rest
// empty; their GLOBALEVENTID is stable and SOURCEURL is their article's.
func TestExportGDELTOwnEvents(t *testing.T) {
	s := openSQLite(t)
	a := &article.Article{Title: "Summit in Alaska", Text: "The presidents met in Anchorage.", Date: "2025-08-15",
		URL: "https://news.example/alaska", CanonicalURL: "news.example/alaska", Source: "Desk", Hash: "h1", IngestedAt: time.Now()}
	recs := &record.Records{Events: []record.Event{
		{Sentence: 0, Text: "The presidents met in Anchorage.", Date: "2025-08-15", DatePrecision: "day",
			Source: &record.Actor{Code: "USAGOV", Country: "USA", Name: "Donald Trump"}, Target: &record.Actor{Code: "RUSGOV", Country: "RUS", Name: "Vladimir Putin"},
			CAMEO: "042", Root: "04", Quad: 1, Goldstein: 1.9, Location: &record.Location{Name: "Anchorage\tAlaska", Country: "USA"}},
		{Sentence: 1, Text: "Sanctions in February.", Date: "2025-02", DatePrecision: "month",
			Source: &record.Actor{Code: "USA", Country: "USA"}, CAMEO: "163", Root: "16", Quad: 4, Goldstein: -8},
	}}
	if _, _, err := s.PutArticle(context.Background(), a, recs); err != nil {
		t.Fatal(err)
	}
	rows := exportGDELT(t, s, source.GDELTExport{})
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	col := func(row, name string) string {
		f := strings.Split(row, "\t")
		for i, c := range source.GDELTColumns {
			if c == name {
				return f[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	feb, aug := rows[0], rows[1]
	want := map[string]string{
		"SQLDATE": "20250815", "MonthYear": "202508", "Year": "2025", "FractionDate": "2025.6164",
		"Actor1Code": "USAGOV", "Actor1Name": "Donald Trump", "Actor1CountryCode": "USA",
		"Actor2Code": "RUSGOV", "Actor2Name": "Vladimir Putin", "Actor2CountryCode": "RUS",
		"EventCode": "042", "EventBaseCode": "042", "EventRootCode": "04", "QuadClass": "1", "GoldsteinScale": "1.9",
		"ActionGeo_FullName": "Anchorage Alaska", "ActionGeo_CountryCode": "US", "SOURCEURL": "https://news.example/alaska",
		"NumMentions": "", "AvgTone": "", "ActionGeo_Type": "", "DATEADDED": "", "Actor1Type1Code": "",
	}
	for name, v := range want {
		if got := col(aug, name); got != v {
			t.Errorf("%s: %q, want %q", name, got, v)
		}
	}
	id := col(aug, "GLOBALEVENTID")
	if n, err := strconv.ParseUint(id, 10, 64); err != nil || n < 1e12 || n >= 1<<53 {
		t.Errorf("GLOBALEVENTID %q: want a whole number from 10^12 to 2^53", id)
	}
	if again := exportGDELT(t, s, source.GDELTExport{}); col(again[1], "GLOBALEVENTID") != id {
		t.Error("GLOBALEVENTID changes between exports")
	}
	// A month-precise date exports as the month's first day; no target.
	if col(feb, "SQLDATE") != "20250201" || col(feb, "GoldsteinScale") != "-8.0" || col(feb, "Actor2Code") != "" || col(feb, "EventBaseCode") != "163" {
		t.Errorf("february row: %q", feb)
	}
	// Re-imported, the export is a GDELT row like any other.
	e, err := source.ParseGDELTRow(aug)
	if err != nil || e.Source.Name != "Donald Trump" || e.Location.Country != "USA" {
		t.Errorf("re-parse own export: %+v %v", e, err)
	}
}

// Each FIPS code GDELT uses in the corpora maps to the ISO code of the
// country GDELT names in its place names (the last part of FullName).
func TestFIPSToISO3(t *testing.T) {
	// GDELT's names where they differ from CLDR's English ones.
	alias := map[string]string{
		"Bosnia-Herzegovina": "Bosnia & Herzegovina", "Myanmar": "Myanmar (Burma)", "Congo": "Congo - Brazzaville",
		"Czech Republic": "Czechia", "Slovak Republic": "Slovakia", "Trinidad And Tobago": "Trinidad & Tobago",
		"Saint Vincent And The Grenadines": "St. Vincent & Grenadines", "The": "Bahamas", "Republic Of": "Vietnam",
		"Vatican City": "Vatican City", "West Bank": "Palestinian Territories",
		"Hong Kong": "Hong Kong SAR China", "British Virgin Islands": "British Virgin Islands",
	}
	names := display.English.Regions()
	checked := map[string]bool{}
	for _, rel := range []string{gdelt2File, "corpora/gdelt/gdelt1_events_sample_20160728.tsv"} {
		for _, l := range readLines(t, shared.Path(t, rel)) {
			e, err := source.ParseGDELTRow(l)
			if err != nil {
				t.Fatal(err)
			}
			fips := e.Extra["ActionGeo_CountryCode"]
			if e.Location == nil || fips == "" || checked[fips] || strings.Count(e.Location.Name, ",") == 0 && e.Extra["ActionGeo_Type"] != "1" {
				continue
			}
			checked[fips] = true
			parts := strings.Split(e.Location.Name, ", ")
			gdeltName := parts[len(parts)-1]
			iso := source.FIPSToISO3(fips)
			if iso == "" {
				if fips != "OS" && fips != "YI" {
					t.Errorf("FIPS %s (%s): no ISO code", fips, gdeltName)
				}
				continue
			}
			r, err := language.ParseRegion(iso)
			if err != nil {
				t.Errorf("FIPS %s → %s: not an ISO code: %v", fips, iso, err)
				continue
			}
			want := gdeltName
			if a, ok := alias[gdeltName]; ok {
				want = a
			}
			if got := names.Name(r); !strings.EqualFold(got, want) {
				t.Errorf("FIPS %s → %s is %q, GDELT calls it %q", fips, iso, got, gdeltName)
			}
		}
	}
	if len(checked) < 100 {
		t.Errorf("only %d FIPS codes checked", len(checked))
	}
	// The codes that differ most from ISO's two letters.
	for fips, iso := range map[string]string{"RS": "RUS", "UP": "UKR", "UK": "GBR", "SF": "ZAF", "GM": "DEU", "AS": "AUS", "AU": "AUT",
		"CH": "CHN", "KS": "KOR", "KN": "PRK", "BO": "BLR", "EZ": "CZE", "IZ": "IRQ", "MU": "OMN", "NI": "NGA", "NG": "NER",
		"SU": "SDN", "OD": "SSD", "RI": "SRB", "MJ": "MNE", "WE": "PSE", "GZ": "PSE", "KV": ""} {
		if got := source.FIPSToISO3(fips); got != iso {
			t.Errorf("FIPS %s → %q, want %q", fips, got, iso)
		}
	}
	// Every ISO code in the table is a real one.
	for _, fips := range strings.Fields("AA AC AE AF AG AJ AL AM AN AO AQ AR AS AU AV AY BA BB BC BD BE BF BG BH BK BL BM BN BO BP BQ BR BT BU BV BX BY CA CB CD CE CF CG CH CI CJ CK CM CN CO CQ CS CT CU CV CW CY DA DJ DO DQ DR EC EG EI EK EN ER ES ET EZ FG FI FJ FK FM FO FP FQ FR FS GA GB GG GH GI GJ GK GL GM GP GQ GR GT GV GY GZ HA HK HM HO HQ HR HU IC ID IM IN IO IR IS IT IV IZ JA JE JM JN JO JQ KE KG KN KQ KR KS KT KU KZ LA LE LG LH LI LO LQ LS LT LU LY MA MB MC MD MF MG MH MI MJ MK ML MN MO MP MQ MR MT MU MV MX MY MZ NC NE NF NG NH NI NL NN NO NP NR NS NU NZ OD PA PC PE PK PL PM PO PP PS PU QA RE RI RM RN RO RP RQ RS RW SA SB SC SE SF SG SH SI SL SM SN SO SP ST SU SV SW SX SY SZ TB TD TH TI TK TL TN TO TP TS TT TU TV TW TX TZ UC UG UK UP US UV UY UZ VC VE VI VM VQ VT WA WE WF WI WQ WS WZ YM ZA ZI") {
		iso := source.FIPSToISO3(fips)
		if r, err := language.ParseRegion(iso); err != nil || r.ISO3() != iso {
			t.Errorf("FIPS %s → %q is not an ISO 3166-1 alpha-3 code", fips, iso)
		}
	}
}

// FuzzParseGDELT: any row that parses exports back to itself, the 1.0
// layouts with their missing columns added empty; a row that does not
// parse gives a *GDELTRowError.
func FuzzParseGDELT(f *testing.F) {
	f.Add(synthRow(nil))
	f.Add(synthRow(map[string]string{"GoldsteinScale": "4", "QuadClass": "01", "Actor1Code": "", "Actor1Name": "", "Actor1CountryCode": ""}))
	f.Add(synthRow(map[string]string{"ActionGeo_FullName": "", "ActionGeo_CountryCode": "XX"}))
	f.Add(strings.Repeat("\t", 60))
	f.Add(strings.Repeat("1\t", 56) + "1")
	f.Add("")
	if root := shared.Root(); root != "" {
		for _, rel := range []string{gdelt2File, "corpora/gdelt/gdelt1_events_sample_20160728.tsv"} {
			if lines := readLinesIfPresent(filepath.Join(root, rel)); len(lines) > 0 {
				for i := 0; i < len(lines); i += len(lines) / 8 {
					f.Add(lines[i])
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, row string) {
		if strings.ContainsAny(row, "\n") {
			return
		}
		e, err := source.ParseGDELTRow(row)
		if err != nil {
			var re *source.GDELTRowError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *GDELTRowError", err)
			}
			return
		}
		fields := strings.Split(row, "\t")
		if len(fields) < 61 {
			if len(fields) == 57 {
				fields = append(fields, "")
			}
			var g []string
			for i, v := range fields {
				g = append(g, v)
				if i == 38 || i == 45 || i == 52 {
					g = append(g, "")
				}
			}
			fields = g
		}
		if got, want := source.FormatGDELTRow(&e), strings.Join(fields, "\t"); got != want {
			t.Fatalf("row does not round-trip:\n got %q\nwant %q", got, want)
		}
	})
}

func readLinesIfPresent(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// A killed import (kill -9 in the middle of its bulk load) leaves the store
// as it was: the events stored before it, every index, nothing half
// stored. Run again, it stores every row once.
func TestImportGDELTKilled(t *testing.T) {
	if env := os.Getenv("SITREP_TEST_GDELT_CHILD"); env != "" {
		// The child: import, saying after each batch how far it got.
		db, file, _ := strings.Cut(env, "\n")
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		source.ImportGDELT(context.Background(), s, []string{file}, source.GDELTOptions{BatchSize: 1000, OnStored: func(n int) {
			fmt.Printf("stored %d\n", n)
		}})
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	small := shared.Path(t, gdelt2File)
	db := filepath.Join(t.TempDir(), "sitrep.db")
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if sum, errs := importGDELT(t, s, small); sum.Stored != 2111 || len(errs) > 0 {
		t.Fatalf("first import: %+v %v", sum, errs)
	}
	s.Close()
	before := sqliteSchema(t, db)
	big, rows := gdeltBigFile(t, 8_000, 1)

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportGDELTKilled$")
	cmd.Env = append(os.Environ(), "SITREP_TEST_GDELT_CHILD="+db+"\n"+big)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.HasPrefix(line, "stored ") {
		t.Fatalf("the child said %q (%v) before it was killed", line, err)
	}

	if after := sqliteSchema(t, db); after != before {
		t.Errorf("schema after the kill:\n%s\nbefore:\n%s", after, before)
	}
	s, err = sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := exportGDELT(t, s, source.GDELTExport{}); len(got) != 2111 {
		t.Errorf("%d events after the kill, want the 2,111 stored before", len(got))
	}
	if sum, errs := importGDELT(t, s, big); sum.Stored != rows || sum.Duplicates != 0 || len(errs) > 0 {
		t.Errorf("import after the kill: %+v %v", sum, errs)
	}
	if sum, _ := importGDELT(t, s, big, small); sum.Stored != 0 || sum.Duplicates != rows+2111 {
		t.Errorf("import again: %+v", sum)
	}
	if after := sqliteSchema(t, db); after != before {
		t.Errorf("schema after the imports:\n%s\nbefore:\n%s", after, before)
	}
}

// An import stopped half way (its context cancelled) keeps nothing of its
// open transaction, and says so.
func TestImportGDELTCancelled(t *testing.T) {
	path := shared.Path(t, gdelt2File)
	s := openSQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := source.ImportGDELT(ctx, s, []string{path, path}, source.GDELTOptions{BatchSize: 500, OnStored: func(int) { cancel() }})
	if !errors.Is(err, context.Canceled) || sum.Stored != 0 {
		t.Errorf("cancelled import: %+v %v", sum, err)
	}
	if got := exportGDELT(t, s, source.GDELTExport{}); len(got) != 0 {
		t.Errorf("%d events stored by the cancelled import", len(got))
	}
	if sum, errs := importGDELT(t, s, path); sum.Stored != 2111 || len(errs) > 0 {
		t.Errorf("import after: %+v %v", sum, errs)
	}
}

// sqliteSchema returns the SQL of a SQLite store's tables and indexes, and
// fails unless SQLite finds the file sound.
func sqliteSchema(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	rows, err := db.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, q string
		rows.Scan(&typ, &name, &q)
		fmt.Fprintf(&b, "%s %s %s\n", typ, name, q)
	}
	return b.String()
}

// gdeltBigFile writes the shared 2,111-row export repeated under new
// GLOBALEVENTIDs (each copy 10^10 above the one before) until it holds at
// least rows rows, and returns its path and row count.
func gdeltBigFile(b testing.TB, rows, offset int) (string, int) {
	lines := readLines(b, shared.Path(b, gdelt2File))
	path := filepath.Join(b.TempDir(), "big.export.CSV")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(out)
	copies := max(1, (rows+len(lines)-1)/len(lines))
	for k := offset; k < offset+copies; k++ {
		for _, l := range lines {
			id, rest, _ := strings.Cut(l, "\t")
			n, _ := strconv.ParseInt(id, 10, 64)
			w.WriteString(strconv.FormatInt(n+int64(k)*10_000_000_000, 10))
			w.WriteByte('\t')
			w.WriteString(rest)
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	out.Close()
	return path, copies * len(lines)
}

// gdeltBenchRows is SITREP_BENCH_GDELT_ROWS, or def.
func gdeltBenchRows(b *testing.B, def int) int {
	if v := os.Getenv("SITREP_BENCH_GDELT_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("SITREP_BENCH_GDELT_ROWS=%q: want a number of rows", v)
		}
		return n
	}
	return def
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// benchImportGDELT imports a file of about rows GDELT rows into each
// store prepare gives, and reports rows/s (wall) and CPU seconds per
// 100,000 rows (all goroutines, SQLite's included).
func benchImportGDELT(b *testing.B, open func(testing.TB) store.Store, prepare func(*testing.B, store.Store), rows int) {
	path, n := gdeltBigFile(b, rows, 0)
	var elapsed time.Duration
	var cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := open(b)
		if prepare != nil {
			prepare(b, s)
		}
		b.StartTimer()
		start, c0 := time.Now(), cpuSeconds(b)
		sum, err := source.ImportGDELT(context.Background(), s, []string{path}, source.GDELTOptions{})
		elapsed += time.Since(start)
		cpu += cpuSeconds(b) - c0
		if err != nil || sum.Stored != n || sum.Failed != 0 {
			b.Fatalf("%+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(cpu/float64(n*b.N)*100_000, "cpu-s/100k-rows")
}

// BenchmarkImportGDELT: GDELT 2.0 rows into a fresh SQLite store (target ≥
// 100,000 rows/s): the 2,111 rows of the shared export repeated under new
// GLOBALEVENTIDs to about SITREP_BENCH_GDELT_ROWS (default 21,110; the
// README's figures are for 200,545 and 1,001,000).
func BenchmarkImportGDELT(b *testing.B) {
	benchImportGDELT(b, openSQLite, nil, gdeltBenchRows(b, 21_110))
}

// BenchmarkImportGDELTPostgres: the same into PostgreSQL.
func BenchmarkImportGDELTPostgres(b *testing.B) {
	benchImportGDELT(b, openPostgres, nil, gdeltBenchRows(b, 21_110))
}

// BenchmarkImportGDELTIntoStore: the same rows into a SQLite store that
// already holds SITREP_BENCH_GDELT_HAVE other imported events (default
// 4 times the import), so the import is small next to the table.
func BenchmarkImportGDELTIntoStore(b *testing.B) {
	rows := gdeltBenchRows(b, 21_110)
	have := 4 * rows
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_GDELT_HAVE")); err == nil && v > 0 {
		have = v
	}
	old, _ := gdeltBigFile(b, have, 1000)
	benchImportGDELT(b, openSQLite, func(b *testing.B, s store.Store) {
		if _, err := source.ImportGDELT(context.Background(), s, []string{old}, source.GDELTOptions{}); err != nil {
			b.Fatal(err)
		}
	}, rows)
}

// BenchmarkParseGDELT: rows parsed into events, without storing them.
func BenchmarkParseGDELT(b *testing.B) {
	lines := readLines(b, shared.Path(b, gdelt2File))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := source.ParseGDELTRow(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
