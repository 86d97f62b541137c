package watch

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is a rules file: named rules, and optionally webhook sinks.
//
//	rules:
//	  - name: new-start
//	    rule: deadline due within 30d involving USA,RUS
//	    for: 1h
//	  - name: consultations
//	    kind: event
//	    dyad: USA-RUS
//	    root: "04"
//	    status: corroborated
//	sinks:
//	  - name: ops
//	    webhook: https://hooks.example.org/sitrep
//	    secret: ${SITREP_HOOK_SECRET}
//
// A rule is either one line of the rule language (rule:) or its clauses
// as keys (kind: and the clause keywords, lists as YAML lists); ${VAR} in
// a sink's url or secret is read from the environment.
type File struct {
	Rules []FileRule
	Sinks []FileSink
}

// FileRule is one named rule of a file.
type FileRule struct {
	Name string
	Spec Spec
	Line int
}

// FileSink is one webhook of a file.
type FileSink struct {
	Name         string
	URL          string
	Secret       string
	AllowPrivate bool
	Line         int
}

// maxFileSize bounds a rules file.
const maxFileSize = 4 << 20

// LoadFile reads a rules file; getenv resolves ${VAR} (nil: no
// variables). Every error names the file and the line.
func LoadFile(r io.Reader, name string, getenv func(string) string) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, maxFileSize>>20)
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty file: want rules: and a list of rules", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with rules: (and sinks:)", name, doc.Line)
	}
	f := &File{}
	names := map[string]int{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "rules":
			if v.Kind != yaml.SequenceNode {
				return nil, fmt.Errorf("%s:%d: rules: want a list", name, v.Line)
			}
			for _, item := range v.Content {
				fr, err := fileRule(item)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, item.Line, err)
				}
				if prev, dup := names[fr.Name]; dup {
					return nil, fmt.Errorf("%s:%d: rule %q is already defined on line %d", name, item.Line, fr.Name, prev)
				}
				names[fr.Name] = item.Line
				f.Rules = append(f.Rules, fr)
			}
		case "sinks":
			if v.Kind != yaml.SequenceNode {
				return nil, fmt.Errorf("%s:%d: sinks: want a list", name, v.Line)
			}
			for _, item := range v.Content {
				fs, err := fileSink(item, getenv)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, item.Line, err)
				}
				f.Sinks = append(f.Sinks, fs)
			}
		default:
			return nil, fmt.Errorf("%s:%d: unknown key %q (want rules or sinks)", name, k.Line, k.Value)
		}
	}
	if len(f.Rules) == 0 && len(f.Sinks) == 0 {
		return nil, fmt.Errorf("%s: no rules and no sinks", name)
	}
	return f, nil
}

// LoadPath reads the rules file at path.
func LoadPath(path string, getenv func(string) string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return LoadFile(fh, path, getenv)
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CheckName reports whether name can name a rule or a sink: letters,
// digits, '.', '_' and '-', up to 64, starting with a letter or digit.
func CheckName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("name %q: use letters, digits, '.', '_' and '-' (up to 64, starting with a letter or digit)", name)
	}
	return nil
}

func fileRule(n *yaml.Node) (FileRule, error) {
	fr := FileRule{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return fr, fmt.Errorf("a rule is a mapping with name: and rule: (or kind: and clauses)")
	}
	var text, kind, hold string
	var clauses []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		val, err := scalarText(k, v)
		if err != nil {
			return fr, err
		}
		switch k {
		case "name":
			fr.Name = val
		case "rule":
			text = val
		case "kind":
			kind = strings.ToLower(val)
		case "for":
			hold = val
		default:
			clauses = append(clauses, k, val)
		}
	}
	if err := CheckName(fr.Name); err != nil {
		return fr, fmt.Errorf("rule: %w", err)
	}
	if (text == "") == (kind == "") {
		return fr, fmt.Errorf("rule %s: give either rule: (one line of the rule language) or kind: with its clauses", fr.Name)
	}
	if text != "" && len(clauses) > 0 {
		return fr, fmt.Errorf("rule %s: rule: already says everything; %s: is extra", fr.Name, clauses[0])
	}
	if text == "" {
		text = clausesText(kind, clauses)
	}
	if hold != "" {
		text += " for " + hold
	}
	spec, err := ParseRule(text)
	if err != nil {
		return fr, fmt.Errorf("rule %s: %w", fr.Name, err)
	}
	fr.Spec = spec
	return fr, nil
}

// clausesText writes a structured rule as rule text: the keys a kind
// takes in first place go there, the rest become "key value" clauses.
func clausesText(kind string, kv []string) string {
	var head, rest []string
	head = append(head, kind)
	for i := 0; i+1 < len(kv); i += 2 {
		k, v := strings.ReplaceAll(kv[i], "_", "-"), kv[i+1]
		switch {
		case kind == "tone" && k == "dyad", kind == "market" && k == "series":
			head = append(head, v)
		case kind == "deadline" && (k == "due" || k == "passed"):
			head = append(head, k)
			if v != "true" && v != "" {
				rest = append(rest, "within", v)
			}
		case (kind == "claim" && k == "denial") || (kind == "tone" && k == "one-way"):
			if v == "true" {
				head = append(head, k)
			}
		case kind == "tone" && k == "change":
			rest = append(rest, v)
		default:
			rest = append(rest, k, v)
		}
	}
	return strings.Join(append(head, rest...), " ")
}

// scalarText renders a clause value: a scalar as written (a phrase with
// spaces quoted), a list joined by commas, an "of:" mapping as its clauses.
func scalarText(key string, v *yaml.Node) (string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if (key == "keyword" || key == "about") && strings.ContainsAny(v.Value, " \t,<>=\"") {
			return quote(v.Value), nil
		}
		return v.Value, nil
	case yaml.SequenceNode:
		var parts []string
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("line %d: %s: want a list of plain values", item.Line, key)
			}
			parts = append(parts, item.Value)
		}
		return strings.Join(parts, ","), nil
	case yaml.MappingNode:
		if key != "of" {
			return "", fmt.Errorf("line %d: %s: want a value or a list, not a mapping", v.Line, key)
		}
		parts := []string{"event"}
		for i := 0; i+1 < len(v.Content); i += 2 {
			val, err := scalarText(v.Content[i].Value, v.Content[i+1])
			if err != nil {
				return "", err
			}
			parts = append(parts, v.Content[i].Value, val)
		}
		return strings.Join(parts, " "), nil
	}
	return "", fmt.Errorf("line %d: %s: unreadable value", v.Line, key)
}

var envRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

func fileSink(n *yaml.Node, getenv func(string) string) (FileSink, error) {
	fs := FileSink{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return fs, fmt.Errorf("a sink is a mapping with the keys name and webhook")
	}
	var missing []string
	expand := func(s string) string {
		return envRE.ReplaceAllStringFunc(s, func(m string) string {
			v := ""
			if getenv != nil {
				v = getenv(m[2 : len(m)-1])
			}
			if v == "" {
				missing = append(missing, m)
			}
			return v
		})
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return fs, fmt.Errorf("sink %s: want a plain value", k)
		}
		switch k {
		case "name":
			fs.Name = v.Value
		case "webhook", "url":
			fs.URL = expand(v.Value)
		case "secret":
			fs.Secret = expand(v.Value)
		case "allow_private", "allow-private":
			fs.AllowPrivate = v.Value == "true" || v.Value == "yes"
		default:
			return fs, fmt.Errorf("sink: unknown key %q (want name, webhook, secret, allow_private)", k)
		}
	}
	if err := CheckName(fs.Name); err != nil {
		return fs, fmt.Errorf("sink: %w", err)
	}
	if len(missing) > 0 {
		return fs, fmt.Errorf("sink %s: %s not set in the environment", fs.Name, strings.Join(missing, ", "))
	}
	if fs.URL == "" {
		return fs, fmt.Errorf("sink %s: webhook: the URL to POST to is missing", fs.Name)
	}
	return fs, nil
}
