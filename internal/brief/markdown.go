package brief

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Markdown writes the brief as CommonMark with pipe tables (GitHub's
// flavour); outside text is escaped so it cannot open links, emphasis or
// raw HTML.
func (b *Brief) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("# %s\n\n", md(b.Title))
	meta := b.From + " to " + b.To
	if len(b.Actors) > 0 {
		meta += " · " + md(strings.Join(b.Actors, ", "))
	}
	p("_%s · written %s_\n\n", meta, b.Now.UTC().Format("2006-01-02 15:04 UTC"))
	for _, n := range b.Notes {
		p("%s\n\n", md(n))
	}

	p("## What happened\n\n")
	if len(b.Stories) == 0 {
		p("No stories in this period.\n\n")
	}
	for i, s := range b.Stories {
		st := s.Story
		p("%d. **%s → %s: %s** (%s; %d independent source%s; Goldstein %+.1f)  \n", i+1, md(side(st.Source)), md(side(st.Target)), md(st.Label), st.Status, st.Sources, plural(st.Sources), st.Goldstein)
		p("   %s: “%s”  \n", st.Date, md(oneLine(st.Text)))
		var links []string
		for _, l := range s.Links {
			links = append(links, mdLink(l.Source+": "+l.Title, l.Href()))
		}
		p("   %s\n", strings.Join(links, " · "))
	}
	p("\n## Who said what\n\n")
	if len(b.Claims) == 0 {
		p("No claims in this period.\n\n")
	}
	for _, c := range b.Claims {
		verb := "says"
		if c.Claim.Stance == "deny" {
			verb = "denies"
		}
		p("- **%s** %s: “%s” (%s) — %s\n", md(side(c.Claim.Speaker)), verb, md(oneLine(c.Claim.Text)), c.Claim.Date, mdLink(c.Link.Source, c.Link.Href()))
		if c.Denied != nil {
			p("  - denying %s: “%s”\n", md(side(c.Denied.Speaker)), md(oneLine(c.Denied.Text)))
		}
	}
	p("\n## Deadlines ahead\n\n")
	if len(b.Deadlines) == 0 {
		p("No open deadlines ahead.\n\n")
	} else {
		p("| Due | Left | What | Who | Source |\n|---|---|---|---|---|\n")
		for _, d := range b.Deadlines {
			p("| %s | %s | %s (%s) | %s | %s |\n", d.Deadline.Due, when(d.DaysLeft), cell(d.Deadline.What), d.Deadline.Kind, cell(actorList(d.Deadline.Actors)), mdLink(d.Link.Source, d.Link.Href()))
		}
		p("\n")
	}
	p("## Tone between the pairs that matter\n\n")
	if len(b.Tone) == 0 {
		p("No pair had stories in this period.\n\n")
	}
	for _, t := range b.Tone {
		if t.SVG == nil {
			p("### %s and %s\n\nNo stories between them in these weeks.\n\n", md(t.A), md(t.B))
			continue
		}
		p("### %s and %s\n\n%s. The weekly chart is in the HTML brief.\n\n", md(t.A), md(t.B), md(weekMean(t)))
		p("| Week | %s→%s stories | mean | %s→%s stories | mean |\n|---|---|---|---|---|\n", t.A, t.B, t.B, t.A)
		d0, d1 := t.Series.Directions[0], t.Series.Directions[1]
		for i := range d0.Points {
			a, c := d0.Points[i], d1.Points[i]
			if a.Stories+c.Stories == 0 {
				continue
			}
			p("| %s | %d | %+.2f | %d | %+.2f |\n", a.Period, a.Stories, a.GoldsteinMean, c.Stories, c.GoldsteinMean)
		}
		p("\n")
		for _, sh := range t.Shifts {
			p("- %s→%s, week %s: tone went %s (z %+.2f, %d stories)\n", sh.Source, sh.Target, sh.Period, sh.Change, sh.Z, sh.Stories)
		}
		if len(t.Shifts) > 0 {
			p("\n")
		}
	}
	p("## Market reactions\n\n")
	if len(b.Markets) == 0 {
		p("%s\n\n", md(b.MarketsNote))
	} else {
		p("| Series | Story | Day 0 | CAR 0..+1 | z | p |\n|---|---|---|---|---|---|\n")
		for _, m := range b.Markets {
			st := m.Story.Story
			story := cell(st.Date + " " + side(st.Source) + " → " + side(st.Target) + ": " + st.Label)
			if m.Skipped != "" {
				p("| %s | %s | | %s | | |\n", cell(m.Series), story, cell(m.Skipped))
				continue
			}
			p("| %s | %s | %s | %+.2f%% | %+.2f | %s%s |\n", cell(m.Series), story, m.Day0, 100*m.CAR, m.Z, pval(m.P), strings.ReplaceAll(Stars(m.P), "*", `\*`))
		}
		p("\nAbnormal returns against each series' mean log return over the 120 to 6 sessions before the story; \\*\\*\\* 1%%, \\*\\* 5%%, \\* 10%%.\n\n")
	}
	p("## What to watch\n\n")
	if len(b.Alerts) == 0 {
		p("No alert is firing or pending (rules: `sitrep watch`).\n\n")
	}
	for _, a := range b.Alerts {
		var links []string
		for _, l := range a.Links {
			links = append(links, mdLink(l.Source+": "+l.Title, Link{ArticleID: l.ArticleID, URL: l.URL}.Href()))
		}
		p("- **%s** %s \\[%s\\]  \n  %s", a.State, md(a.Title), md(a.Rule), md(oneLine(a.Summary)))
		if len(links) > 0 {
			p("  \n  %s", strings.Join(links, " · "))
		}
		p("\n")
	}
	p("\n## Sources\n\n")
	for i, l := range b.Sources {
		title := md(l.Title)
		if l.URL != "" {
			title = mdLink(l.Title, l.URL)
		}
		p("%d. <a id=\"%s\"></a>%s, %s: %s (`sitrep show %s`)\n", i+1, l.Anchor(), md(l.Source), l.Date, title, l.ArticleID)
	}
	return bw.Flush()
}

// md escapes the characters Markdown would read as markup, and < so no
// raw HTML passes.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`,
	"#", `\#`, "<", "&lt;", ">", "&gt;", "|", `\|`, "!", `\!`, "~", `\~`, "\n", " ", "\r", " ")

func md(s string) string { return mdEscaper.Replace(s) }

// cell is text for a table cell.
func cell(s string) string { return md(oneLine(s)) }

// mdLink writes [text](url) with the url's spaces and brackets encoded.
func mdLink(text, url string) string {
	u := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(url)
	return "[" + md(oneLine(text)) + "](" + u + ")"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
