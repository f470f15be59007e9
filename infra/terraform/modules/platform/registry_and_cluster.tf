resource "aws_ecr_repository" "pool" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE" # tags are commit ids: one tag, one image, forever

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.pool["secrets"].arn
  }
}

resource "aws_ecr_lifecycle_policy" "pool" {
  repository = aws_ecr_repository.pool.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 100 images (rollback targets)"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 100 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "pool" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  # ECS Exec is for operator tasks only (their task role alone may open a session); every session is logged.
  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_key.pool["logs"].arn
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.pool["exec"].name
      }
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "pool" {
  cluster_name       = aws_ecs_cluster.pool.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# Files an operator hands to an operator task (a clearing file to import); kept a week.
resource "aws_s3_bucket" "operator" {
  bucket = "${local.name}-operator-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_public_access_block" "operator" {
  bucket                  = aws_s3_bucket.operator.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "operator" {
  bucket = aws_s3_bucket.operator.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.pool["logs"].arn
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "operator" {
  bucket = aws_s3_bucket.operator.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 7
    }
  }
}
