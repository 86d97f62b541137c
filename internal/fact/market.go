package fact

// Market moves: exchanges, indices, shares, currencies and commodities
// going up or down.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/text"
)

// marketMoves reads "the Moscow Exchange surged by 6%", "Brent fell 2
// percent to $61", "the index closed up 120 points at 1,800", "the ruble
// strengthened".
func (x *sent) marketMoves(fs []found, qs []qty) []found {
	for v := range x.toks {
		verbDir, ok := moveVerbs[x.low[v]]
		if !ok || !x.isWord(v) {
			continue
		}
		if v > 0 && (determiners[x.low[v-1]] || x.toks[v-1].Kind == text.Possessive) {
			continue // "a rise", "the dollar's fall": nouns
		}
		vs := x.verbGroupStart(v)
		sa, sb := x.subjectBefore(vs)
		if sa == sb || !x.isMarket(sa, sb) {
			continue
		}
		if x.modal(vs, v) {
			continue // "is likely to grow 40%": a forecast, not a move
		}
		subj := x.phrase([2]int{sa, sb})
		dir := verbDir
		conn := ""
		if levelReach[x.low[v]] {
			conn = "level" // "the dollar reached $1.2871"
		}
		gap := 0
		made := 0
		var last *found
		for k := v + 1; k < len(x.toks) && gap <= 3; k++ {
			w := x.low[k]
			if d, ok := directionWords[w]; ok {
				if dir == "" || dir == d {
					dir = d
					if last != nil && last.f.Direction == "" && conn != "level" {
						last.f.Direction = d
					}
				}
				gap = 0
				continue
			}
			q := qtyAt(qs, k)
			if q == nil {
				if x.hardStop(k) || w == "and" && k+1 < len(x.toks) && !x.startsQty(qs, k+1) && x.word(k+1) != "by" && x.word(k+1) != "to" && x.word(k+1) != "at" {
					break
				}
				switch w {
				case "by":
					conn = "by"
				case "to", "at", "above", "below", "near", "over", "under":
					conn = "level"
				case "from":
					conn = "from"
				default:
					if !approxWords[w] && !x.adverb(k) && !perUnit(w) {
						gap++
					}
				}
				continue
			}
			k = q.b - 1
			if q.used {
				continue
			}
			unit := q.unit
			if unit == "" && conn == "level" && x.isIndex(sa, sb) && !q.year {
				unit = "points"
			}
			if unit == "" {
				gap++
				continue
			}
			q.used = true
			if conn == "from" {
				conn = ""
				continue
			}
			f := record.Fact{Kind: KindMarketMove, Subject: subj, Value: q.value, Unit: unit}
			if conn == "level" {
				f.Direction = ""
			} else {
				f.Direction = dir
				if dir == "" {
					// A change whose direction comes after it: "2 pct lower".
					if d, ok := directionWords[x.word(q.b)]; ok {
						f.Direction = d
					}
				}
				if f.Direction == "" {
					q.used = false
					continue
				}
			}
			fs = append(fs, found{f: f, pos: q.n})
			last = &fs[len(fs)-1]
			made++
			conn = ""
			gap = 0
		}
		if made == 0 && verbDir != "" && !x.nounUse(v) && (strings.HasSuffix(x.low[v], "ed") || pastVerbs[x.low[v]]) {
			f := record.Fact{Kind: KindMarketMove, Subject: subj, Direction: verbDir}
			fs = append(fs, found{f: f, pos: v})
		}
	}
	return fs
}

// levelReach are move verbs whose number is a level: "reached $1.29".
var levelReach = set("reached", "reaches", "hit", "hits", "touched", "touches")

// modal reports whether the verb group [vs, v) is a forecast or a
// possibility: "will rise", "is expected to fall", "could drop".
func (x *sent) modal(vs, v int) bool {
	for k := max(0, vs-3); k < v; k++ {
		switch x.low[k] {
		case "will", "would", "could", "may", "might", "should", "likely", "expected", "expects", "forecast", "predicted", "'ll", "unlikely", "set", "to":
			return true
		}
	}
	return false
}

// nounUse reports whether a move verb at v is a noun after all: "gains in
// oil", "a fall".
func (x *sent) nounUse(v int) bool {
	w := x.word(v + 1)
	return w == "in" && strings.HasSuffix(x.low[v], "s") || w == "of"
}

// perUnit reports whether w names the unit a price is quoted in: "$61 a
// barrel".
func perUnit(w string) bool {
	switch w {
	case "a", "an", "per", "barrel", "bbl", "ounce", "oz", "share", "shr", "tonne", "ton", "bushel", "lb", "gallon", "kilo", "kg", "troy", "cents", "cent", "each", "mt", "unit":
		return true
	}
	return false
}

// qtyAt returns the quantity starting at token k, or nil.
func qtyAt(qs []qty, k int) *qty {
	for i := range qs {
		if qs[i].a == k {
			return &qs[i]
		}
		if qs[i].a > k {
			break
		}
	}
	return nil
}

func (x *sent) startsQty(qs []qty, k int) bool { return qtyAt(qs, k) != nil }

// isMarket reports whether the phrase [a, b) names a market: its head (the
// last word before any preposition) is an exchange, an index, shares, a
// currency, a commodity or bonds ("BankAmerica stock", "crude oil", "shares
// of Time Warner"), or prices or futures of one ("oil prices"). "Oil
// exports" and "money market funds" are not markets.
func (x *sent) isMarket(a, b int) bool {
	h := b - 1
	for k := a + 1; k < b; k++ {
		if prepositions[x.low[k]] {
			h = k - 1
			break
		}
	}
	for h > a && x.toks[h].Kind == text.Number {
		h-- // "FTSE 100", "S&P 500"
	}
	w := x.low[h]
	if w == "market" || w == "markets" {
		// "the market", "the stock market"; not "India's mobile market".
		if h == a {
			return true
		}
		for k := a; k < h; k++ {
			if marketWords[x.low[k]] && x.low[k] != "market" {
				return true
			}
		}
		return false
	}
	if marketWords[w] {
		return true
	}
	if w == "average" || w == "industrials" {
		for k := a; k < h; k++ {
			if x.low[k] == "dow" || x.low[k] == "jones" || x.low[k] == "industrial" {
				return true
			}
		}
	}
	if priceWords[w] {
		for k := a; k < h; k++ {
			if marketWords[x.low[k]] || x.low[k] == "share" {
				return true
			}
		}
	}
	return false
}

// priceWords are heads that make a market of the word before them: "oil
// prices", "share prices", "gold futures".
var priceWords = set("prices", "price", "futures", "contracts", "quotes", "values", "rates", "rate")

// isIndex reports whether the phrase names a stock index, whose levels are
// points.
func (x *sent) isIndex(a, b int) bool {
	for k := a; k < b; k++ {
		switch x.low[k] {
		case "index", "indices", "average", "dow", "nasdaq", "ftse", "dax", "cac", "nikkei", "rts", "moex", "micex", "seng", "topix", "kospi", "sensex", "stoxx", "s&p":
			return true
		}
	}
	return false
}
