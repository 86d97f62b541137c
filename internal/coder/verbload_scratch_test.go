package coder

import (
	"fmt"
	"time"
	"testing"
	"github.com/sitrep/sitrep/dict"
)

func TestScratchDefault(t *testing.T) {
	d, err := LoadVerbsFS(dict.FS, DefaultVerbsDir)
	fmt.Println(err)
	np := 0
	for _, v := range d.Verbs { np += len(v.Patterns) }
	fmt.Println(len(d.Verbs), np)
	seen := map[string]string{}
	for _, v := range d.Verbs {
		for _, f := range v.Forms {
			if s, ok := seen[f]; ok { fmt.Printf("dup form %q: %s and %s\n", f, s, v.Source) }
			seen[f] = v.Source
		}
	}
}

func TestScratchCode(t *testing.T) {
	c, err := New(Options{})
	if err != nil { t.Fatal(err) }
	ref := time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC)
	for _, s := range scratchSentences {
		evs := c.CodeSentence(s, ref)
		var out []string
		for _, e := range evs {
			src, tgt := "-", "-"
			if e.Source != nil { src = e.Source.Code }
			if e.Target != nil { tgt = e.Target.Code }
			r := ""
			if e.Rule != nil { r = e.Rule.Pattern }
			out = append(out, fmt.Sprintf("%s>%s %s (%s|%s)", src, tgt, e.CAMEO, e.Verb, r))
		}
		fmt.Printf("%-90.90s => %v\n", s, out)
	}
}

var scratchSentences = []string{
	"Japan bought Canadian rapeseed.",
	"Russia beat Ukraine 2-1 in the final.",
	"Russia beat Ukraine in the semi-final on Tuesday.",
	"The Russian president suffered a heart attack.",
	"Putin fired his defence minister on Sunday.",
	"Russian forces fired missiles at Kyiv overnight.",
	"French rail workers went on strike over pensions.",
	"Israel launched airstrikes on Gaza.",
	"Apple launched a new iPhone in China.",
	"Russia launched a drone attack on Kyiv.",
	"Prosecutors charged the former minister with corruption.",
	"The bank will charge Russian clients higher fees.",
	"Vladimir Putin met with Donald Trump in Anchorage on Friday.",
	"Donald Trump spoke by phone with Vladimir Putin.",
	"The United States imposed sanctions on Russia.",
	"Kherson was shelled by Russian forces.",
	"Russian troops shelled Kherson.",
	"Britain expelled two Russian diplomats.",
	"Ukraine signed an agreement with Poland.",
	"The European Union accused Russia of war crimes.",
	"China called on Russia and Ukraine to negotiate.",
	"Iran threatened to attack Israel.",
	"Germany pledged military aid to Ukraine.",
	"France recognised Palestine as a state.",
	"Russia and Ukraine agreed to a ceasefire.",
	"Russia and Ukraine exchanged prisoners on Saturday.",
	"Iran seized a British tanker in the Gulf.",
	"Belarusian police arrested dozens of protesters.",
	"Russia deployed troops to the border with Ukraine.",
	"The European Union lifted sanctions on Syria.",
	"Zelensky welcomed the decision by Germany.",
	"The White House criticised Moscow.",
	"Poland condemned the Russian drone incursion.",
	"The Kremlin denied the accusations.",
	"Hungary rejected the peace plan.",
	"Russia vetoed the Security Council resolution.",
	"Israeli strikes killed 30 Palestinians in Gaza.",
	"Russia invaded Ukraine in February 2022.",
	"Russian troops struck a power plant in Kharkiv.",
	"Trump threatened to impose tariffs on China.",
	"Turkey hosted talks between Russia and Ukraine.",
	"Modi visited Moscow on Monday.",
	"Russia shot a film in Crimea.",
	"Ukraine shot down a Russian drone.",
	"Hamas released three Israeli hostages.",
	"The Kremlin released a statement on Ukraine.",
	"Ukraine called for more humanitarian aid from the European Union.",
	"The United States suspended military aid to Ukraine.",
	"Russia held talks with China.",
	"China criticized the United States over tariffs.",
	"Kyiv came under Russian attack on Tuesday.",
	"North Korea fired a ballistic missile into the sea near Japan.",
	"The Pentagon said Russia struck a deal with Iran.",
	"Hundreds protested against the government in Tbilisi.",
	"Israel and Hamas traded accusations.",
}
