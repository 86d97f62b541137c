package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

func (a *app) feedsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "Manage the feeds that poll fetches (add, list, remove, import, export)",
		Long: `Manage the RSS, Atom and JSON Feed subscriptions that 'sitrep poll' fetches.

  sitrep feeds add URL [--title T] [--interval 15m]
  sitrep feeds list [--json]
  sitrep feeds remove ID|URL
  sitrep feeds import FILE.opml
  sitrep feeds export > feeds.opml`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown feeds command %q (add, list, remove, import, export)", args[0])
			}
			return usagef("feeds needs a command: add, list, remove, import or export")
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.AddCommand(a.feedsAddCmd(), a.feedsListCmd(), a.feedsRemoveCmd(), a.feedsImportCmd(), a.feedsExportCmd())
	return cmd
}

// feedStore opens the configured store as a FeedStore.
func (a *app) feedStore(cmd *cobra.Command) (store.Store, store.FeedStore, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, nil, err
	}
	fs, ok := st.(store.FeedStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("the %s store does not keep feeds", st.Kind())
	}
	return st, fs, nil
}

// feedURL checks a feed address given by the user.
func feedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) URL", raw)
	}
	u.Fragment = ""
	return u.String(), nil
}

func intervalFlag(d time.Duration) error {
	if d < source.MinInterval {
		return usagef("--interval %s: at least %s, to be polite to the site", d, source.MinInterval)
	}
	return nil
}

func (a *app) feedsAddCmd() *cobra.Command {
	var title string
	var interval time.Duration
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: "Subscribe to a feed",
		Args:  exactArgs(1, "one feed URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := feedURL(args[0])
			if err != nil {
				return usagef("feeds add: %v", err)
			}
			if err := intervalFlag(interval); err != nil {
				return err
			}
			st, fs, err := a.feedStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			f, added, err := fs.AddFeed(cmd.Context(), store.Feed{URL: u, Title: title, Interval: interval})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				v := feedView(f)
				return writeJSON(out, struct {
					feedJSON
					Added bool `json:"added"`
				}{v, added})
			}
			if added {
				fmt.Fprintf(out, "added feed %d: %s (polled every %s)\n", f.ID, f.URL, shortDuration(f.Interval))
			} else {
				fmt.Fprintf(out, "already subscribed as feed %d: %s\n", f.ID, f.URL)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the feed's name (default: the title the feed gives)")
	cmd.Flags().DurationVar(&interval, "interval", source.DefaultInterval, "how often to poll it, e.g. 15m, 1h")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the feed as a JSON object")
	return cmd
}

// feedJSON is a feed as `feeds list --json` prints it.
type feedJSON struct {
	ID         int64      `json:"id"`
	URL        string     `json:"url"`
	Title      string     `json:"title"`
	Interval   string     `json:"interval"`
	Articles   int        `json:"articles"`
	LastFetch  *time.Time `json:"last_fetch"`
	NextFetch  time.Time  `json:"next_fetch"`
	LastError  string     `json:"last_error"`
	ErrorCount int        `json:"error_count"`
	ETag       string     `json:"etag,omitempty"`
	Modified   string     `json:"last_modified,omitempty"`
	Created    time.Time  `json:"created"`
}

func feedView(f store.Feed) feedJSON {
	return feedJSON{ID: f.ID, URL: f.URL, Title: f.Title, Interval: shortDuration(f.Interval), Articles: f.Articles,
		LastFetch: f.LastFetch, NextFetch: f.NextFetch, LastError: f.LastError, ErrorCount: f.ErrorCount,
		ETag: f.ETag, Modified: f.LastModified, Created: f.Created}
}

// shortDuration prints 15m rather than 15m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (a *app) feedsListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the feeds with their last and next fetch, last error and article count",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, fs, err := a.feedStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			feeds, err := fs.Feeds(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, f := range feeds {
					if err := writeJSON(out, feedView(f)); err != nil {
						return err
					}
				}
				return nil
			}
			if len(feeds) == 0 {
				fmt.Fprintln(out, "no feeds; add one with: sitrep feeds add URL")
				return nil
			}
			now := time.Now()
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTITLE\tURL\tARTICLES\tLAST FETCH\tNEXT FETCH\tLAST ERROR")
			for _, f := range feeds {
				last := "never"
				if f.LastFetch != nil {
					last = ago(now, *f.LastFetch)
				}
				next := "due"
				if f.NextFetch.After(now) {
					next = "in " + shortDuration(f.NextFetch.Sub(now).Round(time.Minute))
				}
				lastErr := "-"
				if f.LastError != "" {
					lastErr = clip(fmt.Sprintf("%s (%d in a row)", f.LastError, f.ErrorCount), 60)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", f.ID, clip(orDash(f.Title), 30), clip(f.URL, 50), f.Articles, last, next, lastErr)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object a line")
	return cmd
}

func ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < time.Minute {
		return "just now"
	}
	return shortDuration(d.Round(time.Minute)) + " ago"
}

func (a *app) feedsRemoveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remove ID|URL",
		Short: "Unsubscribe from a feed (its articles stay)",
		Args:  exactArgs(1, "a feed ID or URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, fs, err := a.feedStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			var f store.Feed
			if id, perr := strconv.ParseInt(args[0], 10, 64); perr == nil {
				f, err = fs.Feed(ctx, id)
			} else {
				f, err = fs.FeedByURL(ctx, strings.TrimSpace(args[0]))
			}
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no feed %s (see sitrep feeds list)", args[0])
			}
			if err != nil {
				return err
			}
			if err := fs.RemoveFeed(ctx, f.ID); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed feed %d: %s (its %d articles stay)\n", f.ID, f.URL, f.Articles)
			return nil
		},
	}
	return cmd
}

func (a *app) feedsImportCmd() *cobra.Command {
	var interval time.Duration
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import FILE.opml",
		Short: "Subscribe to every feed of an OPML file",
		Args:  exactArgs(1, "one OPML file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := intervalFlag(interval); err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("feeds import: %w", err)
			}
			defer f.Close()
			list, err := source.ParseOPML(f)
			if err != nil {
				return fmt.Errorf("feeds import %s: %w", args[0], err)
			}
			st, fs, err := a.feedStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var sum struct {
				Added   int `json:"added"`
				Present int `json:"already_present"`
				Invalid int `json:"invalid"`
			}
			for _, o := range list {
				u, err := feedURL(o.URL)
				if err != nil {
					fmt.Fprintf(os.Stderr, "sitrep: feeds import %s: %s: %v\n", args[0], orDash(o.Title), err)
					sum.Invalid++
					continue
				}
				_, added, err := fs.AddFeed(cmd.Context(), store.Feed{URL: u, Title: o.Title, Interval: interval})
				if err != nil {
					return err
				}
				if added {
					sum.Added++
				} else {
					sum.Present++
				}
			}
			if asJSON {
				writeJSON(cmd.OutOrStdout(), sum)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "added %d feeds, %d already present, %d invalid\n", sum.Added, sum.Present, sum.Invalid)
			}
			if sum.Invalid > 0 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&interval, "interval", source.DefaultInterval, "how often to poll the imported feeds")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as a JSON object")
	return cmd
}

func (a *app) feedsExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the feeds as OPML to stdout",
		Args:  exactArgs(0, "no arguments (redirect stdout to a file)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, fs, err := a.feedStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			feeds, err := fs.Feeds(cmd.Context())
			if err != nil {
				return err
			}
			list := make([]source.OPMLFeed, len(feeds))
			for i, f := range feeds {
				list[i] = source.OPMLFeed{URL: f.URL, Title: f.Title}
			}
			return source.WriteOPML(cmd.OutOrStdout(), "sitrep feeds", list, time.Now())
		},
	}
	return cmd
}
