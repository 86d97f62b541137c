package text

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// render writes tokens as kind:text pairs for compact expectations.
func render(ts []Token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%s", t.Kind, t.Text)
	}
	return b.String()
}

func TestTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia's forces advanced.", "word:Russia possessive:'s word:forces word:advanced punct:."},
		{"the workers' union", "word:the word:workers possessive:' word:union"},
		{"Russia’s curly apostrophe", "word:Russia possessive:’s word:curly word:apostrophe"},
		{"it's what they're doing, we'll see", "word:it clitic:'s word:what word:they clitic:'re word:doing punct:, word:we clitic:'ll word:see"},
		{"They don't and won't.", "word:They word:don't word:and word:won't punct:."},
		{"O'Brien met D'Alema", "word:O'Brien word:met word:D'Alema"},
		{"so-called peace-keeping Russia-Ukraine", "word:so-called word:peace-keeping word:Russia-Ukraine"},
		{"1,234.56 and 3.5% and 6%", "number:1,234.56 word:and number:3.5% word:and number:6%"},
		{"$1.13bn (£600m) €5 ₽100", "currency:$ number:1.13bn punct:( currency:£ number:600m punct:) currency:€ number:5 currency:₽ number:100"},
		{"on 2025-08-15 at 10:30 won 2-1", "word:on number:2025-08-15 word:at number:10:30 word:won number:2-1"},
		{"7-3/8 pct 1990s 3rd 21st", "number:7-3/8 word:pct number:1990s number:3rd number:21st"},
		{"a 5-year-old F-16 and COVID-19, 3D", "word:a word:5-year-old word:F-16 word:and word:COVID-19 punct:, word:3D"},
		{"Gen. Smith met Mr. Jones.", "word:Gen. word:Smith word:met word:Mr. word:Jones punct:."},
		{"George W. Bush and J.R.R. Tolkien", "word:George word:W. word:Bush word:and word:J.R.R. word:Tolkien"},
		{"the U.S. and U.S.-led forces at 4 a.m.", "word:the word:U.S. word:and word:U.S. punct:- word:led word:forces word:at number:4 word:a.m."},
		{"on Jan. 8 it", "word:on word:Jan. number:8 word:it"},
		{`"Yes," he said.`, `quote:" word:Yes punct:, quote:" word:he word:said punct:.`},
		{"“pure fiction” and ‘lies’", "quote:“ word:pure word:fiction quote:” word:and quote:‘ word:lies quote:’"},
		{"'the peace talks' failed", "quote:' word:the word:peace word:talks quote:' word:failed"},
		{"wait... what -- no — yes", "word:wait punct:... word:what punct:-- word:no punct:— word:yes"},
		{"Zelensky: «нет»", "word:Zelensky punct:: quote:« word:нет quote:»"},
		{"AT&T #1 @x", "word:AT symbol:& word:T symbol:# number:1 symbol:@ word:x"},
		{"I.", "word:I punct:."},
		{"The No. 2 said no.", "word:The word:No. number:2 word:said word:no punct:."},
		{"", ""},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if r := render(got); r != tt.want {
			t.Errorf("Tokens(%q)\n got %s\nwant %s", tt.in, r, tt.want)
		}
		checkTokens(t, tt.in, got)
	}
}

// checkTokens asserts exact offsets, order, and that every byte that is
// not white space lies in a token.
func checkTokens(t testing.TB, s string, ts []Token) {
	t.Helper()
	prev := 0
	for i, tok := range ts {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
			t.Fatalf("token %d of %q: bad span [%d,%d) after %d", i, s, tok.Start, tok.End, prev)
		}
		if s[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %d: Text %q != %q", i, tok.Text, s[tok.Start:tok.End])
		}
		if tok.Kind < Word || tok.Kind > Symbol {
			t.Fatalf("token %d: bad kind %d", i, tok.Kind)
		}
		if gap := s[prev:tok.Start]; !allSpace(gap) {
			t.Fatalf("token %d of %q: bytes skipped: %q", i, s, gap)
		}
		prev = tok.End
	}
	if gap := s[prev:]; !allSpace(gap) {
		t.Fatalf("bytes skipped at the end of %q: %q", s, gap)
	}
}

func allSpace(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 || !unicode.IsSpace(r) {
			return false
		}
		s = s[size:]
	}
	return true
}

func TestAppendTokensDoesNotAllocate(t *testing.T) {
	s := "The U.S. military said on Friday it struck 40 targets worth $1.13bn, Russia's army said."
	buf := make([]Token, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendTokens(buf[:0], s) }); n != 0 {
		t.Errorf("AppendTokens with room allocates %v times", n)
	}
}

func TestKindString(t *testing.T) {
	if Word.String() != "word" || Symbol.String() != "symbol" || Kind(200).String() != "?" {
		t.Error("Kind.String")
	}
}
