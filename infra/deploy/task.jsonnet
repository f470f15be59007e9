// The serving task: the authorization link (8583) and the admin API (8080). Two run (service.jsonnet):
// the active engine and its standby.
local pool = import 'lib/pool.libsonnet';
pool.taskDefinition('service', ['serve'], pool.env.service)
