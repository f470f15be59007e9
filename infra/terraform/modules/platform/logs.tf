# Log groups. Tasks route logs through FireLens (a Fluent Bit log router in each task) to CloudWatch
# and to Datadog; the router's own logs and the operator's sessions go to CloudWatch only.
resource "aws_cloudwatch_log_group" "pool" {
  for_each = toset(["service", "jobs", "operator", "firelens", "exec", "states", "flow"])

  name              = "/pool/${var.environment}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.pool["logs"].arn
}
