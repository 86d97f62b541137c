package actor

import "testing"

// TestArchiveLeadersOnTheirDates checks people-archive.txt: leaders of
// 1985–2015 code as government in office and as elites outside it, and the
// spellings wire copy uses find them.
func TestArchiveLeadersOnTheirDates(t *testing.T) {
	d := Default()
	m := NewMatcher(d)
	cases := []struct {
		phrase, date, want string
	}{
		{"Boris Yeltsin", "1995-06-01", "RUSGOV"},
		{"Yeltsin", "2005-06-01", "RUSELI"},
		{"President Bush", "1990-06-01", "USAGOV"},
		{"President Bush", "1995-06-01", "USAELI"},
		{"George W. Bush", "2005-06-01", "USAGOV"},
		{"Jeb Bush", "2005-06-01", "USAELI"},
		{"Francois Mitterand", "1990-06-01", "FRAGOV"},
		{"Omar Hassan al-Bashir", "2010-06-01", "SDNGOV"},
		{"Omar El Bashir", "2020-06-01", "SDNELI"},
		{"Sergei Kiriyenko", "1998-06-01", "RUSGOV"},
		{"Sergei Kiriyenko", "2005-06-01", "RUSELI"},
		{"Sergei Kiriyenko", "2020-06-01", "RUSGOV"},
		{"Benjamin Netanyahu", "1997-06-01", "ISRGOV"},
		{"Kofi Annan", "2000-06-01", "IGOUNO"},
		{"Javier Solana", "1997-06-01", "IGOWSTNAT"},
		{"Javier Solana", "2005-06-01", "IGOEUREEC"},
		{"Ehud Barak", "2010-06-01", "ISRMIL"},
		{"Muammar Gaddafi", "2000-06-01", "LBYGOV"},
		{"Moammar Gadhafi", "2012-06-01", "LBYELI"},
	}
	for _, c := range cases {
		ms := m.Match(toks(c.phrase), day(c.date))
		if len(ms) != 1 || ms[0].End != len(toks(c.phrase)) {
			t.Errorf("%q on %s: matched %v, want one match of the whole phrase", c.phrase, c.date, ms)
			continue
		}
		if got := ms[0].Actor.Code; got != c.want {
			t.Errorf("%q on %s: %s, want %s", c.phrase, c.date, got, c.want)
		}
	}
	for _, phrase := range []string{"Ethopia", "Phillippines", "Quatar", "Kampuchea"} {
		if ms := m.Match(toks(phrase), day("2000-01-01")); len(ms) != 1 || ms[0].Actor.Code == "" {
			t.Errorf("%q: matched %v, want a state", phrase, ms)
		}
	}
}
