package main_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/shared"
)

func TestFeedsCommands(t *testing.T) {
	dir := t.TempDir()
	env := []string{"SITREP_DB=" + filepath.Join(dir, "s.db")}
	r := sitrep(t, env, "", "feeds", "add", "https://news.example/rss.xml", "--title", "Example News", "--interval", "30m")
	if r.code != 0 || !strings.Contains(r.stdout, "added feed 1: https://news.example/rss.xml (polled every 30m)") {
		t.Fatalf("feeds add: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "feeds", "add", "https://news.example/rss.xml")
	if r.code != 0 || !strings.Contains(r.stdout, "already subscribed as feed 1") {
		t.Errorf("adding twice: %q", r.stdout)
	}
	opml := filepath.Join(dir, "in.opml")
	os.WriteFile(opml, []byte(`<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Wires"><outline text="Wire A" type="rss" xmlUrl="https://a.example/feed"/><outline text="Example again" xmlUrl="https://news.example/rss.xml"/></outline>
<outline text="Broken" xmlUrl="ftp://nope.example/feed"/></body></opml>`), 0o644)
	r = sitrep(t, env, "", "feeds", "import", opml)
	if r.code != 1 || !strings.Contains(r.stdout, "added 1 feeds, 1 already present, 1 invalid") || !strings.Contains(r.stderr, "Broken") {
		t.Errorf("feeds import: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "feeds", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "Example News") || !strings.Contains(r.stdout, "Wire A") || !strings.Contains(r.stdout, "never") {
		t.Errorf("feeds list: %q", r.stdout)
	}
	r = sitrep(t, env, "", "feeds", "list", "--json")
	var feeds []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("feeds list --json line %q: %v", line, err)
		}
		feeds = append(feeds, f)
	}
	if len(feeds) != 2 || feeds[0]["interval"] != "30m" || feeds[0]["last_fetch"] != nil || feeds[1]["url"] != "https://a.example/feed" || feeds[0]["articles"] != float64(0) {
		t.Errorf("feeds list --json: %v", feeds)
	}
	r = sitrep(t, env, "", "feeds", "export")
	if r.code != 0 || !strings.Contains(r.stdout, `xmlUrl="https://a.example/feed"`) || !strings.HasPrefix(r.stdout, "<?xml") {
		t.Errorf("feeds export: %q", r.stdout)
	}
	// The export imports into another database unchanged.
	out := filepath.Join(dir, "out.opml")
	os.WriteFile(out, []byte(r.stdout), 0o644)
	r = sitrep(t, []string{"SITREP_DB=" + filepath.Join(dir, "other.db")}, "", "feeds", "import", out)
	if r.code != 0 || !strings.Contains(r.stdout, "added 2 feeds") {
		t.Errorf("import the export: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "feeds", "remove", "https://a.example/feed")
	if r.code != 0 || !strings.Contains(r.stdout, "removed feed 2") {
		t.Errorf("remove by URL: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "feeds", "remove", "1")
	if r.code != 0 {
		t.Errorf("remove by id: %q %s", r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "feeds", "remove", "1")
	if r.code != 1 || !strings.Contains(r.stderr, "no feed 1") {
		t.Errorf("remove twice: exit %d %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"feeds"}, {"feeds", "bogus"}, {"feeds", "add"}, {"feeds", "add", "not a url"},
		{"feeds", "add", "https://x.example/", "--interval", "10s"}, {"feeds", "remove"}, {"fetch"}, {"fetch", "file:///etc/passwd"},
		{"poll", "extra"}, {"poll", "--per-host", "0"}} {
		if r := sitrep(t, env, "", args...); r.code != 2 || r.stderr == "" {
			t.Errorf("sitrep %v: exit %d %q, want a usage error", args, r.code, r.stderr)
		}
	}
}

func TestFetchCommand(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(shared.Path(t, "corpora/html/mozilla-readability"), "nytimes-1", "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/2017/01/13/world/africa/sudan-sanctions.html?utm_source=x", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	env := []string{"SITREP_DB=" + filepath.Join(t.TempDir(), "s.db")}

	r := sitrep(t, env, "", "fetch", srv.URL+"/moved")
	if r.code != 1 || !strings.Contains(r.stderr, "loopback address") || !strings.Contains(r.stderr, "--allow-private") {
		t.Errorf("fetch from 127.0.0.1 without --allow-private: exit %d %q", r.code, r.stderr)
	}
	r = sitrep(t, env, "", "fetch", "--allow-private", "--json", srv.URL+"/moved")
	var res map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &res) != nil || res["stored"] != true ||
		res["title"] != "United States to Lift Sudan Sanctions" || res["date"] != "2017-01-13" {
		t.Fatalf("fetch: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, append(env, "SITREP_ALLOW_PRIVATE=1"), "", "fetch", srv.URL+"/2017/01/13/world/africa/sudan-sanctions.html")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "already stored as "+res["id"].(string)) {
		t.Errorf("fetch again: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = sitrep(t, env, "", "show", res["id"].(string))
	if !strings.Contains(r.stdout, "Sudan") {
		t.Errorf("show the fetched page: %q", r.stdout)
	}
}
