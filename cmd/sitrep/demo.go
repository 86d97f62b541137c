package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/examples"
	"github.com/sitrep/sitrep/internal/config"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

func (a *app) demoCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run sitrep on the example articles into a fresh database and show what it found",
		Long: `Writes the example articles (US–Russia–Ukraine events of 2024–2025, written by
the sitrep team; the outlets are invented) into DIR/examples, ingests them into
a fresh SQLite database DIR/sitrep.db, and prints what was stored and found.
Explore the result afterwards with --db DIR/sitrep.db.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "sitrep-demo", "folder for the demo's database and example files (replaced on each run)")
	return cmd
}

func runDemo(cmd *cobra.Command, dir string) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	exDir := filepath.Join(dir, "examples")
	dbPath := filepath.Join(dir, "sitrep.db")
	for _, p := range []string{exDir, dbPath, dbPath + "-wal", dbPath + "-shm"} {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("demo: clear %s: %w", p, err)
		}
	}
	if err := os.MkdirAll(exDir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := fs.WalkDir(examples.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := examples.FS.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(exDir, p), b, 0o644)
	}); err != nil {
		return fmt.Errorf("demo: write examples: %w", err)
	}
	st, err := openStore(ctx, config.Config{DB: dbPath})
	if err != nil {
		return err
	}
	defer st.Close()

	section(out, "1. Ingest", "sitrep ingest "+exDir)
	c, err := buildCoder(nil)
	if err != nil {
		return err
	}
	var dups []source.Result
	var storedIDs []string
	sum, err := source.Ingest(ctx, st, []string{exDir}, source.IngestOptions{
		Workers: 1, // one at a time, so the demo prints the same every run
		Extract: extract.New(c).Records,
		OnItem: func(r source.Result) {
			if r.Stored {
				storedIDs = append(storedIDs, r.ID)
			}
			if r.Duplicate {
				dups = append(dups, r)
			}
			if r.Err != nil {
				fmt.Fprintf(os.Stderr, "sitrep: demo: %s: %v\n", r.Where, r.Err)
			}
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "read %d, stored %d, duplicates %d, failed %d\n", sum.Read, sum.Stored, sum.Duplicates, sum.Failed)
	after, err := afterStore(ctx, st, storedIDs)
	if err != nil {
		return err
	}
	for _, d := range dups {
		orig, err := st.GetArticle(ctx, d.ID)
		if err == nil {
			fmt.Fprintf(out, "  %s repeats %q (%s, %s) word for word: stored once.\n", filepath.Base(d.Where), orig.Title, orig.Source, orig.ID)
		}
	}

	section(out, "2. What is stored", "sitrep articles")
	list, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSOURCE\tTITLE")
	for _, art := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", art.ID, orDash(art.Date), clip(art.Source, 20), clip(art.Title, 64))
	}
	tw.Flush()

	for _, q := range []string{`"New START"`, "ceasefire -energy", "sanctions OR tariffs"} {
		section(out, "3. Search", "sitrep search '"+q+"'")
		hits, err := st.Search(ctx, store.SearchQuery{Text: q, Limit: 5})
		if err != nil {
			return err
		}
		for i, h := range hits {
			fmt.Fprintf(out, "%d. %s  %s  %s\n   %s\n", i+1, h.Article.Date, h.Article.Source, h.Article.Title, clip(h.Snippet, 150))
		}
	}
	section(out, "4. Who did what to whom", "sitrep show ID --json   (events: CAMEO-coded, with the sentence and the rule that coded them)")
	var events []record.Event
	if err := st.EachEvent(ctx, store.EventFilter{}, func(e *record.Event) error {
		events = append(events, *e)
		return nil
	}); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tSOURCE\tTARGET\tCAMEO\tWHAT\tFLAGS")
	for _, e := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Date, actorCell(e.Source), actorCell(e.Target), e.CAMEO, clip(label(c, e.CAMEO)+": "+e.Verb, 46), flags(e))
	}
	tw.Flush()
	fmt.Fprintf(out, "%d events from %d articles.\n", len(events), sum.Stored)

	section(out, "5. Who said what, and who denied it", "sitrep claims --kind deny")
	claims, err := st.Claims(ctx, store.RecordFilter{Kind: "deny"})
	if err != nil {
		return err
	}
	for _, cl := range claims {
		sp := "-"
		if cl.Speaker != nil {
			sp = firstNonEmpty(cl.Speaker.Name, cl.Speaker.Text)
		}
		fmt.Fprintf(out, "%s  %s denies: %q\n", cl.Date, sp, clip(cl.Text, 80))
		if cl.Denies != "" {
			for _, other := range allClaims(ctx, st) {
				if other.ID == cl.Denies && other.Speaker != nil {
					fmt.Fprintf(out, "            denying %s's claim: %q\n", firstNonEmpty(other.Speaker.Name, other.Speaker.Text), clip(other.Text, 80))
				}
			}
		}
	}

	section(out, "6. What falls due", "sitrep deadlines")
	dls, err := st.Deadlines(ctx, store.RecordFilter{})
	if err != nil {
		return err
	}
	for _, d := range dls {
		fmt.Fprintf(out, "%s  %-9s %s  (%s)\n", d.Due, d.Kind, clip(d.What, 60), actorList(d.Actors))
	}

	section(out, "7. The numbers", "sitrep facts --kind market_move")
	fs, err := st.Facts(ctx, store.RecordFilter{Kind: "market_move"})
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Value == 0 && f.Unit == "" {
			fmt.Fprintf(out, "%s  %s %s\n", f.Date, f.Subject, orDash(f.Direction))
			continue
		}
		fmt.Fprintf(out, "%s  %s %s %g%s\n", f.Date, f.Subject, orDash(f.Direction), f.Value, f.Unit)
	}
	section(out, "8. What really happened", "sitrep timeline   (reports of one happening merged into a story; independent sources counted)")
	if err := demoStories(ctx, out, st, after.Stories); err != nil {
		return err
	}
	if len(list) > 0 {
		first := list[len(list)-1]
		section(out, "9. One article", "sitrep show "+first.ID)
		fmt.Fprintf(out, "%s (%s, %s)\n%s\n", first.Title, first.Source, first.Date, clip(first.Text, 300))
	}
	if err := demoBrief(ctx, out, st, dir); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe demo database is %s. Try:\n  sitrep --db %s search Zelensky\n  sitrep --db %s articles --since 2025-08-01\n",
		dbPath, dbPath, dbPath)
	return nil
}

func section(w io.Writer, title, command string) {
	fmt.Fprintf(w, "\n## %s\n$ %s\n", title, command)
}

func allClaims(ctx context.Context, st store.Store) []record.Claim {
	cs, _ := st.Claims(ctx, store.RecordFilter{Limit: 10000})
	return cs
}
