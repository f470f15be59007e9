#!/usr/bin/env bash
# Runs all of Pool's tests: unit, integration (a throwaway PostgreSQL cluster) and end to end.
# Installs what is missing first. Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")"
# The console's browser tests need Debian's chromium (/usr/bin/chromium); installed here when missing.
POOL_NEEDS_CHROMIUM=1 scripts/install-prerequisites.sh || exit 1

results=artifacts/test-results
rm -rf "$results"
# A test that hangs is stopped after 10 minutes without a result and named, so the run ends instead of using up
# CI's limit (the longest test takes under a minute).
dotnet test Pool.sln -c Release --logger "trx;LogFileName=pool.trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --results-directory "$results" "$@"
status=$?

trx=$(ls "$results"/*.trx 2>/dev/null | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
