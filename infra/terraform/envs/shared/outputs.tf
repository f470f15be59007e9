# Everything infra/deploy reads through ecspresso's tfstate lookups, under one name.
output "platform" {
  description = "Ids and ARNs of the platform (cluster, subnets, groups, roles, secrets, target groups)."
  value = {
    cluster_name           = module.platform.cluster_name
    repository_url         = module.platform.repository_url
    private_subnet_ids     = module.platform.private_subnet_ids
    security_group_ids     = module.platform.security_group_ids
    admin_target_group_arn = module.platform.admin_target_group_arn
    role_arns              = module.platform.role_arns
    secret_arns            = module.platform.secret_arns
    log_group_names        = module.platform.log_group_names
    operator_bucket        = module.platform.operator_bucket
    database_endpoint      = module.platform.database_endpoint
    job_task_family        = module.platform.job_task_family
    jobs_api_url           = module.platform.jobs_api_url
  }
}

output "deploy_role_arn" {
  description = "The role deploy.yml assumes (set as the repository variable AWS_DEPLOY_ROLE_<ENV>)."
  value       = module.platform.deploy_role_arn
}

output "plan_role_arn" {
  description = "The role terraform-plan.yml assumes."
  value       = module.platform.plan_role_arn
}

output "database" {
  description = "What the database-roles root needs."
  value = {
    endpoint          = module.platform.database_endpoint
    master_secret_arn = module.platform.database_master_secret_arn
    roles_secret_arn  = module.platform.database_roles_secret_arn
  }
}
