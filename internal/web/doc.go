// Package web serves sitrep's record to people and programs from one
// process: server-rendered pages (html/template, embedded assets, a little
// JavaScript that no page needs) and a JSON API under /api/v1/ with cursor
// pagination, consistent error objects and an OpenAPI 3 document that a
// test holds to what the server does. It shows what the other packages
// build and computes none of it itself: story timelines (internal/story's
// stories), tone series, shifts and charts (internal/tone), alerts and
// their Atom feed (internal/watch's store), the brief (internal/brief),
// documents, their diffs and stance matrices (internal/doc) and event
// studies (internal/market). Writing needs a bearer token (only its hash
// is stored); every client is rate limited; /metrics serves Prometheus
// metrics.
package web
