// Package watch turns "watch the February 5 deadline" into rules that run:
// rules over what the store holds, evaluated as news arrives, each alert
// raised once per distinct cause with the reason, and resolved when the
// cause lapses.
//
// # Rules
//
// A rule is one line of a small language (ParseRule) or a YAML entry
// (LoadFile); Spec is the parsed form and Spec.String its canonical text:
//
//	deadline due within 14d involving RUS,USA
//	deadline passed within 30d involving RUS status missed,unknown
//	event dyad USA-RUS root 04 status corroborated
//	event actor RUS quad 4 goldstein <= -5 within 3d
//	tone USA-RUS by week beyond 2sd down
//	claim denial by RUS
//	claim about USA-UKR
//	market BRENT beyond 2sd within 3d of event actor RUS root 16
//
// Events are matched as stories (internal/story merges the reports of one
// happening), so a happening alerts once however many outlets report it,
// and "corroborated" means two independent sources.
//
// # Alerts
//
// Each rule yields causes (a story, a deadline, a claim, a tone shift, a
// market move); the fingerprint of rule and cause names one alert. Its
// state follows Prometheus: inactive → pending (held for the rule's `for`)
// → firing → resolved when the cause stops holding. Firing and resolving
// each write one Notice with a stable idempotency key; state, notices and
// the webhook outbox are committed in one transaction (store.WatchStore),
// so a restart neither loses nor repeats one.
//
// Evaluator.EvaluateOnce takes the evaluation time as a parameter and is
// incremental: story and claim rules look at what changed since the last
// evaluation (StoryFilter.ChangedSince, articles stored since) plus what
// the passing of time brought into their windows; deadline, tone and
// market rules run one cheap indexed query each, shared by every rule.
//
// # Sinks
//
// The terminal (FormatNotice), an Atom 1.0 feed (WriteAtom, AtomHandler)
// and webhooks (Deliverer): a JSON POST signed with HMAC-SHA256 under the
// sink's secret, carrying an Idempotency-Key header, retried with
// exponential backoff from a persisted outbox until the receiver answers
// 2xx — at least once, and exactly once for a receiver that honours the key.
package watch
