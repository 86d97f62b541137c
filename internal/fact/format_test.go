package fact

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/record"
)

// deadlineString writes a deadline in the compact form the table tests
// compare: kind due/precision status "what" [actor codes].
func deadlineString(d record.Deadline) string {
	var codes []string
	for _, a := range d.Actors {
		codes = append(codes, a.Code)
	}
	return fmt.Sprintf("%s %s/%s %s %q [%s]", d.Kind, d.Due, d.Precision, d.Status, d.What, strings.Join(codes, " "))
}

// factString writes a fact in the compact form the table tests compare:
// kind "subject" value unit direction date/precision, "-" for empty
// fields.
func factString(f record.Fact) string {
	return fmt.Sprintf("%s %q %s %s %s %s/%s", f.Kind, f.Subject, strconv.FormatFloat(f.Value, 'g', -1, 64),
		orDash(f.Unit), orDash(f.Direction), orDash(f.Date), orDash(f.Precision))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
