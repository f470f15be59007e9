#!/usr/bin/env bash
# CI: every BenchmarkDotNet benchmark once (the Dry job), to prove each still runs; the figures mean
# nothing here (docs/benchmarks.md holds the measured ones). Fails when a benchmark produced no result.
set -euo pipefail
cd "$(dirname "$0")/../.."
artifacts=artifacts/benchmarks
rm -rf "$artifacts"
dotnet run -c Release --project Pool.Benchmarks --no-restore -- \
  --filter '*' --job Dry --exporters json --artifacts "$artifacts" --stopOnFirstError true

reports=("$artifacts"/results/*-report-full.json)
[ -e "${reports[0]}" ] || { echo "benchmark smoke: no report was written" >&2; exit 1; }
total=$(jq -s '[.[].Benchmarks[]] | length' "${reports[@]}")
failed=$(jq -s '[.[].Benchmarks[] | select(.Statistics == null)] | length' "${reports[@]}")
echo "benchmark smoke: $total benchmark(s), $failed without a result"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
