#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on a loopback port.
# Usage: scripts/with_postgres.sh COMMAND [ARGS...]
# Exports HEALTHASSETS_DATABASE_URL for the command; the cluster is removed afterwards.
set -euo pipefail
bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
[ -x "$bindir/initdb" ] || bindir=$(dirname "$(command -v initdb)")
tmp=$(mktemp -d /tmp/healthassets-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: use the postgres system user (created by the Debian package).
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$tmp"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres healthassets
export HEALTHASSETS_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/healthassets"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
