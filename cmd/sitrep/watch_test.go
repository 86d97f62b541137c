package main_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestWatchCommands(t *testing.T) {
	dir := t.TempDir()
	if r := sitrep(t, nil, "", "demo", "--dir", dir); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	db := filepath.Join(dir, "sitrep.db")
	w := func(args ...string) result { return sitrep(t, nil, "", append([]string{"--db", db}, args...)...) }

	if r := w("watch", "add", "treaty", "--rule", "deadline due within 200d involving USA,RUS", "--for", "1h"); r.code != 0 || !strings.Contains(r.stdout, "for 1h") {
		t.Fatalf("watch add: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := w("watch", "add", "alaska", "--rule", "event dyad USA-RUS root 04 within 30d"); r.code != 0 {
		t.Fatalf("watch add: %s", r.stderr)
	}
	for _, bad := range [][]string{{"watch", "add", "x", "--rule", "event foo"}, {"watch", "add", "bad name", "--rule", "claim denial"}, {"watch", "add", "x"}, {"watch", "test"}, {"watch", "run", "--now", "2025-08-20"}} {
		if r := w(bad...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d %q", bad, r.code, r.stderr)
		}
	}
	if r := w("watch", "test", "nope"); r.code != 1 || !strings.Contains(r.stderr, "no rule named nope") {
		t.Errorf("test unknown: %d %q", r.code, r.stderr)
	}
	r := w("watch", "test", "alaska", "--now", "2025-08-20")
	if r.code != 0 || !strings.Contains(r.stdout, "FIRING") || !strings.Contains(r.stdout, "Anchorage") {
		t.Fatalf("watch test: %q %s", r.stdout, r.stderr)
	}
	if r := w("alerts", "--json"); r.code != 0 || r.stdout != "" {
		t.Fatalf("watch test stored alerts: %q", r.stdout)
	}

	// A webhook that fails once; the notices arrive each once.
	var mu sync.Mutex
	got := map[string]int{}
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		io.ReadAll(req.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			rw.WriteHeader(http.StatusBadGateway)
			return
		}
		got[req.Header.Get("Idempotency-Key")]++
	}))
	defer srv.Close()
	if r := w("watch", "sink", "add", "local", srv.URL, "--secret", "s"); r.code != 0 {
		t.Fatalf("sink add: %s", r.stderr)
	}
	if r := w("watch", "sink", "add", "nope", "ftp://x"); r.code != 2 {
		t.Errorf("sink with an ftp URL: exit %d", r.code)
	}
	// Without --allow-private the guard refuses the local receiver.
	r = w("watch", "run", "--once", "--now", "2025-08-20T09:00:00Z", "--deliver-wait", "1s")
	if r.code != 0 || !strings.Contains(r.stdout, "FIRING   [alaska]") || !strings.Contains(r.stderr, "loopback") {
		t.Fatalf("watch run: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := w("watch", "sink", "add", "local", srv.URL, "--secret", "s", "--allow-private"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r = w("watch", "run", "--once", "--now", "2025-08-20T10:30:00Z", "--deliver-wait", "20s")
	if r.code != 0 || !strings.Contains(r.stdout, "FIRING   [treaty]") || !strings.Contains(r.stdout, "left to retry") {
		t.Fatalf("watch run 2: %d %q %q", r.code, r.stdout, r.stderr)
	}
	mu.Lock()
	if len(got) < 3 {
		t.Errorf("webhook got %v", got)
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("key %s delivered %d times", k, n)
		}
	}
	mu.Unlock()
	r = w("alerts", "--json")
	var firing int
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a struct{ State, Rule string }
		if json.Unmarshal([]byte(line), &a) == nil && a.State == "firing" {
			firing++
		}
	}
	if firing < 3 {
		t.Errorf("alerts --json: %q", r.stdout)
	}
	r = w("alerts", "--atom")
	var feed struct {
		Entries []struct{ Title string } `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &feed); err != nil || len(feed.Entries) != firing {
		t.Errorf("alerts --atom: %v, %d entries for %d firing", err, len(feed.Entries), firing)
	}
	if r := w("watch", "list"); !strings.Contains(r.stdout, "treaty") || !strings.Contains(r.stdout, "alaska") {
		t.Errorf("list: %q", r.stdout)
	}
	if r := w("watch", "remove", "alaska", "--now", "2025-08-21"); r.code != 0 || !strings.Contains(r.stdout, "1 firing alert(s) resolved") {
		t.Errorf("remove: %q %s", r.stdout, r.stderr)
	}
	// Rules from YAML.
	yml := filepath.Join(dir, "rules.yaml")
	os.WriteFile(yml, []byte("rules:\n  - name: denials\n    rule: claim denial by RUS\n  - name: kyiv\n    kind: event\n    actor: UKR\n    quad: [3, 4]\n"), 0o644)
	if r := w("watch", "load", yml); r.code != 0 || !strings.Contains(r.stdout, "loaded 2 rule(s)") {
		t.Errorf("load: %q %s", r.stdout, r.stderr)
	}
	os.WriteFile(yml, []byte("rules:\n  - name: broken\n    rule: event quad 9\n"), 0o644)
	if r := w("watch", "load", yml); r.code != 1 || !strings.Contains(r.stderr, "rules.yaml:2") {
		t.Errorf("load broken: %d %q", r.code, r.stderr)
	}
}
