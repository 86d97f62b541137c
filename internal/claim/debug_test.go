package claim

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

func TestDebugPrint(t *testing.T) {
	in := os.Getenv("CLAIM_TEXT")
	if in == "" {
		t.Skip()
	}
	x := New(nil)
	ref := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	for i, c := range x.Extract(text.Sentences(in), in, ref) {
		b, _ := json.Marshal(c)
		fmt.Println(i, string(b))
	}
}
