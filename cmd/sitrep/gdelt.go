package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
)

func (a *app) importGDELTCmd() *cobra.Command {
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "import-gdelt FILE… | -",
		Short: "Store the events of GDELT event export files",
		Long: `Store the events of GDELT event export files: GDELT 2.0's 61 tab-separated
columns (GDELT 1.0's 57 and 58 work too), plain (.CSV) or zipped (.CSV.zip) as
GDELT publishes them; - reads stdin.

Each row becomes the event gdelt-<GLOBALEVENTID>, with its source URL; the
columns an event has no place for are kept by their GDELT names, so
export-gdelt writes the row back as it was. A row already stored is counted
as a duplicate and left alone. A malformed row is reported as FILE:LINE with
the column at fault; the rest still goes in, and the exit code is 1.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("import-gdelt needs at least one file, or - for stdin")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var bar *progressbar.ProgressBar
			if !quiet && isTerminal(os.Stderr) {
				bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(os.Stderr),
					progressbar.OptionSetDescription("importing"), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			opt := source.GDELTOptions{
				OnError: func(err error) {
					if bar != nil {
						bar.Clear()
					}
					fmt.Fprintf(os.Stderr, "sitrep: import-gdelt: %v\n", err)
				},
				OnStored: func(rows int) {
					if bar != nil {
						bar.Add(rows)
					}
				},
			}
			sum, err := source.ImportGDELT(cmd.Context(), st, args, opt)
			if bar != nil {
				bar.Finish()
			}
			if sum.Stored > 0 {
				// The imported events merge into stories, their source URL
				// standing for the report.
				// More than an update takes on is merged by a rebuild, which
				// streams the store pair by pair instead of holding them.
				var serr error
				if sum.Stored > story.RebuildAbove {
					_, serr = restory(cmd.Context(), st)
				} else {
					_, serr = mergeStories(cmd.Context(), st, story.Changes{Unstoried: true})
				}
				if serr != nil && err == nil {
					err = serr
				}
			}
			if asJSON {
				writeJSON(cmd.OutOrStdout(), sum)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "read %d, stored %d, duplicates %d, failed %d\n", sum.Read, sum.Stored, sum.Duplicates, sum.Failed)
			}
			if err != nil {
				return fmt.Errorf("import-gdelt stopped: %w", err)
			}
			if sum.Failed > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON object")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func (a *app) exportGDELTCmd() *cobra.Command {
	var actor, dyad, root, from, to string
	var header bool
	var limit int
	cmd := &cobra.Command{
		Use:   "export-gdelt [--actor CC] [--dyad A:B] [--root 04] [--from DATE] [--to DATE] [--header] > out.tsv",
		Short: "Write stored events as GDELT 2.0 event export rows",
		Long: `Write stored events to stdout as GDELT 2.0 event export rows (61 tab-separated
columns, no header unless --header), in date order, so tools made for GDELT
read them.

Events imported from GDELT come back as they were read. Events sitrep coded
itself fill the columns that map (ids, dates, actors, event codes, quad class,
Goldstein value, place, source URL) and leave the rest empty; their
GLOBALEVENTID is derived from the event id, the same in every export.

Countries are the actors' CAMEO country codes (USA, RUS, …).`,
		Args: exactArgs(0, "no arguments (filters are flags)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			x := source.GDELTExport{Header: header, Filter: store.EventFilter{Root: root, Limit: limit}}
			if actor != "" {
				if !gdeltCountry(actor) {
					return usagef("--actor %q: want a three-letter country code such as RUS", actor)
				}
				x.Actor = strings.ToUpper(actor)
			}
			if dyad != "" {
				src, tgt, ok := strings.Cut(dyad, ":")
				if !ok || !gdeltCountry(src) || !gdeltCountry(tgt) {
					return usagef("--dyad %q: want SOURCE:TARGET country codes such as USA:RUS", dyad)
				}
				x.Filter.SourceCountry, x.Filter.TargetCountry = strings.ToUpper(src), strings.ToUpper(tgt)
			}
			if root != "" && (len(root) != 2 || root < "01" || root > "20" || strings.Trim(root, "0123456789") != "") {
				return usagef("--root %q: want a two-digit CAMEO root code, 01 to 20", root)
			}
			for _, d := range []struct{ flag, v string }{{"--from", from}, {"--to", to}} {
				if d.v == "" {
					continue
				}
				if _, err := time.Parse("2006-01-02", d.v); err != nil {
					return usagef("%s %q: want YYYY-MM-DD", d.flag, d.v)
				}
			}
			x.Filter.From, x.Filter.To = from, to
			if limit < 0 {
				return usagef("--limit %d: want 0 (no limit) or more", limit)
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := source.ExportGDELT(cmd.Context(), st, cmd.OutOrStdout(), x); err != nil {
				return fmt.Errorf("export-gdelt: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&actor, "actor", "", "only events where either side is this country (CAMEO code, e.g. RUS)")
	cmd.Flags().StringVar(&dyad, "dyad", "", "only events from the first country to the second, e.g. USA:RUS")
	cmd.Flags().StringVar(&root, "root", "", "only events of this CAMEO root code, e.g. 04 (consult)")
	cmd.Flags().StringVar(&from, "from", "", "only events dated on or after YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "only events dated on or before YYYY-MM-DD")
	cmd.Flags().BoolVar(&header, "header", false, "write a first line of GDELT column names")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many events (0: all)")
	return cmd
}

// gdeltCountry accepts a CAMEO country or region code: three letters.
func gdeltCountry(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}
