#!/usr/bin/env bash
# terraform-plan.yml: plan one environment root. Datadog and PagerDuty keys are read from the
# environment's Secrets Manager through the (read-only) OIDC role: none is stored in GitHub.
# Usage: terraform-plan.sh <root>    Writes the plan text to <root>/plan.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="${1:?root}"
env="$(basename "$root")"
provider_keys=$(aws secretsmanager get-secret-value --secret-id "pool/$env/terraform-providers" --query SecretString --output text)
DD_API_KEY=$(jq -r .datadog_api_key <<<"$provider_keys")
DD_APP_KEY=$(jq -r .datadog_app_key <<<"$provider_keys")
PAGERDUTY_TOKEN=$(jq -r .pagerduty_token <<<"$provider_keys")
echo "::add-mask::$DD_API_KEY"
echo "::add-mask::$DD_APP_KEY"
echo "::add-mask::$PAGERDUTY_TOKEN"
export DD_API_KEY DD_APP_KEY PAGERDUTY_TOKEN TF_IN_AUTOMATION=1

infra/terraform/init.sh "$root" -lockfile=readonly
set +e
terraform -chdir="$root" plan -input=false -no-color -lock=false -detailed-exitcode >"$root/plan.txt" 2>&1
status=$?
set -e
tail -n 40 "$root/plan.txt"
# 0 no changes, 2 changes: both are a successful plan.
[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
