#!/usr/bin/env bash
# Installs what Pool needs on a fresh Debian machine that has the .NET SDK: PostgreSQL's server
# binaries (from Debian's packages), and with POOL_NEEDS_CHROMIUM=1 (./test.sh) Debian's chromium for the
# console's browser tests (Playwright drives /usr/bin/chromium; its own browser download is not used).
# Idempotent: it installs nothing that is already there.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

have_postgres() {
  command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null 2>&1
}

missing=()
have_postgres || missing+=(postgresql postgresql-contrib)
if [ "${POOL_NEEDS_CHROMIUM:-0}" = "1" ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${missing[*]}"
  as_root apt-get update -qq
  # The Debian package starts a system cluster of its own; Pool never uses it.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
