#!/usr/bin/env bash
# CI: build everything in Release with warnings as errors (Directory.Build.props sets it too; this
# makes it explicit for every project, whatever its own settings).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build Pool.sln -c Release --no-restore -warnaserror -nologo
