package link_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/coder"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/link"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func TestLinksAcrossArticles(t *testing.T) {
	ctx := context.Background()
	st, put := newStore(t)
	first := put("2024-10-08", "Book", "Bob Woodward's new book claims that Donald Trump spoke with Vladimir Putin as many as seven times after leaving office.\n\nThe New START treaty expires on February 5, 2026.")
	second := put("2024-10-09", "Denial", "The Kremlin denied that Donald Trump and Vladimir Putin had spoken seven times since Trump left office.")
	third := put("2026-02-06", "Expired", "The New START treaty expired on Thursday, leaving no limits on the two arsenals.")
	sum, err := link.Articles(ctx, st, []string{first, second, third})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", sum)
	claims, _ := st.Claims(ctx, store.RecordFilter{Kind: "deny"})
	var linked bool
	for _, cl := range claims {
		if cl.ArticleID == second && cl.Denies != "" {
			linked = true
		}
	}
	if !linked {
		t.Errorf("the Kremlin's denial is not linked to the book's claim: %+v", claims)
	}
	dls, _ := st.Deadlines(ctx, store.RecordFilter{})
	var settled bool
	for _, d := range dls {
		if d.ArticleID == first && d.Status == "met" {
			settled = true
		}
	}
	if !settled {
		t.Errorf("the treaty's expiry is not settled by the later report: %+v", dls)
	}
}

// TestFollowUpDenial: a spokesman's "pure fiction" right after the
// Kremlin's denial denies the same report, though it names nothing itself;
// a denial by the other side in the same place does not.
func TestFollowUpDenial(t *testing.T) {
	ctx := context.Background()
	st, put3 := newStore(t)
	put := func(date, text string) string { return put3(date, "t", text) }
	report := put("2025-11-03", "Russian forces shelled Kherson on Monday, killing two people, Ukrainian officials said.")
	denial := put("2025-11-04", "The Kremlin denied on Tuesday that Russian forces had shelled Kherson. \"This is pure fiction,\" Kremlin spokesman Dmitry Peskov told reporters.")
	other := put("2025-11-05", "Ukraine's foreign minister Andrii Sybiha rejected the Kremlin's version. Separately, Dmitry Peskov dismissed a report on gas talks as \"fake news\".")
	if _, err := link.Articles(ctx, st, []string{report, denial, other}); err != nil {
		t.Fatal(err)
	}
	claims, _ := st.Claims(ctx, store.RecordFilter{Kind: "deny"})
	var target string
	for _, cl := range claims {
		if cl.ArticleID == report {
			t.Fatalf("the report itself is a denial: %+v", cl)
		}
	}
	recs, _ := st.Records(ctx, report)
	if len(recs.Claims) != 1 {
		t.Fatalf("the report's claims: %+v", recs.Claims)
	}
	target = recs.Claims[0].ID
	n := 0
	for _, cl := range claims {
		switch cl.ArticleID {
		case denial:
			if cl.Denies != target {
				t.Errorf("%s %q denies %q, want the report %s", cl.Speaker.Name, cl.Text, cl.Denies, target)
			}
			n++
		case other:
			if cl.Denies == target && cl.Speaker != nil && cl.Speaker.Country == "RUS" && cl.Sentence == 1 {
				t.Errorf("a later, unrelated denial inherits the link: %+v", cl)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d denials in the Kremlin's article, want 2: %+v", n, claims)
	}
}

// TestDenialLooksBackFar: a denial two and a half months after the claim
// still finds it (the widest step), and prefers the nearer of two reports
// that match it alike.
func TestDenialLooksBackFar(t *testing.T) {
	ctx := context.Background()
	st, put3 := newStore(t)
	put := func(date, text string) string { return put3(date, "t", text) }
	old := put("2025-01-02", "Bob Woodward's new book claims that Donald Trump spoke with Vladimir Putin as many as seven times after leaving office.")
	denial := put("2025-03-15", "The Kremlin denied that Donald Trump and Vladimir Putin had spoken seven times since Trump left office.")
	if _, err := link.Articles(ctx, st, []string{old, denial}); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.Records(ctx, old)
	claims, _ := st.Claims(ctx, store.RecordFilter{Kind: "deny"})
	if len(recs.Claims) != 1 || len(claims) != 1 || claims[0].Denies != recs.Claims[0].ID {
		t.Fatalf("denial %+v, claim %+v", claims, recs.Claims)
	}
	// The same claim reported again a week before a second denial: that
	// report is the one denied.
	recent := put("2025-05-01", "A new book claims that Donald Trump spoke with Vladimir Putin as many as seven times after leaving office.")
	again := put("2025-05-08", "The Kremlin again denied that Donald Trump and Vladimir Putin had spoken seven times since Trump left office.")
	if _, err := link.Articles(ctx, st, []string{recent, again}); err != nil {
		t.Fatal(err)
	}
	rr, _ := st.Records(ctx, recent)
	ra, _ := st.Records(ctx, again)
	if len(rr.Claims) != 1 || len(ra.Claims) != 1 || ra.Claims[0].Denies != rr.Claims[0].ID {
		t.Fatalf("second denial %+v, recent claim %+v", ra.Claims, rr.Claims)
	}
}

// newStore opens a SQLite store for a test and returns it with a function
// that stores an article (date, title, text) with its extracted records.
func newStore(t *testing.T) (*sqlite.Store, func(date, title, text string) string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := coder.New(coder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(c)
	return st, func(date, title, text string) string {
		a := &article.Article{Title: title, Date: date, Text: text, Hash: article.ContentHash(text)}
		recs, _ := x.Records(a)
		id, _, err := st.PutArticle(ctx, a, recs)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
}
