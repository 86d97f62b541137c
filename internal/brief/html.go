package brief

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// HTML writes the brief as one self-contained page: inline CSS, charts as
// inline SVG images, no outside asset; html/template escapes every text.
func (b *Brief) HTML(w io.Writer) error {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, b); err != nil {
		return fmt.Errorf("brief: html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var pageTemplate = template.Must(template.New("brief").Funcs(template.FuncMap{
	"svg": func(svg []byte) template.URL {
		// An <img> of a data URI shows the chart inline and runs nothing
		// it might carry.
		return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg))
	},
	"side":      side,
	"pct":       func(x float64) string { return fmt.Sprintf("%+.2f%%", 100*x) },
	"num":       func(x float64) string { return fmt.Sprintf("%+.2f", x) },
	"pval":      pval,
	"stars":     Stars,
	"actors":    actorList,
	"join":      strings.Join,
	"weekMean":  weekMean,
	"when":      when,
	"alertHref": func(l store.AlertLink) string { return Link{ArticleID: l.ArticleID, URL: l.URL}.Href() },
}).Parse(pageHTML))

func side(a *record.Actor) string {
	if a == nil {
		return "?"
	}
	name := a.Name
	if name == "" {
		name = a.Text
	}
	if name == "" {
		return a.Country
	}
	if a.Country != "" && a.Country != name {
		return name + " (" + a.Country + ")"
	}
	return name
}

func pval(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

func actorList(as []record.Actor) string {
	var out []string
	for i := range as {
		s := side(&as[i])
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

func when(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", days)
}

// weekMean is a tone item's figures for the last week with stories.
func weekMean(t ToneItem) string {
	var parts []string
	for _, d := range t.Series.Directions {
		parts = append(parts, fmt.Sprintf("%s→%s %d stories, mean Goldstein %+.2f", d.Source, d.Target, d.Stories, d.GoldsteinMean))
	}
	return strings.Join(parts, "; ")
}

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}, {{.From}} to {{.To}}</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:46rem;padding:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #e3e3e3;padding-bottom:.2rem}
.meta{color:#555;font-size:.9rem}ol,ul{padding-left:1.3rem}li{margin:.55rem 0}
.tag{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;background:#eef;color:#223;margin-right:.3rem}
.corroborated{background:#e2f5e6;color:#13521f}.disputed{background:#fde7e7;color:#7a1010}.firing{background:#fde7e7;color:#7a1010}.pending{background:#fff4d6;color:#6a4a00}
q{font-style:italic}a{color:#1750a6;overflow-wrap:anywhere}img{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem;display:block;overflow-x:auto}th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eee}
.src{font-size:.85rem;color:#444}
@media (prefers-color-scheme:dark){body{background:#121212;color:#e6e6e6}a{color:#8ab4f8}.meta,.src{color:#aaa}h2{border-color:#333}th,td{border-color:#2a2a2a}}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{.From}} to {{.To}}{{if .Actors}} · {{join .Actors ", "}}{{end}} · written {{.Now.UTC.Format "2006-01-02 15:04 UTC"}}</p>
{{range .Notes}}<p class="meta">{{.}}</p>{{end}}

<h2 id="happened">What happened</h2>
{{if .Stories}}<ol>
{{range .Stories}}<li><strong>{{side .Story.Source}} → {{side .Story.Target}}: {{.Story.Label}}</strong>
 <span class="tag {{.Story.Status}}">{{.Story.Status}}</span><span class="tag">{{.Story.Sources}} independent source{{if ne .Story.Sources 1}}s{{end}}</span><span class="tag">Goldstein {{num .Story.Goldstein}}</span><br>
 <span class="meta">{{.Story.Date}}</span> <q>{{.Story.Text}}</q><br>
 <span class="src">{{range $i, $l := .Links}}{{if $i}} · {{end}}<a href="{{$l.Href}}">{{$l.Source}}: {{$l.Title}}</a>{{end}}</span></li>
{{end}}</ol>{{else}}<p>No stories in this period.</p>{{end}}

<h2 id="said">Who said what</h2>
{{if .Claims}}<ul>
{{range .Claims}}<li><strong>{{side .Claim.Speaker}}</strong> {{if eq .Claim.Stance "deny"}}<span class="tag disputed">denies</span>{{else}}<span class="tag">{{.Claim.Stance}}</span>{{end}}
 <q>{{.Claim.Text}}</q> <span class="meta">{{.Claim.Date}}</span>
 {{with .Denied}}<br><span class="src">denying {{side .Speaker}}: <q>{{.Text}}</q></span>{{end}}
 <br><span class="src"><a href="{{.Link.Href}}">{{.Link.Source}}: {{.Link.Title}}</a></span></li>
{{end}}</ul>{{else}}<p>No claims in this period.</p>{{end}}

<h2 id="deadlines">Deadlines ahead</h2>
{{if .Deadlines}}<table><thead><tr><th>Due</th><th>Left</th><th>What</th><th>Who</th><th>Source</th></tr></thead><tbody>
{{range .Deadlines}}<tr><td>{{.Deadline.Due}}</td><td>{{when .DaysLeft}}</td><td>{{.Deadline.What}} <span class="meta">({{.Deadline.Kind}})</span></td><td>{{actors .Deadline.Actors}}</td><td><a href="{{.Link.Href}}">{{.Link.Source}}</a></td></tr>
{{end}}</tbody></table>{{else}}<p>No open deadlines ahead.</p>{{end}}

<h2 id="tone">Tone between the pairs that matter</h2>
{{if .Tone}}{{range .Tone}}<h3>{{.A}} and {{.B}}</h3>
<p class="meta">{{weekMean .}}</p>
{{if .SVG}}<img src="{{svg .SVG}}" alt="Weekly tone between {{.A}} and {{.B}}" width="640">{{else}}<p>No stories between them in these weeks.</p>{{end}}
{{if .Shifts}}<ul>{{range .Shifts}}<li>{{.Source}}→{{.Target}}, week {{.Period}}: tone went {{.Change}} (z {{num .Z}}, {{.Stories}} stories)</li>{{end}}</ul>{{end}}
{{end}}{{else}}<p>No pair had stories in this period.</p>{{end}}

<h2 id="markets">Market reactions</h2>
{{if .Markets}}<table><thead><tr><th>Series</th><th>Story</th><th>Day 0</th><th>CAR 0..+1</th><th>z</th><th>p</th></tr></thead><tbody>
{{range .Markets}}<tr><td>{{.Series}}</td><td>{{.Story.Story.Date}} {{side .Story.Story.Source}} → {{side .Story.Story.Target}}: {{.Story.Story.Label}}</td>
{{if .Skipped}}<td colspan="4">{{.Skipped}}</td>{{else}}<td>{{.Day0}}</td><td>{{pct .CAR}}</td><td>{{num .Z}}</td><td>{{pval .P}}{{stars .P}}</td>{{end}}</tr>
{{end}}</tbody></table>
<p class="meta">Abnormal returns against each series' mean log return over the 120 to 6 sessions before the story; *** 1%, ** 5%, * 10%.</p>
{{else}}<p>{{.MarketsNote}}</p>{{end}}

<h2 id="watch">What to watch</h2>
{{if .Alerts}}<ul>
{{range .Alerts}}<li><span class="tag {{.State}}">{{.State}}</span> <strong>{{.Title}}</strong> <span class="meta">[{{.Rule}}]</span><br>{{.Summary}}
{{if .Links}}<br><span class="src">{{range $i, $l := .Links}}{{if $i}} · {{end}}<a href="{{alertHref $l}}">{{$l.Source}}: {{$l.Title}}</a>{{end}}</span>{{end}}</li>
{{end}}</ul>{{else}}<p>No alert is firing or pending (rules: sitrep watch).</p>{{end}}

<h2 id="sources">Sources</h2>
{{if .Sources}}<ol class="src">
{{range .Sources}}<li id="{{.Anchor}}">{{.Source}}, {{.Date}}: {{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}} <span class="meta">(sitrep show {{.ArticleID}})</span></li>
{{end}}</ol>{{else}}<p>No article is cited.</p>{{end}}
</body>
</html>
`
