// Package source reads articles from where they come from — files, folders
// and stdin here; feeds, web pages and GDELT exports later — and hands them
// to the store through one ingest pipeline.
package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/article"
)

// Item is one article read from an input, or the reason it could not be.
type Item struct {
	Article *article.Article
	Where   string // path, path:line, or "-" for stdin
	Err     error
}

// MaxFileSize bounds one input file (or one decompressed stream); larger
// inputs are reported, not read into memory.
const MaxFileSize = 256 << 20

// maxLine bounds one JSON Lines record.
const maxLine = 16 << 20

// Format is how an input is read.
type Format int

const (
	FormatAuto Format = iota
	FormatText
	FormatHTML
	FormatJSONL
)

// Walk expands paths (files and folders, recursively; "-" is stdin) into
// the list of inputs to read, in a stable order. Hidden files and folders
// are skipped. A path that does not exist is returned as an error item.
func Walk(paths []string) (files []string, bad []Item) {
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			bad = append(bad, Item{Where: p, Err: cleanPathErr(err)})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, Item{Where: path, Err: cleanPathErr(err)})
				return nil
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			bad = append(bad, Item{Where: p, Err: err})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

func cleanPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads one input (a path or "-") and calls emit for every article
// or failure in it. Defaults fill what the input does not say.
func ReadFile(path string, stdin io.Reader, def Defaults, emit func(Item)) {
	var r io.Reader
	where := path
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			emit(Item{Where: path, Err: cleanPathErr(err)})
			return
		}
		defer f.Close()
		r = f
	}
	ReadStream(r, where, FormatAuto, def, emit)
}

// ReadStream reads one stream whose name (for messages and format
// detection) is where.
func ReadStream(r io.Reader, where string, format Format, def Defaults, emit func(Item)) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	name := strings.ToLower(where)
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			emit(Item{Where: where, Err: fmt.Errorf("gzip: %w", err)})
			return
		}
		defer zr.Close()
		ReadStream(zr, where, format, def, emit)
		return
	}
	if format == FormatAuto {
		format = detect(name, head)
	}
	if format == FormatJSONL {
		readJSONL(br, where, def, emit)
		return
	}
	data, err := io.ReadAll(io.LimitReader(br, MaxFileSize+1))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		emit(Item{Where: where, Err: fmt.Errorf("file ends unexpectedly (truncated?): %w", err)})
		return
	}
	if err != nil {
		emit(Item{Where: where, Err: fmt.Errorf("read: %w", err)})
		return
	}
	if len(data) > MaxFileSize {
		emit(Item{Where: where, Err: fmt.Errorf("larger than %d MiB; split it or use JSON Lines", MaxFileSize>>20)})
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		emit(Item{Where: where, Err: errors.New("empty file")})
		return
	}
	if looksBinary(data) {
		emit(Item{Where: where, Err: errors.New("binary data, not text, HTML or JSON Lines")})
		return
	}
	var a *article.Article
	if format == FormatHTML {
		a, err = fromHTML(data, where, def)
	} else {
		a, err = fromText(data, where, def)
	}
	emit(Item{Article: a, Where: where, Err: err})
}

func detect(name string, head []byte) Format {
	switch ext := filepath.Ext(strings.TrimSuffix(name, ".gz")); ext {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".txt", ".md", ".markdown", ".text":
		return FormatText
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("{")):
		return FormatJSONL
	case bytes.HasPrefix(h, []byte("<")):
		lower := bytes.ToLower(h)
		if bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")) ||
			bytes.Contains(lower, []byte("<head")) || bytes.Contains(lower, []byte("<body")) || bytes.Contains(lower, []byte("<article")) {
			return FormatHTML
		}
	}
	return FormatText
}

// looksBinary reports data with NUL bytes or mostly invalid UTF-8 in its
// first 8 KiB; legacy-encoded HTML passes, since its bytes are few.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 && i+4 < len(head) {
			bad++
		} else if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
		i += n
	}
	return bad*10 > len(head)
}

// Defaults fill what an input leaves out.
type Defaults struct {
	Date   string // YYYY-MM-DD, for inputs with no date
	Source string // outlet name, for inputs with none
}

func fromHTML(data []byte, where string, def Defaults) (*article.Article, error) {
	var base *url.URL
	if u, err := url.Parse(where); err == nil && u.Scheme != "" && u.Host != "" {
		base = u
	}
	p, err := article.ParseHTML(bytes.NewReader(data), base)
	if err != nil {
		return nil, err
	}
	a := &article.Article{Title: p.Title, Byline: p.Byline, Lang: p.Lang, Text: p.Text, CanonicalURL: article.CanonicalURL(p.CanonicalURL), Origin: where}
	if p.CanonicalURL != "" {
		a.URL = p.CanonicalURL
	}
	a.Source = firstNonEmpty(def.Source, p.SiteName)
	if p.Published != nil {
		t := p.Published.UTC()
		a.Published = &t
		a.Date = t.Format("2006-01-02")
		a.Meta = map[string]any{"date_from": p.DateSource}
	}
	return finish(a, def)
}

// fromText reads plain text or Markdown: an optional front-matter block
// (--- key: value … ---) with title, date, source, url, byline; then the
// title as the first line (a leading # heading mark dropped); the rest is
// the text.
func fromText(data []byte, where string, def Defaults) (*article.Article, error) {
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	s := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	a := &article.Article{Origin: where}
	var dateStr string
	if rest, ok := strings.CutPrefix(s, "---\n"); ok {
		if fm, body, ok := strings.Cut(rest, "\n---\n"); ok {
			for i, line := range strings.Split(fm, "\n") {
				if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
					continue
				}
				k, v, ok := strings.Cut(line, ":")
				if !ok {
					return nil, fmt.Errorf("front matter line %d: expected key: value, got %q", i+2, line)
				}
				v = strings.Trim(strings.TrimSpace(v), `"'`)
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "title":
					a.Title = v
				case "date":
					dateStr = v
				case "source", "outlet":
					a.Source = v
				case "url":
					a.URL = v
				case "byline", "author":
					a.Byline = v
				case "lang", "language":
					a.Lang = v
				default:
					if a.Meta == nil {
						a.Meta = map[string]any{}
					}
					a.Meta[strings.TrimSpace(k)] = v
				}
			}
			s = body
		}
	}
	s = strings.TrimLeft(s, "\n")
	if a.Title == "" {
		first, rest, _ := strings.Cut(strings.TrimSpace(s), "\n")
		a.Title = strings.TrimSpace(strings.TrimLeft(first, "# "))
		s = rest
	}
	a.Text = strings.TrimSpace(s)
	if dateStr != "" {
		if err := setDate(a, dateStr); err != nil {
			return nil, err
		}
	}
	a.CanonicalURL = article.CanonicalURL(a.URL)
	return finish(a, def)
}

// jsonlRecord is one JSON Lines article; anything else is kept as Meta.
type jsonlRecord struct {
	ID     json.RawMessage `json:"id"`
	Title  string          `json:"title"`
	Date   *string         `json:"date"`
	Source *string         `json:"source"`
	URL    string          `json:"url"`
	Text   string          `json:"text"`
	Byline string          `json:"byline"`
	Lang   string          `json:"lang"`
}

var knownFields = map[string]bool{"id": true, "title": true, "date": true, "source": true, "url": true, "text": true, "byline": true, "lang": true}

func readJSONL(r *bufio.Reader, where string, def Defaults, emit func(Item)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(line) == 0 {
			continue
		}
		loc := fmt.Sprintf("%s:%d", where, n)
		a, err := fromJSON(line, loc, def)
		emit(Item{Article: a, Where: loc, Err: err})
	}
	if err := sc.Err(); err != nil {
		switch {
		case errors.Is(err, bufio.ErrTooLong):
			err = fmt.Errorf("line longer than %d MiB", maxLine>>20)
		case errors.Is(err, io.ErrUnexpectedEOF):
			err = fmt.Errorf("file ends unexpectedly (truncated?): %w", err)
		}
		emit(Item{Where: fmt.Sprintf("%s:%d", where, n+1), Err: err})
	}
}

func fromJSON(line []byte, where string, def Defaults) (*article.Article, error) {
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	var all map[string]any
	if err := json.Unmarshal(line, &all); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	a := &article.Article{Title: strings.TrimSpace(rec.Title), URL: rec.URL, Text: strings.TrimSpace(rec.Text), Byline: rec.Byline, Lang: rec.Lang, Origin: where}
	if len(rec.ID) > 0 && string(rec.ID) != "null" {
		var s string
		if json.Unmarshal(rec.ID, &s) != nil {
			s = string(rec.ID) // a numeric id
		}
		a.ExtID = s
	}
	if rec.Source != nil {
		a.Source = *rec.Source
	}
	if rec.Date != nil && *rec.Date != "" {
		if err := setDate(a, *rec.Date); err != nil {
			// A bad date loses the date, not the article: it is kept in
			// meta and reported nowhere else, as corpora carry odd ones.
			a.Meta = map[string]any{"date_unparsed": *rec.Date}
		}
	}
	for k, v := range all {
		if !knownFields[k] && v != nil {
			if a.Meta == nil {
				a.Meta = map[string]any{}
			}
			a.Meta[k] = v
		}
	}
	a.CanonicalURL = article.CanonicalURL(a.URL)
	return finish(a, def)
}

// setDate sets Date (cut to its precision) and, for full timestamps,
// Published.
func setDate(a *article.Article, s string) error {
	s = strings.TrimSpace(s)
	if d, ok := article.PartialDate(s); ok {
		a.Date = d
		return nil
	}
	t, ok := article.ParseDate(s)
	if !ok {
		return fmt.Errorf("unrecognised date %q", s)
	}
	t = t.UTC()
	a.Published = &t
	a.Date = t.Format("2006-01-02")
	return nil
}

func finish(a *article.Article, def Defaults) (*article.Article, error) {
	if a.Text == "" && a.Title == "" {
		return nil, errors.New("no title and no text")
	}
	if a.Source == "" {
		a.Source = def.Source
	}
	if a.Date == "" && def.Date != "" {
		a.Date = def.Date
	}
	body := a.Text
	if body == "" {
		body = a.Title
	}
	a.Hash = article.ContentHash(body)
	return a, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
