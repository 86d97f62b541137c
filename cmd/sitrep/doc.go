package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

func init() { register((*app).docCmd) }

func (a *app) docCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doc",
		Short: "Follow negotiation and policy documents: versions, changes, each party's stance",
		Long: `Documents such as a peace plan or a national security strategy, kept version
by version. 'doc add' stores a version (text, Markdown or HTML, from a file or a
URL) split into sections, numbered points and paragraphs; 'doc diff' shows what
changed between two versions point by point, matched by content, and the
phrases whose use shifted; 'doc stances' shows each party's position on each
point as stored articles report it, as of any date, and how it moved.`,
		Args: exactArgs(0, "a subcommand: add, list, show, diff, stances, topics or remove"),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.docAddCmd(), a.docListCmd(), a.docShowCmd(), a.docDiffCmd(), a.docStancesCmd(), a.docTopicsCmd(), a.docRemoveCmd())
	return cmd
}

// docStore opens the configured store and reaches its documents.
func (a *app) docStore(cmd *cobra.Command) (store.Store, store.DocStore, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, nil, err
	}
	ds, ok := st.(store.DocStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("the %s store does not keep documents", st.Kind())
	}
	return st, ds, nil
}

// loadTopics reads --topics, or the defaults.
func loadTopics(path string) (*doc.Topics, error) {
	if path == "" {
		return doc.DefaultTopics(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer f.Close()
	return doc.LoadTopics(f, path)
}

func (a *app) docAddCmd() *cobra.Command {
	var name, label, date, format, topicsPath string
	var aliases []string
	var asJSON bool
	var ff fetchFlags
	cmd := &cobra.Command{
		Use:   "add FILE|URL|- --name NAME [--version LABEL] [--date YYYY-MM-DD]",
		Short: "Store a version of a document",
		Long: `Reads one version of a document from FILE, an http(s) URL or stdin (-) and
stores it under --name, split into sections, numbered points (1. 1) (1) (a) a.
i. (iv) IV. "Point 12:" 1.2.3, nested as the numbering nests) and paragraphs.
The format (text, markdown, html) is told from the content unless --format
names it; HTML pages are read from their main element, without navigation.
--version labels the version (default v1, v2, … in order of adding); the same
label again replaces that version. --date dates it: versions are compared and
reports are read against the version in force on their date. --alias adds a
phrase by which the news names the document ("peace plan"); its name and
"N-point" are used too. A URL is fetched with the same safe client as 'sitrep
fetch': nothing from a private address unless --allow-private.`,
		Example: `  sitrep doc add plan-2025-11-20.txt --name peace-plan --version v1 --date 2025-11-20 --alias "28-point plan"
  sitrep doc add https://example.org/plan-revised.html --name peace-plan --version geneva --date 2025-11-23`,
		Args: exactArgs(1, "one FILE, URL or -"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(name) == "" {
				return usagef("doc add needs --name: the name the document is kept under")
			}
			if date != "" {
				if _, err := time.Parse(time.DateOnly, date); err != nil {
					return usagef("--date %q: want YYYY-MM-DD", date)
				}
			}
			switch format {
			case "", doc.FormatText, doc.FormatMarkdown, doc.FormatHTML:
			case "md":
				format = doc.FormatMarkdown
			case "txt":
				format = doc.FormatText
			default:
				return usagef("--format %q: want text, markdown or html", format)
			}
			topics, err := loadTopics(topicsPath)
			if err != nil {
				return err
			}
			src := args[0]
			raw, guessed, err := a.readDocSource(cmd, src, &ff)
			if err != nil {
				return err
			}
			if format == "" {
				format = guessed
			}
			v, err := doc.Parse(raw, format)
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			st, ds, err := a.docStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			prev, err := doc.Load(ctx, ds, name, topics)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if label == "" {
				label = "v" + strconv.Itoa(1)
				if prev != nil {
					label = nextLabel(prev)
				}
			}
			v.Label, v.Date = label, date
			topics.LabelVersion(v)
			parsed, err := doc.EncodeVersion(v)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(raw)
			replaced, err := ds.PutDocVersion(ctx, store.DocVersion{Doc: name, Label: label, Date: date, Source: src,
				Format: v.Format, Title: v.Title, Text: string(raw), Parsed: parsed, Hash: hex.EncodeToString(sum[:])})
			if err != nil {
				return err
			}
			if len(aliases) > 0 {
				all := aliases
				if prev != nil {
					all = append(append([]string(nil), prev.Aliases...), aliases...)
				}
				if err := ds.SetDocAliases(ctx, name, dedupe(all)); err != nil {
					return err
				}
			}
			d, err := doc.Load(ctx, ds, name, topics)
			if err != nil {
				return err
			}
			cur, _ := d.Version(label)
			var before *doc.Version
			for i, x := range d.Versions {
				if x.Label == label && i > 0 {
					before = d.Versions[i-1]
				}
			}
			info := doc.Compare(cur, cur, 0).To
			out := cmd.OutOrStdout()
			if asJSON {
				res := map[string]any{"doc": name, "version": info, "title": cur.Title, "format": cur.Format,
					"sections": len(cur.Sections), "replaced": replaced}
				if before != nil {
					res["against"] = before.Label
					res["summary"] = doc.Compare(before, cur, 0).Summary
				}
				return writeJSON(out, res)
			}
			verb := "stored"
			if replaced {
				verb = "replaced"
			}
			sub := ""
			if info.SubPoints > 0 {
				sub = fmt.Sprintf(" (%d sub-points)", info.SubPoints)
			}
			fmt.Fprintf(out, "%s %s %s (%s, %s): %d points%s, %d paragraphs, %d sections, %d words\n", verb, name, label,
				orDash(date), cur.Format, info.Points, sub, info.Paragraphs, len(cur.Sections), info.Words)
			if cur.Title != "" {
				fmt.Fprintf(out, "title: %s\n", cur.Title)
			}
			if before != nil {
				fmt.Fprintf(out, "against %s: %s\n", before.Label, summaryLine(doc.Compare(before, cur, 0).Summary))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the document's name (required)")
	cmd.Flags().StringVar(&label, "version", "", "label of this version (default v1, v2, …)")
	cmd.Flags().StringVar(&date, "date", "", "the version's date, YYYY-MM-DD")
	cmd.Flags().StringVar(&format, "format", "", "text, markdown or html (default: told from the content)")
	cmd.Flags().StringArrayVar(&aliases, "alias", nil, "a phrase that names the document in the news; repeatable")
	cmd.Flags().StringVar(&topicsPath, "topics", "", "topic file (default: dict/topics.txt built in)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as a JSON object")
	cmd.Flags().BoolVar(&ff.allowPrivate, "allow-private", false, "allow fetching from loopback, private and link-local addresses (env SITREP_ALLOW_PRIVATE=1)")
	cmd.Flags().DurationVar(&ff.timeout, "timeout", 60*time.Second, "give up on a URL after this long, body included")
	ff.perHost, ff.workers = 1, 1
	return cmd
}

// readDocSource reads a file, stdin or URL, and guesses its format from
// the file name or content type ("" to tell from the content).
func (a *app) readDocSource(cmd *cobra.Command, src string, ff *fetchFlags) ([]byte, string, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u, err := feedURL(src)
		if err != nil {
			return nil, "", usagef("doc add: %v", err)
		}
		f, err := a.fetcher(cmd, ff)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		resp, err := f.Fetch(cmd.Context(), source.Request{URL: u, Accept: "text/html, text/plain, text/markdown;q=0.9, */*;q=0.1",
			Reject: func(ct string) error {
				switch {
				case ct == "", strings.HasPrefix(ct, "text/"), ct == "application/xhtml+xml":
					return nil
				}
				return fmt.Errorf("content type %s is not a text document", ct)
			}})
		if err != nil {
			return nil, "", fmt.Errorf("fetch %s: %w", u, err)
		}
		guess := ""
		switch resp.ContentType {
		case "text/html", "application/xhtml+xml":
			guess = doc.FormatHTML
		case "text/markdown", "text/x-markdown":
			guess = doc.FormatMarkdown
		}
		return resp.Body, guess, nil
	}
	var raw []byte
	var err error
	if src == "-" {
		raw, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), 64<<20))
	} else {
		raw, err = os.ReadFile(src)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", src, err)
	}
	switch strings.ToLower(filepath.Ext(src)) {
	case ".html", ".htm", ".xhtml":
		return raw, doc.FormatHTML, nil
	case ".md", ".markdown":
		return raw, doc.FormatMarkdown, nil
	}
	return raw, "", nil
}

func nextLabel(d *doc.Document) string {
	for n := len(d.Versions) + 1; ; n++ {
		l := "v" + strconv.Itoa(n)
		if _, err := d.Version(l); err != nil {
			return l
		}
	}
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}

// summaryLine says what a diff found, in words.
func summaryLine(sum map[string]int) string {
	var parts []string
	for _, k := range []string{doc.Reworded, doc.Added, doc.Removed, doc.Merged, doc.Split, "moved", "renumbered", doc.Unchanged} {
		if n := sum[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, ", ")
}

func (a *app) docListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored documents",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, ds, err := a.docStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			docs, err := ds.ListDocs(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, d := range docs {
					if d.Aliases == nil {
						d.Aliases = []string{}
					}
					if err := writeJSON(out, d); err != nil {
						return err
					}
				}
				return nil
			}
			if len(docs) == 0 {
				fmt.Fprintln(out, "no documents stored; add one with 'sitrep doc add FILE --name NAME'")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSIONS\tFIRST\tLAST\tSTANCES\tALIASES")
			for _, d := range docs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", d.Name, strings.Join(d.Versions, ","), orDash(d.First), orDash(d.Last), d.Stances, orDash(strings.Join(d.Aliases, "; ")))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object a line")
	return cmd
}

// loadDoc reads the topics and the stored document name with every
// version; done closes the store.
func (a *app) loadDoc(cmd *cobra.Command, name, topicsPath string) (*doc.Document, *doc.Topics, func(), error) {
	topics, err := loadTopics(topicsPath)
	if err != nil {
		return nil, nil, nil, err
	}
	st, ds, err := a.docStore(cmd)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := doc.Load(cmd.Context(), ds, name, topics)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return d, topics, func() { st.Close() }, nil
}

func (a *app) docShowCmd() *cobra.Command {
	var label, topicsPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME [--version V]",
		Short: "Show a version's structure: sections, points with their topics, paragraphs",
		Args:  exactArgs(1, "a document NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, topics, done, err := a.loadDoc(cmd, args[0], topicsPath)
			if err != nil {
				return err
			}
			defer done()
			v := d.Versions[len(d.Versions)-1]
			if label != "" {
				if v, err = d.Version(label); err != nil {
					return usagef("%v", err)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, v)
			}
			fmt.Fprintf(out, "%s %s (%s, %s)", d.Name, v.Label, orDash(v.Date), v.Format)
			if v.Title != "" {
				fmt.Fprintf(out, ": %s", v.Title)
			}
			fmt.Fprintln(out)
			section := -1
			for _, u := range v.Units {
				if u.Section != section && u.Section >= 0 {
					fmt.Fprintf(out, "\n## %s\n", v.Sections[u.Section].Title)
				}
				section = u.Section
				indent := strings.Repeat("    ", u.Depth-1)
				tags := ""
				if len(u.Topics) > 0 {
					var labels []string
					for _, t := range u.Topics {
						labels = append(labels, topics.Label(t))
					}
					tags = "  [" + strings.Join(labels, "; ") + "]"
				}
				fmt.Fprintf(out, "%s%-5s %s%s\n", indent, u.ID, strings.ReplaceAll(u.Text, "\n", "\n"+indent+"      "), tags)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&label, "version", "", "the version to show (default the latest)")
	cmd.Flags().StringVar(&topicsPath, "topics", "", "topic file (default: dict/topics.txt built in)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the parsed version as JSON")
	return cmd
}

func (a *app) docDiffCmd() *cobra.Command {
	var terms int
	var all, asJSON bool
	var topicsPath string
	cmd := &cobra.Command{
		Use:   "diff NAME [V1 V2]",
		Short: "What changed between two versions, point by point, and which phrases shifted",
		Long: `Compares two versions of a document (default: the last two by date). Points and
paragraphs are matched by their words, not their numbers, so a point that was
renumbered, moved, reworded, merged with another or split in two is followed:
each change is listed with its old and new numbers and, where the words changed,
a word-level diff ([-removed-] {+added+}). Unchanged points are left out unless
--all. Then the phrases of one to four words whose frequency changed most
(log-likelihood G²), those that fell and those that rose.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 && len(args) != 3 {
				return usagef("expected NAME, or NAME V1 V2; got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			d, topics, done, err := a.loadDoc(cmd, args[0], topicsPath)
			if err != nil {
				return err
			}
			defer done()
			var va, vb *doc.Version
			if len(args) == 3 {
				if va, err = d.Version(args[1]); err != nil {
					return usagef("%v", err)
				}
				if vb, err = d.Version(args[2]); err != nil {
					return usagef("%v", err)
				}
			} else {
				if len(d.Versions) < 2 {
					return fmt.Errorf("document %s has one version (%s): add another to compare", d.Name, d.Versions[0].Label)
				}
				va, vb = d.Versions[len(d.Versions)-2], d.Versions[len(d.Versions)-1]
			}
			diff := doc.Compare(va, vb, terms)
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, diff)
			}
			printDiff(out, d.Name, diff, topics, all)
			return nil
		},
	}
	cmd.Flags().IntVar(&terms, "terms", 12, "phrases to list that fell, and as many that rose")
	cmd.Flags().BoolVar(&all, "all", false, "list unchanged points too")
	cmd.Flags().StringVar(&topicsPath, "topics", "", "topic file (default: dict/topics.txt built in)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the diff as JSON")
	return cmd
}

func refIDs(rs []doc.Ref) string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, "+")
}

func printDiff(out io.Writer, name string, d *doc.Diff, topics *doc.Topics, all bool) {
	fmt.Fprintf(out, "%s: %s (%s, %d points, %d words) → %s (%s, %d points, %d words)\n", name,
		d.From.Label, orDash(d.From.Date), d.From.Points, d.From.Words, d.To.Label, orDash(d.To.Date), d.To.Points, d.To.Words)
	fmt.Fprintf(out, "%s\n\n", summaryLine(d.Summary))
	for _, c := range d.Changes {
		if c.Kind == doc.Unchanged && !c.Renumbered && !c.Moved && !all {
			continue
		}
		var head string
		switch c.Kind {
		case doc.Added:
			head = fmt.Sprintf("added %s", refIDs(c.New))
		case doc.Removed:
			head = fmt.Sprintf("removed %s", refIDs(c.Old))
		default:
			head = fmt.Sprintf("%s %s → %s", c.Kind, refIDs(c.Old), refIDs(c.New))
			var flags []string
			if c.Renumbered {
				flags = append(flags, "renumbered")
			}
			if c.Moved {
				flags = append(flags, "moved")
			}
			if c.Kind != doc.Unchanged {
				flags = append(flags, fmt.Sprintf("%.0f%% alike", 100*c.Similarity))
			}
			head += " (" + strings.Join(flags, ", ") + ")"
		}
		if len(c.Topics) > 0 {
			var ls []string
			for _, t := range c.Topics {
				ls = append(ls, topics.Label(t))
			}
			head += "  [" + strings.Join(ls, "; ") + "]"
		}
		fmt.Fprintln(out, head)
		switch {
		case c.Kind == doc.Added:
			fmt.Fprintf(out, "    {+%s+}\n", flatText(c.New))
		case c.Kind == doc.Removed:
			fmt.Fprintf(out, "    [-%s-]\n", flatText(c.Old))
		case len(c.Diff) > 0:
			var b strings.Builder
			for _, op := range c.Diff {
				switch op.Op {
				case "-":
					b.WriteString("[-" + op.Text + "-] ")
				case "+":
					b.WriteString("{+" + op.Text + "+} ")
				default:
					b.WriteString(op.Text + " ")
				}
			}
			fmt.Fprintf(out, "    %s\n", strings.TrimSpace(b.String()))
		}
	}
	if len(d.Terms) == 0 {
		return
	}
	fmt.Fprintf(out, "\nterm shifts (per 10,000 words, %s → %s)\n", d.From.Label, d.To.Label)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PHRASE\tCHANGE\tOLD\tNEW\tOLD/10K\tNEW/10K\tG²\t")
	for _, t := range d.Terms {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.2f\t\n", t.Phrase, t.Change, t.Old, t.New, t.OldPer10k, t.NewPer10k, t.G2)
	}
	tw.Flush()
}

func flatText(rs []doc.Ref) string {
	var ts []string
	for _, r := range rs {
		ts = append(ts, strings.Join(strings.Fields(r.Text), " "))
	}
	return strings.Join(ts, " ")
}

func (a *app) docStancesCmd() *cobra.Command {
	var who, asOf, topicsPath string
	var history, rescan, asJSON bool
	var dicts []string
	cmd := &cobra.Command{
		Use:   "stances NAME [--actor UKR] [--as-of DATE] [--history]",
		Short: "Each party's position on each point, as stored articles report it",
		Long: `Reads the stored articles that name the document (its name, its aliases,
"N-point") and finds in their sentences, claims and events who supports, rejects,
accepts on conditions or demands changes to which point: a point named by number
("point 7", "the seventh point") in the version in force on the article's date,
else the point whose topic and words the sentence shares, else the document as
a whole. Only articles stored since the last run are read, unless the versions,
aliases or topics changed (or --rescan).

The matrix shows, for each point of the version in force on --as-of (default:
every report, the latest version), each party's latest position with the date
(a position that changed shows what it was before: "rejects<supports"); the
first row is the document as a whole. --history lists every report of each
position in date order instead, marking changes. --actor keeps one party
(a country code such as UKR, or an organisation such as EU).`,
		Example: `  sitrep doc stances peace-plan
  sitrep doc stances peace-plan --as-of 2025-11-25 --actor RUS --history`,
		Args: exactArgs(1, "a document NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asOf != "" {
				if _, err := time.Parse(time.DateOnly, asOf); err != nil {
					return usagef("--as-of %q: want YYYY-MM-DD", asOf)
				}
			}
			topics, err := loadTopics(topicsPath)
			if err != nil {
				return err
			}
			matcher := actor.DefaultMatcher()
			if len(dicts) > 0 {
				c, err := buildCoder(dicts)
				if err != nil {
					return err
				}
				matcher = c.Matcher()
			}
			st, ds, err := a.docStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			d, err := doc.Load(ctx, ds, args[0], topics)
			if err != nil {
				return err
			}
			if _, err := doc.Refresh(ctx, ds, d, topics, matcher, rescan); err != nil {
				return err
			}
			who = strings.ToUpper(who)
			out := cmd.OutOrStdout()
			if history {
				ss, err := doc.Stances(ctx, ds, d.Name)
				if err != nil {
					return err
				}
				tracks := doc.History(d.Versions, ss, asOf, who)
				if asJSON {
					if tracks == nil {
						tracks = []doc.Track{}
					}
					return writeJSON(out, map[string]any{"doc": d.Name, "as_of": asOf, "tracks": tracks})
				}
				printHistory(out, tracks)
				return nil
			}
			m, err := doc.MatrixFromStore(ctx, ds, d, asOf, who)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(out, struct {
					Doc string `json:"doc"`
					*doc.Matrix
				}{d.Name, m})
			}
			printMatrix(out, d.Name, m)
			return nil
		},
	}
	cmd.Flags().StringVar(&who, "actor", "", "one party: a country code (UKR) or an organisation (EU, NATO)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "positions as they stood on this day, YYYY-MM-DD")
	cmd.Flags().BoolVar(&history, "history", false, "every reported position in date order, with changes marked")
	cmd.Flags().BoolVar(&rescan, "rescan", false, "read every stored article again (after 'sitrep recode', say)")
	cmd.Flags().StringVar(&topicsPath, "topics", "", "topic file (default: dict/topics.txt built in)")
	cmd.Flags().StringArrayVar(&dicts, "dict", nil, "extra actor dictionary file or folder; repeatable")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the matrix (or the history) as JSON")
	return cmd
}

func rowName(r doc.Row) string {
	if r.Point == "" {
		return "whole"
	}
	return r.ID
}

func printMatrix(out io.Writer, name string, m *doc.Matrix) {
	when := "latest"
	if m.AsOf != "" {
		when = "as of " + m.AsOf
	}
	fmt.Fprintf(out, "%s: positions %s (points of %s)\n", name, when, m.Version)
	if len(m.Parties) == 0 {
		fmt.Fprintln(out, "no stored article reports a position on it")
		return
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "POINT\t")
	for _, p := range m.Parties {
		fmt.Fprint(tw, p+"\t")
	}
	fmt.Fprintln(tw, "")
	for _, r := range m.Rows {
		if len(r.Cells) == 0 {
			continue
		}
		fmt.Fprint(tw, rowName(r)+"\t")
		for _, p := range m.Parties {
			c := r.Cells[p]
			if c == nil {
				fmt.Fprint(tw, "-\t")
				continue
			}
			s := doc.PositionLabel(c.Position)
			if c.Previous != "" {
				s += "<" + doc.PositionLabel(c.Previous)
			}
			fmt.Fprintf(tw, "%s %s\t", s, c.Date)
		}
		fmt.Fprintln(tw, "")
	}
	tw.Flush()
	fmt.Fprintln(out, "\nevidence (latest per cell):")
	for _, r := range m.Rows {
		parties := make([]string, 0, len(r.Cells))
		for p := range r.Cells {
			parties = append(parties, p)
		}
		sort.Strings(parties)
		for _, p := range parties {
			c := r.Cells[p]
			fmt.Fprintf(out, "  %-6s %-5s %-15s %s %s: %s\n", rowName(r), p, doc.PositionLabel(c.Position), c.Date, c.ArticleID, clip(c.Evidence, 110))
		}
	}
}

func printHistory(out io.Writer, tracks []doc.Track) {
	if len(tracks) == 0 {
		fmt.Fprintln(out, "no stored article reports a position")
		return
	}
	for _, t := range tracks {
		point := t.PointID
		if t.Point == "" {
			point = "whole document"
		}
		fmt.Fprintf(out, "%s on %s\n", t.Actor, point)
		for _, s := range t.Steps {
			mark := " "
			if s.Changed {
				mark = "*"
			}
			fmt.Fprintf(out, "  %s %s %-15s %s: %s\n", mark, s.Date, doc.PositionLabel(s.Position), s.ArticleID, clip(s.Evidence, 100))
		}
	}
}

func (a *app) docTopicsCmd() *cobra.Command {
	var topicsPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "topics [--topics FILE]",
		Short: "List the topics points are labelled with, and their terms",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			topics, err := loadTopics(topicsPath)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, t := range topics.List {
				if asJSON {
					if err := writeJSON(out, t); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(out, "%-15s %s: %s\n", t.Key, t.Label, strings.Join(t.Terms, " | "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&topicsPath, "topics", "", "topic file (default: dict/topics.txt built in)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object a line")
	return cmd
}

func (a *app) docRemoveCmd() *cobra.Command {
	var label string
	cmd := &cobra.Command{
		Use:   "remove NAME [--version V]",
		Short: "Remove a document, or one of its versions",
		Args:  exactArgs(1, "a document NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, ds, err := a.docStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if label != "" {
				if err := ds.DeleteDocVersion(cmd.Context(), args[0], label); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "removed %s %s\n", args[0], label)
				return nil
			}
			if err := ds.DeleteDoc(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %s\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&label, "version", "", "remove only this version")
	return cmd
}
