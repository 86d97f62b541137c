package watch_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/watch"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func openDB(t testing.TB, path string) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixture is a small store: two articles, a treaty deadline, a Russian
// denial, a corroborated US–Russian consultation and a Ukrainian attack.
type fixture struct {
	path     string
	articles map[string]string // title → id
}

func putArticle(t testing.TB, st store.Store, title, date, src, url, text string, recs *record.Records) string {
	t.Helper()
	a := &article.Article{Title: title, Date: date, Source: src, URL: url, Text: text, IngestedAt: time.Now()}
	a.Hash = article.ContentHash(text)
	id, stored, err := st.PutArticle(context.Background(), a, recs)
	if err != nil || !stored {
		t.Fatalf("put %q: stored=%v %v", title, stored, err)
	}
	return id
}

var (
	usa = &record.Actor{Code: "USA", Country: "USA", Name: "United States"}
	rus = &record.Actor{Code: "RUS", Country: "RUS", Name: "Russia"}
	ukr = &record.Actor{Code: "UKR", Country: "UKR", Name: "Ukraine"}
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "watch.db"), articles: map[string]string{}}
	st := openDB(t, f.path)
	defer st.Close()
	f.articles["summit"] = putArticle(t, st, "Leaders meet in Anchorage", "2025-08-15", "Desk One", "https://one.example/summit",
		"Trump met Putin in Anchorage on Friday. New START expires on August 25.", &record.Records{
			Deadlines: []record.Deadline{{Sentence: 1, Due: "2025-08-25", Precision: "day", Kind: "expiry", What: "New START treaty expires",
				Actors: []record.Actor{*usa, *rus}, Text: "New START expires on August 25."}},
		})
	f.articles["denial"] = putArticle(t, st, "Kremlin denies <troop> claims", "2025-08-15", "Desk Two", "",
		"The Kremlin denied that troops were moving. Leaders met in Alaska.", &record.Records{
			Claims: []record.Claim{{Sentence: 0, Speaker: &record.Actor{Code: "RUSGOV", Country: "RUS", Text: "The Kremlin"}, Kind: "reported",
				Text: "The Kremlin denied that troops were moving toward Ukraine.", Stance: "deny", Date: "2025-08-15"}},
		})
	ss := st.(store.StoryStore)
	if err := ss.SaveStories(context.Background(), []record.Story{
		{ID: "s-consult", Date: "2025-08-15", DatePrecision: "day", Source: usa, Target: rus, CAMEO: "042", Root: "04", Quad: 1, Goldstein: 1.9,
			Label: "Make a visit", Text: "Trump met Putin in Anchorage on Friday.", Status: record.StatusCorroborated, Sources: 2, Reports: 2,
			Outlets: []string{"Desk One", "Desk Two"},
			Articles: []record.StoryArticle{{ID: f.articles["summit"], Title: "Leaders meet in Anchorage", Source: "Desk One", URL: "https://one.example/summit", Date: "2025-08-15", Group: 1},
				{ID: f.articles["denial"], Title: "Kremlin denies <troop> claims", Source: "Desk Two", Date: "2025-08-15", Sentence: 1, Group: 2}}},
		{ID: "s-attack", Date: "2025-08-16", DatePrecision: "day", Source: ukr, Target: rus, CAMEO: "190", Root: "19", Quad: 4, Goldstein: -10,
			Label: "Use conventional military force", Text: "Ukraine struck a Russian refinery.", Status: record.StatusSingle, Sources: 1, Reports: 1,
			Articles: []record.StoryArticle{{ID: f.articles["denial"], Title: "Kremlin denies <troop> claims", Source: "Desk Two", Date: "2025-08-15", Group: 1}}},
	}, nil); err != nil {
		t.Fatal(err)
	}
	ws := st.(store.WatchStore)
	for name, text := range map[string]string{
		"treaty":  "deadline due within 14d involving RUS",
		"consult": "event dyad USA-RUS root 04 status corroborated",
		"denials": "claim denial by RUS",
		"fights":  "event actor UKR quad 4 for 1d",
		"passed":  "deadline passed involving RUS",
	} {
		spec, err := watch.ParseRule(text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := ws.PutWatchRule(context.Background(), store.WatchRule{Name: name, Text: spec.String(), For: spec.For}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}
