// Package cameo owns the CAMEO event codebook: every event code with its
// label, root, quad class, Goldstein value and PLOVER category. The default
// codebook is read once from sitrep's embedded dict/cameo/codes.tsv; Load
// reads a user's table in the same layout.
package cameo

import (
	"sort"
	"sync"

	"github.com/sitrep/sitrep/dict"
)

// Quad classes, as GDELT assigns them by root code.
const (
	VerbalCooperation   = 1 // roots 01-05
	MaterialCooperation = 2 // roots 06-09
	VerbalConflict      = 3 // roots 10-14
	MaterialConflict    = 4 // roots 15-20
)

// Code is one CAMEO event code.
type Code struct {
	Code      string  // "042", "0231", or a two-digit root such as "04"
	Root      string  // the two-digit root, "04"
	Label     string  // short description, "Make a visit"
	Quad      int     // 1-4, see the Quad constants
	Goldstein float64 // -10 (most conflictual) to +10 (most cooperative)
	PLOVER    string  // PLOVER event category, "CONSULT"; empty where PLOVER has none (root 01)
}

// Codebook is a set of CAMEO codes. The zero value is empty; build one with
// Load or take the default with Default. A Codebook is read-only once built
// and safe for concurrent use.
type Codebook struct {
	codes map[string]Code
	order []string // codes sorted as the codebook lists them
}

// Lookup returns the code's entry in the default codebook.
func Lookup(code string) (Code, bool) { return Default().Lookup(code) }

// Lookup returns the entry for code.
func (b *Codebook) Lookup(code string) (Code, bool) {
	c, ok := b.codes[code]
	return c, ok
}

// Nearest returns the entry for code, or for its closest listed parent when
// code itself is not listed: verb dictionaries use a few codes outside the
// table (for example "1725"), which then fall back to "172". It reports false
// when not even the root is listed.
func (b *Codebook) Nearest(code string) (Code, bool) {
	for n := len(code); n >= 2; n-- {
		if c, ok := b.codes[code[:n]]; ok {
			return c, true
		}
	}
	return Code{}, false
}

// Len returns the number of codes.
func (b *Codebook) Len() int { return len(b.order) }

// All returns every code in codebook order (roots first within each root's
// group, then sub-codes in numeric order).
func (b *Codebook) All() []Code {
	out := make([]Code, len(b.order))
	for i, c := range b.order {
		out[i] = b.codes[c]
	}
	return out
}

// Roots returns the twenty root codes in order.
func (b *Codebook) Roots() []Code {
	var out []Code
	for _, c := range b.order {
		if len(c) == 2 {
			out = append(out, b.codes[c])
		}
	}
	return out
}

// QuadOfRoot returns the GDELT quad class of a two-digit root ("01".."20"),
// or 0 when root is not one.
func QuadOfRoot(root string) int {
	if len(root) != 2 || root[0] < '0' || root[0] > '2' || root[1] < '0' || root[1] > '9' {
		return 0
	}
	r := int(root[0]-'0')*10 + int(root[1]-'0')
	switch {
	case r < 1 || r > 20:
		return 0
	case r <= 5:
		return VerbalCooperation
	case r <= 9:
		return MaterialCooperation
	case r <= 14:
		return VerbalConflict
	default:
		return MaterialConflict
	}
}

// DefaultFile is the path of the default codebook inside dict.FS.
const DefaultFile = "cameo/codes.tsv"

var (
	defaultOnce sync.Once
	defaultBook *Codebook
)

// Default returns the codebook embedded in the binary. It panics if the
// embedded table is malformed, which the package tests rule out.
func Default() *Codebook {
	defaultOnce.Do(func() {
		f, err := dict.FS.Open(DefaultFile)
		if err != nil {
			panic("cameo: embedded codebook missing: " + err.Error())
		}
		defer f.Close()
		b, err := Load(f, "dict/"+DefaultFile)
		if err != nil {
			panic("cameo: embedded codebook: " + err.Error())
		}
		defaultBook = b
	})
	return defaultBook
}

func (b *Codebook) sort() {
	b.order = b.order[:0]
	for c := range b.codes {
		b.order = append(b.order, c)
	}
	// "04" < "040" < "041" < "0411" < "042" sorts as plain strings do.
	sort.Strings(b.order)
}
