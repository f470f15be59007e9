#!/usr/bin/env bash
# terraform init of an environment root with its state bucket, pool-<env>-terraform-<account id>, where
# the account is the one of the credentials in use (a backend block cannot read variables, and the
# account id is written in one place only: envs/<env>/terraform.tfvars, which the provider checks).
# Usage: infra/terraform/init.sh infra/terraform/envs/<env>[/database] [terraform init options]
set -euo pipefail
root="${1:?usage: init.sh infra/terraform/envs/<env>[/database] [init options]}"
shift
case "$root" in
  */envs/prd | */envs/prd/ | */envs/prd/database | */envs/prd/database/) env=prd ;;
  */envs/stg | */envs/stg/ | */envs/stg/database | */envs/stg/database/) env=stg ;;
  *) echo "init.sh: $root is not an environment root (infra/terraform/envs/<prd|stg>[/database])" >&2; exit 2 ;;
esac
account="$(aws sts get-caller-identity --query Account --output text)"
exec terraform -chdir="$root" init -input=false -backend-config="bucket=pool-$env-terraform-$account" "$@"
