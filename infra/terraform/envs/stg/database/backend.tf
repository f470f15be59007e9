terraform {
  backend "s3" {
    bucket         = "pool-stg-terraform-333333333333"
    key            = "database-roles.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-stg-terraform"
    dynamodb_table = "pool-stg-terraform-lock"
  }
}
