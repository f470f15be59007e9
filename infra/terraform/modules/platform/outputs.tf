# Read by ecspresso from the Terraform state (infra/deploy: tfstate lookups), and by the other modules.
output "cluster_name" { value = aws_ecs_cluster.pool.name }
output "cluster_arn" { value = aws_ecs_cluster.pool.arn }
output "repository_url" { value = aws_ecr_repository.pool.repository_url }
output "private_subnet_ids" { value = [for subnet in aws_subnet.private : subnet.id] }
output "security_group_ids" { value = { for key, group in aws_security_group.pool : key => group.id } }
output "admin_target_group_arn" { value = aws_lb_target_group.admin["reads"].arn }
output "link_target_group_arn" { value = aws_lb_target_group.link.arn }
output "jobs_api_url" { value = "http://${aws_lb.jobs_api.dns_name}:8080" }
output "admin_writes_target_group_arn" { value = aws_lb_target_group.admin["writes"].arn }
output "role_arns" { value = { for key, role in aws_iam_role.pool : key => role.arn } }
output "deploy_role_arn" { value = aws_iam_role.deploy.arn }
output "plan_role_arn" { value = aws_iam_role.plan.arn }
output "secret_arns" { value = { for key, secret in aws_secretsmanager_secret.pool : key => secret.arn } }
output "log_group_names" { value = { for key, group in aws_cloudwatch_log_group.pool : key => group.name } }
output "operator_bucket" { value = aws_s3_bucket.operator.bucket }
output "database_endpoint" { value = aws_rds_cluster.pool.endpoint }
output "database_master_secret_arn" { value = aws_rds_cluster.pool.master_user_secret[0].secret_arn }
output "database_roles_secret_arn" { value = aws_secretsmanager_secret.pool["database-roles"].arn }
output "job_windows_hours" { value = module.jobs.missed_run_window_hours }
output "job_task_family" { value = local.job_task_family }
output "on_call_policy_name" { value = aws_iam_policy.on_call.name }
output "database_readonly_secret_arn" { value = aws_secretsmanager_secret.pool["database-readonly"].arn }
