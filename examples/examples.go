// Package examples holds the demo articles the team wrote about US–Russia–
// Ukraine events of 2024–2025, embedded so `sitrep demo` runs anywhere.
// They are our own short summaries; the outlets are invented.
package examples

import "embed"

// FS holds the example articles.
//
//go:embed *.md *.jsonl *.html
var FS embed.FS
