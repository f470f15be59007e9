#!/usr/bin/env bash
# deploy.yml: `migrate` as a one-off task in the service's network, before the service is updated.
# The deploy stops here if it fails (ecspresso run exits non-zero when the container does).
set -euo pipefail
cd "$(dirname "$0")/../../infra/deploy"
POOL_TASK_DEF=migrate-task.jsonnet ecspresso --config ecspresso.yml run --wait-until stopped \
  --watch-container pool --propagate-tags TASK_DEFINITION
