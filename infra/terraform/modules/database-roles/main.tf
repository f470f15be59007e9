# Roles and grants in Pool's database: the migration role owns the module schemas and runs DDL; the
# host's role reads and writes rows but changes no structure; the back office reads. None is a
# superuser, none can create roles or databases. Passwords come from Secrets Manager (module platform).

variable "database" {
  description = "The database name."
  type        = string
  default     = "pool"
}

variable "schemas" {
  description = "One schema per module plus platform (the migration record); ARCHITECTURE.md §1."
  type        = set(string)
  default     = ["platform", "access", "cards", "ledger", "authorization", "clearing", "jobs"]

  validation {
    condition     = alltrue([for schema in var.schemas : can(regex("^[a-z][a-z_]{1,30}$", schema))])
    error_message = "Schema names are lower-case identifiers."
  }
}

variable "passwords" {
  description = "Login role -> password (read from Secrets Manager by the root, never written in code)."
  type        = map(string)
  sensitive   = true

  validation {
    condition     = toset(keys(var.passwords)) == toset(["pool_migrator", "pool_app", "pool_readonly"])
    error_message = "Passwords for exactly pool_migrator, pool_app and pool_readonly."
  }
}

locals {
  logins = {
    pool_migrator = { connection_limit = 5, description = "migrations (Pool.Host migrate): owns the schemas" }
    pool_app      = { connection_limit = 200, description = "the host: rows only, no DDL" }
    pool_readonly = { connection_limit = 20, description = "back office and operators: read only" }
  }

  # Row privileges by role and object type: the host writes, the back office reads. Ownership (and so
  # DDL) stays with the migrator.
  privileges = {
    pool_app      = { table = ["SELECT", "INSERT", "UPDATE", "DELETE"], sequence = ["USAGE", "SELECT", "UPDATE"] }
    pool_readonly = { table = ["SELECT"], sequence = ["SELECT"] }
  }

  schema_grants = merge([for role, _ in local.privileges : {
    for schema in var.schemas : "${role}/${schema}" => { role = role, schema = schema }
  }]...)

  # role/schema/object type -> the grant, for existing objects and for those the migrator creates later.
  object_grants = merge([for key, grant in local.schema_grants : {
    for object_type, privileges in local.privileges[grant.role] : "${key}/${object_type}" => merge(grant, {
      object_type = object_type
      privileges  = privileges
    })
  }]...)
}

resource "postgresql_role" "login" {
  for_each = local.logins

  name             = each.key
  login            = true
  password         = var.passwords[each.key]
  connection_limit = each.value.connection_limit
  superuser        = false
  create_database  = false
  create_role      = false
  inherit          = true
  replication      = false
  # Statement timeout for people; the host sets its own per command.
  statement_timeout = each.key == "pool_readonly" ? 60000 : 0
}

resource "postgresql_grant" "database_connect" {
  for_each = local.logins

  database    = var.database
  role        = postgresql_role.login[each.key].name
  object_type = "database"
  privileges  = each.key == "pool_migrator" ? ["CONNECT", "CREATE", "TEMPORARY"] : ["CONNECT"]
}

resource "postgresql_schema" "module" {
  for_each = var.schemas

  name     = each.key
  database = var.database
  owner    = postgresql_role.login["pool_migrator"].name
}

resource "postgresql_grant" "schema_usage" {
  for_each = local.schema_grants

  database    = var.database
  schema      = postgresql_schema.module[each.value.schema].name
  role        = postgresql_role.login[each.value.role].name
  object_type = "schema"
  privileges  = ["USAGE"]
}

resource "postgresql_grant" "objects" {
  for_each = local.object_grants

  database    = var.database
  schema      = postgresql_schema.module[each.value.schema].name
  role        = postgresql_role.login[each.value.role].name
  object_type = each.value.object_type
  privileges  = each.value.privileges
}

# Objects the migrator creates later get the same grants.
resource "postgresql_default_privileges" "objects" {
  for_each = local.object_grants

  database    = var.database
  schema      = postgresql_schema.module[each.value.schema].name
  owner       = postgresql_role.login["pool_migrator"].name
  role        = postgresql_role.login[each.value.role].name
  object_type = each.value.object_type
  privileges  = each.value.privileges
}

# Nobody but the migrator creates objects in public.
resource "postgresql_grant" "public_schema_revoke" {
  database    = var.database
  schema      = "public"
  role        = "public"
  object_type = "schema"
  privileges  = []
}

output "roles" {
  description = "Login role names."
  value       = { for name, role in postgresql_role.login : name => role.name }
}
