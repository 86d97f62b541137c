package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// RunPager runs the keyset-pagination suite; the factory's stores must
// implement store.Pager. Every list is walked page by page with a page
// size that does not divide it, and must come out whole, in order, once.
func RunPager(t *testing.T, open Factory) {
	s := open(t)
	defer s.Close()
	p, ok := s.(store.Pager)
	if !ok {
		t.Fatalf("%T does not implement store.Pager", s)
	}
	ctx := context.Background()
	// 23 articles over 5 days, several a day, each with an event, a claim,
	// a deadline and a fact; plus 40 imported events on 3 days.
	for i := 0; i < 23; i++ {
		date := fmt.Sprintf("2025-03-%02d", 1+i%5)
		a := NewArticle(fmt.Sprintf("Report %02d", i), date, "Wire", fmt.Sprintf("Text of report %d about talks.", i))
		country := []string{"RUS", "UKR"}[i%2]
		recs := &record.Records{
			Events: []record.Event{{Sentence: 0, Text: "talks", Date: date, DatePrecision: "day",
				Source: &record.Actor{Code: "USA", Country: "USA"}, Target: &record.Actor{Code: country, Country: country},
				CAMEO: "042", Root: "04", Quad: 1, Goldstein: 1.9}},
			Claims:    []record.Claim{{Sentence: 0, Speaker: &record.Actor{Code: country, Country: country}, Kind: "quote", Text: "we talked", Stance: "assert", Date: date}},
			Deadlines: []record.Deadline{{Sentence: 0, Due: fmt.Sprintf("2025-04-%02d", 1+i%7), Precision: "day", Kind: "deadline", What: "reply", Actors: []record.Actor{{Code: country, Country: country}}}},
			Facts:     []record.Fact{{Sentence: 0, Kind: "count", Subject: "rounds", Value: float64(i), Date: date, Precision: "day"}},
		}
		mustPut(t, s, a, recs)
	}
	var imported []record.Event
	for i := 0; i < 40; i++ {
		imported = append(imported, record.Event{ID: fmt.Sprintf("gdelt-%03d", i), Date: fmt.Sprintf("2025-03-%02d", 2+i%3), DatePrecision: "day",
			Source: &record.Actor{Code: "USA", Country: "USA"}, Target: &record.Actor{Code: "RUS", Country: "RUS"},
			CAMEO: "190", Root: "19", Quad: 4, Goldstein: -10})
	}
	if _, err := s.PutEvents(ctx, imported); err != nil {
		t.Fatal(err)
	}

	t.Run("Articles", func(t *testing.T) {
		want, err := s.ListArticles(ctx, store.ArticleFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		got := walk(t, 4, func(c string) ([]string, string, error) {
			page, next, err := p.ArticlesPage(ctx, store.ArticleFilter{}, c, 4)
			return ids(page, func(a int) string { return page[a].ID }), next, err
		})
		if !slices.Equal(got, ids(want, func(i int) string { return want[i].ID })) {
			t.Fatalf("paged articles %v\nwant (ListArticles order) %v", got, ids(want, func(i int) string { return want[i].ID }))
		}
	})
	t.Run("EventsFiltered", func(t *testing.T) {
		f := store.EventFilter{SourceCountry: "USA", TargetCountry: "RUS", From: "2025-03-02"}
		all, err := s.Events(ctx, store.EventFilter{SourceCountry: "USA", TargetCountry: "RUS", From: "2025-03-02", Limit: -1})
		if err != nil {
			t.Fatal(err)
		}
		got := walk(t, 7, func(c string) ([]string, string, error) {
			page, next, err := p.EventsPage(ctx, f, c, 7)
			for i := 1; i < len(page); i++ {
				if page[i].Date < page[i-1].Date {
					t.Fatalf("events out of date order: %s after %s", page[i].Date, page[i-1].Date)
				}
			}
			return ids(page, func(i int) string { return page[i].ID }), next, err
		})
		want := ids(all, func(i int) string { return all[i].ID })
		slices.Sort(want)
		slices.Sort(got)
		if len(all) < 40 || !slices.Equal(got, want) {
			t.Fatalf("paged %d events, want the %d that Events returns", len(got), len(all))
		}
	})
	for _, tc := range []struct {
		name string
		page func(string) ([]string, []string, string, error)
	}{
		{"Claims", func(c string) ([]string, []string, string, error) {
			pg, next, err := p.ClaimsPage(ctx, store.RecordFilter{Country: "RUS"}, c, 3)
			return ids(pg, func(i int) string { return pg[i].ID }), ids(pg, func(i int) string { return pg[i].Date }), next, err
		}},
		{"Deadlines", func(c string) ([]string, []string, string, error) {
			pg, next, err := p.DeadlinesPage(ctx, store.RecordFilter{Country: "RUS"}, c, 3)
			return ids(pg, func(i int) string { return pg[i].ID }), ids(pg, func(i int) string { return pg[i].Due }), next, err
		}},
		{"Facts", func(c string) ([]string, []string, string, error) {
			pg, next, err := p.FactsPage(ctx, store.RecordFilter{Kind: "count", From: "2025-03-02"}, c, 3)
			return ids(pg, func(i int) string { return pg[i].ID }), ids(pg, func(i int) string { return pg[i].Date }), next, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var dates []string
			got := walk(t, 3, func(c string) ([]string, string, error) {
				id, d, next, err := tc.page(c)
				dates = append(dates, d...)
				return id, next, err
			})
			if !slices.IsSorted(dates) {
				t.Fatalf("%s not in date order: %v", tc.name, dates)
			}
			// RUS is the target of even-numbered articles (12 of 23); facts
			// from 03-02 leave out the 5 dated 03-01.
			wantN := 12
			if tc.name == "Facts" {
				wantN = 23 - 5
			}
			if len(got) != wantN {
				t.Fatalf("%s: paged %d, want %d", tc.name, len(got), wantN)
			}
		})
	}
	t.Run("BadCursor", func(t *testing.T) {
		_, _, err := p.EventsPage(ctx, store.EventFilter{}, "not-a-cursor!", 5)
		if !errors.Is(err, store.ErrBadCursor) {
			t.Fatalf("mangled cursor: err = %v, want ErrBadCursor", err)
		}
		_, next, err := p.ClaimsPage(ctx, store.RecordFilter{}, "", 2)
		if err != nil || next == "" {
			t.Fatal(next, err)
		}
		if _, _, err := p.FactsPage(ctx, store.RecordFilter{}, next, 2); !errors.Is(err, store.ErrBadCursor) {
			t.Fatalf("claims cursor used for facts: err = %v, want ErrBadCursor", err)
		}
	})
}

// walk pages until the cursor runs out, checking that no page is larger
// than size and no id comes twice.
func walk(t *testing.T, size int, page func(cursor string) ([]string, string, error)) []string {
	t.Helper()
	var all []string
	seen := map[string]bool{}
	cursor := ""
	for n := 0; ; n++ {
		got, next, err := page(cursor)
		if err != nil {
			t.Fatalf("page %d: %v", n, err)
		}
		if len(got) > size || (next != "" && len(got) != size) {
			t.Fatalf("page %d has %d rows (size %d, next %q)", n, len(got), size, next)
		}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("page %d repeats %s", n, id)
			}
			seen[id] = true
		}
		all = append(all, got...)
		if next == "" {
			return all
		}
		if n > 1000 {
			t.Fatal("paging does not end")
		}
		cursor = next
	}
}

func ids[T any](xs []T, id func(int) string) []string {
	out := make([]string, len(xs))
	for i := range xs {
		out[i] = id(i)
	}
	return out
}
