package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/brief"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

func init() { register((*app).briefCmd) }

func (a *app) briefCmd() *cobra.Command {
	var since, actors, format, out, nowFlag string
	var top int
	cmd := &cobra.Command{
		Use:   "brief [--since 7d] [--actors USA,RUS,UKR] [--format md|html] [--out FILE] [--now DATE]",
		Short: "Write the situation report: what happened, who said what, deadlines, tone, markets, alerts",
		Long: `Writes the situation report of the period ending --now (default: now):
  what happened      the top stories by independent sources and intensity,
                     each with its status and the articles behind it
  who said what      key claims and denials
  deadlines ahead    open deadlines with the days left
  tone               the weekly tone between the pairs that matter, charted
  market reactions   CAR over days 0..+1 of the main stories on every stored
                     price series, with its significance
  what to watch      the firing and pending alerts of 'sitrep watch'
--format html is one self-contained page (inline CSS and SVG) readable on a
phone; md is Markdown. --format follows --out's extension unless given.
Every link leads to a stored article (its URL, or its entry in the list of
sources with the 'sitrep show ID' that prints it).`,
		Example: `  sitrep brief --since 7d --actors USA,RUS,UKR --out brief.html
  sitrep brief --now 2025-08-20 --since 30d --format md`,
		Args: exactArgs(0, "flags only"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt := brief.Options{Top: top}
			var err error
			if opt.Since, err = watch.ParseDuration(since); err != nil || opt.Since <= 0 {
				return usagef("--since %q: want a span such as 7d, 2w or 36h", since)
			}
			if opt.Now, err = parseNow(nowFlag); err != nil {
				return err
			}
			if nowFlag != "" && len(nowFlag) == 10 {
				opt.Now = opt.Now.Add(24*time.Hour - time.Second) // the whole day
			}
			for _, c := range strings.Split(actors, ",") {
				if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
					opt.Actors = append(opt.Actors, c)
				}
			}
			if format == "" {
				format = "md"
				if ext := strings.ToLower(filepath.Ext(out)); ext == ".html" || ext == ".htm" {
					format = "html"
				}
			}
			if format != "md" && format != "html" {
				return usagef("--format %q: want md or html", format)
			}
			st, err := a.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var buf bytes.Buffer
			if err := writeBrief(cmd.Context(), st, opt, format, &buf); err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return fmt.Errorf("brief: %w", err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&since, "since", "7d", "the period's length, ending at --now")
	fl.StringVar(&actors, "actors", "", "the countries the brief is about, comma-separated (default all)")
	fl.StringVar(&format, "format", "", "md or html (default from --out's extension, else md)")
	fl.StringVar(&out, "out", "", "write to FILE instead of standard output")
	fl.StringVar(&nowFlag, "now", "", "the end of the period: a date (the whole day) or a time (default now)")
	fl.IntVar(&top, "top", 10, "stories, claims and deadlines per section")
	return cmd
}

// writeBrief builds the brief and renders it.
func writeBrief(ctx context.Context, st store.Store, opt brief.Options, format string, w *bytes.Buffer) error {
	b, err := brief.Build(ctx, st, opt)
	if err != nil {
		return err
	}
	if format == "html" {
		return b.HTML(w)
	}
	return b.Markdown(w)
}

// demoBrief ends the demo: a brief of every example article, written as
// HTML and Markdown into dir.
func demoBrief(ctx context.Context, out io.Writer, st store.Store, dir string) error {
	list, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 1000})
	if err != nil || len(list) == 0 {
		return err
	}
	newest, oldest := list[0].Date, list[len(list)-1].Date
	to, err1 := time.Parse(time.DateOnly, newest)
	from, err2 := time.Parse(time.DateOnly, oldest)
	if err1 != nil || err2 != nil {
		return nil // the examples are all dated to the day; nothing to brief otherwise
	}
	days := int(to.Sub(from).Hours()/24) + 1
	opt := brief.Options{Now: to.Add(24*time.Hour - time.Second), Since: time.Duration(days) * 24 * time.Hour, Actors: []string{"USA", "RUS", "UKR"}}
	htmlPath, mdPath := filepath.Join(dir, "brief.html"), filepath.Join(dir, "brief.md")
	section(out, "10. The brief", fmt.Sprintf("sitrep brief --now %s --since %dd --actors USA,RUS,UKR --out %s", newest, days, htmlPath))
	for _, f := range []struct{ path, format string }{{htmlPath, "html"}, {mdPath, "md"}} {
		var buf bytes.Buffer
		if err := writeBrief(ctx, st, opt, f.format, &buf); err != nil {
			return err
		}
		if err := os.WriteFile(f.path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	b, err := brief.Build(ctx, st, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d top stories, %d claims, %d deadlines ahead, %d tone pairs, %d alerts.\n", len(b.Stories), len(b.Claims), len(b.Deadlines), len(b.Tone), len(b.Alerts))
	fmt.Fprintf(out, "Wrote %s (open it in a browser) and %s.\n", htmlPath, mdPath)
	return nil
}
