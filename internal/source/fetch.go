package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultUserAgent names sitrep to the sites it fetches from.
const DefaultUserAgent = "sitrep (+https://github.com/sitrep/sitrep)"

// FetchOptions configure a Fetcher; zero values take the defaults noted.
type FetchOptions struct {
	UserAgent     string        // DefaultUserAgent
	AllowPrivate  bool          // allow loopback, private and link-local addresses (tests, intranets)
	MaxBytes      int64         // largest response body, after decompression: 16 MiB
	Timeout       time.Duration // whole request, body included: 60s
	DialTimeout   time.Duration // 10s
	TLSTimeout    time.Duration // 10s
	HeaderTimeout time.Duration // from request sent to response headers: 30s
	MaxRedirects  int           // 10
	PerHost       int           // requests at once to one host: 2
	Workers       int           // requests at once in all: 16
	Now           func() time.Time

	// dial, set only by tests, replaces the network: it lets a local test
	// server answer for any host name.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	tls  *tls.Config
}

func (o *FetchOptions) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	def(&o.Timeout, 60*time.Second)
	def(&o.DialTimeout, 10*time.Second)
	def(&o.TLSTimeout, 10*time.Second)
	def(&o.HeaderTimeout, 30*time.Second)
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 10
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Fetcher is the one HTTP client for feeds and pages. It is polite (a
// User-Agent, conditional requests, a cap on requests at once per host and
// in all) and safe (timeouts, a size cap that also bounds decompression,
// a redirect cap, and no connection to a non-public address unless
// allowed).
type Fetcher struct {
	opt    FetchOptions
	client *http.Client
	global chan struct{}
	mu     sync.Mutex
	hosts  map[string]chan struct{}
}

// NewFetcher builds a Fetcher.
func NewFetcher(opt FetchOptions) *Fetcher {
	var control func(network, address string, c syscall.RawConn) error
	if !opt.AllowPrivate {
		control = dialControl
	}
	return newFetcher(opt, control)
}

// newFetcher takes the dial-time address check as a parameter, so tests
// can treat their local server as the public internet.
func newFetcher(opt FetchOptions, control func(network, address string, c syscall.RawConn) error) *Fetcher {
	opt.defaults()
	dialer := &net.Dialer{Timeout: opt.DialTimeout, KeepAlive: 30 * time.Second, Control: control}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would connect on our behalf, past the address check
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opt.TLSTimeout,
		ResponseHeaderTimeout: opt.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true, // gzip is asked for and decoded here, under the size cap
		MaxIdleConns:          4 * opt.Workers,
		MaxIdleConnsPerHost:   opt.PerHost,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	if opt.dial != nil {
		tr.DialContext, tr.TLSClientConfig = opt.dial, opt.tls
	}
	f := &Fetcher{opt: opt, global: make(chan struct{}, opt.Workers), hosts: map[string]chan struct{}{}}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f
}

// Close drops idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// ErrTooManyRedirects and ErrRedirectLoop end a request whose redirects
// go on too long or come back to a URL already visited.
var (
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrRedirectLoop     = errors.New("redirect loop")
	ErrTooLarge         = errors.New("response too large")
)

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: only http and https are followed", req.URL.Redacted())
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: %s comes back to %s", ErrRedirectLoop, via[len(via)-1].URL.Redacted(), req.URL.Redacted())
		}
	}
	if len(via) >= f.opt.MaxRedirects {
		return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, len(via))
	}
	return nil
}

// Request is one fetch. ETag and LastModified, when set, make it
// conditional.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string
	// Reject, when set, is asked about the response's content type before
	// the body is read; an error ends the fetch.
	Reject func(contentType string) error
}

// Response is a successful fetch (2xx or 304).
type Response struct {
	URL          string // after redirects
	Status       int
	NotModified  bool // 304: the caller's copy is current; Body is empty
	Body         []byte
	ContentType  string
	Charset      string // the charset parameter of Content-Type, lower-cased
	ETag         string
	LastModified string
	MaxAge       time.Duration // Cache-Control max-age; 0 when absent
}

// HTTPError is a response that was neither a success nor a 304.
type HTTPError struct {
	URL        string
	Status     int
	Text       string        // e.g. "503 Service Unavailable"
	RetryAfter time.Duration // from Retry-After; 0 when absent
}

func (e *HTTPError) Error() string {
	s := "HTTP " + e.Text
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter.Round(time.Second))
	}
	return s
}

// Temporary reports whether trying again later may succeed.
func (e *HTTPError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout || e.Status >= 500
}

// Fetch performs one GET under the per-host and global limits.
func (f *Fetcher) Fetch(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", r.URL)
	}
	release, err := f.acquire(ctx, strings.ToLower(u.Host))
	if err != nil {
		return nil, err
	}
	defer release()

	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip")
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, cleanFetchErr(err, f.opt.Timeout)
	}
	defer resp.Body.Close()

	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		MaxAge: maxAge(resp.Header.Get("Cache-Control"))}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = r.ETag
		}
		if out.LastModified == "" {
			out.LastModified = r.LastModified
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil, &HTTPError{URL: out.URL, Status: resp.StatusCode, Text: resp.Status,
			RetryAfter: retryAfter(resp.Header.Get("Retry-After"), f.opt.Now())}
	}
	out.ContentType = resp.Header.Get("Content-Type")
	if mt, params, err := mime.ParseMediaType(out.ContentType); err == nil {
		out.ContentType, out.Charset = mt, strings.ToLower(params["charset"])
	} else if mt, _, _ := strings.Cut(out.ContentType, ";"); mt != "" {
		out.ContentType = strings.ToLower(strings.TrimSpace(mt))
	}
	if r.Reject != nil {
		if err := r.Reject(out.ContentType); err != nil {
			return nil, err
		}
	}
	out.Body, err = readBody(resp, f.opt.MaxBytes)
	if err != nil {
		return nil, cleanFetchErr(err, f.opt.Timeout)
	}
	return out, nil
}

// acquire waits for a slot on the host, then a global one: a request
// waiting for a busy host holds no global slot meanwhile.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	h, ok := f.hosts[host]
	if !ok {
		h = make(chan struct{}, f.opt.PerHost)
		f.hosts[host] = h
	}
	f.mu.Unlock()
	select {
	case h <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		<-h
		return nil, ctx.Err()
	}
	return func() { <-f.global; <-h }, nil
}

// readBody reads at most max bytes of the body, decompressing gzip
// (declared, or recognised by its magic bytes) under the same cap, so a
// small compressed bomb cannot expand into memory.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	body := io.LimitReader(resp.Body, max+1)
	var r io.Reader = body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		r = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, max)
	}
	return gunzipIfCompressed(data, max)
}

// gunzipIfCompressed expands data that is itself a gzip file (a feed
// served as .xml.gz without Content-Encoding), under the cap.
func gunzipIfCompressed(data []byte, max int64) ([]byte, error) {
	if len(data) < 3 || data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("%w: over %d bytes decompressed", ErrTooLarge, max)
	}
	return out, nil
}

// cleanFetchErr turns transport errors into sentences: the url.Error
// wrapper repeats the URL the caller already names.
func cleanFetchErr(err error, timeout time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s: %w", timeout, err)
	}
	return err
}

// maxAge reads max-age from a Cache-Control header.
func maxAge(cc string) time.Duration {
	for _, part := range strings.Split(cc, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "max-age") {
			continue
		}
		n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(v), `"`), 10, 64)
		if err != nil || n <= 0 {
			return 0
		}
		return time.Duration(min(n, int64(365*24*3600))) * time.Second
	}
	return 0
}

// retryAfter reads Retry-After: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, int64(365*24*3600))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
