package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

func init() { register((*app).toneCmd) }

type toneFlags struct {
	dyad       string
	both       bool
	by         string
	from, to   string
	window     int
	threshold  float64
	metric     string
	minStories int
	statuses   []string
	drivers    int
	asJSON     bool
	asCSV      bool
	chart      string
}

// toneStatuses are the story statuses tone counts unless --status says
// otherwise: everything but stories reported as not having happened.
var toneStatuses = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusHedged}

var toneAllStatuses = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusNegated, record.StatusHedged}

func (a *app) toneCmd() *cobra.Command {
	var f toneFlags
	def := tone.DefaultDetector()
	cmd := &cobra.Command{
		Use:   "tone --dyad A:B [--both] [--by day|week|month] [--from DATE] [--to DATE] [--window N] [--threshold Z] [--json|--csv] [--chart FILE.svg|.png]",
		Short: "The tone between two actors period by period, and where it shifted",
		Long: `The tone of one actor's stories towards another, period by period: per
direction (A→B, and with --both also B→A), the stories by quad class
(verbal and material cooperation, verbal and material conflict), their
Goldstein sum and mean. Every period of the range is listed; a period
without stories shows zeros. Periods are whole days, ISO weeks (Monday to
Sunday) or months: a --from or --to inside a week or month takes in that
whole period. Stories are counted once however many reports they have;
negated stories (reported as not having happened) are left out unless
--status names them.

Shifts: each period with at least --min-stories stories is tested against
the --window periods before it: z = (x − mean) / SD, where x is the
period's Goldstein mean (--metric mean) or sum (--metric sum), and mean and
SD (sample, floored at 1 Goldstein point) are taken over the window's
periods — for the mean only those with stories, at least 3 of them; for
the sum every period, silent ones as zero. |z| ≥ --threshold is a shift,
listed with the stories that drove it: the most hostile of the period
first for a fall, the most cooperative first for a rise. With --from, the
window reaches back before it, so the first periods are tested too.`,
		Example: `  sitrep tone --dyad USA:RUS --both --by week --from 2025-01-01 --to 2025-12-31
  sitrep tone --dyad USA:RUS --by month --json
  sitrep tone --dyad RUS:UKR --by day --metric sum --window 14 --csv > tone.csv
  sitrep tone --dyad USA:RUS --both --chart tone.svg`,
		Args: exactArgs(0, "flags only (see --help)"),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runTone(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dyad, "dyad", "", "the two countries, SOURCE:TARGET, e.g. USA:RUS (required)")
	fl.BoolVar(&f.both, "both", false, "also the other direction (B→A)")
	fl.StringVar(&f.by, "by", "week", "period: day, week (ISO, from Monday) or month")
	fl.StringVar(&f.from, "from", "", "first date, YYYY-MM-DD (or YYYY-MM, YYYY); its whole period is included")
	fl.StringVar(&f.to, "to", "", "last date, YYYY-MM-DD (or YYYY-MM, YYYY); its whole period is included")
	fl.IntVar(&f.window, "window", def.Window, "trailing periods each period is tested against")
	fl.Float64Var(&f.threshold, "threshold", def.Threshold, "|z| at which a period is a shift")
	fl.StringVar(&f.metric, "metric", def.Metric, "what is tested: mean (Goldstein mean, tone whatever the volume) or sum (Goldstein sum, tone times volume)")
	fl.IntVar(&f.minStories, "min-stories", def.MinStories, "stories a period needs to be tested")
	fl.StringSliceVar(&f.statuses, "status", toneStatuses, "story statuses counted: corroborated, single-source, disputed, negated, hedged")
	fl.IntVar(&f.drivers, "stories", 3, "stories listed for each shift")
	fl.BoolVar(&f.asJSON, "json", false, "print the series and shifts as one JSON object")
	fl.BoolVar(&f.asCSV, "csv", false, "print one CSV row per direction and period")
	fl.StringVar(&f.chart, "chart", "", "draw the tone with its shifts to FILE.svg or FILE.png")
	return cmd
}

// toneReport is what --json prints.
type toneReport struct {
	Dyad       string           `json:"dyad"`
	Both       bool             `json:"both"`
	By         tone.Period      `json:"by"`
	From       string           `json:"from"`
	To         string           `json:"to"`
	Statuses   []string         `json:"statuses"`
	Method     tone.Detector    `json:"method"`
	Directions []tone.Direction `json:"directions"`
	Shifts     []tone.Shift     `json:"shifts"`
}

func (a *app) runTone(cmd *cobra.Command, f *toneFlags) error {
	src, tgt, err := toneDyad(f.dyad)
	if err != nil {
		return err
	}
	by, err := tone.ParsePeriod(f.by)
	if err != nil {
		return usagef("--by: %v", err)
	}
	from, err := toneDate("--from", f.from, false)
	if err != nil {
		return err
	}
	to, err := toneDate("--to", f.to, true)
	if err != nil {
		return err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usagef("--from %s is after --to %s", f.from, f.to)
	}
	det, err := tone.Detector{Metric: strings.ToLower(f.metric), Window: f.window, Threshold: f.threshold, MinStories: f.minStories}.Resolved()
	if err != nil {
		return usagef("%v", err)
	}
	if f.window < 2 || f.threshold <= 0 || f.minStories < 1 {
		return usagef("--window %d, --threshold %v, --min-stories %d: want a window of 2 or more, a threshold above 0 and at least 1 story", f.window, f.threshold, f.minStories)
	}
	statuses, err := toneStatusList(f.statuses)
	if err != nil {
		return err
	}
	if f.drivers < 0 {
		return usagef("--stories %d: want 0 or more", f.drivers)
	}
	if f.asJSON && f.asCSV {
		return usagef("--json and --csv: choose one")
	}
	chartFormat := ""
	if f.chart != "" {
		chartFormat = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.chart)), ".")
		if chartFormat != "svg" && chartFormat != "png" {
			return usagef("--chart %s: the file must end in .svg or .png", f.chart)
		}
	}

	st, err := a.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ss, ok := st.(store.StoryStore)
	if !ok {
		return fmt.Errorf("the %s store keeps no stories", st.Kind())
	}
	ctx := cmd.Context()
	dirs := []tone.Dyad{{Source: src, Target: tgt}}
	if f.both && src != tgt {
		dirs = append(dirs, tone.Dyad{Source: tgt, Target: src})
	}
	opts := tone.Options{By: by, From: from, To: to, Directions: dirs}
	filter := store.StoryFilter{Source: src, Target: tgt, Both: f.both}
	if !from.IsZero() {
		// The window of the first periods reaches back before --from.
		opts.Lead = det.Window
		filter.From = by.Add(by.Start(from), -det.Window).Format(time.DateOnly)
	}
	if !to.IsZero() {
		filter.To = by.End(by.Start(to)).Format(time.DateOnly)
	}
	cells, err := toneCells(ctx, ss, filter, by, statuses)
	if err != nil {
		return err
	}
	series, err := tone.Build(cells, opts)
	if err != nil {
		return err
	}
	shifts, err := tone.Shifts(series, det)
	if err != nil {
		return err
	}
	if f.drivers > 0 {
		if err := tone.Explain(ctx, ss, shifts, f.drivers, statuses...); err != nil {
			return err
		}
	}

	out := cmd.OutOrStdout()
	if f.chart != "" {
		if err := writeToneChart(f.chart, chartFormat, series, shifts, det.Metric); err != nil {
			return err
		}
	}
	switch {
	case f.asJSON:
		return writeJSON(out, toneReport{Dyad: src + ":" + tgt, Both: f.both, By: by, From: series.From, To: series.To,
			Statuses: statuses, Method: det, Directions: series.Directions, Shifts: shifts})
	case f.asCSV:
		return writeToneCSV(out, series, shifts)
	}
	if err := writeToneText(out, series, shifts, det, statuses); err != nil {
		return err
	}
	if f.chart != "" {
		fmt.Fprintf(out, "\nChart written to %s\n", f.chart)
	}
	return nil
}

// toneDyad reads SOURCE:TARGET country codes.
func toneDyad(s string) (src, tgt string, err error) {
	if s == "" {
		return "", "", usagef("tone needs --dyad SOURCE:TARGET, e.g. --dyad USA:RUS")
	}
	a, b, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), ":")
	if !ok || !toneCountry(a) || !toneCountry(b) {
		return "", "", usagef("--dyad %q: want SOURCE:TARGET country or region codes such as USA:RUS", s)
	}
	return a, b, nil
}

func toneCountry(c string) bool {
	if len(c) < 2 || len(c) > 6 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// toneDate reads YYYY-MM-DD, YYYY-MM or YYYY: its first day, or with end
// its last.
func toneDate(flag, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, c := range []struct {
		layout string
		years  int
		months int
	}{{time.DateOnly, 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		t, err := time.Parse(c.layout, s)
		if err != nil {
			continue
		}
		if end && c.layout != time.DateOnly {
			t = t.AddDate(c.years, c.months, -1)
		}
		return t, nil
	}
	return time.Time{}, usagef("%s %q: want YYYY-MM-DD, YYYY-MM or YYYY", flag, s)
}

func toneStatusList(in []string) ([]string, error) {
	var out []string
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !slices.Contains(toneAllStatuses, s) {
			return nil, usagef("--status %q: want some of %s", s, strings.Join(toneAllStatuses, ", "))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--status: name at least one of %s", strings.Join(toneAllStatuses, ", "))
	}
	// Listed in the record's order, whatever order they were given in.
	slices.SortFunc(out, func(a, b string) int { return slices.Index(toneAllStatuses, a) - slices.Index(toneAllStatuses, b) })
	return out, nil
}

// toneCells reads the cells of the chosen statuses in one query, summed by
// the period where the store keeps that period's aggregate.
func toneCells(ctx context.Context, ss store.StoryStore, f store.StoryFilter, by tone.Period, statuses []string) ([]store.ToneCell, error) {
	return tone.Cells(ctx, ss, f, by, statuses...)
}

func writeToneChart(path, format string, s *tone.Series, shifts []tone.Shift, metric string) error {
	fh, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--chart: %w", err)
	}
	err = tone.Chart(fh, format, s, shifts, tone.ShiftLabels(shifts, 1), tone.ChartOptions{Metric: metric})
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func writeToneText(w io.Writer, s *tone.Series, shifts []tone.Shift, d tone.Detector, statuses []string) error {
	var names []string
	for _, dir := range s.Directions {
		names = append(names, dir.Dyad.String())
	}
	if s.From == "" {
		fmt.Fprintf(w, "No stories for %s.\n", strings.Join(names, " or "))
		return nil
	}
	fmt.Fprintf(w, "Tone %s by %s, %s … %s (%s stories)\n", strings.Join(names, " and "), s.By, s.From, s.To, strings.Join(statuses, ", "))
	what := "Goldstein mean"
	if d.Metric == tone.MetricSum {
		what = "Goldstein sum"
	}
	fmt.Fprintf(w, "Shifts: z-score of the %s against the %d periods before; |z| ≥ %g, periods of at least %d stories\n", what, d.Window, d.Threshold, d.MinStories)
	for _, dir := range s.Directions {
		fmt.Fprintf(w, "\n%s: %d stories (%s), Goldstein sum %s, mean %s\n", dir.Dyad, dir.Stories, toneQuadText(dir.Quads), toneSigned(dir.GoldsteinSum, 1), toneSigned(dir.GoldsteinMean, 2))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "PERIOD\tSTORIES\tV.COOP\tM.COOP\tV.CONFL\tM.CONFL\tG.SUM\tG.MEAN\tZ\t\t")
		shifted := map[string]bool{}
		for _, sh := range shifts {
			if sh.Dyad == dir.Dyad {
				shifted[sh.Period] = true
			}
		}
		for _, p := range dir.Points {
			z, mark := "-", ""
			if p.Score != nil {
				z = toneSigned(p.Score.Z, 2)
			}
			if shifted[p.Period] {
				mark = "shift"
			}
			mean := "-"
			if p.Stories > 0 {
				mean = toneSigned(p.GoldsteinMean, 2)
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t\n", p.Period, p.Stories, p.Quads.VerbalCoop, p.Quads.MaterialCoop,
				p.Quads.VerbalConflict, p.Quads.MaterialConflict, toneSigned(p.GoldsteinSum, 1), mean, z, mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	if len(shifts) == 0 {
		fmt.Fprintln(w, "No shifts.")
		return nil
	}
	fmt.Fprintf(w, "Shifts (%d)\n", len(shifts))
	for _, sh := range shifts {
		fmt.Fprintf(w, "  %s  %s  %s: %s %s against %s ± %s over %d periods (z %s, %d stories)\n", sh.Period, sh.Dyad, sh.Change,
			sh.Metric, toneSigned(sh.Value, 2), toneSigned(sh.Baseline, 2), strconv.FormatFloat(sh.SD, 'f', 2, 64), sh.Periods, toneSigned(sh.Z, 2), sh.Stories)
		for _, st := range sh.Drivers {
			fmt.Fprintf(w, "    %-10s  %s %s (%s)  %s, %d source(s)  %s\n", st.Date, toneSigned(st.Goldstein, 1), clip(st.Label, 48), st.CAMEO, st.Status, st.Sources, st.ID)
			if st.Text != "" {
				fmt.Fprintf(w, "                %s\n", clip(st.Text, 110))
			}
		}
	}
	return nil
}

func toneQuadText(q tone.QuadCounts) string {
	return fmt.Sprintf("%d verbal coop, %d material coop, %d verbal conflict, %d material conflict", q.VerbalCoop, q.MaterialCoop, q.VerbalConflict, q.MaterialConflict)
}

// signed prints a number with its sign and no "-0".
func toneSigned(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	if x > 0 {
		return "+" + s
	}
	return s
}

func writeToneCSV(w io.Writer, s *tone.Series, shifts []tone.Shift) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"source", "target", "period", "start", "end", "stories", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
		"goldstein_sum", "goldstein_mean", "baseline", "sd", "z", "shift"})
	shifted := map[string]string{}
	for _, sh := range shifts {
		shifted[sh.Dyad.String()+" "+sh.Period] = sh.Change
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, d := range s.Directions {
		for _, p := range d.Points {
			row := []string{d.Source, d.Target, p.Period, p.Start, p.End, strconv.Itoa(p.Stories),
				strconv.Itoa(p.Quads.VerbalCoop), strconv.Itoa(p.Quads.MaterialCoop), strconv.Itoa(p.Quads.VerbalConflict), strconv.Itoa(p.Quads.MaterialConflict),
				num(p.GoldsteinSum), num(p.GoldsteinMean), "", "", "", shifted[d.Dyad.String()+" "+p.Period]}
			if p.Score != nil {
				row[12], row[13], row[14] = num(p.Score.Baseline), num(p.Score.SD), num(p.Score.Z)
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}
