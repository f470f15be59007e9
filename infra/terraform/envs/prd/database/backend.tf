# Same bucket as the prd platform root (bucket given at init by infra/terraform/init.sh).
terraform {
  backend "s3" {
    key            = "database-roles.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    kms_key_id     = "alias/pool-prd-terraform"
    dynamodb_table = "pool-prd-terraform-lock"
  }
}
