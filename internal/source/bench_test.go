package source_test

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

// reutersPlain decompresses the Reuters corpus once into a temp file, so
// the benchmark measures parsing and storing, not gunzip.
func reutersPlain(b *testing.B) string {
	src := shared.Path(b, "corpora/news/reuters21578.jsonl.gz")
	f, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "reuters.jsonl")
	out, _ := os.Create(dst)
	if _, err := out.ReadFrom(zr); err != nil {
		b.Fatal(err)
	}
	out.Close()
	return dst
}

func benchIngest(b *testing.B, open func(testing.TB) store.Store) {
	path := reutersPlain(b)
	var total int
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		start := time.Now()
		sum, err := source.Ingest(context.Background(), s, []string{path}, source.IngestOptions{})
		elapsed += time.Since(start)
		if err != nil || sum.Failed > 1 { // one Reuters record is empty
			b.Fatalf("%+v %v", sum, err)
		}
		total += sum.Read
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "articles/s")
}

// BenchmarkIngestReutersSQLite: the 21,578 Reuters articles into a fresh
// SQLite store (target ≥ 2,000 articles/s).
func BenchmarkIngestReutersSQLite(b *testing.B) { benchIngest(b, openSQLite) }

// BenchmarkIngestReutersPostgres: the same into PostgreSQL (target ≥ 1,000/s).
func BenchmarkIngestReutersPostgres(b *testing.B) { benchIngest(b, openPostgres) }

// BenchmarkSearchReuters: one query over the Reuters store (target median < 20 ms).
func BenchmarkSearchReuters(b *testing.B) {
	for name, open := range map[string]func(testing.TB) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		b.Run(name, func(b *testing.B) {
			path := reutersPlain(b)
			s := open(b)
			if _, err := source.Ingest(context.Background(), s, []string{path}, source.IngestOptions{}); err != nil {
				b.Fatal(err)
			}
			queries := []string{"oil prices", `"interest rates"`, "soviet grain", "opec OR petroleum", "gold -silver", "bank", "treaty missiles", "coffee brazil export"}
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := s.Search(context.Background(), store.SearchQuery{Text: queries[i%len(queries)], Limit: 20}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
