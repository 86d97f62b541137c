package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.TokenStore = (*Store)(nil)

const tokenColumns = `id, name, hash, prefix, created_at, last_used`

func scanToken(sc store.Scanner) (store.Token, error) {
	var t store.Token
	var used *time.Time
	if err := sc.Scan(&t.ID, &t.Name, &t.Hash, &t.Prefix, &t.Created, &used); err != nil {
		return t, err
	}
	t.Created = t.Created.UTC()
	if used != nil {
		u := used.UTC()
		t.LastUsed = &u
	}
	return t, nil
}

// CreateToken stores a new token.
func (s *Store) CreateToken(ctx context.Context, t store.Token) (store.Token, error) {
	if t.Name == "" || t.Hash == "" {
		return t, fmt.Errorf("token: name and hash are required")
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO api_tokens (name, hash, prefix, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO NOTHING RETURNING id, created_at`, t.Name, t.Hash, t.Prefix, t.Created).Scan(&t.ID, &t.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("token %s: %w", t.Name, store.ErrTokenName)
	}
	if err != nil {
		return t, fmt.Errorf("token %s: %w", t.Name, err)
	}
	t.Created = t.Created.UTC()
	return t, nil
}

// Tokens lists every token by id.
func (s *Store) Tokens(ctx context.Context) ([]store.Token, error) {
	out, err := queryAll(ctx, s.pool, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id`, scanToken)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// TokenByHash finds the token with that hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (store.Token, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("token: %w", store.ErrNotFound)
	}
	return t, err
}

// TouchToken records a use of the token.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE api_tokens SET last_used = $2 WHERE id = $1 AND (last_used IS NULL OR last_used < $2)`, id, at.UTC())
	if err != nil {
		return fmt.Errorf("token %d: %w", id, err)
	}
	return nil
}

// RevokeToken deletes the token by name, or by id given in decimal.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	id, _ := strconv.ParseInt(strings.TrimSpace(name), 10, 64)
	tag, err := s.pool.Exec(ctx, `DELETE FROM api_tokens WHERE name = $1 OR id = $2`, name, id)
	if err != nil {
		return fmt.Errorf("token %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("token %s: %w", name, store.ErrNotFound)
	}
	return nil
}
