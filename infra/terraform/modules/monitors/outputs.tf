output "monitors" {
  description = "Monitor key -> definition, with the runbook link and paging handle already in its message."
  value       = local.monitors

  precondition {
    condition     = length(local.definitions) > 0
    error_message = "No monitor files in ${var.monitors_dir}."
  }

  precondition {
    condition     = length(local.problems) == 0
    error_message = "Monitor files are incomplete: ${join("; ", local.problems)}."
  }

  precondition {
    condition = alltrue([for _, m in local.monitors :
      strcontains(m.message, "Runbook: ${var.runbook_base_url}/") && strcontains(m.message, lookup(var.paging_handles, m.urgency, "(no handle for this urgency)"))
    ])
    error_message = "Every monitor's message carries its runbook link and the paging handle of its urgency."
  }
}

output "alerts" {
  description = "The alert names, for comparison with the Prometheus rules."
  value       = toset([for _, d in local.definitions : d.alert])
}
