package brief

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/tone"
)

// ToneItem is the tone between one pair over the weeks up to the brief.
type ToneItem struct {
	A, B   string
	Series *tone.Series
	Shifts []tone.Shift
	SVG    []byte // the chart, drawn by internal/tone
}

// toneWeeks is how many weeks the tone section shows.
const toneWeeks = 12

// pairs returns the pairs the tone section covers: every pair of the
// brief's actors (at most three pairs), or else the three pairs with the
// most stories in the period.
func (b *Brief) pairs(ctx context.Context, ss store.StoryStore, opt Options) ([][2]string, error) {
	var out [][2]string
	if len(opt.Actors) >= 2 {
		for i := 0; i < len(opt.Actors) && len(out) < 3; i++ {
			for j := i + 1; j < len(opt.Actors) && len(out) < 3; j++ {
				out = append(out, [2]string{opt.Actors[i], opt.Actors[j]})
			}
		}
		return out, nil
	}
	f := store.StoryFilter{From: b.From, To: b.To}
	if len(opt.Actors) == 1 {
		f.Actor = opt.Actors[0]
	}
	cells, err := ss.ToneCells(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("brief: tone: %w", err)
	}
	count := map[[2]string]int{}
	for _, c := range cells {
		if c.Source == "" || c.Target == "" || c.Source == c.Target {
			continue
		}
		k := [2]string{c.Source, c.Target}
		if k[1] < k[0] {
			k = [2]string{c.Target, c.Source}
		}
		count[k] += c.Count
	}
	for k := range count {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return out[i][0]+out[i][1] < out[j][0]+out[j][1]
	})
	return out[:min(3, len(out))], nil
}

func (b *Brief) tone(ctx context.Context, st store.Store, opt Options) error {
	ss, ok := st.(store.StoryStore)
	if !ok {
		return nil
	}
	pairs, err := b.pairs(ctx, ss, opt)
	if err != nil {
		return err
	}
	det := tone.DefaultDetector()
	to := opt.Now.UTC()
	from := tone.Week.Add(tone.Week.Start(to), -(toneWeeks - 1))
	lead := tone.Week.Add(from, -det.Window)
	for _, p := range pairs {
		cells, err := ss.ToneCells(ctx, store.StoryFilter{Source: p[0], Target: p[1], Both: true, From: iso(lead), To: iso(to)})
		if err != nil {
			return fmt.Errorf("brief: tone %s-%s: %w", p[0], p[1], err)
		}
		dirs := []tone.Dyad{{Source: p[0], Target: p[1]}, {Source: p[1], Target: p[0]}}
		s, err := tone.Build(cells, tone.Options{By: tone.Week, From: from, To: to, Lead: det.Window, Directions: dirs})
		if err != nil {
			return fmt.Errorf("brief: tone %s-%s: %w", p[0], p[1], err)
		}
		shifts, err := tone.Shifts(s, det)
		if err != nil {
			return fmt.Errorf("brief: tone %s-%s: %w", p[0], p[1], err)
		}
		item := ToneItem{A: p[0], B: p[1], Series: s, Shifts: shifts}
		if s.Directions[0].Stories+s.Directions[1].Stories > 0 {
			var buf bytes.Buffer
			title := fmt.Sprintf("Tone %s and %s by week, %s to %s", p[0], p[1], s.From, s.To)
			if err := tone.Chart(&buf, "svg", s, shifts, nil, tone.ChartOptions{Title: title, Width: 16, Height: 10}); err != nil {
				return fmt.Errorf("brief: tone chart %s-%s: %w", p[0], p[1], err)
			}
			item.SVG = buf.Bytes()
		}
		b.Tone = append(b.Tone, item)
	}
	return nil
}
