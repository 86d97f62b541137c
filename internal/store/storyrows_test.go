package store

import (
	"database/sql"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
)

// TestStoryJSONColumnsReadAsEncodingJSON checks that the hand readers of
// a story's JSON columns give what encoding/json gives, for what either
// dialect stores (SQLite keeps the text as written, PostgreSQL's jsonb
// prints it back with spaces and its own key order) and for what they
// leave to encoding/json (escapes, other keys, other types).
func TestStoryJSONColumnsReadAsEncodingJSON(t *testing.T) {
	objects := []string{
		`{"code":"USAGOV","country":"USA"}`,
		`{"code": "RUS", "name": "Russia", "text": "Moscow", "country": "RUS"}`,
		`{"igo":"NATO","code":"IGOWSTNAT"}`,
		` { "code" : "" } `,
		`{}`,
		`{"code":"a\"b","country":"X"}`,
		`{"code":"caf\u00e9"}`,
		`{"code":"ünï ☃"}`,
		`{"Code":"upper key"}`,
		`{"code":"x","extra":"ignored by encoding/json"}`,
		`{"code":"x","country":null}`,
		`{"code":"x","code":"last wins"}`,
		`{"name":"Geneva","country":"CHE"}`,
		`{"name":"tab\there"}`,
		`{"code":1}`,
		`{"code":"x",}`,
		`{"code":"x"} trailing`,
		`{"code":"x"`,
		`[1]`,
		`{"code":"bad` + "\xff" + `"}`,
	}
	for _, in := range objects {
		ns := sql.NullString{String: in, Valid: true}
		var wantA record.Actor
		errA := json.Unmarshal([]byte(in), &wantA)
		gotA, err := scanActor(ns)
		if (err != nil) != (errA != nil) {
			t.Errorf("actor %q: error %v, encoding/json's %v", in, err, errA)
		} else if err == nil && !reflect.DeepEqual(*gotA, wantA) {
			t.Errorf("actor %q: got %+v, encoding/json gives %+v", in, *gotA, wantA)
		}
		var wantL record.Location
		errL := json.Unmarshal([]byte(in), &wantL)
		gotL, err := scanLocation(ns)
		if (err != nil) != (errL != nil) {
			t.Errorf("location %q: error %v, encoding/json's %v", in, err, errL)
		} else if err == nil && !reflect.DeepEqual(*gotL, wantL) {
			t.Errorf("location %q: got %+v, encoding/json gives %+v", in, *gotL, wantL)
		}
	}
	for _, in := range []sql.NullString{{}, {Valid: true}, {String: "null", Valid: true}} {
		if a, err := scanActor(in); a != nil || err != nil {
			t.Errorf("actor %+v: got %+v, %v; want none", in, a, err)
		}
	}
	arrays := []string{`[]`, ` [ ] `, `["a"]`, `["Outlet 1", "Outlet 2"]`, `["a","b","c"]`, `["a\nb"]`, `["a",null]`, `["a",1]`, `["a",]`, `["a"`, `{}`, `["é","☃"]`}
	for _, in := range arrays {
		want := []string{}
		errW := json.Unmarshal([]byte(in), &want)
		got, err := scanStrings(sql.NullString{String: in, Valid: true})
		if (err != nil) != (errW != nil) {
			t.Errorf("outlets %q: error %v, encoding/json's %v", in, err, errW)
		} else if err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("outlets %q: got %#v, encoding/json gives %#v", in, got, want)
		}
	}
	if got, err := scanStrings(sql.NullString{}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("NULL outlets: got %#v, %v; want an empty list", got, err)
	}
}
