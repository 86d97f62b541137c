package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var (
	bombOnce  sync.Once
	bombBytes []byte
)

// hostile is a server that misbehaves in every way a fetcher must survive.
func hostile(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Seen-UA", r.UserAgent())
		fmt.Fprint(w, "fine")
	})
	mux.HandleFunc("GET /ua", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.UserAgent()) })
	mux.HandleFunc("GET /drip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	mux.HandleFunc("GET /endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<item>x</item>"), 4096)
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	// Gzip bombs: 64 KiB on the wire that expand to 64 MiB, declared as
	// Content-Encoding or sent as a bare .gz body; and an endless one.
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 64; i++ {
			zw.Write(zeros)
		}
		zw.Close()
		bombBytes = b.Bytes()
	})
	bomb := func(declared bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if declared {
				w.Header().Set("Content-Encoding", "gzip")
			}
			w.Write(bombBytes)
		}
	}
	mux.HandleFunc("GET /bomb", bomb(true))
	mux.HandleFunc("GET /bomb-raw", bomb(false))
	mux.HandleFunc("GET /bomb-stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zeros := make([]byte, 1<<20)
		for r.Context().Err() == nil {
			if _, err := zw.Write(zeros); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("GET /gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "want gzip", 400)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, "<rss><channel><title>zipped</title></channel></rss>")
		zw.Close()
	})
	mux.HandleFunc("GET /loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("GET /loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		http.Redirect(w, r, "/chain/"+strconv.Itoa(n+1), http.StatusFound)
	})
	mux.HandleFunc("GET /to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
	})
	mux.HandleFunc("GET /status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.PathValue("code"))
		if ra := r.URL.Query().Get("retry"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		http.Error(w, http.StatusText(code), code)
	})
	mux.HandleFunc("GET /cond", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v7"`)
		w.Header().Set("Last-Modified", "Sat, 10 Jan 2026 11:00:00 GMT")
		w.Header().Set("Cache-Control", "public, max-age=7200")
		if r.Header.Get("If-None-Match") == `"v7"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<rss/>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// publicFetcher treats only the test server's own address as the public
// internet; every other address goes through the real check.
func publicFetcher(srv *httptest.Server, opt FetchOptions) *Fetcher {
	self := srv.Listener.Addr().String()
	return newFetcher(opt, func(network, address string, c syscall.RawConn) error {
		if address == self {
			return nil
		}
		return dialControl(network, address, c)
	})
}

func TestAddressKinds(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "127.8.9.1": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
		"10.1.2.3": "private", "172.16.5.4": "private", "192.168.1.1": "private", "fd00::1": "private",
		"169.254.169.254": "link-local", "fe80::1": "link-local", "0.0.0.0": "unspecified", "::": "unspecified",
		"100.64.0.1": "reserved", "239.1.2.3": "multicast", "224.0.0.251": "link-local", "255.255.255.255": "reserved", "64:ff9b::a00:1": "reserved",
		"93.184.216.34": "", "8.8.8.8": "", "2606:4700::1111": "",
	} {
		if got := addressKind(netip.MustParseAddr(addr)); got != want {
			t.Errorf("addressKind(%s) = %q, want %q", addr, got, want)
		}
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	srv := hostile(t)
	ctx := context.Background()
	// Without --allow-private even the test server (127.0.0.1) is refused.
	f := NewFetcher(FetchOptions{Timeout: 2 * time.Second})
	for _, u := range []string{srv.URL + "/ok", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://0.0.0.0:" + portOf(srv) + "/ok"} {
		_, err := f.Fetch(ctx, Request{URL: u})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("fetch %s: %v, want a refusal", u, err)
		}
	}
	// localhost is refused after DNS resolution says where it leads.
	if _, err := f.Fetch(ctx, Request{URL: "http://localhost:" + portOf(srv) + "/ok"}); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("localhost: %v, want a refusal", err)
	} else if !strings.Contains(err.Error(), "--allow-private") {
		t.Errorf("the refusal does not say how to allow it: %v", err)
	}
	// With it, the same request goes through.
	allowed := NewFetcher(FetchOptions{AllowPrivate: true, Timeout: 2 * time.Second})
	if resp, err := allowed.Fetch(ctx, Request{URL: srv.URL + "/ok"}); err != nil || string(resp.Body) != "fine" {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

func TestRedirectsToPrivateAddressesRefused(t *testing.T) {
	srv := hostile(t)
	f := publicFetcher(srv, FetchOptions{Timeout: 2 * time.Second})
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/ok"}); err != nil {
		t.Fatalf("the public test server: %v", err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "secret") }))
	defer other.Close()
	for _, target := range []string{
		other.URL + "/", // 127.0.0.1, another port
		"http://localhost:" + portOf(other) + "/",          // a name that resolves to loopback
		"http://10.20.30.40/admin",                         // private
		"http://169.254.169.254/latest/meta-data/iam/",     // the cloud metadata service
		"http://[::ffff:127.0.0.1]:" + portOf(other) + "/", // IPv4-mapped loopback
		"http://192.168.0.1/", "http://[fe80::1%25lo]:80/", // private, link-local v6
	} {
		resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/to?u=" + url.QueryEscape(target)})
		if !errors.Is(err, ErrPrivateAddress) {
			body := ""
			if resp != nil {
				body = string(resp.Body)
			}
			t.Errorf("redirect to %s: err %v body %q, want a refusal", target, err, body)
		}
	}
}

func portOf(srv *httptest.Server) string {
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return port
}

func TestHostileResponses(t *testing.T) {
	srv := hostile(t)
	f := NewFetcher(FetchOptions{AllowPrivate: true, Timeout: 10 * time.Second, MaxBytes: 1 << 20, MaxRedirects: 5})
	quick := NewFetcher(FetchOptions{AllowPrivate: true, Timeout: 600 * time.Millisecond})
	ctx := context.Background()
	cases := []struct {
		path  string
		check func(error) bool
		what  string
	}{
		{"/drip", func(err error) bool {
			return errors.Is(err, context.DeadlineExceeded) && strings.Contains(err.Error(), "timed out")
		}, "a timeout"},
		{"/endless", func(err error) bool { return errors.Is(err, ErrTooLarge) }, "too large"},
		{"/bomb", func(err error) bool { return errors.Is(err, ErrTooLarge) }, "too large"},
		{"/bomb-raw", func(err error) bool { return errors.Is(err, ErrTooLarge) }, "too large"},
		{"/bomb-stream", func(err error) bool { return errors.Is(err, ErrTooLarge) }, "too large"},
		{"/loop/a", func(err error) bool { return errors.Is(err, ErrRedirectLoop) }, "a redirect loop"},
		{"/chain/0", func(err error) bool { return errors.Is(err, ErrTooManyRedirects) }, "too many redirects"},
		{"/status/500", func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.Status == 500 && he.Temporary() && err.Error() == "HTTP 500 Internal Server Error"
		}, "HTTP 500"},
		{"/status/404", func(err error) bool { var he *HTTPError; return errors.As(err, &he) && !he.Temporary() }, "a lasting 404"},
		{"/status/429?retry=120", func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.Status == 429 && he.RetryAfter == 2*time.Minute
		}, "429 with a 2m Retry-After"},
		{"/status/503?retry=" + strings.ReplaceAll(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), " ", "%20"), func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.RetryAfter > 59*time.Minute && he.RetryAfter <= time.Hour
		}, "503 with a dated Retry-After"},
	}
	for _, c := range cases {
		start := time.Now()
		fetcher := f
		if c.path == "/drip" {
			fetcher = quick
		}
		_, err := fetcher.Fetch(ctx, Request{URL: srv.URL + c.path})
		if !c.check(err) {
			t.Errorf("%s: got %v, want %s", c.path, err, c.what)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s took %s", c.path, d)
		}
	}
	resp, err := f.Fetch(ctx, Request{URL: srv.URL + "/gzip"})
	if err != nil || !strings.Contains(string(resp.Body), "zipped") {
		t.Errorf("gzip body: %v %+v", err, resp)
	}
	ua, err := f.Fetch(ctx, Request{URL: srv.URL + "/ua"})
	if err != nil || !strings.HasPrefix(string(ua.Body), "sitrep") {
		t.Errorf("User-Agent = %q, %v", ua.Body, err)
	}
}

func TestConditionalGet(t *testing.T) {
	srv := hostile(t)
	f := NewFetcher(FetchOptions{AllowPrivate: true})
	ctx := context.Background()
	first, err := f.Fetch(ctx, Request{URL: srv.URL + "/cond"})
	if err != nil || first.NotModified || first.ETag != `"v7"` || first.LastModified == "" || first.MaxAge != 2*time.Hour {
		t.Fatalf("first fetch: %+v %v", first, err)
	}
	second, err := f.Fetch(ctx, Request{URL: srv.URL + "/cond", ETag: first.ETag, LastModified: first.LastModified})
	if err != nil || !second.NotModified || len(second.Body) != 0 || second.ETag != `"v7"` {
		t.Fatalf("conditional fetch: %+v %v", second, err)
	}
}

func TestConcurrencyLimits(t *testing.T) {
	var mu sync.Mutex
	now, peak := map[string]int{}, map[string]int{}
	var total, totalPeak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		mu.Lock()
		now[host]++
		peak[host] = max(peak[host], now[host])
		mu.Unlock()
		n := total.Add(1)
		for {
			p := totalPeak.Load()
			if n <= p || totalPeak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		total.Add(-1)
		mu.Lock()
		now[host]--
		mu.Unlock()
	}))
	defer srv.Close()
	f := NewFetcher(FetchOptions{AllowPrivate: true, PerHost: 2, Workers: 3})
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		host := "127.0.0.1"
		if i%2 == 1 {
			host = "localhost"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Fetch(context.Background(), Request{URL: "http://" + host + ":" + portOf(srv) + "/"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for host, p := range peak {
		if p > 2 {
			t.Errorf("%s saw %d requests at once, limit 2", host, p)
		}
	}
	if p := totalPeak.Load(); p > 3 || p < 2 {
		t.Errorf("%d requests at once in all, limit 3", p)
	}
}

func TestBackoff(t *testing.T) {
	iv := 15 * time.Minute
	for _, c := range []struct {
		errors int
		retry  time.Duration
		want   time.Duration
	}{
		{1, 0, 15 * time.Minute}, {2, 0, 30 * time.Minute}, {3, 0, time.Hour}, {7, 0, 16 * time.Hour},
		{8, 0, 24 * time.Hour}, {40, 0, 24 * time.Hour}, {1, 2 * time.Hour, 2 * time.Hour}, {1, 72 * time.Hour, 24 * time.Hour},
	} {
		if got := Backoff(iv, c.errors, c.retry); got != c.want {
			t.Errorf("Backoff(15m, %d, %s) = %s, want %s", c.errors, c.retry, got, c.want)
		}
	}
	if got := Backoff(0, 1, 0); got != DefaultInterval {
		t.Errorf("no interval: %s", got)
	}
}

func TestCacheHeaders(t *testing.T) {
	for cc, want := range map[string]time.Duration{"max-age=300": 5 * time.Minute, "public, max-age=3600, must-revalidate": time.Hour,
		"no-cache": 0, "max-age=bogus": 0, "s-maxage=10": 0, `max-age="60"`: time.Minute} {
		if got := maxAge(cc); got != want {
			t.Errorf("maxAge(%q) = %s, want %s", cc, got, want)
		}
	}
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"120": 2 * time.Minute, "Sat, 10 Jan 2026 13:00:00 GMT": time.Hour,
		"Sat, 10 Jan 2026 11:00:00 GMT": 0, "soon": 0, "-5": 0} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}
