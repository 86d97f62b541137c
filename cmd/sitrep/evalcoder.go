package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/coder/eval"
)

func init() { newEvalCoder = buildEvalCoder }

// buildEvalCoder builds the coder a suite is scored with. The field's unit
// suites (TABARI, PETRARCH) are scored with their own dictionaries only,
// as their authors ran them; the real-sentence suites with sitrep's default
// dictionaries, which is how users will meet the coder. --dict adds to
// either.
func buildEvalCoder(s *eval.Suite, extra []string) (func(string, time.Time) []eval.Tuple, error) {
	opts := coder.Options{}
	if !s.Format.RealText() {
		opts.AllowNoTarget = true
		opts.LiteralActions = true
		var errs []error
		for _, group := range [][]string{s.Dicts.Actors, s.Dicts.Agents} {
			for _, p := range group {
				d, err := actor.LoadFile(p)
				if d != nil {
					opts.Actors = append(opts.Actors, d)
				}
				if err != nil {
					var le *actor.LoadError
					if !errors.As(err, &le) || d == nil {
						errs = append(errs, err)
					} // the field's files have known defective lines; keep what loads
				}
			}
		}
		for _, p := range s.Dicts.Discards {
			f, err := os.Open(p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			list, err := coder.LoadDiscards(f, p)
			f.Close()
			if err != nil {
				errs = append(errs, err)
			}
			opts.Discards = append(opts.Discards, list...)
		}
		for _, p := range s.Dicts.Verbs {
			d, err := loadVerbFile(p)
			if d != nil {
				opts.Verbs = append(opts.Verbs, d)
			} else if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		if len(opts.Actors) == 0 || len(opts.Verbs) == 0 {
			return nil, fmt.Errorf("suite %s: its dictionaries were not found (%v)", s.Name, s.Dicts.Missing)
		}
	}
	if len(extra) > 0 {
		d, err := coder.LoadPaths(extra)
		if err != nil {
			return nil, err
		}
		if len(opts.Actors) == 0 {
			opts.Actors = []*actor.Dict{actor.Default()}
			opts.Verbs = []*coder.VerbDict{coder.DefaultVerbs()}
		}
		opts.Actors = append(opts.Actors, d.Actors...)
		opts.Verbs = append(opts.Verbs, d.Verbs...)
	}
	c, err := coder.New(opts)
	if err != nil {
		return nil, err
	}
	return func(text string, date time.Time) []eval.Tuple {
		var out []eval.Tuple
		for _, e := range c.CodeText(text, date) {
			if e.Negated || e.Conditional {
				continue // the suites list events that happened
			}
			t := eval.Tuple{Source: e.Source.Code, Target: "---", Code: e.CAMEO}
			if e.Target != nil {
				t.Target = e.Target.Code
			}
			out = append(out, t)
		}
		return out
	}, nil
}

func loadVerbFile(path string) (*coder.VerbDict, error) {
	d, err := coder.LoadPaths([]string{path})
	if d == nil || len(d.Verbs) == 0 {
		if err == nil {
			err = fmt.Errorf("%s: no verbs read", path)
		}
		return nil, err
	}
	_, statErr := os.Stat(path)
	if statErr != nil {
		return nil, statErr
	}
	return d.Verbs[0], nil
}
