#!/usr/bin/env bash
# Whole-pipeline figures: build the binary, ingest the Reuters-21578 corpus
# into a fresh SQLite store (and PostgreSQL when SITREP_TEST_PG is set),
# and report articles/s and peak memory (max RSS) for each.
#   scripts/bench.sh [path/to/shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
corpus="$data/corpora/news/reuters21578.jsonl.gz"
[ -f "$corpus" ] || { echo "missing $corpus" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/sitrep" ./cmd/sitrep
zcat "$corpus" > "$work/reuters.jsonl"
n=$(wc -l < "$work/reuters.jsonl")

measure() { # label, then the sitrep arguments
	local label=$1; shift
	local start end rss
	start=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$work/rss" "$work/sitrep" "$@" >/dev/null 2>"$work/err" || true
		rss=$(tail -n1 "$work/rss")
	else
		"$work/sitrep" "$@" >/dev/null 2>"$work/err" || true
		rss=""
	fi
	end=$(date +%s.%N)
	awk -v n="$n" -v s="$start" -v e="$end" -v r="$rss" -v l="$label" \
		'BEGIN { printf "%-28s %6d articles in %6.2f s = %7.0f articles/s", l, n, e-s, n/(e-s); if (r != "") printf ", peak RSS %d MB", r/1024; printf "\n" }'
}

measure "ingest reuters → sqlite" --db "$work/s.db" ingest -q "$work/reuters.jsonl"
if [ -n "${SITREP_TEST_PG:-}" ]; then
	schema="bench_$$"
	psql "${SITREP_TEST_PG%%\?*}" -qc "CREATE SCHEMA $schema" >/dev/null
	dsn="${SITREP_TEST_PG}&search_path=$schema"
	measure "ingest reuters → postgres" --dsn "$dsn" ingest -q "$work/reuters.jsonl"
	psql "${SITREP_TEST_PG%%\?*}" -qc "DROP SCHEMA $schema CASCADE" >/dev/null
fi
for q in "oil prices" '"interest rates"' "soviet grain" "bank"; do
	start=$(date +%s%N)
	"$work/sitrep" --db "$work/s.db" search "$q" >/dev/null
	end=$(date +%s%N)
	printf 'search %-18s %6.1f ms (whole command, sqlite)\n' "$q" "$(awk -v a="$start" -v b="$end" 'BEGIN{print (b-a)/1e6}')"
done
