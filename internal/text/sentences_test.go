package text

import (
	"reflect"
	"strings"
	"testing"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, s.Text)
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Russia shelled Kharkiv. Ukraine said it shot down 40 drones.",
			[]string{"Russia shelled Kharkiv.", "Ukraine said it shot down 40 drones."}},
		{"US before lower case", "The U.S. military said on Friday it had struck targets.",
			[]string{"The U.S. military said on Friday it had struck targets."}},
		{"US before proper name", "U.S. President Donald Trump met Vladimir Putin in Alaska.",
			[]string{"U.S. President Donald Trump met Vladimir Putin in Alaska."}},
		{"US at sentence end", "Sanctions were imposed by the U.S. The Kremlin called them illegal.",
			[]string{"Sanctions were imposed by the U.S.", "The Kremlin called them illegal."}},
		{"UN", "The U.N. Security Council met. The U.N. envoy, Mr. Guterres, spoke.",
			[]string{"The U.N. Security Council met.", "The U.N. envoy, Mr. Guterres, spoke."}},
		{"titles", "Gen. Valery Gerasimov met Sen. Lindsey Graham and Rep. Nancy Pelosi. Gov. Newsom and Lt. Col. Vindman agreed.",
			[]string{"Gen. Valery Gerasimov met Sen. Lindsey Graham and Rep. Nancy Pelosi.", "Gov. Newsom and Lt. Col. Vindman agreed."}},
		{"Mr Mrs Dr", "Mr. and Mrs. Smith met Dr. Jones. They talked.",
			[]string{"Mr. and Mrs. Smith met Dr. Jones.", "They talked."}},
		{"St.", "He was born in St. Petersburg. He moved to Moscow.",
			[]string{"He was born in St. Petersburg.", "He moved to Moscow."}},
		{"months", "The deadline is Jan. 8. The talks end Feb. 2, and Sept. 11 is remembered.",
			[]string{"The deadline is Jan. 8.", "The talks end Feb. 2, and Sept. 11 is remembered."}},
		{"month abbreviation at end", "The report came in Dec. The next one is due in March.",
			[]string{"The report came in Dec.", "The next one is due in March."}},
		{"companies", "Apple Inc. said profits rose. Smith joined Acme Corp. The firm grew. Lloyds Banking Group Plc and Exxon Mobil Corp. agreed.",
			[]string{"Apple Inc. said profits rose.", "Smith joined Acme Corp.", "The firm grew.", "Lloyds Banking Group Plc and Exxon Mobil Corp. agreed."}},
		{"Co. Ltd.", "Toyota Motor Co. Ltd. said sales fell. It blamed the yen.",
			[]string{"Toyota Motor Co. Ltd. said sales fell.", "It blamed the yen."}},
		{"No. and vs.", "The No. 2 official said it was Russia vs. Ukraine. No. The answer was no.",
			[]string{"The No. 2 official said it was Russia vs. Ukraine.", "No.", "The answer was no."}},
		{"etc.", "They sent tanks, drones, etc. The list was long. Food, fuel, etc. were scarce.",
			[]string{"They sent tanks, drones, etc.", "The list was long.", "Food, fuel, etc. were scarce."}},
		{"a.m. p.m.", "The strike hit at 4 a.m. local time. It ended at 6 p.m. The city was dark.",
			[]string{"The strike hit at 4 a.m. local time.", "It ended at 6 p.m.", "The city was dark."}},
		{"initials", "George W. Bush met J.R.R. Tolkien's heirs. John F. Kennedy did not.",
			[]string{"George W. Bush met J.R.R. Tolkien's heirs.", "John F. Kennedy did not."}},
		{"decimals", "Growth was 3.5 percent. Profits hit $1.13bn, up 0.4%. Brent fell to $61.20.",
			[]string{"Growth was 3.5 percent.", "Profits hit $1.13bn, up 0.4%.", "Brent fell to $61.20."}},
		{"number starts next", "Output rose 5 pct. 12 mln shares changed hands.",
			[]string{"Output rose 5 pct.", "12 mln shares changed hands."}},
		{"ellipsis mid sentence", "We will wait... and see what happens.",
			[]string{"We will wait... and see what happens."}},
		{"ellipsis before proper name", "He said Russia will ... Ukraine must decide.",
			[]string{"He said Russia will ... Ukraine must decide."}},
		{"ellipsis at end", "This is a very murky area... There will be suspicions.",
			[]string{"This is a very murky area...", "There will be suspicions."}},
		{"unicode ellipsis", "He paused… Then he went on.",
			[]string{"He paused…", "Then he went on."}},
		{"quote then attribution", `"Yes," he said. "We will win."`,
			[]string{`"Yes," he said.`, `"We will win."`}},
		{"period inside closing quote", `He called it "pure fiction." The Kremlin agreed.`,
			[]string{`He called it "pure fiction."`, "The Kremlin agreed."}},
		{"curly quotes", "“We are ready.” Zelensky said talks would go on. ‘No,’ he said.",
			[]string{"“We are ready.”", "Zelensky said talks would go on.", "‘No,’ he said."}},
		{"question in quote", `"Why?" he asked. "Because," she said.`,
			[]string{`"Why?" he asked.`, `"Because," she said.`}},
		{"question quote attributed", `"Is this peace?" Zelensky asked. "Enough!" Gen. Smith shouted on Friday.`,
			[]string{`"Is this peace?" Zelensky asked.`, `"Enough!" Gen. Smith shouted on Friday.`}},
		{"question quote then new sentence", `"Is this peace?" The question hung in the air.`,
			[]string{`"Is this peace?"`, "The question hung in the air."}},
		{"exclamation", "Stop! The border is closed.", []string{"Stop!", "The border is closed."}},
		{"brackets", "Talks resumed (they had stalled in May.) The mood was calm.",
			[]string{"Talks resumed (they had stalled in May.)", "The mood was calm."}},
		{"paragraph break", "Kyiv\n\nMoscow said nothing", []string{"Kyiv", "Moscow said nothing"}},
		{"paragraph break without stop", "Headline without a full stop\n\nBody text.",
			[]string{"Headline without a full stop", "Body text."}},
		{"hard-wrapped newswire", "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary.\n    The dry period means the temporao will be late this year.",
			[]string{"Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary.", "The dry period means the temporao will be late this year."}},
		{"wrapped abbreviation", "Officials in the U.S.\nTreasury said the U.S.\ndollar fell.",
			[]string{"Officials in the U.S.\nTreasury said the U.S.\ndollar fell."}},
		{"newswire table lines", "Shr 1.15 dlrs vs 1.05 dlrs\n    Net 5.5 mln vs 4.4 mln\n Reuter",
			[]string{"Shr 1.15 dlrs vs 1.05 dlrs", "Net 5.5 mln vs 4.4 mln", "Reuter"}},
		{"CRLF paragraphs", "One.\r\n\r\nTwo.\r\nstill two.", []string{"One.", "Two.\r\nstill two."}},
		{"U.S.-led", "The U.S.-led coalition struck. It was late.",
			[]string{"The U.S.-led coalition struck.", "It was late."}},
		{"web address", "Read it at www.bbc.co.uk. Then decide.", []string{"Read it at www.bbc.co.uk.", "Then decide."}},
		{"no final stop", "Putin spoke  ", []string{"Putin spoke"}},
		{"empty", "", nil},
		{"only space", " \n\n\t ", nil},
		{"lone stops", ". . .", []string{". . ."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkSentences(t, tt.in, Sentences(tt.in))
		})
	}
}

// checkSentences asserts the invariants every split must keep: exact
// offsets, order, no white space at the edges, nothing but white space
// between sentences.
func checkSentences(t testing.TB, text string, ss []Sentence) {
	t.Helper()
	prev := 0
	for i, s := range ss {
		if s.Index != i {
			t.Fatalf("sentence %d has Index %d", i, s.Index)
		}
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("sentence %d: bad span [%d,%d) after %d in %d bytes", i, s.Start, s.End, prev, len(text))
		}
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence %d: Text %q != text[%d:%d] %q", i, s.Text, s.Start, s.End, text[s.Start:s.End])
		}
		if strings.TrimSpace(s.Text) != s.Text {
			t.Fatalf("sentence %d: untrimmed %q", i, s.Text)
		}
		if gap := text[prev:s.Start]; strings.TrimSpace(gap) != "" {
			t.Fatalf("sentence %d: text lost between sentences: %q", i, gap)
		}
		prev = s.End
	}
	if tail := text[prev:]; strings.TrimSpace(tail) != "" {
		t.Fatalf("text lost after the last sentence: %q", tail)
	}
}

func TestAppendSentencesIndexesFromZero(t *testing.T) {
	dst := Sentences("One. Two.")
	dst = AppendSentences(dst, "Three. Four.")
	if len(dst) != 4 || dst[2].Index != 0 || dst[3].Index != 1 || dst[3].Text != "Four." {
		t.Fatalf("AppendSentences: %+v", dst)
	}
}

func TestFlat(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "",
		"flat already":                "flat already",
		"the U.S.\ndollar":            "the U.S. dollar",
		"  two  spaces\n\n    para ":  "two spaces para",
		"tab\tand\r\nCRLF":            "tab and CRLF",
		"“curly” stays":               "“curly” stays",
		"line\n    indented newswire": "line indented newswire",
	} {
		if got := Flat(in); got != want {
			t.Errorf("Flat(%q) = %q, want %q", in, got, want)
		}
	}
	s := "no allocation here"
	if n := testing.AllocsPerRun(100, func() { _ = Flat(s) }); n != 0 {
		t.Errorf("Flat of a flat string allocates %v times", n)
	}
}
