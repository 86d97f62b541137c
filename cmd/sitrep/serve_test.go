package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServeRefusesOpenAddressWithoutToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	r := sitrep(t, nil, "", "--db", db, "serve", "--addr", "0.0.0.0:0", "--no-poll")
	if r.code != 1 || !strings.Contains(r.stderr, "sitrep token create") || !strings.Contains(r.stderr, "refusing") {
		t.Fatalf("exit %d, stderr %q: want a refusal saying how to create a token", r.code, r.stderr)
	}
	if r := sitrep(t, nil, "", "--db", db, "serve", "--addr", "nonsense"); r.code != 2 {
		t.Fatalf("bad --addr: exit %d, want 2", r.code)
	}
}

// startServe runs sitrep --db db serve with args and returns its base
// URL and a function that sends SIGTERM and returns the rest of its log
// once it exited (failing the test when it did not exit cleanly).
func startServe(t *testing.T, db string, args ...string) (string, func() string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Stdout = io.Discard
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	sc := bufio.NewScanner(stderr)
	re := regexp.MustCompile(`serving (http://[^ ]+/)`)
	base := ""
	var log bytes.Buffer
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatalf("no address printed:\n%s", log.String())
	}
	rest := make(chan string)
	go func() {
		var b bytes.Buffer
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
		}
		rest <- b.String()
	}()
	return base, func() string {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			out := <-rest
			if err != nil || !strings.Contains(out, "stopped") {
				t.Fatalf("after SIGTERM: %v\n%s", err, out)
			}
			return out
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop within 30 s of SIGTERM")
		}
		return ""
	}
}

// TestServeStopsGracefully starts the server with the poller and the
// watch evaluator, checks it answers on every kind of page, sends SIGTERM
// and expects a clean exit.
func TestServeStopsGracefully(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if r := sitrep(t, nil, "", "--db", db, "token", "create", "--name", "t"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	base, stop := startServe(t, db, "--pair", "USA:RUS")
	for _, p := range []string{"", "api/v1/openapi.json", "healthz", "metrics", "alerts.atom", "alerts", "documents", "brief",
		"tone?source=USA&target=RUS", "api/v1/timeline?source=USA&target=RUS", "api/v1/alerts", "api/v1/documents"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET /%s: %d", p, resp.StatusCode)
		}
	}
	stop()
}

// TestServeEvaluatesWatchRules stores the demo's articles and a rule,
// serves them with the evaluator every second, and expects the rule's
// alerts from the API and the Atom feed; with --no-watch none fire.
func TestServeEvaluatesWatchRules(t *testing.T) {
	dir := t.TempDir()
	if r := sitrep(t, nil, "", "demo", "--dir", dir); r.code != 0 {
		t.Fatal(r.stderr)
	}
	db := filepath.Join(dir, "sitrep.db")
	if r := sitrep(t, nil, "", "--db", db, "watch", "add", "meetings", "--rule", "event dyad USA-RUS root 04 within 3650d"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	alerts := func(base string) []map[string]any {
		var l struct {
			Items []map[string]any `json:"items"`
		}
		resp, err := http.Get(base + "api/v1/alerts")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
			t.Fatal(err)
		}
		return l.Items
	}

	base, stop := startServe(t, db, "--no-poll", "--no-watch")
	time.Sleep(1500 * time.Millisecond)
	if as := alerts(base); len(as) != 0 {
		t.Fatalf("%d alerts with --no-watch", len(as))
	}
	stop()

	base, stop = startServe(t, db, "--no-poll", "--watch-every", "1s")
	var as []map[string]any
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if as = alerts(base); len(as) > 0 {
			break
		}
	}
	if len(as) == 0 {
		t.Fatal("no alert fired within 20 s of serving with the evaluator")
	}
	for _, a := range as {
		if a["rule"] != "meetings" || a["state"] != "firing" {
			t.Fatalf("alert %v", a)
		}
	}
	resp, err := http.Get(base + "alerts.atom")
	if err != nil {
		t.Fatal(err)
	}
	feed, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if n := strings.Count(string(feed), "<entry>"); n != len(as) {
		t.Fatalf("%d Atom entries for %d firing alerts", n, len(as))
	}
	if log := stop(); !strings.Contains(log, "alert firing") {
		t.Fatalf("the notices were not logged:\n%s", log)
	}
}
