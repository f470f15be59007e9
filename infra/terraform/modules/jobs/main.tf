locals {
  fields = { for name, job in var.jobs : name => split(" ", trimspace(job.schedule)) }

  # Five-field cron -> EventBridge's six fields: `?` in the day field that is not used, and a year.
  schedule_expressions = { for name, f in local.fields : name => format(
    "cron(%s %s %s %s %s *)", f[0], f[1],
    f[4] == "*" ? f[2] : "?",
    f[3],
    f[4] == "*" ? "?" : f[4],
  ) }

  # The longest normal gap between two runs, plus slack: what the missed-run monitor waits for.
  cadence = { for name, f in local.fields : name => (
    f[2] != "*" ? "monthly" : f[4] != "*" ? "weekly" : f[1] == "*" ? "hourly" : "daily"
  ) }
  missed_run_window_hours = { for name, cadence in local.cadence : name => lookup({
    hourly  = 3
    daily   = 26
    weekly  = 7 * 24 + 2
    monthly = 32 * 24
  }, cadence) }

  state_machine_names = { for name, _ in var.jobs : name => "pool-${var.environment}-${name}" }

  # One state machine per job: run the job task with `job run <name>`, retry what can be retried,
  # time out, and publish every failure to SNS before failing. Step Functions' ECS .sync integration
  # reports a stopped task as success whatever its exit code, so the exit code is read and checked.
  definitions = { for name, job in var.jobs : name => jsonencode({
    Comment        = "Pool ${var.environment}: job ${name} (${job.schedule} ${var.time_zone})"
    StartAt        = "RunJob"
    TimeoutSeconds = job.timeout_minutes * 60 * (var.retry_attempts_max + 1) + 600
    States = {
      RunJob = {
        Type     = "Task"
        Resource = "arn:aws:states:::ecs:runTask.sync"
        Parameters = {
          LaunchType           = "FARGATE"
          Cluster              = var.cluster_arn
          TaskDefinition       = var.task_definition_arn
          PropagateTags        = "TASK_DEFINITION"
          EnableExecuteCommand = false
          NetworkConfiguration = {
            AwsvpcConfiguration = {
              Subnets        = var.subnet_ids
              SecurityGroups = var.security_group_ids
              AssignPublicIp = "DISABLED"
            }
          }
          Overrides = {
            ContainerOverrides = [{
              Name    = var.container_name
              Command = ["job", "run", name]
            }]
          }
          Tags = [{ Key = "pool:job", Value = name }]
        }
        TimeoutSeconds = job.timeout_minutes * 60
        ResultSelector = {
          "ExitCodes.$"     = "$.Containers[?(@.Name == '${var.container_name}')].ExitCode"
          "StoppedReason.$" = "$.StoppedReason"
          "TaskArn.$"       = "$.TaskArn"
        }
        ResultPath = "$.task"
        Retry = [{
          ErrorEquals     = ["ECS.AmazonECSException", "ECS.ServerException", "States.TaskFailed"]
          IntervalSeconds = 60
          BackoffRate     = 2
          MaxAttempts     = var.retry_attempts_max
          JitterStrategy  = "FULL"
        }]
        Catch = [{ ErrorEquals = ["States.ALL"], ResultPath = "$.error", Next = "NotifyFailure" }]
        Next  = "ReadExitCode"
      }
      ReadExitCode = {
        Type       = "Pass"
        Parameters = { "ExitCode.$" = "States.ArrayGetItem($.task.ExitCodes, 0)" }
        ResultPath = "$.exit"
        Next       = "CheckExitCode"
      }
      # Pool.Host job run: 0 succeeded, 1 failed, 2 unknown job, 3 already running elsewhere (skipped).
      CheckExitCode = {
        Type = "Choice"
        Choices = [
          { Variable = "$.exit.ExitCode", NumericEquals = 0, Next = "Succeeded" },
          { Variable = "$.exit.ExitCode", NumericEquals = 3, Next = "Succeeded" },
        ]
        Default = "NotifyFailure"
      }
      NotifyFailure = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          TopicArn    = var.failure_topic_arn
          Subject     = "pool-${var.environment} job ${name} failed"
          "Message.$" = "States.Format('Job ${name} failed in ${var.environment}. Runbook: docs/runbooks/job-failed.md. Execution: {}', States.JsonToString($))"
          MessageAttributes = {
            job         = { DataType = "String", StringValue = name }
            environment = { DataType = "String", StringValue = var.environment }
          }
        }
        ResultPath = "$.notified"
        Next       = "Failed"
      }
      Failed = {
        Type  = "Fail"
        Error = "JobFailed"
        Cause = "The job ${name} failed, timed out or could not start; see the execution's input and the task's logs."
      }
      Succeeded = { Type = "Succeed" }
    }
  }) }
}
