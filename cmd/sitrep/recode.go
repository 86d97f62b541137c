package main

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
)

func (a *app) recodeCmd() *cobra.Command {
	var dicts []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "recode",
		Short: "Re-extract the records of every stored article (after a dictionary change)",
		Long: `Runs the extractors again over every stored article and replaces its records,
one article per transaction, so an interrupted recode leaves every article
with either its old records or its new ones.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := buildCoder(dicts)
			if err != nil {
				return err
			}
			x := extract.New(c)
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			total, _ := st.CountArticles(cmd.Context())
			var bar *progressbar.ProgressBar
			if isTerminal(os.Stderr) {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription("recoding"),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			var articles, events, others int
			start := time.Now()
			err = st.EachArticle(cmd.Context(), store.ArticleFilter{}, func(art *article.Article) error {
				recs, err := x.Records(art)
				if err != nil {
					return fmt.Errorf("article %s: %w", art.ID, err)
				}
				if err := st.ReplaceRecords(cmd.Context(), art.ID, recs); err != nil {
					return err
				}
				articles++
				events += len(recs.Events)
				others += len(recs.Claims) + len(recs.Deadlines) + len(recs.Facts)
				if bar != nil {
					bar.Add(1)
				}
				return nil
			})
			if bar != nil {
				bar.Finish()
			}
			// Every article's events may have changed: stories are merged
			// again from scratch (the same result as merging one by one).
			var stories story.Summary
			if err == nil {
				if stories, err = restory(cmd.Context(), st); err != nil {
					return err
				}
			}
			sum := map[string]any{"articles": articles, "events": events, "other_records": others, "stories": stories.Stories, "seconds": time.Since(start).Seconds()}
			if asJSON {
				writeJSON(cmd.OutOrStdout(), sum)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "re-extracted %d articles: %d events, %d claims, deadlines and facts; %d stories\n", articles, events, others, stories.Stories)
			}
			return err
		},
	}
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra dictionary file or folder; repeatable")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}
