package watch

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Webhook headers.
const (
	HeaderSignature   = "X-Sitrep-Signature" // t=UNIX,v1=HEX(HMAC-SHA256(secret, "UNIX.BODY"))
	HeaderIdempotency = "Idempotency-Key"    // the notice's key, the same on every attempt
	HeaderEvent       = "X-Sitrep-Event"     // firing | resolved
)

// Payload is the JSON body a webhook receives.
type Payload struct {
	Key         string            `json:"key"`
	Status      string            `json:"status"`
	Rule        string            `json:"rule"`
	Fingerprint string            `json:"fingerprint"`
	Cause       string            `json:"cause"`
	At          time.Time         `json:"at"`
	Title       string            `json:"title"`
	Summary     string            `json:"summary"`
	Links       []store.AlertLink `json:"links"`
	Detail      json.RawMessage   `json:"detail,omitempty"`
}

// PayloadOf is the body sent for a notice.
func PayloadOf(n store.Notice) Payload {
	links := n.Links
	if links == nil {
		links = []store.AlertLink{}
	}
	return Payload{Key: n.Key, Status: n.Status, Rule: n.Rule, Fingerprint: n.Fingerprint, Cause: n.Cause,
		At: n.At.UTC(), Title: n.Title, Summary: n.Summary, Links: links, Detail: n.Detail}
}

// Sign returns the signature header value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header against body, refusing one older than
// maxAge at now (zero maxAge: any age). Receivers in Go can use it as is.
func Verify(secret, header string, body []byte, now time.Time, maxAge time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("signature header is not t=UNIX,v1=HEX")
	}
	if maxAge > 0 && now.Sub(time.Unix(sec, 0)) > maxAge {
		return fmt.Errorf("signature is older than %s", maxAge)
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return errors.New("signature does not match")
	}
	return nil
}

// Backoff says when a failed delivery is tried again: Base, doubled after
// each failure up to Max, for at most Attempts attempts in all.
type Backoff struct {
	Base     time.Duration // default 30s
	Max      time.Duration // default 6h
	Attempts int           // default 20
}

func (b Backoff) resolved() Backoff {
	if b.Base <= 0 {
		b.Base = 30 * time.Second
	}
	if b.Max <= 0 {
		b.Max = 6 * time.Hour
	}
	if b.Attempts <= 0 {
		b.Attempts = 20
	}
	return b
}

// After is the wait after the n-th failed attempt (n from 1).
func (b Backoff) After(n int) time.Duration {
	b = b.resolved()
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// DeliverOptions configure a Deliverer.
type DeliverOptions struct {
	Store   store.Store // must implement store.WatchStore
	Logger  *slog.Logger
	Clock   func() time.Time // default time.Now
	Backoff Backoff
	Timeout time.Duration // per request; default 15s
	// Guard is the dial-time address check for sinks that do not allow
	// private addresses (source.GuardDial); nil checks nothing.
	Guard     func(network, address string, c syscall.RawConn) error
	UserAgent string
}

// Deliverer sends the outbox's due notices to their webhooks.
type Deliverer struct {
	opt             DeliverOptions
	ws              store.WatchStore
	guarded, direct *http.Client
}

// NewDeliverer builds a Deliverer.
func NewDeliverer(opt DeliverOptions) (*Deliverer, error) {
	ws, ok := opt.Store.(store.WatchStore)
	if !ok || opt.Store == nil {
		return nil, errors.New("watch: the store keeps no watch state")
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "sitrep-watch (+https://github.com/sitrep/sitrep)"
	}
	opt.Backoff = opt.Backoff.resolved()
	client := func(control func(string, string, syscall.RawConn) error) *http.Client {
		dialer := &net.Dialer{Timeout: 10 * time.Second, Control: control}
		return &http.Client{Timeout: opt.Timeout, Transport: &http.Transport{
			Proxy: nil, DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second,
			ResponseHeaderTimeout: opt.Timeout, MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second,
		}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return &Deliverer{opt: opt, ws: ws, guarded: client(opt.Guard), direct: client(nil)}, nil
}

// DeliverStats counts one round's outcomes.
type DeliverStats struct {
	Delivered, Failed, GaveUp int
}

// DeliverDue makes one attempt at every outbox row due now.
func (d *Deliverer) DeliverDue(ctx context.Context) (DeliverStats, error) {
	var st DeliverStats
	due, err := d.ws.DueDeliveries(ctx, d.opt.Clock(), 500)
	if err != nil {
		return st, err
	}
	for _, dl := range due {
		if ctx.Err() != nil {
			return st, ctx.Err()
		}
		err := d.send(ctx, dl)
		now := d.opt.Clock()
		r := store.DeliveryResult{ID: dl.ID, Attempts: dl.Attempts + 1, NextAt: now}
		switch {
		case err == nil:
			r.Delivered = now
			st.Delivered++
			d.opt.Logger.Info("watch: delivered", "sink", dl.Sink.Name, "key", dl.Notice.Key)
		default:
			r.Error = err.Error()
			var pe permanentError
			if errors.As(err, &pe) || r.Attempts >= d.opt.Backoff.Attempts {
				r.Dead = true
				st.GaveUp++
				d.opt.Logger.Error("watch: delivery given up", "sink", dl.Sink.Name, "key", dl.Notice.Key, "attempts", r.Attempts, "err", err)
			} else {
				r.NextAt = now.Add(d.opt.Backoff.After(r.Attempts))
				st.Failed++
				d.opt.Logger.Warn("watch: delivery failed; will retry", "sink", dl.Sink.Name, "key", dl.Notice.Key, "attempts", r.Attempts, "retry_at", r.NextAt, "err", err)
			}
		}
		if err := d.ws.FinishDelivery(ctx, r); err != nil {
			return st, err
		}
	}
	return st, nil
}

// DeliverFor delivers what is due, and what falls due as failures back
// off, until nothing is left or wait has passed.
func (d *Deliverer) DeliverFor(ctx context.Context, wait time.Duration) (DeliverStats, error) {
	var total DeliverStats
	deadline := d.opt.Clock().Add(wait)
	for {
		st, err := d.DeliverDue(ctx)
		total.Delivered += st.Delivered
		total.GaveUp += st.GaveUp
		total.Failed += st.Failed
		if err != nil {
			return total, err
		}
		left, err := d.ws.PendingDeliveries(ctx)
		if err != nil || left == 0 || !d.opt.Clock().Before(deadline) {
			return total, err
		}
		pause := min(d.opt.Backoff.Base, deadline.Sub(d.opt.Clock()))
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(max(pause, time.Millisecond)):
		}
	}
}

// permanentError is a failure retrying cannot mend (a 4xx answer).
type permanentError struct{ error }

func (d *Deliverer) send(ctx context.Context, dl store.Delivery) error {
	u, err := url.Parse(dl.Sink.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return permanentError{fmt.Errorf("sink %s: %q is not an http(s) URL", dl.Sink.Name, dl.Sink.URL)}
	}
	body, err := json.Marshal(PayloadOf(dl.Notice))
	if err != nil {
		return permanentError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return permanentError{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", d.opt.UserAgent)
	req.Header.Set(HeaderIdempotency, dl.Notice.Key)
	req.Header.Set(HeaderEvent, dl.Notice.Status)
	if dl.Sink.Secret != "" {
		req.Header.Set(HeaderSignature, Sign(dl.Sink.Secret, d.opt.Clock(), body))
	}
	c := d.guarded
	if dl.Sink.AllowPrivate {
		c = d.direct
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("sink %s: POST %s: %w", dl.Sink.Name, u.Redacted(), err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("sink %s: POST %s: HTTP %s", dl.Sink.Name, u.Redacted(), resp.Status)
	}
	return permanentError{fmt.Errorf("sink %s: POST %s: HTTP %s (not retried)", dl.Sink.Name, u.Redacted(), resp.Status)}
}
