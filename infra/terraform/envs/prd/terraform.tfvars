# Production: everything that differs between environments, in one place.

# ---- Decided in code review ----
environment              = "prd"
vpc_cidr                 = "10.20.0.0/16"
zones                    = { "ap-northeast-1a" = 0, "ap-northeast-1c" = 1, "ap-northeast-1d" = 2 }
db_instance_class        = "db.r7g.xlarge"
db_backup_retention_days = 35

# ---- Values only an operator can know (operations.md, "Values only an operator knows") ----
# Empty until the operator fills them before the first apply: plan and apply refuse to run while any is
# empty, and each variable's validation names the one missing. Everything else is derived from these or
# read from AWS: certificate ARNs by name from ACM, the account from the credentials (state bucket), the
# deploy role's OIDC subjects (production, from main only) from github_repository.
account_id           = ""                        # this environment's AWS account (12 digits)
office_cidrs         = []                        # the office's egress ranges: the only source of the admin API and the console
network_cidrs        = []                        # the card network's source ranges (connection agreement)
certificate_domains  = { link = "", admin = "" } # names with an ISSUED certificate in ACM in this account
github_repository    = ""                        # owner/name of the repository that deploys
on_call_schedule_ids = []                        # PagerDuty schedule ids of the escalation policy (primary first)
