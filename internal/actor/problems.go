package actor

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one malformed dictionary line.
type Problem struct {
	File string
	Line int
	Err  error
}

func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %v", p.File, p.Line, p.Err) }

func (p Problem) Unwrap() error { return p.Err }

// LoadError lists the malformed lines of a dictionary. The loaders return it
// together with every entry they could read, so a caller may refuse the
// dictionary or, as TABARI and PETRARCH do, warn and go on without the bad
// lines.
type LoadError struct {
	Problems []Problem
}

// maxProblems stops a loader that is being fed something other than a
// dictionary from collecting problems without end.
const maxProblems = 1000

// shownProblems is how many problems Error spells out.
const shownProblems = 20

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i == shownProblems {
			fmt.Fprintf(&b, "\n(and %d more problems)", len(e.Problems)-shownProblems)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see each problem.
func (e *LoadError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// problems collects a loader's problems.
type problems struct {
	file string
	list []Problem
}

// add records a problem and reports whether the loader should stop.
func (ps *problems) add(line int, err error) (stop bool) {
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Err: err})
	if len(ps.list) >= maxProblems {
		ps.list = append(ps.list, Problem{File: ps.file, Line: line, Err: fmt.Errorf("stopped after %d problems: is this a dictionary?", maxProblems)})
		return true
	}
	return false
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &LoadError{Problems: ps.list}
}

// source names a dictionary line as "file:line".
func source(file string, line int) string { return file + ":" + strconv.Itoa(line) }
