variable "environment" {
  description = "prd or stg; every name starts with pool-<environment>."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

variable "vpc_cidr" {
  description = "The VPC's range; each zone gets a /20 private and a /24 public subnet out of it."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr is an IPv4 range of /16 or larger."
  }
}

variable "zones" {
  description = "Availability zone -> its index in the VPC range (stable, so adding a zone moves nothing)."
  type        = map(number)

  validation {
    condition     = length(var.zones) >= 2 && length(distinct(values(var.zones))) == length(var.zones)
    error_message = "At least two zones (active and standby in different zones), with distinct indexes."
  }
}

variable "office_cidrs" {
  description = "The office network: the only source the admin API accepts."
  type        = list(string)

  validation {
    condition     = length(var.office_cidrs) > 0 && alltrue([for cidr in var.office_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "office_cidrs lists the office's ranges; never 0.0.0.0/0."
  }
}

variable "network_cidrs" {
  description = "The card network's source ranges: the only source the authorization link accepts."
  type        = list(string)

  validation {
    condition     = length(var.network_cidrs) > 0 && alltrue([for cidr in var.network_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "network_cidrs lists the network's ranges; never 0.0.0.0/0."
  }
}

variable "certificate_domains" {
  description = "The names the link (network) and the admin API (office) are reached by; their issued ACM certificates are looked up by these names, never pasted as ARNs."
  type        = map(string)

  validation {
    condition     = toset(keys(var.certificate_domains)) == toset(["admin", "link"]) && alltrue([for domain in values(var.certificate_domains) : can(regex("^[a-z0-9-]+(\\.[a-z0-9-]+)+$", domain))])
    error_message = "certificate_domains.link and .admin are DNS names (set them in envs/<env>/terraform.tfvars)."
  }
}

variable "link_drain_seconds" {
  description = "How long a stopping engine keeps its link connections: the NLB's deregistration delay and below the host's 30 s shutdown timeout."
  type        = number
  default     = 30

  validation {
    condition     = var.link_drain_seconds >= 5 && var.link_drain_seconds <= 30
    error_message = "Between 5 s and the host's shutdown timeout (30 s, HostOptions.ShutdownTimeout)."
  }
}

variable "db_instance_class" {
  description = "Aurora instance class of the writer and its replica."
  type        = string
}

variable "db_engine_version" {
  description = "Aurora PostgreSQL version."
  type        = string
  default     = "16.4"
}

variable "db_backup_retention_days" {
  description = "Automated backup retention."
  type        = number

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "Between 1 and 35 days."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention."
  type        = number
  default     = 90
}

variable "github_repository" {
  description = "owner/name of the repository allowed to deploy."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "owner/name."
  }
}

variable "deploy_subjects" {
  description = "OIDC subjects (repository, GitHub environment and branch) allowed to assume the deploy role."
  type        = list(string)

  validation {
    condition     = length(var.deploy_subjects) > 0 && alltrue([for subject in var.deploy_subjects : startswith(subject, "repo:")])
    error_message = "Subjects are repo:<owner>/<name>:environment:<env>:ref:<ref> (the repository's custom subject template)."
  }
}

variable "job_failure_endpoint" {
  description = "HTTPS endpoint job failures are published to (PagerDuty's low-urgency integration)."
  type        = string
  sensitive   = true
}

variable "jobs" {
  description = "infra/terraform/jobs.yaml."
  type = map(object({
    schedule        = string
    timeout_minutes = optional(number, 60)
  }))
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
