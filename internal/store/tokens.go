package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// TokenStore keeps the API tokens that allow writing through the web
// server (adding feeds, ingesting). Only a token's SHA-256 is stored, so a
// copy of the database gives no one a usable token. Both stores implement
// it beside Store; callers reach it with a type assertion
// (st.(store.TokenStore)).
type TokenStore interface {
	// CreateToken stores a new token under t.Name with t.Hash (from
	// HashToken) and returns it with its id. ErrTokenName when a token of
	// that name exists.
	CreateToken(ctx context.Context, t Token) (Token, error)
	// Tokens lists every token by id, without secrets.
	Tokens(ctx context.Context) ([]Token, error)
	// TokenByHash returns the token whose hash is hash, or an error
	// wrapping ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// TouchToken records that the token was used at when; a token already
	// marked used later is left as it is.
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// RevokeToken deletes the token named name (or whose id, in decimal,
	// is name); an error wrapping ErrNotFound when there is none.
	RevokeToken(ctx context.Context, name string) error
}

// ErrTokenName is returned by CreateToken for a name already taken.
var ErrTokenName = errors.New("a token of that name exists")

// Token is one API token as stored: its name, the SHA-256 of its secret
// and the first characters of the secret, enough to tell tokens apart.
type Token struct {
	ID       int64      `json:"id"`
	Name     string     `json:"name"`
	Hash     string     `json:"-"`
	Prefix   string     `json:"prefix"`
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"last_used,omitempty"`
}

// tokenPrefix marks sitrep's tokens, so a leaked one is recognisable.
const tokenPrefix = "sitrep_"

// NewToken makes a random secret (256 bits) and the Token to store for
// it; the secret is shown once and never stored.
func NewToken(name string, now time.Time) (secret string, t Token, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", Token{}, fmt.Errorf("token: random: %w", err)
	}
	secret = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, Token{Name: name, Hash: HashToken(secret), Prefix: secret[:len(tokenPrefix)+6], Created: now.UTC()}, nil
}

// HashToken is the stored form of a secret: hex SHA-256. Secrets are 256
// random bits, so a plain hash needs no salt or stretching.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(secret)))
	return hex.EncodeToString(sum[:])
}
