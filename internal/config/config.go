// Package config gathers sitrep's options from command-line flags, SITREP_*
// environment variables and an optional config file, in that order of
// precedence. The result is a plain value passed to whatever needs it.
package config

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultDB is where the embedded database lives unless told otherwise.
var DefaultDB = filepath.Join("sitrep-data", "sitrep.db")

// Config holds the options that select and reach the store, plus any other
// key the file or environment sets (for later subsystems).
type Config struct {
	DB     string            // SQLite file (embedded default)
	DSN    string            // PostgreSQL URL; when set, PostgreSQL is used
	Values map[string]string // every resolved key, for subsystems that read their own
}

// Keys are the options sitrep knows, as written in a config file; the
// environment variable is SITREP_ plus the key upper-cased.
var Keys = []string{"db", "dsn", "allow_private"}

// Load resolves options: flags (only those the user set) beat environment
// variables, which beat the config file. file may be "" for none; getenv
// is os.Getenv in production.
func Load(flags map[string]string, getenv func(string) string, file string) (Config, error) {
	vals := map[string]string{}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
		fileVals, err := Parse(f, file)
		f.Close()
		if err != nil {
			return Config{}, err
		}
		for k, v := range fileVals {
			vals[k] = v
		}
	}
	for _, k := range Keys {
		if v := getenv("SITREP_" + strings.ToUpper(k)); v != "" {
			vals[k] = v
		}
	}
	for k, v := range flags {
		vals[k] = v
	}
	c := Config{DB: vals["db"], DSN: vals["dsn"], Values: vals}
	if c.DB == "" {
		c.DB = DefaultDB
	}
	return c, nil
}

// Parse reads a config file of `key = value` lines; # starts a comment and
// values may be quoted. Unknown keys are errors, so typos do not pass
// silently.
func Parse(r io.Reader, name string) (map[string]string, error) {
	known := map[string]bool{}
	for _, k := range Keys {
		known[k] = true
	}
	vals := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected key = value, got %q", name, n, line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !known[k] {
			return nil, fmt.Errorf("%s:%d: unknown key %q (known: %s)", name, n, k, strings.Join(sortedKeys(known), ", "))
		}
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		vals[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return vals, nil
}

func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
