package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/source"
)

func (a *app) fetchCmd() *cobra.Command {
	var asJSON bool
	var ff fetchFlags
	cmd := &cobra.Command{
		Use:   "fetch URL",
		Short: "Fetch one web page and store its article",
		Long: `Fetch one web page, extract its article text, title, byline and published
date (meta tags, JSON-LD, <time> elements, else the URL), and store it. A page
already stored (same canonical URL, or the same text) is not stored again.
Nothing is fetched from a loopback, private or link-local address unless
--allow-private (or SITREP_ALLOW_PRIVATE=1) is given.`,
		Args: exactArgs(1, "one URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := feedURL(args[0])
			if err != nil {
				return usagef("fetch: %v", err)
			}
			fetcher, err := a.fetcher(cmd, &ff)
			if err != nil {
				return err
			}
			defer fetcher.Close()
			ex, err := ff.extractor()
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := source.FetchArticle(cmd.Context(), st, fetcher, u, ex, time.Now())
			if err != nil {
				return err
			}
			if res.Stored && ex != nil {
				if _, err := afterStore(cmd.Context(), st, []string{res.ID}); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, struct {
					source.FetchResult
					Title string `json:"title"`
					Date  string `json:"date,omitempty"`
				}{res, res.Article.Title, res.Article.Date})
			}
			verb := "stored"
			if !res.Stored {
				verb = "already stored as"
			}
			fmt.Fprintf(out, "%s %s: %s (%s, %d words)\n", verb, res.ID, clip(res.Article.Title, 70), orDash(res.Article.Date), len(strings.Fields(res.Article.Text)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as a JSON object")
	ff.add(cmd)
	return cmd
}
