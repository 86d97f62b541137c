// Package web serves sitrep's record to people and programs from one
// process: server-rendered pages (html/template, embedded assets, a little
// JavaScript that no page needs) and a JSON API under /api/v1/ with cursor
// pagination, consistent error objects and an OpenAPI 3 document that a
// test holds to what the server does. Writing needs a bearer token (only
// its hash is stored); every client is rate limited; /metrics serves
// Prometheus metrics.
package web
