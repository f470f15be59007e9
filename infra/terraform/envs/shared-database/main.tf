terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.82.2"
    }
    postgresql = {
      source  = "cyrilgdn/postgresql"
      version = "1.25.0"
    }
  }
}

variable "environment" {
  description = "prd or stg."
  type        = string
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-1"
}

variable "tunnel_port" {
  description = "Local port of the operator's port-forward to the database."
  type        = number
  default     = 15432
}

provider "aws" {
  region = var.region
}

# The account is the credentials' own: the state bucket is named after it, so credentials for another
# account cannot reach this environment's state.
data "aws_caller_identity" "current" {}

# The platform root's outputs: the database endpoint and the secrets (read, never copied here).
data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "pool-${var.environment}-terraform-${data.aws_caller_identity.current.account_id}"
    key    = "platform.tfstate"
    region = var.region
  }
}

data "aws_secretsmanager_secret_version" "master" {
  secret_id = data.terraform_remote_state.platform.outputs.database.master_secret_arn
}

data "aws_secretsmanager_secret_version" "roles" {
  secret_id = data.terraform_remote_state.platform.outputs.database.roles_secret_arn
}

provider "postgresql" {
  host      = "127.0.0.1"
  port      = var.tunnel_port
  database  = "pool"
  username  = jsondecode(data.aws_secretsmanager_secret_version.master.secret_string)["username"]
  password  = jsondecode(data.aws_secretsmanager_secret_version.master.secret_string)["password"]
  sslmode   = "require"
  superuser = false # Aurora's master is not a superuser
}

module "database_roles" {
  source = "../../../modules/database-roles"

  passwords = jsondecode(data.aws_secretsmanager_secret_version.roles.secret_string)
}
