#!/usr/bin/env bash
# The image's entry point: maps a role to a Pool.Host verb and replaces itself with the host (exec), so
# the host is PID 1 and receives the orchestrator's SIGTERM itself.
#   entrypoint.sh                 serve (the link and the admin API)
#   entrypoint.sh serve [args]    the same
#   entrypoint.sh migrate         apply migrations and exit
#   entrypoint.sh job run <name>  and every other verb: passed to Pool.Host as is
#   entrypoint.sh hold [seconds]  keep an operator task alive for a port-forward (default 3600, max 28800)
# POOL_HOME is where Pool.Host.dll is (/app in the image; a publish folder when run outside one).
set -euo pipefail
home="${POOL_HOME:-$(dirname "$(readlink -f "$0")")}"
if [ ! -f "$home/Pool.Host.dll" ]; then
  echo "entrypoint: no Pool.Host.dll in $home (set POOL_HOME)" >&2
  exit 2
fi

# Secrets mounted as files (the local stack's compose secrets): Section__Key_FILE=/run/secrets/x sets
# Section__Key to the file's content. Only configuration keys (names with `__`) are read this way, so
# unrelated variables that happen to end in _FILE are left alone. In ECS, secrets arrive as
# environment variables and no *_FILE is set.
while IFS= read -r variable; do
  target="${variable%_FILE}"
  file="${!variable}"
  if [ ! -r "$file" ]; then
    echo "entrypoint: $variable names $file, which cannot be read" >&2
    exit 2
  fi
  export "$target=$(cat "$file")"
  unset "$variable"
done < <(compgen -e | grep -E '^[A-Za-z0-9]+__[A-Za-z0-9_]+_FILE$' || true)

if [ "${1:-}" = "hold" ]; then
  # An operator task that holds still: the session (ECS Exec port-forward) runs beside it. Bounded, so a
  # forgotten task ends itself.
  seconds="${2:-3600}"
  if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -gt 28800 ]; then
    echo "entrypoint: hold takes seconds, at most 28800 (8 hours)" >&2
    exit 2
  fi
  echo "entrypoint: holding for ${seconds}s"
  exec sleep "$seconds"
fi

if [ "$#" -eq 0 ]; then
  set -- run
elif [ "$1" = "serve" ]; then
  shift
  set -- run "$@"
fi

# Serving needs a configured database outside Development: refuse early with a clear message rather
# than let the host fall back to an embedded cluster it cannot run in the image.
if [ "$1" != "help" ] && [ "$1" != "message" ] && [ -z "${ConnectionStrings__Pool:-}" ] \
   && [ "${ASPNETCORE_ENVIRONMENT:-Production}" != "Development" ]; then
  echo "entrypoint: ConnectionStrings__Pool is not set (it comes from the orchestrator's secrets)" >&2
  exit 2
fi

# SSL Mode=VerifyFull checks the database's certificate against the connection string's Root Certificate
# (the RDS CA bundle the image carries at /etc/pool/rds-ca/). An image built without it (the registry-free
# local build) cannot verify: say so plainly instead of a TLS error at the first query. The connection
# string itself is never printed (it holds a password).
shopt -s nocasematch
if [[ "${ConnectionStrings__Pool:-}" =~ (^|;)[[:space:]]*Root[[:space:]]?Certificate[[:space:]]*=[[:space:]]*([^;]*[^;[:space:]]) ]]; then
  root_certificate="${BASH_REMATCH[2]}"
  if [ ! -r "$root_certificate" ]; then
    echo "entrypoint: the connection string's Root Certificate $root_certificate is not in this image (built with RDS_CA_BUNDLE_URL=none?)" >&2
    exit 2
  fi
fi
shopt -u nocasematch

exec dotnet "$home/Pool.Host.dll" "$@"
