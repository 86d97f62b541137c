package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
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

// storyFollower merges stories for a long-running command that learns
// that articles were stored but not which (poll): every event no story
// holds yet is merged, at most once an interval, and once more at Close.
type storyFollower struct {
	st     store.Store
	errw   io.Writer
	dirty  atomic.Bool // articles were stored since the last merge
	done   chan struct{}
	mu     sync.Mutex
	sum    story.Summary
	err    error
	cancel context.CancelFunc
}

func followStories(ctx context.Context, st store.Store, every time.Duration, errw io.Writer) *storyFollower {
	ctx, cancel := context.WithCancel(ctx)
	f := &storyFollower{st: st, errw: errw, done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(f.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if f.dirty.Swap(false) {
					f.merge(ctx)
				}
			}
		}
	}()
	return f
}

// Stored notes that articles were stored.
func (f *storyFollower) Stored() { f.dirty.Store(true) }

func (f *storyFollower) merge(ctx context.Context) {
	s, err := mergeStories(ctx, f.st, story.Changes{Unstoried: true})
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sum = f.sum.Add(s)
	if err != nil && ctx.Err() == nil {
		f.err = err
		fmt.Fprintf(f.errw, "sitrep: %v\n", err)
	}
}

// Close stops the follower and merges what is left; the summary counts
// every merge it ran.
func (f *storyFollower) Close(ctx context.Context) (story.Summary, error) {
	f.cancel()
	<-f.done
	if f.dirty.Swap(false) {
		f.merge(context.WithoutCancel(ctx))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sum, f.err
}
