package main_test

import (
	"bufio"
	"bytes"
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

// TestServeStopsGracefully starts the server with the poller, checks it
// answers, sends SIGTERM and expects a clean exit.
func TestServeStopsGracefully(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if r := sitrep(t, nil, "", "--db", db, "token", "create", "--name", "t"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cmd := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0", "--pair", "USA:RUS")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
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
	go func() { b, _ := io.ReadAll(stderr); rest <- string(b) }()
	for _, p := range []string{"", "api/v1/openapi.json", "healthz", "metrics"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET /%s: %d", p, resp.StatusCode)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		out := <-rest
		if err != nil || !strings.Contains(out, "stopped") {
			t.Fatalf("after SIGTERM: %v\n%s", err, out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of SIGTERM")
	}
}
