# Staging: everything that differs from production (see prd/terraform.tfvars).
environment              = "stg"
account_id               = "333333333333"
vpc_cidr                 = "10.30.0.0/16"
zones                    = { "ap-northeast-1a" = 0, "ap-northeast-1c" = 1 }
office_cidrs             = ["203.0.113.0/28"]
network_cidrs            = ["198.51.100.32/27"]
link_certificate_arn     = "arn:aws:acm:ap-northeast-1:333333333333:certificate/00000000-0000-0000-0000-00000000stg1"
admin_certificate_arn    = "arn:aws:acm:ap-northeast-1:333333333333:certificate/00000000-0000-0000-0000-00000000stg2"
db_instance_class        = "db.r7g.large"
db_backup_retention_days = 7
github_repository        = "pool-issuer/pool"
deploy_subjects          = ["repo:pool-issuer/pool:environment:staging:ref:refs/heads/*"]
on_call_schedule_ids     = ["PSTG001"]
