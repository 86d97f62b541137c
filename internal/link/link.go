// Package link connects records across articles once they are stored: a
// denial in today's article to the claim an earlier article reported, and
// a deadline reported met or missed to the deadline an earlier article set.
// Within one article the extractors link already; this is the step that
// needs the store.
package link

import (
	"context"
	"errors"
	"time"

	"github.com/sitrep/sitrep/internal/claim"
	"github.com/sitrep/sitrep/internal/fact"
	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// Window is how far back a denial looks for the claim it denies.
const Window = 366 * 24 * time.Hour

// Summary counts what Articles linked.
type Summary struct {
	Denials  int `json:"denials_linked"`
	Statuses int `json:"deadlines_updated"`
}

// Articles links the records of the given (newly stored) articles to the
// records stored before them.
func Articles(ctx context.Context, st store.Store, ids []string) (Summary, error) {
	var sum Summary
	for _, id := range ids {
		recs, err := st.Records(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return sum, err
		}
		for i := range recs.Claims {
			c := &recs.Claims[i]
			if c.Stance != "deny" || c.Denies != "" {
				continue
			}
			target, ok, err := deniedClaim(ctx, st, *c)
			if err != nil {
				return sum, err
			}
			if !ok {
				// "The Kremlin denied that … 'This is pure fiction,' Peskov
				// said": a denial that follows one by the same side denies
				// what that one denied.
				target, ok = followsDenial(recs.Claims, i)
			}
			if ok {
				if err := st.LinkClaim(ctx, c.ID, target); err != nil {
					return sum, err
				}
				c.Denies = target
				sum.Denials++
			}
		}
		for _, d := range recs.Deadlines {
			if d.Status != fact.StatusMet && d.Status != fact.StatusMissed {
				continue
			}
			n, err := settle(ctx, st, d)
			if err != nil {
				return sum, err
			}
			sum.Statuses += n
		}
	}
	return sum, nil
}

// deniedClaim finds the stored claim of another article, by another
// speaker, that the denial matches best (claim.Match ≥ claim.DenialLink).
// It looks back in widening steps (the day before, the week, the month,
// the year) and takes the best match of the nearest step that has one: a
// denial mostly answers what was said lately, and a busy store holds more
// claims in a year than one read should take.
func deniedClaim(ctx context.Context, st store.Store, c record.Claim) (string, bool, error) {
	day, err := time.Parse("2006-01-02", firstDay(c.Date))
	if err != nil {
		// Undated: the claims stored last.
		return bestDenied(ctx, st, c, store.RecordFilter{Limit: stepLimit})
	}
	to := c.Date + "\uffff"
	for _, back := range denialSteps {
		from := day.Add(-back).Format("2006-01-02")
		id, ok, err := bestDenied(ctx, st, c, store.RecordFilter{From: from, To: to, Limit: stepLimit})
		if err != nil || ok {
			return id, ok, err
		}
		to = from
	}
	return "", false, nil
}

// denialSteps are how far back each step of deniedClaim reaches; each
// step reads up to stepLimit claims.
var denialSteps = []time.Duration{24 * time.Hour, 7 * 24 * time.Hour, 31 * 24 * time.Hour, Window}

const stepLimit = 50_000

func bestDenied(ctx context.Context, st store.Store, c record.Claim, f store.RecordFilter) (string, bool, error) {
	cands, err := st.Claims(ctx, f)
	if err != nil {
		return "", false, err
	}
	best, bestScore := "", claim.DenialLink
	for _, o := range cands {
		if o.ArticleID == c.ArticleID || o.Stance == "deny" || sameSpeaker(o.Speaker, c.Speaker) {
			continue
		}
		if m := claim.Match(c, o); m >= bestScore {
			best, bestScore = o.ID, m
		}
	}
	return best, best != "", nil
}

// followsDenial: claim i of an article is a denial that comes at most two
// sentences after a linked denial by a speaker of the same country; it
// returns what that denial denies.
func followsDenial(cs []record.Claim, i int) (string, bool) {
	c := cs[i]
	for j := i - 1; j >= 0; j-- {
		p := cs[j]
		if c.Sentence-p.Sentence > 2 {
			break
		}
		if p.Stance == "deny" && p.Denies != "" && p.Denies != c.ID && sameSide(p.Speaker, c.Speaker) {
			return p.Denies, true
		}
	}
	return "", false
}

// sameSide: both speakers are known and of one country (the Kremlin and
// its spokesman).
func sameSide(a, b *record.Actor) bool {
	return a != nil && b != nil && a.Country != "" && a.Country == b.Country
}

// settleReach bounds the due dates settle reads, either side of the
// outcome's: wider than fact.UpdateStatus's windows (31 days, 60 early).
const settleReach = 100 * 24 * time.Hour

// settle marks the stored open deadlines that a met or missed report
// refers to.
func settle(ctx context.Context, st store.Store, later record.Deadline) (int, error) {
	// An outcome settles deadlines due within a few weeks of it (a treaty
	// reported met may have been due up to two months later).
	f := store.RecordFilter{Limit: 100_000}
	if t, err := time.Parse("2006-01-02", firstDay(later.Due)); err == nil {
		f.From = t.Add(-settleReach).Format("2006-01-02")
		f.To = t.Add(settleReach).Format("2006-01-02")
	}
	cands, err := st.Deadlines(ctx, f)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, open := range cands {
		if open.ArticleID == later.ArticleID || (open.Status != fact.StatusOpen && open.Status != fact.StatusUnknown) {
			continue
		}
		if status, ok := fact.UpdateStatus(open, later); ok {
			if err := st.SetDeadlineStatus(ctx, open.ID, status); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func firstDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}

func sameSpeaker(a, b *record.Actor) bool {
	if a == nil || b == nil {
		return false
	}
	if a.Name != "" && b.Name != "" {
		return a.Name == b.Name
	}
	return a.Code != "" && a.Code == b.Code && a.Text == b.Text
}
