variable "environment" {
  description = "prd or stg."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

# Values only an operator can know are set in envs/<env>/terraform.tfvars, the one place per environment
# (operations.md, "Values only an operator knows"); everything else is derived or read from AWS, PagerDuty
# and the Terraform state. Each refuses the empty value the file holds until the operator fills it, and the
# documentation ranges and repeated-digit account ids that placeholders are made of.

variable "account_id" {
  description = "The AWS account of this environment (prd and stg are separate accounts): the provider refuses any other."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id)) && !can(regex("^([0-9])\\1{11}$", var.account_id))
    error_message = "account_id: the environment's 12-digit AWS account id (set it in envs/<env>/terraform.tfvars)."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-1"
}

variable "vpc_cidr" {
  description = "The VPC's range."
  type        = string
}

variable "zones" {
  description = "Availability zone -> index (module platform)."
  type        = map(number)
}

variable "office_cidrs" {
  description = "The office network's ranges: the only source of the admin API and the console."
  type        = list(string)

  validation {
    condition     = length(var.office_cidrs) > 0 && alltrue([for cidr in var.office_cidrs : can(cidrhost(cidr, 0)) && !can(regex("^(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.", cidr))])
    error_message = "office_cidrs: the office's real ranges, not documentation ranges (set them in envs/<env>/terraform.tfvars)."
  }
}

variable "network_cidrs" {
  description = "The card network's source ranges (authorization link), from the network's connection agreement."
  type        = list(string)

  validation {
    condition     = length(var.network_cidrs) > 0 && alltrue([for cidr in var.network_cidrs : can(cidrhost(cidr, 0)) && !can(regex("^(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.", cidr))])
    error_message = "network_cidrs: the card network's real source ranges (set them in envs/<env>/terraform.tfvars)."
  }
}

variable "certificate_domains" {
  description = "DNS names of the link (link) and the admin API and console (admin); their ACM certificates are looked up by name."
  type        = map(string)
}

variable "db_instance_class" {
  description = "Aurora instance class."
  type        = string
}

variable "db_backup_retention_days" {
  description = "Aurora backup retention."
  type        = number
}

variable "github_repository" {
  description = "owner/name of the GitHub repository that deploys (OIDC trust, runbook links)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository: owner/name (set it in envs/<env>/terraform.tfvars)."
  }
}

variable "on_call_schedule_ids" {
  description = "PagerDuty schedules of the escalation policy (ids from PagerDuty, e.g. the primary and secondary on-call)."
  type        = list(string)

  validation {
    condition     = length(var.on_call_schedule_ids) > 0 && alltrue([for id in var.on_call_schedule_ids : can(regex("^P[A-Z0-9]{6}$", id))])
    error_message = "on_call_schedule_ids: PagerDuty schedule ids (P + 6 characters; set them in envs/<env>/terraform.tfvars)."
  }
}
