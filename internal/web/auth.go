package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// tokenCookie carries a token for a browser that logged in at /login.
const tokenCookie = "sitrep_token"

// tokenCacheFor is how long a checked token is trusted without asking the
// store again: a revoked token stops working within this time.
const tokenCacheFor = 10 * time.Second

type tokenKey struct{}

func withToken(ctx context.Context, t *store.Token) context.Context {
	if t == nil {
		return ctx
	}
	return context.WithValue(ctx, tokenKey{}, t)
}

// requestToken is the token the request was authenticated with, or nil.
func requestToken(ctx context.Context) *store.Token {
	t, _ := ctx.Value(tokenKey{}).(*store.Token)
	return t
}

// tokenCache remembers recent checks by hash.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
}

type cachedToken struct {
	tok     store.Token
	checked time.Time
}

var errBadToken = errors.New("the token is not valid: it was revoked or mistyped ('sitrep token list' shows the tokens)")

// secret finds the token a request carries: an Authorization: Bearer
// header, the login cookie, or a form's token field (forms that write).
func secret(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, v, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(v)
		}
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v := strings.TrimSpace(r.PostFormValue("token")); v != "" {
			return v
		}
	}
	if c, err := r.Cookie(tokenCookie); err == nil && c.Value != "" {
		return c.Value
	}
	return ""
}

// authenticate checks the token a request carries: nil, nil when it
// carries none.
func (s *Server) authenticate(r *http.Request) (*store.Token, error) {
	sec := secret(r)
	if sec == "" {
		return nil, nil
	}
	if s.tokens == nil {
		return nil, errors.New("this store keeps no tokens")
	}
	t, err := s.checkToken(r.Context(), sec)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (s *Server) checkToken(ctx context.Context, sec string) (store.Token, error) {
	hash := store.HashToken(sec)
	now := s.now()
	s.tcache.mu.Lock()
	c, ok := s.tcache.m[hash]
	s.tcache.mu.Unlock()
	if ok && now.Sub(c.checked) < tokenCacheFor {
		return c.tok, nil
	}
	t, err := s.tokens.TokenByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return t, errBadToken
	}
	if err != nil {
		return t, err
	}
	if err := s.tokens.TouchToken(ctx, t.ID, now); err != nil {
		s.log.Warn("token use not recorded", "token", t.Name, "err", err)
	}
	s.tcache.mu.Lock()
	if s.tcache.m == nil || len(s.tcache.m) > 1000 {
		s.tcache.m = map[string]cachedToken{}
	}
	s.tcache.m[hash] = cachedToken{tok: t, checked: now}
	s.tcache.mu.Unlock()
	return t, nil
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "login", pageData{Title: "Log in", Data: map[string]any{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// handleLogin checks a pasted token and keeps it in an HTTP-only,
// same-site cookie, so a browser can use a server that needs a token.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	sec := strings.TrimSpace(r.PostFormValue("token"))
	next := safeNext(r.PostFormValue("next"))
	if sec == "" || s.tokens == nil {
		s.renderError(w, r, http.StatusBadRequest, "paste a token made with 'sitrep token create'")
		return
	}
	if _, err := s.checkToken(r.Context(), sec); err != nil {
		s.renderError(w, r, http.StatusUnauthorized, err.Error())
		return
	}
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: sec, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int((30 * 24 * time.Hour).Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// safeNext keeps a redirect target on this server.
func safeNext(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}
