package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestOpenAPIMatchesTheServer walks every documented operation, calls it
// as documented (examples for the parameters, real ids for the path) and
// checks that the server answers with the documented status and a body
// that fits the documented schema; then that an unknown parameter and a
// missing token get their documented error objects. It also checks that
// every API route is documented and every documented path is served.
func TestOpenAPIMatchesTheServer(t *testing.T) {
	f := newFixture(t, openSQLite(t))
	addAlerts(t, f.st)
	addPlan(t, f.st)
	s, ts := newTestServer(t, f, Options{OpenRead: true, Rate: -1})

	var doc map[string]any
	if resp := call(t, "GET", ts.URL+"/api/v1/openapi.json", "", "", &doc); resp.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
	if doc["openapi"] != "3.0.3" {
		t.Fatalf("openapi version %v", doc["openapi"])
	}
	components := doc["components"].(map[string]any)["schemas"].(map[string]any)
	paths := doc["paths"].(map[string]any)

	// Every API route is documented, and nothing else is.
	documented := map[string]bool{}
	for p, item := range paths {
		for m := range item.(map[string]any) {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	for _, rt := range s.Routes() {
		name := rt.Method + " " + rt.Pattern
		if rt.API && !documented[name] {
			t.Errorf("route %s is not in the OpenAPI document", name)
		}
		delete(documented, name)
	}
	for name := range documented {
		t.Errorf("the OpenAPI document has %s, which the server does not route", name)
	}

	// Real ids for path parameters.
	story := f.storyIDs[0]
	var fd feedJSON
	call(t, "POST", ts.URL+"/api/v1/feeds", f.token, `{"url":"https://example.org/rss"}`, &fd)
	ids := map[string]string{"/api/v1/articles/{id}": f.hostileID, "/api/v1/stories/{id}": story, "/api/v1/feeds/{id}": strconv.FormatInt(fd.ID, 10),
		"/api/v1/documents/{name}": "peace-plan", "/api/v1/documents/{name}/diff": "peace-plan", "/api/v1/documents/{name}/stances": "peace-plan"}
	bodies := map[string]string{
		"POST /api/v1/articles": `{"title":"OpenAPI walk","date":"1987-10-09","text":"Negotiators met in Geneva on Friday to discuss arms control."}`,
		"POST /api/v1/feeds":    `{"url":"https://example.org/other.xml","interval":"1h"}`,
	}

	var names []string
	for p := range paths {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		for method, o := range paths[p].(map[string]any) {
			op := o.(map[string]any)
			name := strings.ToUpper(method) + " " + p
			t.Run(name, func(t *testing.T) {
				q := url.Values{}
				path := p
				for _, pr := range asList(op["parameters"]) {
					pm := pr.(map[string]any)
					pname := pm["name"].(string)
					if pm["in"] == "path" {
						id, ok := ids[p]
						if !ok {
							t.Fatalf("no id to fill {%s} of %s", pname, p)
						}
						path = strings.ReplaceAll(path, "{"+pname+"}", url.PathEscape(id))
						continue
					}
					if ex, ok := pm["example"].(string); ok {
						q.Set(pname, ex)
					} else if pm["required"] == true {
						t.Fatalf("required parameter %s has no example", pname)
					}
				}
				u := ts.URL + path
				if len(q) > 0 {
					u += "?" + q.Encode()
				}
				responses := op["responses"].(map[string]any)
				_, secured := op["security"]
				if secured {
					// Without a token: the documented 401.
					var e any
					resp := call(t, strings.ToUpper(method), u, "", bodies[name], &e)
					checkResponse(t, responses, components, resp.StatusCode, e, 401)
				}
				token := ""
				if secured {
					token = f.token
				}
				var body any
				resp := call(t, strings.ToUpper(method), u, token, bodies[name], &body)
				okStatus := 0
				for code := range responses {
					if c, _ := strconv.Atoi(code); c >= 200 && c < 300 && (okStatus == 0 || c > okStatus) {
						okStatus = c
					}
				}
				checkResponse(t, responses, components, resp.StatusCode, body, okStatus)

				// An unknown parameter: the documented 400 error object.
				if method == "get" {
					bad := u + sep(u) + "no_such_param=1"
					var e any
					resp := call(t, "GET", bad, "", "", &e)
					checkResponse(t, responses, components, resp.StatusCode, e, 400)
				}
			})
		}
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// checkResponse checks that status is want, that the document lists it,
// and that the body fits its schema.
func checkResponse(t *testing.T, responses, components map[string]any, status int, body any, want int) {
	t.Helper()
	if status != want {
		b, _ := json.Marshal(body)
		t.Fatalf("status %d, want %d: %.300s", status, want, b)
	}
	r, ok := responses[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Fatalf("status %d is not documented", status)
	}
	content, _ := r["content"].(map[string]any)
	if content == nil {
		if body != nil {
			t.Fatalf("status %d is documented without a body, but one came", status)
		}
		return
	}
	sch := content["application/json"].(map[string]any)["schema"].(map[string]any)
	if err := validate(body, sch, components, "$"); err != nil {
		t.Fatalf("status %d: body does not fit its schema: %v", status, err)
	}
}

// validate checks v against the subset of JSON Schema the document uses.
func validate(v any, sch, components map[string]any, at string) error {
	if ref, ok := sch["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		c, ok := components[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved %s", at, ref)
		}
		return validate(v, c, components, at)
	}
	if v == nil {
		if sch["nullable"] == true || len(sch) == 0 {
			return nil
		}
		return fmt.Errorf("%s: null where the schema does not allow it", at)
	}
	if all, ok := sch["allOf"].([]any); ok {
		for _, s := range all {
			if err := validate(v, s.(map[string]any), components, at); err != nil {
				return err
			}
		}
		return nil
	}
	switch sch["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		props, _ := sch["properties"].(map[string]any)
		for _, r := range asList(sch["required"]) {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		for k, val := range m {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validate(val, ps, components, at+"."+k); err != nil {
					return err
				}
			} else if ap, ok := sch["additionalProperties"].(map[string]any); ok {
				if err := validate(val, ap, components, at+"."+k); err != nil {
					return err
				}
			} else if props != nil {
				return fmt.Errorf("%s: property %q is not documented", at, k)
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		items, _ := sch["items"].(map[string]any)
		for i, x := range l {
			if err := validate(x, items, components, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
		if enum := asList(sch["enum"]); enum != nil && !slices.Contains(enum, v) {
			return fmt.Errorf("%s: %v is not one of %v", at, v, enum)
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			return fmt.Errorf("%s: %v, want an integer", at, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	}
	return nil
}
