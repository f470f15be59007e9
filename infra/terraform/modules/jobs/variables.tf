variable "environment" {
  description = "prd or stg; part of every name."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

variable "jobs" {
  description = "Job name -> schedule (five-field cron in time_zone) and timeout. infra/terraform/jobs.yaml."
  type = map(object({
    schedule        = string
    timeout_minutes = optional(number, 60)
  }))

  validation {
    condition     = length(var.jobs) > 0 && alltrue([for name, _ in var.jobs : can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", name))])
    error_message = "Job names are lower-case words joined by '-', 3 to 40 characters (they become AWS resource names)."
  }

  validation {
    condition     = alltrue([for _, job in var.jobs : length(split(" ", trimspace(job.schedule))) == 5])
    error_message = "Every schedule is a five-field cron expression: minute hour day-of-month month day-of-week."
  }

  validation {
    # EventBridge numbers days of the week 1-7 from Sunday, cron 0-6: names avoid the off-by-one.
    condition     = alltrue([for _, job in var.jobs : can(regex("^(\\*|[A-Z]{3}(-[A-Z]{3})?(,[A-Z]{3})*)$", split(" ", trimspace(job.schedule))[4]))])
    error_message = "Day of week is '*' or day names (MON, MON-FRI, SAT,SUN), never numbers."
  }

  validation {
    condition = alltrue([for _, job in var.jobs : try(
      split(" ", trimspace(job.schedule))[2] == "*" || split(" ", trimspace(job.schedule))[4] == "*",
      false,
    )])
    error_message = "A schedule names a day of the month or a day of the week, not both (EventBridge allows one)."
  }

  validation {
    condition     = alltrue([for _, job in var.jobs : job.timeout_minutes >= 1 && job.timeout_minutes <= 1440])
    error_message = "timeout_minutes is between 1 and 1440 (a day)."
  }
}

variable "time_zone" {
  description = "IANA zone of every schedule."
  type        = string
  default     = "Asia/Tokyo"
}

variable "cluster_arn" {
  description = "ECS cluster the job tasks run in."
  type        = string
}

variable "task_definition_arn" {
  description = "The job task definition (family ARN, latest active revision)."
  type        = string
}

variable "container_name" {
  description = "The Pool.Host container in the job task definition."
  type        = string
  default     = "pool"
}

variable "subnet_ids" {
  description = "Private subnets the job tasks run in."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "At least one subnet."
  }
}

variable "security_group_ids" {
  description = "Security groups of the job tasks."
  type        = list(string)
}

variable "failure_topic_arn" {
  description = "SNS topic a failed or timed-out run is published to (PagerDuty and Datadog subscribe)."
  type        = string
}

variable "retry_attempts_max" {
  description = "How many times a run whose task could not start or failed is started again."
  type        = number
  default     = 2

  validation {
    condition     = var.retry_attempts_max >= 0 && var.retry_attempts_max <= 5
    error_message = "retry_attempts_max is between 0 and 5."
  }
}
