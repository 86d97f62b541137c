package text

// abbrevClass says how a word that ends in a period behaves at a possible
// sentence boundary.
type abbrevClass uint8

const (
	abbrNone abbrevClass = iota
	// abbrTitle precedes a name and never ends a sentence: "Gen.", "Mr.".
	abbrTitle
	// abbrAmbig may end a sentence ("… Inc. The firm …") and usually does
	// not ("Inc. said"); a boundary needs a clear sentence starter after it.
	abbrAmbig
	// abbrNumber precedes a number ("No. 5", "Vol. 2"); before anything else
	// it is an ordinary word.
	abbrNumber
	// abbrMonth is a month abbreviation: never a boundary before a number
	// ("Jan. 8"), ambiguous otherwise.
	abbrMonth
	// abbrNever never ends a sentence: "e.g.", "i.e.", "vs.", "cf.".
	abbrNever
)

// abbrevs maps a word (without its final period, exact case) to its class.
// Lookups fall back to the lower-cased word, so "GEN" and "gen" also match.
var abbrevs = func() map[string]abbrevClass {
	m := map[string]abbrevClass{}
	add := func(c abbrevClass, words ...string) {
		for _, w := range words {
			m[w] = c
		}
	}
	add(abbrTitle,
		"Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Prof", "Rev", "Hon", "Fr",
		"Gen", "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Cmdr", "Cdr", "Brig",
		"Gov", "Sen", "Rep", "Reps", "Sens", "Pres", "Supt", "Insp", "Det", "Atty", "Amb", "Sec", "Secy",
		"Rt", "Mt", "Ft", "Gens", "Lieut", "Comdr", "Cmdt", "Msgr", "Sra", "Sta", "Mme", "Mlle",
		"Pfc", "Spc", "Ens", "Gov-Gen", "Lt-Gen", "Maj-Gen", "Lt-Col", "Vice-Adm", "Rear-Adm",
	)
	add(abbrAmbig,
		"Inc", "Corp", "Co", "Ltd", "Plc", "PLC", "Bros", "Cos", "Mfg", "Intl", "Assn", "Dept", "Univ",
		"LLC", "LLP", "Cia", "Cie", "Jr", "Sr", "St", "Ave", "Blvd", "Rd", "Hwy", "Esq", "Ph", "etc", "al", "approx",
		"govt", "dept", "mfg",
		"Calif", "Conn", "Fla", "Kan", "Ky", "Md", "Mich", "Minn", "Neb", "Nev", "Okla", "Tenn",
		"Tex", "Va", "Vt", "Wis", "Wyo", "Colo", "Ariz", "Ala", "Ark", "Dak",
		"Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
	)
	add(abbrNumber, "No", "Nos", "no", "nos", "Vol", "vol", "Vols", "pp", "p", "Fig", "fig", "Art", "art",
		"Ch", "ch", "Para", "para", "Pt", "pt", "Op", "op", "Nr", "nr", "Ex", "Tel", "tel")
	add(abbrMonth, "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
	add(abbrNever, "vs", "v", "cf", "viz", "ca", "Vs", "eg", "ie", "e.g", "i.e", "E.g", "I.e", "et")
	return m
}()

// lookupAbbrev classifies w, the letters before a period.
func lookupAbbrev(w string) abbrevClass {
	if c, ok := abbrevs[w]; ok {
		return c
	}
	if len(w) > 12 {
		return abbrNone
	}
	var buf [12]byte
	lower := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
			lower = true
		}
		buf[i] = c
	}
	if !lower {
		return abbrNone
	}
	// Only the lower-case entries answer a case-folded lookup: "NO." in a
	// headline is "No.", but "US." must not become "us.".
	if c, ok := abbrevs[string(buf[:len(w)])]; ok && c != abbrTitle {
		return c
	}
	// Titles match in capitals too ("GEN." in an all-caps line), when the
	// word is all upper case.
	if isAllUpper(w) {
		b := buf[:len(w)]
		b[0] -= 'a' - 'A'
		if c, ok := abbrevs[string(b)]; ok {
			return c
		}
	}
	return abbrNone
}

func isAllUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return len(w) > 0
}

// starters are words that commonly open a sentence and rarely follow an
// abbreviation inside one; after an ambiguous abbreviation ("U.S.", "Inc.",
// "a.m.") a capitalised starter means the sentence ended there.
var starters = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their",
		"our", "my", "your", "this", "that", "these", "those", "there", "here", "but",
		"so", "yet", "in", "on", "at", "for", "by", "with", "as", "if", "when", "while", "after",
		"before", "since", "however", "meanwhile", "also", "still", "then", "thus", "although",
		"though", "despite", "according", "earlier", "later", "some", "many", "most", "all", "both",
		"each", "no", "not", "what", "who", "why", "how", "where", "under", "over", "during", "mr",
		"mrs", "ms", "dr", "such", "other", "another", "one", "more", "because", "instead",
		"now", "today", "yesterday", "asked", "last", "next", "neither", "either", "every", "few",
		"nevertheless", "moreover", "furthermore", "indeed", "overall", "separately",
	} {
		m[w] = true
	}
	return m
}()

// isStarter reports whether w, compared without case, is a sentence starter.
func isStarter(w string) bool {
	if len(w) == 0 || len(w) > 12 {
		return false
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return starters[string(buf[:len(w)])]
}
