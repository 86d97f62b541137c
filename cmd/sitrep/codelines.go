package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/record"
)

// codedLine is one input line of sitrep code and what coding it gave.
type codedLine struct {
	n      int    // line number
	id     string // the line's id, or its number
	text   string
	ref    time.Time
	bad    string // why the line could not be read; not coded
	events []record.Event
}

// codeBatch is how many lines a worker codes at a time: enough to make
// the hand-offs cheap, few enough to keep the output flowing.
const codeBatch = 256

// codeLines reads the lines of in, codes them on every core, and hands
// them to emit in input order. name names the input in errors.
func codeLines(c *coder.Coder, in io.Reader, name string, ref time.Time, emit func(*codedLine)) error {
	type batch struct {
		seq   int
		lines []codedLine
	}
	work, done := make(chan batch), make(chan batch)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for i := range b.lines {
					if l := &b.lines[i]; l.bad == "" {
						l.events = c.CodeText(l.text, l.ref)
					}
				}
				done <- b
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(work)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		b := batch{}
		for n := 1; sc.Scan(); n++ {
			if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
				b.lines = append(b.lines, readCodeLine(line, n, name, ref))
			}
			if len(b.lines) == codeBatch {
				work <- b
				b = batch{seq: b.seq + 1}
			}
		}
		if len(b.lines) > 0 {
			work <- b
		}
		readErr <- sc.Err()
	}()
	go func() { wg.Wait(); close(done) }()
	// Batches finish out of order; each waits here for those before it.
	waiting := map[int]batch{}
	next := 0
	for b := range done {
		waiting[b.seq] = b
		for {
			b, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			for i := range b.lines {
				emit(&b.lines[i])
			}
			next++
		}
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("code: %s: %w", name, err)
	}
	return nil
}

// readCodeLine reads one input line: plain text, or a JSON object with
// id, date and text.
func readCodeLine(line []byte, n int, name string, ref time.Time) codedLine {
	l := codedLine{n: n, id: strconv.Itoa(n), text: string(line), ref: ref}
	if line[0] != '{' {
		return l
	}
	var rec struct {
		ID   any    `json:"id"`
		Date string `json:"date"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		l.bad = fmt.Sprintf("%s:%d: not a JSON object: %v", name, n, err)
		return l
	}
	if rec.ID != nil {
		l.id = fmt.Sprint(rec.ID)
	}
	l.text = rec.Text
	if rec.Date != "" {
		if t, err := time.Parse("2006-01-02", rec.Date[:min(10, len(rec.Date))]); err == nil {
			l.ref = t
		}
	}
	return l
}
