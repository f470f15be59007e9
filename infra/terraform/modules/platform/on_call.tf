# People on call: what they may do, as one customer-managed policy, pool-<env>-on-call. The account's
# identity setup (an IAM Identity Center permission set, or a role of the account's own) attaches it by
# name, so no principal or ARN of that setup is written here. What it allows is what infra/ops/pool-task.sh
# and the runbooks do, and no more:
#   - start the operator task (only that task definition, only in this cluster), tag it with who started it,
#     look at tasks, and stop or exec into operator tasks only (tagged pool:operator), never a serving task;
#   - a port-forward session to the database through an operator task, and ending their own sessions;
#   - read pool_readonly's login (the read-only database role), and no other secret;
#   - put clearing files for an import in the operator bucket;
#   - read Pool's logs.
# Writes to the database stay with the admin API (audited) and the migrate task; an on-call person never
# holds the application's or the migrator's password.
resource "aws_secretsmanager_secret_version" "database_readonly" {
  secret_id = aws_secretsmanager_secret.pool["database-readonly"].id
  secret_string = jsonencode({
    username = "pool_readonly"
    password = random_password.database["pool_readonly"].result
    database = "pool"
    host     = aws_rds_cluster.pool.endpoint
  })
}

locals {
  account_id        = data.aws_caller_identity.current.account_id
  region            = data.aws_region.current.name
  cluster_tasks_arn = "arn:aws:ecs:${local.region}:${local.account_id}:task/${aws_ecs_cluster.pool.name}/*"
}

data "aws_iam_policy_document" "on_call" {
  statement {
    sid       = "RunTheOperatorTask"
    actions   = ["ecs:RunTask"]
    resources = ["arn:aws:ecs:${local.region}:${local.account_id}:task-definition/${local.name}-operator:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.pool.arn]
    }
  }
  statement {
    sid       = "TagTheOperatorTaskWhenStarted"
    actions   = ["ecs:TagResource"]
    resources = [local.cluster_tasks_arn]
    condition {
      test     = "StringEquals"
      variable = "ecs:CreateAction"
      values   = ["RunTask"]
    }
  }
  statement {
    sid       = "PassTheOperatorTaskRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.pool["execution"].arn, aws_iam_role.pool["operator"].arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    sid       = "StopAndEnterOperatorTasksOnly"
    actions   = ["ecs:StopTask", "ecs:ExecuteCommand", "ssm:StartSession"]
    resources = [local.cluster_tasks_arn]
    condition {
      test     = "StringLike"
      variable = "aws:ResourceTag/pool:operator"
      values   = ["*"]
    }
  }
  statement {
    sid       = "PortForwardDocument"
    actions   = ["ssm:StartSession"]
    resources = ["arn:aws:ssm:${local.region}::document/AWS-StartPortForwardingSessionToRemoteHost"]
  }
  statement {
    sid       = "EndOwnSessions"
    actions   = ["ssm:TerminateSession", "ssm:ResumeSession"]
    resources = ["arn:aws:ssm:${local.region}:${local.account_id}:session/$${aws:userid}-*"]
  }
  statement {
    sid     = "SeeTheServiceAndItsNetwork"
    actions = ["ecs:DescribeTasks", "ecs:DescribeServices", "ecs:ListTasks", "ec2:DescribeSecurityGroups", "rds:DescribeDBClusters"]
    # Describe and List calls of EC2 take no resource; the others are read-only.
    resources = ["*"]
  }
  statement {
    sid       = "ReadOnlyDatabaseLogin"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.pool["database-readonly"].arn]
  }
  statement {
    sid       = "DecryptThroughSecretsManagerOnly"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.pool["secrets"].arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }
  statement {
    sid       = "PutClearingFilesForImport"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.operator.arn}/clearing/*"]
  }
  statement {
    sid       = "EncryptOperatorFilesAndReadLogs"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.pool["logs"].arn]
  }
  statement {
    sid       = "ReadPoolLogs"
    actions   = ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams", "logs:StartLiveTail", "logs:StartQuery", "logs:GetQueryResults"]
    resources = [for group in aws_cloudwatch_log_group.pool : "${group.arn}:*"]
  }
}

resource "aws_iam_policy" "on_call" {
  name        = "${local.name}-on-call"
  description = "Pool ${var.environment}: what people on call do (infra/ops/pool-task.sh, docs/runbooks); attached by the account's identity setup"
  policy      = data.aws_iam_policy_document.on_call.json
}
