#!/usr/bin/env bash
# deploy.yml: register the task definitions that are not the service's (job, migrate, operator) for
# this image. The job state machines and the operator script use their latest revision.
set -euo pipefail
cd "$(dirname "$0")/../../infra/deploy"
for definition in job-task migrate-task operator-task; do
  POOL_TASK_DEF="$definition.jsonnet" ecspresso --config ecspresso.yml register
done
