#!/usr/bin/env bash
# A private PostgreSQL server for the e2e tests that keep Pulumi state in PostgreSQL (Pulumi's DIY
# backend `postgres://…`, https://www.pulumi.com/docs/iac/concepts/state-and-backends/), as a team
# keeps it remotely instead of in `file://`.
#
#   scripts/ensure-postgres.sh start   installs Debian's `postgresql` when no server binaries are
#                                      found (apt-get, as root; no default cluster is created),
#                                      creates a cluster in a new directory under $TMPDIR (/tmp as
#                                      root) and starts it on 127.0.0.1 on a free port (password
#                                      auth on TCP, no SSL; fsync off: test data). Prints, one per line:
#                                        PG_URL=postgres://pulumi@127.0.0.1:<port>/pulumi?sslmode=disable
#                                        PG_PASSWORD=<random password of user pulumi>
#                                        PG_DIR=<the cluster's directory>
#   scripts/ensure-postgres.sh stop <PG_DIR>   stops that server and deletes its directory.
#
# The URL carries no password: give it as PGPASSWORD (or a PGPASSFILE), which Pulumi's backend
# (lib/pq) honours, so that it never shows in Pulumi's "Logged in to …" line.
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root). Progress on stderr.
set -euo pipefail
log() { printf '[ensure-postgres] %s\n' "$*" >&2; }

# The directory of initdb/pg_ctl/postgres: PATH first, then Debian's /usr/lib/postgresql/<version>/bin.
find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

install_server() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "no PostgreSQL server found (initdb, pg_ctl); install Debian's 'postgresql' package (or put its bin directory on PATH)"
    exit 1
  fi
  log "installing Debian's postgresql (apt-get)"
  # Only the binaries: no default cluster listening on 5432.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf ||
    echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >&2
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

start() {
  local bin dir pw port as=() owner
  bin=$(find_bin) || { install_server; bin=$(find_bin); }
  # As root the server runs as another user, who must reach the directory: /tmp, not a private $TMPDIR.
  local base=${TMPDIR:-/tmp}
  [ "$(id -u)" = 0 ] && base=/tmp
  dir=$(mktemp -d "$base/osv2-postgres-XXXXXX")
  chmod 755 "$dir"
  pw=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$pw" >"$dir/pwfile"
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    getent passwd "$owner" >/dev/null || owner=nobody
    chown "$owner" "$dir" "$dir/pwfile"
    as=(runuser -u "$owner" --)
  fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U pulumi --pwfile="$dir/pwfile" -A scram-sha-256 --auth-local=trust \
    -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2; then
      "${as[@]}" "$bin/psql" -h "$dir" -p "$port" -U pulumi -d postgres -qAt -c 'CREATE DATABASE pulumi' >&2
      log "$("$bin/postgres" --version) on 127.0.0.1:$port (cluster $dir)"
      printf 'PG_URL=postgres://pulumi@127.0.0.1:%s/pulumi?sslmode=disable\nPG_PASSWORD=%s\nPG_DIR=%s\n' "$port" "$pw" "$dir"
      return 0
    fi
    log "start on port $port failed (attempt $attempt); $(tail -n 3 "$dir/server.log" 2>/dev/null)"
  done
  exit 1
}

stop() {
  local dir=${1:?usage: ensure-postgres.sh stop <PG_DIR>} bin as=()
  [ -d "$dir/data" ] || { rm -rf "$dir"; return 0; }
  bin=$(find_bin)
  [ "$(id -u)" = 0 ] && as=(runuser -u "$(stat -c %U "$dir/data")" --)
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop <PG_DIR>" >&2; exit 2 ;;
esac
