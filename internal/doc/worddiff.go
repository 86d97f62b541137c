package doc

import "strings"

// Op is one step of a word-level diff: "=" words kept, "-" words removed,
// "+" words added.
type Op struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// WordDiff compares two texts word by word (words as written, punctuation
// attached, so a changed comma shows) and returns the fewest removals and
// additions that turn a into b, runs of the same kind joined.
func WordDiff(a, b string) []Op {
	x, y := strings.Fields(a), strings.Fields(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []Op
	add := func(op string, words []string) {
		if len(words) == 0 {
			return
		}
		t := strings.Join(words, " ")
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += " " + t
			return
		}
		ops = append(ops, Op{Op: op, Text: t})
	}
	add("=", x[:pre])
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	for _, s := range lcsScript(mx, my) {
		add(s.op, s.words)
	}
	add("=", x[len(x)-suf:])
	return ops
}

type step struct {
	op    string
	words []string
}

// lcsScript is the edit script from the longest common subsequence. The
// middle of two versions of one point is short, so the quadratic table is
// cheap; past 4 million cells the middle is taken as replaced whole.
func lcsScript(x, y []string) []step {
	n, m := len(x), len(y)
	if n == 0 || m == 0 || n*m > 4_000_000 {
		return []step{{"-", x}, {"+", y}}
	}
	// l[i][j] = LCS length of x[i:] and y[j:], in one flat slice.
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	var out []step
	push := func(op, word string) {
		if k := len(out); k > 0 && out[k-1].op == op {
			out[k-1].words = append(out[k-1].words, word)
			return
		}
		out = append(out, step{op, []string{word}})
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			push("=", x[i])
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			push("-", x[i])
			i++
		default:
			push("+", y[j])
			j++
		}
	}
	for ; i < n; i++ {
		push("-", x[i])
	}
	for ; j < m; j++ {
		push("+", y[j])
	}
	return out
}
