// The one-shot deploy step: `migrate` with the migration role's connection string (the only role
// allowed DDL). deploy.yml runs it before the service is updated.
local pool = import 'lib/pool.libsonnet';
pool.taskDefinition('migrate', ['migrate'], pool.env.job)
