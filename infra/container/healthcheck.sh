#!/usr/bin/env bash
# Container health: GET /health/ready on the admin port, with bash's /dev/tcp (the runtime image has no
# curl). Healthy only on HTTP 200. Usage: healthcheck.sh [path] (default /health/ready).
set -euo pipefail
path="${1:-/health/ready}"
port="${POOL_HEALTH_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1.1 200"*) exit 0 ;;
  *) echo "healthcheck: $path answered ${status%$'\r'}" >&2; exit 1 ;;
esac
