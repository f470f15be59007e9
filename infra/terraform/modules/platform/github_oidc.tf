# GitHub Actions deploys with short-lived credentials through OIDC: no stored AWS keys. The role
# trusts only this repository, and only the subjects given (the repository's custom OIDC subject
# template puts the GitHub environment and the branch in `sub`: see docs/operations.md).
resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"] # AWS no longer checks it for GitHub; required by the API
}

# Who may assume each GitHub role: the deploy role for the given environment-and-branch subjects, the
# plan role for pull requests only.
locals {
  github_subjects = {
    deploy = var.deploy_subjects
    plan   = ["repo:${var.github_repository}:pull_request:*"]
  }
}

data "aws_iam_policy_document" "github_trust" {
  for_each = local.github_subjects

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = each.value
    }
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "${local.name}-github-deploy"
  description          = "GitHub Actions deploy of ${var.github_repository} to ${var.environment}"
  assume_role_policy   = data.aws_iam_policy_document.github_trust["deploy"].json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "PushImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"]
    resources = [aws_ecr_repository.pool.arn]
  }
  statement {
    sid       = "RegisterTaskDefinitions"
    actions   = ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:TagResource"]
    resources = ["*"]
  }
  statement {
    sid       = "DeployService"
    actions   = ["ecs:DescribeServices", "ecs:UpdateService", "ecs:CreateService", "ecs:DescribeClusters"]
    resources = ["*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.pool.arn]
    }
  }
  statement {
    sid       = "RunMigrateTask"
    actions   = ["ecs:RunTask", "ecs:DescribeTasks"]
    resources = ["${local.task_definition_arns}:*", "arn:aws:ecs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:task/${aws_ecs_cluster.pool.name}/*"]
  }
  statement {
    sid       = "PassTaskRoles"
    actions   = ["iam:PassRole"]
    resources = [for name in ["execution", "service", "job", "operator"] : aws_iam_role.pool[name].arn]
  }
  statement {
    sid       = "ReadMigrateLogs"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"]
    resources = [for group in ["jobs", "operator"] : "${aws_cloudwatch_log_group.pool[group].arn}:*"]
  }
  statement {
    sid       = "ReadTerraformState"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::pool-${var.environment}-terraform-${data.aws_caller_identity.current.account_id}/*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

# terraform-plan.yml on pull requests: read-only.
resource "aws_iam_role" "plan" {
  name               = "${local.name}-github-plan"
  description        = "GitHub Actions terraform plan of ${var.github_repository} (read only)"
  assume_role_policy = data.aws_iam_policy_document.github_trust["plan"].json
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "ReadProviderKeys"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.pool["terraform-providers"].arn]
  }
  statement {
    sid       = "DecryptProviderKeys"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.pool["secrets"].arn]
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "plan"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan.json
}
