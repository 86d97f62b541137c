package text

import (
	"strconv"
	"strings"
)

// NumberValue reads the value of a number as news writes it: "50",
// "1,234.5", "6%", "1.13bn", "$61", "£600m", "-2.5", "1.5 million",
// "fifty", "twenty-five", "three hundred and twenty", "a dozen", "two
// million". Percent signs and currency signs are dropped (the value of "6%"
// is 6); magnitude suffixes multiply (k, m/mn/mln/million, bn/billion,
// tn/trillion). It reports false for anything else.
func NumberValue(tok string) (float64, bool) {
	s := strings.TrimSpace(tok)
	if s == "" || len(s) > 64 {
		return 0, false
	}
	sign := 1.0
	switch {
	case s[0] == '-' || s[0] == '+':
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	case strings.HasPrefix(s, "−"):
		sign = -1
		s = s[len("−"):]
	}
	s = trimCurrency(s)
	if s == "" {
		return 0, false
	}
	if isASCIIDigit(s[0]) || s[0] == '.' && len(s) > 1 && isASCIIDigit(s[1]) {
		v, ok := numericValue(s)
		return sign * v, ok
	}
	v, ok := wordsValue(s)
	return sign * v, ok
}

// currencyPrefixes are stripped from the front of an amount.
var currencyPrefixes = []string{"US$", "USD", "A$", "C$", "HK$", "NZ$", "S$", "R$", "$", "€", "£", "¥", "₽", "₴", "₹", "₩", "₪", "₺", "EUR", "GBP"}

func trimCurrency(s string) string {
	for _, p := range currencyPrefixes {
		if strings.HasPrefix(s, p) {
			return strings.TrimLeft(s[len(p):], " ")
		}
	}
	return s
}

// magnitudes are the multipliers a number may carry after it.
var magnitudes = map[string]float64{
	"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
	"b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9, "tn": 1e12, "trn": 1e12,
	"trillion": 1e12, "hundred": 100,
	// Units that leave the value as it is.
	"%": 1, "pct": 1, "percent": 1, "per cent": 1, "pc": 1, "percentage points": 1, "points": 1,
}

func numericValue(s string) (float64, bool) {
	j := 0
	group := -1 // digits since the last comma, -1 before any comma
	digits := 0
	seenDot := false
	for j < len(s) {
		c := s[j]
		switch {
		case isASCIIDigit(c):
			digits++
			if group >= 0 && !seenDot {
				group++
			}
		case c == ',' && !seenDot:
			if group >= 0 && group != 3 || digits == 0 || j > 0 && s[j-1] == ',' {
				return 0, false
			}
			group = 0
		case c == '.' && !seenDot && j+1 < len(s) && isASCIIDigit(s[j+1]):
			if group >= 0 && group != 3 {
				return 0, false
			}
			seenDot = true
			group = -1
		default:
			goto done
		}
		j++
	}
done:
	if digits == 0 || group >= 0 && group != 3 {
		return 0, false
	}
	num := s[:j]
	if strings.IndexByte(num, ',') >= 0 {
		num = strings.ReplaceAll(num, ",", "")
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	rest := strings.ToLower(strings.TrimSpace(s[j:]))
	if rest == "" {
		return v, true
	}
	if m, ok := magnitudes[rest]; ok {
		return v * m, true
	}
	return 0, false
}

var unitWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// wordsValue reads a written number: "fifty", "twenty-five", "a dozen",
// "three hundred and five", "two million", "1.5 million" is handled by
// numericValue.
func wordsValue(s string) (float64, bool) {
	s = strings.ToLower(s)
	total, cur := 0.0, 0.0
	any, pendingA := false, false
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\n' || r == '\t' }) {
		switch f {
		case "and":
			if !any {
				return 0, false
			}
			continue
		case "a", "an":
			if any && cur != 0 {
				return 0, false
			}
			pendingA = true
			continue
		case "dozen":
			if cur == 0 {
				cur = 1
			}
			cur *= 12
			any, pendingA = true, false
			continue
		case "hundred":
			if cur == 0 {
				cur = 1
			}
			cur *= 100
			any, pendingA = true, false
			continue
		case "thousand", "million", "billion", "trillion":
			if cur == 0 {
				cur = 1
			}
			total += cur * magnitudes[f]
			cur = 0
			any, pendingA = true, false
			continue
		}
		v, ok := unitWords[f]
		if !ok || pendingA {
			return 0, false
		}
		cur += v
		any = true
	}
	if !any || pendingA {
		return 0, false
	}
	return total + cur, true
}
