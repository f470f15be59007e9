# Production: everything that differs from staging. Account ids and ranges are placeholders to be
# replaced by the real ones before the first apply (operations.md, "First apply").
environment              = "prd"
account_id               = "222222222222"
vpc_cidr                 = "10.20.0.0/16"
zones                    = { "ap-northeast-1a" = 0, "ap-northeast-1c" = 1, "ap-northeast-1d" = 2 }
office_cidrs             = ["203.0.113.0/28"]
network_cidrs            = ["198.51.100.0/27"]
link_certificate_arn     = "arn:aws:acm:ap-northeast-1:222222222222:certificate/00000000-0000-0000-0000-00000000prd1"
admin_certificate_arn    = "arn:aws:acm:ap-northeast-1:222222222222:certificate/00000000-0000-0000-0000-00000000prd2"
db_instance_class        = "db.r7g.xlarge"
db_backup_retention_days = 35
github_repository        = "pool-issuer/pool"
deploy_subjects          = ["repo:pool-issuer/pool:environment:production:ref:refs/heads/main"]
on_call_schedule_ids     = ["PPRD001", "PPRD002"]
