package fact

// Reading the numbers of a sentence with their units.

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// quantities finds the numbers of the sentence with their units.
func (x *sent) quantities() []qty {
	var qs []qty
	n := len(x.toks)
	for i := 0; i < n; i++ {
		t := x.toks[i]
		switch {
		case t.Kind == text.Currency || t.Kind == text.Word && currencyCodes[x.low[i]] && i+1 < n && x.toks[i+1].Kind == text.Number:
			q, ok := x.money(i)
			if ok {
				qs = append(qs, q)
				i = q.b - 1
			}
		case t.Kind == text.Number:
			q, ok := x.number(i)
			if ok {
				qs = append(qs, q)
				i = q.b - 1
			}
		case t.Kind == text.Word && numberWords[x.low[i]]:
			v, ok := text.NumberValue(x.low[i])
			if !ok {
				continue
			}
			q := qty{a: i, b: i + 1, n: i, value: v}
			if m, ok := magnitudeWords[x.word(i+1)]; ok && m >= 1e3 {
				q.value *= m
				q.b++
			}
			x.unitAfter(&q)
			qs = append(qs, q)
			i = q.b - 1
		}
	}
	return qs
}

// money reads an amount led by a currency sign or code at i: "$61", "US$
// 5.5bn", "€50 billion", "USD 3 mln".
func (x *sent) money(i int) (qty, bool) {
	sign := x.low[i]
	a := i
	code := currencySigns[sign]
	if x.toks[i].Kind == text.Word {
		code = strings.ToUpper(sign)
	}
	if i > 0 && x.toks[i-1].Kind == text.Word && x.toks[i-1].End == x.toks[i].Start {
		if c, ok := currencySigns[x.low[i-1]+sign]; ok {
			code, a = c, i-1
		}
	}
	k := i + 1
	if code == "" || k >= len(x.toks) || x.toks[k].Kind != text.Number {
		return qty{}, false
	}
	v, ok := text.NumberValue(x.toks[k].Text)
	if !ok || strings.HasSuffix(x.toks[k].Text, "%") {
		return qty{}, false
	}
	q := qty{a: a, b: k + 1, n: k, value: v, unit: code}
	if m, ok := magnitudeWords[x.word(k+1)]; ok && !hasMagnitude(x.toks[k].Text) {
		q.value *= m
		q.b++
	}
	return q, true
}

// hasMagnitude reports whether a number token carries its own magnitude
// ("1.13bn", "600m").
func hasMagnitude(t string) bool {
	c := t[len(t)-1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// number reads a number token at i with what follows it: a magnitude, a
// percent sign or word, points, a currency word.
func (x *sent) number(i int) (qty, bool) {
	t := x.toks[i].Text
	v, ok := text.NumberValue(t)
	if !ok {
		return qty{}, false
	}
	if x.nextToMonth(i) {
		return qty{}, false // "March 15", "15 March": a date
	}
	q := qty{a: i, b: i + 1, n: i, value: v}
	if strings.HasSuffix(t, "%") {
		q.unit = "%"
		return q, true
	}
	if m, ok := magnitudeWords[x.word(i+1)]; ok && !hasMagnitude(t) {
		q.value *= m
		q.b++
	}
	q.year = len(t) == 4 && v >= 1800 && v <= 2100 && q.b == i+1
	x.unitAfter(&q)
	return q, true
}

// unitAfter reads the unit after a quantity: "pct", "per cent", "percentage
// points", "points", "basis points", "dlrs", "Canadian dlrs", "roubles".
func (x *sent) unitAfter(q *qty) {
	k := q.b
	w := x.word(k)
	switch {
	case percentWords[w]:
		q.unit, q.b = "%", k+1
	case w == "per" && x.word(k+1) == "cent":
		q.unit, q.b = "%", k+2
	case w == "percentage" && (x.word(k+1) == "points" || x.word(k+1) == "point"):
		q.unit, q.b = "points", k+2
	case w == "basis" && (x.word(k+1) == "points" || x.word(k+1) == "point"):
		q.unit, q.b = "bp", k+2
	case w == "points" || w == "point" || w == "pts":
		q.unit, q.b = "points", k+1
	case currencyWords[w] != "":
		q.unit, q.b = currencyWords[w], k+1
		if x.word(k+1) == "sterling" {
			q.b++
		}
	case currencyAdjectives[w] != "":
		k2 := k + 1
		if w == "hong" || w == "new" {
			k2++ // "Hong Kong dollars", "New Zealand dollars"
		}
		if c := x.word(k2); c == "dollars" || c == "dlrs" || c == "dlr" || c == "francs" {
			q.unit, q.b = currencyAdjectives[w], k2+1
			if w == "new" && x.word(k+1) != "zealand" || w == "hong" && x.word(k+1) != "kong" {
				q.unit, q.b = "", k
			}
		}
	}
	if q.unit != "" {
		q.year = false
	}
}

// nextToMonth reports whether the number at i stands by a month name, so is
// part of a date.
func (x *sent) nextToMonth(i int) bool {
	return monthNames[strings.TrimSuffix(x.word(i-1), ".")] || monthNames[strings.TrimSuffix(x.word(i+1), ".")] ||
		x.word(i-1) == "," && monthNames[x.word(i-3)] // "February 5, 2026"
}

var monthNames = set(
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec",
)
