package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/cameo"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/shared"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/postgres/pgtest"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// The test store is built from real material: the Reuters-21578 articles
// on the Soviet Union and NATO (1987), ingested with the real extractors,
// the EIA's daily WTI price series, one hostile article, and stories
// merged from the stored events.

const (
	corpus      = "corpora/news/reuters21578_soviet_nato_subset.jsonl"
	wtiFile     = "markets/wti_daily_eia.csv"
	hostileText = `Officials said <script>window.__pwned = 1</script> the talks in Geneva were "useful" & frank.
Read <a href="javascript:window.__pwned=2">the statement</a> or <img src=x onerror="window.__pwned=3">; entities stay as typed: &lt;b&gt; &amp; &#x27;.`
	hostileTitle = `<script>window.__pwned=1</script>Talks & "entities" &amp; <b>bold</b>`
)

var (
	extractorOnce sync.Once
	extractor     source.Extractor
	extractorErr  error
)

func testExtractor(t testing.TB) source.Extractor {
	extractorOnce.Do(func() {
		c, err := coder.New(coder.Options{})
		if err != nil {
			extractorErr = err
			return
		}
		extractor = extract.New(c).Records
	})
	if extractorErr != nil {
		t.Fatal(extractorErr)
	}
	return extractor
}

// fixture is a store with the test material and what tests look up.
type fixture struct {
	st        store.Store
	hostileID string
	token     string // a valid write token
	storyIDs  []string
}

func openSQLite(t testing.TB) store.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t testing.TB) store.Store {
	st, err := postgres.Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// stores runs fn against SQLite and, when SITREP_TEST_PG is set (or in
// CI), PostgreSQL.
func stores(t *testing.T, fn func(t *testing.T, open func(testing.TB) store.Store)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLite) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv("SITREP_TEST_PG") == "" && os.Getenv("CI") != "true" {
			t.Skip("SITREP_TEST_PG is not set: skipping the PostgreSQL run")
		}
		fn(t, openPostgres)
	})
}

var fixedNow = time.Date(1987, 10, 1, 12, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, st store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	path := shared.Path(t, corpus)
	sum, err := source.Ingest(ctx, st, []string{path}, source.IngestOptions{Extract: testExtractor(t), Now: func() time.Time { return fixedNow }})
	if err != nil || sum.Stored < 300 || sum.Failed > 0 {
		t.Fatalf("ingest %s: %+v, %v", path, sum, err)
	}
	f := &fixture{st: st}
	f.hostileID = putHostile(t, st)
	f.storyIDs = saveStories(t, st)
	putWTI(t, st)
	secret, tok, err := store.NewToken("tests", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.(store.TokenStore).CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	f.token = secret
	return f
}

func putHostile(t testing.TB, st store.Store) string {
	a := &article.Article{Title: hostileTitle, Date: "1987-10-02", Source: `Evil <i>Outlet</i>`, URL: "javascript:window.__pwned=5",
		Text: hostileText, IngestedAt: fixedNow}
	a.Hash = article.ContentHash(a.Text)
	recs := &record.Records{
		Events: []record.Event{{Sentence: 0, Text: `Officials said <script>window.__pwned = 1</script> the talks in Geneva were "useful" & frank.`,
			Date: "1987-10-02", DatePrecision: "day", Source: &record.Actor{Code: "USA", Country: "USA", Name: `<script>window.__pwned=6</script>`},
			Target: &record.Actor{Code: "USR", Country: "USR", Text: "Soviet"}, CAMEO: "042", Root: "04", Quad: 1, Goldstein: 1.9}},
		Claims: []record.Claim{{Sentence: 0, Speaker: &record.Actor{Code: "USA", Country: "USA", Text: "Officials"}, Kind: "reported",
			Text: `the talks in Geneva were "useful" & frank`, Stance: "assert", Date: "1987-10-02"}},
		Deadlines: []record.Deadline{{Sentence: 1, Text: "Read the statement", Due: "1987-11-30", Precision: "day", Kind: "deadline",
			What: `<script>window.__pwned=7</script> reply`, Actors: []record.Actor{{Code: "USR", Country: "USR"}}}},
	}
	id, stored, err := st.PutArticle(context.Background(), a, recs)
	if err != nil || !stored {
		t.Fatalf("hostile article: %v %v", stored, err)
	}
	return id
}

// saveStories merges the stored events into stories the simple way (same
// day, direction and CAMEO code), for a store whose stories were never
// built.
func saveStories(t testing.TB, st store.Store) []string {
	ctx := context.Background()
	ss, ok := st.(store.StoryStore)
	if !ok {
		t.Fatalf("%T keeps no stories", st)
	}
	type key struct{ date, src, tgt, code string }
	groups := map[key][]record.Event{}
	var order []key
	err := st.EachEvent(ctx, store.EventFilter{}, func(e *record.Event) error {
		if e.Source == nil || e.Target == nil || e.ArticleID == "" {
			return nil
		}
		k := key{e.Date, e.Source.Country, e.Target.Country, e.CAMEO}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], *e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	arts := map[string]*article.Article{}
	var stories []record.Story
	for _, k := range order {
		evs := groups[k]
		h := sha256.Sum256([]byte(fmt.Sprint(k)))
		s := record.Story{ID: "fx" + hex.EncodeToString(h[:6]), Date: k.date, DatePrecision: evs[0].DatePrecision,
			Source: evs[0].Source, Target: evs[0].Target, CAMEO: k.code, Root: evs[0].Root, Quad: evs[0].Quad,
			Goldstein: evs[0].Goldstein, Text: evs[0].Text, Reports: len(evs), UpdatedAt: fixedNow}
		if c, ok := cameo.Lookup(k.code); ok {
			s.Label = c.Label
		}
		seen := map[string]bool{}
		for i, e := range evs {
			a := arts[e.ArticleID]
			if a == nil {
				if a, err = st.GetArticle(ctx, e.ArticleID); err != nil {
					t.Fatal(err)
				}
				arts[e.ArticleID] = a
			}
			s.Articles = append(s.Articles, record.StoryArticle{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Date: a.Date,
				Sentence: e.Sentence, Text: e.Text, Group: i + 1})
			s.EventIDs = append(s.EventIDs, e.ID)
			if !seen[a.ID] {
				seen[a.ID] = true
				s.Sources++
			}
			if !slices.Contains(s.Outlets, a.Source) {
				s.Outlets = append(s.Outlets, a.Source)
			}
			if s.FirstSeen.IsZero() || a.IngestedAt.Before(s.FirstSeen) {
				s.FirstSeen = a.IngestedAt
			}
		}
		s.Status = record.StatusSingle
		if s.Sources > 1 {
			s.Status = record.StatusCorroborated
		}
		stories = append(stories, s)
	}
	if len(stories) < 50 {
		t.Fatalf("only %d stories from the corpus", len(stories))
	}
	if err := ss.SaveStories(ctx, stories, nil); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(stories))
	for i, s := range stories {
		ids[i] = s.ID
	}
	sort.Strings(ids)
	return ids
}

func putWTI(t testing.TB, st store.Store) {
	path := shared.Path(t, wtiFile)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ser, err := market.ParseSeries(f, "WTI", market.ParseOptions{AllowNonPositive: true})
	if err != nil {
		t.Fatal(err)
	}
	ps := store.PriceSeries{SeriesMeta: store.SeriesMeta{Name: "WTI", SourceFile: path, Format: "eia", ImportedAt: fixedNow}}
	// The stories are of 1987: the years around them are enough (and the
	// negative close of April 2020 stays out of the way).
	for _, p := range ser.Prices {
		if p.Date.Year() >= 2000 {
			break
		}
		ps.Prices = append(ps.Prices, store.DailyPrice{Date: p.Date, Close: p.Close})
	}
	if err := st.(store.MarketStore).PutSeries(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
}

// newTestServer serves the fixture on loopback with reading open.
func newTestServer(t testing.TB, f *fixture, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	opt.Store = f.st
	if opt.Now == nil {
		opt.Now = func() time.Time { return fixedNow }
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
