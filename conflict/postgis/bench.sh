#!/usr/bin/env bash
# Compare truce's conflict index with PostgreSQL/PostGIS on the same load
# in one run: starts a throwaway PostgreSQL 15 with PostGIS in a temporary
# directory on a free loopback port (no system service), runs
# `go run ./conflict/postgis`, prints the comparison and removes
# everything. Arguments are passed to the Go program, e.g.
#   conflict/postgis/bench.sh -volumes 1000000 -checks 1000
set -euo pipefail
cd "$(dirname "$0")/../.."

PGBIN=/usr/lib/postgresql/15/bin
if [ ! -f /usr/share/postgresql/15/extension/postgis.control ] || [ ! -x "$PGBIN/initdb" ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y postgresql-15-postgis-3
	else
		sudo apt-get install -y postgresql-15-postgis-3
	fi
fi

dir=$(mktemp -d /tmp/truce-postgis.XXXXXX)
# PostgreSQL refuses to run as root: run it as the postgres user when root.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
cleanup() {
	as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
	"-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB" \
	start >/dev/null

echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
go run ./conflict/postgis -dsn "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable" "$@"
