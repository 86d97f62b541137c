package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// schemas derives OpenAPI schemas from the Go types the API encodes, so
// the document cannot drift from what encoding/json writes. Every named
// struct becomes a component referenced by $ref.
type schemas struct {
	components map[string]any
	names      map[reflect.Type]string
}

func newSchemas() *schemas {
	return &schemas{components: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// ref returns the schema of v's type, registering components as needed.
func (s *schemas) ref(v any) map[string]any { return s.of(reflect.TypeOf(v)) }

func (s *schemas) of(t reflect.Type) map[string]any {
	if t == rawType {
		return map[string]any{} // any JSON value
	}
	switch t.Kind() {
	case reflect.Pointer:
		sch := s.of(t.Elem())
		return nullable(sch)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		return map[string]any{"type": "array", "items": s.of(t.Elem()), "nullable": true}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem()), "nullable": true}
	case reflect.Interface:
		return map[string]any{}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Struct:
		if t == timeType {
			return map[string]any{"type": "string", "format": "date-time"}
		}
		name := t.Name()
		if name == "" || strings.Contains(name, "[") {
			return s.object(t)
		}
		if prev, ok := s.names[t]; ok {
			return map[string]any{"$ref": "#/components/schemas/" + prev}
		}
		key := name
		for n := 2; s.components[key] != nil; n++ {
			key = name + string(rune('0'+n))
		}
		s.names[t] = key
		s.components[key] = map[string]any{} // placeholder for recursion
		s.components[key] = s.object(t)
		return map[string]any{"$ref": "#/components/schemas/" + key}
	}
	return map[string]any{}
}

// nullable marks a schema as allowing null; a $ref is wrapped, as OpenAPI
// 3.0 ignores siblings of $ref.
func nullable(sch map[string]any) map[string]any {
	if _, ok := sch["$ref"]; ok {
		return map[string]any{"allOf": []any{sch}, "nullable": true}
	}
	out := map[string]any{}
	for k, v := range sch {
		out[k] = v
	}
	out["nullable"] = true
	return out
}

// object is a struct's schema as encoding/json writes it: exported fields
// under their JSON names, embedded structs flattened, fields with
// omitempty or omitzero optional.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = s.of(f.Type)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	sch := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sch["required"] = required
	}
	return sch
}
