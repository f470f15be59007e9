output "schedule_expressions" {
  description = "Job name -> EventBridge Scheduler cron expression (evaluated in time_zone)."
  value       = local.schedule_expressions
}

output "time_zone" {
  description = "The zone every schedule is evaluated in."
  value       = var.time_zone
}

output "state_machine_names" {
  description = "Job name -> state machine name."
  value       = local.state_machine_names
}

output "definitions" {
  description = "Job name -> Amazon States Language definition (JSON)."
  value       = local.definitions
}

output "missed_run_window_hours" {
  description = "Job name -> hours without a successful run after which the job counts as missed."
  value       = local.missed_run_window_hours
}
