package claim

import (
	"fmt"
	"testing"
	"time"
	"github.com/sitrep/sitrep/internal/text"
)

func TestDbg2(t *testing.T) {
	in := `Trump told reporters: "It was a great meeting."`
	ss := text.Sentences(in)
	st := newSent(0, ss[0].Text)
	for k, tk := range st.toks { fmt.Println(k, tk.Text, tk.Kind, st.role[k], st.double[k]) }
	sp := findQuotes([]*sent{st})
	fmt.Printf("%+v\n", sp)
}

func TestDbg3(t *testing.T) {
	in := `Trump told reporters: "It was a great meeting."`
	x := New(nil)
	a := &article{x: x, used: map[[2]int]int{}}
	st := newSent(0, in)
	a.ss = []*sent{st}
	a.spans = findQuotes(a.ss)
	a.spanDone = make([]bool, 1)
	att, ok := a.pre(&a.spans[0])
	fmt.Printf("%+v %v\n", att, ok)
	a.analyse(st)
	fmt.Println(st.isVerb(1), st.skippable(2, 3), st.blocked(1))
	sa, sb := st.subject(1, 0)
	fmt.Println(sa, sb, st.pick(sa, sb))
}

func TestDbg4(t *testing.T) {
	for _, in := range []string{`Trump told reporters: "It was a great meeting."`, `Putin said it.`} {
	st := newSent(0, in)
	st.analyse(New(nil).m, time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC))
	fmt.Printf("%+v\n%+v\n", st.units, st.names)
	}
}
