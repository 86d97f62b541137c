package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

var _ store.TokenStore = (*Store)(nil)

const tokenColumns = `id, name, hash, prefix, created_at, last_used`

func scanToken(sc store.Scanner) (store.Token, error) {
	var t store.Token
	var created string
	var used sql.NullString
	if err := sc.Scan(&t.ID, &t.Name, &t.Hash, &t.Prefix, &created, &used); err != nil {
		return t, err
	}
	t.Created = parseTS(created)
	if used.Valid {
		u := parseTS(used.String)
		t.LastUsed = &u
	}
	return t, nil
}

// CreateToken stores a new token.
func (s *Store) CreateToken(ctx context.Context, t store.Token) (store.Token, error) {
	if t.Name == "" || t.Hash == "" {
		return t, fmt.Errorf("token: name and hash are required")
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO api_tokens (name, hash, prefix, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		t.Name, t.Hash, t.Prefix, ts(t.Created))
	if err != nil {
		return t, fmt.Errorf("token %s: %w", t.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return t, fmt.Errorf("token %s: %w", t.Name, store.ErrTokenName)
	}
	t.ID, _ = res.LastInsertId()
	t.Created = parseTS(ts(t.Created))
	return t, nil
}

// Tokens lists every token by id.
func (s *Store) Tokens(ctx context.Context) ([]store.Token, error) {
	out, err := queryAll(ctx, s.r, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id`, scanToken)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// TokenByHash finds the token with that hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (store.Token, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("token: %w", store.ErrNotFound)
	}
	return t, err
}

// TouchToken records a use of the token.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)`, ts(at), id, ts(at))
	if err != nil {
		return fmt.Errorf("token %d: %w", id, err)
	}
	return nil
}

// RevokeToken deletes the token by name, or by id given in decimal.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	id, _ := strconv.ParseInt(strings.TrimSpace(name), 10, 64)
	res, err := s.w.ExecContext(ctx, `DELETE FROM api_tokens WHERE name = ? OR id = ?`, name, id)
	if err != nil {
		return fmt.Errorf("token %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("token %s: %w", name, store.ErrNotFound)
	}
	return nil
}
