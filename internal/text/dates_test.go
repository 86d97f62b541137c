package text

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// renderDates writes expressions as "text=date/precision" joined by "; ".
func renderDates(ds []DateExpr) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Text+"="+d.Date+"/"+d.Precision)
	}
	return strings.Join(parts, "; ")
}

func TestResolveDates(t *testing.T) {
	// 2025-08-20 is a Wednesday.
	const wed = "2025-08-20"
	tests := []struct {
		ref, in, want string
	}{
		// Weekdays by tense.
		{wed, "Putin met Trump on Friday in Anchorage.", "on Friday=2025-08-15/day"},
		{wed, "Putin will meet Trump on Friday.", "on Friday=2025-08-22/day"},
		{wed, "The talks are scheduled for Friday in Istanbul.", "for Friday=2025-08-22/day"},
		{wed, "The ministry said Tuesday that the strikes had stopped.", "Tuesday=2025-08-19/day"},
		{wed, "Zelensky said on Wednesday he was ready.", "on Wednesday=2025-08-20/day"},
		{wed, "Officials said talks, which would start on Monday, were on track.", "on Monday=2025-08-25/day"},
		{wed, "Russia must respond by Friday.", "by Friday=2025-08-22/day"},
		{wed, "The Kremlin said on Monday that a summit will take place next week.", "on Monday=2025-08-18/day; next week=2025-08-25/week"},
		{wed, "He spoke last Tuesday and will speak again next Tuesday.", "last Tuesday=2025-08-19/day; next Tuesday=2025-08-26/day"},
		{wed, "This Friday the council votes.", "This Friday=2025-08-22/day"},
		{wed, "On Friday, Aug. 15, the leaders met.", "On Friday, Aug. 15=2025-08-15/day"},
		{wed, "They met Friday last week and will meet Monday next week.", "Friday last week=2025-08-15/day; Monday next week=2025-08-25/day"},
		{wed, "Friday's summit ended without a deal.", "Friday=2025-08-15/day"},
		{wed, "Explosions were heard on Sunday night.", "on Sunday night=2025-08-17/day"},
		// Day and month, year inferred.
		{wed, "The talks began on January 8.", "on January 8=2025-01-08/day"},
		{wed, "The talks will begin on January 8.", "on January 8=2026-01-08/day"},
		{wed, "Record date Sept 2.", "Sept 2=2025-09-02/day"},
		{wed, "On Jan. 8 the minister spoke.", "On Jan. 8=2025-01-08/day"},
		{"2026-01-03", "The agreement signed on December 30 holds.", "on December 30=2025-12-30/day"},
		{"2025-12-28", "The summit opens on January 5.", "on January 5=2026-01-05/day"},
		{"1987-03-31", "It extended to April 30 the expiration date of the offer.", "to April 30=1987-04-30/day"},
		{"1987-06-01", "The two sides have not met since May 13.", "since May 13=1987-05-13/day"},
		{wed, "The 8th of January was cold.", "The 8th of January=2025-01-08/day"},
		// Absolute dates.
		{wed, "The New START treaty expires on February 5, 2026.", "on February 5, 2026=2026-02-05/day"},
		{wed, "It was signed on 8 January 2026 in Geneva.", "on 8 January 2026=2026-01-08/day"},
		{wed, "Results for the year to 31 December 2004 were strong.", "to 31 December 2004=2004-12-31/day"},
		{wed, "The document is dated 2025-08-15.", "2025-08-15=2025-08-15/day"},
		{wed, "Logged at 2025-08-15T10:00:00Z by the system.", "at 2025-08-15=2025-08-15/day"},
		{wed, "The form, dated 15/08/2025, and 8/15/2025 agree.", "15/08/2025=2025-08-15/day; 8/15/2025=2025-08-15/day"},
		{wed, "In February 2025 prices rose.", "In February 2025=2025-02/month"},
		{wed, "Inflation hit a peak in April, 1986.", "in April, 1986=1986-04/month"},
		{wed, "In 2024 the economy grew.", "In 2024=2024/year"},
		{wed, "Prices have risen since 2014 and may fall by 2030.", "since 2014=2014/year; by 2030=2030/year"},
		{wed, "Output rose from 2020 to 2024.", "from 2020=2020/year; to 2024=2024/year"},
		{wed, "It hopes to expand in early 2026.", "in early 2026=2026/year"},
		// Months alone.
		{wed, "The deal was struck in February.", "in February=2025-02/month"},
		{wed, "Elections are due in November.", "in November=2025-11/month"},
		{"2025-02-10", "Elections are expected in December.", "in December=2025-12/month"},
		{"2025-02-10", "Trade fell in December.", "in December=2024-12/month"},
		{wed, "Theresa May said Britain would leave.", ""},
		{wed, "Talks resumed in May, and prices may rise.", "in May=2025-05/month"},
		{wed, "He arrived last January and leaves next March.", "last January=2025-01/month; next March=2026-03/month"},
		{wed, "Fighting eased in mid-February and in late March.", "in mid-February=2025-02/month; in late March=2025-03/month"},
		{wed, "Stocks at end-March stood higher.", "at end-March=2025-03-31/day"},
		// Relative days, weeks, months, years.
		{wed, "Yesterday the army advanced; today it held; tomorrow it may retreat.", "Yesterday=2025-08-19/day; today=2025-08-20/day; tomorrow=2025-08-21/day"},
		{wed, "Strikes hit Kyiv last night and again this morning.", "last night=2025-08-19/day; this morning=2025-08-20/day"},
		{wed, "The day before yesterday was calm.", "The day before yesterday=2025-08-18/day"},
		{wed, "Last week the envoy visited Moscow.", "Last week=2025-08-11/week"},
		{wed, "The envoy visits Moscow this week.", "this week=2025-08-18/week"},
		{wed, "Earlier this week the envoy spoke.", "Earlier this week=2025-08-18/week"},
		{wed, "The rouble weakened last month.", "last month=2025-07/month"},
		{wed, "A vote is expected next month.", "next month=2025-09/month"},
		{wed, "Shelling intensified earlier this month.", "earlier this month=2025-08/month"},
		{wed, "Growth slowed last year and will pick up next year.", "last year=2024/year; next year=2026/year"},
		{wed, "Exports fell late last year.", "late last year=2024/year"},
		{wed, "Talks were held over the weekend.", "over the weekend=2025-08-16/day"},
		{wed, "He will visit this weekend.", "this weekend=2025-08-23/day"},
		{wed, "He said this past week was hard.", "this past week=2025-08-11/week"},
		// Spans back.
		{wed, "The drone attack came a few days ago.", "a few days ago=2025-08-11/week"},
		{wed, "The drone attack came two days ago.", "two days ago=2025-08-18/day"},
		{wed, "He resigned 10 days ago.", "10 days ago=2025-08-10/day"},
		{wed, "The law passed three weeks ago.", "three weeks ago=2025-07-28/week"},
		{wed, "It collapsed two years ago.", "two years ago=2023/year"},
		{wed, "It was agreed a couple of months ago.", "a couple of months ago=2025-06/month"},
		{wed, "He was detained several months ago.", "several months ago=2025-05/month"},
		// Spans forward and deadlines.
		{wed, "Trump said Russia had 50 days to agree or face tariffs within 50 days.", "within 50 days=2025-10-09/day"},
		{wed, "The ceasefire starts in 50 days.", "in 50 days=2025-10-09/day"},
		{wed, "A decision is due in two weeks' time.", "in two weeks' time=2025-09-03/day"},
		{wed, "They must decide within the next 30 days.", "within the next 30 days=2025-09-19/day"},
		{wed, "Troops will leave in a month.", "in a month=2025-09-20/day"},
		{wed, "The vote is three weeks from now.", "three weeks from now=2025-09-10/day"},
		{wed, "The bridge was built in 50 days.", ""},
		{wed, "Thousands died in two years of war.", ""},
		{wed, "Kyiv must reply by the end of the month.", "by the end of the month=2025-08-31/day"},
		{wed, "A deal is expected by the end of the week.", "by the end of the week=2025-08-22/day"},
		{wed, "The fund runs out by the end of next month.", "by the end of next month=2025-09-30/day"},
		{wed, "The plan takes effect at the beginning of next year.", "at the beginning of next year=2026-01-01/day"},
		{wed, "It must be ratified before the end of 2025.", "before the end of 2025=2025-12-31/day"},
		{wed, "Stocks are forecast to rise by year-end.", "by year-end=2025-12-31/day"},
		{"2024-02-10", "Payment is due by the end of February.", "by the end of February=2024-02-29/day"},
		// Reported speech and present tense.
		{"1987-04-13", "Interco said the merger becomes effective April 14.", "April 14=1987-04-14/day"},
		{"1987-03-27", "He told his party to draft a package in time for his visit starting on April 29, officials said.", "on April 29=1987-04-29/day"},
		{"1987-03-16", "The bank said it has called its preferred stock for redemption on April 24.", "on April 24=1987-04-24/day"},
		{"1987-03-03", "Forecasts for lemons will be issued in October.", "in October=1987-10/month"},
		{"1987-03-24", "Japan's final output will be announced at the beginning of June, they said.", "at the beginning of June=1987-06-01/day"},
		{"1987-03-13", "The system has lost 4.6 billion dlrs in two years.", ""},
		{"1987-06-01", "For the quarter, the Post had an average Sunday circulation of 556,620.", ""},
		{wed, "The Sunday Times reported it.", ""},
		// Invalid and non-dates.
		{wed, "The meeting on February 30 never happened.", ""},
		{wed, "On February 29, 2025 nothing happened.", ""},
		{wed, "He was born on February 29.", "on February 29=2024-02-29/day"},
		{wed, "Exports rose 5 percent to 2,024 tonnes in March 5 million.", ""},
		{wed, "The firm booked 2000 orders in 2000 cases.", ""},
		{wed, "Russia fired 40 drones and 3 missiles.", ""},
		{wed, "Nothing here at all.", ""},
		{wed, "", ""},
	}
	for _, tt := range tests {
		got := ResolveDates(tt.in, day(tt.ref))
		if r := renderDates(got); r != tt.want {
			t.Errorf("ResolveDates(%q, %s)\n got %s\nwant %s", tt.in, tt.ref, r, tt.want)
		}
		checkDates(t, tt.in, got)
	}
}

func TestResolveDatesFields(t *testing.T) {
	ds := ResolveDates("Talks will resume on Friday, and the treaty expires on February 5, 2026.", day("2025-08-20"))
	if len(ds) != 2 {
		t.Fatalf("got %+v", ds)
	}
	if d := ds[0]; d.Prep != "on" || !d.Relative || d.Start != 18 || d.End != 27 {
		t.Errorf("first: %+v", d)
	}
	if d := ds[1]; d.Prep != "on" || d.Relative {
		t.Errorf("second: %+v", d)
	}
	if ds := ResolveDates("Yesterday was calm.", day("2025-08-20")); len(ds) != 1 || ds[0].Prep != "" {
		t.Errorf("no preposition: %+v", ds)
	}
}

// TestResolveDatesIgnoresClock checks only the calendar day of ref counts.
func TestResolveDatesIgnoresClock(t *testing.T) {
	loc := time.FixedZone("UTC+3", 3*3600)
	a := ResolveDates("He left yesterday.", time.Date(2025, 8, 20, 23, 59, 0, 0, loc))
	b := ResolveDates("He left yesterday.", time.Date(2025, 8, 20, 0, 1, 0, 0, time.UTC))
	if renderDates(a) != renderDates(b) || a[0].Date != "2025-08-19" {
		t.Errorf("clock changed the answer: %s vs %s", renderDates(a), renderDates(b))
	}
}

// checkDates asserts exact offsets, order and well-formed dates.
func checkDates(t testing.TB, s string, ds []DateExpr) {
	t.Helper()
	prev := 0
	for i, d := range ds {
		if d.Start < prev || d.End <= d.Start || d.End > len(s) {
			t.Fatalf("date %d in %q: bad span [%d,%d) after %d", i, s, d.Start, d.End, prev)
		}
		if s[d.Start:d.End] != d.Text {
			t.Fatalf("date %d: Text %q != %q", i, d.Text, s[d.Start:d.End])
		}
		layout := map[string]string{PrecisionDay: "2006-01-02", PrecisionWeek: "2006-01-02", PrecisionMonth: "2006-01", PrecisionYear: "2006"}[d.Precision]
		if layout == "" {
			t.Fatalf("date %d in %q: bad precision %q", i, s, d.Precision)
		}
		when, err := time.Parse(layout, d.Date)
		if err != nil || len(d.Date) != len(layout) {
			t.Fatalf("date %d in %q: bad date %q for precision %s", i, s, d.Date, d.Precision)
		}
		if d.Precision == PrecisionWeek && when.Weekday() != time.Monday {
			t.Fatalf("date %d in %q: week %s does not start on a Monday", i, s, d.Date)
		}
		prev = d.End
	}
}

func TestMayHaveDate(t *testing.T) {
	for s, want := range map[string]bool{
		"Russia shelled Kharkiv.":          false,
		"Russia shelled Kharkiv on Friday": true,
		"in 2024":                          true,
		"a few DAYS ago":                   true,
		"it is time to talk":               false,
		"the Mayor spoke":                  false,
		"the yesterdays":                   false,
	} {
		if got := mayHaveDate(s); got != want {
			t.Errorf("mayHaveDate(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCalendar(t *testing.T) {
	ref := civil{2025, 8, 20} // Wednesday
	if got := weekdayNear(ref, 3, false, false); got != ref {
		t.Errorf("Wednesday on or before a Wednesday: %v", got)
	}
	if got := weekdayNear(ref, 3, false, true); got != (civil{2025, 8, 13}) {
		t.Errorf("Wednesday strictly before: %v", got)
	}
	if got := weekdayNear(ref, 1, true, false); got != (civil{2025, 8, 25}) {
		t.Errorf("Monday on or after: %v", got)
	}
	if got := (civil{2025, 1, 31}).addMonths(1); got != (civil{2025, 2, 28}) {
		t.Errorf("Jan 31 + 1 month: %v", got)
	}
	if got := (civil{2025, 1, 15}).addMonths(-13); got != (civil{2023, 12, 15}) {
		t.Errorf("minus 13 months: %v", got)
	}
	if got := inferMonth(civil{2025, 3, 1}, 9, tenseUnknown); got.y != 2024 {
		t.Errorf("September six months from March goes to the past: %v", got)
	}
	if got := inferMonth(civil{2025, 9, 1}, 2, tenseUnknown); got.y != 2026 {
		t.Errorf("February seven months before September is next year's: %v", got)
	}
	if _, ok := inferDay(ref, 2, 30, tenseUnknown); ok {
		t.Error("February 30 inferred")
	}
}
