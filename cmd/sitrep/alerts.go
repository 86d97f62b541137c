package main

import (
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

func (a *app) alertsCmd() *cobra.Command {
	var asJSON, asAtom, all bool
	var rule string
	var limit int
	cmd := &cobra.Command{
		Use:   "alerts [--json|--atom] [--all] [--rule NAME]",
		Short: "Show the firing and pending alerts (--all: resolved too; --atom: the alert feed)",
		Long: `Lists the alerts the watch rules raised: firing first, then pending, each
with its cause and the articles behind it. --all adds resolved alerts.
--atom prints the Atom 1.0 feed of the latest notices (what 'serve' gives at
/alerts.atom).`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asAtom {
				return usagef("--json and --atom: choose one")
			}
			st, ws, err := a.watchStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			out := cmd.OutOrStdout()
			if asAtom {
				return watch.AtomFeed(ctx, st, out, watch.FeedInfo{}, limit, time.Now())
			}
			f := store.AlertFilter{Rule: rule, Limit: limit, States: []string{store.AlertFiring, store.AlertPending}}
			if all {
				f.States = nil
			}
			alerts, err := ws.Alerts(ctx, f)
			if err != nil {
				return err
			}
			order := []string{store.AlertFiring, store.AlertPending, store.AlertResolved}
			slices.SortStableFunc(alerts, func(x, y store.Alert) int {
				return slices.Index(order, x.State) - slices.Index(order, y.State)
			})
			if asJSON {
				for _, al := range alerts {
					if err := writeJSON(out, al); err != nil {
						return err
					}
				}
				return nil
			}
			if len(alerts) == 0 {
				fmt.Fprintln(out, "No alerts.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "STATE\tRULE\tSINCE\tALERT\tSEE")
			for _, al := range alerts {
				since := al.ActiveAt
				switch al.State {
				case store.AlertFiring:
					since = al.FiredAt
				case store.AlertResolved:
					since = al.ResolvedAt
				}
				see := "-"
				if len(al.Links) > 0 {
					see = al.Links[0].URL
					if see == "" {
						see = "sitrep show " + al.Links[0].ArticleID
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", al.State, al.Rule, since.Format("2006-01-02 15:04"), clip(al.Title, 80), see)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per alert")
	cmd.Flags().BoolVar(&asAtom, "atom", false, "print the Atom feed of the latest notices")
	cmd.Flags().BoolVar(&all, "all", false, "resolved alerts too")
	cmd.Flags().StringVar(&rule, "rule", "", "only this rule's alerts")
	cmd.Flags().IntVar(&limit, "limit", 200, "at most this many")
	return cmd
}
