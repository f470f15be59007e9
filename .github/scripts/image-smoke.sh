#!/usr/bin/env bash
# CI: start the built image as production would (configuration from the environment, a real
# PostgreSQL, `migrate` first) and prove it serves /health/live, answers an 0800 echo on the link,
# passes its own HEALTHCHECK and stops gracefully on SIGTERM within the drain time.
# Usage: image-smoke.sh <image tag>
set -euo pipefail
cd "$(dirname "$0")/../.."
image="${1:?image tag}"
network="pool-smoke-$$"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
connection="Host=postgres;Port=5432;Database=pool;Username=postgres;Password=$password"
vault_key="$(head -c 32 /dev/urandom | base64)"
hash_key="$(head -c 32 /dev/urandom | base64)"

cleanup() {
  docker logs pool-smoke 2>&1 | tail -n 40 || true
  docker rm -f pool-smoke pool-smoke-db >/dev/null 2>&1 || true
  docker network rm "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker network create "$network" >/dev/null
docker run -d --name pool-smoke-db --network "$network" --network-alias postgres \
  -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=pool postgres:16-bookworm >/dev/null
for _ in $(seq 60); do
  docker exec pool-smoke-db pg_isready -U postgres -d pool >/dev/null 2>&1 && break
  sleep 1
done

docker run --rm --network "$network" -e ConnectionStrings__Pool="$connection" "$image" migrate

docker run -d --name pool-smoke --network "$network" -p 127.0.0.1:18080:8080 -p 127.0.0.1:18583:8583 \
  -e ConnectionStrings__Pool="$connection" \
  -e Cards__Vault__Keys__0__Id=smoke -e Cards__Vault__Keys__0__EncryptionKey="$vault_key" \
  -e Cards__Vault__Keys__0__HashKey="$hash_key" \
  --read-only --tmpfs /tmp "$image" >/dev/null

infra/container/smoke.sh http://127.0.0.1:18080 127.0.0.1 18583 120

for _ in $(seq 30); do
  status=$(docker inspect -f '{{.State.Health.Status}}' pool-smoke)
  [ "$status" = "healthy" ] && break
  sleep 2
done
echo "smoke: image HEALTHCHECK is ${status}"
[ "$status" = "healthy" ]

started=$SECONDS
docker stop --time 45 pool-smoke >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' pool-smoke)
echo "smoke: stopped in $((SECONDS - started))s with exit code $code"
[ "$code" = "0" ] || [ "$code" = "143" ]
