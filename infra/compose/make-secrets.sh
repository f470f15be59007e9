#!/usr/bin/env bash
# Makes the local stack's secrets (random, once) in infra/compose/secrets/, which git ignores.
# The admin key is printed once so you can call the API: curl -H "Authorization: Bearer <key>" ...
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
chmod 0700 "$dir"
make() {
  local name="$1" value="$2"
  [ -s "$dir/$name" ] && return 0
  (umask 077; printf '%s' "$value" >"$dir/$name")
}
password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
make postgres_password "$password"
make connection_string "Host=postgres;Port=5432;Database=pool;Username=pool_admin;Password=$(cat "$dir/postgres_password")"
make vault_encryption_key "$(head -c 32 /dev/urandom | base64)"
make vault_hash_key "$(head -c 32 /dev/urandom | base64)"
make admin_api_key "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
echo "secrets in $dir (admin key: $(cat "$dir/admin_api_key"))"
