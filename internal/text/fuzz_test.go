package text

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzSeeds are texts that have broken splitters and date parsers before:
// abbreviations, quotes left open, junk bytes, very long lines.
func fuzzSeeds() []string {
	long := strings.Repeat("The U.S. envoy met Gen. Smith on Friday, Jan. 8, and said \"no", 1700) // ~100 KB, one line
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*131 + i/7)
	}
	return []string{
		"",
		" ",
		".",
		"...",
		"…",
		"U.S.",
		"Mr.",
		"\"",
		"“unclosed quote. And more",
		"'single quote' it's the workers' union'",
		"Putin met Trump on Friday. The talks failed.\n\nNext paragraph.",
		"Showers continued in\nthe Bahia cocoa zone.\n    The dry period.\n Reuter",
		"The New START treaty expires on February 5, 2026; talks on February 30 and 2025-02-31.",
		"In 50 days, within 2 weeks' time, a few days ago, last Tuesday, by the end of the month.",
		"mid-February end-2025 year-end the day before yesterday 31/12/2025 99/99/9999",
		"$1.13bn 6% 1,234.56 7-3/8 2-1 10:30 1990s 3rd",
		long,
		strings.Repeat(".", 100000),
		strings.Repeat("a", 100000),
		strings.Repeat("\n", 1000) + strings.Repeat(" ", 1000),
		strings.Repeat("Jan 8 ", 20000),
		string(junk),
		"\xff\xfe\xfd. \xc3. \xe2\x80. \xe2\x80\xa6",
		"Ω. Σ? Ä! 東京。 Москва. «Да». „Nein“",
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ss := Sentences(s)
		checkSentences(t, s, ss)
		if again := AppendSentences(nil, s); len(again) != len(ss) {
			t.Fatalf("AppendSentences found %d sentences, Sentences %d", len(again), len(ss))
		}
	})
}

func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts := Tokens(s)
		checkTokens(t, s, ts)
		valid := utf8.ValidString(s)
		for _, tok := range ts {
			if valid && !utf8.ValidString(tok.Text) {
				t.Fatalf("token %q cuts a character of valid text", tok.Text)
			}
			if tok.Kind == Number {
				NumberValue(tok.Text) // must not panic
			}
		}
	})
}

func FuzzResolveDates(f *testing.F) {
	for i, s := range fuzzSeeds() {
		f.Add(s, int32(i*997))
	}
	base := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string, days int32) {
		d := int(days) % 73000 // refs from 1900 to 2099
		if d < 0 {
			d = -d
		}
		ref := base.AddDate(0, 0, d)
		checkDates(t, s, ResolveDates(s, ref))
	})
}

func FuzzNumberValue(f *testing.F) {
	for _, s := range []string{"6%", "1.13bn", "$61", "fifty", "a dozen", "three hundred and twenty", "1,234.5", "-", "a a", ",", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		NumberValue(s)
	})
}
