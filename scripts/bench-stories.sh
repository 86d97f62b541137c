#!/usr/bin/env bash
# Timeline and tone query figures over a big synthetic store (the README's
# "Stories" rows): builds the store once if it is not there yet (events,
# stories merged from them, indexes after the load), then times each query
# RUNS times and reports median, p99 and CPU ms a query, with the load.
#   scripts/bench-stories.sh [EVENTS] [sqlite|postgres|both]
# The SQLite file is /tmp/sitrep-stories-EVENTS.db and the PostgreSQL schema
# sitrep_stories_EVENTS (SITREP_TEST_PG names the database); remove them to
# build again. 10,000,000 events take 12–15 GB on either and about 45 min on
# two shared cores for PostgreSQL, longer for SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000000}
which=${2:-both}
runs=${RUNS:-30}
bin=$(mktemp -d)/story.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./internal/story
run() { # sqlite|postgres
	echo "== $1, $events events; $(uptime)"
	(cd internal/story && SITREP_BENCH_EVENTS=$events SITREP_BENCH_DB=/tmp/sitrep-stories-$events.db \
		SITREP_BENCH_PG_SCHEMA=sitrep_stories_$events \
		"$bin" -test.run '^$' -test.bench "Queries/$1" -test.benchtime "${runs}x" -test.timeout 0 -test.v) |
		grep -v '^=== RUN'
	echo "== done; $(uptime)"
}
case $which in
sqlite | postgres) run "$which" ;;
both)
	run sqlite
	[ -n "${SITREP_TEST_PG:-}" ] && run postgres
	;;
*) echo "want sqlite, postgres or both, not $which" >&2; exit 2 ;;
esac
