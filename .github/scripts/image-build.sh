#!/usr/bin/env bash
# CI: build the one image from infra/container/Dockerfile, with the GitHub Actions layer cache.
# Usage: image-build.sh <tag>
set -euo pipefail
cd "$(dirname "$0")/../.."
tag="${1:?image tag}"
docker buildx build --load -f infra/container/Dockerfile -t "$tag" \
  --cache-from type=gha --cache-to type=gha,mode=max .
