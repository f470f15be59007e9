# PagerDuty for one environment: a high- and a low-urgency service on one escalation policy, each
# connected to Datadog (which gives the @pagerduty-<service> handles the monitors use), and an events
# integration on the low-urgency service for the job-failure SNS topic.

variable "environment" {
  description = "prd or stg."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

variable "on_call_schedule_ids" {
  description = "PagerDuty schedules, first layer first (the schedules themselves are managed by people in PagerDuty)."
  type        = list(string)

  validation {
    condition     = length(var.on_call_schedule_ids) >= 1
    error_message = "At least one on-call schedule."
  }
}

variable "escalation_delay_minutes" {
  description = "Minutes before an unacknowledged incident goes to the next layer."
  type        = number
  default     = 15
}

locals {
  # Urgency -> how PagerDuty treats its incidents. Low urgency pages only in support hours (Asia/Tokyo)
  # in production; staging never pages anybody at night.
  services = {
    high = { description = "Pool ${var.environment}: pages at once, day or night", urgency = var.environment == "prd" ? "high" : "low", support_hours = false }
    low  = { description = "Pool ${var.environment}: pages in business hours", urgency = "low", support_hours = true }
  }
}

data "pagerduty_vendor" "datadog" {
  name = "Datadog"
}

data "pagerduty_vendor" "cloudwatch" {
  name = "Amazon CloudWatch"
}

resource "pagerduty_escalation_policy" "pool" {
  name      = "pool-${var.environment}"
  num_loops = 2

  dynamic "rule" {
    for_each = var.on_call_schedule_ids
    content {
      escalation_delay_in_minutes = var.escalation_delay_minutes
      target {
        type = "schedule_reference"
        id   = rule.value
      }
    }
  }
}

resource "pagerduty_service" "pool" {
  for_each = local.services

  name                    = "pool-${var.environment}-${each.key}"
  description             = each.value.description
  escalation_policy       = pagerduty_escalation_policy.pool.id
  alert_creation          = "create_alerts_and_incidents"
  acknowledgement_timeout = 1800
  auto_resolve_timeout    = "null"

  incident_urgency_rule {
    type    = each.value.support_hours ? "use_support_hours" : "constant"
    urgency = each.value.support_hours ? null : each.value.urgency

    dynamic "during_support_hours" {
      for_each = each.value.support_hours ? [1] : []
      content {
        type    = "constant"
        urgency = var.environment == "prd" ? "high" : "low"
      }
    }

    dynamic "outside_support_hours" {
      for_each = each.value.support_hours ? [1] : []
      content {
        type    = "constant"
        urgency = "low"
      }
    }
  }

  dynamic "support_hours" {
    for_each = each.value.support_hours ? [1] : []
    content {
      type         = "fixed_time_per_day"
      time_zone    = "Asia/Tokyo"
      days_of_week = [1, 2, 3, 4, 5]
      start_time   = "09:00:00"
      end_time     = "18:00:00"
    }
  }

  dynamic "scheduled_actions" {
    for_each = each.value.support_hours ? [1] : []
    content {
      type       = "urgency_change"
      to_urgency = "high"
      at {
        type = "named_time"
        name = "support_hours_start"
      }
    }
  }
}

resource "pagerduty_service_integration" "datadog" {
  for_each = pagerduty_service.pool

  name    = "Datadog"
  service = each.value.id
  vendor  = data.pagerduty_vendor.datadog.id
}

# Datadog's PagerDuty integration: one service object per service makes @pagerduty-<name> a handle.
resource "datadog_integration_pagerduty_service_object" "pool" {
  for_each = pagerduty_service.pool

  service_name = each.value.name
  service_key  = pagerduty_service_integration.datadog[each.key].integration_key
}

resource "pagerduty_service_integration" "job_failures" {
  name    = "Job failures (SNS)"
  service = pagerduty_service.pool["low"].id
  vendor  = data.pagerduty_vendor.cloudwatch.id
}

output "paging_handles" {
  description = "Urgency -> Datadog notification handle."
  value       = { for urgency, service in datadog_integration_pagerduty_service_object.pool : urgency => "@pagerduty-${service.service_name}" }
}

output "job_failures_endpoint" {
  description = "HTTPS endpoint the job-failure SNS topic posts to."
  value       = "https://events.pagerduty.com/integration/${pagerduty_service_integration.job_failures.integration_key}/enqueue"
  sensitive   = true
}
