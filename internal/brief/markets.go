package brief

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sitrep/sitrep/internal/market"
	"github.com/sitrep/sitrep/internal/store"
)

// MarketItem is how one series reacted to one of the period's main
// stories: the cumulative abnormal return over days 0 to +1 against the
// series' mean return over the 120 to 6 sessions before, with its
// standardised statistic and two-sided p-value.
type MarketItem struct {
	Series  string
	Story   StoryItem
	Day0    string
	CAR     float64 // log CAR
	Z       float64 // CAR / (σ √L)
	P       float64
	Skipped string // why it could not be measured
}

// marketStories is how many of the top stories the market section studies.
const marketStories = 5

var (
	briefEstimation = market.Window{From: -120, To: -6}
	briefWindow     = market.Window{From: 0, To: 1}
)

func (b *Brief) markets(ctx context.Context, st store.Store, _ Options) error {
	ms, ok := st.(store.MarketStore)
	if !ok {
		b.MarketsNote = "This store keeps no price series."
		return nil
	}
	infos, err := ms.ListSeries(ctx)
	if err != nil {
		return fmt.Errorf("brief: series: %w", err)
	}
	if len(infos) == 0 {
		b.MarketsNote = "No price series are stored (import one with sitrep market import)."
		return nil
	}
	var top []StoryItem
	for _, s := range b.Stories {
		if len(s.Story.Date) == 10 && len(top) < marketStories {
			top = append(top, s)
		}
	}
	if len(top) == 0 {
		b.MarketsNote = "No story of the period is dated to the day."
		return nil
	}
	for _, info := range infos {
		ps, err := ms.GetSeries(ctx, info.Name)
		if err != nil {
			return fmt.Errorf("brief: series %s: %w", info.Name, err)
		}
		ser := market.Series{Name: ps.Name, Prices: make([]market.Price, len(ps.Prices))}
		for i, p := range ps.Prices {
			ser.Prices[i] = market.Price{Date: market.Day(p.Date), Close: p.Close}
		}
		var events []market.Event
		for _, s := range top {
			d, _ := time.Parse(time.DateOnly, s.Story.Date)
			events = append(events, market.Event{ID: s.Story.ID, Series: ps.Name, Date: d, Group: s.Story.ID})
		}
		res, err := market.Study(market.Spec{Model: market.MeanAdjusted, Estimation: briefEstimation, Window: briefWindow,
			Tests: []market.TestName{market.TestPatell}}, market.Input{Securities: []market.Series{ser}}, events)
		if errors.Is(err, market.ErrNoEvents) {
			continue // the series does not cover the period
		}
		if err != nil {
			return fmt.Errorf("brief: study on %s: %w", ps.Name, err)
		}
		for i, er := range res.Events {
			item := MarketItem{Series: ps.Name, Story: top[i], Day0: iso(er.Day0), Skipped: er.Skipped}
			if er.Skipped == "" && len(er.CARs) > 0 && er.CARs[0].Unavailable == "" && er.Fit.Sigma > 0 {
				item.CAR = er.CARs[0].Value
				item.Z = item.CAR / (er.Fit.Sigma * math.Sqrt(float64(briefWindow.Len())))
				item.P = 2 * (1 - 0.5*math.Erfc(-math.Abs(item.Z)/math.Sqrt2))
			} else if item.Skipped == "" {
				item.Skipped = "no abnormal return could be computed"
			}
			b.Markets = append(b.Markets, item)
		}
	}
	sort.SliceStable(b.Markets, func(i, j int) bool { return b.Markets[i].Skipped == "" && b.Markets[j].Skipped != "" })
	if len(b.Markets) == 0 {
		b.MarketsNote = "No stored series covers the days of the period's main stories."
	}
	return nil
}

// Stars marks significance: *** 1%, ** 5%, * 10%.
func Stars(p float64) string {
	switch {
	case p < 0.01:
		return "***"
	case p < 0.05:
		return "**"
	case p < 0.1:
		return "*"
	}
	return ""
}
