#!/usr/bin/env bash
# Installs (Debian's package) and starts PostgreSQL on loopback for the server-backed tests, then prints the
# admin URL the tests use to create a throw-away database per test container. Needs root; CI runs as root.
set -euo pipefail
# stdout carries only the URL. Everything else talks on stderr, and the set-up runs with the URL's descriptor
# closed: the server it starts lives on after this script, and if it inherited that pipe, the caller's
# "$(bash .ci/postgres.sh)" would wait for it forever.
exec 3>&1 1>&2
setup() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null </dev/null
  fi
  local version cluster _
  read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
  pg_ctlcluster "$version" "$cluster" start </dev/null >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'coach_test'\" | grep -q 1 || \
    psql -q -c \"CREATE ROLE coach_test LOGIN CREATEDB PASSWORD 'coach_test'\"" >/dev/null
}
setup 3>&-
echo "postgresql://coach_test:coach_test@127.0.0.1:5432/postgres" >&3
