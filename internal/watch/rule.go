package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Rule is one named rule. Each kind implements it; the evaluator gives it
// the shared Inputs and the alerts it had active, and applies the alert
// state machine to the causes it returns.
type Rule interface {
	Name() string
	Spec() Spec
	// Causes returns the causes that hold at in.Now. prev holds the rule's
	// pending and firing alerts by cause. fresh says the rule has not been
	// evaluated before, so what changed since the last evaluation is not
	// enough: the rule must look at its whole window.
	Causes(ctx context.Context, in *Inputs, prev map[string]store.Alert, fresh bool) ([]Cause, error)
}

// Cause is one reason a rule holds: a story, a deadline, a claim, a tone
// shift, a market move. Its ID is stable across evaluations.
type Cause struct {
	ID      string
	Title   string
	Summary string
	Links   []store.AlertLink
	// Until is when the cause stops holding by the passing of time alone
	// (a story leaving the rule's window); zero when only new data can end it.
	Until  time.Time
	Detail map[string]any
	// carried marks a cause kept from the last evaluation without being
	// looked at again: its stored title and links stay.
	carried bool
}

// carry keeps a previously active alert's cause while its window lasts.
func carry(a store.Alert, now time.Time) (Cause, bool) {
	if !a.Until.IsZero() && !now.Before(a.Until) {
		return Cause{}, false
	}
	return Cause{ID: a.Cause, Until: a.Until, carried: true}, true
}

// NewRule builds the rule a spec describes.
func NewRule(name string, s Spec) (Rule, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("rule %s: %w", name, err)
	}
	b := base{name: name, spec: s}
	switch s.Kind {
	case KindDeadline:
		return &deadlineRule{b}, nil
	case KindEvent:
		return &eventRule{b}, nil
	case KindTone:
		return &toneRule{b}, nil
	case KindClaim:
		return &claimRule{b}, nil
	case KindMarket:
		return &marketRule{b}, nil
	}
	return nil, fmt.Errorf("rule %s: unknown kind %q", name, s.Kind)
}

type base struct {
	name string
	spec Spec
}

func (b *base) Name() string { return b.name }
func (b *base) Spec() Spec   { return b.spec }

// within returns the rule's window, or def.
func (b *base) within(def time.Duration) time.Duration {
	if b.spec.Within > 0 {
		return b.spec.Within
	}
	return def
}

// Fingerprint names the alert of one rule for one cause.
func Fingerprint(rule, cause string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + cause))
	return hex.EncodeToString(h[:10])
}

// inWindow reports whether an ISO date (cut to any precision) lies in the
// window of days [today−within, today], and until when it stays there.
func inWindow(date string, today time.Time, within time.Duration) (bool, time.Time) {
	from, to, ok := dateRange(date)
	if !ok {
		return false, time.Time{}
	}
	until := to.Add(within).AddDate(0, 0, 1)
	return !from.After(today) && today.Before(until), until
}

// daysBetween counts whole days from a to b.
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Round(time.Hour) / day) }
