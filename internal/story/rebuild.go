package story

import (
	"context"
	"errors"
	"fmt"

	"github.com/sitrep/sitrep/internal/article"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// saveBatch is how many stories one SaveStories call of a rebuild writes.
const saveBatch = 5000

// flushAt is how many reports a rebuild gathers, a whole actor pair at a
// time, before it merges them and writes their stories.
var flushAt = 50_000

// Rebuild deletes every story and merges all stored events again.
//
// A store that hands its events over pair by pair (store.PairEventStore)
// has them merged a few pairs at a time, their stories written as they
// come, so memory holds the articles' signatures and one batch of pairs,
// not every event. Stories are deleted first: a rebuild that fails half
// way leaves some stories out, and running it again completes them.
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
	r := &rebuild{st: st, m: NewMerger(opt), arts: arts, disputed: disputed}
	if ps, ok := st.(store.PairEventStore); ok {
		sum, err := r.run(ctx, ps.EachEventByPair, true)
		if !errors.Is(err, errPairOrder) {
			return sum, err
		}
		// The store's order did not keep a pair together: merge from
		// scratch with every event held.
		r.m = NewMerger(opt)
	}
	return r.run(ctx, func(ctx context.Context, fn func(*record.Event) error) error {
		return st.EachEvent(ctx, store.EventFilter{}, fn)
	}, false)
}

var errPairOrder = errors.New("restory: the store's events came out of pair order")

type rebuild struct {
	ctx      context.Context
	st       Store
	m        *Merger
	arts     map[string]*Article
	disputed map[store.ArticleSentence]bool
	batch    []record.Story
	sum      Summary
}

// run clears the stories and merges the events each hands over; byPair
// says they come pair by pair, so the merger may be flushed between pairs.
func (r *rebuild) run(ctx context.Context, each func(context.Context, func(*record.Event) error) error, byPair bool) (Summary, error) {
	r.ctx, r.sum, r.batch = ctx, Summary{}, nil
	if err := r.st.ClearStories(ctx); err != nil {
		return Summary{}, fmt.Errorf("restory: %w", err)
	}
	last, done := "", map[string]bool{}
	err := each(ctx, func(e *record.Event) error {
		if byPair {
			if p, _ := pairKey(e); p != last {
				if done[p] {
					return errPairOrder
				}
				done[last] = true
				last = p
				if r.m.Len() >= flushAt {
					if err := r.m.Flush(r.save); err != nil {
						return err
					}
				}
			}
		}
		r.sum.Events++
		rep := Report{Event: e}
		switch a := r.arts[e.ArticleID]; {
		case e.ArticleID == "":
			rep.Article = ImportedArticle(e)
		case a != nil:
			rep.Article = a
			rep.Disputed = r.disputed[store.ArticleSentence{ArticleID: e.ArticleID, Sentence: e.Sentence}]
		default:
			rep.Article = &Article{ID: e.ArticleID}
		}
		r.m.Add(&rep)
		return nil
	})
	if errors.Is(err, errPairOrder) {
		return Summary{}, err
	}
	if err != nil {
		return Summary{}, fmt.Errorf("restory: events: %w", err)
	}
	if err := r.m.Flush(r.save); err != nil {
		return Summary{}, err
	}
	if err := r.write(ctx); err != nil {
		return Summary{}, err
	}
	return r.sum, nil
}

// save gathers stories and writes them saveBatch at a time.
func (r *rebuild) save(s *record.Story) error {
	r.sum.Stories++
	r.batch = append(r.batch, *s)
	if len(r.batch) >= saveBatch {
		return r.write(r.ctx)
	}
	return nil
}

func (r *rebuild) write(ctx context.Context) error {
	if len(r.batch) == 0 {
		return nil
	}
	if err := r.st.SaveStories(ctx, r.batch, nil); err != nil {
		return fmt.Errorf("restory: %w", err)
	}
	clear(r.batch)
	r.batch = r.batch[:0]
	return nil
}
