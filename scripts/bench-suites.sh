#!/usr/bin/env bash
# The BenchmarkDotNet suites (codec, decision path) with the short job and the memory diagnoser, then the
# journal/startup measurement (PostgreSQL needed, so not BenchmarkDotNet): a few minutes in all.
#
#   scripts/bench-suites.sh                    # everything
#   FILTER='*IsoMessage*' scripts/bench-suites.sh
#   JOURNAL_CARDS=1000000 JOURNAL_HOLDS=1000000 scripts/bench-suites.sh   # the startup goal's size (slower)
set -euo pipefail
cd "$(dirname "$0")/.."

FILTER=${FILTER:-'*'}
JOURNAL_CARDS=${JOURNAL_CARDS:-100000}
JOURNAL_HOLDS=${JOURNAL_HOLDS:-100000}
JOURNAL_RECORDS=${JOURNAL_RECORDS:-5000}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=artifacts/suites-$STAMP
mkdir -p "$OUT"

dotnet build Pool.Benchmarks -c Release -warnaserror -nologo -v q
BENCH="dotnet Pool.Benchmarks/bin/Release/net10.0/Pool.Benchmarks.dll"

echo "== BenchmarkDotNet ($FILTER, --job short, memory diagnoser)"
$BENCH --filter "$FILTER" --job short --memory --artifacts "$OUT/bdn" --exporters github | tee "$OUT/bdn.log" | grep -E '^\||^// \*|Run time' || true

if [[ -z "${SKIP_JOURNAL:-}" ]]; then
  echo "== journal commit rate by batch size, engine startup ($JOURNAL_CARDS cards, $JOURNAL_HOLDS holds)"
  $BENCH journal "$JOURNAL_CARDS" "$JOURNAL_HOLDS" "$JOURNAL_RECORDS" | tee "$OUT/journal.log"
fi

echo "results: $OUT/bdn/results/*-report-github.md, $OUT/bdn.log, $OUT/journal.log"
