package eval

import (
	"html"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// PETRARCH's validation files are XML: an <Environment> naming the
// dictionaries and the categories to run, then <Sentences>, each
//
//	<Sentence date="19950101" id="DEMO-01" category="DEMO" valid="true">
//	<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
//	<Text>…</Text>
//	<Parse>…</Parse>
//	</Sentence>
//
// with <EventCoding noevents="True"> for a sentence that codes nothing and
// <EventCoding error="…"> for one PETRARCH must reject; a sentence with no
// <EventCoding> at all expects nothing (PETRARCH treats it so). <Config>
// elements between sentences change PETRARCH's options for what follows.
// The PETRARCH-2 copy says sentence= where PETRARCH-1 says valid=, the GSR
// says evaluate=, and the UD copy says source= for category=.
//
// PETR2_GSR_validation.xml is not well-formed (a "#" header, and each
// <Sentence …/> is self-closed yet followed by </Sentence>), so this is a
// small lenient reader rather than encoding/xml: a sentence runs from its
// <Sentence> tag to </Sentence> or the next <Sentence>. <Parse> is skipped
// unread.

// petrarchDefaults are PETRARCH's option defaults (PETRglobals.py) for the
// options the suites change.
var petrarchDefaults = map[string]string{
	"new_actor_length": "0",
	"require_dyad":     "true",
	"comma_min":        "2", "comma_max": "8",
	"comma_bmin": "0", "comma_bmax": "0",
	"comma_emin": "2", "comma_emax": "8",
}

// petrarchConfig tracks <Config> options.
type petrarchConfig map[string]string

func (c petrarchConfig) set(option, value string) {
	option = strings.ToLower(strings.TrimSpace(option))
	value = strings.TrimSpace(value)
	switch {
	case option == "require_dyad":
		value = strconv.FormatBool(!strings.Contains(strings.ToLower(value), "false"))
	case option == "new_actor_length" || strings.HasPrefix(option, "comma_"):
		if n, err := strconv.Atoi(value); err == nil {
			value = strconv.Itoa(n)
		}
	default:
		return // stop_on_error and the like do not change what is coded
	}
	c[option] = value
}

// changed lists the options whose effect differs from PETRARCH's defaults.
// A comma clause kind whose maximum is 0 is off, whatever its minimum.
func (c petrarchConfig) changed() []string {
	get := func(k string) string {
		if v, ok := c[k]; ok {
			return v
		}
		return petrarchDefaults[k]
	}
	var out []string
	for _, k := range []string{"new_actor_length", "require_dyad"} {
		if get(k) != petrarchDefaults[k] {
			out = append(out, k)
		}
	}
	for _, kind := range []string{"", "b", "e"} {
		lo, hi := "comma_"+kind+"min", "comma_"+kind+"max"
		eff := func(get func(string) string) string {
			if get(hi) == "0" {
				return "off"
			}
			return get(lo) + "-" + get(hi)
		}
		if eff(get) != eff(func(k string) string { return petrarchDefaults[k] }) {
			out = append(out, lo+"/"+hi)
		}
	}
	sort.Strings(out)
	return out
}

// xmlTag is one tag as the lenient reader sees it.
type xmlTag struct {
	name        string // without "/"
	closing     bool   // </name>
	selfClosing bool   // <name … />
	attrs       map[string]string
	line        int
}

// petrarchReader walks a PETRARCH validation file.
type petrarchReader struct {
	file string
	data string
	pos  int
	line int // newlines before pos
}

func (r *petrarchReader) advance(n int) {
	r.line += strings.Count(r.data[r.pos:r.pos+n], "\n")
	r.pos += n
}

// next returns the text before the next tag and the tag; ok is false at
// the end of the input.
func (r *petrarchReader) next() (text string, tag xmlTag, ok bool, err error) {
	for {
		i := strings.IndexByte(r.data[r.pos:], '<')
		if i < 0 {
			text = r.data[r.pos:]
			r.advance(len(r.data) - r.pos)
			return text, xmlTag{}, false, nil
		}
		text += r.data[r.pos : r.pos+i]
		r.advance(i)
		rest := r.data[r.pos:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			j := strings.Index(rest[4:], "-->")
			if j < 0 {
				return "", xmlTag{}, false, errorf(r.file, r.line+1, "comment is not closed")
			}
			r.advance(4 + j + 3)
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			j := strings.Index(rest, "]]>")
			if j < 0 {
				return "", xmlTag{}, false, errorf(r.file, r.line+1, "CDATA section is not closed")
			}
			text += rest[len("<![CDATA["):j]
			r.advance(j + 3)
			continue
		case strings.HasPrefix(rest, "<?") || strings.HasPrefix(rest, "<!"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return "", xmlTag{}, false, errorf(r.file, r.line+1, "declaration is not closed")
			}
			r.advance(j + 1)
			continue
		}
		tag, n, err := parseTag(rest)
		if err != nil {
			return "", xmlTag{}, false, errorf(r.file, r.line+1, "%v", err)
		}
		tag.line = r.line + 1
		r.advance(n)
		return text, tag, true, nil
	}
}

// skipTo moves past the next closing tag </name>, returning false when
// there is none.
func (r *petrarchReader) skipTo(name string) bool {
	j := strings.Index(r.data[r.pos:], "</"+name)
	if j < 0 {
		return false
	}
	r.advance(j)
	k := strings.IndexByte(r.data[r.pos:], '>')
	if k < 0 {
		return false
	}
	r.advance(k + 1)
	return true
}

// parseTag reads one tag at the start of s ("<" included) and returns it
// with its length.
func parseTag(s string) (xmlTag, int, error) {
	t := xmlTag{attrs: map[string]string{}}
	i := 1
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i++
	}
	start := i
	for i < len(s) && !isSpace(s[i]) && s[i] != '>' && s[i] != '/' {
		i++
	}
	t.name = s[start:i]
	if t.name == "" {
		return t, 0, errorString("a '<' that starts no tag")
	}
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t, 0, errorString("tag <" + t.name + "> is not closed")
		}
		switch s[i] {
		case '>':
			return t, i + 1, nil
		case '/':
			if i+1 < len(s) && s[i+1] == '>' {
				t.selfClosing = true
				return t, i + 2, nil
			}
			return t, 0, errorString("stray '/' in tag <" + t.name + ">")
		}
		ks := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		key := s[ks:i]
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			t.attrs[key] = "" // attribute without a value
			continue
		}
		i++
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t, 0, errorString("tag <" + t.name + "> is not closed")
		}
		var val string
		if q := s[i]; q == '"' || q == '\'' {
			j := strings.IndexByte(s[i+1:], q)
			if j < 0 {
				return t, 0, errorString("attribute " + key + " of <" + t.name + "> has no closing quote")
			}
			val = s[i+1 : i+1+j]
			i += j + 2
		} else {
			vs := i
			for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
				i++
			}
			val = s[vs:i]
		}
		t.attrs[key] = html.UnescapeString(val)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// petrarchSentence collects one sentence as it is read.
type petrarchSentence struct {
	c        Case
	valid    bool
	noEvents bool
	errType  string
	skip     bool
	config   []string // options changed from the defaults when it began
	stopped  bool
	parse    string // the raw <Parse>, kept only while the text is empty
}

// loadPETRARCH reads a PETRARCH validation file and finds its dictionaries.
func loadPETRARCH(path string, data []byte, format Format) (*Suite, error) {
	cases, env, err := parsePETRARCH(path, data)
	if err != nil {
		return nil, err
	}
	s := &Suite{Cases: cases}
	dir := filepath.Dir(path)
	for _, e := range env {
		for _, name := range strings.Split(e.val, ",") {
			switch e.tag {
			case "verbfile":
				s.Dicts.addDict(dir, name, &s.Dicts.Verbs)
			case "actorfile":
				s.Dicts.addDict(dir, name, &s.Dicts.Actors)
			case "agentfile":
				s.Dicts.addDict(dir, name, &s.Dicts.Agents)
			case "discardfile":
				s.Dicts.addDict(dir, name, &s.Dicts.Discards)
			case "picofile":
				s.Dicts.setDict(dir, name, &s.Dicts.PICO)
			}
		}
	}
	return s, nil
}

type envEntry struct{ tag, val string }

// parsePETRARCH reads the sentences of a PETRARCH validation file and the
// dictionary entries of its <Environment>.
func parsePETRARCH(file string, data []byte) ([]Case, []envEntry, error) {
	r := &petrarchReader{file: file, data: string(data)}
	var (
		cases    []Case
		env      []envEntry
		include  map[string]bool // nil: every category
		validOK  bool            // "valid" in <Include>: only valid sentences run
		cfg      = petrarchConfig{}
		cur      *petrarchSentence
		capture  string // element whose text is being collected
		buf      strings.Builder
		inEnv    bool
		stopped  bool
		sawRoot  bool
		finish   func() error
		envNames = map[string]bool{"verbfile": true, "actorfile": true, "agentfile": true, "discardfile": true, "picofile": true, "include": true, "exclude": true}
	)
	finish = func() error {
		if cur == nil {
			return nil
		}
		s := cur
		cur = nil
		c := s.c
		if c.Text == "" {
			c.Text = conllText(s.parse)
		}
		switch {
		case c.Text == "":
			c.Skip = "no-text"
		case s.stopped:
			c.Skip = "after-stop"
		case validOK && !s.valid:
			c.Skip = "not-valid"
		case include != nil && !include[c.Category]:
			c.Skip = "not-included: " + c.Category
		case len(s.config) > 0:
			c.Skip = "config-state: " + strings.Join(s.config, ", ")
		case s.skip:
			c.Skip = "skip-marked"
		case s.errType != "" && !strings.Contains(s.errType, "discard"):
			c.Skip = "error-test: " + s.errType
		}
		if (s.noEvents || s.errType != "") && len(c.Expected) > 0 {
			return errorf(file, c.Line, "sentence %s expects both no event and events", c.ID)
		}
		cases = append(cases, c)
		return nil
	}
	for {
		text, tag, ok, err := r.next()
		if err != nil {
			return nil, nil, err
		}
		if capture != "" {
			buf.WriteString(text)
		}
		if !ok {
			break
		}
		name := strings.ToLower(tag.name)
		if capture != "" && name != capture {
			continue // markup inside collected text is ignored
		}
		switch {
		case name == "validation":
			sawRoot = true
		case name == "environment":
			inEnv = !tag.closing && !tag.selfClosing
		case inEnv && envNames[name] && !tag.closing && !tag.selfClosing:
			capture = name
			buf.Reset()
		case capture != "" && tag.closing && name == capture:
			val := collapse(html.UnescapeString(buf.String()))
			switch {
			case inEnv && capture == "include":
				include = map[string]bool{}
				for _, w := range strings.Fields(val) {
					if w == "valid" {
						validOK = true
						continue
					}
					include[w] = true
				}
				if len(include) == 0 {
					include = nil // "valid" alone filters no category, as in PETRARCH
				}
			case inEnv && capture == "exclude":
				// Category exclusions: none of the suites use them.
			case inEnv:
				env = append(env, envEntry{capture, val})
			case capture == "text" && cur != nil:
				cur.c.Text = val
			}
			capture = ""
		case name == "parse" && !tag.closing && !tag.selfClosing:
			start := r.pos
			if !r.skipTo(tag.name) {
				return nil, nil, errorf(file, tag.line, "<Parse> is not closed")
			}
			if cur != nil && cur.c.Text == "" {
				// Kept only to recover a missing text; see conllText.
				cur.parse = r.data[start:r.pos]
			}
		case name == "sentence" && tag.closing:
			if err := finish(); err != nil {
				return nil, nil, err
			}
		case name == "sentence":
			if err := finish(); err != nil {
				return nil, nil, err
			}
			s, err := startSentence(file, tag)
			if err != nil {
				return nil, nil, err
			}
			s.config = cfg.changed()
			s.stopped = stopped
			cur = s
		case name == "sentences" && tag.closing:
			if err := finish(); err != nil {
				return nil, nil, err
			}
		case name == "text" && !tag.closing && !tag.selfClosing:
			if cur == nil {
				return nil, nil, errorf(file, tag.line, "<Text> outside a <Sentence>")
			}
			capture = "text"
			buf.Reset()
		case name == "eventcoding" && !tag.closing:
			if cur == nil {
				return nil, nil, errorf(file, tag.line, "<EventCoding> outside a <Sentence>")
			}
			if err := addCoding(file, cur, tag); err != nil {
				return nil, nil, err
			}
		case name == "skip" && !tag.closing:
			if cur != nil {
				cur.skip = true
			}
		case name == "config" && !tag.closing && !inEnv:
			cfg.set(tag.attrs["option"], tag.attrs["value"])
		case name == "stop" && !tag.closing:
			stopped = true
		}
	}
	if capture != "" {
		return nil, nil, errorf(file, r.line+1, "<%s> is not closed", capture)
	}
	if err := finish(); err != nil {
		return nil, nil, err
	}
	if !sawRoot {
		return nil, nil, errorf(file, 0, "no <Validation> element")
	}
	return cases, env, nil
}

// startSentence reads a <Sentence> tag's attributes.
func startSentence(file string, tag xmlTag) (*petrarchSentence, error) {
	a := tag.attrs
	s := &petrarchSentence{c: Case{ID: a["id"], Line: tag.line, Category: a["category"]}, valid: true}
	if s.c.Category == "" {
		s.c.Category = a["source"] // the UD copy's name for it
	}
	if s.c.ID == "" {
		return nil, errorf(file, tag.line, "<Sentence> without an id")
	}
	for _, k := range []string{"valid", "sentence", "evaluate"} {
		if v, ok := a[k]; ok {
			s.valid = strings.EqualFold(strings.TrimSpace(v), "true")
		}
	}
	d := strings.TrimSpace(a["date"])
	if (len(d) != 8 && len(d) != 6) || !allDigits(d) {
		return nil, errorf(file, tag.line, "sentence %s: date %q is not YYYYMMDD", s.c.ID, d)
	}
	y, _ := strconv.Atoi(d[:len(d)-4])
	m, _ := strconv.Atoi(d[len(d)-4 : len(d)-2])
	day, _ := strconv.Atoi(d[len(d)-2:])
	if len(d) == 6 { // one GSR sentence has a YYMMDD date; read it as TABARI would
		y += 1900
		if y < 1930 {
			y += 100
		}
	}
	t, ok := date(y, m, day)
	if !ok {
		return nil, errorf(file, tag.line, "sentence %s: %s is not a date", s.c.ID, d)
	}
	s.c.Date = t
	return s, nil
}

// addCoding adds one <EventCoding> to the sentence.
func addCoding(file string, s *petrarchSentence, tag xmlTag) error {
	a := tag.attrs
	if _, ok := a["noevents"]; ok {
		s.noEvents = true
		return nil
	}
	if e, ok := a["error"]; ok {
		s.errType = e
		return nil
	}
	t := Tuple{Source: a["sourcecode"], Target: a["targetcode"], Code: a["eventcode"]}
	if t.Source == "" || t.Target == "" || t.Code == "" {
		return errorf(file, tag.line, "sentence %s: <EventCoding> needs sourcecode, targetcode and eventcode", s.c.ID)
	}
	s.c.Expected = append(s.c.Expected, t)
	return nil
}

// conllText rebuilds a sentence's words from a CoNLL-U parse: the FORM
// column of each word line, a space after each unless its MISC column says
// SpaceAfter=No. One GSR sentence (abc12_3) has an empty <Text> and its
// words only in the parse; this is all eval ever takes from a parse.
func conllText(parse string) string {
	var b strings.Builder
	for _, line := range strings.Split(parse, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 10 || !allDigits(f[0]) {
			continue // comments, multiword ranges (1-2), empty nodes (1.1), tree markup
		}
		b.WriteString(html.UnescapeString(f[1]))
		if !strings.Contains(f[9], "SpaceAfter=No") {
			b.WriteByte(' ')
		}
	}
	return collapse(b.String())
}
