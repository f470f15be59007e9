# Roles, each with only what its holder does. Trust by service principal; one policy document each.
locals {
  roles = {
    execution    = { service = "ecs-tasks.amazonaws.com", purpose = "ECS: pull the image, read the task's secrets, start the log router" }
    service      = { service = "ecs-tasks.amazonaws.com", purpose = "serving tasks: write logs through FireLens" }
    job          = { service = "ecs-tasks.amazonaws.com", purpose = "job tasks: write logs through FireLens" }
    operator     = { service = "ecs-tasks.amazonaws.com", purpose = "operator tasks: ECS Exec sessions, read operator files" }
    states       = { service = "states.amazonaws.com", purpose = "job state machines: run the job task, publish failures" }
    link_targets = { service = "states.amazonaws.com", purpose = "keep the link target group equal to the serving tasks" }
    scheduler    = { service = "scheduler.amazonaws.com", purpose = "EventBridge Scheduler: start job state machines" }
    events       = { service = "events.amazonaws.com", purpose = "EventBridge rules: start the link-targets machine" }
  }
  job_task_family     = "${local.name}-job"
  job_task_family_arn = "arn:aws:ecs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:task-definition/${local.job_task_family}"
  # What Step Functions needs to deliver a machine's execution logs to CloudWatch (AWS requires "*").
  state_machine_log_actions = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"]
  task_definition_arns      = "arn:aws:ecs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:task-definition/${local.name}-*"
}

data "aws_iam_policy_document" "trust" {
  for_each = local.roles

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value.service]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "pool" {
  for_each = local.roles

  name               = "${local.name}-${replace(each.key, "_", "-")}"
  description        = "Pool ${var.environment}: ${each.value.purpose}"
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "PullImage"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "PullPoolImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [aws_ecr_repository.pool.arn]
  }
  statement {
    sid       = "ReadTaskSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for name in ["database", "admin-api-keys", "jobs-api-key", "vault-keys", "datadog"] : aws_secretsmanager_secret.pool[name].arn]
  }
  statement {
    sid       = "DecryptTaskSecrets"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.pool["secrets"].arn, aws_kms_key.pool["vault"].arn]
  }
  statement {
    sid       = "WriteContainerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for group in ["firelens", "operator"] : "${aws_cloudwatch_log_group.pool[group].arn}:*"]
  }
}

data "aws_iam_policy_document" "task_logs" {
  for_each = toset(["service", "job"])

  statement {
    sid       = "FireLensToCloudWatch"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.pool[each.key == "service" ? "service" : "jobs"].arn}:*"]
  }
}

data "aws_iam_policy_document" "operator" {
  statement {
    sid       = "ExecSessions"
    actions   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
    resources = ["*"]
  }
  statement {
    sid       = "ExecSessionLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
    resources = ["*"]
  }
  statement {
    sid       = "ReadOperatorFiles"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.operator.arn}/*"]
  }
  statement {
    sid       = "DecryptOperatorFilesAndSessions"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pool["logs"].arn]
  }
}

data "aws_iam_policy_document" "states" {
  statement {
    sid       = "RunJobTask"
    actions   = ["ecs:RunTask"]
    resources = ["${local.job_task_family_arn}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.pool.arn]
    }
  }
  statement {
    sid       = "WatchJobTask"
    actions   = ["ecs:StopTask", "ecs:DescribeTasks"]
    resources = ["*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.pool.arn]
    }
  }
  statement {
    sid       = "PassJobRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.pool["execution"].arn, aws_iam_role.pool["job"].arn]
  }
  statement {
    sid       = "SyncIntegrationRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:aws:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/StepFunctionsGetEventsForECSTaskRule"]
  }
  statement {
    sid       = "PublishFailures"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.job_failures.arn]
  }
  statement {
    sid       = "EncryptFailures"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.pool["logs"].arn]
  }
  statement {
    sid       = "ExecutionLogs"
    actions   = local.state_machine_log_actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "link_targets" {
  statement {
    sid       = "RegisterServingTasks"
    actions   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
    resources = [aws_lb_target_group.link.arn, aws_lb_target_group.admin["writes"].arn, aws_lb_target_group.admin["jobs"].arn]
  }
  statement {
    sid       = "ExecutionLogs"
    actions   = local.state_machine_log_actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "StartJobMachines"
    actions   = ["states:StartExecution"]
    resources = [for machine in aws_sfn_state_machine.job : machine.arn]
  }
  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.job_schedule_dead_letters.arn]
  }
  statement {
    sid       = "EncryptDeadLetters"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.pool["logs"].arn]
  }
}

data "aws_iam_policy_document" "events" {
  statement {
    sid       = "StartLinkTargets"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.link_targets.arn]
  }
}

locals {
  role_policies = {
    execution    = data.aws_iam_policy_document.execution.json
    service      = data.aws_iam_policy_document.task_logs["service"].json
    job          = data.aws_iam_policy_document.task_logs["job"].json
    operator     = data.aws_iam_policy_document.operator.json
    states       = data.aws_iam_policy_document.states.json
    link_targets = data.aws_iam_policy_document.link_targets.json
    scheduler    = data.aws_iam_policy_document.scheduler.json
    events       = data.aws_iam_policy_document.events.json
  }
}

resource "aws_iam_role_policy" "pool" {
  for_each = local.role_policies

  name   = "pool"
  role   = aws_iam_role.pool[each.key].id
  policy = each.value
}

# Roles AWS services need outside the map above (their trust differs).
data "aws_iam_policy_document" "rds_monitoring_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  name               = "${local.name}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_trust.json
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

data "aws_iam_policy_document" "flow_logs_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.pool["flow"].arn}:*"]
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${local.name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_trust.json
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "pool"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}
