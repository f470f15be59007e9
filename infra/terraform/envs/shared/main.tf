locals {
  jobs             = yamldecode(file("${path.module}/../../jobs.yaml"))
  runbook_base_url = "https://github.com/${var.github_repository}/blob/main/docs/runbooks"
  # Who may deploy: production from main through the reviewed environment, staging from any branch.
  deploy_subjects = {
    prd = ["repo:${var.github_repository}:environment:production:ref:refs/heads/main"]
    stg = ["repo:${var.github_repository}:environment:staging:ref:refs/heads/*"]
  }[var.environment]
}

module "paging" {
  source = "../../modules/paging"

  environment          = var.environment
  on_call_schedule_ids = var.on_call_schedule_ids
}

module "platform" {
  source = "../../modules/platform"

  environment              = var.environment
  vpc_cidr                 = var.vpc_cidr
  zones                    = var.zones
  office_cidrs             = var.office_cidrs
  network_cidrs            = var.network_cidrs
  certificate_domains      = var.certificate_domains
  db_instance_class        = var.db_instance_class
  db_backup_retention_days = var.db_backup_retention_days
  github_repository        = var.github_repository
  deploy_subjects          = local.deploy_subjects
  job_failure_endpoint     = module.paging.job_failures_endpoint
  jobs                     = local.jobs
}

module "datadog" {
  source = "../../modules/datadog"

  environment       = var.environment
  runbook_base_url  = local.runbook_base_url
  paging_handles    = module.paging.paging_handles
  job_windows_hours = module.platform.job_windows_hours
}
