#!/usr/bin/env bash
# Compare truce's conflict index with PostgreSQL/PostGIS and with a
# single R-tree on the same load in one run. The Go program starts its
# own throwaway PostgreSQL (internal/pgtest: a temporary directory, a
# loopback port, no system service) and removes it at the end; this
# script only makes sure PostgreSQL 15 and PostGIS are installed.
# Arguments go to the program, e.g.
#   conflict/postgis/bench.sh -volumes 1000000 -checks 2000 -json /tmp/peers.json
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/deps.d/postgres.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(uptime | sed 's/.*load average: //')"
go run ./conflict/postgis "$@"
