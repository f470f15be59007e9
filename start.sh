#!/usr/bin/env bash
# Starts the whole of Pool with demo data: the host with its embedded PostgreSQL cluster (under .pool/),
# the authorization link and the admin API. Installs what is missing first. Ctrl+C stops everything.
# Extra arguments go to the host, e.g. ./start.sh --urls http://127.0.0.1:9090
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
dotnet build Pool.Host -c Release -nologo -v quiet
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet Pool.Host/bin/Release/net10.0/Pool.Host.dll run --demo "$@"
