#!/usr/bin/env bash
# deploy.yml: show what will change (rendered definitions, then the diff against what runs), then
# deploy the service and wait for it to be stable. The circuit breaker rolls back a failing deploy.
set -euo pipefail
cd "$(dirname "$0")/../../infra/deploy"
ecspresso --config ecspresso.yml render servicedef taskdef >/dev/null
ecspresso --config ecspresso.yml diff || true
ecspresso --config ecspresso.yml deploy --wait
