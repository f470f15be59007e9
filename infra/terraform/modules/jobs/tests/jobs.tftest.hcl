# terraform test: the jobs module is provider-free logic, so these run offline in CI.

variables {
  environment         = "stg"
  cluster_arn         = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/pool-stg"
  task_definition_arn = "arn:aws:ecs:ap-northeast-1:111111111111:task-definition/pool-stg-job"
  subnet_ids          = ["subnet-0a", "subnet-0c", "subnet-0d"]
  security_group_ids  = ["sg-0job"]
  failure_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:pool-stg-job-failures"
  jobs                = yamldecode(file("../../jobs.yaml"))
}

run "the_real_job_map_gives_one_schedule_and_machine_per_job" {
  command = plan

  assert {
    condition     = length(output.schedule_expressions) == 6 && length(output.definitions) == 6
    error_message = "One schedule and one state machine for each of the six jobs."
  }

  assert {
    condition     = output.time_zone == "Asia/Tokyo"
    error_message = "Schedules are in Asia/Tokyo."
  }

  assert {
    condition     = output.schedule_expressions["ledger-check"] == "cron(30 3 * * ? *)"
    error_message = "Daily: day of week becomes '?', a year field is added."
  }

  assert {
    condition     = output.schedule_expressions["yield-credit"] == "cron(30 1 1 * ? *)"
    error_message = "Monthly on the 1st."
  }

  assert {
    condition     = output.state_machine_names["hold-expiry"] == "pool-stg-hold-expiry"
    error_message = "State machines are named pool-<env>-<job>."
  }

  assert {
    condition     = output.missed_run_window_hours["hold-expiry"] == 3 && output.missed_run_window_hours["ledger-check"] == 26 && output.missed_run_window_hours["cashback-credit"] == 768
    error_message = "Missed-run windows follow the cadence: hourly 3 h, daily 26 h, monthly 32 days."
  }
}

run "each_machine_runs_its_job_verb_retries_times_out_and_notifies" {
  command = plan

  assert {
    condition = alltrue([for name, definition in output.definitions :
      jsondecode(definition).States.RunJob.Parameters.Overrides.ContainerOverrides[0].Command == ["job", "run", name]
    ])
    error_message = "Every machine runs `job run <its name>`."
  }

  assert {
    condition     = jsondecode(output.definitions["ledger-check"]).States.RunJob.TimeoutSeconds == 90 * 60
    error_message = "The task times out after the job's timeout."
  }

  assert {
    condition     = jsondecode(output.definitions["ledger-check"]).States.RunJob.Retry[0].MaxAttempts == 2
    error_message = "Retries default to 2."
  }

  assert {
    condition = alltrue([for _, definition in output.definitions :
      jsondecode(definition).States.NotifyFailure.Parameters.TopicArn == "arn:aws:sns:ap-northeast-1:111111111111:pool-stg-job-failures"
      && jsondecode(definition).States.RunJob.Catch[0].Next == "NotifyFailure"
      && jsondecode(definition).States.CheckExitCode.Default == "NotifyFailure"
    ])
    error_message = "A failure, a timeout or a non-zero exit (other than 3, skipped) is published to SNS."
  }

  assert {
    condition     = jsondecode(output.definitions["hold-expiry"]).States.RunJob.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp == "DISABLED"
    error_message = "Job tasks get no public address."
  }
}

run "weekday_schedules_use_day_names" {
  command = plan

  variables {
    jobs = { "weekly-report" = { schedule = "0 9 * * MON-FRI" } }
  }

  assert {
    condition     = output.schedule_expressions["weekly-report"] == "cron(0 9 ? * MON-FRI *)"
    error_message = "Day of week kept, day of month becomes '?'."
  }
}

run "numeric_day_of_week_is_refused" {
  command = plan

  variables {
    jobs = { "weekly-report" = { schedule = "0 9 * * 1" } }
  }

  expect_failures = [var.jobs]
}

run "four_field_schedule_is_refused" {
  command = plan

  variables {
    jobs = { "hold-expiry" = { schedule = "10 * * *" } }
  }

  expect_failures = [var.jobs]
}

run "upper_case_job_name_is_refused" {
  command = plan

  variables {
    jobs = { "Hold_Expiry" = { schedule = "10 * * * *" } }
  }

  expect_failures = [var.jobs]
}

run "unknown_environment_is_refused" {
  command = plan

  variables {
    environment = "dev"
  }

  expect_failures = [var.environment]
}
