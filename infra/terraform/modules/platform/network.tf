locals {
  name = "pool-${var.environment}"
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_vpc" "pool" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  enable_dns_support   = true
  tags                 = { Name = local.name }
}

# One private subnet per zone (tasks, database) and one public (load balancers, NAT).
resource "aws_subnet" "private" {
  for_each = var.zones

  vpc_id            = aws_vpc.pool.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, each.value)
  tags              = { Name = "${local.name}-private-${each.key}", tier = "private" }
}

resource "aws_subnet" "public" {
  for_each = var.zones

  vpc_id            = aws_vpc.pool.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 240 + each.value)
  tags              = { Name = "${local.name}-public-${each.key}", tier = "public" }
}

resource "aws_internet_gateway" "pool" {
  vpc_id = aws_vpc.pool.id
  tags   = { Name = local.name }
}

resource "aws_eip" "nat" {
  for_each = var.zones

  domain = "vpc"
  tags   = { Name = "${local.name}-nat-${each.key}" }
}

# A NAT gateway per zone, so losing a zone does not cut the other zone's tasks off.
resource "aws_nat_gateway" "pool" {
  for_each = var.zones

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id
  tags          = { Name = "${local.name}-${each.key}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.pool.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.pool.id
  }

  tags = { Name = "${local.name}-public" }
}

resource "aws_route_table_association" "public" {
  for_each = var.zones

  subnet_id      = aws_subnet.public[each.key].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  for_each = var.zones

  vpc_id = aws_vpc.pool.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.pool[each.key].id
  }

  tags = { Name = "${local.name}-private-${each.key}" }
}

resource "aws_route_table_association" "private" {
  for_each = var.zones

  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}

# S3 through the VPC (image layers from ECR live in S3), without NAT charges.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.pool.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for table in aws_route_table.private : table.id]
}

resource "aws_flow_log" "pool" {
  vpc_id               = aws_vpc.pool.id
  traffic_type         = "REJECT"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.pool["flow"].arn
  iam_role_arn         = aws_iam_role.flow_logs.arn
}

# Security groups: who may talk to whom. Rules are separate resources so they can refer to each other.
resource "aws_security_group" "pool" {
  for_each = {
    link     = "the link's network load balancer"
    admin    = "the admin API's load balancer"
    jobs_api = "the internal load balancer job tasks reach the active engine through"
    service  = "serving tasks (active and standby engines)"
    job      = "scheduled job tasks"
    operator = "operator tasks"
    database = "Aurora PostgreSQL"
  }

  name        = "${local.name}-${each.key}"
  description = "Pool ${var.environment}: ${each.value}"
  vpc_id      = aws_vpc.pool.id
  tags        = { Name = "${local.name}-${each.key}" }
}

locals {
  ingress = {
    network_to_link      = { to = "link", port = 8583, cidrs = var.network_cidrs }
    office_to_admin      = { to = "admin", port = 443, cidrs = var.office_cidrs }
    link_to_service      = { to = "service", port = 8583, from = "link" }
    link_health          = { to = "service", port = 8080, from = "link" }
    admin_to_service     = { to = "service", port = 8080, from = "admin" }
    job_to_jobs_api      = { to = "jobs_api", port = 8080, from = "job" }
    operator_to_jobs_api = { to = "jobs_api", port = 8080, from = "operator" }
    jobs_api_to_service  = { to = "service", port = 8080, from = "jobs_api" }
    service_to_database  = { to = "database", port = 5432, from = "service" }
    job_to_database      = { to = "database", port = 5432, from = "job" }
    operator_to_database = { to = "database", port = 5432, from = "operator" }
  }
}

resource "aws_vpc_security_group_ingress_rule" "pool" {
  # One rule per source: a security group, or each of a list of ranges.
  for_each = merge([for key, rule in local.ingress : {
    for source in try(rule.cidrs, [null]) : (source == null ? key : "${key}/${source}") => {
      to   = rule.to
      port = rule.port
      from = try(rule.from, null)
      cidr = source
    }
  }]...)

  security_group_id            = aws_security_group.pool[each.value.to].id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  cidr_ipv4                    = each.value.cidr
  referenced_security_group_id = each.value.from == null ? null : aws_security_group.pool[each.value.from].id
  description                  = each.key
}

resource "aws_vpc_security_group_egress_rule" "pool" {
  # Load balancers reach the tasks; tasks reach the database and, through NAT, AWS APIs and Datadog.
  for_each = toset(["link", "admin", "jobs_api", "service", "job", "operator"])

  security_group_id = aws_security_group.pool[each.key].id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "all outbound"
}
