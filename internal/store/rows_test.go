package store

import (
	"encoding/json"
	"testing"
)

func TestEncodeStringMap(t *testing.T) {
	in := map[string]string{"b": "tab\there \"quoted\" back\\slash", "a": "ctl\x01\x1f and ünï", "": "", "bad": "\xff"}
	var out map[string]string
	if err := json.Unmarshal([]byte(encodeStringMap(in)), &out); err != nil {
		t.Fatalf("not JSON: %v: %s", err, encodeStringMap(in))
	}
	for k, v := range in {
		if k == "bad" {
			continue
		}
		if out[k] != v {
			t.Errorf("%q: got %q, want %q", k, out[k], v)
		}
	}
}

func FuzzEncodeStringMap(f *testing.F) {
	f.Add("k", "v\x00\"\\")
	f.Fuzz(func(t *testing.T, k, v string) {
		var out map[string]string
		if err := json.Unmarshal([]byte(encodeStringMap(map[string]string{k: v})), &out); err != nil {
			t.Fatal(err)
		}
	})
}
