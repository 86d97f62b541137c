package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// A small WebDriver client (the W3C protocol over HTTP) for chromedriver
// driving Debian's headless chromium.

const elementKey = "element-6066-11e4-a52e-4f735466cecf"

type browser struct {
	t       *testing.T
	base    string // chromedriver's URL
	session string
	shots   string // where screenshots go
}

// findBrowser returns chromium and chromedriver, skipping the test when
// they are absent (failing under CI, where .ci/run installs them).
func findBrowser(t *testing.T) (chromium, driver string) {
	for _, c := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(c); err == nil {
			chromium = c
			break
		}
	}
	driver, _ = exec.LookPath("chromedriver")
	if driver == "" {
		if _, err := os.Stat("/usr/bin/chromedriver"); err == nil {
			driver = "/usr/bin/chromedriver"
		}
	}
	if chromium == "" || driver == "" {
		msg := "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver): skipping the browser test"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return chromium, driver
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startBrowser runs chromedriver and opens a headless session.
func startBrowser(t *testing.T) *browser {
	chromium, driver := findBrowser(t)
	port := freePort(t)
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	b := &browser{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	b.shots = os.Getenv("SITREP_SCREENSHOTS")
	if b.shots == "" {
		b.shots = t.TempDir()
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var st struct {
			Value struct{ Ready bool } `json:"value"`
		}
		if err := b.do("GET", "/status", nil, &st); err == nil && st.Value.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("chromedriver did not become ready in 20 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{"binary": chromium,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + t.TempDir()}},
	}}}
	var sess struct {
		Value struct {
			SessionID string `json:"sessionId"`
		} `json:"value"`
	}
	if err := b.do("POST", "/session", caps, &sess); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b.session = "/session/" + sess.Value.SessionID
	t.Cleanup(func() { b.do("DELETE", b.session, nil, nil) })
	return b
}

// do sends one WebDriver command; a WebDriver error becomes an error.
func (b *browser) do(method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, b.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("webdriver %s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

func (b *browser) must(method, path string, body, out any) {
	b.t.Helper()
	if err := b.do(method, b.session+path, body, out); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) open(u string) {
	b.t.Helper()
	b.must("POST", "/url", map[string]any{"url": u}, nil)
}

// eval runs script in the page and returns its value.
func (b *browser) eval(script string, args ...any) any {
	b.t.Helper()
	if args == nil {
		args = []any{}
	}
	var out struct{ Value any }
	b.must("POST", "/execute/sync", map[string]any{"script": script, "args": args}, &out)
	return out.Value
}

func (b *browser) find(css string) string {
	b.t.Helper()
	var out struct{ Value map[string]string }
	b.must("POST", "/element", map[string]any{"using": "css selector", "value": css}, &out)
	return out.Value[elementKey]
}

// waitCount polls until at least one element matches css (a form's result
// page may still be loading right after a click), or gives up after 10 s;
// it returns the count then.
func (b *browser) waitCount(css string) int {
	for i := 0; i < 100; i++ {
		if n := b.count(css); n > 0 {
			return n
		}
		time.Sleep(100 * time.Millisecond)
	}
	return b.count(css)
}

func (b *browser) count(css string) int {
	b.t.Helper()
	var out struct{ Value []map[string]string }
	b.must("POST", "/elements", map[string]any{"using": "css selector", "value": css}, &out)
	return len(out.Value)
}

func (b *browser) text(css string) string {
	b.t.Helper()
	var out struct{ Value string }
	b.must("GET", "/element/"+b.find(css)+"/text", nil, &out)
	return out.Value
}

func (b *browser) click(css string) {
	b.t.Helper()
	b.must("POST", "/element/"+b.find(css)+"/click", map[string]any{}, nil)
}

// follow clicks css, a link or a form's button, and waits until the page
// it leads to has loaded: WebDriver's click returns before the browser has
// left the old page, whose elements then go stale under the next call.
func (b *browser) follow(css string) {
	b.t.Helper()
	b.eval(`window.sitrepOldPage = true`)
	b.click(css)
	for i := 0; i < 200; i++ {
		var out struct{ Value any }
		// While the browser changes pages a script may fail: try again.
		err := b.do("POST", b.session+"/execute/sync", map[string]any{"script": `return window.sitrepOldPage === undefined && document.readyState === "complete"`, "args": []any{}}, &out)
		if done, _ := out.Value.(bool); err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("clicking %s loaded no new page in 10 s (still at %s)", css, b.url())
}

func (b *browser) typeInto(css, s string) {
	b.t.Helper()
	el := b.find(css)
	b.must("POST", "/element/"+el+"/clear", map[string]any{}, nil)
	b.must("POST", "/element/"+el+"/value", map[string]any{"text": s}, nil)
}

func (b *browser) url() string {
	b.t.Helper()
	var out struct{ Value string }
	b.must("GET", "/url", nil, &out)
	return out.Value
}

// screenshot saves the page as NAME.png among the test's artefacts.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	var out struct{ Value string }
	b.must("GET", "/screenshot", nil, &out)
	png, err := base64.StdEncoding.DecodeString(out.Value)
	if err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s (%d bytes)", path, len(png))
}
