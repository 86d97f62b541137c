package main

import (
	"context"
	"fmt"
	"math"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// recordFlags are the filters the claims, deadlines and facts commands share.
type recordFlags struct {
	actor, from, to, kind string
	limit                 int
	asJSON                bool
}

func (r *recordFlags) add(cmd *cobra.Command, kindHelp string) {
	cmd.Flags().StringVar(&r.actor, "actor", "", "only records whose speaker (claims) or actors (deadlines) are of this country code, e.g. RUS")
	cmd.Flags().StringVar(&r.from, "from", "", "only records dated (due) on or after YYYY-MM-DD")
	cmd.Flags().StringVar(&r.to, "to", "", "only records dated (due) on or before YYYY-MM-DD")
	cmd.Flags().StringVar(&r.kind, "kind", "", kindHelp)
	cmd.Flags().IntVar(&r.limit, "limit", 200, "at most this many")
	cmd.Flags().BoolVar(&r.asJSON, "json", false, "one JSON object a line")
}

func (r *recordFlags) filter() (store.RecordFilter, error) {
	for _, d := range []struct{ flag, v string }{{"--from", r.from}, {"--to", r.to}} {
		if d.v != "" {
			if _, err := time.Parse("2006-01-02", d.v); err != nil {
				return store.RecordFilter{}, usagef("%s %q: want YYYY-MM-DD", d.flag, d.v)
			}
		}
	}
	return store.RecordFilter{Country: r.actor, From: r.from, To: r.to, Kind: r.kind, Limit: r.limit}, nil
}

// listCmd is a command that lists one kind of stored record with the
// shared filters: a table for people, JSON Lines with --json.
func listCmd[T any](a *app, use, short, kindHelp string, fetch func(store.Store, context.Context, store.RecordFilter) ([]T, error), header string, row func(T) string) *cobra.Command {
	var rf recordFlags
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := rf.filter()
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			recs, err := fetch(st, cmd.Context(), f)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if rf.asJSON {
				for _, r := range recs {
					writeJSON(out, r)
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, header)
			for _, r := range recs {
				fmt.Fprintln(tw, row(r))
			}
			return tw.Flush()
		},
	}
	rf.add(cmd, kindHelp)
	return cmd
}

func (a *app) claimsCmd() *cobra.Command {
	return listCmd(a, "claims", "List stored claims: who said what, with stance and denial links",
		"only this stance: assert, deny, confirm or retract", store.Store.Claims,
		"DATE\tSPEAKER\tSTANCE\tKIND\tCLAIM\tDENIES", func(c record.Claim) string {
			sp := "-"
			if c.Speaker != nil {
				sp = firstNonEmpty(c.Speaker.Name, c.Speaker.Text, c.Speaker.Code)
			}
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", orDash(c.Date), clip(sp, 24), c.Stance, c.Kind, clip(c.Text, 70), orDash(c.Denies))
		})
}

func (a *app) deadlinesCmd() *cobra.Command {
	var rf recordFlags
	var upcoming, past bool
	cmd := &cobra.Command{
		Use:   "deadlines",
		Short: "List stored deadlines with days left, soonest first",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if upcoming && past {
				return usagef("--upcoming and --past exclude each other")
			}
			today := time.Now().UTC().Format("2006-01-02")
			if upcoming && rf.from == "" {
				rf.from = today
			}
			if past && rf.to == "" {
				rf.to = time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
			}
			f, err := rf.filter()
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := st.Deadlines(cmd.Context(), f)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			now := time.Now().UTC()
			if rf.asJSON {
				for _, d := range ds {
					writeJSON(out, struct {
						record.Deadline
						DaysLeft *int `json:"days_left"`
					}{d, daysLeft(d.Due, now)})
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DUE\tDAYS LEFT\tKIND\tSTATUS\tWHAT\tACTORS")
			for _, d := range ds {
				left := "-"
				if n := daysLeft(d.Due, now); n != nil {
					left = fmt.Sprint(*n)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Due, left, d.Kind, d.Status, clip(d.What, 60), actorList(d.Actors))
			}
			return tw.Flush()
		},
	}
	rf.add(cmd, "only this kind: expiry, deadline, scheduled or ultimatum")
	cmd.Flags().BoolVar(&upcoming, "upcoming", false, "only deadlines due today or later")
	cmd.Flags().BoolVar(&past, "past", false, "only deadlines already due")
	return cmd
}

// daysLeft counts whole days from now to a due date cut to its precision
// (a month or year counts to its last day); nil for an unreadable date.
func daysLeft(due string, now time.Time) *int {
	var end time.Time
	switch len(due) {
	case 10:
		t, err := time.Parse("2006-01-02", due)
		if err != nil {
			return nil
		}
		end = t
	case 7:
		t, err := time.Parse("2006-01", due)
		if err != nil {
			return nil
		}
		end = t.AddDate(0, 1, -1)
	case 4:
		t, err := time.Parse("2006", due)
		if err != nil {
			return nil
		}
		end = t.AddDate(1, 0, -1)
	default:
		return nil
	}
	today := now.Truncate(24 * time.Hour)
	n := int(math.Round(end.Sub(today).Hours() / 24))
	return &n
}

func (a *app) factsCmd() *cobra.Command {
	return listCmd(a, "facts", "List stored facts: market moves, amounts, counts, casualties",
		"only this kind: market_move, amount, count or casualties", store.Store.Facts,
		"DATE\tKIND\tSUBJECT\tDIRECTION\tVALUE\tUNIT", func(x record.Fact) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%g\t%s", orDash(x.Date), x.Kind, clip(x.Subject, 40), orDash(x.Direction), x.Value, x.Unit)
		})
}
