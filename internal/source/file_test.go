package source

import (
	"bytes"
	"strings"
	"testing"
)

func readAll(t *testing.T, name, data string, def Defaults) []Item {
	t.Helper()
	var items []Item
	ReadStream(strings.NewReader(data), name, FormatAuto, def, func(it Item) { items = append(items, it) })
	return items
}

func TestTextAndMarkdown(t *testing.T) {
	items := readAll(t, "note.md", "---\ntitle: Summit in Alaska\ndate: 2025-08-15\nsource: Northern Wire\nurl: https://www.Example.org/a/?utm_source=x#top\ntopic: summits\n---\nTrump and Putin met in Anchorage.\n", Defaults{})
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("front matter: %+v", items)
	}
	a := items[0].Article
	if a.Title != "Summit in Alaska" || a.Date != "2025-08-15" || a.Source != "Northern Wire" || a.Text != "Trump and Putin met in Anchorage." ||
		a.CanonicalURL != "https://example.org/a" || a.Meta["topic"] != "summits" {
		t.Errorf("front matter article: %+v", a)
	}
	items = readAll(t, "x.txt", "\n# Heading here\n\nBody line one.\nBody line two.\n", Defaults{Date: "2025-01-02", Source: "Desk"})
	a = items[0].Article
	if a.Title != "Heading here" || a.Text != "Body line one.\nBody line two." || a.Date != "2025-01-02" || a.Source != "Desk" {
		t.Errorf("markdown heading: %+v", a)
	}
	if a.Hash == "" {
		t.Error("no content hash")
	}
	items = readAll(t, "bad.md", "---\ntitle: x\nno colon here\n---\nbody\n", Defaults{})
	if items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "line 3") {
		t.Errorf("bad front matter: %+v", items[0])
	}
}

func TestJSONLines(t *testing.T) {
	data := `{"id": 7, "title": "A", "date": "1987-02-26T15:01:01.79", "source": "Reuters", "text": "Body A.", "topics": ["grain"], "empty": null}

{"id": "b", "title": "B", "date": null, "text": "Body B."}
{"title": "C", "date": "2025-02", "text": "Body C."}
not json
{"title": "", "text": ""}
{"title": "D", "date": "February 30, 2025", "text": "Body D."}
{"title": "E", "text": "Body E.`
	items := readAll(t, "in.jsonl", data, Defaults{Source: "Fallback", Date: "2025-06-01"})
	if len(items) != 7 {
		t.Fatalf("got %d items, want 7", len(items))
	}
	a := items[0].Article
	if items[0].Err != nil || a.ExtID != "7" || a.Date != "1987-02-26" || a.Published == nil || a.Source != "Reuters" || a.Meta["topics"] == nil || a.Meta["empty"] != nil {
		t.Errorf("record 1: %+v %v", a, items[0].Err)
	}
	if b := items[1].Article; items[1].Err != nil || b.Date != "2025-06-01" || b.Source != "Fallback" || items[1].Where != "in.jsonl:3" {
		t.Errorf("record 2 (defaults, line number): %+v %s", b, items[1].Where)
	}
	if c := items[2].Article; c.Date != "2025-02" || c.Published != nil {
		t.Errorf("month precision: %+v", c)
	}
	for i, where := range map[int]string{3: "in.jsonl:5", 4: "in.jsonl:6", 6: "in.jsonl:8"} {
		if items[i].Err == nil || items[i].Where != where {
			t.Errorf("item %d: want an error at %s, got %+v", i, where, items[i])
		}
	}
	if d := items[5].Article; items[5].Err != nil || d.Date != "2025-06-01" || d.Meta["date_unparsed"] != "February 30, 2025" {
		t.Errorf("impossible date should be dropped and kept in meta: %+v %v", d, items[5].Err)
	}
}

func TestBadInputs(t *testing.T) {
	bin := string([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0})
	cases := map[string]string{
		"empty.txt":    "  \n\n",
		"program.bin":  bin + strings.Repeat("\x00\x01", 100),
		"truncated.gz": "\x1f\x8b\x08\x00\x00\x00",
	}
	for name, data := range cases {
		items := readAll(t, name, data, Defaults{})
		if len(items) == 0 || items[len(items)-1].Err == nil {
			t.Errorf("%s: want an error, got %+v", name, items)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := map[string]Format{
		"a.jsonl": FormatJSONL, "a.json.gz": FormatJSONL, "a.HTML": FormatHTML, "notes.md": FormatText,
	}
	for name, want := range cases {
		if got := detect(strings.ToLower(name), nil); got != want {
			t.Errorf("detect(%s) = %v, want %v", name, got, want)
		}
	}
	if detect("-", []byte("  <!DOCTYPE html><html>")) != FormatHTML || detect("-", []byte(`{"title":1}`)) != FormatJSONL || detect("-", []byte("Plain words")) != FormatText {
		t.Error("content sniffing failed")
	}
}

func FuzzReadStream(f *testing.F) {
	f.Add("a.jsonl", []byte(`{"title":"t","text":"x","date":"2025-13-40"}`+"\n{"))
	f.Add("a.md", []byte("---\ntitle: t\n---\nbody"))
	f.Add("a.html", []byte("<html><body><article><p>Hello there, this is a paragraph of text.</p></article></body></html>"))
	f.Add("-", []byte("\x1f\x8b\x08\x00junk"))
	f.Add("-", []byte("\xff\xfe\x00t\x00e\x00x\x00t"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ReadStream(bytes.NewReader(data), name, FormatAuto, Defaults{}, func(it Item) {
			if it.Err == nil && it.Article == nil {
				t.Fatal("item with neither article nor error")
			}
			if it.Article != nil && it.Article.Hash == "" {
				t.Fatal("article without hash")
			}
		})
	})
}
