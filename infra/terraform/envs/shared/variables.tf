variable "environment" {
  description = "prd or stg."
  type        = string

  validation {
    condition     = contains(["prd", "stg"], var.environment)
    error_message = "environment must be prd or stg."
  }
}

variable "account_id" {
  description = "The AWS account of this environment (prd and stg are separate accounts)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "A 12-digit AWS account id."
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
  description = "The office network (admin API)."
  type        = list(string)
}

variable "network_cidrs" {
  description = "The card network's source ranges (authorization link)."
  type        = list(string)
}

variable "link_certificate_arn" {
  description = "ACM certificate of the link's TLS listener."
  type        = string
}

variable "admin_certificate_arn" {
  description = "ACM certificate of the admin API."
  type        = string
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
  description = "owner/name."
  type        = string
}

variable "deploy_subjects" {
  description = "OIDC subjects allowed to deploy (module platform)."
  type        = list(string)
}

variable "on_call_schedule_ids" {
  description = "PagerDuty schedules of the escalation policy."
  type        = list(string)
}
