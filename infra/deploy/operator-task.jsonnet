// The operator's way in (infra/ops/pool-task.sh): an ephemeral task of the same image in the service's
// network. It runs one Pool.Host verb, or holds still for a port-forward through ECS Exec.
local pool = import 'lib/pool.libsonnet';
pool.taskDefinition('operator', ['hold', '3600'], pool.env.job)
