package watch

import (
	"encoding/json"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// Notice statuses.
const (
	NoticeFiring   = "firing"
	NoticeResolved = "resolved"
)

// change is what one rule's evaluation does to the stored alerts.
type change struct {
	upsert  []store.Alert
	drop    []string
	notices []store.Notice
	active  []store.Alert // pending and firing after the step
}

// step applies the alert state machine to one rule's causes at now:
// a new cause opens a pending alert, which fires once it has held for
// hold (at once when hold is zero); an alert whose cause no longer holds
// resolves if it fired and lapses silently if it was pending. Firing and
// resolving each yield one notice, keyed by fingerprint, activation time
// and status, so a repeated evaluation cannot send it twice.
func step(rule string, hold time.Duration, prev map[string]store.Alert, causes []Cause, now time.Time) change {
	var ch change
	held := map[string]bool{}
	for _, c := range causes {
		if held[c.ID] {
			continue
		}
		held[c.ID] = true
		a, existed := prev[c.ID]
		before := a
		if !existed {
			a = store.Alert{Fingerprint: Fingerprint(rule, c.ID), Rule: rule, Cause: c.ID, State: store.AlertPending, Episode: 1, ActiveAt: now}
		}
		if !c.carried || !existed {
			a.Title, a.Summary, a.Links = c.Title, c.Summary, c.Links
			if a.Links == nil {
				a.Links = []store.AlertLink{}
			}
			if c.Detail != nil {
				if b, err := json.Marshal(c.Detail); err == nil {
					a.Detail = b
				}
			}
		}
		a.Until = c.Until
		fired := false
		if a.State == store.AlertPending && !now.Before(a.ActiveAt.Add(hold)) {
			a.State, a.FiredAt = store.AlertFiring, now
			fired = true
		}
		if !existed || fired || !c.carried && changedAlert(before, a) {
			a.LastEval = now
			ch.upsert = append(ch.upsert, a)
		}
		if fired {
			ch.notices = append(ch.notices, noticeOf(a, NoticeFiring, now))
		}
		ch.active = append(ch.active, a)
	}
	for id, a := range prev {
		if held[id] {
			continue
		}
		switch a.State {
		case store.AlertPending:
			ch.drop = append(ch.drop, a.Fingerprint)
		case store.AlertFiring:
			a.State, a.ResolvedAt, a.LastEval = store.AlertResolved, now, now
			ch.upsert = append(ch.upsert, a)
			ch.notices = append(ch.notices, noticeOf(a, NoticeResolved, now))
		}
	}
	return ch
}

// changedAlert reports whether what a reader sees of an alert changed.
func changedAlert(a, b store.Alert) bool {
	if a.Title != b.Title || a.Summary != b.Summary || !a.Until.Equal(b.Until) || len(a.Links) != len(b.Links) || string(a.Detail) != string(b.Detail) {
		return true
	}
	for i := range a.Links {
		if a.Links[i] != b.Links[i] {
			return true
		}
	}
	return false
}

// noticeOf is the notice of an alert's firing or resolution.
func noticeOf(a store.Alert, status string, now time.Time) store.Notice {
	return store.Notice{
		Key:         a.Fingerprint + "-" + a.ActiveAt.UTC().Format("20060102T150405.000000000Z") + "-" + status,
		Fingerprint: a.Fingerprint, Rule: a.Rule, Cause: a.Cause, Status: status, At: now,
		Title: a.Title, Summary: a.Summary, Links: a.Links, Detail: a.Detail,
	}
}
