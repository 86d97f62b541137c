package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/store"
)

func (a *app) marketCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "market",
		Short: "Import and list daily price series for event studies",
		Long: `Daily price series (index levels, exchange rates, commodity prices) that
'sitrep study' measures market reactions on. 'market import' stores a file
under a name, 'market list' shows what is stored, 'market remove' drops one.`,
		Args: exactArgs(0, "a subcommand: import, list or remove"),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.marketImportCmd(), a.marketListCmd(), a.marketRemoveCmd())
	return cmd
}

// marketStore opens the configured store and reaches its price series.
func (a *app) marketStore(cmd *cobra.Command) (store.Store, store.MarketStore, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, nil, err
	}
	ms, ok := st.(store.MarketStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("the %s store does not keep price series", st.Kind())
	}
	return st, ms, nil
}

func (a *app) marketImportCmd() *cobra.Command {
	var name, column, dateColumn, format string
	var monthFirst, allowNonPositive, asJSON bool
	cmd := &cobra.Command{
		Use:   "import FILE|- --name NAME",
		Short: "Store a daily price series from a CSV file under a name",
		Long: `Reads a daily series from FILE (- for stdin) and stores it under --name.
Importing again under the same name replaces the series whole, in one
transaction: no price of the earlier import survives.

Layouts, detected from the header unless --format names one:
  csv    a date column and value columns (date,close …); the value column is
         the one named close, price or value, or the only one
  yahoo  Date, Open, High, Low, Close …; Close may carry a suffix (Close_USD_RUB)
  moex   MOEX ISS exports: ';', decimal commas, TRADEDATE dd.mm.yyyy, CLOSE
  eia    Date, Price (EIA spot prices)
Dates may be ISO (2025-02-13), dd.mm.yyyy, or d/m/yyyy (--month-first for
m/d/yyyy). A file newest-first is read in reverse. Empty and NA cells are days
without a price. An unreadable date or number, NaN, a zero or negative price,
or a date repeated or out of order stops the import with the file, the line
and the reason.`,
		Example: `  sitrep market import IMOEX_daily.csv --name IMOEX
  sitrep market import usd_rub_yahoo_RUBX_2019_2026.csv --name USDRUB
  sitrep market import prices.csv --name AMZN --column AMZN`,
		Args: exactArgs(1, "one FILE (or - for stdin)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if name == "" {
				return usagef("market import needs --name: the name studies will use for the series")
			}
			f := market.Format(strings.ToLower(format))
			switch f {
			case market.FormatAuto, market.FormatCSV, market.FormatYahoo, market.FormatMOEX, market.FormatEIA:
			default:
				return usagef("--format %q: want auto, csv, yahoo, moex or eia", format)
			}
			path := args[0]
			var data []byte
			var err error
			if path == "-" {
				data, err = io.ReadAll(cmd.InOrStdin())
				path = "stdin"
			} else {
				data, err = os.ReadFile(path)
			}
			if err != nil {
				return err
			}
			s, err := market.ParseSeries(bytes.NewReader(data), name, market.ParseOptions{
				Format: f, Column: column, DateColumn: dateColumn, MonthFirst: monthFirst, AllowNonPositive: allowNonPositive,
			})
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if f == market.FormatAuto {
				f = sniffFormat(data)
			}
			if column == "" {
				column = defaultColumn(data, f)
			}
			st, ms, err := a.marketStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			before := -1
			if list, err := ms.ListSeries(cmd.Context()); err == nil {
				for _, si := range list {
					if si.Name == name {
						before = si.Count
					}
				}
			}
			ps := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: name, SourceFile: path, Format: string(f), Column: column}}
			ps.Prices = make([]store.DailyPrice, len(s.Prices))
			for i, p := range s.Prices {
				ps.Prices[i] = store.DailyPrice{Date: p.Date, Close: p.Close}
			}
			if err := ms.PutSeries(cmd.Context(), ps); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			first, last := s.Prices[0].Date, s.Prices[len(s.Prices)-1].Date
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, seriesJSON(store.SeriesInfo{SeriesMeta: ps.SeriesMeta, First: first, Last: last, Count: len(s.Prices)}, before))
			}
			fmt.Fprintf(out, "stored %s: %d prices, %s to %s (format %s, column %s) from %s\n",
				name, len(s.Prices), isoDay(first), isoDay(last), f, orDash(column), path)
			if before >= 0 {
				fmt.Fprintf(out, "replaced the earlier import of %s (%d prices)\n", name, before)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the series' name in studies (required), e.g. IMOEX")
	cmd.Flags().StringVar(&column, "column", "", "the value column, by header name or 1-based position (default: the format's close column)")
	cmd.Flags().StringVar(&dateColumn, "date-column", "", "the date column (default: TRADEDATE, date, day, … else the first)")
	cmd.Flags().StringVar(&format, "format", "auto", "file layout: auto, csv, yahoo, moex or eia")
	cmd.Flags().BoolVar(&monthFirst, "month-first", false, "read slash dates such as 02/03/2025 as month/day/year")
	cmd.Flags().BoolVar(&allowNonPositive, "allow-nonpositive", false, "accept zero and negative values (levels that are not prices); no return is computed across them")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the stored series' description as JSON")
	return cmd
}

func (a *app) marketListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the stored price series",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, ms, err := a.marketStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := ms.ListSeries(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, si := range list {
					if err := writeJSON(out, seriesJSON(si, -1)); err != nil {
						return err
					}
				}
				return nil
			}
			if len(list) == 0 {
				fmt.Fprintln(out, "no price series stored; add one with 'sitrep market import FILE --name NAME'")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tPRICES\tFIRST\tLAST\tFORMAT\tCOLUMN\tIMPORTED\tFILE")
			for _, si := range list {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", si.Name, si.Count, isoDay(si.First), isoDay(si.Last),
					orDash(si.Format), clip(orDash(si.Column), 16), si.ImportedAt.UTC().Format("2006-01-02 15:04"), clip(orDash(si.SourceFile), 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object a line: name, prices, first, last, format, column, file, imported_at")
	return cmd
}

func (a *app) marketRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a stored price series",
		Args:  exactArgs(1, "the NAME of a stored series"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, ms, err := a.marketStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ms.DeleteSeries(cmd.Context(), args[0]); errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no price series named %s ('sitrep market list' shows what is stored)", args[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %s\n", args[0])
			return nil
		},
	}
}

// seriesOut is a stored series as 'market list --json' prints it.
type seriesOut struct {
	Name       string `json:"name"`
	Prices     int    `json:"prices"`
	First      string `json:"first"`
	Last       string `json:"last"`
	Format     string `json:"format"`
	Column     string `json:"column"`
	File       string `json:"file"`
	ImportedAt string `json:"imported_at"`
	Replaced   *int   `json:"replaced,omitempty"` // prices of the import this one replaced
}

func seriesJSON(si store.SeriesInfo, replaced int) seriesOut {
	o := seriesOut{Name: si.Name, Prices: si.Count, First: isoDay(si.First), Last: isoDay(si.Last), Format: si.Format,
		Column: si.Column, File: si.SourceFile, ImportedAt: si.ImportedAt.UTC().Format(time.RFC3339)}
	if replaced >= 0 {
		o.Replaced = &replaced
	}
	return o
}

// isoDay prints a calendar day, or - for none.
func isoDay(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// firstRecord returns the first non-blank row of a price file, split on
// the delimiter market.ParseSeries would pick.
func firstRecord(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	semi, comma, tab := bytes.Count(line, []byte{';'}), bytes.Count(line, []byte{','}), bytes.Count(line, []byte{'\t'})
	switch {
	case semi > 0 && semi >= comma && semi >= tab:
		r.Comma = ';'
	case tab > comma:
		r.Comma = '\t'
	}
	for {
		rec, err := r.Read()
		if err != nil {
			return nil
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if strings.Join(rec, "") != "" {
			return rec
		}
	}
}

// sniffFormat names the layout that auto-detection read a file as, by the
// header rules of market.ParseSeries, so that the import can record it.
// (market.ParseSeries does not report its choice.)
func sniffFormat(data []byte) market.Format {
	h := firstRecord(data)
	if len(h) == 0 || hasDigitStart(h[0]) {
		return market.FormatCSV // no header
	}
	switch {
	case headerIndex(h, "TRADEDATE") >= 0 && headerIndex(h, "CLOSE") >= 0:
		return market.FormatMOEX
	case strings.EqualFold(h[0], "date") && headerPrefix(h, "open") >= 0 && headerPrefix(h, "high") >= 0 &&
		headerPrefix(h, "low") >= 0 && headerPrefix(h, "close") >= 0:
		return market.FormatYahoo
	case len(h) == 2 && headerIndex(h, "date") >= 0 && headerIndex(h, "price") >= 0:
		return market.FormatEIA
	}
	return market.FormatCSV
}

// defaultColumn names the value column a format reads when --column is
// not given, as the file's header spells it.
func defaultColumn(data []byte, f market.Format) string {
	h := firstRecord(data)
	if len(h) == 0 || hasDigitStart(h[0]) {
		return ""
	}
	pick := func(i int) string {
		if i < 0 {
			return ""
		}
		return h[i]
	}
	switch f {
	case market.FormatMOEX:
		return pick(headerIndex(h, "CLOSE"))
	case market.FormatYahoo:
		if i := headerIndex(h, "close"); i >= 0 {
			return h[i]
		}
		return pick(headerPrefix(h, "close"))
	case market.FormatEIA:
		return pick(headerIndex(h, "price"))
	}
	for _, n := range []string{"close", "price", "value"} {
		if i := headerIndex(h, n); i >= 0 {
			return h[i]
		}
	}
	if len(h) == 2 {
		return h[1]
	}
	return ""
}

func hasDigitStart(s string) bool { return s != "" && unicode.IsDigit(rune(s[0])) }

func headerIndex(h []string, name string) int {
	for i, c := range h {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

func headerPrefix(h []string, prefix string) int {
	for i, c := range h {
		if len(c) >= len(prefix) && strings.EqualFold(c[:len(prefix)], prefix) {
			return i
		}
	}
	return -1
}
