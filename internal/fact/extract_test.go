package fact

import (
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
)

// tableRef is the article date of the table sentences: Monday 14 July 2025.
var tableRef = time.Date(2025, 7, 14, 0, 0, 0, 0, time.UTC)

// extractTable holds sentences written for these tests, one or two for
// each construction, and everything both extractors should make of them
// (deadlineString and factString forms), nothing more.
var extractTable = []struct {
	sentence string
	want     []string
}{
	{"The New START treaty expires on February 5, 2026.",
		[]string{"D expiry 2026-02-05/day open \"New START treaty expires\" []"}},
	{"The New START treaty, the last agreement limiting the nuclear arsenals of the United States and Russia, expires on February 5, 2026.",
		[]string{"D expiry 2026-02-05/day open \"New START treaty expires\" [USA RUS]"}},
	{"Trump gave Russia 50 days to reach a deal.",
		[]string{"D ultimatum 2025-09-02/day open \"Trump gave Russia 50 days to reach a deal\" [USAGOV RUS]"}},
	{"Iran must respond by the end of the month.",
		[]string{"D deadline 2025-07-31/day open \"Iran must respond\" [IRN]"}},
	{"Hamas has a deadline of Friday to respond.",
		[]string{"D deadline 2025-07-18/day open \"Hamas has deadline to respond\" [PSEREBHMS]"}},
	{"Talks are scheduled for Friday in Istanbul.",
		[]string{"D scheduled 2025-07-18/day open \"Talks are scheduled\" [TUR]"}},
	{"Putin and Trump will meet next week.",
		[]string{"D scheduled 2025-07-21/week open \"Putin and Trump will meet\" [RUSGOV USAGOV]"}},
	{"The vote is set for March 3.",
		[]string{"D scheduled 2026-03-03/day open \"vote is set\" []"}},
	{"The deadline passed on Sunday without a deal.",
		[]string{"D deadline 2025-07-13/day missed \"deadline passed\" []"}},
	{"Russia missed the deadline.",
		[]string{"D deadline 2025-07-14/day missed \"Russia missed deadline\" [RUS]"}},
	{"Kyiv met the deadline for the reforms on Friday.",
		[]string{"D deadline 2025-07-11/day met \"Kyiv met deadline for the reforms\" [UKRGOV]"}},
	{"The ceasefire expired at midnight on Saturday.",
		[]string{"D expiry 2025-07-12/day met \"ceasefire expired\" []"}},
	{"The ultimatum expires on Wednesday.",
		[]string{"D ultimatum 2025-07-16/day open \"ultimatum expires\" []"}},
	{"The EU extended the deadline to September 30.",
		[]string{"D deadline 2025-09-30/day open \"EU extended deadline\" [IGOEUREEC]"}},
	{"Parliament will vote on the sanctions bill on Thursday.",
		[]string{"D scheduled 2025-07-17/day open \"Parliament will vote on the sanctions bill\" []"}},
	{"The summit next month was postponed.",
		[]string{"D scheduled 2025-08/month missed \"summit\" []"}},
	{"The ban will remain in force until December 31.",
		[]string{"D expiry 2025-12-31/day open \"ban will remain\" []"}},
	{"Ukraine has until August 8 to reply.",
		[]string{"D deadline 2025-08-08/day open \"Ukraine has to reply\" [UKR]"}},
	{"Moscow was given a 10-day ultimatum.",
		[]string{"D ultimatum 2025-07-24/day open \"10-day ultimatum\" [RUSGOV]"}},
	{"Payments are due on September 1.",
		[]string{"D deadline 2025-09-01/day open \"Payments are due\" []"}},
	{"The talks are due to begin in Geneva on Wednesday.",
		[]string{"D scheduled 2025-07-16/day open \"talks are due to begin\" [CHE]"}},
	{"Sunday's election will decide the presidency.",
		[]string{"D scheduled 2025-07-20/day open \"election will decide the presidency\" []"}},
	{"Lavrov is to visit Beijing next month.",
		[]string{"D scheduled 2025-08/month open \"Lavrov is to visit Beijing\" [RUSGOV CHNGOV]"}},
	{"The treaty was signed in 2010.",
		nil},
	{"Talks were held last week.",
		nil},
	{"There are no plans to meet on Friday.",
		nil},
	{"The company said it will meet its targets.",
		nil},
	{"The Moscow Exchange surged by 6% on Friday.",
		[]string{"F market_move \"Moscow Exchange\" 6 % up 2025-07-11/day"}},
	{"The ruble strengthened.",
		[]string{"F market_move \"ruble\" 0 - up 2025-07-14/day"}},
	{"Brent fell 2 percent to $61.",
		[]string{"F market_move \"Brent\" 2 % down 2025-07-14/day", "F market_move \"Brent\" 61 USD - 2025-07-14/day"}},
	{"Shares rose 3.5 pct.",
		[]string{"F market_move \"Shares\" 3.5 % up 2025-07-14/day"}},
	{"The index closed up 120 points at 1,800.",
		[]string{"F market_move \"index\" 120 points up 2025-07-14/day", "F market_move \"index\" 1800 points - 2025-07-14/day"}},
	{"Oil prices are 45% higher than a year ago.",
		[]string{"F market_move \"Oil prices\" 45 % up 2025-07-14/day"}},
	{"The dollar reached 150 yen.",
		[]string{"F market_move \"dollar\" 150 JPY - 2025-07-14/day"}},
	{"Congress approved $61 billion in aid for Ukraine.",
		[]string{"F amount \"aid\" 6.1e+10 USD - 2025-07-14/day"}},
	{"The EU agreed a €50bn package.",
		[]string{"F amount \"package\" 5e+10 EUR - 2025-07-14/day"}},
	{"The budget sets aside 1.5 trillion roubles for defence.",
		[]string{"F amount \"defence\" 1.5e+12 RUB - 2025-07-14/day"}},
	{"Net profit 12.5 mln dlrs vs 10.2 mln dlrs.",
		[]string{"F amount \"Net profit\" 1.25e+07 USD - 2025-07-14/day"}},
	{"Profits rose 76% to $1.13bn from $639m.",
		[]string{"F amount \"Profits\" 1.13e+09 USD - 2025-07-14/day"}},
	{"The deal is worth $6bn.",
		[]string{"F amount \"deal\" 6e+09 USD - 2025-07-14/day"}},
	{"Russia and Ukraine exchanged 1,000 prisoners.",
		[]string{"F count \"prisoners\" 1000 prisoners - 2025-07-14/day"}},
	{"Russia has some 600,000 troops in Ukraine.",
		[]string{"F count \"troops\" 600000 troops - 2025-07-14/day"}},
	{"Russia fired 200 drones overnight.",
		[]string{"F count \"drones\" 200 drones - 2025-07-14/day"}},
	{"The strike killed at least 12 people and wounded 30.",
		[]string{"F casualties \"people killed\" 12 people - 2025-07-14/day", "F casualties \"people wounded\" 30 people - 2025-07-14/day"}},
	{"The death toll rose to 45.",
		[]string{"F casualties \"people killed\" 45 people up 2025-07-14/day"}},
	{"Five soldiers were killed.",
		[]string{"F casualties \"soldiers killed\" 5 people - 2025-07-14/day"}},
	{"At least 17 protesters were injured on Tuesday.",
		[]string{"F casualties \"protesters injured\" 17 people - 2025-07-08/day"}},
	{"In 1987, 45-year-old Smith called 555-1234 at 10:30 on the 3rd under Section 301.",
		nil},
	{"The 8-year-old girl was killed on March 12.",
		nil},
	{"Resolution 242 was adopted in 1967 by 15 votes.",
		nil},
	{"Shares of the company fell sharply.",
		[]string{"F market_move \"Shares of the company\" 0 - down 2025-07-14/day"}},
	{"Inflation rose to 9.2% in June.",
		nil},
	{"Exports rose 5 pct.",
		nil},
}

func TestExtractTable(t *testing.T) {
	m := actor.DefaultMatcher()
	for _, tc := range extractTable {
		var got []string
		for _, d := range SentenceDeadlines(tc.sentence, 0, tableRef, m) {
			got = append(got, "D "+deadlineString(d))
		}
		for _, f := range SentenceFacts(tc.sentence, 0, tableRef) {
			got = append(got, "F "+factString(f))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got  %q\n want %q", tc.sentence, got, tc.want)
		}
	}
}
