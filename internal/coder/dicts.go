package coder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/actor"
)

// Dicts are dictionaries read from user paths, to be added to (or, for a
// validation suite, used instead of) the defaults.
type Dicts struct {
	Actors []*actor.Dict
	Verbs  []*VerbDict
}

// LoadPaths reads dictionary files and folders (recursively). The kind of
// each file is told by its name: TABARI `.actors`/`.agents`/`.verbs`,
// PETRARCH/Phoenix `*actors*.txt`/`*agents*.txt`/`*verbs*.txt` and
// `CAMEO.*.txt` verb files, and sitrep's own `.txt` files under a folder
// named `actors` or `verbs`. Other files are skipped. Every problem in
// every file is returned, naming file and line; what could be read is
// returned too.
func LoadPaths(paths []string) (*Dicts, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("dictionary %s: %w", p, err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	out := &Dicts{}
	var errs []error
	for _, f := range files {
		kind := dictKind(f)
		if kind == "" {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		switch kind {
		case "verbs":
			var d *VerbDict
			base := strings.ToLower(filepath.Base(f))
			switch {
			case strings.HasSuffix(base, ".verbs"):
				d, err = LoadTABARIVerbs(r, f)
			case isOwnFormat(f):
				d, err = LoadVerbs(r, f)
			default:
				d, err = LoadPETRARCHVerbs(r, f)
			}
			if d != nil {
				out.Verbs = append(out.Verbs, d)
			}
		case "actors":
			var d *actor.Dict
			format := actor.FormatOf(f)
			if filepath.Base(filepath.Dir(f)) == "actors" && strings.HasSuffix(f, ".txt") {
				format = actor.FormatSitrep // sitrep's own files, laid out as dict/actors
			}
			d, err = actor.LoadReader(r, f, format)
			if d != nil {
				out.Actors = append(out.Actors, d)
			}
		}
		r.Close()
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

func isOwnFormat(path string) bool {
	return filepath.Base(filepath.Dir(path)) == "verbs" && strings.HasSuffix(path, ".txt")
}

// dictKind tells a verb file from an actor or agent file by its name.
func dictKind(path string) string {
	base := strings.ToLower(filepath.Base(path))
	dir := strings.ToLower(filepath.Base(filepath.Dir(path)))
	switch {
	case strings.HasSuffix(base, ".verbs"), strings.Contains(base, "verbs") && strings.HasSuffix(base, ".txt"),
		strings.HasPrefix(base, "cameo.") && strings.HasSuffix(base, ".txt") && !strings.Contains(base, "eventcodes"),
		dir == "verbs" && strings.HasSuffix(base, ".txt"):
		return "verbs"
	case strings.HasSuffix(base, ".actors"), strings.HasSuffix(base, ".agents"),
		strings.Contains(base, "actors") && strings.HasSuffix(base, ".txt"),
		strings.Contains(base, "agents") && strings.HasSuffix(base, ".txt"),
		dir == "actors" && strings.HasSuffix(base, ".txt"):
		return "actors"
	}
	return ""
}
