terraform {
  # Pure logic: no provider, so `terraform validate` and `terraform test` run offline.
  required_version = ">= 1.9.0"
}
