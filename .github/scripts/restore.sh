#!/usr/bin/env bash
# CI: restore every project (the NuGet folder is cached by the workflow).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet restore Pool.sln
