package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/record"
)

// WatchStore keeps what internal/watch needs to survive a restart: the
// rules, the state of every alert, the notices sent when alerts fire or
// resolve, webhook sinks with an outbox of undelivered notices, and the
// evaluator's cursor. Both stores implement it beside Store; callers reach
// it with a type assertion (st.(store.WatchStore)).
type WatchStore interface {
	// PutWatchRule stores a rule under its name, replacing one already
	// there. A rule whose text changes is evaluated afresh (EvaluatedAt
	// is cleared); CreatedAt is kept from the first version.
	PutWatchRule(ctx context.Context, r WatchRule) error
	// WatchRules lists every rule by name.
	WatchRules(ctx context.Context) ([]WatchRule, error)
	// GetWatchRule returns one rule, or an error wrapping ErrNotFound.
	GetWatchRule(ctx context.Context, name string) (WatchRule, error)

	// PutWatchSink stores a sink under its name, replacing one already
	// there; DeleteWatchSink removes it with its undelivered notices.
	PutWatchSink(ctx context.Context, s WatchSink) error
	WatchSinks(ctx context.Context) ([]WatchSink, error)
	DeleteWatchSink(ctx context.Context, name string) error

	// WatchCursor returns where the last evaluation left off.
	WatchCursor(ctx context.Context) (WatchCursor, error)
	// Alerts lists alerts matching f, most recently active first.
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	// CommitWatch writes one evaluation's outcome in one transaction: the
	// alerts changed, the notices sent (each queued in the outbox of every
	// webhook sink; a notice whose key is already stored is skipped with
	// its outbox rows), the rules evaluated or removed and the new cursor.
	// It fails with ErrWatchConflict, writing nothing, when another
	// evaluation committed since c.Seq was read.
	CommitWatch(ctx context.Context, c WatchCommit) error
	// Notices lists sent notices, newest first.
	Notices(ctx context.Context, f NoticeFilter) ([]Notice, error)

	// DueDeliveries returns outbox rows not yet delivered nor given up
	// whose next attempt is due at now, oldest first.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// FinishDelivery records the outcome of one attempt.
	FinishDelivery(ctx context.Context, r DeliveryResult) error
	// PendingDeliveries counts outbox rows neither delivered nor given up.
	PendingDeliveries(ctx context.Context) (int, error)

	// ClaimsAfter returns up to limit claims of the articles stored after
	// the one numbered seq, in storage order, with the storage number of
	// the last article they came from (seq when none). Articles are
	// numbered in the order they are stored.
	ClaimsAfter(ctx context.Context, seq int64, limit int) ([]record.Claim, int64, error)
	// ArticleSeq returns the number of the last article stored (0 when
	// none).
	ArticleSeq(ctx context.Context) (int64, error)
}

// ErrWatchConflict is returned by CommitWatch when another evaluation
// committed first; the caller evaluates again from the new state.
var ErrWatchConflict = errors.New("another watch evaluation committed first")

// Alert states.
const (
	AlertPending  = "pending"
	AlertFiring   = "firing"
	AlertResolved = "resolved"
)

// WatchRule is a named rule as stored.
type WatchRule struct {
	Name        string        `json:"name"`
	Text        string        `json:"rule"`
	For         time.Duration `json:"-"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	EvaluatedAt time.Time     `json:"evaluated_at,omitzero"` // zero until evaluated
}

// WatchSink is where notices go beyond the terminal and the Atom feed.
type WatchSink struct {
	Name         string    `json:"name"`
	Kind         string    `json:"kind"` // webhook
	URL          string    `json:"url"`
	Secret       string    `json:"-"`
	AllowPrivate bool      `json:"allow_private,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// WatchCursor is where evaluation left off: Seq counts commits;
// EvaluatedAt is the evaluation time of the last one; StoryMark is the
// wall-clock time it began (stories changed after it are new to the next
// one) and ArticleSeq the last article it had seen.
type WatchCursor struct {
	Seq         int64     `json:"seq"`
	EvaluatedAt time.Time `json:"evaluated_at,omitzero"`
	StoryMark   time.Time `json:"story_mark,omitzero"`
	ArticleSeq  int64     `json:"article_seq"`
}

// AlertLink points at a stored article behind an alert.
type AlertLink struct {
	ArticleID string `json:"article_id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	Date      string `json:"date,omitempty"`
}

// Alert is one rule's alert for one cause.
type Alert struct {
	Fingerprint string          `json:"fingerprint"`
	Rule        string          `json:"rule"`
	Cause       string          `json:"cause"`
	State       string          `json:"state"`
	Episode     int             `json:"episode"` // how many times the cause has become active
	ActiveAt    time.Time       `json:"active_at"`
	FiredAt     time.Time       `json:"fired_at,omitzero"`
	ResolvedAt  time.Time       `json:"resolved_at,omitzero"`
	LastEval    time.Time       `json:"last_eval"`
	Until       time.Time       `json:"until,omitzero"` // when the cause stops holding by itself
	Title       string          `json:"title"`
	Summary     string          `json:"summary"`
	Links       []AlertLink     `json:"links"`
	Detail      json.RawMessage `json:"detail,omitempty"`
}

// AlertFilter narrows Alerts; zero values mean no constraint.
type AlertFilter struct {
	Rule   string
	States []string
	Limit  int // 0 means 1000
	// After starts the list after this alert (keyset paging): alerts
	// active before it, or at the same time with a later fingerprint.
	After *AlertKey
}

// AlertKey is an alert's place in the list order.
type AlertKey struct {
	ActiveAt    time.Time
	Fingerprint string
}

// Key is the alert's place in the list order.
func (a *Alert) Key() AlertKey { return AlertKey{ActiveAt: a.ActiveAt, Fingerprint: a.Fingerprint} }

// Notice is one message about an alert: it fired or it resolved. Key is
// its idempotency key, the same on every delivery.
type Notice struct {
	ID          int64           `json:"id"`
	Key         string          `json:"key"`
	Fingerprint string          `json:"fingerprint"`
	Rule        string          `json:"rule"`
	Cause       string          `json:"cause"`
	Status      string          `json:"status"` // firing | resolved
	At          time.Time       `json:"at"`     // the evaluation time
	Title       string          `json:"title"`
	Summary     string          `json:"summary"`
	Links       []AlertLink     `json:"links"`
	Detail      json.RawMessage `json:"detail,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
}

// NoticeFilter narrows Notices.
type NoticeFilter struct {
	Rule  string
	Limit int // 0 means 100
}

// WatchCommit is one evaluation's outcome.
type WatchCommit struct {
	Seq       int64       // the cursor's Seq when the evaluation began
	Cursor    WatchCursor // the new cursor (its Seq is ignored: Seq+1 is stored)
	Alerts    []Alert     // inserted or replaced by fingerprint
	Drop      []string    // fingerprints of pending alerts that lapsed
	Notices   []Notice    // ID and CreatedAt are set by the store
	Evaluated []string    // rules whose EvaluatedAt becomes Cursor.EvaluatedAt
	Remove    []string    // rules deleted, with their alerts
}

// Delivery is one notice due at one sink.
type Delivery struct {
	ID       int64
	Sink     WatchSink
	Notice   Notice
	Attempts int
	NextAt   time.Time
}

// DeliveryResult is the outcome of one delivery attempt.
type DeliveryResult struct {
	ID        int64
	Delivered time.Time // zero when it failed
	Attempts  int       // attempts so far, this one included
	NextAt    time.Time // when to try again after a failure
	Dead      bool      // given up: no more attempts
	Error     string
}

// DecodeWatchJSON reads the links and detail columns of an alert or a
// notice as both stores keep them (JSON text; empty means none).
func DecodeWatchJSON(links, detail string, intoLinks *[]AlertLink, intoDetail *json.RawMessage) error {
	*intoLinks = []AlertLink{}
	if links != "" {
		if err := json.Unmarshal([]byte(links), intoLinks); err != nil {
			return fmt.Errorf("links: %w", err)
		}
	}
	*intoDetail = nil
	if detail != "" {
		*intoDetail = json.RawMessage(detail)
	}
	return nil
}

// scanAlso appends destinations to every Scan, for a select list that
// ends with columns beyond a shared codec's.
type scanAlso struct {
	s     Scanner
	extra []any
}

func (x scanAlso) Scan(dest ...any) error { return x.s.Scan(append(dest, x.extra...)...) }

// ScanClaimWith reads one row of ClaimSelect followed by the extra columns.
func ScanClaimWith(s Scanner, extra ...any) (record.Claim, error) {
	return ScanClaim(scanAlso{s, extra})
}
