#!/usr/bin/env bash
# Runs the image's entry point outside a container (no Docker engine needed): publishes Pool.Host the
# way the Dockerfile does, starts it through entrypoint.sh in Development (embedded PostgreSQL) on
# free ports, runs smoke.sh against it, and stops it with SIGTERM as an orchestrator would.
# Usage: infra/container/smoke-host.sh   (from anywhere; writes under ${TMPDIR:-/tmp}/pool-smoke.*)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/pool-smoke.XXXXXX")"
# As root, the embedded PostgreSQL runs as `postgres`, which must be able to enter the folder.
chmod 0755 "$work"
api_port="${POOL_SMOKE_API_PORT:-18180}"
link_port="${POOL_SMOKE_LINK_PORT:-18683}"

dotnet publish "$repo/Pool.Host/Pool.Host.csproj" -c Release -o "$work/app" -nologo -v quiet
cp "$repo/infra/container/entrypoint.sh" "$repo/infra/container/healthcheck.sh" "$work/app/"

cd "$work"
ASPNETCORE_ENVIRONMENT=Development POOL_HOME="$work/app" \
  ASPNETCORE_URLS="http://127.0.0.1:$api_port" AuthorizationLink__Address=127.0.0.1 AuthorizationLink__Port="$link_port" \
  Pool__StateDirectory="$work/state" \
  "$work/app/entrypoint.sh" serve >"$work/host.log" 2>&1 &
host_pid=$!
stop_host() {
  kill -TERM "$host_pid" 2>/dev/null || true
  wait "$host_pid" 2>/dev/null || true
}
trap stop_host EXIT

# Fail fast when the host exits during start (bad configuration) instead of waiting out the deadline.
for _ in $(seq 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$api_port/health/live" 2>/dev/null && break
  if ! kill -0 "$host_pid" 2>/dev/null; then
    echo "smoke: FAIL the host exited during start" >&2
    cat "$work/host.log" >&2
    exit 1
  fi
  sleep 1
done

status=0
"$repo/infra/container/smoke.sh" "http://127.0.0.1:$api_port" 127.0.0.1 "$link_port" 120 || status=$?
if POOL_HEALTH_PORT="$api_port" "$work/app/healthcheck.sh"; then
  echo "smoke: ok   healthcheck.sh (the image's HEALTHCHECK) passes"
else
  echo "smoke: FAIL healthcheck.sh"
  status=1
fi
stop_host
trap - EXIT
if grep -q "Application is shutting down" "$work/host.log"; then
  echo "smoke: ok   SIGTERM stopped the host gracefully"
fi
if [ "$status" -eq 0 ]; then
  rm -rf "$work"
else
  tail -n 30 "$work/host.log" >&2
  echo "smoke: the publish folder and the host's log are in $work" >&2
fi
exit "$status"
