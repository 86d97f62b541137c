package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
)

func (a *app) extractCmd() *cobra.Command {
	var date, title string
	var dicts []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "extract FILE|-",
		Short: "Run every extractor on one article without storing it",
		Long: `Reads one article (text, Markdown, HTML — reduced to its article text — or
one JSON object) and prints what sitrep finds in it: events, claims (who said
what, quoted or reported, with stance and denial links), deadlines and facts.
Relative dates resolve against --date, else the article's own date; with
neither, today's date is assumed and the command says so.`,
		Args: exactArgs(1, "one file, or - for stdin"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ref time.Time
			if date != "" {
				t, err := time.Parse("2006-01-02", date)
				if err != nil {
					return usagef("--date %q: want YYYY-MM-DD", date)
				}
				ref = t
			}
			var in io.Reader = cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			var art *article.Article
			var readErr error
			source.ReadStream(in, args[0], source.FormatAuto, source.Defaults{}, func(it source.Item) {
				if art == nil && readErr == nil {
					art, readErr = it.Article, it.Err
				}
			})
			if readErr != nil {
				return fmt.Errorf("%s: %w", args[0], readErr)
			}
			if art == nil {
				return fmt.Errorf("%s: no article in it", args[0])
			}
			if title != "" {
				art.Title = title
			}
			if ref.IsZero() {
				ref = extract.RefDate(art)
			}
			if ref.IsZero() {
				ref = time.Now().UTC().Truncate(24 * time.Hour)
				fmt.Fprintf(os.Stderr, "sitrep: extract: %s has no date; assuming today, %s (set one with --date)\n", args[0], ref.Format("2006-01-02"))
			}
			c, err := buildCoder(dicts)
			if err != nil {
				return err
			}
			recs := extract.New(c).RecordsAt(art, ref)
			nonNil(recs)
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, extract.Extraction{Article: art, Records: *recs})
			}
			printExtraction(out, art, ref, recs)
			return nil
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the article's date (YYYY-MM-DD), which relative dates resolve against")
	cmd.Flags().StringVar(&title, "title", "", "the article's title")
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra dictionary file or folder; repeatable")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the Extraction object: {article, events, claims, deadlines, facts}")
	return cmd
}

func printExtraction(out io.Writer, art *article.Article, ref time.Time, recs *record.Records) {
	fmt.Fprintf(out, "%s (dated %s)\n", orDash(art.Title), ref.Format("2006-01-02"))
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nEVENTS (%d)\n", len(recs.Events))
	for _, e := range recs.Events {
		fmt.Fprintf(tw, "  %s\t%s → %s\t%s %s\t%s\n", e.Date, actorCell(e.Source), actorCell(e.Target), e.CAMEO, e.Verb, flags(e))
	}
	fmt.Fprintf(tw, "\nCLAIMS (%d)\n", len(recs.Claims))
	for i, c := range recs.Claims {
		sp := "-"
		if c.Speaker != nil {
			sp = firstNonEmpty(c.Speaker.Name, c.Speaker.Text, c.Speaker.Code)
		}
		extra := ""
		if c.Denies != "" {
			extra = " (denies claim " + strings.TrimPrefix(c.Denies, "#") + ")"
		}
		if c.Hedged {
			extra += " (hedged)"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s %s\t%s%s\n", i, sp, c.Stance, c.Kind, clip(c.Text, 90), extra)
	}
	fmt.Fprintf(tw, "\nDEADLINES (%d)\n", len(recs.Deadlines))
	for _, d := range recs.Deadlines {
		fmt.Fprintf(tw, "  %s (%s)\t%s\t%s\t%s\n", d.Due, d.Precision, d.Kind, clip(d.What, 70), actorList(d.Actors))
	}
	fmt.Fprintf(tw, "\nFACTS (%d)\n", len(recs.Facts))
	for _, f := range recs.Facts {
		fmt.Fprintf(tw, "  %s\t%s\t%s %g %s\t%s\n", orDash(f.Date), f.Kind, orDash(f.Direction), f.Value, f.Unit, clip(f.Subject, 50))
	}
	tw.Flush()
}

func actorList(as []record.Actor) string {
	var codes []string
	for _, a := range as {
		codes = append(codes, a.Code)
	}
	return strings.Join(codes, ",")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
