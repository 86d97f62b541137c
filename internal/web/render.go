package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/doc"
	"github.com/sitrep/sitrep/internal/record"
)

//go:embed templates assets
var files embed.FS

// pageData is what every page template gets.
type pageData struct {
	Title string
	Nav   string // the nav entry to mark as current
	Now   time.Time
	Data  any
}

func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "base" || base == "parts" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(files, "templates/base.html", "templates/parts.html", n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes a page whole, or an error page when the template fails,
// so a half-written page is never sent.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, d pageData) {
	s.renderStatus(w, r, http.StatusOK, name, d)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	t := s.pages[name]
	if d.Now.IsZero() {
		d.Now = s.now()
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", d); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError shows an error as a page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.renderStatus(w, r, status, "error", pageData{Title: http.StatusText(status), Data: map[string]any{"Status": status, "Message": msg}})
}

// pageFail shows a handler's error as a page with the status it maps to.
func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	var un unavailable
	switch {
	case asErr(err, &br):
		s.renderError(w, r, http.StatusBadRequest, br.msg)
	case isNotFound(err):
		s.renderError(w, r, http.StatusNotFound, err.Error())
	case isBadCursor(err):
		s.renderError(w, r, http.StatusBadRequest, "that page link is no longer valid; start from the first page")
	case asErr(err, &un):
		s.renderError(w, r, http.StatusNotImplemented, un.msg)
	default:
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
		s.renderError(w, r, http.StatusInternalServerError, "the server failed to draw this page")
	}
}

var funcs = template.FuncMap{
	"countdown": countdown,
	"dueClass": func(due string, now time.Time) string {
		d, ok := daysUntil(due, now)
		switch {
		case !ok:
			return "due-unknown"
		case d < 0:
			return "due-past"
		case d <= 7:
			return "due-soon"
		}
		return "due-later"
	},
	"quadName": quadName,
	"label": func(code string) string {
		if c, ok := cameo.Lookup(code); ok {
			return c.Label
		}
		return ""
	},
	"actor": func(v any) string {
		switch a := v.(type) {
		case *record.Actor:
			return actorName(a)
		case record.Actor:
			return actorName(&a)
		}
		return "—"
	},
	"signed": func(v float64) string { return fmt.Sprintf("%+.1f", v) },
	"pct":    func(v float64) string { return fmt.Sprintf("%+.2f%%", 100*v) },
	"num":    func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"pval": func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.3f", v)
	},
	"stars": func(p float64) string {
		switch {
		case p < 0.01:
			return "***"
		case p < 0.05:
			return "**"
		case p < 0.1:
			return "*"
		}
		return ""
	},
	"day":            func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
	"when":           func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"join":           strings.Join,
	"withParam":      withParam,
	"dict":           dict,
	"has":            func(xs []string, v string) bool { return slices.Contains(xs, v) },
	"list":           func(v ...string) []string { return v },
	"add":            func(a, b int) int { return a + b },
	"snippet":        snippetSegments,
	"dashboardWeeks": func() int { return dashboardWeeks },
	"alertHref":      alertHref,
	"pct100":         func(v float64) float64 { return 100 * v },
	"position":       doc.PositionLabel,
}

// withParam returns the query q with key set to val, as "?…" for a link.
func withParam(q url.Values, key, val string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	if val == "" {
		c.Del(key)
	} else {
		c.Set(key, val)
	}
	return "?" + c.Encode()
}

func daysUntil(due string, now time.Time) (int, bool) {
	if len(due) > 10 {
		due = due[:10]
	}
	d, err := time.Parse(time.DateOnly, due)
	if err != nil {
		// a month or a year: its first day
		for _, l := range []string{"2006-01", "2006"} {
			if d, err = time.Parse(l, due); err == nil {
				break
			}
		}
		if err != nil {
			return 0, false
		}
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return int(math.Round(d.Sub(today).Hours() / 24)), true
}

// countdown says how far a due date is from now, in days.
func countdown(due string, now time.Time) string {
	d, ok := daysUntil(due, now)
	switch {
	case !ok:
		return ""
	case d == 0:
		return "today"
	case d == 1:
		return "tomorrow"
	case d == -1:
		return "yesterday"
	case d > 0:
		return fmt.Sprintf("in %d days", d)
	}
	return fmt.Sprintf("%d days ago", -d)
}

func quadName(q int) string {
	switch q {
	case 1:
		return "verbal cooperation"
	case 2:
		return "material cooperation"
	case 3:
		return "verbal conflict"
	case 4:
		return "material conflict"
	}
	return ""
}

func actorName(a *record.Actor) string {
	if a == nil {
		return "—"
	}
	for _, s := range []string{a.Name, a.Text, a.Code, a.Country} {
		if s != "" {
			return s
		}
	}
	return "—"
}

// dict builds a map from key, value pairs, to hand several values to a
// sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
