package main

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

func (a *app) articlesCmd() *cobra.Command {
	var since, until, src string
	var limit, offset int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "articles",
		Short: "List stored articles, newest first",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := store.ArticleFilter{Source: src, Limit: limit, Offset: offset}
			var err error
			if f.Since, err = parseDay("--since", since); err != nil {
				return err
			}
			if f.Until, err = parseDay("--until", until); err != nil {
				return err
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.ListArticles(cmd.Context(), f)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, art := range list {
					art.Text = ""
					writeJSON(out, art)
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDATE\tSOURCE\tTITLE")
			for _, art := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", art.ID, orDash(art.Date), clip(orDash(art.Source), 24), clip(art.Title, 70))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only articles dated on or after YYYY-MM-DD (or 7d, 24h: that long ago)")
	cmd.Flags().StringVar(&until, "until", "", "only articles dated before YYYY-MM-DD")
	cmd.Flags().StringVar(&src, "source", "", "only articles from this outlet")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many")
	cmd.Flags().IntVar(&offset, "offset", 0, "skip this many first")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object a line (text left out; see show)")
	return cmd
}

// parseDay reads YYYY-MM-DD, or a span back from now such as 7d or 36h.
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if n := len(s); n > 1 && s[n-1] == 'd' {
		var days int
		if _, err := fmt.Sscanf(s[:n-1], "%d", &days); err == nil && days >= 0 {
			return time.Now().UTC().AddDate(0, 0, -days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return time.Now().UTC().Add(-d), nil
	}
	return time.Time{}, usagef("%s %q: want YYYY-MM-DD or a span such as 7d or 36h", flag, s)
}

func (a *app) showCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ARTICLE_ID",
		Short: "Show one stored article with what was extracted from it",
		Args:  exactArgs(1, "one article id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			art, err := st.GetArticle(cmd.Context(), args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no article with id %s (sitrep articles lists them)", args[0])
			}
			if err != nil {
				return err
			}
			recs, err := st.Records(cmd.Context(), art.ID)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, struct {
					Article any `json:"article"`
					*record.Records
				}{art, nonNil(recs)})
			}
			fmt.Fprintf(out, "%s\n%s\n", art.Title, underline(art.Title))
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			for _, kv := range [][2]string{{"id", art.ID}, {"date", art.Date}, {"source", art.Source}, {"byline", art.Byline},
				{"url", art.URL}, {"lang", art.Lang}, {"from", art.Origin}, {"ingested", art.IngestedAt.Format(time.RFC3339)}} {
				if kv[1] != "" {
					fmt.Fprintf(tw, "%s:\t%s\n", kv[0], kv[1])
				}
			}
			fmt.Fprintf(tw, "records:\t%d events, %d claims, %d deadlines, %d facts\n", len(recs.Events), len(recs.Claims), len(recs.Deadlines), len(recs.Facts))
			tw.Flush()
			fmt.Fprintf(out, "\n%s\n", art.Text)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON: the article and its events, claims, deadlines, facts")
	return cmd
}

func underline(s string) string {
	n := len([]rune(s))
	b := make([]byte, min(n, 78))
	for i := range b {
		b[i] = '='
	}
	return string(b)
}

// nonNil gives empty lists rather than null in JSON.
func nonNil(r *record.Records) *record.Records {
	if r.Events == nil {
		r.Events = []record.Event{}
	}
	if r.Claims == nil {
		r.Claims = []record.Claim{}
	}
	if r.Deadlines == nil {
		r.Deadlines = []record.Deadline{}
	}
	if r.Facts == nil {
		r.Facts = []record.Fact{}
	}
	return r
}
