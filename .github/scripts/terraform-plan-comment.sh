#!/usr/bin/env bash
# terraform-plan.yml: post (or update) one comment per root on the pull request with its plan.
# Usage: terraform-plan-comment.sh <root> <plan step outcome>   Needs GH_TOKEN and PR_NUMBER.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="${1:?root}"
outcome="${2:?outcome}"
marker="<!-- terraform-plan:$root -->"
plan="$(tail -c 60000 "$root/plan.txt" 2>/dev/null || echo 'No plan output.')"
body="$marker
### terraform plan \`$root\`: $outcome

<details><summary>Plan</summary>

\`\`\`
$plan
\`\`\`
</details>

Apply stays a person's act: see docs/operations.md, \"Terraform\"."
existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --paginate \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$existing" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -f body="$body" >/dev/null
else
  gh pr comment "$PR_NUMBER" --body "$body"
fi
