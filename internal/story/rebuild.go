package story

import (
	"context"
	"fmt"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// saveBatch is how many stories one SaveStories call of a rebuild writes.
const saveBatch = 5000

// Rebuild deletes every story and merges all stored events again.
func Rebuild(ctx context.Context, st Store, opt Options) (Summary, error) {
	arts := map[string]*Article{}
	if err := st.EachArticle(ctx, store.ArticleFilter{}, func(a *article.Article) error {
		arts[a.ID] = ArticleOf(a)
		return nil
	}); err != nil {
		return Summary{}, fmt.Errorf("restory: articles: %w", err)
	}
	ds, err := st.DisputedSentences(ctx, nil)
	if err != nil {
		return Summary{}, fmt.Errorf("restory: %w", err)
	}
	disputed := map[store.ArticleSentence]bool{}
	for _, d := range ds {
		disputed[d] = true
	}
	var events []record.Event
	if err := st.EachEvent(ctx, store.EventFilter{}, func(e *record.Event) error {
		events = append(events, *e)
		return nil
	}); err != nil {
		return Summary{}, fmt.Errorf("restory: events: %w", err)
	}
	reports := make([]Report, len(events))
	for i := range events {
		e := &events[i]
		reports[i] = Report{Event: e}
		switch a := arts[e.ArticleID]; {
		case e.ArticleID == "":
			reports[i].Article = ImportedArticle(e)
		case a != nil:
			reports[i].Article = a
			reports[i].Disputed = disputed[store.ArticleSentence{ArticleID: e.ArticleID, Sentence: e.Sentence}]
		default:
			reports[i].Article = &Article{ID: e.ArticleID}
		}
	}
	stories := Merge(reports, opt)
	if err := st.ClearStories(ctx); err != nil {
		return Summary{}, fmt.Errorf("restory: %w", err)
	}
	for lo := 0; lo < len(stories); lo += saveBatch {
		if err := st.SaveStories(ctx, stories[lo:min(lo+saveBatch, len(stories))], nil); err != nil {
			return Summary{}, fmt.Errorf("restory: %w", err)
		}
	}
	return Summary{Events: len(events), Stories: len(stories)}, nil
}
