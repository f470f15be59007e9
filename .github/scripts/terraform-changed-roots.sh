#!/usr/bin/env bash
# terraform-plan.yml: the environment roots a pull request changes, as a JSON list. A change to a
# module, the shared root code or the job map changes every environment. The database-roles roots are
# planned by a person through the port-forward (they must reach the private database), never here.
# Usage: terraform-changed-roots.sh <base ref>    Writes roots=[...] to $GITHUB_OUTPUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
base="${1:?base ref}"
changed=$(git diff --name-only "$base"...HEAD -- infra/terraform)
roots=()
for env in prd stg; do
  if grep -qE "^infra/terraform/(modules/|envs/shared/|jobs\.yaml)" <<<"$changed" \
     || grep -qE "^infra/terraform/envs/$env/[^/]+$" <<<"$changed"; then
    roots+=("infra/terraform/envs/$env")
  fi
done
json=$(printf '%s\n' "${roots[@]}" | jq -R . | jq -cs 'map(select(length > 0))')
echo "terraform: changed roots $json"
echo "roots=$json" >>"${GITHUB_OUTPUT:-/dev/stdout}"
