package text

import "testing"

func TestNumberValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"50", 50, true},
		{"6%", 6, true},
		{"3.5%", 3.5, true},
		{"1,234", 1234, true},
		{"1,234,567.5", 1234567.5, true},
		{"1.13bn", 1.13e9, true},
		{"$1.13bn", 1.13e9, true},
		{"$61", 61, true},
		{"US$5bn", 5e9, true},
		{"£600m", 6e8, true},
		{"€2.5 billion", 2.5e9, true},
		{"₽100", 100, true},
		{"1.5 million", 1.5e6, true},
		{"20k", 20000, true},
		{"5 mln", 5e6, true},
		{"2 percent", 2, true},
		{"40 per cent", 40, true},
		{"7 pct", 7, true},
		{"1tn", 1e12, true},
		{"-2.5", -2.5, true},
		{"+4", 4, true},
		{".5", 0.5, true},
		{"fifty", 50, true},
		{"Fifty", 50, true},
		{"twenty-five", 25, true},
		{"a dozen", 12, true},
		{"dozen", 12, true},
		{"two dozen", 24, true},
		{"a hundred", 100, true},
		{"three hundred and twenty", 320, true},
		{"one thousand two hundred", 1200, true},
		{"two million", 2e6, true},
		{"a million", 1e6, true},
		{"zero", 0, true},
		{"", 0, false},
		{"a", 0, false},
		{"and five", 0, false},
		{"five a", 0, false},
		{"1,23", 0, false},
		{"12,34,567", 0, false},
		{"abc", 0, false},
		{"3D", 0, false},
		{"10:30", 0, false},
		{"7-3/8", 0, false},
		{"1.2.3", 0, false},
		{"$", 0, false},
		{"fifty shades", 0, false},
	}
	for _, tt := range tests {
		got, ok := NumberValue(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("NumberValue(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
