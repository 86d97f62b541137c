// Package text owns the low-level reading of news prose: splitting an article
// into sentences, a sentence into tokens, finding and resolving the date
// expressions a sentence gives against the article's date, and reading the
// value of a written number. It is pure logic: values in, values out, no
// clock; the reference date always comes in as a parameter.
package text
