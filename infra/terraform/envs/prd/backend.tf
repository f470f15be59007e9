# State of the prd environment, in its own account's bucket (created once by hand with versioning, KMS
# and a lock table; operations.md, "First apply"). The bucket is pool-prd-terraform-<account id>: a
# backend block cannot read variables, so infra/terraform/init.sh gives it at init from the account of
# the credentials in use (terraform-plan.sh does the same in CI).
terraform {
  backend "s3" {
    key            = "platform.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-prd-terraform"
    dynamodb_table = "pool-prd-terraform-lock"
  }
}
