# Scheduled jobs: one map (infra/terraform/jobs.yaml) -> module jobs renders schedules and state
# machines -> here, one EventBridge schedule (Asia/Tokyo) and one state machine per job.
module "jobs" {
  source = "../jobs"

  environment         = var.environment
  jobs                = var.jobs
  cluster_arn         = aws_ecs_cluster.pool.arn
  task_definition_arn = local.job_task_family_arn # latest ACTIVE revision, registered by the deploy
  subnet_ids          = [for subnet in aws_subnet.private : subnet.id]
  security_group_ids  = [aws_security_group.pool["job"].id]
  failure_topic_arn   = aws_sns_topic.job_failures.arn
}

resource "aws_sns_topic" "job_failures" {
  name              = "${local.name}-job-failures"
  kms_master_key_id = aws_kms_key.pool["logs"].arn
}

# PagerDuty's low-urgency service receives every failure; Datadog watches the machines' metrics too.
resource "aws_sns_topic_subscription" "job_failures_pagerduty" {
  topic_arn              = aws_sns_topic.job_failures.arn
  protocol               = "https"
  endpoint               = var.job_failure_endpoint
  endpoint_auto_confirms = true
}

resource "aws_sfn_state_machine" "job" {
  for_each = module.jobs.definitions

  name       = module.jobs.state_machine_names[each.key]
  role_arn   = aws_iam_role.pool["states"].arn
  definition = each.value
  tags       = { "pool:job" = each.key }

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.pool["states"].arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }
}

resource "aws_sqs_queue" "job_schedule_dead_letters" {
  name                      = "${local.name}-jobs-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.pool["logs"].arn
}

resource "aws_scheduler_schedule" "job" {
  for_each = module.jobs.schedule_expressions

  name                         = module.jobs.state_machine_names[each.key]
  group_name                   = "default"
  schedule_expression          = each.value
  schedule_expression_timezone = module.jobs.time_zone
  state                        = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_sfn_state_machine.job[each.key].arn
    role_arn = aws_iam_role.pool["scheduler"].arn
    input    = jsonencode({ job = each.key, environment = var.environment })

    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }

    dead_letter_config {
      arn = aws_sqs_queue.job_schedule_dead_letters.arn
    }
  }
}
