resource "aws_db_subnet_group" "pool" {
  name       = local.name
  subnet_ids = [for subnet in aws_subnet.private : subnet.id]
}

resource "aws_rds_cluster_parameter_group" "pool" {
  name   = "${local.name}-aurora-postgresql16"
  family = "aurora-postgresql16"

  dynamic "parameter" {
    for_each = {
      "rds.force_ssl"                       = "1" # TLS or nothing
      "ssl_min_protocol_version"            = "TLSv1.2"
      "log_min_duration_statement"          = "500" # the journal's commit budget: anything slower is logged
      "idle_in_transaction_session_timeout" = "60000"
      "log_connections"                     = "1"
      "log_disconnections"                  = "1"
      "timezone"                            = "UTC"
      "jit"                                 = "0" # OLTP and set-based batches: compiling plans cost clearing ~0.4 s a batch (docs/benchmarks-clearing.md)
    }
    content {
      name  = parameter.key
      value = parameter.value
    }
  }
}

resource "aws_rds_cluster" "pool" {
  cluster_identifier                  = local.name
  engine                              = "aurora-postgresql"
  engine_version                      = var.db_engine_version
  database_name                       = "pool"
  master_username                     = "pool_admin"
  manage_master_user_password         = true # the master password lives in Secrets Manager, never in state
  master_user_secret_kms_key_id       = aws_kms_key.pool["secrets"].arn
  db_subnet_group_name                = aws_db_subnet_group.pool.name
  vpc_security_group_ids              = [aws_security_group.pool["database"].id]
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.pool.name
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.pool["database"].arn
  backup_retention_period             = var.db_backup_retention_days
  preferred_backup_window             = "17:00-18:00" # 02:00-03:00 JST, before ledger-check at 03:30
  preferred_maintenance_window        = "sun:18:30-sun:19:30"
  copy_tags_to_snapshot               = true
  deletion_protection                 = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.name}-final"
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  iam_database_authentication_enabled = false
}

# A writer and a replica in different zones: Aurora promotes the replica on failure (about 30 s).
resource "aws_rds_cluster_instance" "pool" {
  for_each = { for index, zone in sort(keys(var.zones)) : zone => index if index < 2 }

  identifier                            = "${local.name}-${each.key}"
  cluster_identifier                    = aws_rds_cluster.pool.id
  engine                                = aws_rds_cluster.pool.engine
  engine_version                        = aws_rds_cluster.pool.engine_version
  instance_class                        = var.db_instance_class
  availability_zone                     = each.key
  promotion_tier                        = each.value
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.pool["database"].arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 15
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  auto_minor_version_upgrade            = false
}
