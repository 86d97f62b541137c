package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// params reads a request's query parameters, keeping the first error: an
// unknown parameter or a malformed value is a 400 naming it.
type params struct {
	q   url.Values
	err error
}

// newParams checks that q holds only the known parameters.
func newParams(q url.Values, known ...string) *params {
	p := &params{q: q}
	for k := range q {
		if !slices.Contains(known, k) {
			sorted := slices.Sorted(slices.Values(known))
			p.fail("unknown parameter %q (this endpoint takes: %s)", k, strings.Join(sorted, ", "))
			break
		}
	}
	return p
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = badf(fmt.Sprintf(format, args...))
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

// date is an ISO day, or "" when absent.
func (p *params) date(name string) string {
	v := p.str(name)
	if v == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		p.fail("%s=%q: want a date as YYYY-MM-DD", name, v)
		return ""
	}
	return v
}

// country is an upper-case country, region or IGO code.
func (p *params) country(name string) string {
	v := strings.ToUpper(p.str(name))
	if v == "" {
		return ""
	}
	if len(v) < 2 || len(v) > 12 || strings.IndexFunc(v, func(r rune) bool { return (r < 'A' || r > 'Z') && (r < '0' || r > '9') }) >= 0 {
		p.fail("%s=%q: want a country or actor code such as RUS", name, v)
		return ""
	}
	return v
}

// root is a two-digit CAMEO root.
func (p *params) root(name string) string {
	v := p.str(name)
	if v == "" {
		return ""
	}
	if len(v) != 2 || v[0] < '0' || v[0] > '2' || v[1] < '0' || v[1] > '9' {
		p.fail("%s=%q: want a two-digit CAMEO root such as 04", name, v)
		return ""
	}
	return v
}

// intIn is an integer in [lo, hi], def when absent.
func (p *params) intIn(name string, def, lo, hi int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail("%s=%q: want a whole number from %d to %d", name, v, lo, hi)
		return def
	}
	return n
}

// boolean is true for 1/true/yes, false for 0/false/no or absent.
func (p *params) boolean(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "0", "false", "no":
		return false
	case "1", "true", "yes":
		return true
	}
	p.fail("%s=%q: want true or false", name, p.str(name))
	return false
}

// oneOf is a value from a fixed set, or "".
func (p *params) oneOf(name string, allowed ...string) string {
	v := strings.ToLower(p.str(name))
	if v != "" && !slices.Contains(allowed, v) {
		p.fail("%s=%q: want one of %s", name, v, strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// maxPage is the most rows one page holds; paging has no depth limit.
const maxPage = 1000

func (p *params) limit() int { return p.intIn("limit", 100, 1, maxPage) }

// list is the envelope of every list the API returns.
type list[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor of the next page, absent on the last.
	Next string `json:"next_cursor,omitempty"`
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Next: next}
}

// float is a number in [lo, hi], def when absent.
func (p *params) float(name string, def, lo, hi float64) float64 {
	v := p.str(name)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= lo && f <= hi) {
		p.fail("%s=%q: want a number from %g to %g", name, v, lo, hi)
		return def
	}
	return f
}
