// Command sitrep reads the news and keeps the record straight. This file
// wires flags, configuration and the store; each command lives in its own
// file and calls into internal/.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/config"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errSilent is returned after a command has already reported its failures
// on stderr; it only sets the exit code.
var errSilent = errors.New("")

type app struct {
	dbFlag, dsnFlag, configFlag string
	root                        *cobra.Command
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{}
	root := a.newRoot()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if !errors.Is(err, errSilent) {
		fmt.Fprintln(os.Stderr, "sitrep:", err)
	}
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		fmt.Fprintln(os.Stderr, "Run 'sitrep help' for usage.")
		return 2
	}
	return 1
}

func (a *app) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "sitrep",
		Short: "sitrep reads the news and keeps the record straight",
		Long: `sitrep reads the news and keeps the record straight: what happened between
political actors, who said what, what falls due when, and how markets reacted,
with every fact traceable to its sources.

Data lives in ./sitrep-data/sitrep.db unless --db, SITREP_DB, --dsn or
SITREP_DSN (PostgreSQL) say otherwise.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "SQLite database file (default "+config.DefaultDB+"; env SITREP_DB)")
	root.PersistentFlags().StringVar(&a.dsnFlag, "dsn", "", "PostgreSQL URL, e.g. postgres://user@host/db (env SITREP_DSN); selects PostgreSQL")
	root.PersistentFlags().StringVar(&a.configFlag, "config", "", "config file of key = value lines (keys: db, dsn)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.ingestCmd(), a.articlesCmd(), a.searchCmd(), a.showCmd(), a.demoCmd(), a.codeCmd(), a.recodeCmd(), a.extractCmd(), a.claimsCmd(), a.deadlinesCmd(), a.factsCmd())
	root.AddCommand(a.evalCmd())
	root.AddCommand(a.importGDELTCmd(), a.exportGDELTCmd())
	root.AddCommand(a.feedsCmd(), a.pollCmd(), a.fetchCmd())
	root.AddCommand(a.marketCmd(), a.studyCmd())
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	a.root = root
	return root
}

// commands holds the constructors of commands that register themselves
// from their own file (func init() { register((*app).storyCmd) }), so a
// new command needs no edit here.
var commands []func(*app) *cobra.Command

func register(c ...func(*app) *cobra.Command) { commands = append(commands, c...) }

// config resolves the options for this run.
func (a *app) config(cmd *cobra.Command) (config.Config, error) {
	flags := map[string]string{}
	if cmd.Flags().Changed("db") {
		flags["db"] = a.dbFlag
	}
	if cmd.Flags().Changed("dsn") {
		flags["dsn"] = a.dsnFlag
	}
	return config.Load(flags, os.Getenv, a.configFlag)
}

// openStore opens the configured store.
func (a *app) openStore(cmd *cobra.Command) (store.Store, error) {
	c, err := a.config(cmd)
	if err != nil {
		return nil, err
	}
	return openStore(cmd.Context(), c)
}

func openStore(ctx context.Context, c config.Config) (store.Store, error) {
	if c.DSN != "" {
		return postgres.Open(ctx, c.DSN)
	}
	return sqlite.Open(ctx, c.DB)
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s, got %d argument(s)", what, len(args))
		}
		return nil
	}
}
