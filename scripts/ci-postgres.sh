#!/usr/bin/env bash
# Starts (or reuses) a PostgreSQL cluster listening on 127.0.0.1 only and exports DATABASE_URL for the tests.
# Sourced by .ci/run; run it yourself before `npm test` to get the same database locally:
#   source scripts/ci-postgres.sh
# Needs Debian's `postgresql` package (apt-get install -y postgresql) and root (it switches to the postgres user).
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
version=$(basename "$(dirname "$pg_bin")")
port=${LINKSYNC_PG_PORT:-5432}
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main --port "$port" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
# Loopback only. Written as a conf.d file, not with `pg_conftool set`: pg_conftool writes 127.0.0.1 unquoted, which
# postgresql.conf rejects as a syntax error (the server then refuses to start). An earlier run's broken line is removed.
pg_conftool "$version" main remove listen_addresses >/dev/null 2>&1 || true
conf_d="/etc/postgresql/$version/main/conf.d"
mkdir -p "$conf_d"
printf "listen_addresses = '127.0.0.1'\n" >"$conf_d/linksync-ci.conf"
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  if ! pg_ctlcluster "$version" main start; then
    echo "PostgreSQL $version would not start; the end of its log:" >&2
    tail -n 20 "/var/log/postgresql/postgresql-$version-main.log" >&2 || true
    exit 1
  fi
fi
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'linksync') THEN
    CREATE ROLE linksync LOGIN PASSWORD 'linksync-ci' CREATEDB;
  ELSE
    ALTER ROLE linksync PASSWORD 'linksync-ci';
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -tAq -p $port -c \"SELECT 1 FROM pg_database WHERE datname = 'linksync_test'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O linksync linksync_test"
fi
export DATABASE_URL="postgres://linksync:linksync-ci@127.0.0.1:${port}/linksync_test"
echo "PostgreSQL $version on 127.0.0.1:$port; DATABASE_URL exported (password not shown)."
