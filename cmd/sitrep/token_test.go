package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenCreateListRevoke(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	r := sitrep(t, nil, "", "--db", db, "token", "create", "--name", "ci")
	secret := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.HasPrefix(secret, "sitrep_") || len(secret) < 40 || !strings.Contains(r.stderr, "shown only now") {
		t.Fatalf("create: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := sitrep(t, nil, "", "--db", db, "token", "create", "--name", "ci"); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Fatalf("second token named ci: %d %q", r.code, r.stderr)
	}
	r = sitrep(t, nil, "", "--db", db, "token", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "ci") || !strings.Contains(r.stdout, secret[:13]) || strings.Contains(r.stdout, secret) {
		t.Fatalf("list shows %q: want the name and prefix, never the secret", r.stdout)
	}
	if r := sitrep(t, nil, "", "--db", db, "token", "revoke", "ci"); r.code != 0 {
		t.Fatalf("revoke: %d %s", r.code, r.stderr)
	}
	if r := sitrep(t, nil, "", "--db", db, "token", "revoke", "ci"); r.code != 1 || !strings.Contains(r.stderr, "no token named") {
		t.Fatalf("revoke twice: %d %s", r.code, r.stderr)
	}
	if r := sitrep(t, nil, "", "--db", db, "token"); r.code != 2 {
		t.Fatalf("token without a subcommand: exit %d, want 2", r.code)
	}
}
