// Package pgtest gives each test its own PostgreSQL schema on the server
// named by SITREP_TEST_PG, so tests never collide. Without the variable a
// test skips, except under CI=true, where it fails.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// DSN returns SITREP_TEST_PG, skipping (or failing under CI) without it.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("SITREP_TEST_PG")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("SITREP_TEST_PG is not set (CI=true, so PostgreSQL tests must run)")
		}
		tb.Skip("SITREP_TEST_PG not set; skipping PostgreSQL test (e.g. SITREP_TEST_PG=postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	return dsn
}

// Schema creates a fresh schema, drops it when the test ends, and returns
// a DSN whose search_path points at it.
func Schema(tb testing.TB) string {
	tb.Helper()
	dsn := DSN(tb)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect %s: %v", dsn, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "sitrep_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
	})
	return WithSearchPath(dsn, name)
}

// WithSearchPath adds search_path to a URL or key=value DSN.
func WithSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
