package watch

import (
	"fmt"
	"io"
	"strings"

	"github.com/sitrep/sitrep/internal/store"
)

// FormatNotice writes a notice for a person at a terminal: the status,
// the rule and the title on one line, then the summary and the links.
func FormatNotice(w io.Writer, n store.Notice) {
	state := "FIRING  "
	if n.Status == NoticeResolved {
		state = "RESOLVED"
	}
	fmt.Fprintf(w, "%s [%s] %s\n", state, n.Rule, termSafe(n.Title))
	if n.Summary != "" {
		fmt.Fprintf(w, "         %s\n", termSafe(n.Summary))
	}
	for _, l := range n.Links {
		ref := l.URL
		if ref == "" {
			ref = "sitrep show " + l.ArticleID
		}
		fmt.Fprintf(w, "         %s  %s\n", termSafe(ref), termSafe(strings.TrimSpace(l.Source+" "+l.Title)))
	}
}

// termSafe drops control characters, so outside text cannot drive the
// terminal.
func termSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
