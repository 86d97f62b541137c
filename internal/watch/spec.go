package watch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// Kind is what a rule watches.
type Kind string

// The kinds of rule.
const (
	KindDeadline Kind = "deadline" // a deadline coming due, or passed
	KindEvent    Kind = "event"    // a story matching a pattern
	KindTone     Kind = "tone"     // a dyad's tone departing from its trailing window
	KindClaim    Kind = "claim"    // a denial by an actor, a claim about a pair
	KindMarket   Kind = "market"   // an abnormal return near a matching story
)

// Defaults where a rule says nothing.
const (
	DefaultEventWindow  = 7 * day  // how long a story keeps its alert
	DefaultPassedWindow = 30 * day // how long after passing a deadline still alerts
	DefaultMarketDays   = 3 * day  // sessions after a story a move counts in
	DefaultMarketK      = 2.0
	DefaultToneK        = 2.0
)

// Spec is a parsed rule. Which fields count depends on Kind; String writes
// it back as canonical rule text.
type Spec struct {
	Kind Kind `json:"kind" yaml:"kind"`

	// Deadline: Passed picks "passed" over "due"; Within is the span
	// ahead (due) or behind (passed) of the evaluation time.
	Passed        bool     `json:"passed,omitempty" yaml:"passed,omitempty"`
	Involving     []string `json:"involving,omitempty" yaml:"involving,omitempty"`
	DeadlineKinds []string `json:"deadline_kinds,omitempty" yaml:"kinds,omitempty"`
	// Statuses are deadline statuses (open, met, missed, unknown) for
	// deadlines, story statuses for events.
	Statuses []string `json:"statuses,omitempty" yaml:"status,omitempty"`
	// About is a phrase the deadline's or claim's text must hold.
	About string `json:"about,omitempty" yaml:"about,omitempty"`

	// Within is the rule's window: how far ahead a deadline may be due,
	// how long ago it may have passed, how old a story or claim may be,
	// how many days after a story a market move counts.
	Within time.Duration `json:"within,omitempty" yaml:"-"`

	// Event (and the story a market move must follow).
	Story StoryMatch `json:"story,omitzero" yaml:",inline"`

	// Tone: the dyad (both directions unless OneWay), the period (day,
	// week or month), the
	// direction of change (down, up or any), the threshold in standard
	// deviations, the trailing window in periods and the metric.
	Dyad    Pair    `json:"dyad,omitzero" yaml:"-"`
	OneWay  bool    `json:"one_way,omitempty" yaml:"one_way,omitempty"`
	Period  string  `json:"period,omitempty" yaml:"by,omitempty"`
	Change  string  `json:"change,omitempty" yaml:"change,omitempty"`
	K       float64 `json:"k,omitempty" yaml:"beyond,omitempty"`
	Periods int     `json:"periods,omitempty" yaml:"window,omitempty"`
	Metric  string  `json:"metric,omitempty" yaml:"metric,omitempty"`

	// Claim: denials only, by whom, about which pair.
	Denial   bool     `json:"denial,omitempty" yaml:"denial,omitempty"`
	Speakers []string `json:"speakers,omitempty" yaml:"-"`
	Pair     Pair     `json:"pair,omitzero" yaml:"-"`

	// Market: the stored series.
	Series string `json:"series,omitempty" yaml:"series,omitempty"`

	// For holds a new alert pending this long before it fires.
	For time.Duration `json:"for,omitempty" yaml:"-"`
}

// Pair is two country (or actor-code) sides.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// IsZero reports whether the pair is unset.
func (p Pair) IsZero() bool { return p.A == "" && p.B == "" }

func (p Pair) String() string { return p.A + "-" + p.B }

// StoryMatch is the pattern a story must fit. Countries and codes are
// upper case; empty fields match anything.
type StoryMatch struct {
	Actors     []string `json:"actors,omitempty" yaml:"actor,omitempty"`   // either side
	Sources    []string `json:"sources,omitempty" yaml:"source,omitempty"` // the acting side
	Targets    []string `json:"targets,omitempty" yaml:"target,omitempty"` // the side acted on
	Dyad       Pair     `json:"dyad,omitzero" yaml:"-"`                    // the two sides, either way
	Codes      []string `json:"cameo,omitempty" yaml:"cameo,omitempty"`    // CAMEO codes or prefixes
	Roots      []string `json:"roots,omitempty" yaml:"root,omitempty"`     // two-digit CAMEO roots
	Quads      []int    `json:"quads,omitempty" yaml:"quad,omitempty"`     // 1–4
	Goldstein  *Compare `json:"goldstein,omitempty" yaml:"-"`
	Statuses   []string `json:"statuses,omitempty" yaml:"-"` // story statuses
	Keyword    string   `json:"keyword,omitempty" yaml:"keyword,omitempty"`
	MinSources int      `json:"min_sources,omitempty" yaml:"sources,omitempty"`
}

// IsZero reports whether the match has no constraint.
func (m StoryMatch) IsZero() bool {
	return len(m.Actors) == 0 && len(m.Sources) == 0 && len(m.Targets) == 0 && m.Dyad.IsZero() &&
		len(m.Codes) == 0 && len(m.Roots) == 0 && len(m.Quads) == 0 && m.Goldstein == nil &&
		len(m.Statuses) == 0 && m.Keyword == "" && m.MinSources == 0
}

// Compare is a numeric test: Op is <, <=, >, >= or =.
type Compare struct {
	Op    string  `json:"op"`
	Value float64 `json:"value"`
}

// Holds reports whether x passes the test.
func (c Compare) Holds(x float64) bool {
	switch c.Op {
	case "<":
		return x < c.Value
	case "<=":
		return x <= c.Value
	case ">":
		return x > c.Value
	case ">=":
		return x >= c.Value
	}
	return x == c.Value
}

func (c Compare) String() string { return c.Op + " " + formatNumber(c.Value) }

func formatNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Vocabularies the parser checks against.
var (
	deadlineKinds    = []string{"expiry", "deadline", "scheduled", "ultimatum"}
	deadlineStatuses = []string{"open", "met", "missed", "unknown"}
	storyStatuses    = []string{record.StatusCorroborated, record.StatusSingle, record.StatusDisputed, record.StatusNegated, record.StatusHedged}
	tonePeriods      = []string{"day", "week", "month"}
	toneMetrics      = []string{"mean", "sum"}
)

// String writes the spec as canonical rule text: parsing it gives the
// same Spec back.
func (s Spec) String() string {
	var w words
	w.add(string(s.Kind))
	switch s.Kind {
	case KindDeadline:
		if s.Passed {
			w.add("passed")
			if s.Within > 0 {
				w.add("within", FormatDuration(s.Within))
			}
		} else {
			w.add("due", "within", FormatDuration(s.Within))
		}
		w.list("involving", s.Involving)
		w.list("kind", s.DeadlineKinds)
		w.list("status", s.Statuses)
		w.quoted("about", s.About)
	case KindEvent:
		if s.Within > 0 {
			w.add("within", FormatDuration(s.Within))
		}
		s.Story.write(&w)
	case KindTone:
		w.add(s.Dyad.String())
		if s.OneWay {
			w.add("one-way")
		}
		if s.Period != "" {
			w.add("by", s.Period)
		}
		if s.Change != "" {
			w.add(s.Change)
		}
		if s.K > 0 {
			w.add("beyond", formatNumber(s.K)+"sd")
		}
		if s.Periods > 0 {
			w.add("window", strconv.Itoa(s.Periods))
		}
		if s.Metric != "" {
			w.add("metric", s.Metric)
		}
		if s.Within > 0 {
			w.add("within", FormatDuration(s.Within))
		}
	case KindClaim:
		if s.Denial {
			w.add("denial")
		}
		w.list("by", s.Speakers)
		if !s.Pair.IsZero() {
			w.add("about", s.Pair.String())
		}
		w.quoted("keyword", s.About)
		if s.Within > 0 {
			w.add("within", FormatDuration(s.Within))
		}
	case KindMarket:
		w.add(s.Series)
		if s.K > 0 {
			w.add("beyond", formatNumber(s.K)+"sd")
		}
		if s.Within > 0 {
			w.add("within", FormatDuration(s.Within))
		}
		if !s.Story.IsZero() {
			w.add("of", "event")
			s.Story.write(&w)
		}
	}
	if s.For > 0 {
		w.add("for", FormatDuration(s.For))
	}
	return strings.Join(w, " ")
}

func (m StoryMatch) write(w *words) {
	w.list("actor", m.Actors)
	w.list("source", m.Sources)
	w.list("target", m.Targets)
	if !m.Dyad.IsZero() {
		w.add("dyad", m.Dyad.String())
	}
	w.list("cameo", m.Codes)
	w.list("root", m.Roots)
	if len(m.Quads) > 0 {
		qs := make([]string, len(m.Quads))
		for i, q := range m.Quads {
			qs[i] = strconv.Itoa(q)
		}
		w.list("quad", qs)
	}
	if m.Goldstein != nil {
		w.add("goldstein", m.Goldstein.Op, formatNumber(m.Goldstein.Value))
	}
	w.list("status", m.Statuses)
	w.quoted("keyword", m.Keyword)
	if m.MinSources > 0 {
		w.add("sources", ">=", strconv.Itoa(m.MinSources))
	}
}

type words []string

func (w *words) add(s ...string) { *w = append(*w, s...) }

func (w *words) list(key string, vals []string) {
	if len(vals) > 0 {
		w.add(key, strings.Join(vals, ","))
	}
}

func (w *words) quoted(key, val string) {
	if val != "" {
		w.add(key, quote(val))
	}
}

// quote writes s between double quotes, escaping \ and ".
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// Validate checks what the grammar cannot: a kind's required parts and
// values inside their vocabularies. ParseRule calls it.
func (s Spec) Validate() error {
	switch s.Kind {
	case KindDeadline:
		if !s.Passed && s.Within <= 0 {
			return fmt.Errorf("deadline due needs a span: deadline due within 14d")
		}
		if !s.Passed && len(s.Statuses) > 0 {
			return fmt.Errorf("status applies to passed deadlines (deadline passed … status missed); a deadline coming due is open")
		}
		if err := inVocab("kind", s.DeadlineKinds, deadlineKinds); err != nil {
			return err
		}
		if err := inVocab("status", s.Statuses, deadlineStatuses); err != nil {
			return err
		}
	case KindEvent:
		if s.Story.IsZero() {
			return fmt.Errorf("event rule matches every story: say what to watch, e.g. event dyad USA-RUS root 04")
		}
	case KindTone:
		if s.Dyad.IsZero() {
			return fmt.Errorf("tone rule needs a dyad: tone USA-RUS")
		}
	case KindClaim:
		if !s.Denial && len(s.Speakers) == 0 && s.Pair.IsZero() && s.About == "" {
			return fmt.Errorf("claim rule matches every claim: say denial, by ACTOR, about A-B or keyword \"…\"")
		}
	case KindMarket:
		if s.Series == "" {
			return fmt.Errorf("market rule needs a stored series: market BRENT beyond 2sd within 3d of event …")
		}
		if s.Story.IsZero() {
			return fmt.Errorf("market rule needs the stories a move must follow: … of event actor RUS root 16")
		}
	default:
		return fmt.Errorf("unknown rule kind %q (want deadline, event, tone, claim or market)", s.Kind)
	}
	if s.Kind == KindEvent || s.Kind == KindMarket {
		if err := inVocab("status", s.Story.Statuses, storyStatuses); err != nil {
			return err
		}
		for _, q := range s.Story.Quads {
			if q < 1 || q > 4 {
				return fmt.Errorf("quad %d: want 1 (verbal cooperation) to 4 (material conflict)", q)
			}
		}
	}
	return nil
}

func inVocab(what string, vals, vocab []string) error {
	for _, v := range vals {
		if !slices.Contains(vocab, v) {
			return fmt.Errorf("%s %q: want one of %s", what, v, strings.Join(vocab, ", "))
		}
	}
	return nil
}
