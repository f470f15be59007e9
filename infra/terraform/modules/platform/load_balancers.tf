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
  certificate_arn   = var.link_certificate_arn
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

resource "aws_lb_target_group" "admin" {
  name                 = "${local.name}-admin"
  port                 = 8080
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.pool.id
  deregistration_delay = var.link_drain_seconds

  # Both engines serve the API (the standby answers reads and forwards nothing): readiness, not /health/link.
  health_check {
    path                = "/health/ready"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "admin" {
  load_balancer_arn = aws_lb.admin.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.admin_certificate_arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
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
      Register = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:elasticloadbalancingv2:registerTargets"
        Parameters = {
          TargetGroupArn = aws_lb_target_group.link.arn
          "Targets.$"    = "States.Array(States.StringToJson(States.Format('\\{\"Id\":\"{}\",\"Port\":8583\\}', $.Address)))"
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
