package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/link"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/story"
)

// afterSummary is what ran after new articles were stored.
type afterSummary struct {
	Links   link.Summary  `json:"links"`
	Stories story.Summary `json:"stories"`
}

// afterStore runs what follows newly stored (or re-extracted) articles:
// their denials and deadline outcomes link to earlier records, then their
// events merge into stories.
func afterStore(ctx context.Context, st store.Store, ids []string) (afterSummary, error) {
	var sum afterSummary
	if len(ids) == 0 {
		return sum, nil
	}
	var err error
	if sum.Links, err = link.Articles(ctx, st, ids); err != nil {
		return sum, fmt.Errorf("link new articles: %w", err)
	}
	if sum.Stories, err = mergeStories(ctx, st, story.Changes{Articles: ids}); err != nil {
		return sum, err
	}
	watchAfterStore(ctx, st)
	return sum, nil
}

// mergeStories merges changes into the stored stories.
func mergeStories(ctx context.Context, st store.Store, ch story.Changes) (story.Summary, error) {
	ss, err := story.StoreOf(st)
	if err != nil {
		return story.Summary{}, err
	}
	sum, err := story.Update(ctx, ss, ch, story.Options{})
	if err != nil {
		return sum, fmt.Errorf("merge stories: %w", err)
	}
	return sum, nil
}

// restory merges every stored event into stories again.
func restory(ctx context.Context, st store.Store) (story.Summary, error) {
	ss, err := story.StoreOf(st)
	if err != nil {
		return story.Summary{}, err
	}
	sum, err := story.Rebuild(ctx, ss, story.Options{})
	if err != nil {
		return sum, fmt.Errorf("merge stories: %w", err)
	}
	return sum, nil
}

// storyNote is the line a command prints about the stories it changed.
func storyNote(s story.Summary) string {
	if s.Stories+s.Removed == 0 {
		return ""
	}
	return fmt.Sprintf("stories: %d new or changed, %d merged away\n", s.Stories, s.Removed)
}

// storyFollower follows a long-running command that stores articles as
// it goes (poll, serve): at most once an interval, the articles stored
// since the last round have their denials and deadline outcomes linked and
// their events merged into stories, and once more at Close. Articles whose
// ids it was not told (and a backlog too big to keep) are caught by a merge
// of every event no story holds yet, which also runs once at the start for
// what a killed earlier run stored and did not follow up.
type storyFollower struct {
	st     store.Store
	errw   io.Writer
	done   chan struct{}
	cancel context.CancelFunc

	mu      sync.Mutex
	pending []string // ids stored since the last round
	unknown bool     // articles were stored whose ids are not in pending
	sum     story.Summary
	err     error
}

// followBacklog is how many stored ids a follower keeps between rounds;
// past it, the round merges every unstoried event instead.
const followBacklog = 50_000

func followStories(ctx context.Context, st store.Store, every time.Duration, errw io.Writer) *storyFollower {
	ctx, cancel := context.WithCancel(ctx)
	f := &storyFollower{st: st, errw: errw, done: make(chan struct{}), cancel: cancel, unknown: true}
	go func() {
		defer close(f.done)
		f.round(ctx)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				f.round(ctx)
			}
		}
	}()
	return f
}

// Stored notes that articles were stored: their ids, or none when they
// are not known.
func (f *storyFollower) Stored(ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(ids) == 0 {
		f.unknown = true
	}
	f.pending = append(f.pending, ids...)
	if len(f.pending) > followBacklog {
		f.pending, f.unknown = nil, true
	}
}

// round follows up what was stored since the last one.
func (f *storyFollower) round(ctx context.Context) {
	f.mu.Lock()
	ids, unknown := f.pending, f.unknown
	f.pending, f.unknown = nil, false
	f.mu.Unlock()
	if len(ids) == 0 && !unknown {
		return
	}
	var s story.Summary
	var err error
	if len(ids) > 0 {
		if _, err = link.Articles(ctx, f.st, ids); err != nil {
			err = fmt.Errorf("link new articles: %w", err)
		}
	}
	if err == nil {
		ch := story.Changes{Articles: ids}
		if unknown {
			ch = story.Changes{Unstoried: true}
		}
		s, err = mergeStories(ctx, f.st, ch)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sum = f.sum.Add(s)
	if err != nil {
		// Nothing is lost: the round's work goes back for the next one
		// (Close runs one more after stopping the ticker's, which is how
		// a round cut short by the stop is finished).
		f.pending = append(ids, f.pending...)
		f.unknown = f.unknown || unknown
		if ctx.Err() == nil {
			f.err = err
			fmt.Fprintf(f.errw, "sitrep: %v\n", err)
		}
	}
}

// Close stops the follower and follows up what is left; the summary counts
// every round it ran.
func (f *storyFollower) Close(ctx context.Context) (story.Summary, error) {
	f.cancel()
	<-f.done
	f.round(context.WithoutCancel(ctx))
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sum, f.err
}
