# The certificates of the two listeners, issued in ACM for the names the operator chose (ARNs from AWS,
# never pasted).
data "aws_acm_certificate" "pool" {
  for_each = var.certificate_domains

  domain      = each.value
  statuses    = ["ISSUED"]
  most_recent = true
}

# The authorization link: a network load balancer with a TLS listener (the network's connections end
# their TLS here) forwarding to port 8583 of the tasks by IP. Its health check asks /health/link on the
# admin port, which only the active engine passes (ARCHITECTURE.md §5), so connections go to the active
# engine and move to the standby when it takes over.
resource "aws_lb" "link" {
  name                             = "${local.name}-link"
  load_balancer_type               = "network"
  internal                         = false
  subnets                          = [for subnet in aws_subnet.public : subnet.id]
  security_groups                  = [aws_security_group.pool["link"].id]
  enable_cross_zone_load_balancing = true # the active engine may be in either zone
  enable_deletion_protection       = var.environment == "prd"
}

resource "aws_lb_target_group" "link" {
  name                 = "${local.name}-link"
  port                 = 8583
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = aws_vpc.pool.id
  deregistration_delay = var.link_drain_seconds
  # When a target leaves, its connections are closed at the end of the delay, so the network reconnects
  # to the new active engine instead of holding a half-open connection.
  connection_termination = true
  preserve_client_ip     = true

  health_check {
    protocol            = "HTTP"
    port                = "8080"
    path                = "/health/link"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}

resource "aws_lb_listener" "link" {
  load_balancer_arn = aws_lb.link.arn
  port              = 8583
  protocol          = "TLS"
  certificate_arn   = data.aws_acm_certificate.pool["link"].arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06" # TLS 1.2 or 1.3 (link spec §1)
  alpn_policy       = "None"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.link.arn
  }
}

# The admin API: an application load balancer that accepts only the office's ranges, HTTPS only.
resource "aws_lb" "admin" {
  name                       = "${local.name}-admin"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = [for subnet in aws_subnet.public : subnet.id]
  security_groups            = [aws_security_group.pool["admin"].id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.environment == "prd"
}

# The admin API's two target groups: the same tasks and port, told apart by their health checks.
#   reads   both engines serve them (the standby reads the same database): readiness, which both pass.
#           This is the target group the ECS service carries.
#   writes  POST, PUT, PATCH, DELETE (deposits, withdrawals, card status and controls, clearing imports,
#           job runs, the console's forms) must reach the active engine: every one of them goes through
#           the engine's ordered path, and a standby refuses them with 503 + Retry-After. Its check is
#           /health/link, which only the active engine passes, 5 s apart and two in a row, so the new
#           active engine gets writes within about 10 s of taking the lease (the host's Retry-After is
#           5 s, ProblemDetailsSetup.EngineUnavailableRetryAfterSeconds). Like the link's target group
#           it is not the ECS service's (ECS would replace the standby for failing it): the link-targets
#           machine registers every serving task in it. While no target is healthy (between a failover
#           and the next checks) the load balancer fails open to every registered task; the standby then
#           answers 503 and the client retries.
locals {
  admin_target_groups = {
    reads  = { name = "${local.name}-admin", path = "/health/ready", interval = 10, timeout = 5, unhealthy_threshold = 3 }
    writes = { name = "${local.name}-admin-writes", path = "/health/link", interval = 5, timeout = 4, unhealthy_threshold = 2 }
    # The internal jobs API's: like writes, active engine only (a target group serves one load balancer).
    jobs = { name = "${local.name}-admin-jobs", path = "/health/link", interval = 5, timeout = 4, unhealthy_threshold = 2 }
  }
}

resource "aws_lb_target_group" "admin" {
  for_each = local.admin_target_groups

  name                 = each.value.name
  port                 = 8080
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.pool.id
  deregistration_delay = var.link_drain_seconds

  health_check {
    path                = each.value.path
    matcher             = "200"
    interval            = each.value.interval
    timeout             = each.value.timeout
    healthy_threshold   = 2
    unhealthy_threshold = each.value.unhealthy_threshold
  }
}

# The reads group was a single resource before the writes group existed: keep it, do not replace it.
moved {
  from = aws_lb_target_group.admin
  to   = aws_lb_target_group.admin["reads"]
}

resource "aws_lb_listener" "admin" {
  load_balancer_arn = aws_lb.admin.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = data.aws_acm_certificate.pool["admin"].arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  # Only the paths the office uses; anything else (e.g. /metrics, which the telemetry sidecar reads
  # inside the task) never leaves the task's network.
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/problem+json"
      message_body = jsonencode({ type = "urn:pool:problem:not-found", title = "Not found.", status = 404 })
      status_code  = "404"
    }
  }
}

# The office's paths: the admin API, the back-office console (/console, same host and port), health and
# the API reference (OpenAPI document, Scalar page). Writes are taken first, to the active engine; reads
# go to both tasks. An ALB rule holds at most five condition values, hence one writes rule per path.
locals {
  write_methods = ["POST", "PUT", "PATCH", "DELETE"]
  admin_rules = {
    writes-api     = { priority = 10, target_group = aws_lb_target_group.admin["writes"].arn, paths = ["/api/*"], methods = local.write_methods }
    writes-console = { priority = 11, target_group = aws_lb_target_group.admin["writes"].arn, paths = ["/console*"], methods = local.write_methods }
    reads          = { priority = 20, target_group = aws_lb_target_group.admin["reads"].arn, paths = ["/api/*", "/console*", "/health/*", "/openapi/*", "/reference*"], methods = null }
  }
}

resource "aws_lb_listener_rule" "admin" {
  for_each = local.admin_rules

  listener_arn = aws_lb_listener.admin.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = each.value.target_group
  }

  condition {
    path_pattern {
      values = each.value.paths
    }
  }

  dynamic "condition" {
    for_each = each.value.methods == null ? [] : [each.value.methods]
    content {
      http_request_method {
        values = condition.value
      }
    }
  }
}

# The jobs API: an internal load balancer in the private subnets, reachable from the job and operator
# tasks only (security group jobs_api), forwarding /api/jobs/* to the active engine (target group jobs,
# /health/link). A job task's `job run <name>` of a job that needs the engine posts the run here
# (Jobs:Remote:BaseAddress = jobs_api_url; docs/jobs.md). Plain HTTP inside the VPC: the public admin
# certificate's name resolves to the public load balancer, which admits the office only; the key it
# carries is an operator key that starts job runs and nothing that moves money by hand.
resource "aws_lb" "jobs_api" {
  name                       = "${local.name}-jobs"
  load_balancer_type         = "application"
  internal                   = true
  subnets                    = [for subnet in aws_subnet.private : subnet.id]
  security_groups            = [aws_security_group.pool["jobs_api"].id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.environment == "prd"
}

resource "aws_lb_listener" "jobs_api" {
  load_balancer_arn = aws_lb.jobs_api.arn
  port              = 8080
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/problem+json"
      message_body = jsonencode({ type = "urn:pool:problem:not-found", title = "Not found.", status = 404 })
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "jobs_api" {
  listener_arn = aws_lb_listener.jobs_api.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin["jobs"].arn
  }

  condition {
    path_pattern {
      values = ["/api/jobs/*"]
    }
  }
}

# Why the link's target group is not attached to the ECS service: ECS replaces a task that fails any of
# its service's load balancer health checks, and the standby fails /health/link by design. So the ECS
# service keeps only the admin target group (both engines pass readiness), and this small state machine,
# driven by ECS task state changes, registers each serving task's address in the link target group when
# it runs and deregisters it when it is told to stop (the NLB then drains it for link_drain_seconds).
resource "aws_sfn_state_machine" "link_targets" {
  name     = "${local.name}-link-targets"
  type     = "EXPRESS"
  role_arn = aws_iam_role.pool["link_targets"].arn

  definition = jsonencode({
    Comment = "Keep the link target group equal to the serving tasks"
    StartAt = "ReadAddress"
    States = {
      ReadAddress = {
        Type = "Pass"
        Parameters = {
          "Address.$" = "States.ArrayGetItem($.detail.attachments[0].details[?(@.name == 'privateIPv4Address')].value, 0)"
          "Desired.$" = "$.detail.desiredStatus"
        }
        Next = "Route"
      }
      Route = {
        Type = "Choice"
        Choices = [
          { Variable = "$.Desired", StringEquals = "RUNNING", Next = "Register" },
          { Variable = "$.Desired", StringEquals = "STOPPED", Next = "Deregister" },
        ]
        Default = "Done"
      }
      # Every serving task goes into the three active-only target groups: the link's (port 8583), the admin
      # writes' and the internal jobs API's (port 8080); their /health/link checks pick the active engine.
      Register = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:registerTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.link.arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8583\\}', $.Address)))"
        }
        ResultPath = null
        Next       = "RegisterAdminWrites"
      }
      RegisterAdminWrites = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:registerTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.admin["writes"].arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8080\\}', $.Address)))"
        }
        ResultPath = null
        Next       = "RegisterJobsApi"
      }
      RegisterJobsApi = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:registerTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.admin["jobs"].arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8080\\}', $.Address)))"
        }
        End = true
      }
      Deregister = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:deregisterTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.link.arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8583\\}', $.Address)))"
        }
        ResultPath = null
        Next       = "DeregisterAdminWrites"
      }
      DeregisterAdminWrites = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:deregisterTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.admin["writes"].arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8080\\}', $.Address)))"
        }
        ResultPath = null
        Next       = "DeregisterJobsApi"
      }
      DeregisterJobsApi = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:deregisterTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.admin["jobs"].arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8080\\}', $.Address)))"
        }
        End = true
      }
      Done = { Type = "Succeed" }
    }
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.pool["states"].arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }
}

resource "aws_cloudwatch_event_rule" "serving_task_changes" {
  name        = "${local.name}-serving-task-changes"
  description = "Serving tasks of Pool ${var.environment} starting or stopping"
  event_pattern = jsonencode({
    source      = ["aws.ecs"]
    detail-type = ["ECS Task State Change"]
    detail = {
      clusterArn = [aws_ecs_cluster.pool.arn]
      group      = ["service:${local.name}"]
      lastStatus = ["RUNNING"]
    }
  })
}

resource "aws_cloudwatch_event_target" "serving_task_changes" {
  rule     = aws_cloudwatch_event_rule.serving_task_changes.name
  arn      = aws_sfn_state_machine.link_targets.arn
  role_arn = aws_iam_role.pool["events"].arn
}
