package claim

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// FuzzExtract: no input makes the extractor panic, hang, or give a record
// that points outside the article.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`"We will never accept this," Putin said.`,
		`"Unclosed quote, Putin said. And more text follows without end`,
		`He said "outer 'inner "deep" inner' outer" and left.`,
		`“Curly open ”wrong close“ ”, said Peskov.`,
		`"" "" "" said he said she said they said`,
		`According to , said said said "`,
		`"A," he said, "B," she said, "C."` + "\n\n" + `"D.` + "\n\n" + `"E," they said.`,
		`Путин заявил: «Мы никогда не согласимся», — сказал Песков.`,
		`« Nous ne céderons jamais », a déclaré le président.`,
		`普京说：“我们永远不会接受。”`,
		`X's book claimed that. The Kremlin called that "pure fiction". Peskov denied the report.`,
		"\"\xff\xfe\" said \xc3",
		`, said , according to , told : " ' ‘ ’ “ ” „ « »`,
	} {
		f.Add(s)
	}
	x := New(nil)
	ref := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		sents := text.Sentences(s)
		cs := x.Extract(sents, s, ref)
		checkClaims(t, cs, sents)
	})
}

func checkClaims(t *testing.T, cs []record.Claim, sents []text.Sentence) {
	t.Helper()
	valid := true
	for _, s := range sents {
		valid = valid && utf8.ValidString(s.Text)
	}
	for i, c := range cs {
		if c.Sentence < 0 || c.Sentence >= len(sents) {
			t.Fatalf("claim %d: sentence %d of %d", i, c.Sentence, len(sents))
		}
		if c.Kind != KindQuote && c.Kind != KindReported {
			t.Fatalf("claim %d: kind %q", i, c.Kind)
		}
		if len(c.Text) > maxText+8 {
			t.Fatalf("claim %d: text of %d bytes", i, len(c.Text))
		}
		if c.Denies != "" && !strings.HasPrefix(c.Denies, "#") {
			t.Fatalf("claim %d: denies %q", i, c.Denies)
		}
		if valid && !utf8.ValidString(c.Text) {
			t.Fatalf("claim %d: text not UTF-8: %q", i, c.Text)
		}
	}
}

// TestBadInput: the shapes the issue names, at full size, in bounded time.
func TestBadInput(t *testing.T) {
	x := New(nil)
	ref := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	para := `Officials said the talks would resume on Friday. "We are ready," Peskov told reporters, adding that Moscow wanted results. ` +
		`According to Interfax, the delegation left. The Kremlin called the report "pure fiction". `
	cases := map[string]string{
		"5MB article":      strings.Repeat(para+"\n\n", 5<<20/len(para)),
		"one long quote":   `"` + strings.Repeat("We will stand firm and we will not yield to pressure. ", 40000) + `" Putin said.`,
		"unclosed quotes":  strings.Repeat(`He said "it will never end. `, 20000),
		"nested quotes":    strings.Repeat(`"She said 'he said "no" to them' twice," Smith said. `, 20000),
		"non-English text": strings.Repeat("Путин заявил, что «переговоры продолжатся». 普京说：“我们永远不会接受。” ", 20000),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && len(in) > 1<<20 {
				t.Skip("a large input; run without -short")
			}
			start := time.Now()
			sents := text.Sentences(in)
			cs := x.Extract(sents, in, ref)
			checkClaims(t, cs, sents)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("%s took %v", name, d)
			}
			t.Logf("%d bytes, %d sentences, %d claims, %v", len(in), len(sents), len(cs), time.Since(start))
		})
	}
}
