package main

import (
	"errors"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/store"
)

func init() { register((*app).tokenCmd) }

func (a *app) tokenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke the API tokens that allow writing through sitrep serve",
		Long: `Tokens allow writing through the web server and its API (adding feeds,
posting articles), and reading too when the server listens beyond loopback.
A token is shown once, when it is created; only its SHA-256 is stored.
Send it as "Authorization: Bearer TOKEN", or paste it in a page's form.`,
		Args: exactArgs(0, "a subcommand: create, list or revoke"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("token needs a subcommand: create, list or revoke")
		},
	}
	cmd.AddCommand(a.tokenCreateCmd(), a.tokenListCmd(), a.tokenRevokeCmd())
	return cmd
}

// tokenStore opens the store as a TokenStore.
func (a *app) tokenStore(cmd *cobra.Command) (store.Store, store.TokenStore, error) {
	st, err := a.openStore(cmd)
	if err != nil {
		return nil, nil, err
	}
	ts, ok := st.(store.TokenStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("the %s store keeps no tokens", st.Kind())
	}
	return st, ts, nil
}

func (a *app) tokenCreateCmd() *cobra.Command {
	var name string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "create [--name NAME]",
		Short: "Make a new token and print it (once)",
		Args:  exactArgs(0, "no arguments (the name goes in --name)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := time.Now().UTC()
			if name == "" {
				host, _ := os.Hostname()
				name = fmt.Sprintf("%s-%s", orDash(host), now.Format("20060102-150405"))
			}
			st, ts, err := a.tokenStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			secret, tok, err := store.NewToken(name, now)
			if err != nil {
				return err
			}
			tok, err = ts.CreateToken(cmd.Context(), tok)
			if errors.Is(err, store.ErrTokenName) {
				return fmt.Errorf("a token named %q exists: choose another --name, or revoke it first with 'sitrep token revoke %s'", name, name)
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, struct {
					store.Token
					Secret string `json:"token"`
				}{tok, secret})
			}
			fmt.Fprintln(out, secret)
			fmt.Fprintf(cmd.ErrOrStderr(), "token %q created (id %d); it is shown only now: keep it somewhere safe\n", tok.Name, tok.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "a name to tell the token by (default HOST-DATE)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the token with its id and name as JSON")
	return cmd
}

func (a *app) tokenListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tokens (never their secrets)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, ts, err := a.tokenStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			toks, err := ts.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, t := range toks {
					writeJSON(out, t)
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSTARTS\tCREATED\tLAST USED")
			for _, t := range toks {
				used := "never"
				if t.LastUsed != nil {
					used = t.LastUsed.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.Created.Format("2006-01-02 15:04"), used)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object a line")
	return cmd
}

func (a *app) tokenRevokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NAME|ID",
		Short: "Delete a token; a server stops accepting it within 10 seconds",
		Args:  exactArgs(1, "the token's name or id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, ts, err := a.tokenStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ts.RevokeToken(cmd.Context(), args[0]); errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no token named %q ('sitrep token list' shows them)", args[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked %s\n", args[0])
			return nil
		},
	}
}
