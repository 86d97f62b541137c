package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
)

func init() { register((*app).restoryCmd, (*app).timelineCmd, (*app).storyCmd) }

// storyStore opens the store as one that keeps stories.
func (a *app) storyStore(cmd *cobra.Command) (story.Store, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, err
	}
	ss, err := story.StoreOf(st)
	if err != nil {
		st.Close()
		return nil, err
	}
	return ss, nil
}

func (a *app) restoryCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "restory",
		Short: "Rebuild every story from the stored events",
		Long: `Deletes every story and merges all stored events into stories again: events
from different reports of the same happening (same actors, either order for
meetings and calls; compatible CAMEO codes; dates that agree; similar
wording) become one story, with its independent sources counted and its
status (corroborated, single-source, disputed, negated, hedged).

Ingest, poll, fetch, recode and import-gdelt keep stories up to date as they
store; restory gives the same stories from scratch (after a change to the
merging rules, or to check).`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.storyStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			sum, err := story.Rebuild(cmd.Context(), st, story.Options{})
			if err != nil {
				return err
			}
			secs := time.Since(start).Seconds()
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					Events  int     `json:"events"`
					Stories int     `json:"stories"`
					Seconds float64 `json:"seconds"`
				}{sum.Events, sum.Stories, secs})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "merged %d events into %d stories in %.1fs\n", sum.Events, sum.Stories, secs)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON object")
	return cmd
}

var (
	countryCode = regexp.MustCompile(`^[A-Z]{3}$`)
	codeFlag    = regexp.MustCompile(`^[0-9]{2,4}$`)
)

type timelineFlags struct {
	actor, dyad, from, to, code, status string
	both, asJSON, md, desc              bool
	limit                               int
}

// filter checks the flags and turns them into a store filter; code is
// a CAMEO code to match by prefix beyond its root ("" for none).
func (tf *timelineFlags) filter() (store.StoryFilter, string, error) {
	var f store.StoryFilter
	if tf.actor != "" {
		if !countryCode.MatchString(tf.actor) {
			return f, "", usagef("--actor %q: want a three-letter country or region code such as RUS", tf.actor)
		}
		f.Actor = tf.actor
	}
	if tf.dyad != "" {
		src, tgt, ok := strings.Cut(tf.dyad, ":")
		if !ok || !countryCode.MatchString(src) || !countryCode.MatchString(tgt) {
			return f, "", usagef("--dyad %q: want SOURCE:TARGET country codes such as USA:RUS", tf.dyad)
		}
		f.Source, f.Target = src, tgt
	}
	if tf.both && tf.dyad == "" {
		return f, "", usagef("--both needs --dyad")
	}
	f.Both = tf.both
	for _, d := range []struct{ flag, v string }{{"--from", tf.from}, {"--to", tf.to}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			if _, err := time.Parse("2006-01", d.v); err != nil {
				return f, "", usagef("%s %q: want YYYY-MM-DD or YYYY-MM", d.flag, d.v)
			}
		}
	}
	f.From, f.To = tf.from, tf.to
	code := ""
	if tf.code != "" {
		if !codeFlag.MatchString(tf.code) {
			return f, "", usagef("--code %q: want a CAMEO code such as 04 or 042", tf.code)
		}
		f.Root = tf.code[:2]
		if len(tf.code) > 2 {
			code = tf.code
		}
	}
	switch tf.status {
	case "", record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusNegated, record.StatusHedged:
		f.Status = tf.status
	default:
		return f, "", usagef("--status %q: want corroborated, single-source, disputed, negated or hedged", tf.status)
	}
	if tf.limit <= 0 {
		return f, "", usagef("--limit %d: want a positive number", tf.limit)
	}
	if tf.md && tf.asJSON {
		return f, "", usagef("--json and --md: choose one")
	}
	f.Desc = tf.desc
	return f, code, nil
}

func (a *app) timelineCmd() *cobra.Command {
	var tf timelineFlags
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "Stories in date order: what happened, how sure, and the reports behind it",
		Long: `Lists stories in date order: the date, the actors, what happened (the CAMEO
label and the clearest sentence that reports it), the status, the number of
independent sources, and the reports with their links.

--dyad USA:RUS is directional (USA did it to RUS); add --both for either
direction. --code 04 keeps one CAMEO root, --code 042 one code. Dates may be
days or months. --json prints one story a line, with its reports; --md
prints Markdown.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, code, err := tf.filter()
			if err != nil {
				return err
			}
			st, err := a.storyStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			stories, err := timeline(cmd, st, f, code, tf.limit)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case tf.asJSON:
				for i := range stories {
					if err := writeJSON(out, &stories[i]); err != nil {
						return err
					}
				}
				return nil
			case tf.md:
				writeTimelineMarkdown(out, stories, tf)
				return nil
			}
			if len(stories) == 0 {
				fmt.Fprintln(out, "no stories match")
				return nil
			}
			for i := range stories {
				writeStoryText(out, &stories[i], false)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&tf.actor, "actor", "", "only stories with this country on either side, e.g. RUS")
	cmd.Flags().StringVar(&tf.dyad, "dyad", "", "only stories from SOURCE to TARGET, e.g. USA:RUS")
	cmd.Flags().BoolVar(&tf.both, "both", false, "with --dyad: either direction")
	cmd.Flags().StringVar(&tf.from, "from", "", "only stories dated on or after YYYY-MM-DD (or YYYY-MM)")
	cmd.Flags().StringVar(&tf.to, "to", "", "only stories dated on or before YYYY-MM-DD (or YYYY-MM)")
	cmd.Flags().StringVar(&tf.code, "code", "", "only stories of this CAMEO root (04) or code (042)")
	cmd.Flags().StringVar(&tf.status, "status", "", "only stories of this status: corroborated, single-source, disputed, negated, hedged")
	cmd.Flags().IntVar(&tf.limit, "limit", 100, "at most this many stories")
	cmd.Flags().BoolVar(&tf.desc, "newest-first", false, "newest stories first")
	cmd.Flags().BoolVar(&tf.asJSON, "json", false, "one JSON object a line, with the reports")
	cmd.Flags().BoolVar(&tf.md, "md", false, "Markdown")
	return cmd
}

// timeline pages through the stories until it has limit of them (or runs
// out), keeping those of code, and fetches each whole (its reports).
func timeline(cmd *cobra.Command, st story.Store, f store.StoryFilter, code string, limit int) ([]record.Story, error) {
	ctx := cmd.Context()
	var out []record.Story
	f.Limit = min(limit, 500)
	for len(out) < limit {
		page, next, err := st.Stories(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, s := range page {
			if code != "" && !strings.HasPrefix(s.CAMEO, code) {
				continue
			}
			whole, err := st.GetStory(ctx, s.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, *whole)
			if len(out) == limit {
				break
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	return out, nil
}

func sideName(a *record.Actor) string {
	switch {
	case a == nil:
		return "?"
	case a.Name != "" && a.Country != "" && !strings.EqualFold(a.Name, a.Country):
		return a.Name + " (" + a.Country + ")"
	case a.Name != "":
		return a.Name
	}
	return a.Code
}

func sourcesNote(s *record.Story) string {
	src := "1 independent source"
	if s.Sources != 1 {
		src = fmt.Sprintf("%d independent sources", s.Sources)
	}
	rep := "1 report"
	if s.Reports != 1 {
		rep = fmt.Sprintf("%d reports", s.Reports)
	}
	return s.Status + ", " + src + ", " + rep
}

// writeStoryText prints one story for people; whole adds every report's
// sentence and the event ids.
func writeStoryText(w io.Writer, s *record.Story, whole bool) {
	fmt.Fprintf(w, "%s  %s → %s  %s %s  [%s]  %s\n", s.Date, sideName(s.Source), sideName(s.Target), s.CAMEO, s.Label, sourcesNote(s), s.ID)
	fmt.Fprintf(w, "    %q\n", clip(s.Text, 200))
	for _, art := range s.Articles {
		where := art.URL
		if where == "" {
			where = "sitrep show " + art.ID
		}
		fmt.Fprintf(w, "    [%d] %s  %s: %s  <%s>\n", art.Group, art.Date, orDash(art.Source), clip(orDash(art.Title), 70), where)
		if whole {
			fmt.Fprintf(w, "        sentence %d: %q\n", art.Sentence, clip(art.Text, 240))
		}
	}
}

var mdSpecial = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`, "!", `\!`, "(", `\(`, ")", `\)`)

// md escapes outside text for Markdown, on one line.
func md(s string) string { return mdSpecial.Replace(strings.Join(strings.Fields(s), " ")) }

// mdURL keeps a link target that cannot break out of its parentheses.
func mdURL(u string) string {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(u)
}

func writeTimelineMarkdown(w io.Writer, stories []record.Story, tf timelineFlags) {
	title := "Timeline"
	switch {
	case tf.dyad != "" && tf.both:
		title += ": " + strings.Replace(tf.dyad, ":", " ↔ ", 1)
	case tf.dyad != "":
		title += ": " + strings.Replace(tf.dyad, ":", " → ", 1)
	case tf.actor != "":
		title += ": " + tf.actor
	}
	fmt.Fprintf(w, "# %s\n\n", md(title))
	if len(stories) == 0 {
		fmt.Fprintln(w, "No stories match.")
		return
	}
	for i := range stories {
		s := &stories[i]
		fmt.Fprintf(w, "- **%s** %s → %s — %s: “%s” — *%s*", md(s.Date), md(sideName(s.Source)), md(sideName(s.Target)), md(s.Label), md(clip(s.Text, 240)), md(sourcesNote(s)))
		var links []string
		for _, art := range s.Articles {
			name := md(firstNonEmpty(art.Source, art.Title, art.ID))
			if u := mdURL(art.URL); u != "" {
				links = append(links, "["+name+"]("+u+")")
			} else {
				links = append(links, name+" ("+md(art.ID)+")")
			}
		}
		if len(links) > 0 {
			fmt.Fprintf(w, " — %s", strings.Join(links, ", "))
		}
		fmt.Fprintln(w)
	}
}

func (a *app) storyCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "story ID",
		Short: "Show one story whole: every report, its sentence and source group",
		Args:  exactArgs(1, "a story id (from sitrep timeline)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.storyStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.GetStory(cmd.Context(), args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no story %q (sitrep timeline lists them)", args[0])
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), s)
			}
			out := cmd.OutOrStdout()
			writeStoryText(out, s, true)
			if s.Location != nil {
				fmt.Fprintf(out, "    where: %s %s\n", s.Location.Name, s.Location.Country)
			}
			fmt.Fprintf(out, "    outlets: %s\n    first seen %s, updated %s\n    events: %s\n",
				strings.Join(s.Outlets, ", "), s.FirstSeen.Format(time.RFC3339), s.UpdatedAt.Format(time.RFC3339), strings.Join(s.EventIDs, " "))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "the story as one JSON object")
	return cmd
}

// demoStories prints the demo's stories: the ones more than one report
// told first, then a count of the rest.
func demoStories(ctx context.Context, w io.Writer, st store.Store, sum story.Summary) error {
	ss, err := story.StoreOf(st)
	if err != nil {
		return err
	}
	all, _, err := ss.Stories(ctx, store.StoryFilter{Limit: 1000})
	if err != nil {
		return err
	}
	shown := 0
	for i := range all {
		s := &all[i]
		if s.Reports < 2 {
			continue
		}
		fmt.Fprintf(w, "%s  %s → %s  %s: %s\n    %s\n", s.Date, sideName(s.Source), sideName(s.Target), s.Label, clip(s.Text, 110), sourcesNote(s))
		shown++
	}
	fmt.Fprintf(w, "%d events merged into %d stories; %d told by more than one report (shown), %d by one.\n", sum.Events, len(all), shown, len(all)-shown)
	return nil
}
