terraform {
  required_version = ">= 1.9.0"
  required_providers {
    datadog = {
      source  = "DataDog/datadog"
      version = "3.50.0"
    }
  }
}
