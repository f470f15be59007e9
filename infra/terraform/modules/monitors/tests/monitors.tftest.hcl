# terraform test: the policy that every monitor pages with a runbook, on the real monitor files.

variables {
  environment      = "prd"
  monitors_dir     = "../../../monitors"
  runbooks_dir     = "../../../../docs/runbooks"
  runbook_base_url = "https://github.com/pool-issuer/pool/blob/main/docs/runbooks"
  paging_handles   = { high = "@pagerduty-pool-prd-high", low = "@pagerduty-pool-prd-low" }
  job_windows_hours = {
    "hold-expiry"  = 3
    "ledger-check" = 26
    "yield-credit" = 768
  }
}

run "every_monitor_links_its_runbook_and_pages_by_urgency" {
  command = plan

  assert {
    condition = alltrue([for _, m in output.monitors :
      strcontains(m.message, "Runbook: https://github.com/pool-issuer/pool/blob/main/docs/runbooks/")
      && strcontains(m.message, m.urgency == "high" ? "@pagerduty-pool-prd-high" : "@pagerduty-pool-prd-low")
    ])
    error_message = "A monitor lacks its runbook link or its paging handle."
  }

  assert {
    condition     = output.monitors["link-connections-down"].query == "max(last_2m):sum:pool.link.connections{env:prd} < 1"
    error_message = "$ENV is replaced in queries."
  }

  assert {
    condition     = output.monitors["ledger-check-failed"].priority == 1 && output.monitors["clearing-exceptions"].priority == 3
    error_message = "High urgency is P1, low is P3."
  }
}

run "per_job_monitors_repeat_for_every_job_with_its_window" {
  command = plan

  assert {
    condition     = length([for key, _ in output.monitors : key if startswith(key, "job-runs-missed/")]) == 3
    error_message = "One missed-run monitor per job."
  }

  assert {
    condition     = output.monitors["job-runs-missed/yield-credit"].query == "sum(last_768h):sum:aws.states.executions_succeeded{env:prd,statemachinename:pool-prd-yield-credit}.as_count() < 1"
    error_message = "$JOB and $WINDOW_HOURS are replaced."
  }

  assert {
    condition     = contains(output.monitors["job-runs-missed/hold-expiry"].tags, "job:hold-expiry")
    error_message = "Per-job monitors are tagged with their job."
  }
}

run "a_monitor_without_a_runbook_is_refused" {
  command = plan

  variables {
    monitors_dir = "./tests/fixtures/no-runbook"
  }

  expect_failures = [output.monitors]
}

run "an_unknown_urgency_is_refused" {
  command = plan

  variables {
    monitors_dir = "./tests/fixtures/bad-urgency"
  }

  expect_failures = [output.monitors]
}

run "paging_handles_for_both_urgencies_are_required" {
  command = plan

  variables {
    paging_handles = { high = "@pagerduty-pool-prd-high" }
  }

  expect_failures = [var.paging_handles]
}
