package main

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/coder/eval"
)

// newEvalCoder builds the coder eval scores: from the suite's own
// dictionaries (suite.Dicts) plus any --dict files, a function that codes
// one record's text at its date into tuples as the suite writes them
// (actor codes, CAMEO code). Nil until the coder is wired in.
var newEvalCoder func(suite *eval.Suite, extraDicts []string) (func(text string, date time.Time) []eval.Tuple, error)

func (a *app) evalCmd() *cobra.Command {
	var dicts []string
	var asJSON, verbose bool
	var part string
	cmd := &cobra.Command{
		Use:   "eval SUITE",
		Short: "Score the event coder on a validation suite",
		Long: `Codes every checked record of a validation suite and compares the events with
the ones the suite expects. SUITE is TABARI's Validate.text, a PETRARCH
PETR.UnitTest.records.xml, PETR2_GSR_validation.xml or PLOVER's
PLOVER_GSR_CAMEO.txt; the format is told from the file. The suite's own
dictionaries are used (found beside it), plus any --dict files.

Prints how many records were checked and skipped (and why), the share of
records coded exactly right, and tuple precision, recall and F1 at the full
code, at the root code and, for real sentences, at (source country, target
country, root). With --verbose, every record that was not exact, with what it
expected and what was coded.

--part K/N scores one fixed part of the suite: the records are dealt into N
parts by a hash of their id (the same parts on every run), and K picks part K
(1..N); !K/N scores every part but K. Tune dictionaries on "--part '!3/3'" and
report "--part 3/3" as the held-out figure.`,
		Args: exactArgs(1, "one suite file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			suite, err := eval.Load(args[0])
			if err != nil {
				return err
			}
			if part != "" {
				if err := selectPart(suite, part); err != nil {
					return usagef("eval: %v", err)
				}
			}
			if newEvalCoder == nil {
				return errors.New("eval: the coder is not built yet")
			}
			code, err := newEvalCoder(suite, dicts)
			if err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			rep := eval.Score(suite, code)
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			if asJSON {
				if !verbose {
					rep.Results = nil
				}
				return writeJSON(out, rep)
			}
			writeEvalReport(out, suite, rep, verbose)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra dictionary file (repeatable)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as one JSON object")
	cmd.Flags().BoolVar(&verbose, "verbose", false, "list the records that were not coded exactly")
	cmd.Flags().StringVar(&part, "part", "", "score part K of N fixed parts (K/N), or all but part K (!K/N)")
	return cmd
}

// writeEvalReport prints the report for people.
func writeEvalReport(w io.Writer, s *eval.Suite, r eval.Report, verbose bool) {
	fmt.Fprintf(w, "suite    %s (%s)\n", r.Suite, r.Format)
	skipped := r.Cases - r.Checked
	fmt.Fprintf(w, "records  %d: %d checked, %d skipped", r.Cases, r.Checked, skipped)
	if skipped > 0 {
		keys := make([]string, 0, len(r.Skipped))
		for k := range r.Skipped {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s %d", k, r.Skipped[k])
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "exact    %d/%d = %.1f%%", r.Exact, r.Checked, 100*r.ExactRate)
	if r.NoEvent > 0 {
		fmt.Fprintf(w, " (no-event records: %d/%d)", r.NoEventExact, r.NoEvent)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\n%-22s %9s %7s %6s   %s\n", "tuples", "precision", "recall", "F1", "matched/expected/coded")
	row := func(name string, p eval.PRF) {
		fmt.Fprintf(w, "%-22s %9.3f %7.3f %6.3f   %d/%d/%d\n", name, p.Precision, p.Recall, p.F1, p.Matched, p.Expected, p.Predicted)
	}
	codeName, rootName, countryName := "full code", "root code", "country+root"
	if r.Format == eval.FormatPLOVER {
		codeName, rootName, countryName = "actors+category", "actors+category", "countries+category"
	}
	row(codeName, r.Code)
	if r.Format != eval.FormatPLOVER {
		row(rootName, r.Root)
	}
	if r.CountryRoot != nil {
		row(countryName, *r.CountryRoot)
	}
	if len(s.Dicts.Missing) > 0 {
		fmt.Fprintf(w, "\nmissing dictionaries: %s\n", strings.Join(s.Dicts.Missing, ", "))
	}
	if !verbose {
		return
	}
	for _, c := range r.Results {
		if c.Exact {
			continue
		}
		fmt.Fprintf(w, "\n%s (%s:%d)\n  %s\n", c.ID, r.Suite, c.Line, clip(c.Text, 200))
		fmt.Fprintf(w, "  expected: %s\n  coded:    %s\n", tupleList(c.Expected), tupleList(c.Got))
		if len(c.Missing) > 0 {
			fmt.Fprintf(w, "  missed:   %s\n", tupleList(c.Missing))
		}
		if len(c.Extra) > 0 {
			fmt.Fprintf(w, "  extra:    %s\n", tupleList(c.Extra))
		}
	}
}

func tupleList(ts []eval.Tuple) string {
	if len(ts) == 0 {
		return "(none)"
	}
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = "{" + t.String() + "}"
	}
	return strings.Join(s, " ")
}

// selectPart marks every record outside the chosen part as skipped
// ("other-part"). spec is K/N (part K of N, 1-based) or !K/N (every part
// but K). Records are dealt into parts by an FNV-1a hash of their id, so a
// part holds the same records on every run and on every machine.
func selectPart(s *eval.Suite, spec string) error {
	not := strings.HasPrefix(spec, "!")
	var k, n int
	if _, err := fmt.Sscanf(strings.TrimPrefix(spec, "!"), "%d/%d", &k, &n); err != nil || n < 2 || k < 1 || k > n ||
		strings.TrimPrefix(spec, "!") != fmt.Sprintf("%d/%d", k, n) {
		return fmt.Errorf("--part %q: want K/N or !K/N with 1 <= K <= N and N >= 2", spec)
	}
	for i := range s.Cases {
		c := &s.Cases[i]
		if !c.Checked() {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(c.ID))
		in := int(h.Sum32()%uint32(n)) == k-1
		if in == not {
			c.Skip = "other-part"
		}
	}
	return nil
}
