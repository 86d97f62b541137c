package doc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/dict"
)

func TestDefaultTopicsLoad(t *testing.T) {
	tp, err := LoadTopics(strings.NewReader(dict.Topics), "dict/topics.txt")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, x := range tp.List {
		keys = append(keys, x.Key)
	}
	for _, k := range []string{"nato", "territory", "forces", "sanctions", "guarantees", "elections", "reconstruction", "energy", "humanitarian", "diplomacy", "ceasefire"} {
		if !contains(keys, k) {
			t.Errorf("default topics lack %s", k)
		}
	}
}

func TestTopicMatch(t *testing.T) {
	tp, err := LoadTopics(strings.NewReader(`# test topics
topic sanctions Sanctions
  terms sanction* | embargo   # a comment after a term
topic nato NATO membership
  terms NATO | join the alliance
  note  who joins
`), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	if tp.List[1].Note != "who joins" || tp.Label("nato") != "NATO membership" || tp.Label("x") != "x" {
		t.Errorf("topics %+v", tp.List)
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Sanctions will be lifted and the embargo ended; Ukraine will not join the alliance.", []string{"sanctions", "nato"}},
		{"Ukraine will not join NATO, nor join the alliance; NATO agrees, and sanctioned banks stay sanctioned.", []string{"nato", "sanctions"}},
		{"Nothing here.", nil},
		{"The natoli region", nil},
	} {
		if got := tp.Match(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Match(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestTopicFileErrors(t *testing.T) {
	_, err := LoadTopics(strings.NewReader("topic Bad Key\n  terms x\ntopic ok\n  terms a | | b\n  colour red\nterms stray\ntopic empty Empty\ntopic ok2 Two\n  terms ok\ntopic ok2 Again\n  terms y\n"), "my.txt")
	if err == nil {
		t.Fatal("bad topic file accepted")
	}
	for _, want := range []string{
		`my.txt:1: topic key "Bad": use lower-case letters`,
		`my.txt:2: terms before any topic line`,
		`my.txt:3: topic ok has no label`,
		`my.txt:4: terms before any topic line`,
		`my.txt:5: unknown line "colour red"`,
		`my.txt:6: unknown line "terms stray"`,
		`my.txt:10: topic ok2 already defined on line 8`,
		`my.txt:7: topic empty has no terms`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := LoadTopics(strings.NewReader("# nothing\n"), "e.txt"); err == nil || !strings.Contains(err.Error(), "e.txt: no topics") {
		t.Errorf("empty file: %v", err)
	}
}
