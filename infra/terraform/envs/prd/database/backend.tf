terraform {
  backend "s3" {
    bucket         = "pool-prd-terraform-222222222222"
    key            = "database-roles.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-prd-terraform"
    dynamodb_table = "pool-prd-terraform-lock"
  }
}
