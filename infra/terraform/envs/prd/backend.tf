# State of the prd environment, in its own account's bucket (created once by hand with versioning,
# KMS and a lock table; operations.md, "First apply").
terraform {
  backend "s3" {
    bucket         = "pool-prd-terraform-222222222222"
    key            = "platform.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-prd-terraform"
    dynamodb_table = "pool-prd-terraform-lock"
  }
}
