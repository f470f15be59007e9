# Renders the real job map's state machines with example ARNs, for infra/check.sh to write them to
# files and run the ASL validator over them. Provider-free: `terraform apply` here creates nothing.
terraform {
  required_version = ">= 1.9.0"
}

module "jobs" {
  source = "../.."

  environment         = "stg"
  jobs                = yamldecode(file("${path.module}/../../../../jobs.yaml"))
  cluster_arn         = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/pool-stg"
  task_definition_arn = "arn:aws:ecs:ap-northeast-1:111111111111:task-definition/pool-stg-job"
  subnet_ids          = ["subnet-0a", "subnet-0c", "subnet-0d"]
  security_group_ids  = ["sg-0job"]
  failure_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:pool-stg-job-failures"
}

output "definitions" {
  value = module.jobs.definitions
}
