package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/record"
)

// buildCoder makes the coder from the default dictionaries plus any the
// user names (which override the defaults on the same phrase).
func buildCoder(dictPaths []string) (*coder.Coder, error) {
	opts := coder.Options{}
	if len(dictPaths) > 0 {
		d, err := coder.LoadPaths(dictPaths)
		if err != nil {
			return nil, fmt.Errorf("dictionaries: %w", err)
		}
		opts.Actors = append([]*actor.Dict{actor.Default()}, d.Actors...)
		opts.Verbs = append([]*coder.VerbDict{coder.DefaultVerbs()}, d.Verbs...)
	}
	return coder.New(opts)
}

func (a *app) codeCmd() *cobra.Command {
	var date string
	var dicts []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "code [FILE|-]",
		Short: "Code sentences into CAMEO events (who did what to whom)",
		Long: `Codes each input line into events. Input: plain lines (a sentence or a
paragraph each), or JSON Lines {"id","date","text"}. Relative dates ("on
Friday", "last week") resolve against the line's date, else --date.

With --json, one line per input: {"id": <input id or line number>, "events": […]},
each event as in DESIGN.md, with the pattern and dictionary line that coded it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("code takes one file, or - (the default) for stdin")
			}
			return nil
		},
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
			name := "-"
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in, name = f, args[0]
			}
			c, err := buildCoder(dicts)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			var tw *tabwriter.Writer
			if !asJSON {
				tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tDATE\tSOURCE\tTARGET\tCAMEO\tFLAGS\tVERB\tLABEL")
				defer tw.Flush()
			}
			failed := 0
			err = codeLines(c, in, name, ref, func(l *codedLine) {
				if l.bad != "" {
					fmt.Fprintf(os.Stderr, "sitrep: code: %s\n", l.bad)
					failed++
					return
				}
				evs := l.events
				if asJSON {
					if evs == nil {
						evs = []record.Event{}
					}
					writeJSON(out, struct {
						ID     string         `json:"id"`
						Events []record.Event `json:"events"`
					}{l.id, evs})
					return
				}
				for _, e := range evs {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.id, orDash(e.Date), actorCell(e.Source), actorCell(e.Target), e.CAMEO, flags(e), clip(e.Verb, 20), clip(label(c, e.CAMEO), 40))
				}
			})
			if err != nil {
				return err
			}
			if failed > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "date (YYYY-MM-DD) that relative dates resolve against, for lines without one")
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra dictionary file or folder (TABARI, PETRARCH or sitrep format); repeatable")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per input line")
	return cmd
}

func actorCell(a *record.Actor) string {
	if a == nil {
		return "-"
	}
	if a.Name != "" {
		return a.Code + " (" + clip(a.Name, 22) + ")"
	}
	return a.Code
}

func flags(e record.Event) string {
	var f []string
	if e.Negated {
		f = append(f, "negated")
	}
	if e.Hedged {
		f = append(f, "hedged")
	}
	if e.Conditional {
		f = append(f, "conditional")
	}
	if e.AttributedTo != nil {
		f = append(f, "per "+e.AttributedTo.Code)
	}
	if len(f) == 0 {
		return "-"
	}
	return strings.Join(f, ",")
}

func label(c *coder.Coder, code string) string {
	if cb, ok := c.Codebook().Lookup(code); ok {
		return cb.Label
	}
	return ""
}
