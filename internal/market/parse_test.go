package market

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func priceOn(t *testing.T, s Series, d string) float64 {
	t.Helper()
	for _, p := range s.Prices {
		if p.Date.Equal(date(d)) {
			return p.Close
		}
	}
	t.Fatalf("%s: no price on %s", s.Name, d)
	return 0
}

// Every file in shared/data/markets loads, with the format detected.
func TestParseSharedMarketFiles(t *testing.T) {
	cases := []struct {
		file   string
		opt    ParseOptions
		format Format
		n      int     // number of prices, 0 = don't check
		on     string  // a sanity date
		want   float64 // its value
		first  string
	}{
		{file: "IMOEX_daily.csv", format: FormatCSV, n: 7185, on: "2025-02-13", want: 3206.97, first: "1997-09-22"},
		{file: "IMOEX_moex_iss_raw.csv", format: FormatMOEX, n: 7185, on: "2025-02-12", want: 3025.63, first: "1997-09-22"},
		{file: "MCFTR_daily.csv", format: FormatCSV, n: 5831, first: "2003-02-26"},
		{file: "MCFTR_moex_iss_raw.csv", format: FormatMOEX, n: 5831, on: "2026-06-15", want: 6951.92, first: "2003-02-26"},
		{file: "brent_daily_eia.csv", format: FormatEIA, on: "1987-05-20", want: 18.63, first: "1987-05-20"},
		{file: "wti_daily_eia.csv", opt: ParseOptions{AllowNonPositive: true}, format: FormatEIA, on: "2020-04-20", want: -36.98, first: "1986-01-02"},
		{file: "gold_rub_moex_GLDRUB_TOM_2013_2026.csv", format: FormatCSV, on: "2026-07-03", want: 10352.5, first: "2013-10-21"},
		{file: "usd_rub_cbr_official_1992_2023.csv", format: FormatCSV, on: "1992-07-01", want: 0.12526, first: "1992-07-01"},
		{file: "usd_rub_yahoo_RUBX_2019_2026.csv", format: FormatYahoo, on: "2019-06-30", want: 62.9583015442, first: "2019-06-30"},
		{file: "gpr_daily_caldara_iacoviello.csv", opt: ParseOptions{Column: "GPRD", AllowNonPositive: true}, format: FormatCSV, n: 15121, on: "1985-01-01", want: 230.039429, first: "1985-01-01"},
		{file: "gpr_daily_caldara_iacoviello.csv", opt: ParseOptions{Column: "N10D"}, format: FormatCSV, n: 15121, on: "1985-01-02", want: 315},
		{file: "gpr_monthly_data_gpr_export.csv", opt: ParseOptions{Column: "GPRH"}, format: FormatCSV, first: "1900-01-01"},
		{file: "gpr_monthly_data_gpr_export.csv", opt: ParseOptions{Column: "GPRC_RUS"}, format: FormatCSV, first: "1985-01-01"},
		{file: "gpr_monthly_data_gpr_export.csv", opt: ParseOptions{Column: "GPR"}, format: FormatCSV, on: "2025-12-01", want: 127.32, first: "1985-01-01"},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.opt.Column, func(t *testing.T) {
			path := shared.Path(t, "markets/"+c.file)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			s, err := ParseSeries(f, c.file, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if c.n > 0 && len(s.Prices) != c.n {
				t.Errorf("%d prices, want %d", len(s.Prices), c.n)
			}
			if c.on != "" {
				if got := priceOn(t, s, c.on); got != c.want {
					t.Errorf("%s = %v, want %v", c.on, got, c.want)
				}
			}
			if c.first != "" && !s.Prices[0].Date.Equal(date(c.first)) {
				t.Errorf("first date %s, want %s", fmtDate(s.Prices[0].Date), c.first)
			}
			if !c.opt.AllowNonPositive {
				if err := s.Validate(); err != nil {
					t.Error(err)
				}
			}
			// Detection agrees with naming the format outright.
			f.Seek(0, 0)
			opt := c.opt
			opt.Format = c.format
			s2, err := ParseSeries(f, c.file, opt)
			if err != nil || len(s2.Prices) != len(s.Prices) {
				t.Errorf("explicit format %s: %v (%d prices)", c.format, err, len(s2.Prices))
			}
		})
	}
}

// The sanity figures of PROVENANCE.md: IMOEX +5.99% simple, +5.82% log on
// 13 Feb 2025.
func TestParseIMOEXSanityReturn(t *testing.T) {
	f, err := os.Open(shared.Path(t, "markets/IMOEX_moex_iss_raw.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ParseSeries(f, "IMOEX", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		kind ReturnKind
		want float64
	}{{SimpleReturns, 0.0599}, {LogReturns, 0.0582}} {
		r, err := s.Returns(k.kind)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range r.Dates {
			if d.Equal(date("2025-02-13")) && math.Abs(r.Values[i]-k.want) > 0.00005 {
				t.Errorf("%s return on 2025-02-13 = %.5f, want %.4f", k.kind, r.Values[i], k.want)
			}
		}
	}
}

func TestParseWTIRefusesNegativeByDefault(t *testing.T) {
	f, err := os.Open(shared.Path(t, "markets/wti_daily_eia.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = ParseSeries(f, "WTI", ParseOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrNonPositive) || pe.Value != "-36.98" {
		t.Fatalf("got %v, want a non-positive price error on -36.98", err)
	}
	if !strings.Contains(err.Error(), "line ") || !strings.Contains(err.Error(), "WTI") {
		t.Errorf("error %q should name the series and the line", err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, in string
		opt      ParseOptions
		err      error
		line     int
	}{
		{"empty", "", ParseOptions{}, ErrEmpty, 0},
		{"header only", "date,close\n", ParseOptions{}, ErrEmpty, 0},
		{"one price", "date,close\n2025-01-02,10\n", ParseOptions{}, ErrTooShort, 0},
		{"bad number", "date,close\n2025-01-02,10\n2025-01-03,1x0\n", ParseOptions{}, ErrBadNumber, 3},
		{"nan", "date,close\n2025-01-02,10\n2025-01-03,NaN\n", ParseOptions{}, ErrNotFinite, 3},
		{"inf", "date,close\n2025-01-02,10\n2025-01-03,-Inf\n", ParseOptions{}, ErrNotFinite, 3},
		{"negative", "date,close\n2025-01-02,10\n2025-01-03,-1\n", ParseOptions{}, ErrNonPositive, 3},
		{"zero", "date,close\n2025-01-02,0\n2025-01-03,1\n", ParseOptions{}, ErrNonPositive, 2},
		{"duplicate", "date,close\n2025-01-02,10\n2025-01-03,11\n2025-01-03,12\n", ParseOptions{}, ErrDuplicate, 4},
		{"out of order", "date,close\n2025-01-02,10\n2025-01-06,11\n2025-01-03,12\n", ParseOptions{}, ErrOutOfOrder, 4},
		{"bad date", "date,close\n2025-01-02,10\n2025-02-30,11\n", ParseOptions{}, ErrBadDate, 3},
		{"no such column", "date,close\n2025-01-02,10\n2025-01-03,11\n", ParseOptions{Column: "open"}, ErrNoColumn, 1},
		{"which column", "date,a,b\n2025-01-02,10,1\n2025-01-03,11,2\n", ParseOptions{}, ErrNoColumn, 1},
		{"mixed slash order", "date,close\n13/01/2025,10\n01/14/2025,11\n", ParseOptions{}, ErrBadDate, 3},
		{"short row", "date,x,close\n2025-01-02,1,10\n2025-01-03\n", ParseOptions{}, ErrFormat, 3},
		{"not moex", "date,close\n2025-01-02,10\n", ParseOptions{Format: FormatMOEX}, ErrFormat, 1},
		{"unknown format", "date,close\n2025-01-02,10\n", ParseOptions{Format: "xls"}, ErrFormat, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSeries(strings.NewReader(c.in), "X", c.opt)
			if !errors.Is(err, c.err) {
				t.Fatalf("got %v, want %v", err, c.err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T is not a *ParseError", err)
			}
			if pe.Line != c.line {
				t.Errorf("line %d, want %d (%v)", pe.Line, c.line, err)
			}
			if !strings.HasPrefix(err.Error(), "series X") {
				t.Errorf("%q does not name the series", err)
			}
		})
	}
}

func TestParseForms(t *testing.T) {
	cases := []struct {
		name, in string
		opt      ParseOptions
		want     []Price
	}{
		{"descending is reversed", "Date,Close\n2025-01-03,11\n2025-01-02,10\n", ParseOptions{},
			[]Price{{date("2025-01-02"), 10}, {date("2025-01-03"), 11}}},
		{"missing values skipped", "date,close\n2025-01-02,10\n2025-01-03,NA\n2025-01-06,\n2025-01-07,.\n2025-01-08,12\n", ParseOptions{},
			[]Price{{date("2025-01-02"), 10}, {date("2025-01-08"), 12}}},
		{"headerless", "2025-01-02;10,5\n2025-01-03;11,25\n", ParseOptions{},
			[]Price{{date("2025-01-02"), 10.5}, {date("2025-01-03"), 11.25}}},
		{"headerless by position", "x;02.01.2025;7\nx;03.01.2025;8\n", ParseOptions{Column: "3", DateColumn: "2"},
			[]Price{{date("2025-01-02"), 7}, {date("2025-01-03"), 8}}},
		{"headerless found", "Cincinnati;01.10.1996;58.0000\nCincinnati;02.10.1996;57.0000\n", ParseOptions{},
			[]Price{{date("1996-10-01"), 58}, {date("1996-10-02"), 57}}},
		{"day first by evidence", "d,v\n01/02/2025,1\n13/02/2025,2\n", ParseOptions{},
			[]Price{{date("2025-02-01"), 1}, {date("2025-02-13"), 2}}},
		{"month first by evidence", "d,v\n02/01/2025,1\n02/13/2025,2\n", ParseOptions{},
			[]Price{{date("2025-02-01"), 1}, {date("2025-02-13"), 2}}},
		{"month first by option", "d,v\n02/01/2025,1\n03/01/2025,2\n", ParseOptions{MonthFirst: true},
			[]Price{{date("2025-02-01"), 1}, {date("2025-03-01"), 2}}},
		{"thousands and times", "Date,Price\n2025-01-02 00:00:00,\"1,234.5\"\n2025-01-03T00:00:00Z,1 300\n", ParseOptions{},
			[]Price{{date("2025-01-02"), 1234.5}, {date("2025-01-03"), 1300}}},
		{"yahoo adj close on request", "Date,Open,High,Low,Close,Adj Close,Volume\n2025-01-02,1,1,1,10,9,0\n2025-01-03,1,1,1,11,10,0\n", ParseOptions{Column: "adj close"},
			[]Price{{date("2025-01-02"), 9}, {date("2025-01-03"), 10}}},
		{"crlf and bom", "\ufeffdate,close\r\n2025-01-02,10\r\n2025-01-03,11\r\n", ParseOptions{},
			[]Price{{date("2025-01-02"), 10}, {date("2025-01-03"), 11}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSeries(strings.NewReader(c.in), "X", c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Prices) != len(c.want) {
				t.Fatalf("got %v, want %v", s.Prices, c.want)
			}
			for i := range c.want {
				if !s.Prices[i].Date.Equal(c.want[i].Date) || s.Prices[i].Close != c.want[i].Close {
					t.Fatalf("got %v, want %v", s.Prices, c.want)
				}
			}
		})
	}
}

// FuzzParseSeries: whatever the input, ParseSeries returns an error or a
// series that Validate accepts, and never panics.
func FuzzParseSeries(f *testing.F) {
	seeds := []string{
		"date,close\n2025-01-02,10\n2025-01-03,11\n",
		"Date,Price\n1987-05-20,18.63\n1987-05-21,18.45\n",
		"BOARDID;SECID;TRADEDATE;CLOSE\nSNDX;IMOEX;22.09.1997;100\nSNDX;IMOEX;23.09.1997;100,67\n",
		"Date,Open,High,Low,Close,Adj Close,Volume\n2025-01-02,1,1,1,10,9,0\n2025-01-03,1,1,1,11,10,0\n",
		"\ufeffmonth,GPR\n01/01/1900,\n01/02/1985,88.5\n01/03/1985,90\n",
		"d,v\n02/13/2025,1\n02/14/2025,NaN\n",
		"2025-01-03;1\n2025-01-02;2\n",
		"\"date\",\"close\"\n\"2025-01-02\",\"1,5\"\n\"2025-01-03\",\"2\"\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
	}
	formats := []Format{FormatAuto, FormatCSV, FormatYahoo, FormatMOEX, FormatEIA}
	f.Fuzz(func(t *testing.T, data []byte, fmtByte uint8) {
		opt := ParseOptions{Format: formats[int(fmtByte)%len(formats)]}
		s, err := ParseSeries(strings.NewReader(string(data)), "F", opt)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted a series that does not validate: %v", err)
		}
	})
}

// BenchmarkParseSeries: the MOEX ISS export of IMOEX, 7,185 rows.
func BenchmarkParseSeries(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "markets/IMOEX_moex_iss_raw.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	rows := 0
	for b.Loop() {
		s, err := ParseSeries(bytes.NewReader(data), "IMOEX", ParseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rows += len(s.Prices)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
