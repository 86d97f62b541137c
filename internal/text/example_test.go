package text_test

import (
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

func ExampleSentences() {
	article := "U.S. President Donald Trump met Vladimir Putin in Anchorage on Friday. \"It was\na good meeting,\" he said.\n    Gen. Keith Kellogg did not attend."
	for _, s := range text.Sentences(article) {
		fmt.Printf("%d %q\n", s.Index, text.Flat(s.Text))
	}
	// Output:
	// 0 "U.S. President Donald Trump met Vladimir Putin in Anchorage on Friday."
	// 1 "\"It was a good meeting,\" he said."
	// 2 "Gen. Keith Kellogg did not attend."
}

func ExampleResolveDates() {
	published := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC) // a Wednesday
	s := "Trump said on Friday that Russia had 50 days to agree, and talks will resume next week."
	for _, d := range text.ResolveDates(s, published) {
		fmt.Printf("%q %s %s\n", d.Text, d.Date, d.Precision)
	}
	// Output:
	// "on Friday" 2025-08-15 day
	// "next week" 2025-08-25 week
}

func ExampleNumberValue() {
	for _, s := range []string{"6%", "$1.13bn", "fifty", "a dozen"} {
		v, _ := text.NumberValue(s)
		fmt.Println(s, v)
	}
	// Output:
	// 6% 6
	// $1.13bn 1.13e+09
	// fifty 50
	// a dozen 12
}
