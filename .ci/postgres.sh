#!/usr/bin/env bash
# Installs (Debian's package) and starts PostgreSQL on loopback for the server-backed tests, then prints the
# admin URL the tests use to create a throw-away database per test container. Needs root; CI runs as root.
set -euo pipefail
exec 3>&1 1>&2  # everything this script runs talks on stderr; stdout carries only the URL
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'coach_test'\" | grep -q 1 || \
  psql -q -c \"CREATE ROLE coach_test LOGIN CREATEDB PASSWORD 'coach_test'\"" >/dev/null
echo "postgresql://coach_test:coach_test@127.0.0.1:5432/postgres" >&3
