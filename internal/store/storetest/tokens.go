package storetest

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// RunTokens runs the TokenStore suite; the factory's stores must implement
// store.TokenStore.
func RunTokens(t *testing.T, open Factory) {
	s := open(t)
	defer s.Close()
	ts, ok := s.(store.TokenStore)
	if !ok {
		t.Fatalf("%T does not implement store.TokenStore", s)
	}
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

	secret, tok, err := store.NewToken("ci", now)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Hash == secret || tok.Hash != store.HashToken(secret) || len(tok.Hash) != 64 {
		t.Fatalf("hash %q of secret %q: want hex SHA-256, never the secret", tok.Hash, secret)
	}
	stored, err := ts.CreateToken(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if stored.ID == 0 || !stored.Created.Equal(now) || stored.Prefix != secret[:len(stored.Prefix)] {
		t.Fatalf("stored token = %+v", stored)
	}
	_, again, _ := store.NewToken("ci", now)
	if _, err := ts.CreateToken(ctx, again); !errors.Is(err, store.ErrTokenName) {
		t.Fatalf("second token named ci: err = %v, want ErrTokenName", err)
	}
	_, other, _ := store.NewToken("laptop", now)
	other, err = ts.CreateToken(ctx, other)
	if err != nil {
		t.Fatal(err)
	}

	got, err := ts.TokenByHash(ctx, store.HashToken(secret))
	if err != nil || got.ID != stored.ID || got.Name != "ci" {
		t.Fatalf("TokenByHash = %+v, %v", got, err)
	}
	if _, err := ts.TokenByHash(ctx, store.HashToken(secret+"x")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown hash: err = %v, want ErrNotFound", err)
	}

	used := now.Add(time.Hour)
	if err := ts.TouchToken(ctx, stored.ID, used); err != nil {
		t.Fatal(err)
	}
	if err := ts.TouchToken(ctx, stored.ID, now); err != nil { // earlier: ignored
		t.Fatal(err)
	}
	list, err := ts.Tokens(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("Tokens = %+v, %v", list, err)
	}
	if list[0].Name != "ci" || list[0].LastUsed == nil || !list[0].LastUsed.Equal(used) || list[1].LastUsed != nil {
		t.Fatalf("Tokens = %+v, want ci used at %v and laptop unused", list, used)
	}

	if err := ts.RevokeToken(ctx, "ci"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.TokenByHash(ctx, store.HashToken(secret)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked token still found: %v", err)
	}
	if err := ts.RevokeToken(ctx, strconv.FormatInt(other.ID, 10)); err != nil {
		t.Fatalf("revoke by id: %v", err)
	}
	if err := ts.RevokeToken(ctx, "ci"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoke twice: err = %v, want ErrNotFound", err)
	}
	if list, _ := ts.Tokens(ctx); len(list) != 0 {
		t.Fatalf("after revoking both: %+v", list)
	}
}
