terraform {
  # Pure logic (files in, monitor definitions out): validated and tested offline. The datadog module
  # turns its output into datadog_monitor resources with one for_each.
  required_version = ">= 1.9.0"
}
