# State of the stg environment, in its own account's bucket (created once by hand with versioning,
# KMS and a lock table; operations.md, "First apply").
terraform {
  backend "s3" {
    bucket         = "pool-stg-terraform-333333333333"
    key            = "platform.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-stg-terraform"
    dynamodb_table = "pool-stg-terraform-lock"
  }
}
