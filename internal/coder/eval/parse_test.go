package eval

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const tabariSample = `
####  a banner line, skipped

950101  DEMO-01
Arnor is about to restore full diplomatic ties with Gondor.
/*\n----
\n{ ARN / GON / 064 } */

950102  NONE-01
Arnor and Gondor played a match. /*
\n{---} */

950101  OPT-01
Switching agent conversion on.
/*\n{ OPTION: SET: CONVERT AGENT = TRUE } */

950101  CONV-01
Guerrillas are about to restore ties with Gondor.
/*\n{ ~REB / GON / 064 } */

950101  OPT-02
And off again.
/*\n{ OPTION: SET: CONVERT AGENT = FALSE } */

950101  OFF-01
Gondor attacked.
/*\n-{ GON / ARN / 190 } */

990101  FINAL-01
The end.

950101  LATE-01
After the end.
/*\n{ ARN / GON / 064 } */
`

func writeSuite(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadTABARISample(t *testing.T) {
	s, err := Load(writeSuite(t, "Validate.text", tabariSample))
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != FormatTABARI || s.Name == "" || !filepath.IsAbs(s.Path) {
		t.Errorf("suite %q %q %q", s.Format, s.Name, s.Path)
	}
	var got []string
	for _, c := range s.Cases {
		got = append(got, c.ID+"="+SkipKey(c.Skip))
	}
	want := []string{"DEMO-01=", "NONE-01=", "OPT-01=option-record", "CONV-01=option-state", "OPT-02=option-record", "OFF-01=unchecked", "FINAL-01=no-expectation", "LATE-01=after-final"}
	if !slices.Equal(got, want) {
		t.Errorf("records %v\nwant    %v", got, want)
	}
	c := s.Cases[0]
	if c.Line != 4 || c.Text != "Arnor is about to restore full diplomatic ties with Gondor." ||
		!c.Date.Equal(time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)) || !slices.Equal(c.Expected, []Tuple{{"ARN", "GON", "064"}}) {
		t.Errorf("first record %+v", c)
	}
	if s.Cases[1].Text != "Arnor and Gondor played a match." || len(s.Cases[1].Expected) != 0 {
		t.Errorf("no-event record %+v", s.Cases[1])
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"Validate.text", "950101  BAD-01\nArnor met Gondor.\n/*\n\\n{ ARN / GON } */\n", "Validate.text:4: record BAD-01: cannot read expected event"},
		{"PETR.UnitTest.records.xml", "<Validation><Sentences>\n<Sentence date=\"19950101\" id=\"X-1\" category=\"DEMO\" valid=\"true\">\n<EventCoding sourcecode=\"ARN\" eventcode=\"064\"></EventCoding>\n</Sentence></Sentences></Validation>", "PETR.UnitTest.records.xml:3: sentence X-1: <EventCoding> needs"},
		{"PETR.UnitTest.records.xml", "<Validation><Sentences>\n\n<Sentence date=\"1995\" id=\"X-1\">\n</Sentence></Sentences></Validation>", "PETR.UnitTest.records.xml:3: sentence X-1: date"},
		{"PETR2_GSR_validation.xml", "<Validation>\n<Sentences>\n<!-- open\n", "PETR2_GSR_validation.xml:3: comment is not closed"},
		{"PLOVER_GSR_CAMEO.txt", "[\n{\"id\": \"A\", \"event\": \"AGREE\", \"date\": \"2000-01-01\"},\n{\"id\": \"B\", \"event\": \"AGREE\", \"date\": \"yesterday\"}\n]", "PLOVER_GSR_CAMEO.txt:3: record B: date"},
		{"PLOVER_GSR_CAMEO.txt", "[\n{\"id\": \"A\", \"event\": \"AGREE\",\n \"source\": [{\"actorText\": \"x\"}]}]", "PLOVER_GSR_CAMEO.txt:2: record A: source: actor without a code"},
	} {
		_, err := Load(writeSuite(t, tc.name, tc.content))
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestLoadUnknownFormat(t *testing.T) {
	_, err := Load(writeSuite(t, "notes.md", "# just notes\n"))
	if !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("error %v, want ErrUnknownFormat", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "absent.text")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestPETRARCHConfigAndDicts(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "suite")
	other := filepath.Join(dir, "dicts")
	for _, d := range []string{sub, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(sub, "verbs.txt"), filepath.Join(other, "actors.txt")} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	xml := `<Validation>
<Environment>
  <Verbfile>verbs.txt</Verbfile>
  <Actorfile>actors.txt, gone.txt</Actorfile>
  <Include>valid DEMO</Include>
  <Config option="stop_on_error" value="True"></Config>
</Environment>
<Sentences>
<Sentence date="19950101" id="A" category="DEMO" valid="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor &amp; Gondor
met.</Text>
<Parse>(ROOT (S (NP (NNP Arnor)) <odd>))</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="19950101" id="B" category="DEMO" valid="true">
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>The government believes.</Text>
</Sentence>
<Config option="require_dyad" value="True"></Config>
<Config option="comma_bmin" value="3"></Config>
<Sentence date="19950101" id="C" category="OTHER" valid="true"><Text>x</Text></Sentence>
<Sentence date="19950101" id="D" category="DEMO" valid="false"><Text>x</Text></Sentence>
<Sentence date="19950101" id="E" category="DEMO" valid="true"/>
<EventCoding noevents="True"/>
<Text>Nothing happened.</Text>
</Sentence>
</Sentences>
</Validation>`
	p := filepath.Join(sub, "PETR.UnitTest.records.xml")
	if err := os.WriteFile(p, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Cases {
		got = append(got, c.ID+"="+c.Skip)
	}
	want := []string{"A=", "B=config-state: require_dyad", "C=not-included: OTHER", "D=not-valid", "E="}
	if !slices.Equal(got, want) {
		t.Errorf("records %v\nwant    %v", got, want)
	}
	if s.Cases[0].Text != "Arnor & Gondor met." || s.Cases[4].Text != "Nothing happened." || len(s.Cases[4].Expected) != 0 {
		t.Errorf("texts %q %q", s.Cases[0].Text, s.Cases[4].Text)
	}
	if !slices.Equal(s.Dicts.Verbs, []string{filepath.Join(sub, "verbs.txt")}) ||
		!slices.Equal(s.Dicts.Actors, []string{filepath.Join(other, "actors.txt")}) ||
		!slices.Equal(s.Dicts.Missing, []string{"gone.txt"}) {
		t.Errorf("dicts %+v", s.Dicts)
	}
}

func TestPLOVERNeedsItsTable(t *testing.T) {
	_, err := Load(writeSuite(t, "PLOVER_GSR_CAMEO.txt", `[{"id":"A","event":"AGREE"}]`))
	if err == nil || !strings.Contains(err.Error(), "CAMEO2PLOVER-2021.txt not found") {
		t.Errorf("error %v, want one naming the missing table", err)
	}
}
