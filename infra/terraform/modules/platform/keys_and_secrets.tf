# KMS keys by purpose, so access to one (say, the PAN vault's keys) is granted apart from the others.
resource "aws_kms_key" "pool" {
  for_each = {
    secrets  = "connection strings and API keys in Secrets Manager"
    vault    = "the PAN vault's key sets in Secrets Manager"
    database = "Aurora storage, snapshots and Performance Insights"
    logs     = "CloudWatch Logs, SNS and the operator bucket"
  }

  description             = "Pool ${var.environment}: ${each.value}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms[each.key].json
}

resource "aws_kms_alias" "pool" {
  for_each = aws_kms_key.pool

  name          = "alias/${local.name}-${each.key}"
  target_key_id = each.value.key_id
}

data "aws_iam_policy_document" "kms" {
  for_each = toset(["secrets", "vault", "database", "logs"])

  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid       = "ServicesEncryptLogsAndTopics"
      actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com", "sns.amazonaws.com", "states.amazonaws.com"]
      }
    }
  }
}

# Secrets: what the host reads as configuration (ECS injects them as environment variables by
# reference; no value is ever in a task definition, an image or this code).
#   database        connection strings of the host's and the migrator's roles (generated here)
#   database-roles  the three login roles' passwords (generated here, read by module database-roles)
#   database-readonly  pool_readonly's login alone, for on-call's read-only sessions (on_call.tf)
#   admin-api-keys  Admin:ApiKeys, set by people (operations.md, "Rotating API keys")
#   vault-keys      Cards:Vault key sets, set by people (operations.md, "Rotating vault keys")
#   jobs-api-key    the operator-role API key the job and operator tasks send to the active engine's
#                   admin API (Jobs:Remote:ApiKey) and the serving tasks accept (generated here)
#   datadog         the Datadog API key the agent and the log router use, set by people
#   terraform-providers  Datadog and PagerDuty keys for terraform-plan.yml and people's applies, set by people
locals {
  secrets = {
    database            = { key = "secrets", generated = true }
    database-roles      = { key = "secrets", generated = true }
    database-readonly   = { key = "secrets", generated = true }
    admin-api-keys      = { key = "secrets", generated = false }
    jobs-api-key        = { key = "secrets", generated = true }
    vault-keys          = { key = "vault", generated = false }
    datadog             = { key = "secrets", generated = false }
    terraform-providers = { key = "secrets", generated = false }
  }
  login_roles = toset(["pool_migrator", "pool_app", "pool_readonly"])
}

resource "aws_secretsmanager_secret" "pool" {
  for_each = local.secrets

  name                    = "pool/${var.environment}/${each.key}"
  kms_key_id              = aws_kms_key.pool[each.value.key].arn
  recovery_window_in_days = 30
}

resource "random_password" "database" {
  for_each = local.login_roles

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret_version" "database_roles" {
  secret_id     = aws_secretsmanager_secret.pool["database-roles"].id
  secret_string = jsonencode({ for role in local.login_roles : role => random_password.database[role].result })
}

# Npgsql connection strings. TLS is forced by the server (rds.force_ssl) and verified by the client:
# SSL Mode=VerifyFull checks the cluster's certificate and name against the RDS global CA bundle the image
# carries (infra/container/Dockerfile, stage rds-ca; docs/infra.md "The RDS CA bundle").
locals {
  database_tls = "SSL Mode=VerifyFull;Root Certificate=/etc/pool/rds-ca/global-bundle.pem"
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.pool["database"].id
  secret_string = jsonencode({
    app      = "Host=${aws_rds_cluster.pool.endpoint};Port=5432;Database=pool;Username=pool_app;Password=${random_password.database["pool_app"].result};${local.database_tls};Maximum Pool Size=100;Timeout=5"
    migrator = "Host=${aws_rds_cluster.pool.endpoint};Port=5432;Database=pool;Username=pool_migrator;Password=${random_password.database["pool_migrator"].result};${local.database_tls};Timeout=5"
  })
}

# The job tasks' key: name, key and role, read by the serving tasks as one Admin:ApiKeys slot and by the
# job and operator tasks as Jobs:Remote:ApiKey. Operator role: it can start runs, never withdraw money.
# Rotating it is `terraform apply -replace=random_password.jobs_api_key`, then a deploy (operations.md).
resource "random_password" "jobs_api_key" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret_version" "jobs_api_key" {
  secret_id = aws_secretsmanager_secret.pool["jobs-api-key"].id
  secret_string = jsonencode({
    name = "jobs-task"
    key  = random_password.jobs_api_key.result
    role = "operator"
  })
}
