terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.82.2"
    }
    random = {
      source  = "hashicorp/random"
      version = "3.6.3"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "3.50.0"
    }
    pagerduty = {
      source  = "PagerDuty/pagerduty"
      version = "3.18.1"
    }
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id] # a stg plan can never touch the prd account, and back

  default_tags {
    tags = {
      service     = "pool"
      environment = var.environment
      managed-by  = "terraform"
      repository  = var.github_repository
    }
  }
}

# Keys come from the environment (DD_API_KEY, DD_APP_KEY, PAGERDUTY_TOKEN), which CI reads from
# Secrets Manager through the OIDC role; never from code or variables files.
provider "datadog" {
  api_url = "https://api.ap1.datadoghq.com/"
}

provider "pagerduty" {}
