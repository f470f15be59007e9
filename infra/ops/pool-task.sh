#!/usr/bin/env bash
# The operator's way in: an ephemeral task of the same image in the service's network (its subnets and
# the operator security group), never an exec into a serving task. It is stopped afterwards.
#
#   pool-task.sh <env> verb <Pool.Host verb...>   run one verb, print its output, stop
#       e.g. verb message decode 0800822000...     inspect a message (the inspector masks PANs)
#            verb job run ledger-check             run a job / check the ledger now
#            verb job list
#   pool-task.sh <env> import <clearing file>     upload the file and run `clearing import` on it
#   pool-task.sh <env> db [local port]            port-forward to the database (default 15432), until Ctrl+C
#   pool-task.sh <env> psql [local port]          on call: a read-only psql session (role pool_readonly)
#                                                 through the port-forward; the task stops when psql ends
#   pool-task.sh <env> stop <task id>             stop an operator task left running
#
# Needs: aws (v2) with the session-manager-plugin, jq, credentials for the environment's account
# (the pool-<env>-on-call policy: docs/runbooks/README.md, "On-call access"), and the operator task
# definition registered by the deploy (pool-<env>-operator). psql also needs psql and the RDS CA bundle
# at $POOL_RDS_CA_BUNDLE (default ~/.pool/rds-global-bundle.pem), checked against the image's pin.
set -euo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ "$#" -ge 2 ] || usage
env="$1"; action="$2"; shift 2
case "$env" in prd|stg) ;; *) echo "pool-task: environment is prd or stg" >&2; exit 2 ;; esac
for tool in aws jq; do command -v "$tool" >/dev/null || { echo "pool-task: $tool is required" >&2; exit 2; }; done

cluster="pool-$env"
family="pool-$env-operator"
export AWS_REGION="${AWS_REGION:-ap-northeast-1}"

# The service's network, as ECS has it (subnets), with the operator's own security group.
network_configuration() {
  local subnets group
  subnets=$(aws ecs describe-services --cluster "$cluster" --services "pool-$env" \
    --query 'services[0].networkConfiguration.awsvpcConfiguration.subnets' --output json)
  group=$(aws ec2 describe-security-groups --filters "Name=group-name,Values=pool-$env-operator" \
    --query 'SecurityGroups[0].GroupId' --output text)
  jq -cn --argjson subnets "$subnets" --arg group "$group" \
    '{awsvpcConfiguration: {subnets: $subnets, securityGroups: [$group], assignPublicIp: "DISABLED"}}'
}

# Starts the operator task with a command (and, for an import, the S3 object its fetch container copies
# to /work first); prints its id. Tagged with who started it, for the audit.
start_task() {
  local command_json="$1" fetch_uri="${2:-}" overrides arn
  local -a extra=()
  [ "${OPERATOR_EXEC:-false}" = "true" ] && extra+=(--enable-execute-command)
  overrides=$(jq -cn --argjson command "$command_json" --arg uri "$fetch_uri" \
    '{containerOverrides: [{name: "pool", command: $command}, {name: "fetch", environment: [{name: "FETCH_URI", value: $uri}]}]}')
  arn=$(aws ecs run-task --cluster "$cluster" --task-definition "$family" --launch-type FARGATE \
    --network-configuration "$(network_configuration)" --overrides "$overrides" "${extra[@]}" \
    --started-by "operator:${USER:-unknown}" \
    --tags "key=pool:operator,value=${USER:-unknown}" \
    --query 'tasks[0].taskArn' --output text)
  echo "${arn##*/}"
}

stop_task() {
  aws ecs stop-task --cluster "$cluster" --task "$1" --reason "operator session ended" >/dev/null || true
  echo "pool-task: stopped $1" >&2
}

wait_and_print() {
  local task="$1" code
  echo "pool-task: task $task started; waiting for it to finish" >&2
  aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
  # FireLens names streams <log_stream_prefix><container>-firelens-<task id>.
  aws logs tail "/pool/$env/operator" --log-stream-name-prefix "pool/pool-firelens-$task" --since 1h --format short || true
  code=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
    --query "tasks[0].containers[?name=='pool'].exitCode | [0]" --output text)
  echo "pool-task: exit code $code" >&2
  [ "$code" = "0" ]
}

# Holds an operator task for a port-forward to the database and starts the session in the background
# ($forward is its pid). The task and the session end when this script does.
start_port_forward() {
  local local_port="$1" host runtime
  host=$(aws rds describe-db-clusters --db-cluster-identifier "pool-$env" --query 'DBClusters[0].Endpoint' --output text)
  task=$(OPERATOR_EXEC=true start_task '["hold", "3600"]')
  trap 'kill "${forward:-}" 2>/dev/null || true; stop_task "$task"' EXIT
  echo "pool-task: waiting for $task to run" >&2
  aws ecs wait tasks-running --cluster "$cluster" --tasks "$task"
  runtime=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
    --query "tasks[0].containers[?name=='pool'].runtimeId | [0]" --output text)
  echo "pool-task: 127.0.0.1:$local_port -> $host:5432 (Ctrl+C or the end of the session stops the task)" >&2
  aws ssm start-session --target "ecs:${cluster}_${task}_${runtime}" \
    --document-name AWS-StartPortForwardingSessionToRemoteHost \
    --parameters "{\"host\":[\"$host\"],\"portNumber\":[\"5432\"],\"localPortNumber\":[\"$local_port\"]}" &
  forward=$!
}

# Polls the forwarded port until it accepts a connection (ECS Exec takes a few seconds), at most 60 s.
wait_for_port() {
  local deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "pool-task: the port-forward did not open within 60 s" >&2; exit 1; fi
    sleep 1
  done
}

# The RDS CA bundle on this machine must be the one the image pins (infra/container/Dockerfile).
check_bundle() {
  local bundle="$1" pinned actual
  pinned=$(sed -n 's/^ARG RDS_CA_BUNDLE_SHA256=//p' "$(dirname "$0")/../container/Dockerfile")
  if [ ! -r "$bundle" ]; then
    echo "pool-task: no RDS CA bundle at $bundle: download https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem there (or set POOL_RDS_CA_BUNDLE)" >&2
    exit 2
  fi
  actual=$(sha256sum "$bundle" | cut -d' ' -f1)
  if [ "$actual" != "$pinned" ]; then
    echo "pool-task: $bundle is not the bundle the image pins (sha256 $actual, pinned $pinned): see docs/infra.md, \"The RDS CA bundle\"" >&2
    exit 2
  fi
}

case "$action" in
  verb)
    [ "$#" -ge 1 ] || usage
    task=$(start_task "$(jq -cn '$ARGS.positional' --args "$@")")
    trap 'stop_task "$task"' INT TERM
    wait_and_print "$task"
    ;;
  import)
    if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then usage; fi
    bucket="pool-$env-operator-$(aws sts get-caller-identity --query Account --output text)"
    key="clearing/$(date -u +%Y%m%dT%H%M%SZ)-$(basename "$1")"
    aws s3 cp "$1" "s3://$bucket/$key" --only-show-errors
    # The task's fetch container copies the object to /work (its role may read the bucket); then the
    # host's verb imports the local file.
    task=$(start_task "$(jq -cn --arg file "/work/$(basename "$1")" '["clearing", "import", $file]')" "s3://$bucket/$key")
    trap 'stop_task "$task"' INT TERM
    wait_and_print "$task"
    ;;
  db)
    start_port_forward "${1:-15432}"
    wait "$forward"
    ;;
  psql)
    command -v psql >/dev/null || { echo "pool-task: psql is required (Debian: postgresql-client)" >&2; exit 2; }
    local_port="${1:-15432}"
    bundle="${POOL_RDS_CA_BUNDLE:-$HOME/.pool/rds-global-bundle.pem}"
    check_bundle "$bundle"
    start_port_forward "$local_port"
    wait_for_port "$local_port"
    login=$(aws secretsmanager get-secret-value --secret-id "pool/$env/database-readonly" --query SecretString --output text)
    # The password reaches psql through its environment, never the command line (ps) or a file. The
    # role can only read (grants); the session is read-only too, and bounded like the back office's.
    # verify-ca, not verify-full: through the tunnel the name is 127.0.0.1, not the cluster's.
    PGPASSWORD=$(jq -r .password <<<"$login") \
      PGOPTIONS="-c default_transaction_read_only=on -c statement_timeout=60000" \
      psql "host=127.0.0.1 port=$local_port dbname=pool user=pool_readonly sslmode=verify-ca sslrootcert=$bundle application_name=on-call:${USER:-unknown}" \
      || true
    ;;
  stop)
    [ "$#" -eq 1 ] || usage
    stop_task "$1"
    ;;
  *) usage ;;
esac
