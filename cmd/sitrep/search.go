package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/store"
)

func (a *app) searchCmd() *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search over stored articles, best match first",
		Long: `Full-text search over titles and texts, best match first (BM25 on SQLite,
ts_rank on PostgreSQL), with a snippet where the words matched.

Words are all required; "quoted words" match as a phrase; OR between terms
takes either; a leading - excludes a word. Words are stemmed (English).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("search needs a query")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			q := strings.Join(args, " ")
			hits, err := st.Search(cmd.Context(), store.SearchQuery{Text: q, Limit: limit})
			if errors.Is(err, store.ErrEmptyQuery) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, h := range hits {
					h.Article.Text = ""
					writeJSON(out, h)
				}
				return nil
			}
			if len(hits) == 0 {
				fmt.Fprintf(out, "no articles match %q\n", q)
				return nil
			}
			for i, h := range hits {
				fmt.Fprintf(out, "%2d. %s  %s  %s\n    %s\n    %s\n", i+1, h.Article.ID, orDash(h.Article.Date), orDash(h.Article.Source), clip(h.Article.Title, 90), clip(h.Snippet, 160))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "at most this many results")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object a line: article (without text), score, snippet")
	return cmd
}
