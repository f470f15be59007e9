#!/usr/bin/env bash
# deploy.yml: build the image and push it under the commit's tag. Tags are immutable in ECR, so a
# re-run of the same commit finds the image there and does not build again.
# Usage: image-push.sh <registry/repository:tag>
set -euo pipefail
cd "$(dirname "$0")/../.."
image="${1:?image reference}"
repository="${image%%/*}"; repository="${image#"$repository"/}"; repository="${repository%%:*}"
if aws ecr describe-images --repository-name "$repository" --image-ids "imageTag=${image##*:}" >/dev/null 2>&1; then
  echo "image: $image already pushed"
  exit 0
fi
docker buildx build --push -f infra/container/Dockerfile -t "$image" \
  --label "org.opencontainers.image.revision=${IMAGE_TAG:-unknown}" \
  --cache-from type=gha --cache-to type=gha,mode=max .
