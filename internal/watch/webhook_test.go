package watch_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/watch"
)

// receiver is a webhook endpoint that fails its first failures requests
// and remembers what it accepted by idempotency key.
type receiver struct {
	mu       sync.Mutex
	failures int
	calls    int
	accepted map[string]int
	bad      []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	if err := watch.Verify("s3cret", r.Header.Get(watch.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
		rc.bad = append(rc.bad, err.Error())
	}
	var p watch.Payload
	if err := json.Unmarshal(body, &p); err != nil || p.Key != r.Header.Get(watch.HeaderIdempotency) || p.Status != r.Header.Get(watch.HeaderEvent) {
		rc.bad = append(rc.bad, "payload and headers disagree: "+string(body))
	}
	if rc.failures > 0 {
		rc.failures--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	rc.accepted[p.Key]++
	w.WriteHeader(http.StatusAccepted)
}

// A receiver that fails twice still gets every notice, each exactly once
// by idempotency key, across a restart between evaluation and delivery.
func TestWebhookAtLeastOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc := &receiver{failures: 2, accepted: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	st := openDB(t, f.path)
	if err := st.(store.WatchStore).PutWatchSink(ctx, store.WatchSink{Name: "ops", Kind: "webhook", URL: srv.URL + "/hook", Secret: "s3cret", AllowPrivate: true}); err != nil {
		t.Fatal(err)
	}
	e := evaluator(t, st)
	var sent []store.Notice
	for _, now := range []string{"2025-08-16T09:00:00Z", "2025-08-17T10:00:00Z"} {
		res, err := e.EvaluateOnce(ctx, at(now))
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, res.Notices...)
	}
	// The process stops before delivering; a new one finds the outbox.
	st.Close()
	st = openDB(t, f.path)
	defer st.Close()
	d, err := watch.NewDeliverer(watch.DeliverOptions{Store: st, Backoff: watch.Backoff{Base: 5 * time.Millisecond}, Guard: source.GuardDial})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := d.DeliverFor(ctx, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// Evaluating again and delivering again sends nothing new.
	if res, err := evaluator(t, st).EvaluateOnce(ctx, at("2025-08-17T11:00:00Z")); err != nil || len(res.Notices) != 0 {
		t.Fatalf("re-evaluation: %v %v", res, err)
	}
	if again, err := d.DeliverFor(ctx, time.Second); err != nil || again.Delivered != 0 {
		t.Fatalf("second delivery round: %+v %v", again, err)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.bad) > 0 {
		t.Fatalf("bad requests: %q", rc.bad)
	}
	if len(sent) != 4 || len(rc.accepted) != len(sent) || stats.Delivered != len(sent) || stats.Failed != 2 {
		t.Fatalf("sent %d notices; receiver accepted %v after %d calls; stats %+v", len(sent), rc.accepted, rc.calls, stats)
	}
	for _, n := range sent {
		if rc.accepted[n.Key] != 1 {
			t.Errorf("notice %s accepted %d times", n.Key, rc.accepted[n.Key])
		}
	}
	if pend, _ := st.(store.WatchStore).PendingDeliveries(ctx); pend != 0 {
		t.Errorf("%d deliveries still pending", pend)
	}
}

// Without allow-private, the network guard refuses a loopback receiver,
// and the refusal names the reason.
func TestWebhookGuard(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("the guard let a request through") }))
	defer srv.Close()
	st := openDB(t, f.path)
	defer st.Close()
	st.(store.WatchStore).PutWatchSink(ctx, store.WatchSink{Name: "local", Kind: "webhook", URL: srv.URL})
	if _, err := evaluator(t, st).EvaluateOnce(ctx, at("2025-08-16T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	d, _ := watch.NewDeliverer(watch.DeliverOptions{Store: st, Guard: source.GuardDial})
	stats, err := d.DeliverDue(ctx)
	if err != nil || stats.Delivered != 0 || stats.Failed == 0 {
		t.Fatalf("guarded delivery: %+v %v", stats, err)
	}
	due, _ := st.(store.WatchStore).DueDeliveries(ctx, time.Now().Add(time.Hour), 10)
	if len(due) == 0 {
		t.Fatal("a refused delivery left the outbox")
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`{"key":"k"}`)
	now := time.Unix(1755334800, 0)
	h := watch.Sign("secret", now, body)
	if err := watch.Verify("secret", h, body, now, time.Minute); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ secret, header, body string }{
		{"other", h, string(body)}, {"secret", h, `{"key":"x"}`}, {"secret", strings.Replace(h, "t=1755334800", "t=1755334801", 1), string(body)}, {"secret", "garbage", string(body)},
	} {
		if watch.Verify(c.secret, c.header, []byte(c.body), now, time.Minute) == nil {
			t.Errorf("Verify(%q, %q, %q) passed", c.secret, c.header, c.body)
		}
	}
	if watch.Verify("secret", h, body, now.Add(time.Hour), time.Minute) == nil {
		t.Error("an old signature passed")
	}
}
