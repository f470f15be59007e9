// The serving service: two tasks across zones, the active engine and its standby (ARCHITECTURE.md §5).
// Only the admin API's reads target group is attached (both tasks pass /health/ready): the link's and the
// admin writes' target groups are kept by the platform's link-targets machine, because their health check
// is /health/link, which the standby fails by design, and ECS would replace it (docs/infra.md).
local pool = import 'lib/pool.libsonnet';
{
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  desiredCount: 2,
  deploymentConfiguration: {
    // New tasks start (as standbys, the lease is held) before old ones stop: one failover per deploy,
    // and never fewer than two tasks.
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true },
  },
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: [pool.tf('private_subnet_ids[%d]' % i) for i in [0, 1]],
      securityGroups: [pool.tf('security_group_ids.service')],
      assignPublicIp: 'DISABLED',
    },
  },
  loadBalancers: [{
    targetGroupArn: pool.tf('admin_target_group_arn'),
    containerName: pool.containerName,
    containerPort: 8080,
  }],
  healthCheckGracePeriodSeconds: 120,
  // Never exec into a serving task: operators start their own task (infra/ops/pool-task.sh).
  enableExecuteCommand: false,
  enableECSManagedTags: true,
  propagateTags: 'SERVICE',
  schedulingStrategy: 'REPLICA',
  tags: [
    { key: 'service', value: 'pool' },
    { key: 'environment', value: pool.env.name },
  ],
}
