// The job task: each job's state machine runs it with the command `job run <name>` (Terraform
// modules/jobs). Started without an override it only lists the jobs.
local pool = import 'lib/pool.libsonnet';
pool.taskDefinition('job', ['job', 'list'], pool.env.job)
