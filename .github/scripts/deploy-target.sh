#!/usr/bin/env bash
# deploy.yml: the branch picks the environment. main -> prd (GitHub environment `production`, with
# required reviewers); every other branch -> stg (`staging`).
# Usage: deploy-target.sh <branch>    Writes pool_env and github_environment to $GITHUB_OUTPUT.
set -euo pipefail
branch="${1:?branch}"
if [ "$branch" = "main" ]; then
  pool_env=prd github_environment=production
else
  pool_env=stg github_environment=staging
fi
echo "deploy: $branch -> $pool_env ($github_environment)"
{
  echo "pool_env=$pool_env"
  echo "github_environment=$github_environment"
} >>"${GITHUB_OUTPUT:-/dev/stdout}"
