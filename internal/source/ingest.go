package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Extractor turns an article into records; ingest stores both together.
type Extractor func(*article.Article) (*record.Records, error)

// IngestOptions configure Ingest.
type IngestOptions struct {
	Defaults Defaults
	Extract  Extractor // nil stores articles without records
	Workers  int       // parallel extraction workers; 0 = number of CPUs
	// BatchSize is how many articles share one commit (each in its own
	// savepoint); 0 means 256.
	BatchSize int
	Now       func() time.Time
	Stdin     io.Reader // read for "-"; nil means os.Stdin
	// OnItem is called after each article is handled or fails (from several
	// goroutines, never at once): for progress bars and error lines.
	OnItem func(Result)
	// OnFileDone is called after each input file has been read.
	OnFileDone func(path string)
}

// Result is what became of one input item.
type Result struct {
	Where     string
	ID        string
	Stored    bool
	Duplicate bool
	Err       error
}

// Summary counts an ingest run.
type Summary struct {
	Read       int `json:"read"`
	Stored     int `json:"stored"`
	Duplicates int `json:"duplicates"`
	Failed     int `json:"failed"`
}

// Ingest reads every path (files, folders, "-") and stores each article
// with its records, one transaction per article. Failures are counted and
// reported through OnItem; the rest still goes in. The error is non-nil
// only when the context ends.
func Ingest(ctx context.Context, st store.Store, paths []string, opt IngestOptions) (Summary, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Stdin == nil {
		opt.Stdin = os.Stdin
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	files, bad := Walk(paths)
	var sum Summary
	var mu sync.Mutex
	report := func(r Result) {
		mu.Lock()
		defer mu.Unlock()
		sum.Read++
		switch {
		case r.Err != nil:
			sum.Failed++
		case r.Stored:
			sum.Stored++
		case r.Duplicate:
			sum.Duplicates++
		}
		if opt.OnItem != nil {
			opt.OnItem(r)
		}
	}
	for _, b := range bad {
		report(Result{Where: b.Where, Err: b.Err})
	}

	// Readers feed items; workers extract records in parallel; one writer
	// stores them in batches (one savepoint an article), which keeps the
	// commit count low without ever half-writing an article.
	items := make(chan Item, 4*workers)
	prepared := make(chan preparedItem, 4*workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				prepared <- prepare(it, opt)
			}
		}()
	}
	go func() { wg.Wait(); close(prepared) }()
	// SQLite has one writer at a time; a server database takes several
	// concurrent batches and spreads their indexing work over its cores.
	writers := 1
	if cw, ok := st.(interface{ ConcurrentWriters() int }); ok {
		writers = max(1, cw.ConcurrentWriters())
	}
	writerDone := make(chan struct{})
	var ww sync.WaitGroup
	for i := 0; i < writers; i++ {
		ww.Add(1)
		go func() {
			defer ww.Done()
			writeBatches(ctx, st, prepared, opt.batchSize(), report)
		}()
	}
	go func() { ww.Wait(); close(writerDone) }()
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		ReadFile(f, opt.Stdin, opt.Defaults, func(it Item) {
			if ctx.Err() == nil {
				items <- it
			}
		})
		if opt.OnFileDone != nil {
			opt.OnFileDone(f)
		}
	}
	close(items)
	<-writerDone
	return sum, ctx.Err()
}

func (o IngestOptions) batchSize() int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	return 256
}

type preparedItem struct {
	where string
	put   store.Put
	err   error
}

func prepare(it Item, opt IngestOptions) preparedItem {
	p := preparedItem{where: it.Where, err: it.Err}
	if it.Err != nil {
		return p
	}
	a := it.Article
	a.IngestedAt = opt.Now().UTC()
	p.put.Article = a
	if opt.Extract != nil {
		recs, err := extractSafely(opt.Extract, a)
		if err != nil {
			p.err = fmt.Errorf("extract: %w", err)
			return p
		}
		p.put.Records = recs
	}
	return p
}

// writeBatches stores what arrives, flushing when the batch is full or
// nothing more is waiting, so a slow trickle is stored at once.
func writeBatches(ctx context.Context, st store.Store, in <-chan preparedItem, size int, report func(Result)) {
	var batch []preparedItem
	flush := func() {
		if len(batch) == 0 {
			return
		}
		puts := make([]store.Put, 0, len(batch))
		var wheres []string
		for _, p := range batch {
			if p.err != nil {
				report(Result{Where: p.where, Err: p.err})
				continue
			}
			puts = append(puts, p.put)
			wheres = append(wheres, p.where)
		}
		batch = batch[:0]
		if len(puts) == 0 {
			return
		}
		res, err := st.PutArticles(ctx, puts)
		for i := range puts {
			r := Result{Where: wheres[i]}
			if err != nil {
				r.Err = err
			} else {
				r.ID, r.Stored, r.Err = res[i].ID, res[i].Stored, res[i].Err
				r.Duplicate = r.Err == nil && !r.Stored
			}
			report(r)
		}
	}
	for p := range in {
		batch = append(batch, p)
		if len(batch) >= size {
			flush()
			continue
		}
	drain:
		for len(batch) < size {
			select {
			case q, ok := <-in:
				if !ok {
					break drain
				}
				batch = append(batch, q)
			default:
				break drain
			}
		}
		if len(batch) >= size || len(in) == 0 {
			flush()
		}
	}
	flush()
}

// extractSafely turns an extractor panic on odd input into an error for
// that one article, so one bad text never stops an ingest.
func extractSafely(ex Extractor, a *article.Article) (recs *record.Records, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor failed on this article: %v", r)
		}
	}()
	return ex(a)
}
