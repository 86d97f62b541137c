package actor

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/dict"
)

// DefaultDir is the folder of the default actor dictionaries inside dict.FS.
const DefaultDir = "actors"

var (
	defaultOnce    sync.Once
	defaultDict    *Dict
	defaultMatcher *Matcher
)

// Default returns sitrep's own actor dictionaries, embedded in the binary:
// every state, the CAMEO regions, IGOs, metonyms, places, outlets, agents and
// the people in the news. It panics if the embedded files are malformed,
// which the package tests rule out.
func Default() *Dict {
	defaultOnce.Do(func() {
		d, err := LoadFS(dict.FS, DefaultDir)
		if err != nil {
			panic("actor: embedded dictionaries: " + err.Error())
		}
		defaultDict = d
		defaultMatcher = NewMatcher(d)
	})
	return defaultDict
}

// DefaultMatcher returns a Matcher over the default dictionaries, built once.
func DefaultMatcher() *Matcher {
	Default()
	return defaultMatcher
}

// LoadFS reads every *.txt file in dir of fsys, in name order, as sitrep's
// own format and returns them merged. Problems in all files are reported
// together.
func LoadFS(fsys fs.FS, dir string) (*Dict, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no *.txt dictionaries", dir)
	}
	sort.Strings(names)
	var all []*Dict
	var probs []Problem
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		d, err := Load(f, name)
		f.Close()
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				return nil, err
			}
			probs = append(probs, le.Problems...)
		}
		all = append(all, d)
	}
	out := Merge(dir, all...)
	if len(probs) > 0 {
		return out, &LoadError{Problems: probs}
	}
	return out, nil
}

// Format names a dictionary format.
type Format string

// The formats LoadFile reads.
const (
	FormatSitrep          Format = "sitrep"
	FormatTABARIActors    Format = "tabari-actors"
	FormatTABARIAgents    Format = "tabari-agents"
	FormatPETRARCHActors  Format = "petrarch-actors"
	FormatPETRARCHAgents  Format = "petrarch-agents"
	formatUnknownFallback        = FormatSitrep
)

// FormatOf guesses a file's format from its name, as the field names its
// files: *.actors and *.agents are TABARI, *actors.txt and *agents.txt are
// PETRARCH/Phoenix, anything else is sitrep's own format.
func FormatOf(name string) Format {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case strings.HasSuffix(base, ".actors"):
		return FormatTABARIActors
	case strings.HasSuffix(base, ".agents"):
		return FormatTABARIAgents
	case strings.HasSuffix(base, "actors.txt"):
		return FormatPETRARCHActors
	case strings.HasSuffix(base, "agents.txt"):
		return FormatPETRARCHAgents
	}
	return formatUnknownFallback
}

// LoadReader reads r in format f; name is used in errors.
func LoadReader(r io.Reader, name string, f Format) (*Dict, error) {
	switch f {
	case FormatSitrep:
		return Load(r, name)
	case FormatTABARIActors:
		return LoadTABARIActors(r, name)
	case FormatTABARIAgents:
		return LoadTABARIAgents(r, name)
	case FormatPETRARCHActors:
		return LoadPETRARCHActors(r, name)
	case FormatPETRARCHAgents:
		return LoadPETRARCHAgents(r, name)
	}
	return nil, fmt.Errorf("%s: unknown dictionary format %q", name, f)
}

// LoadFile reads one dictionary file, choosing the format by FormatOf.
func LoadFile(name string) (*Dict, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return LoadReader(f, name, FormatOf(name))
}
