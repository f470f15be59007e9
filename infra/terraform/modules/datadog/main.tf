# Pool's Datadog monitors: every file of infra/monitors, loaded with one for_each. Messages come
# from the monitors module with their runbook link and paging handle; nothing here writes a message.

variable "environment" {
  description = "prd or stg."
  type        = string
}

variable "runbook_base_url" {
  description = "https://github.com/<owner>/<repo>/blob/main/docs/runbooks"
  type        = string
}

variable "paging_handles" {
  description = "Urgency -> @pagerduty-<service> handle (module paging)."
  type        = map(string)
}

variable "job_windows_hours" {
  description = "Job name -> missed-run window in hours (module jobs)."
  type        = map(number)
}

module "catalog" {
  source = "../monitors"

  environment       = var.environment
  monitors_dir      = "${path.module}/../../../monitors"
  runbooks_dir      = "${path.module}/../../../../docs/runbooks"
  runbook_base_url  = var.runbook_base_url
  paging_handles    = var.paging_handles
  job_windows_hours = var.job_windows_hours
}

resource "datadog_monitor" "pool" {
  for_each = module.catalog.monitors

  name     = each.value.name
  type     = each.value.type
  query    = each.value.query
  message  = each.value.message
  priority = each.value.priority
  tags     = each.value.tags

  monitor_thresholds {
    critical = each.value.critical
    warning  = each.value.warning
  }

  notify_no_data      = each.value.notify_no_data != null
  no_data_timeframe   = each.value.notify_no_data
  require_full_window = false
  include_tags        = true
  renotify_interval   = each.value.urgency == "high" ? 30 : 0
}

output "monitor_ids" {
  description = "Monitor key -> Datadog monitor id."
  value       = { for key, monitor in datadog_monitor.pool : key => monitor.id }
}
