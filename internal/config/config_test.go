package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sitrep.conf")
	os.WriteFile(file, []byte("# comment\ndb = \"/from/file.db\"\ndsn = postgres://file\n"), 0o644)
	env := map[string]string{"SITREP_DSN": "postgres://env"}
	getenv := func(k string) string { return env[k] }

	c, err := Load(nil, getenv, file)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "/from/file.db" || c.DSN != "postgres://env" {
		t.Errorf("file+env: %+v", c)
	}
	c, _ = Load(map[string]string{"dsn": "postgres://flag"}, getenv, file)
	if c.DSN != "postgres://flag" {
		t.Errorf("flag should win: %+v", c)
	}
	c, _ = Load(nil, func(string) string { return "" }, "")
	if c.DB != DefaultDB || c.DSN != "" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"db /x", "colour = blue"} {
		_, err := Parse(strings.NewReader("\n"+bad+"\n"), "my.conf")
		if err == nil || !strings.Contains(err.Error(), "my.conf:2") {
			t.Errorf("Parse(%q) error = %v, want one naming my.conf:2", bad, err)
		}
	}
	if _, err := Load(nil, os.Getenv, "/no/such/file.conf"); err == nil || !strings.Contains(err.Error(), "/no/such/file.conf") {
		t.Errorf("missing file: %v", err)
	}
}
