variable "environment" {
  description = "prd or stg: replaces $ENV in queries and messages."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

variable "monitors_dir" {
  description = "Folder of monitor data files (infra/monitors)."
  type        = string
}

variable "runbooks_dir" {
  description = "Folder of runbooks (docs/runbooks): every monitor's runbook must exist there."
  type        = string
}

variable "runbook_base_url" {
  description = "Where runbooks are read, e.g. https://github.com/<owner>/<repo>/blob/main/docs/runbooks."
  type        = string

  validation {
    condition     = startswith(var.runbook_base_url, "https://") && !endswith(var.runbook_base_url, "/")
    error_message = "runbook_base_url is an https URL without a trailing slash."
  }
}

variable "paging_handles" {
  description = "Urgency -> Datadog notification handle of the PagerDuty service that pages for it."
  type        = map(string)

  validation {
    condition     = toset(keys(var.paging_handles)) == toset(["high", "low"]) && alltrue([for handle in values(var.paging_handles) : can(regex("^@pagerduty-[A-Za-z0-9_-]+$", handle))])
    error_message = "paging_handles has exactly the urgencies high and low, each an @pagerduty-<service> handle."
  }
}

variable "job_windows_hours" {
  description = "Job name -> hours without a successful run before it counts as missed (modules/jobs)."
  type        = map(number)
}
