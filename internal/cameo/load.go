package cameo

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Load reads a codebook table: tab-separated lines of code, root, quad,
// goldstein, plover, label. Lines starting with # and blank lines are skipped,
// as is a header line whose first field is "code". PLOVER "-" means none.
// name is used in errors, which read "name:line: problem".
func Load(r io.Reader, name string) (*Codebook, error) {
	b := &Codebook{codes: make(map[string]Code, 330)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if f[0] == "code" {
			continue
		}
		c, err := parseRow(f)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if _, dup := b.codes[c.Code]; dup {
			return nil, fmt.Errorf("%s:%d: code %s listed twice", name, n, c.Code)
		}
		b.codes[c.Code] = c
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	if len(b.codes) == 0 {
		return nil, fmt.Errorf("%s: no codes", name)
	}
	b.sort()
	return b, nil
}

func parseRow(f []string) (Code, error) {
	if len(f) != 6 {
		return Code{}, fmt.Errorf("want 6 tab-separated fields (code, root, quad, goldstein, plover, label), got %d", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	code, root := f[0], f[1]
	if !isDigits(code) || len(code) < 2 || len(code) > 4 {
		return Code{}, fmt.Errorf("code %q: want 2 to 4 digits", code)
	}
	if QuadOfRoot(root) == 0 {
		return Code{}, fmt.Errorf("root %q: want a two-digit root 01 to 20", root)
	}
	if code[:2] != root {
		return Code{}, fmt.Errorf("code %s does not start with its root %s", code, root)
	}
	quad, err := strconv.Atoi(f[2])
	if err != nil || quad < 1 || quad > 4 {
		return Code{}, fmt.Errorf("quad %q: want 1 to 4", f[2])
	}
	g, err := strconv.ParseFloat(f[3], 64)
	if err != nil || g < -10 || g > 10 {
		return Code{}, fmt.Errorf("goldstein %q: want a number from -10 to 10", f[3])
	}
	plover := f[4]
	if plover == "-" {
		plover = ""
	}
	for _, r := range plover {
		if (r < 'A' || r > 'Z') && r != '_' {
			return Code{}, fmt.Errorf("plover %q: want an upper-case category name or -", f[4])
		}
	}
	if f[5] == "" {
		return Code{}, fmt.Errorf("code %s has no label", code)
	}
	return Code{Code: code, Root: root, Label: f[5], Quad: quad, Goldstein: g, PLOVER: plover}, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
