package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"
)

// contentSecurity allows nothing from elsewhere and no inline script;
// pages draw their charts as inline SVG, which needs neither.
const contentSecurity = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

// recorder keeps the status and size of a response for logs and metrics.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// wrap gives a route its headers, panic recovery, rate limit, auth,
// metrics and log line.
func (s *Server) wrap(rt Route) http.Handler {
	obs := s.metrics.observer(rt.Name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		h := rec.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					s.fail(rec, r, rt, http.StatusInternalServerError, "internal", "the server failed to answer this request")
				}
			}
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			d := time.Since(start)
			obs(strconv.Itoa(rec.status), d)
			level := slog.LevelDebug
			if rec.status >= 500 {
				level = slog.LevelWarn
			}
			if s.log.Enabled(r.Context(), level) { // the arguments cost allocations even when dropped
				s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
					"bytes", rec.bytes, "duration", d, "client", clientIP(r))
			}
		}()
		tok, authErr := s.authenticate(r)
		if s.limiter != nil {
			key := "ip:" + clientIP(r)
			if tok != nil {
				key = "token:" + strconv.FormatInt(tok.ID, 10)
			}
			if ok, wait := s.limiter.allow(key); !ok {
				rec.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
				s.fail(rec, r, rt, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("too many requests from this client; try again in %s", wait.Round(time.Millisecond)))
				return
			}
		}
		if authErr != nil {
			s.fail(rec, r, rt, http.StatusUnauthorized, "unauthorized", authErr.Error())
			return
		}
		needToken := rt.Write || (!rt.Open && !s.opt.OpenRead)
		if needToken && tok == nil {
			msg := "this server needs a token to read: send Authorization: Bearer TOKEN (create one with 'sitrep token create')"
			if rt.Write {
				msg = "writing needs a token: send Authorization: Bearer TOKEN (create one with 'sitrep token create')"
			}
			if !rt.API {
				rec.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
			}
			s.fail(rec, r, rt, http.StatusUnauthorized, "unauthorized", msg)
			return
		}
		rt.handler(rec, r.WithContext(withToken(r.Context(), tok)))
	})
}

// clientIP is the address the request came from (no proxy headers are
// trusted: a proxy in front should rate limit itself).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fail answers with an error: a JSON error object on API routes, a page
// elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rt Route, status int, code, msg string) {
	if rt.API {
		writeError(w, status, code, msg)
		return
	}
	s.renderError(w, r, status, msg)
}
