// The pieces every Pool task definition is made of: the Pool.Host container, the FireLens log router
// and the telemetry sidecar (Datadog Agent receiving OTLP). The service, the job, the migrate and the
// operator task definitions are the same pieces with a different role.
local ecspresso = import 'ecspresso.libsonnet';
local environments = {
  prd: import '../env/prd.libsonnet',
  stg: import '../env/stg.libsonnet',
};

local env = environments[ecspresso.mustEnv('POOL_ENV')];
local imageTag = ecspresso.mustEnv('IMAGE_TAG');
local tf(path) = ecspresso.tfstate('output.platform.' + path);
local secret(name, key) = tf('secret_arns.' + name) + ':' + key + '::';

// Pinned images of the sidecars (updated by people, like any dependency).
local logRouterImage = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4';
local telemetryImage = 'public.ecr.aws/datadog/agent:7.59.0';
local awsCliImage = 'public.ecr.aws/aws-cli/aws-cli:2.22.35';

// Role -> what differs: the log group, the database role, whether it serves, and whether it sends jobs
// that need the engine to the active serving task (Jobs:Remote, docs/jobs.md "Where the engine jobs run").
local roles = {
  service: { logGroup: 'service', database: 'app', serves: true, taskRole: 'service', remoteJobs: false },
  job: { logGroup: 'jobs', database: 'app', serves: false, taskRole: 'job', remoteJobs: true },
  migrate: { logGroup: 'jobs', database: 'migrator', serves: false, taskRole: 'job', remoteJobs: false },
  operator: { logGroup: 'operator', database: 'app', serves: false, taskRole: 'operator', remoteJobs: true },
};

local envVars(vars) = [{ name: name, value: vars[name] } for name in std.objectFields(vars)];

local poolSecrets(role) =
  [{ name: 'ConnectionStrings__Pool', valueFrom: secret('database', roles[role].database) }]
  + (if role == 'migrate' then [] else
       std.flattenArrays([
         [
           { name: 'Admin__ApiKeys__%d__Name' % slot, valueFrom: secret('admin-api-keys', '%d_name' % slot) },
           { name: 'Admin__ApiKeys__%d__Key' % slot, valueFrom: secret('admin-api-keys', '%d_key' % slot) },
           { name: 'Admin__ApiKeys__%d__Role' % slot, valueFrom: secret('admin-api-keys', '%d_role' % slot) },
         ]
         for slot in std.range(0, env.adminApiKeySlots - 1)
       ])
       // The serving tasks accept the job tasks' operator key in the slot after the people's ones; the
       // job and operator tasks send it (Terraform generates it: secret jobs-api-key).
       + (if roles[role].serves then [
            { name: 'Admin__ApiKeys__%d__Name' % env.adminApiKeySlots, valueFrom: secret('jobs-api-key', 'name') },
            { name: 'Admin__ApiKeys__%d__Key' % env.adminApiKeySlots, valueFrom: secret('jobs-api-key', 'key') },
            { name: 'Admin__ApiKeys__%d__Role' % env.adminApiKeySlots, valueFrom: secret('jobs-api-key', 'role') },
          ] else [])
       + (if roles[role].remoteJobs then [{ name: 'Jobs__Remote__ApiKey', valueFrom: secret('jobs-api-key', 'key') }] else [])
       + [{ name: 'Cards__Vault__ActiveKeyId', valueFrom: secret('vault-keys', 'active_key_id') }]
       + std.flattenArrays([
         [
           { name: 'Cards__Vault__Keys__%d__Id' % slot, valueFrom: secret('vault-keys', '%d_id' % slot) },
           { name: 'Cards__Vault__Keys__%d__EncryptionKey' % slot, valueFrom: secret('vault-keys', '%d_encryption_key' % slot) },
           { name: 'Cards__Vault__Keys__%d__HashKey' % slot, valueFrom: secret('vault-keys', '%d_hash_key' % slot) },
         ]
         for slot in std.range(0, env.vaultKeySlots - 1)
       ]));

local firelens(role) = {
  logDriver: 'awsfirelens',
  options: {
    Name: 'cloudwatch_logs',
    region: env.region,
    log_group_name: tf('log_group_names.' + roles[role].logGroup),
    log_stream_prefix: 'pool/',
    auto_create_group: 'false',
  },
};

{
  env:: env,
  imageTag:: imageTag,
  tf:: tf,
  containerName:: 'pool',

  // The Pool.Host container. `command` picks the verb (entrypoint.sh); serving tasks expose the two ports.
  poolContainer(role, command):: {
    name: 'pool',
    image: tf('repository_url') + ':' + imageTag,
    essential: true,
    command: command,
    user: '1654',
    readonlyRootFilesystem: true,
    environment: envVars({
      ASPNETCORE_ENVIRONMENT: 'Production',
      Pool__MigrateOnStart: 'false',
      Pool__StateDirectory: '/tmp/pool',
      // EventBridge and Step Functions schedule the jobs in the cloud: the in-process scheduler is off.
      Jobs__SchedulerEnabled: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
      OTEL_SERVICE_NAME: 'pool',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=%s,service.version=%s,pool.role=%s' % [env.name, imageTag, role],
    } + (if roles[role].remoteJobs then {
           // The internal load balancer in front of the active engine's admin API (Terraform: jobs_api_url).
           Jobs__Remote__BaseAddress: tf('jobs_api_url'),
         } else {})),
    secrets: poolSecrets(role),
    mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
    dependsOn: [
      { containerName: 'log-router', condition: 'START' },
      { containerName: 'telemetry', condition: 'START' },
    ],
    logConfiguration: firelens(role),
  } + (if roles[role].serves then {
         portMappings: [
           { name: 'admin', containerPort: 8080, protocol: 'tcp' },
           { name: 'link', containerPort: 8583, protocol: 'tcp' },
         ],
         healthCheck: {
           command: ['CMD', '/app/healthcheck.sh', '/health/ready'],
           interval: 10,
           timeout: 5,
           retries: 3,
           startPeriod: 90,
         },
         // Above the host's 30 s shutdown (HostOptions.ShutdownTimeout) so it drains the link and the API.
         stopTimeout: 45,
       } else { stopTimeout: 30 }),

  logRouterContainer(role):: {
    name: 'log-router',
    image: logRouterImage,
    essential: true,
    user: '0',
    memoryReservation: 64,
    firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': tf('log_group_names.firelens'),
        'awslogs-region': env.region,
        'awslogs-stream-prefix': role,
      },
    },
  },

  telemetryContainer(role):: {
    name: 'telemetry',
    image: telemetryImage,
    // Losing telemetry must not stop authorizations: the sidecar is not essential.
    essential: false,
    memoryReservation: 256,
    environment: envVars({
      ECS_FARGATE: 'true',
      DD_SITE: env.datadogSite,
      DD_ENV: env.name,
      DD_SERVICE: 'pool',
      DD_VERSION: imageTag,
      DD_OTLP_CONFIG_RECEIVER_PROTOCOLS_GRPC_ENDPOINT: '0.0.0.0:4317',
      DD_OTLP_CONFIG_METRICS_HISTOGRAMS_MODE: 'distributions',
      DD_LOGS_ENABLED: 'false',
      DD_APM_ENABLED: 'true',
      DD_TAGS: 'pool.role:' + role,
    }),
    secrets: [{ name: 'DD_API_KEY', valueFrom: secret('datadog', 'api_key') }],
    healthCheck: { command: ['CMD-SHELL', 'agent health'], interval: 30, timeout: 5, retries: 3, startPeriod: 30 },
    logConfiguration: firelens(role),
  },

  // Operator tasks only: copies FETCH_URI (an object of the operator bucket) to /work before the pool
  // container starts, so a verb such as `clearing import /work/<file>` reads a local file. Without
  // FETCH_URI it does nothing.
  fetchContainer():: {
    name: 'fetch',
    image: awsCliImage,
    essential: false,
    memoryReservation: 128,
    entryPoint: ['/bin/sh', '-c'],
    command: ['[ -z "$FETCH_URI" ] || aws s3 cp "$FETCH_URI" "/work/$(basename "$FETCH_URI" | cut -d- -f2-)"'],
    environment: envVars({ FETCH_URI: '' }),
    mountPoints: [{ sourceVolume: 'work', containerPath: '/work', readOnly: false }],
    logConfiguration: firelens('operator'),
  },

  // A whole task definition for one role.
  taskDefinition(role, command, size):: {
    family: 'pool-%s%s' % [env.name, if role == 'service' then '' else '-' + role],
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    cpu: size.cpu,
    memory: size.memory,
    executionRoleArn: tf('role_arns.execution'),
    taskRoleArn: tf('role_arns.' + roles[role].taskRole),
    volumes: [{ name: 'tmp' }] + (if role == 'operator' then [{ name: 'work' }] else []),
    containerDefinitions: [
      $.poolContainer(role, command) + (if role == 'operator' then {
                                          mountPoints+: [{ sourceVolume: 'work', containerPath: '/work', readOnly: true }],
                                          dependsOn+: [{ containerName: 'fetch', condition: 'SUCCESS' }],
                                        } else {}),
      $.logRouterContainer(role),
      $.telemetryContainer(role),
    ] + (if role == 'operator' then [$.fetchContainer()] else []),
    tags: [
      { key: 'service', value: 'pool' },
      { key: 'environment', value: env.name },
      { key: 'pool:role', value: role },
      { key: 'pool:image', value: imageTag },
    ],
  },
}
