terraform {
  required_version = ">= 1.9.0"
  required_providers {
    pagerduty = {
      source  = "PagerDuty/pagerduty"
      version = "3.18.1"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "3.50.0"
    }
  }
}
