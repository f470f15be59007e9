environment = "prd"
