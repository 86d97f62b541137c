package main

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/link"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/story"
)

func (a *app) ingestCmd() *cobra.Command {
	var date, src string
	var asJSON, quiet, noExtract bool
	var dicts []string
	cmd := &cobra.Command{
		Use:   "ingest PATH… | -",
		Short: "Store articles from files, folders (recursively) and stdin",
		Long: `Store articles from files, folders (recursively) and stdin (-).

Formats, detected by extension and content: plain text and Markdown (front
matter or the first line gives the title), HTML (the article text is
extracted; title, byline and date from meta tags and JSON-LD), and JSON Lines
with one {"id","title","date","source","url","text"} object a line (other
fields are kept as metadata). Gzipped inputs are read as they are.

An article already stored (same canonical URL, else same text) is not stored
again. A file that cannot be read is reported with its path and the reason;
the rest still goes in, and the exit code is 1.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("ingest needs at least one path, or - for stdin")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if date != "" {
				if _, err := time.Parse("2006-01-02", date); err != nil {
					return usagef("--date %q: want YYYY-MM-DD", date)
				}
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var bar *progressbar.ProgressBar
			if !quiet && isTerminal(os.Stderr) {
				bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(os.Stderr),
					progressbar.OptionSetDescription("ingesting"), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			var ex source.Extractor
			var storedIDs []string
			if !noExtract {
				c, err := buildCoder(dicts)
				if err != nil {
					return err
				}
				ex = extract.New(c).Records
			}
			opt := source.IngestOptions{
				Extract:  ex,
				Defaults: source.Defaults{Date: date, Source: src},
				OnItem: func(r source.Result) {
					if r.Stored {
						storedIDs = append(storedIDs, r.ID)
					}
					if r.Err != nil {
						if bar != nil {
							bar.Clear()
						}
						fmt.Fprintf(os.Stderr, "sitrep: ingest: %s: %v\n", r.Where, r.Err)
					}
					if bar != nil {
						bar.Add(1)
					}
				},
			}
			sum, err := source.Ingest(cmd.Context(), st, args, opt)
			if bar != nil {
				bar.Finish()
			}
			var after afterSummary
			if err == nil && ex != nil {
				// Denials and deadline outcomes in the new articles link to
				// what earlier articles reported; their events join stories.
				if after, err = afterStore(cmd.Context(), st, storedIDs); err != nil {
					return err
				}
			}
			links := after.Links
			if asJSON {
				writeJSON(cmd.OutOrStdout(), struct {
					source.Summary
					Links   link.Summary  `json:"links"`
					Stories story.Summary `json:"stories"`
				}{sum, links, after.Stories})
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "read %d, stored %d, duplicates %d, failed %d\n", sum.Read, sum.Stored, sum.Duplicates, sum.Failed)
				if links.Denials+links.Statuses > 0 {
					fmt.Fprintf(cmd.OutOrStdout(), "linked %d denials to earlier claims, settled %d earlier deadlines\n", links.Denials, links.Statuses)
				}
				fmt.Fprint(cmd.OutOrStdout(), storyNote(after.Stories))
			}
			if err != nil {
				return fmt.Errorf("ingest interrupted: %w", err)
			}
			if sum.Failed > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "article date (YYYY-MM-DD) for inputs that carry none")
	cmd.Flags().StringVar(&src, "source", "", "outlet name for inputs that name none")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON object")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	cmd.Flags().BoolVar(&noExtract, "no-extract", false, "store the articles only; extract later with sitrep recode")
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra dictionary file or folder for the coder; repeatable")
	return cmd
}
